// SPDX-License-Identifier: GPL-2.0-or-later
// Named stateful objects: counters, quotas and limits declared in a table or with
// `add counter|quota|limit`.
#include <linux/netfilter/nf_tables.h>

#include "compiler/proto/value.h"
#include "compiler/sema/ruleset_checker.h"

namespace nftx::sema {
namespace {

uint64_t num(const std::string& w) {
  auto be = parse_number(w);
  return be ? to_u64(*be) : 0;
}

// `rate [over] 400/minute [burst 5 packets]` or `rate [over] 1024 bytes/second [burst 512 bytes]`
// (the words as the parser kept them: "400" "/" "minute", "bytes/second" or "bytes" "/" ...).
std::optional<ir::Limit> limit_words(std::vector<std::string> w) {
  size_t i = 0;
  if (i >= w.size() || w[i] != "rate") return std::nullopt;
  ++i;
  ir::Limit l{0, 0, 0, NFT_LIMIT_PKTS, 0};
  if (i < w.size() && (w[i] == "over" || w[i] == "until")) {
    if (w[i] == "over") l.flags = NFT_LIMIT_F_INV;
    ++i;
  }
  if (i >= w.size()) return std::nullopt;
  const uint64_t rate = num(w[i++]);
  std::string unit, per;
  if (i < w.size() && w[i] == "/") {
    if (i + 1 >= w.size()) return std::nullopt;
    per = w[i + 1];
    i += 2;
  } else if (i < w.size()) {
    std::string u = w[i++];
    if (i + 1 < w.size() && w[i] == "/") {
      u += "/" + w[i + 1];
      i += 2;
    }
    auto slash = u.find('/');
    if (slash == std::string::npos) return std::nullopt;
    unit = u.substr(0, slash);
    per = u.substr(slash + 1);
  }
  auto secs = proto::time_unit_seconds(per);
  if (!secs) return std::nullopt;
  uint64_t mult = 1;
  if (!unit.empty()) {
    auto b = proto::data_unit_bytes(unit);
    if (!b) return std::nullopt;
    mult = *b;
    l.type = NFT_LIMIT_PKT_BYTES;
  }
  l.rate = rate * mult;
  l.unit = *secs;
  l.burst = l.type == NFT_LIMIT_PKTS ? 5 : 0;
  if (i < w.size() && w[i] == "burst" && i + 1 < w.size()) {
    uint64_t b = num(w[i + 1]);
    if (l.type == NFT_LIMIT_PKT_BYTES && i + 2 < w.size()) {
      b *= proto::data_unit_bytes(w[i + 2]).value_or(1);
    }
    l.burst = static_cast<uint32_t>(b);
  }
  return l;
}

}  // namespace

void RulesetChecker::obj_decl(ir::Verb verb, TableInfo& table, const ast::ObjDecl& o) {
  ir::Object out;
  out.family = table.family;
  out.table = table.name;
  out.name = o.name.text;
  out.comment = o.comment;
  out.span = o.span;
  std::vector<std::string> words;
  for (const auto& s : o.body) {
    if (const auto* g = std::get_if<ast::Generic>(&s.node)) {
      words.insert(words.end(), g->words.begin(), g->words.end());
    }
  }
  if (o.kind == "counter") {
    out.type = NFT_OBJECT_COUNTER;
    ir::Counter c;
    for (size_t i = 0; i + 1 < words.size(); i += 2) {
      if (words[i] == "packets") c.packets = num(words[i + 1]);
      else if (words[i] == "bytes") c.bytes = num(words[i + 1]);
      else {
        ctx_.diags.error(o.span, "counter", "unknown counter attribute '" + words[i] + "'");
        return;
      }
    }
    out.body.push_back({c, o.span});
  } else if (o.kind == "quota") {
    out.type = NFT_OBJECT_QUOTA;
    ir::Quota q{0, 0, 0};
    size_t i = 0;
    if (i < words.size() && (words[i] == "over" || words[i] == "until")) {
      if (words[i] == "over") q.flags = NFT_QUOTA_F_INV;
      ++i;
    }
    auto unit = [](const std::string& u) -> uint64_t {
      return u == "kbytes" ? 1024 : u == "mbytes" ? 1024 * 1024 : u == "gbytes" ? 1ull << 30 : 1;
    };
    if (i + 1 < words.size()) q.bytes = num(words[i]) * unit(words[i + 1]);
    if (i + 4 < words.size() && words[i + 2] == "used") {
      q.consumed = num(words[i + 3]) * unit(words[i + 4]);
    }
    out.body.push_back({q, o.span});
  } else if (o.kind == "limit") {
    out.type = NFT_OBJECT_LIMIT;
    auto l = limit_words(words);
    if (!l) {
      ctx_.diags.error(o.span, "limit", "Wrong limit format: expected `rate [over] N/PERIOD "
                                        "[burst N packets]` or `rate [over] N BYTES/PERIOD`");
      return;
    }
    out.body.push_back({*l, o.span});
  } else {
    ctx_.diags.error(o.span, "unsupported", o.kind + " objects are not supported yet");
    return;
  }
  table.objects[o.name.text] = out.type;
  push(verb, out, o.span);
}

}  // namespace nftx::sema
