// SPDX-License-Identifier: GPL-2.0-or-later
#include "parser/keywords.h"

#include <algorithm>
#include <array>
#include <string_view>

namespace nftx::parser {
namespace {

using Kind = Parser::token_kind_type;
using T = Parser::token;

struct Keyword {
  std::string_view word;
  Kind token;
  LexScope opens;   // scope this keyword opens (statement keywords), None otherwise
  bool ends;        // starts a new statement: closes the open scope
};

constexpr LexScope kNone = LexScope::None;

// Hard keywords: tokens everywhere. Sorted by word for binary search (checked in a unit test).
constexpr std::array kHard = {
    Keyword{"accept", T::TOK_ACCEPT, kNone, true},
    Keyword{"add", T::TOK_ADD, kNone, true},
    Keyword{"ah", T::TOK_AH, kNone, false},
    Keyword{"and", T::TOK_AND, kNone, false},
    Keyword{"arp", T::TOK_ARP, kNone, false},
    Keyword{"auto-merge", T::TOK_AUTO_MERGE, kNone, true},
    Keyword{"bridge", T::TOK_BRIDGE, kNone, false},
    Keyword{"chain", T::TOK_CHAIN, kNone, true},
    Keyword{"chains", T::TOK_CHAINS, kNone, true},
    Keyword{"chunk", T::TOK_CHUNK, kNone, false},
    Keyword{"comment", T::TOK_COMMENT, kNone, true},
    Keyword{"comp", T::TOK_COMP, kNone, false},
    Keyword{"continue", T::TOK_CONTINUE, kNone, true},
    Keyword{"counter", T::TOK_COUNTER, LexScope::Counter, true},
    Keyword{"counters", T::TOK_COUNTERS, kNone, true},
    Keyword{"create", T::TOK_CREATE, kNone, true},
    Keyword{"ct", T::TOK_CT, LexScope::Ct, true},
    Keyword{"dccp", T::TOK_DCCP, kNone, false},
    Keyword{"define", T::TOK_DEFINE, kNone, true},
    Keyword{"delete", T::TOK_DELETE, kNone, true},
    Keyword{"destroy", T::TOK_DESTROY, kNone, true},
    Keyword{"device", T::TOK_DEVICE, kNone, false},
    Keyword{"devices", T::TOK_DEVICES, kNone, false},
    Keyword{"dnat", T::TOK_DNAT, LexScope::Nat, true},
    Keyword{"drop", T::TOK_DROP, kNone, true},
    Keyword{"dst", T::TOK_DST, kNone, false},
    Keyword{"element", T::TOK_ELEMENT, kNone, true},
    Keyword{"elements", T::TOK_ELEMENTS, kNone, true},
    Keyword{"eq", T::TOK_EQ_W, kNone, false},
    Keyword{"esp", T::TOK_ESP, kNone, false},
    Keyword{"ether", T::TOK_ETHER, kNone, false},
    Keyword{"exists", T::TOK_EXISTS, kNone, false},
    Keyword{"expires", T::TOK_EXPIRES, kNone, false},
    Keyword{"fib", T::TOK_FIB, kNone, true},
    Keyword{"flags", T::TOK_FLAGS, kNone, false},
    Keyword{"flow", T::TOK_FLOW, kNone, true},
    Keyword{"flowtable", T::TOK_FLOWTABLE, kNone, true},
    Keyword{"flowtables", T::TOK_FLOWTABLES, kNone, true},
    Keyword{"flush", T::TOK_FLUSH, kNone, true},
    Keyword{"frag", T::TOK_FRAG, kNone, false},
    Keyword{"gc-interval", T::TOK_GC_INTERVAL, kNone, true},
    Keyword{"ge", T::TOK_GE_W, kNone, false},
    Keyword{"goto", T::TOK_GOTO, kNone, true},
    Keyword{"gre", T::TOK_GRE, kNone, false},
    Keyword{"gt", T::TOK_GT_W, kNone, false},
    Keyword{"handle", T::TOK_HANDLE, kNone, false},
    Keyword{"hbh", T::TOK_HBH, kNone, false},
    Keyword{"hook", T::TOK_HOOK, kNone, false},
    Keyword{"icmp", T::TOK_ICMP, kNone, false},
    Keyword{"icmpv6", T::TOK_ICMPV6, kNone, false},
    Keyword{"igmp", T::TOK_IGMP, kNone, false},
    Keyword{"include", T::TOK_INCLUDE, kNone, true},
    Keyword{"index", T::TOK_INDEX, kNone, false},
    Keyword{"inet", T::TOK_INET, kNone, false},
    Keyword{"insert", T::TOK_INSERT, kNone, true},
    Keyword{"ip", T::TOK_IP, kNone, false},
    Keyword{"ip6", T::TOK_IP6, kNone, false},
    Keyword{"jump", T::TOK_JUMP, kNone, true},
    Keyword{"le", T::TOK_LE_W, kNone, false},
    Keyword{"limit", T::TOK_LIMIT, LexScope::Limit, true},
    Keyword{"limits", T::TOK_LIMITS, kNone, true},
    Keyword{"list", T::TOK_LIST, kNone, true},
    Keyword{"log", T::TOK_LOG, LexScope::Log, true},
    Keyword{"lshift", T::TOK_LSHIFT_W, kNone, false},
    Keyword{"lt", T::TOK_LT_W, kNone, false},
    Keyword{"map", T::TOK_MAP, kNone, false},
    Keyword{"maps", T::TOK_MAPS, kNone, true},
    Keyword{"masquerade", T::TOK_MASQUERADE, LexScope::Nat, true},
    Keyword{"meta", T::TOK_META, kNone, true},
    Keyword{"mh", T::TOK_MH, kNone, false},
    Keyword{"missing", T::TOK_MISSING, kNone, false},
    Keyword{"ne", T::TOK_NE_W, kNone, false},
    Keyword{"netdev", T::TOK_NETDEV, kNone, false},
    Keyword{"notrack", T::TOK_NOTRACK, kNone, true},
    Keyword{"numgen", T::TOK_NUMGEN, LexScope::Numgen, true},
    Keyword{"offload", T::TOK_OFFLOAD, kNone, false},
    Keyword{"option", T::TOK_OPTION, kNone, false},
    Keyword{"or", T::TOK_OR, kNone, false},
    Keyword{"original", T::TOK_ORIGINAL, kNone, false},
    Keyword{"policy", T::TOK_POLICY, kNone, true},
    Keyword{"position", T::TOK_POSITION, kNone, false},
    Keyword{"priority", T::TOK_PRIORITY, kNone, false},
    Keyword{"queue", T::TOK_QUEUE, LexScope::Queue, true},
    Keyword{"quota", T::TOK_QUOTA, LexScope::Quota, true},
    Keyword{"quotas", T::TOK_QUOTAS, kNone, true},
    Keyword{"redefine", T::TOK_REDEFINE, kNone, true},
    Keyword{"redirect", T::TOK_REDIRECT, LexScope::Nat, true},
    Keyword{"reject", T::TOK_REJECT, LexScope::Reject, true},
    Keyword{"rename", T::TOK_RENAME, kNone, true},
    Keyword{"replace", T::TOK_REPLACE, kNone, true},
    Keyword{"reply", T::TOK_REPLY, kNone, false},
    Keyword{"reset", T::TOK_RESET, kNone, true},
    Keyword{"return", T::TOK_RETURN, kNone, true},
    Keyword{"rshift", T::TOK_RSHIFT_W, kNone, false},
    Keyword{"rt", T::TOK_RT, kNone, false},
    Keyword{"rt0", T::TOK_RT0, kNone, false},
    Keyword{"rt2", T::TOK_RT2, kNone, false},
    Keyword{"rule", T::TOK_RULE, kNone, true},
    Keyword{"ruleset", T::TOK_RULESET, kNone, true},
    Keyword{"sctp", T::TOK_SCTP, kNone, false},
    Keyword{"set", T::TOK_SET, kNone, false},
    Keyword{"sets", T::TOK_SETS, kNone, true},
    Keyword{"size", T::TOK_SIZE, kNone, false},
    Keyword{"snat", T::TOK_SNAT, LexScope::Nat, true},
    Keyword{"srh", T::TOK_SRH, kNone, false},
    Keyword{"table", T::TOK_TABLE, kNone, true},
    Keyword{"tables", T::TOK_TABLES, kNone, true},
    Keyword{"tcp", T::TOK_TCP, kNone, false},
    Keyword{"th", T::TOK_TH, kNone, false},
    Keyword{"timeout", T::TOK_TIMEOUT, kNone, false},
    Keyword{"to", T::TOK_TO, kNone, false},
    Keyword{"type", T::TOK_TYPE, kNone, false},
    Keyword{"typeof", T::TOK_TYPEOF, kNone, true},
    Keyword{"udp", T::TOK_UDP, kNone, false},
    Keyword{"udplite", T::TOK_UDPLITE, kNone, false},
    Keyword{"undefine", T::TOK_UNDEFINE, kNone, true},
    Keyword{"update", T::TOK_UPDATE, kNone, true},
    Keyword{"vlan", T::TOK_VLAN, kNone, false},
    Keyword{"vmap", T::TOK_VMAP, kNone, false},
    Keyword{"with", T::TOK_WITH, kNone, false},
    Keyword{"xor", T::TOK_XOR, kNone, false},
};

struct ScopedKeyword {
  LexScope scope;
  std::string_view word;
  Kind token;
};

// Statement option words: keywords only while their statement's scope is open.
constexpr std::array kScoped = {
    ScopedKeyword{LexScope::Counter, "bytes", T::TOK_BYTES},
    ScopedKeyword{LexScope::Counter, "name", T::TOK_NAME},
    ScopedKeyword{LexScope::Counter, "packets", T::TOK_PACKETS},
    ScopedKeyword{LexScope::Limit, "burst", T::TOK_BURST},
    ScopedKeyword{LexScope::Limit, "bytes", T::TOK_BYTES},
    ScopedKeyword{LexScope::Limit, "name", T::TOK_NAME},
    ScopedKeyword{LexScope::Limit, "over", T::TOK_OVER},
    ScopedKeyword{LexScope::Limit, "packets", T::TOK_PACKETS},
    ScopedKeyword{LexScope::Limit, "rate", T::TOK_RATE},
    ScopedKeyword{LexScope::Limit, "until", T::TOK_UNTIL},
    ScopedKeyword{LexScope::Quota, "name", T::TOK_NAME},
    ScopedKeyword{LexScope::Quota, "over", T::TOK_OVER},
    ScopedKeyword{LexScope::Quota, "until", T::TOK_UNTIL},
    ScopedKeyword{LexScope::Quota, "used", T::TOK_USED},
    ScopedKeyword{LexScope::Log, "group", T::TOK_GROUP},
    ScopedKeyword{LexScope::Log, "level", T::TOK_LEVEL},
    ScopedKeyword{LexScope::Log, "prefix", T::TOK_PREFIX},
    ScopedKeyword{LexScope::Log, "queue-threshold", T::TOK_QTHRESHOLD},
    ScopedKeyword{LexScope::Log, "snaplen", T::TOK_SNAPLEN},
    ScopedKeyword{LexScope::Ct, "over", T::TOK_OVER},
    ScopedKeyword{LexScope::Numgen, "mod", T::TOK_MOD},
    ScopedKeyword{LexScope::Numgen, "offset", T::TOK_OFFSET},
    ScopedKeyword{LexScope::Nat, "fully-random", T::TOK_FULLY_RANDOM},
    ScopedKeyword{LexScope::Nat, "netmap", T::TOK_NETMAP},
    ScopedKeyword{LexScope::Nat, "persistent", T::TOK_PERSISTENT},
    ScopedKeyword{LexScope::Nat, "prefix", T::TOK_PREFIX},
    ScopedKeyword{LexScope::Nat, "random", T::TOK_RANDOM},
};

}  // namespace

bool hard_keywords_sorted() {
  return std::is_sorted(kHard.begin(), kHard.end(),
                        [](const Keyword& a, const Keyword& b) { return a.word < b.word; });
}

Parser::symbol_type classify_word(LexContext& ctx, std::string text) {
  const Span at = ctx.span();
  for (const auto& k : kScoped) {
    if (k.scope == ctx.scope() && k.word == text) return Parser::symbol_type(k.token, at);
  }
  auto it = std::lower_bound(kHard.begin(), kHard.end(), std::string_view(text),
                             [](const Keyword& k, std::string_view w) { return k.word < w; });
  if (it != kHard.end() && it->word == text) {
    if (it->ends) ctx.open_scope(it->opens);
    return Parser::symbol_type(it->token, at);
  }
  return Parser::make_STRING(std::move(text), at);
}

}  // namespace nftx::parser
