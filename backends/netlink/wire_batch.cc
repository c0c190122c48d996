// SPDX-License-Identifier: GPL-2.0-or-later
#include "backends/netlink/wire_batch.h"

#include <libmnl/libmnl.h>
#include <libnftnl/common.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>

#include <algorithm>
#include <cstdio>
#include <initializer_list>
#include <stdexcept>
#include <variant>

#include "backends/netlink/encode_objects.h"
#include "backends/netlink/nft_msg.h"

namespace nftx::netlink {
namespace {

// Room for one message: libnftnl cuts element lists when their nest would pass 64 KiB (the
// netlink attribute length limit), after writing the element that overflowed.
constexpr size_t kMessageRoom = 1 << 18;

uint16_t family_of(const ir::Message& m) {
  if (const auto* t = std::get_if<ir::Table>(&m.object); t && t->all_families) return 0;
  return std::visit([](const auto& o) { return static_cast<uint16_t>(o.family); }, m.object);
}

bool is_delete(ir::Verb verb) { return verb == ir::Verb::Delete || verb == ir::Verb::Destroy; }

// CREATE for add, CREATE|EXCL for create: what nft 1.0.6 sends for chains, sets, elements,
// flowtables and objects (tables get no CREATE, see message_flags).
uint16_t create_flags(ir::Verb verb) {
  if (verb == ir::Verb::Create) return NLM_F_CREATE | NLM_F_EXCL;
  return NLM_F_CREATE;
}

struct TypeOf {
  ir::Verb verb;
  uint16_t operator()(const ir::Table& t) const {
    if (verb == ir::Verb::Flush) return t.name.empty() ? NFT_MSG_DELTABLE : NFT_MSG_DELRULE;
    if (verb == ir::Verb::Destroy) return kNftMsgDestroyTable;
    return is_delete(verb) ? NFT_MSG_DELTABLE : NFT_MSG_NEWTABLE;
  }
  uint16_t operator()(const ir::Chain&) const {
    if (verb == ir::Verb::Flush) return NFT_MSG_DELRULE;
    if (verb == ir::Verb::Destroy) return kNftMsgDestroyChain;
    return is_delete(verb) ? NFT_MSG_DELCHAIN : NFT_MSG_NEWCHAIN;
  }
  uint16_t operator()(const ir::Rule&) const {
    if (verb == ir::Verb::Destroy) return kNftMsgDestroyRule;
    return is_delete(verb) ? NFT_MSG_DELRULE : NFT_MSG_NEWRULE;
  }
  uint16_t operator()(const ir::Set&) const {
    if (verb == ir::Verb::Flush) return NFT_MSG_DELSETELEM;
    if (verb == ir::Verb::Destroy) return kNftMsgDestroySet;
    return is_delete(verb) ? NFT_MSG_DELSET : NFT_MSG_NEWSET;
  }
  uint16_t operator()(const ir::SetElems&) const {
    if (verb == ir::Verb::Destroy) return kNftMsgDestroySetElem;
    return is_delete(verb) || verb == ir::Verb::Flush ? NFT_MSG_DELSETELEM : NFT_MSG_NEWSETELEM;
  }
  uint16_t operator()(const ir::Flowtable&) const {
    if (verb == ir::Verb::Destroy) return kNftMsgDestroyFlowtable;
    return is_delete(verb) ? NFT_MSG_DELFLOWTABLE : NFT_MSG_NEWFLOWTABLE;
  }
  uint16_t operator()(const ir::Object&) const {
    if (verb == ir::Verb::Destroy) return kNftMsgDestroyObj;
    return is_delete(verb) ? NFT_MSG_DELOBJ : NFT_MSG_NEWOBJ;
  }
};

struct FlagsOf {
  ir::Verb verb;
  uint16_t operator()(const ir::Table&) const {
    return verb == ir::Verb::Create ? NLM_F_EXCL : 0;
  }
  uint16_t operator()(const ir::Rule&) const {
    switch (verb) {
      case ir::Verb::Add: return NLM_F_CREATE | NLM_F_APPEND;
      case ir::Verb::Create: return NLM_F_CREATE | NLM_F_APPEND | NLM_F_EXCL;
      case ir::Verb::Insert: return NLM_F_CREATE;
      case ir::Verb::Replace: return NLM_F_REPLACE;
      case ir::Verb::Delete:
      case ir::Verb::Destroy:
      case ir::Verb::Flush:
      case ir::Verb::Rename:
        return 0;
    }
    return 0;
  }
  template <typename T>
  uint16_t operator()(const T&) const {
    switch (verb) {
      case ir::Verb::Add:
      case ir::Verb::Create:
      case ir::Verb::Insert:
      case ir::Verb::Replace:
        return create_flags(verb);
      case ir::Verb::Delete:
      case ir::Verb::Destroy:
      case ir::Verb::Flush:
      case ir::Verb::Rename:
        return 0;
    }
    return 0;
  }
};

// Builds each message in a scratch buffer, then appends it to the batch (nlmsg lengths are
// aligned, so consecutive messages stay aligned).
class Writer {
 public:
  explicit Writer(WireBatch& out) : out_(out), scratch_(kMessageRoom) {}

