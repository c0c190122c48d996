// SPDX-License-Identifier: GPL-2.0-or-later
// What the engine hands the VM for one packet at one hook (Packet, CtView, IfInfo), what the VM
// hands back (Result with its requests), and the narrow interface for the rare things only the
// engine knows (Env: routing, conntrack writes, logging, randomness). Hot data is plain fields;
// virtual calls happen only for fib/rt/ct-set/log/random.
#pragma once

#include <cstdint>
#include <string_view>

#include "backends/fastpath/packet/frame.h"
#include "compiler/ir/ir.h"

namespace nftx::fastpath::classify {

// The conntrack entry attached to the packet, as the engine's conntrack sees it. The kernel's
// nft_ct reads the same fields from struct nf_conn.
struct CtView {
  struct Tuple {
    uint8_t src[16] = {};  // address (IPv4 in the first 4 bytes), network order
    uint8_t dst[16] = {};
    uint16_t src_port = 0;  // port or ICMP id, network order as stored in the tuple
    uint16_t dst_port = 0;
  };
  bool attached = false;   // an entry exists; when false every key but `state` breaks
  bool untracked = false;  // notrack'ed (no entry): `ct state untracked`
  uint8_t ctinfo = 0;      // enum ip_conntrack_info of this packet (k::kCtinfo*)
  uint32_t status = 0;     // IPS_* bits
  uint32_t mark = 0;
  uint16_t zone = 0;
  uint32_t id = 0;
  uint32_t expiration_ms = 0;  // time left
  uint8_t l3proto = 0;         // NFPROTO_IPV4 / NFPROTO_IPV6
  uint8_t l4proto = 0;         // IPPROTO_*
  Tuple tuple[2];              // IP_CT_DIR_ORIGINAL 0, IP_CT_DIR_REPLY 1
  uint64_t packets[2] = {}, bytes[2] = {};  // accounting per direction (0 when disabled)
  uint8_t labels[16] = {};
  const char* helper = nullptr;  // helper name, or null
};

// An interface as `meta iif/iifname/iiftype/iifgroup/iifkind` see it.
struct IfInfo {
  uint32_t ifindex = 0;
  char name[16] = {};  // IFNAMSIZ, NUL padded
  uint16_t type = 1;   // ARPHRD_ETHER
  uint32_t group = 0;
  const char* kind = "";  // rtnl link kind ("veth", "bridge", ...)
};

// skb->pkt_type
inline constexpr uint8_t kPacketHost = 0, kPacketBroadcast = 1, kPacketMulticast = 2,
                         kPacketOtherhost = 3;

// One packet at one hook. The engine fills it; the VM may change `frame` bytes (payload
// statements), `frame->mark`, `priority` and `pkttype`.
struct Packet {
  Frame* frame = nullptr;
  // The hook's protocol family as the kernel's state->pf: Ip or Ip6 for ip/ip6/inet chains
  // (`meta nfproto` loads it), Netdev, Bridge or Arp otherwise.
  ir::Family pf = ir::Family::Ip;
  uint32_t hooknum = 0;        // NF_INET_* / NF_NETDEV_*
  const IfInfo* in = nullptr;  // null where the kernel has no input device (output hooks)
  const IfInfo* out = nullptr;
  const CtView* ct = nullptr;  // null: no conntrack entry, not untracked (ct state invalid)
  uint64_t now_ns = 0;         // wall clock (CLOCK_REALTIME): meta time, limits, timeouts
  uint32_t priority = 0;       // skb->priority
  uint8_t pkttype = kPacketHost;
  uint32_t cpu = 0;
};

// What nft_fib asks the routing table: the kernel's flowi4/flowi6 (daddr, saddr, mark, iif).
struct RouteQuery {
  uint8_t nfproto = 0;
  uint8_t daddr[16] = {};
  uint8_t saddr[16] = {};
  uint32_t mark = 0;
  uint32_t iif = 0;  // flowi_iif, 0 when unset
  uint8_t tos = 0;
};
struct RouteAnswer {
  bool found = false;
  uint8_t type = 0;      // RTN_UNICAST 1, RTN_LOCAL 2, RTN_BROADCAST 3, ...
  uint32_t oif = 0;      // the device the route leaves through (any nexthop for multipath)
  char oifname[16] = {};
};

// Services only the engine can give. Every call is optional for the VM's correctness: the
// defaults answer "not available", which breaks the rule as the kernel does when data is
// missing.
class Env {
 public:
  virtual ~Env() = default;
  virtual uint32_t random_u32() { return 0; }
  // fib: route lookup with the kernel's flowi; addrtype: inet_dev_addr_type(dev, addr).
  virtual RouteAnswer fib_route(const RouteQuery&) { return {}; }
  virtual uint32_t fib_addr_type(uint8_t /*nfproto*/, const uint8_t* /*addr*/,
                                 uint32_t /*dev_ifindex*/) {
    return 0;  // RTN_UNSPEC
  }
  // rt: the dst attached to the packet. Returns false when there is none (the rule breaks).
  // `out` is 16 bytes: classid/mtu as u32 host, nexthop as an address.
  virtual bool rt(uint32_t /*key*/, uint8_t* /*out*/) { return false; }
  // `ct mark set`, `ct zone set`, `ct label set`, `ct event set`...: key k::kCt*, `dir` 0/1 or
  // -1, `len` bytes of the register. The engine updates its entry (and the CtView it gave, so
  // later reads in the same hook see the new value).
  virtual void ct_set(uint32_t /*key*/, int /*dir*/, const uint8_t* /*data*/,
                      uint32_t /*len*/) {}
  // One formatted `log` line (the kernel's nf_log text: prefix, IN=, OUT=, MAC=, SRC=, ...).
  virtual void log(std::string_view /*line*/) {}
};

// ---- The outcome of running a hook ----

enum class Code : uint8_t { Drop = 0, Accept = 1, Stolen = 2, Queue = 3 };  // NF_* values

enum class NatKind : uint8_t { Snat, Dnat, Masquerade, Redirect };
struct NatRequest {
  NatKind kind = NatKind::Snat;
  uint8_t family = 0;   // NFPROTO_IPV4 / NFPROTO_IPV6 of the addresses
  uint32_t flags = 0;   // NF_NAT_RANGE_* (MAP_IPS / PROTO_SPECIFIED set as the kernel does)
  uint8_t addr_min[16] = {}, addr_max[16] = {};  // network order, valid with MAP_IPS
  uint16_t proto_min = 0, proto_max = 0;          // network order, valid with PROTO_SPECIFIED
};

struct RejectRequest {
  uint32_t type = 0;  // NFT_REJECT_ICMP_UNREACH 0, TCP_RST 1, ICMPX_UNREACH 2
  uint8_t code = 0;
};

struct Result {
  Code code = Code::Accept;
  uint16_t queue_num = 0;
  bool has_nat = false;
  NatRequest nat;
  bool has_reject = false;  // code is Drop; the engine sends the reply
  RejectRequest reject;
  const std::string* flowtable = nullptr;  // `flow add @ft`: offload the connection
  bool notrack = false;                     // `notrack`: do not track this packet
  bool trace = false;                       // `meta nftrace set 1` (informational)
};

}  // namespace nftx::fastpath::classify
