// SPDX-License-Identifier: GPL-2.0-or-later
// TCP options (nft's src/tcpopt.c), IPv4 options (src/ipopt.c) and SCTP chunks
// (src/sctp_chunk.c): what the exthdr expression can find after the fixed header, with field
// offsets in bits from the start of the option or chunk.
#include "compiler/proto/protocol.h"

namespace nftx::proto {
namespace {

using enum TypeId;
constexpr ByteOrder kBig = ByteOrder::Big;

// One field per line: the tables are read (and diffed) as data.
// clang-format off
// ---- TCP options (TCPOPT_KIND_*) ----
constexpr Field kKindOnly[] = {{"kind", Integer, 0, 8, kBig}};
constexpr Field kKindLength[] = {{"kind", Integer, 0, 8, kBig}, {"length", Integer, 8, 8, kBig}};
constexpr Field kMaxseg[] = {{"kind", Integer, 0, 8, kBig},
                             {"length", Integer, 8, 8, kBig},
                             {"size", Integer, 16, 16, kBig}};
constexpr Field kWindow[] = {{"kind", Integer, 0, 8, kBig},
                             {"length", Integer, 8, 8, kBig},
                             {"count", Integer, 16, 8, kBig}};
// SACK blocks are 64 bits each after kind and length; sackN names block N.
constexpr Field kSack0[] = {{"kind", Integer, 0, 8, kBig},   {"length", Integer, 8, 8, kBig},
                            {"left", Integer, 16, 32, kBig}, {"right", Integer, 48, 32, kBig}};
constexpr Field kSack1[] = {{"kind", Integer, 0, 8, kBig},   {"length", Integer, 8, 8, kBig},
                            {"left", Integer, 80, 32, kBig}, {"right", Integer, 112, 32, kBig}};
constexpr Field kSack2[] = {{"kind", Integer, 0, 8, kBig},    {"length", Integer, 8, 8, kBig},
                            {"left", Integer, 144, 32, kBig}, {"right", Integer, 176, 32, kBig}};
constexpr Field kSack3[] = {{"kind", Integer, 0, 8, kBig},    {"length", Integer, 8, 8, kBig},
                            {"left", Integer, 208, 32, kBig}, {"right", Integer, 240, 32, kBig}};
constexpr Field kTimestamp[] = {{"kind", Integer, 0, 8, kBig},    {"length", Integer, 8, 8, kBig},
                                {"tsval", Integer, 16, 32, kBig}, {"tsecr", Integer, 48, 32, kBig}};
// nft's mptcpopt_subtype: an integer alias with its own names.
constexpr Symbol kMptcpSubtypes[] = {
    {"mp-capable", 0}, {"mp-join", 1}, {"dss", 2},          {"add-addr", 3}, {"remove-addr", 4},
    {"mp-prio", 5},    {"mp-fail", 6}, {"mp-fastclose", 7}, {"mp-tcprst", 8},
};
constexpr Field kMptcp[] = {{"kind", Integer, 0, 8, kBig},
                            {"length", Integer, 8, 8, kBig},
                            {"subtype", Integer, 16, 4, kBig, IcmpDep::None, kMptcpSubtypes}};

constexpr ExtHeader kTcpOptions[] = {
    {"eol", 0, kKindOnly},        {"nop", 1, kKindOnly},      {"maxseg", 2, kMaxseg},
    {"window", 3, kWindow},       {"sack-perm", 4, kKindLength}, {"sack", 5, kSack0},
    {"sack0", 5, kSack0},         {"sack1", 5, kSack1},       {"sack2", 5, kSack2},
    {"sack3", 5, kSack3},         {"timestamp", 8, kTimestamp}, {"md5sig", 19, kKindLength},
    {"mptcp", 30, kMptcp},        {"fastopen", 34, kKindLength},
};

// clang-format on

struct Alias {
  std::string_view name, canonical;
};
constexpr Alias kTcpOptionAliases[] = {{"mss", "maxseg"}, {"sack-permitted", "sack-perm"}};

// ---- IPv4 options (IPOPT_*) ----
constexpr Field kRoute[] = {{"type", Integer, 0, 8, kBig},
                            {"length", Integer, 8, 8, kBig},
                            {"ptr", Integer, 16, 8, kBig},
                            {"addr", Integer, 24, 32, kBig}};
constexpr Field kRouterAlert[] = {{"type", Integer, 0, 8, kBig},
                                  {"length", Integer, 8, 8, kBig},
                                  {"value", Integer, 16, 16, kBig}};

constexpr ExtHeader kIpOptions[] = {
    {"lsrr", 131, kRoute}, {"rr", 7, kRoute}, {"ssrr", 137, kRoute}, {"ra", 148, kRouterAlert}};

// ---- SCTP chunks (SCTP_CHUNK_TYPE_*) ----
constexpr Field kChunkCommon[] = {{"type", Integer, 0, 8, kBig},
                                  {"flags", Integer, 8, 8, kBig},
                                  {"length", Integer, 16, 16, kBig}};
constexpr Field kChunkData[] = {
    {"type", Integer, 0, 8, kBig},     {"flags", Integer, 8, 8, kBig},
    {"length", Integer, 16, 16, kBig}, {"tsn", Integer, 32, 32, kBig},
    {"stream", Integer, 64, 16, kBig}, {"ssn", Integer, 80, 16, kBig},
    {"ppid", Integer, 96, 32, kBig},
};
constexpr Field kChunkInit[] = {
    {"type", Integer, 0, 8, kBig},
    {"flags", Integer, 8, 8, kBig},
    {"length", Integer, 16, 16, kBig},
    {"init-tag", Integer, 32, 32, kBig},
    {"a-rwnd", Integer, 64, 32, kBig},
    {"num-outbound-streams", Integer, 96, 16, kBig},
    {"num-inbound-streams", Integer, 112, 16, kBig},
    {"initial-tsn", Integer, 128, 32, kBig},
};
constexpr Field kChunkSack[] = {
    {"type", Integer, 0, 8, kBig},
    {"flags", Integer, 8, 8, kBig},
    {"length", Integer, 16, 16, kBig},
    {"cum-tsn-ack", Integer, 32, 32, kBig},
    {"a-rwnd", Integer, 64, 32, kBig},
    {"num-gap-ack-blocks", Integer, 96, 16, kBig},
    {"num-dup-tsns", Integer, 112, 16, kBig},
};
constexpr Field kChunkShutdown[] = {{"type", Integer, 0, 8, kBig},
                                    {"flags", Integer, 8, 8, kBig},
                                    {"length", Integer, 16, 16, kBig},
                                    {"cum-tsn-ack", Integer, 32, 32, kBig}};
constexpr Field kChunkLowestTsn[] = {{"type", Integer, 0, 8, kBig},
                                     {"flags", Integer, 8, 8, kBig},
                                     {"length", Integer, 16, 16, kBig},
                                     {"lowest-tsn", Integer, 32, 32, kBig}};
constexpr Field kChunkSeqno[] = {{"type", Integer, 0, 8, kBig},
                                 {"flags", Integer, 8, 8, kBig},
                                 {"length", Integer, 16, 16, kBig},
                                 {"seqno", Integer, 32, 32, kBig}};
constexpr Field kChunkForwardTsn[] = {{"type", Integer, 0, 8, kBig},
                                      {"flags", Integer, 8, 8, kBig},
                                      {"length", Integer, 16, 16, kBig},
                                      {"new-cum-tsn", Integer, 32, 32, kBig}};

constexpr ExtHeader kSctpChunks[] = {
    {"data", 0, kChunkData},
    {"init", 1, kChunkInit},
    {"init-ack", 2, kChunkInit},
    {"sack", 3, kChunkSack},
    {"heartbeat", 4, kChunkCommon},
    {"heartbeat-ack", 5, kChunkCommon},
    {"abort", 6, kChunkCommon},
    {"shutdown", 7, kChunkShutdown},
    {"shutdown-ack", 8, kChunkCommon},
    {"error", 9, kChunkCommon},
    {"cookie-echo", 10, kChunkCommon},
    {"cookie-ack", 11, kChunkCommon},
    {"ecne", 12, kChunkLowestTsn},
    {"cwr", 13, kChunkLowestTsn},
    {"shutdown-complete", 14, kChunkCommon},
    {"asconf-ack", 128, kChunkSeqno},
    {"forward-tsn", 192, kChunkForwardTsn},
    {"asconf", 193, kChunkSeqno},
};

const ExtHeader* find(std::span<const ExtHeader> table, std::string_view name) {
  for (const ExtHeader& h : table) {
    if (h.name == name) return &h;
  }
  return nullptr;
}

}  // namespace

const ExtHeader* tcp_option(std::string_view name) {
  if (const ExtHeader* h = find(kTcpOptions, name)) return h;
  for (const Alias& a : kTcpOptionAliases) {
    if (a.name == name) return find(kTcpOptions, a.canonical);
  }
  return nullptr;
}
std::span<const ExtHeader> all_tcp_options() { return kTcpOptions; }
const ExtHeader* ip_option(std::string_view name) { return find(kIpOptions, name); }
std::span<const ExtHeader> all_ip_options() { return kIpOptions; }
const ExtHeader* sctp_chunk(std::string_view name) { return find(kSctpChunks, name); }
std::span<const ExtHeader> all_sctp_chunks() { return kSctpChunks; }

}  // namespace nftx::proto
