// SPDX-License-Identifier: GPL-2.0-or-later
// Test support for classify (and for engine tests that want it): compile ruleset text into a
// CompiledRuleset, build small Ethernet/IPv4/IPv6 frames by hand with their Headers filled as
// parse() would, and a recording Env. Header-only; links nftx_compiler.
#pragma once

#include <arpa/inet.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "backends/fastpath/classify/eval.h"
#include "backends/fastpath/classify/ruleset.h"
#include "common/diagnostics.h"
#include "common/source_manager.h"
#include "compiler/driver.h"
#include "compiler/raise/ruleset.h"

namespace nftx::fastpath::classify::testing {

struct Compiled {
  raise::RulesetState state;
  CompileOutput out;
  std::string diagnostics;  // compiler errors, empty when the text compiled
};

inline Compiled compile_text(const std::string& text, uint64_t now_ns = 0) {
  Compiled c;
  SourceManager sm;
  const uint32_t file = sm.add("test.nft", text);
  Diagnostics diags;
  CompileResult r = nftx::compile(sm, file, CompileOptions{}, diags);
  if (diags.has_errors()) c.diagnostics = render_text(sm, diags);
  c.state = raise::build_state(r.batch);
  c.out = compile(c.state, now_ns);
  return c;
}

// A frame in its own buffer.
struct TestFrame {
  std::vector<uint8_t> buf = std::vector<uint8_t>(kFrameHeadroom + 2048, 0);
  Frame frame;

