// SPDX-License-Identifier: GPL-2.0-or-later
#include "backends/netlink/echo/echo_text.h"

#include <libmnl/libmnl.h>
#include <libnftnl/chain.h>
#include <libnftnl/flowtable.h>
#include <libnftnl/object.h>
#include <libnftnl/rule.h>
#include <libnftnl/set.h>
#include <libnftnl/table.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>

#include <arpa/inet.h>

#include <memory>
#include <optional>

#include "backends/netlink/decode/decode_objects.h"
#include "backends/netlink/nftnl_ptr.h"
#include "compiler/raise/object_print.h"
#include "compiler/raise/ruleset.h"
#include "compiler/raise/value_print.h"

namespace nftx::netlink {
namespace {

using raise::PrintCtx;

std::string trim(const std::string& s) {
  const size_t b = s.find_first_not_of("\t ");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of("\t ") + 1 - b);
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// A listing block ("\tchain c { # handle 3\n\t\ttype ...;\n\t}\n") as nft's one-line echo form:
// "c { # handle 3 type ...; }" ( `sep` ends each body line, nft uses "; " for sets).
std::string one_line(const std::string& block, const std::string& keyword, const char* sep,
                     bool trailing_space) {
  std::vector<std::string> lines = lines_of(block);
  if (lines.empty()) return "";
  std::string head = trim(lines.front());  // "chain c {" or "chain c { # handle 3"
  head = head.substr(keyword.size() + 1);  // "c {..."
  std::string name = head.substr(0, head.find(" {"));
  std::string handle;
  const size_t h = head.find("# handle");
  if (h != std::string::npos) handle = head.substr(h);
  std::vector<std::string> body;
  for (size_t i = 1; i < lines.size(); ++i) {
    std::string l = trim(lines[i]);
    if (l.empty() || l == "}") continue;
    if (sep[0] == ';' && l.back() != ';') l += ";";
    body.push_back(l);
  }
  std::string out = name;
  if (!body.empty()) {
    out += " { ";
    if (!handle.empty() && keyword != "chain") out += handle + " ";
    for (const std::string& b : body) out += b + " ";
    out += "}";
    if (trailing_space) out += " ";
  }
  if (!handle.empty() && (keyword == "chain" || body.empty())) out += " " + handle;
  return out;
}

// The items of "elements = { a, b : c, ... }" at the top level of the braces.
std::vector<std::string> element_items(const std::string& set_block) {
  const size_t at = set_block.find("elements = {");
  if (at == std::string::npos) return {};
  std::vector<std::string> items;
  std::string cur;
  int depth = 0;
  for (size_t i = at + 12; i < set_block.size(); ++i) {
    const char c = set_block[i];
    if (c == '{') ++depth;
    if (c == '}') {
      if (depth == 0) break;
      --depth;
    }
    if (c == ',' && depth == 0) {
      items.push_back(trim(cur));
      cur.clear();
      continue;
    }
    cur += (c == '\n' || c == '\t') ? ' ' : c;
  }
  if (!trim(cur).empty()) items.push_back(trim(cur));
  return items;
}

std::string family_table(ir::Family f, const std::string& table) {
  return raise::family_name(f) + " " + table;
}

std::string handle_suffix(bool handles, uint64_t handle) {
  return handles ? " # handle " + std::to_string(handle) : "";
}

}  // namespace

std::string echo_text(const std::vector<std::vector<uint8_t>>& notifications,
                      const ir::Batch& batch, bool handles) {
  raise::RulesetState state = raise::build_state(batch);
  // nft 1.0.6 prints no "# new generation" line for a batch that flushes the ruleset.
  bool flushes_ruleset = false;
  for (const ir::Message& m : batch.messages) {
    const auto* t = std::get_if<ir::Table>(&m.object);
    if (m.verb == ir::Verb::Flush && t != nullptr && t->name.empty()) flushes_ruleset = true;
  }
  PrintCtx ctx;
  ctx.handles = handles;
  std::string out;
  std::optional<ir::SetElems> pending;  // a run of element notifications of one set
  auto flush_elements = [&]() {
    if (!pending) return;
    const ir::SetElems elems = std::move(*pending);
    pending.reset();
    raise::TableState* t = state.find_table(elems.family, elems.table);
    const raise::SetState* known = t != nullptr ? t->find_set(elems.set) : nullptr;
    if (known == nullptr || known->anonymous()) return;
    raise::SetState one = *known;
    PrintCtx plain = ctx;
    plain.handles = false;
    auto print = [&](std::vector<ir::SetElem> group) {
      one.elements = std::move(group);
      for (const std::string& item : element_items(raise::print_set(one, plain))) {
        out += "add element " + family_table(elems.family, elems.table) + " " + elems.set +
               " { " + item + " }\n";
      }
    };
    if ((known->decl.flags & raise::kSetInterval) != 0) {
      print(elems.elements);  // start and end elements pair up (printed in key order)
    } else {
      for (const ir::SetElem& e : elems.elements) print({e});  // in the kernel's order
    }
  };
  for (const std::vector<uint8_t>& bytes : notifications) {
    const auto* nlh = reinterpret_cast<const nlmsghdr*>(bytes.data());
    if (NFNL_SUBSYS_ID(nlh->nlmsg_type) != NFNL_SUBSYS_NFTABLES) continue;
    const uint16_t type = NFNL_MSG_TYPE(nlh->nlmsg_type);
    if (type != NFT_MSG_NEWSETELEM) flush_elements();
    switch (type) {
      case NFT_MSG_NEWTABLE: {
        TablePtr t(nftnl_table_alloc());
        if (nftnl_table_nlmsg_parse(nlh, t.get()) < 0) break;
        const ir::Table d = decode::decode_table(t.get());
        out += "add table " + family_table(d.family, d.name) +
               handle_suffix(handles, nftnl_table_get_u64(t.get(), NFTNL_TABLE_HANDLE)) + "\n";
        break;
      }
      case NFT_MSG_NEWCHAIN: {
        ChainPtr c(nftnl_chain_alloc());
        if (nftnl_chain_nlmsg_parse(nlh, c.get()) < 0) break;
        raise::ChainState cs;
        cs.decl = decode::decode_chain(c.get());
        cs.handle = nftnl_chain_get_u64(c.get(), NFTNL_CHAIN_HANDLE);
        out += "add chain " + family_table(cs.decl.family, cs.decl.table) + " " +
               one_line(raise::print_chain_declaration(cs, ctx) + "\t}\n", "chain", ";", false) +
               "\n";
        break;
      }
      case NFT_MSG_NEWSET: {
        SetPtr s(nftnl_set_alloc());
        if (nftnl_set_nlmsg_parse(nlh, s.get()) < 0) break;
        raise::SetState ss;
        ss.decl = decode::decode_set(s.get());
        ss.handle = nftnl_set_get_u64(s.get(), NFTNL_SET_HANDLE);
        if (ss.anonymous()) break;  // nft does not echo anonymous sets
        const bool map = (ss.decl.flags & (raise::kSetMap | raise::kSetObject)) != 0;
        out += std::string("add ") + (map ? "map " : "set ") +
               family_table(ss.decl.family, ss.decl.table) + " " +
               one_line(raise::print_set(ss, ctx), map ? "map" : "set", ";", true) + "\n";
        break;
      }
      case NFT_MSG_NEWSETELEM: {
        // The kernel notifies each element (and each interval end) on its own; a run of them
        // for one set is printed together so that intervals pair up again.
        SetPtr set(nftnl_set_alloc());
        if (nftnl_set_elems_nlmsg_parse(nlh, set.get()) < 0) break;
        ir::SetElems elems = decode::decode_set_elems(set.get());
        if (pending && (pending->family != elems.family || pending->table != elems.table ||
                        pending->set != elems.set)) {
          flush_elements();
        }
        if (!pending) {
          pending = std::move(elems);
        } else {
          for (ir::SetElem& e : elems.elements) pending->elements.push_back(std::move(e));
        }
        continue;
      }
      case NFT_MSG_NEWRULE: {
        RulePtr r(nftnl_rule_alloc());
        if (nftnl_rule_nlmsg_parse(nlh, r.get()) < 0) break;
        raise::RuleState rs;
        rs.rule = decode::decode_rule(r.get());
        rs.handle = nftnl_rule_get_u64(r.get(), NFTNL_RULE_HANDLE);
        raise::TableState* t = state.find_table(rs.rule.family, rs.rule.table);
        if (t == nullptr) break;
        const bool append = (nlh->nlmsg_flags & NLM_F_APPEND) != 0;
        // The kernel names the rule before it (NFTA_RULE_POSITION); nft prints it.
        std::string position;
        if (nftnl_rule_is_set(r.get(), NFTNL_RULE_POSITION)) {
          position = "handle " + std::to_string(nftnl_rule_get_u64(r.get(), NFTNL_RULE_POSITION)) +
                     " ";
        }
        out += std::string(append ? "add rule " : "insert rule ") +
               family_table(rs.rule.family, rs.rule.table) + " " + rs.rule.chain + " " +
               position + raise::print_rule(*t, rs, ctx) + "\n";
        break;
      }
      case NFT_MSG_NEWOBJ: {
        ObjPtr o(nftnl_obj_alloc());
        if (nftnl_obj_nlmsg_parse(nlh, o.get()) < 0) break;
        raise::ObjectState os;
        os.decl = decode::decode_object(o.get());
        os.handle = nftnl_obj_get_u64(o.get(), NFTNL_OBJ_HANDLE);
        const std::string block = raise::print_object(os, ctx);
        const std::string keyword = trim(block).substr(0, trim(block).find(' '));
        out += "add " + keyword + " " + family_table(os.decl.family, os.decl.table) + " " +
               one_line(block, keyword, "", true) + "\n";
        break;
      }
      case NFT_MSG_NEWFLOWTABLE: {
        FlowtablePtr f(nftnl_flowtable_alloc());
        if (nftnl_flowtable_nlmsg_parse(nlh, f.get()) < 0) break;
        raise::FlowtableState fs;
        fs.decl = decode::decode_flowtable(f.get());
        fs.handle = nftnl_flowtable_get_u64(f.get(), NFTNL_FLOWTABLE_HANDLE);
        out += "add flowtable " + family_table(fs.decl.family, fs.decl.table) + " " +
               one_line(raise::print_flowtable(fs, ctx), "flowtable", ";", false) + "\n";
        break;
      }
      case NFT_MSG_NEWGEN: {
        if (flushes_ruleset) break;
        uint32_t gen = 0, pid = 0;
        std::string name;
        const auto* end = bytes.data() + nlh->nlmsg_len;
        for (const nlattr* attr = static_cast<const nlattr*>(
                 mnl_nlmsg_get_payload_offset(nlh, sizeof(nfgenmsg)));
             mnl_attr_ok(attr, static_cast<int>(end - reinterpret_cast<const uint8_t*>(attr)));
             attr = mnl_attr_next(attr)) {
          switch (mnl_attr_get_type(attr)) {
            case NFTA_GEN_ID: gen = ntohl(mnl_attr_get_u32(attr)); break;
            case NFTA_GEN_PROC_PID: pid = ntohl(mnl_attr_get_u32(attr)); break;
            case NFTA_GEN_PROC_NAME: name = mnl_attr_get_str(attr); break;
            default: break;
          }
        }
        out += "# new generation " + std::to_string(gen) + " by process " + std::to_string(pid) +
               " (" + name + ")\n";
        break;
      }
      default:
        break;
    }
  }
  flush_elements();
  return out;
}

}  // namespace nftx::netlink
