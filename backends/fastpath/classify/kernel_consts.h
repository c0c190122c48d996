// SPDX-License-Identifier: GPL-2.0-or-later
// The nf_tables uapi numbers the VM interprets (linux/netfilter/nf_tables.h and friends).
// Values only: the IR carries them as plain integers.
#pragma once

#include <cstdint>

namespace nftx::fastpath::classify::k {

// enum nft_meta_keys
inline constexpr uint32_t kMetaLen = 0, kMetaProtocol = 1, kMetaPriority = 2, kMetaMark = 3,
                          kMetaIif = 4, kMetaOif = 5, kMetaIifname = 6, kMetaOifname = 7,
                          kMetaIiftype = 8, kMetaOiftype = 9, kMetaSkuid = 10, kMetaSkgid = 11,
                          kMetaNftrace = 12, kMetaRtclassid = 13, kMetaSecmark = 14,
                          kMetaNfproto = 15, kMetaL4proto = 16, kMetaBriIifname = 17,
                          kMetaBriOifname = 18, kMetaPkttype = 19, kMetaCpu = 20,
                          kMetaIifgroup = 21, kMetaOifgroup = 22, kMetaCgroup = 23,
                          kMetaPrandom = 24, kMetaSecpath = 25, kMetaIifkind = 26,
                          kMetaOifkind = 27, kMetaBriIifpvid = 28, kMetaBriIifvproto = 29,
                          kMetaTimeNs = 30, kMetaTimeDay = 31, kMetaTimeHour = 32,
                          kMetaSdif = 33, kMetaSdifname = 34, kMetaBriBroute = 35;

// enum nft_ct_keys
inline constexpr uint32_t kCtState = 0, kCtDirection = 1, kCtStatus = 2, kCtMark = 3,
                          kCtSecmark = 4, kCtExpiration = 5, kCtHelper = 6, kCtL3protocol = 7,
                          kCtSrc = 8, kCtDst = 9, kCtProtocol = 10, kCtProtoSrc = 11,
                          kCtProtoDst = 12, kCtLabels = 13, kCtPkts = 14, kCtBytes = 15,
                          kCtAvgpkt = 16, kCtZone = 17, kCtEventmask = 18, kCtSrcIp = 19,
                          kCtDstIp = 20, kCtSrcIp6 = 21, kCtDstIp6 = 22, kCtId = 23;

// ct state bits as `ct state` loads them (NF_CT_STATE_BIT(ctinfo) = 1 << (ctinfo % 3 + 1)).
inline constexpr uint32_t kCtStateInvalid = 1, kCtStateUntracked = 64;
// enum ip_conntrack_info
inline constexpr uint8_t kCtinfoEstablished = 0, kCtinfoRelated = 1, kCtinfoNew = 2,
                         kCtinfoEstablishedReply = 3, kCtinfoRelatedReply = 4;

// enum nft_rt_keys
inline constexpr uint32_t kRtClassid = 0, kRtNexthop4 = 1, kRtNexthop6 = 2, kRtTcpmss = 3,
                          kRtXfrm = 4;

// nft_fib flags and results
inline constexpr uint32_t kFibSaddr = 1, kFibDaddr = 2, kFibMark = 4, kFibIif = 8, kFibOif = 16,
                          kFibPresent = 32;
inline constexpr uint32_t kFibResultOif = 1, kFibResultOifname = 2, kFibResultAddrtype = 3;

// Payload checksum types, NFT_PAYLOAD_L4CSUM_PSEUDOHDR.
inline constexpr uint32_t kCsumNone = 0, kCsumInet = 1, kCsumSctp = 2;
inline constexpr uint32_t kCsumL4Pseudohdr = 1;

// enum nft_exthdr_op, NFT_EXTHDR_F_PRESENT
inline constexpr uint32_t kExthdrIpv6 = 0, kExthdrTcpopt = 1, kExthdrIpv4 = 2, kExthdrSctp = 3,
                          kExthdrDccp = 4;
inline constexpr uint32_t kExthdrFPresent = 1;

inline constexpr uint32_t kLimitPkts = 0, kLimitBytes = 1, kLimitFInv = 1;
inline constexpr uint32_t kLimitPktBurstDefault = 5;
inline constexpr uint32_t kQuotaFInv = 1, kQuotaFDepleted = 2;
inline constexpr uint32_t kNumgenIncremental = 0, kNumgenRandom = 1;
inline constexpr uint32_t kHashJenkins = 0, kHashSym = 1;
inline constexpr uint32_t kDynsetAdd = 0, kDynsetUpdate = 1, kDynsetDelete = 2;
inline constexpr uint32_t kNatSnat = 0, kNatDnat = 1;
// NF_NAT_RANGE_*
inline constexpr uint32_t kNatRangeMapIps = 1, kNatRangeProtoSpecified = 2;

// NFT_OBJECT_*
inline constexpr uint32_t kObjCounter = 1, kObjQuota = 2, kObjLimit = 4;

// NF_INET_* hooks, NF_NETDEV_*
inline constexpr uint32_t kHookPrerouting = 0, kHookInput = 1, kHookForward = 2,
                          kHookOutput = 3, kHookPostrouting = 4, kHookIngress = 5;
inline constexpr uint32_t kNetdevIngress = 0, kNetdevEgress = 1;
inline constexpr uint32_t kHookCount = 6;

inline constexpr uint32_t kJumpStackSize = 16;  // NFT_JUMP_STACK_SIZE
inline constexpr uint32_t kIfnamsiz = 16;

}  // namespace nftx::fastpath::classify::k