  uint8_t* l3() { return frame.data + frame.hdr.l3_off; }
  uint8_t* l4() { return frame.data + frame.hdr.l4_off; }
};

inline void put16(uint8_t* p, uint16_t v) {
  p[0] = static_cast<uint8_t>(v >> 8);
  p[1] = static_cast<uint8_t>(v);
}

inline uint16_t inet_csum(const uint8_t* p, size_t n, uint32_t sum = 0) {
  for (size_t i = 0; i + 1 < n; i += 2) sum += static_cast<uint32_t>((p[i] << 8) | p[i + 1]);
  if (n % 2) sum += static_cast<uint32_t>(p[n - 1] << 8);
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<uint16_t>(~sum);
}

struct L4 {
  uint8_t proto = 6;  // IPPROTO_TCP
  uint16_t sport = 12345, dport = 80;
  uint8_t tcp_flags = 0x02;  // SYN
  uint8_t icmp_type = 8, icmp_code = 0;
  std::vector<uint8_t> tcp_options = {};  // multiple of 4
  uint32_t payload = 0;
};

// Writes the transport header at `p`; returns its length.
inline uint32_t write_l4(uint8_t* p, const L4& l4) {
  switch (l4.proto) {
    case 6: {
      const uint32_t hl = 20 + static_cast<uint32_t>(l4.tcp_options.size());
      put16(p, l4.sport);
      put16(p + 2, l4.dport);
      p[12] = static_cast<uint8_t>((hl / 4) << 4);
      p[13] = l4.tcp_flags;
      put16(p + 14, 64240);
      if (!l4.tcp_options.empty()) {
        std::memcpy(p + 20, l4.tcp_options.data(), l4.tcp_options.size());
      }
      return hl;
    }
    case 17:
      put16(p, l4.sport);
      put16(p + 2, l4.dport);
      put16(p + 4, static_cast<uint16_t>(8 + l4.payload));
      put16(p + 6, 0x1234);  // a non-zero checksum
      return 8;
    default:  // ICMP / ICMPv6
      p[0] = l4.icmp_type;
      p[1] = l4.icmp_code;
      put16(p + 4, 7);
      put16(p + 6, 1);
      return 8;
  }
}

inline void init_frame(TestFrame& t) {
  t.frame.head = t.buf.data();
  t.frame.capacity = static_cast<uint32_t>(t.buf.size());
  t.frame.data = t.buf.data() + kFrameHeadroom;
  uint8_t* e = t.frame.data;
  const uint8_t dst[6] = {0x02, 0, 0, 0, 0, 0x01}, src[6] = {0x02, 0, 0, 0, 0, 0x02};
  std::memcpy(e, dst, 6);
  std::memcpy(e + 6, src, 6);
}

// Ethernet + IPv4 (+ transport unless a later fragment). `frag_off` in 8-byte units.
inline TestFrame ipv4(const char* saddr, const char* daddr, const L4& l4 = {},
                      uint16_t frag_off = 0, bool more_frags = false) {
  TestFrame t;
  init_frame(t);
  uint8_t* e = t.frame.data;
  put16(e + 12, 0x0800);
  uint8_t* ip = e + 14;
  ip[0] = 0x45;
  put16(ip + 4, 0x1234);
  put16(ip + 6, static_cast<uint16_t>((more_frags ? 0x2000 : 0) | frag_off));
  ip[8] = 64;
  ip[9] = l4.proto;
  inet_pton(AF_INET, saddr, ip + 12);
  inet_pton(AF_INET, daddr, ip + 16);
  uint32_t l4len = 8 + l4.payload;
  if (frag_off == 0) l4len = write_l4(ip + 20, l4) + l4.payload;
  const uint32_t tot = 20 + l4len;
  put16(ip + 2, static_cast<uint16_t>(tot));
  put16(ip + 10, inet_csum(ip, 20));
  t.frame.len = 14 + tot;
  Headers& h = t.frame.hdr;
  h.ethertype = 0x0800;
  h.nfproto = kNfprotoIpv4;
  h.l3_off = 14;
  h.l4_off = frag_off == 0 ? 34 : 0;
  h.l4proto = l4.proto;
  h.l3_len = static_cast<uint16_t>(tot);
  h.fragment = frag_off != 0 || more_frags;
  h.later_fragment = frag_off != 0;
  return t;
}

inline TestFrame ipv6(const char* saddr, const char* daddr, const L4& l4 = {}) {
  TestFrame t;
  init_frame(t);
  uint8_t* e = t.frame.data;
  put16(e + 12, 0x86dd);
  uint8_t* ip = e + 14;
  ip[0] = 0x60;
  ip[6] = l4.proto;
  ip[7] = 64;
  inet_pton(AF_INET6, saddr, ip + 8);
  inet_pton(AF_INET6, daddr, ip + 24);
  const uint32_t l4len = write_l4(ip + 40, l4) + l4.payload;
  put16(ip + 4, static_cast<uint16_t>(l4len));
  t.frame.len = 14 + 40 + l4len;
  Headers& h = t.frame.hdr;
  h.ethertype = 0x86dd;
  h.nfproto = kNfprotoIpv6;
  h.l3_off = 14;
  h.l4_off = 54;
  h.l4proto = l4.proto;
  h.l3_len = static_cast<uint16_t>(40 + l4len);
  return t;
}

// Records what the VM asks of the engine.
struct RecordingEnv : Env {
  std::vector<std::string> logs;
  uint32_t next_random = 0;
  struct CtSet {
    uint32_t key;
    int dir;
    std::vector<uint8_t> data;
  };
  std::vector<CtSet> ct_sets;
  RouteAnswer route;
  RouteQuery last_query;

  uint32_t random_u32() override { return next_random; }
  void log(std::string_view line) override { logs.emplace_back(line); }
  void ct_set(uint32_t key, int dir, const uint8_t* data, uint32_t len) override {
    ct_sets.push_back({key, dir, std::vector<uint8_t>(data, data + len)});
  }
  RouteAnswer fib_route(const RouteQuery& q) override {
    last_query = q;
    return route;
  }
};

inline IfInfo iface(uint32_t ifindex, const char* name) {
  IfInfo i;
  i.ifindex = ifindex;
  std::strncpy(i.name, name, sizeof(i.name) - 1);
  return i;
}

}  // namespace nftx::fastpath::classify::testing