  nlmsghdr* begin(uint16_t type, uint16_t family, uint16_t flags, uint32_t seq) {
    return nftnl_nlmsg_build_hdr(scratch(), type, family, flags, seq);
  }
  nlmsghdr* current() { return reinterpret_cast<nlmsghdr*>(scratch_.data()); }

  WireMessage& finish(uint32_t seq, std::optional<size_t> ir_index, Span span) {
    const uint32_t len = current()->nlmsg_len;
    if (len > scratch_.size()) throw std::length_error("netlink message overflowed its buffer");
    const size_t offset = out_.bytes.size();
    out_.bytes.insert(out_.bytes.end(), scratch_.begin(), scratch_.begin() + len);
    out_.messages.push_back(WireMessage{seq, offset, len, ir_index, span, {}});
    // libmnl 1.0.4 does not clear attribute padding: keep the scratch buffer zeroed, as
    // nft's fresh batch pages are, so that padding bytes are zero too.
    std::fill(scratch_.begin(), scratch_.begin() + len, uint8_t{0});
    return out_.messages.back();
  }
  // libnftnl writes the element that overflows a chunk past nlmsg_len, then drops it.
  void clear_scratch() { std::fill(scratch_.begin(), scratch_.end(), uint8_t{0}); }

  void batch_marker(bool begin_marker, uint32_t seq) {
    if (begin_marker) {
      nftnl_batch_begin(scratch(), seq);
    } else {
      nftnl_batch_end(scratch(), seq);
    }
    finish(seq, std::nullopt, Span{});
  }

 private:
  char* scratch() { return reinterpret_cast<char*>(scratch_.data()); }

  WireBatch& out_;
  std::vector<uint8_t> scratch_;
};

// The byte ranges of the nested NFTA_LIST_ELEM items inside the top-level attribute
// `list_type` of a built message, in order.
std::vector<std::pair<uint32_t, uint32_t>> list_items(const nlmsghdr* nlh, uint16_t list_type) {
  std::vector<std::pair<uint32_t, uint32_t>> ranges;
  const auto* base = reinterpret_cast<const uint8_t*>(nlh);
  // Walk by hand: libmnl's iteration macros cast away const.
  const auto* p = static_cast<const uint8_t*>(mnl_nlmsg_get_payload_offset(nlh, sizeof(nfgenmsg)));
  const uint8_t* end = base + nlh->nlmsg_len;
  while (p + sizeof(nlattr) <= end) {
    const auto* attr = reinterpret_cast<const nlattr*>(p);
    if (attr->nla_len < sizeof(nlattr) || p + attr->nla_len > end) break;
    if (mnl_attr_get_type(attr) == list_type) {
      const uint8_t* q = p + MNL_ATTR_HDRLEN;
      const uint8_t* nest_end = p + attr->nla_len;
      while (q + sizeof(nlattr) <= nest_end) {
        const auto* item = reinterpret_cast<const nlattr*>(q);
        if (item->nla_len < sizeof(nlattr) || q + item->nla_len > nest_end) break;
        const auto at = static_cast<uint32_t>(q - base);
        ranges.emplace_back(at, at + item->nla_len);
        q += MNL_ALIGN(item->nla_len);
      }
    }
    p += MNL_ALIGN(attr->nla_len);
  }
  return ranges;
}

// nft 1.0.6 puts some attributes into the message itself (to record their offsets for error
// reports) before or after libnftnl's payload, so its attribute order differs from libnftnl's
// for chains, rules and element lists. Moves the top-level attributes of the message being
// built so that the listed types come first, in that order, and `last` ones at the end; the
// others keep their relative order in between. Attribute bytes are unchanged.
void reorder_attrs(nlmsghdr* nlh, std::initializer_list<uint16_t> first,
                   std::initializer_list<uint16_t> last) {
  auto* payload = static_cast<uint8_t*>(mnl_nlmsg_get_payload_offset(nlh, sizeof(nfgenmsg)));
  uint8_t* end = reinterpret_cast<uint8_t*>(nlh) + nlh->nlmsg_len;
  struct Attr { uint16_t type; const uint8_t* p; size_t len; };
  std::vector<Attr> attrs;
  for (uint8_t* p = payload; p + sizeof(nlattr) <= end;) {
    const auto* attr = reinterpret_cast<const nlattr*>(p);
    if (attr->nla_len < sizeof(nlattr) || p + attr->nla_len > end) return;  // leave it alone
    const size_t len = MNL_ALIGN(attr->nla_len);
    attrs.push_back(Attr{static_cast<uint16_t>(attr->nla_type & NLA_TYPE_MASK), p, len});
    p += len;
  }
  auto rank = [&](uint16_t type) {
    size_t i = 0;
    for (uint16_t t : first) {
      if (t == type) return i;
      ++i;
    }
    i = 1000;
    for (uint16_t t : last) {
      if (t == type) return i;
      ++i;
    }
    return size_t{500};
  };
  std::stable_sort(attrs.begin(), attrs.end(),
                   [&](const Attr& a, const Attr& b) { return rank(a.type) < rank(b.type); });
  std::vector<uint8_t> copy;
  copy.reserve(static_cast<size_t>(end - payload));
  for (const Attr& a : attrs) copy.insert(copy.end(), a.p, a.p + a.len);
  std::copy(copy.begin(), copy.end(), payload);
}

class Builder {
 public:
  Builder(WireBatch& out, const WireOptions& options) : w_(out), options_(options) {}

