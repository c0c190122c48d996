// SPDX-License-Identifier: GPL-2.0-or-later
// Symbolic constants of the datatypes, as nft 1.0.6 - 1.1.x defines them. Internal to
// compiler/proto: the public way in is lookup_symbol()/symbol_name() in datatype.h.
//
// Values are the plain numbers in host order (ether type "ip" is 0x0800); the order is nft's,
// because listings print the first name that has a value ("mld-listener-done", not
// "mld-listener-reduction"; "host", not "unicast").
#pragma once

#include "compiler/proto/datatype.h"

namespace nftx::proto::symbols {

inline constexpr Symbol kNfproto[] = {{"ipv4", 2}, {"ipv6", 10}};

inline constexpr Symbol kEthertype[] = {
    {"ip", 0x0800},     {"arp", 0x0806},  {"ip6", 0x86dd}, {"8021q", 0x8100},
    {"8021ad", 0x88a8}, {"vlan", 0x8100},  // older spelling of 8021q, still accepted
};

inline constexpr Symbol kArpop[] = {
    {"request", 1},   {"reply", 2},   {"rrequest", 3}, {"rreply", 4},
    {"inrequest", 8}, {"inreply", 9}, {"nak", 10},
};

inline constexpr Symbol kIcmpType[] = {
    {"echo-reply", 0},           {"destination-unreachable", 3},
    {"source-quench", 4},        {"redirect", 5},
    {"echo-request", 8},         {"router-advertisement", 9},
    {"router-solicitation", 10}, {"time-exceeded", 11},
    {"parameter-problem", 12},   {"timestamp-request", 13},
    {"timestamp-reply", 14},     {"info-request", 15},
    {"info-reply", 16},          {"address-mask-request", 17},
    {"address-mask-reply", 18},
};

// The reject statement's code names, which `icmp code` also accepts.
inline constexpr Symbol kIcmpCode[] = {
    {"net-unreachable", 0},   {"host-unreachable", 1}, {"prot-unreachable", 2},
    {"port-unreachable", 3},  {"net-prohibited", 9},   {"host-prohibited", 10},
    {"admin-prohibited", 13}, {"frag-needed", 4},
};

inline constexpr Symbol kIcmpv6Type[] = {
    {"destination-unreachable", 1},  {"packet-too-big", 2},         {"time-exceeded", 3},
    {"parameter-problem", 4},        {"echo-request", 128},         {"echo-reply", 129},
    {"mld-listener-query", 130},     {"mld-listener-report", 131},  {"mld-listener-done", 132},
    {"mld-listener-reduction", 132}, {"nd-router-solicit", 133},    {"nd-router-advert", 134},
    {"nd-neighbor-solicit", 135},    {"nd-neighbor-advert", 136},   {"nd-redirect", 137},
    {"router-renumbering", 138},     {"ind-neighbor-solicit", 141}, {"ind-neighbor-advert", 142},
    {"mld2-listener-report", 143},
};

inline constexpr Symbol kIcmpv6Code[] = {
    {"no-route", 0},         {"admin-prohibited", 1}, {"addr-unreachable", 3},
    {"port-unreachable", 4}, {"policy-fail", 5},      {"reject-route", 6},
};

// NFT_REJECT_ICMPX_*: the family-independent codes of `reject with icmpx`.
inline constexpr Symbol kIcmpxCode[] = {
    {"port-unreachable", 1},
    {"admin-prohibited", 3},
    {"no-route", 0},
    {"host-unreachable", 2},
};

inline constexpr Symbol kTcpFlag[] = {
    {"fin", 0x01}, {"syn", 0x02}, {"rst", 0x04}, {"psh", 0x08},
    {"ack", 0x10}, {"urg", 0x20}, {"ecn", 0x40}, {"cwr", 0x80},
};

inline constexpr Symbol kDccpPkttype[] = {
    {"request", 0},  {"response", 1}, {"data", 2},  {"ack", 3},  {"dataack", 4},
    {"closereq", 5}, {"close", 6},    {"reset", 7}, {"sync", 8}, {"syncack", 9},
};

inline constexpr Symbol kMhType[] = {
    {"binding-refresh-request", 0},
    {"home-test-init", 1},
    {"careof-test-init", 2},
    {"home-test", 3},
    {"careof-test", 4},
    {"binding-update", 5},
    {"binding-acknowledgement", 6},
    {"binding-error", 7},
    {"fast-binding-update", 8},
    {"fast-binding-acknowledgement", 9},
    {"fast-binding-advertisement", 10},
    {"experimental-mobility-header", 11},
    {"home-agent-switch-message", 12},
};

// ARPHRD_* values nft names (the rest print as numbers).
inline constexpr Symbol kArphrd[] = {
    {"ether", 1},      {"ppp", 512}, {"ipip", 768},  {"ipip6", 769},
    {"loopback", 772}, {"sit", 776}, {"ipgre", 778},
};

// TC handles: the two names tchandle parsing knows besides "major:minor".
inline constexpr Symbol kClassid[] = {{"root", 0xffffffff}, {"none", 0}};

// NF_CT_STATE_* bits.
inline constexpr Symbol kCtState[] = {
    {"invalid", 0x01}, {"new", 0x08}, {"established", 0x02}, {"related", 0x04}, {"untracked", 0x40},
};

inline constexpr Symbol kCtDir[] = {{"original", 0}, {"reply", 1}};

// IPS_* bits nft names ("there are more, but most don't make sense for filtering").
inline constexpr Symbol kCtStatus[] = {
    {"expected", 0x001}, {"seen-reply", 0x002}, {"assured", 0x004}, {"confirmed", 0x008},
    {"snat", 0x010},     {"dnat", 0x020},       {"dying", 0x200},
};

// 1 << IPCT_*.
inline constexpr Symbol kCtEvent[] = {
    {"new", 1 << 0},     {"related", 1 << 1},   {"destroy", 1 << 2}, {"reply", 1 << 3},
    {"assured", 1 << 4}, {"protoinfo", 1 << 5}, {"helper", 1 << 6},  {"mark", 1 << 7},
    {"seqadj", 1 << 8},  {"secmark", 1 << 9},   {"label", 1 << 10},
};

// PACKET_* (linux/if_packet.h).
inline constexpr Symbol kPkttype[] = {
    {"host", 0}, {"unicast", 0}, {"broadcast", 1}, {"multicast", 2}, {"other", 3},
};

// DSCP code points (6-bit values, before shifting into the TOS byte).
inline constexpr Symbol kDscp[] = {
    {"cs0", 0x00},   {"cs1", 0x08},  {"cs2", 0x10},  {"cs3", 0x18},  {"cs4", 0x20},
    {"cs5", 0x28},   {"cs6", 0x30},  {"cs7", 0x38},  {"df", 0x00},   {"be", 0x00},
    {"lephb", 0x01}, {"af11", 0x0a}, {"af12", 0x0c}, {"af13", 0x0e}, {"af21", 0x12},
    {"af22", 0x14},  {"af23", 0x16}, {"af31", 0x1a}, {"af32", 0x1c}, {"af33", 0x1e},
    {"af41", 0x22},  {"af42", 0x24}, {"af43", 0x26}, {"va", 0x2c},   {"ef", 0x2e},
};

inline constexpr Symbol kEcn[] = {{"not-ect", 0}, {"ect1", 1}, {"ect0", 2}, {"ce", 3}};

// RTN_* route types, as `fib ... type` returns them.
inline constexpr Symbol kFibAddr[] = {
    {"unspec", 0},    {"unicast", 1},   {"local", 2},       {"broadcast", 3}, {"anycast", 4},
    {"multicast", 5}, {"blackhole", 6}, {"unreachable", 7}, {"prohibit", 8},
};

inline constexpr Symbol kBoolean[] = {{"exists", 1}, {"missing", 0}};

inline constexpr Symbol kIgmpType[] = {
    {"membership-query", 0x11},     {"membership-report-v1", 0x12}, {"membership-report-v2", 0x16},
    {"membership-report-v3", 0x22}, {"leave-group", 0x17},
};

inline constexpr Symbol kDay[] = {
    {"Sunday", 0},   {"Monday", 1}, {"Tuesday", 2},  {"Wednesday", 3},
    {"Thursday", 4}, {"Friday", 5}, {"Saturday", 6},
};

}  // namespace nftx::proto::symbols
