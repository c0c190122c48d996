// SPDX-License-Identifier: GPL-2.0-or-later
#include "backends/fastpath/classify/log_line.h"

#include <arpa/inet.h>

#include <cstdio>
#include <cstring>

namespace nftx::fastpath::classify {

namespace {

constexpr uint32_t kLogTcpseq = 1, kLogMacdecode = 32;

uint16_t be16(const uint8_t* p) { return static_cast<uint16_t>((p[0] << 8) | p[1]); }
uint32_t be32(const uint8_t* p) {
  return (static_cast<uint32_t>(p[0]) << 24) | (static_cast<uint32_t>(p[1]) << 16) |
         (static_cast<uint32_t>(p[2]) << 8) | p[3];
}

void append(std::string& out, const char* fmt, auto... args) {
  char buf[160];
  const int n = std::snprintf(buf, sizeof(buf), fmt, args...);
  if (n <= 0) return;
  out.append(buf, static_cast<size_t>(n) < sizeof(buf) ? static_cast<size_t>(n) : sizeof(buf) - 1);
}

void append_addr(std::string& out, const char* label, int af, const uint8_t* a) {
  char buf[INET6_ADDRSTRLEN] = {};
  inet_ntop(af, a, buf, sizeof(buf));
  out += label;
  out += buf;
  out += ' ';
}

void transport(std::string& out, uint8_t proto, const uint8_t* l4, uint32_t avail, uint32_t flags) {
  switch (proto) {
    case 6:
      out += "PROTO=TCP ";
      if (avail < 20) return;
      append(out, "SPT=%u DPT=%u ", be16(l4), be16(l4 + 2));
      if (flags & kLogTcpseq) append(out, "SEQ=%u ACK=%u ", be32(l4 + 4), be32(l4 + 8));
      append(out, "WINDOW=%u RES=0x%02x ", be16(l4 + 14), (l4[12] & 0x0fu) << 2);
      {
        static constexpr const char* kNames[8] = {"FIN ", "SYN ", "RST ", "PSH ",
                                                  "ACK ", "URG ", "ECE ", "CWR "};
        for (int bit = 7; bit >= 0; --bit) {
          if (l4[13] & (1u << bit)) out += kNames[bit];
        }
      }
      append(out, "URGP=%u ", be16(l4 + 18));
      return;
    case 17:
    case 136:
      out += proto == 17 ? "PROTO=UDP " : "PROTO=UDPLITE ";
      if (avail >= 8) append(out, "SPT=%u DPT=%u LEN=%u ", be16(l4), be16(l4 + 2), be16(l4 + 4));
      return;
    case 1:
    case 58:
      out += proto == 1 ? "PROTO=ICMP " : "PROTO=ICMPv6 ";
      if (avail < 4) return;
      append(out, "TYPE=%u CODE=%u ", l4[0], l4[1]);
      if (avail >= 8 && (l4[0] == 0 || l4[0] == 8 || l4[0] == 128 || l4[0] == 129)) {
        append(out, "ID=%u SEQ=%u ", be16(l4 + 4), be16(l4 + 6));
      }
      return;
    default:
      append(out, "PROTO=%u ", proto);
      return;
  }
}

}  // namespace

void format_log_line(const Packet& pkt, const std::string& prefix, uint32_t flags,
                     std::string& out) {
  const Frame& f = *pkt.frame;
  out = prefix;
  out += "IN=";
  if (pkt.in) out += pkt.in->name;
  out += " OUT=";
  if (pkt.out) out += pkt.out->name;
  out += ' ';
  // The link header is shown for received packets (or always with MACDECODE).
  if ((pkt.in != nullptr || (flags & kLogMacdecode)) && f.len >= 14) {
    out += "MAC=";
    const uint32_t n = f.hdr.l3_off != 0 ? f.hdr.l3_off : 14;
    for (uint32_t i = 0; i < n && i < f.len; ++i) append(out, i ? ":%02x" : "%02x", f.data[i]);
    out += ' ';
  }
  const uint8_t* ip = f.l3();
  const uint32_t avail = f.len > f.hdr.l3_off ? f.len - f.hdr.l3_off : 0;
  const uint32_t l4avail = f.hdr.l4_off != 0 && f.len > f.hdr.l4_off ? f.len - f.hdr.l4_off : 0;
  if (f.hdr.nfproto == kNfprotoIpv4 && avail >= 20) {
    append_addr(out, "SRC=", AF_INET, ip + 12);
    append_addr(out, "DST=", AF_INET, ip + 16);
    append(out, "LEN=%u TOS=0x%02X PREC=0x%02X TTL=%u ID=%u ", be16(ip + 2), ip[1] & 0x1e,
           ip[1] & 0xe0, ip[8], be16(ip + 4));
    const uint16_t frag = be16(ip + 6);
    if (frag & 0x8000) out += "CE ";
    if (frag & 0x4000) out += "DF ";
    if (frag & 0x2000) out += "MF ";
    if (frag & 0x1fff) {
      append(out, "FRAG:%u ", frag & 0x1fff);
      return;
    }
    transport(out, f.hdr.l4proto, f.l4(), l4avail, flags);
  } else if (f.hdr.nfproto == kNfprotoIpv6 && avail >= 40) {
    append_addr(out, "SRC=", AF_INET6, ip + 8);
    append_addr(out, "DST=", AF_INET6, ip + 24);
    const uint32_t w = be32(ip);
    append(out, "LEN=%u TC=%u HOPLIMIT=%u FLOWLBL=%u ", be16(ip + 4) + 40u, (w >> 20) & 0xff,
           ip[7], w & 0xfffff);
    if (f.hdr.later_fragment) return;
    transport(out, f.hdr.l4proto, f.l4(), l4avail, flags);
  } else {
    append(out, "PROTO=0x%04x ", f.hdr.ethertype);
  }
}

}  // namespace nftx::fastpath::classify