  void message(const ir::Message& m, size_t index, uint32_t seq) {
    const uint16_t type = message_type(m);
    uint16_t flags = message_flags(m);
    if (options_.echo) flags |= NLM_F_ECHO;
    std::visit([&](const auto& o) { build(m, o, type, flags, index, seq); }, m.object);
  }

 private:
  void build(const ir::Message& m, const ir::Table& t, uint16_t type, uint16_t flags,
             size_t index, uint32_t seq) {
    nlmsghdr* nlh = w_.begin(type, family_of(m), flags, seq);
    if (type == NFT_MSG_DELRULE) {  // flush table
      nftnl_rule_nlmsg_build_payload(nlh, encode_flush_rules(t.family, t.name, std::nullopt).get());
    } else if (!t.name.empty() || t.handle) {  // flush ruleset: no attributes at all
      nftnl_table_nlmsg_build_payload(nlh, encode_table(t, m.verb).get());
    }
    w_.finish(seq, index, m.span);
  }

  void build(const ir::Message& m, const ir::Chain& c, uint16_t type, uint16_t flags,
             size_t index, uint32_t seq) {
    nlmsghdr* nlh = w_.begin(type, family_of(m), flags, seq);
    if (type == NFT_MSG_DELRULE) {  // flush chain
      nftnl_rule_nlmsg_build_payload(nlh, encode_flush_rules(c.family, c.table, c.name).get());
    } else {
      nftnl_chain_nlmsg_build_payload(nlh, encode_chain(c, m.verb).get());
      reorder_attrs(nlh, {NFTA_CHAIN_TABLE, NFTA_CHAIN_NAME, NFTA_CHAIN_HANDLE, NFTA_CHAIN_TYPE,
                          NFTA_CHAIN_POLICY, NFTA_CHAIN_HOOK},
                    {NFTA_CHAIN_USERDATA});
    }
    w_.finish(seq, index, m.span);
  }

  void build(const ir::Message& m, const ir::Rule& r, uint16_t type, uint16_t flags,
             size_t index, uint32_t seq) {
    nlmsghdr* nlh = w_.begin(type, family_of(m), flags, seq);
    nftnl_rule_nlmsg_build_payload(nlh, encode_rule(r, m.verb).get());
    reorder_attrs(nlh, {NFTA_RULE_TABLE, NFTA_RULE_CHAIN, NFTA_RULE_HANDLE},
                  {NFTA_RULE_EXPRESSIONS, NFTA_RULE_POSITION, NFTA_RULE_USERDATA});
    const auto ranges = list_items(nlh, NFTA_RULE_EXPRESSIONS);
    WireMessage& wm = w_.finish(seq, index, r.span.valid() ? r.span : m.span);
    for (size_t i = 0; i < ranges.size() && i < r.exprs.size(); ++i) {
      wm.items.push_back(WireItem{ranges[i].first, ranges[i].second, r.exprs[i].span, i});
    }
  }

  void build(const ir::Message& m, const ir::Set& s, uint16_t type, uint16_t flags,
             size_t index, uint32_t seq) {
    nlmsghdr* nlh = w_.begin(type, family_of(m), flags, seq);
    nftnl_set_nlmsg_build_payload(nlh, encode_set(s, m.verb).get());
    w_.finish(seq, index, s.span.valid() ? s.span : m.span);
  }

  // Elements go out in as many messages as libnftnl's iterator needs (each at most BUFSIZ),
  // all with the same sequence number, as nft does; `flush set` is one message without any.
  void build(const ir::Message& m, const ir::SetElems& e, uint16_t type, uint16_t flags,
             size_t index, uint32_t seq) {
    SetPtr set = encode_set_elems(e, m.verb);
    if (e.elements.empty()) {
      nlmsghdr* nlh = w_.begin(type, family_of(m), flags, seq);
      nftnl_set_elems_nlmsg_build_payload(nlh, set.get());
      reorder_attrs(nlh, {NFTA_SET_ELEM_LIST_TABLE, NFTA_SET_ELEM_LIST_SET,
                          NFTA_SET_ELEM_LIST_SET_ID},
                    {NFTA_SET_ELEM_LIST_ELEMENTS});
      w_.finish(seq, index, m.span);
      return;
    }
    nftnl_set_elems_iter* iter = nftnl_set_elems_iter_create(set.get());
    if (!iter) throw std::bad_alloc();
    size_t elem = 0;
    while (nftnl_set_elems_iter_cur(iter)) {
      nlmsghdr* nlh = w_.begin(type, family_of(m), flags, seq);
      const int more = nftnl_set_elems_nlmsg_build_payload_iter(nlh, iter);
      reorder_attrs(nlh, {NFTA_SET_ELEM_LIST_TABLE, NFTA_SET_ELEM_LIST_SET,
                          NFTA_SET_ELEM_LIST_SET_ID},
                    {NFTA_SET_ELEM_LIST_ELEMENTS});
      const auto items = list_items(w_.current(), NFTA_SET_ELEM_LIST_ELEMENTS);
      WireMessage& wm = w_.finish(seq, index, e.span.valid() ? e.span : m.span);
      if (more > 0) w_.clear_scratch();
      for (const auto& [b, end] : items) {
        const Span at = elem < e.elements.size() ? e.elements[elem].span : Span{};
        wm.items.push_back(WireItem{b, end, at.valid() ? at : wm.span, elem});
        ++elem;
      }
      if (more <= 0) break;
    }
    nftnl_set_elems_iter_destroy(iter);
  }

  void build(const ir::Message& m, const ir::Flowtable& f, uint16_t type, uint16_t flags,
             size_t index, uint32_t seq) {
    nlmsghdr* nlh = w_.begin(type, family_of(m), flags, seq);
    nftnl_flowtable_nlmsg_build_payload(nlh, encode_flowtable(f, m.verb).get());
    w_.finish(seq, index, f.span.valid() ? f.span : m.span);
  }

  void build(const ir::Message& m, const ir::Object& o, uint16_t type, uint16_t flags,
             size_t index, uint32_t seq) {
    nlmsghdr* nlh = w_.begin(type, family_of(m), flags, seq);
    nftnl_obj_nlmsg_build_payload(nlh, encode_object(o, m.verb).get());
    w_.finish(seq, index, o.span.valid() ? o.span : m.span);
  }

  Writer w_;
  const WireOptions& options_;
};

}  // namespace

uint16_t message_type(const ir::Message& message) {
  return std::visit(TypeOf{message.verb}, message.object);
}

uint16_t message_flags(const ir::Message& message) {
  return std::visit(FlagsOf{message.verb}, message.object);
}

const WireMessage* WireBatch::find(uint32_t seq, std::optional<uint32_t> offset) const {
  const WireMessage* first = nullptr;
  for (const WireMessage& m : messages) {
    if (m.seq != seq) continue;
    if (!first) first = &m;
    if (offset && *offset > 0 && *offset < m.length) {
      // Offsets are relative to the message the kernel complained about; element chunks
      // share a sequence number, so the first chunk whose items hold the offset wins.
      for (const WireItem& item : m.items) {
        if (*offset >= item.begin && *offset < item.end) return &m;
      }
    }
  }
  return first;
}

WireBatch build_wire_batch(const ir::Batch& batch, const WireOptions& options) {
  WireBatch out;
  Writer marker(out);
  uint32_t seq = options.first_seq;
  marker.batch_marker(true, seq++);
  Builder builder(out, options);
  for (size_t i = 0; i < batch.messages.size(); ++i) builder.message(batch.messages[i], i, seq++);
  if (!options.check) marker.batch_marker(false, seq);
  return out;
}

}  // namespace nftx::netlink
