// SPDX-License-Identifier: GPL-2.0-or-later
#include "backends/fastpath/packet/builder.h"

#include <netinet/in.h>

#include <algorithm>
#include <stdexcept>
#include <string>

#include "backends/fastpath/packet/checksum.h"

namespace nftx::fastpath {

namespace {

void put8(std::vector<uint8_t>& v, uint8_t x) { v.push_back(x); }
void put16(std::vector<uint8_t>& v, uint16_t x) {
  v.push_back(static_cast<uint8_t>(x >> 8));
  v.push_back(static_cast<uint8_t>(x));
}
void put32(std::vector<uint8_t>& v, uint32_t x) {
  put16(v, static_cast<uint16_t>(x >> 16));
  put16(v, static_cast<uint16_t>(x));
}

MacAddr mac_or_throw(std::string_view text) {
  auto m = mac_from_text(text);
  if (!m) throw std::invalid_argument("bad MAC address: " + std::string(text));
  return *m;
}

}  // namespace

PacketBuilder& PacketBuilder::eth(std::string_view src_mac, std::string_view dst_mac) {
  src_mac_ = mac_or_throw(src_mac);
  dst_mac_ = mac_or_throw(dst_mac);
  return *this;
}

PacketBuilder& PacketBuilder::vlan(uint16_t tci) {
  vlan_ = true;
  tci_ = tci;
  return *this;
}

PacketBuilder& PacketBuilder::ethertype(uint16_t type) {
  ethertype_ = type;
  return *this;
}

PacketBuilder& PacketBuilder::ipv4(std::string_view src, std::string_view dst) {
  auto s = ip4_from_text(src);
  auto d = ip4_from_text(dst);
  if (!s || !d) throw std::invalid_argument("bad IPv4 address");
  src_ip_ = {};
  dst_ip_ = {};
  std::copy(s->begin(), s->end(), src_ip_.begin());
  std::copy(d->begin(), d->end(), dst_ip_.begin());
  l3_ = L3::V4;
  return *this;
}

PacketBuilder& PacketBuilder::ipv6(std::string_view src, std::string_view dst) {
  auto s = ip6_from_text(src);
  auto d = ip6_from_text(dst);
  if (!s || !d) throw std::invalid_argument("bad IPv6 address");
  src_ip_ = *s;
  dst_ip_ = *d;
  l3_ = L3::V6;
  return *this;
}

PacketBuilder& PacketBuilder::ttl(uint8_t v) {
  ttl_ = v;
  return *this;
}
PacketBuilder& PacketBuilder::tos(uint8_t v) {
  tos_ = v;
  return *this;
}
PacketBuilder& PacketBuilder::ip_id(uint32_t v) {
  ip_id_ = v;
  return *this;
}
PacketBuilder& PacketBuilder::df(bool on) {
  df_ = on;
  return *this;
}
PacketBuilder& PacketBuilder::flow_label(uint32_t v) {
  flow_label_ = v & 0xfffff;
  return *this;
}

PacketBuilder& PacketBuilder::fragment(uint16_t offset, bool more) {
  if (offset % 8 != 0) throw std::invalid_argument("fragment offset must be a multiple of 8");
  frag_ = true;
  frag_offset_ = offset;
  frag_more_ = more;
  return *this;
}

PacketBuilder& PacketBuilder::ip_options(std::span<const uint8_t> options) {
  ip_options_.assign(options.begin(), options.end());
  while (ip_options_.size() % 4 != 0) ip_options_.push_back(0);  // IPOPT_END
  if (ip_options_.size() > 40) throw std::invalid_argument("IPv4 options exceed 40 bytes");
  return *this;
}

PacketBuilder& PacketBuilder::ext_hdr(uint8_t type, std::span<const uint8_t> body) {
  ext_hdrs_.push_back({type, std::vector<uint8_t>(body.begin(), body.end())});
  return *this;
}

PacketBuilder& PacketBuilder::tcp(uint16_t sport, uint16_t dport) {
  l4_ = L4::Tcp;
  sport_ = sport;
  dport_ = dport;
  return *this;
}

PacketBuilder& PacketBuilder::udp(uint16_t sport, uint16_t dport) {
  l4_ = L4::Udp;
  sport_ = sport;
  dport_ = dport;
  return *this;
}

PacketBuilder& PacketBuilder::icmp_echo(uint16_t id, uint16_t seq_no, bool reply) {
  return icmp(reply ? 0 : 8, 0, static_cast<uint32_t>(id) << 16 | seq_no);
}

PacketBuilder& PacketBuilder::icmpv6_echo(uint16_t id, uint16_t seq_no, bool reply) {
  return icmpv6(reply ? 129 : 128, 0, static_cast<uint32_t>(id) << 16 | seq_no);
}

PacketBuilder& PacketBuilder::icmp(uint8_t type, uint8_t code, uint32_t rest) {
  l4_ = L4::Icmp;
  icmp_type_ = type;
  icmp_code_ = code;
  icmp_rest_ = rest;
  return *this;
}

PacketBuilder& PacketBuilder::icmpv6(uint8_t type, uint8_t code, uint32_t rest) {
  icmp(type, code, rest);
  l4_ = L4::Icmpv6;
  return *this;
}

PacketBuilder& PacketBuilder::l4proto(uint8_t proto) {
  l4_ = L4::Raw;
  raw_proto_ = proto;
  return *this;
}

PacketBuilder& PacketBuilder::flags(TcpFlags f) {
  tcp_flags_ = f;
  return *this;
}
PacketBuilder& PacketBuilder::seq(uint32_t v) {
  seq_ = v;
  return *this;
}
PacketBuilder& PacketBuilder::ack(uint32_t v) {
  ack_ = v;
  return *this;
}
PacketBuilder& PacketBuilder::window(uint16_t v) {
  window_ = v;
  return *this;
}
PacketBuilder& PacketBuilder::urg_ptr(uint16_t v) {
  urg_ptr_ = v;
  return *this;
}
PacketBuilder& PacketBuilder::mss(uint16_t v) {
  mss_ = v;
  return *this;
}
PacketBuilder& PacketBuilder::sack_perm() {
  sack_perm_ = true;
  return *this;
}
PacketBuilder& PacketBuilder::zero_checksum() {
  zero_udp_check_ = true;
  return *this;
}

PacketBuilder& PacketBuilder::wscale(uint8_t shift) {
  has_wscale_ = true;
  wscale_ = shift;
  return *this;
}

PacketBuilder& PacketBuilder::timestamps(uint32_t tsval, uint32_t tsecr) {
  has_ts_ = true;
  tsval_ = tsval;
  tsecr_ = tsecr;
  return *this;
}

PacketBuilder& PacketBuilder::tcp_options(std::span<const uint8_t> raw) {
  raw_tcp_options_.assign(raw.begin(), raw.end());
  return *this;
}

PacketBuilder& PacketBuilder::bad_l4_checksum(uint16_t value) {
  has_bad_l4_ = true;
  bad_l4_ = value;
  return *this;
}

PacketBuilder& PacketBuilder::bad_ip_checksum(uint16_t value) {
  has_bad_ip_ = true;
  bad_ip_ = value;
  return *this;
}

PacketBuilder& PacketBuilder::payload(size_t size) {
  payload_.resize(size);
  for (size_t i = 0; i < size; ++i) payload_[i] = static_cast<uint8_t>(i);
  return *this;
}

PacketBuilder& PacketBuilder::payload(std::span<const uint8_t> bytes) {
  payload_.assign(bytes.begin(), bytes.end());
  return *this;
}

PacketBuilder& PacketBuilder::payload_text(std::string_view text) {
  payload_.assign(text.begin(), text.end());
  return *this;
}

std::vector<uint8_t> PacketBuilder::tcp_option_bytes() const {
  // Linux SYN layout: MSS, SACK-perm folded into the timestamp's NOPs, NOP + window scale.
  std::vector<uint8_t> o;
  if (mss_ != 0) {
    o.insert(o.end(), {2, 4});
    put16(o, mss_);
  }
  if (has_ts_) {
    if (sack_perm_) {
      o.insert(o.end(), {4, 2, 8, 10});
    } else {
      o.insert(o.end(), {1, 1, 8, 10});
    }
    put32(o, tsval_);
    put32(o, tsecr_);
  } else if (sack_perm_) {
    o.insert(o.end(), {1, 1, 4, 2});
  }
  if (has_wscale_) o.insert(o.end(), {1, 3, 3, wscale_});
  o.insert(o.end(), raw_tcp_options_.begin(), raw_tcp_options_.end());
  while (o.size() % 4 != 0) o.push_back(1);  // NOP
  if (o.size() > 40) throw std::invalid_argument("TCP options exceed 40 bytes");
  return o;
}

uint8_t PacketBuilder::l4_protocol() const {
  switch (l4_) {
    case L4::Tcp:
      return IPPROTO_TCP;
    case L4::Udp:
      return IPPROTO_UDP;
    case L4::Icmp:
      return IPPROTO_ICMP;
    case L4::Icmpv6:
      return IPPROTO_ICMPV6;
    case L4::Raw:
      return raw_proto_;
    case L4::None:
      return IPPROTO_NONE;
  }
  return IPPROTO_NONE;
}

std::vector<uint8_t> PacketBuilder::l4_segment(bool v6) const {
  std::vector<uint8_t> seg;
  int check_off = -1;
  bool later_fragment = frag_ && frag_offset_ != 0;
  if (!later_fragment) {
    switch (l4_) {
      case L4::Tcp: {
        auto opts = tcp_option_bytes();
        put16(seg, sport_);
        put16(seg, dport_);
        put32(seg, seq_);
        put32(seg, ack_);
        put8(seg, static_cast<uint8_t>((kTcpHdrLen + opts.size()) / 4 << 4));
        put8(seg, static_cast<uint8_t>(tcp_flags_));
        put16(seg, window_);
        put16(seg, 0);
        put16(seg, urg_ptr_);
        seg.insert(seg.end(), opts.begin(), opts.end());
        check_off = 16;
        break;
      }
      case L4::Udp:
        put16(seg, sport_);
        put16(seg, dport_);
        put16(seg, static_cast<uint16_t>(kUdpHdrLen + payload_.size()));
        put16(seg, 0);
        check_off = 6;
        break;
      case L4::Icmp:
      case L4::Icmpv6:
        put8(seg, icmp_type_);
        put8(seg, icmp_code_);
        put16(seg, 0);
        put32(seg, icmp_rest_);
        check_off = 2;
        break;
      case L4::Raw:
      case L4::None:
        break;
    }
  }
  seg.insert(seg.end(), payload_.begin(), payload_.end());
  if (check_off < 0) return seg;

  auto len = static_cast<uint32_t>(seg.size());
  uint32_t s = 0;
  if (l4_ != L4::Icmp) {
    s = v6 ? csum::pseudo_sum_v6(src_ip_.data(), dst_ip_.data(), l4_protocol(), len)
           : csum::pseudo_sum_v4(src_ip_.data(), dst_ip_.data(), l4_protocol(), len);
  }
  uint16_t c = csum::finish(csum::partial(seg.data(), seg.size(), s));
  if (l4_ == L4::Udp && c == 0) c = 0xffff;
  if (l4_ == L4::Udp && zero_udp_check_) c = 0;
  if (has_bad_l4_) c = bad_l4_;
  csum::store16(seg.data() + check_off, c);
  return seg;
}

std::vector<uint8_t> PacketBuilder::build() const {
  std::vector<uint8_t> out;
  out.insert(out.end(), dst_mac_.begin(), dst_mac_.end());
  out.insert(out.end(), src_mac_.begin(), src_mac_.end());
  if (vlan_) {
    put16(out, kEthP8021Q);
    put16(out, tci_);
  }
  switch (l3_) {
    case L3::None:
      put16(out, ethertype_);
      out.insert(out.end(), payload_.begin(), payload_.end());
      return out;
    case L3::V4: {
      put16(out, kEthPIpv4);
      size_t l3 = out.size();
      auto seg = l4_segment(false);
      size_t hlen = kIpv4HdrLen + ip_options_.size();
      put8(out, static_cast<uint8_t>(0x40 | hlen / 4));
      put8(out, tos_);
      put16(out, static_cast<uint16_t>(hlen + seg.size()));
      put16(out, static_cast<uint16_t>(ip_id_));
      put16(out, static_cast<uint16_t>((df_ ? kIpv4Df : 0) | (frag_ && frag_more_ ? kIpv4Mf : 0) |
                                       (frag_ ? frag_offset_ / 8 : 0)));
      put8(out, ttl_);
      put8(out, l4_protocol());
      put16(out, 0);
      out.insert(out.end(), src_ip_.begin(), src_ip_.begin() + 4);
      out.insert(out.end(), dst_ip_.begin(), dst_ip_.begin() + 4);
      out.insert(out.end(), ip_options_.begin(), ip_options_.end());
      uint16_t c = csum::finish(csum::partial(out.data() + l3, hlen));
      csum::store16(out.data() + l3 + 10, has_bad_ip_ ? bad_ip_ : c);
      out.insert(out.end(), seg.begin(), seg.end());
      return out;
    }
    case L3::V6: {
      put16(out, kEthPIpv6);
      auto seg = l4_segment(true);
      std::vector<uint8_t> ext;
      // Each header names the next one: collect the chain of types first.
      std::vector<uint8_t> chain;
      for (const auto& e : ext_hdrs_) chain.push_back(e.type);
      if (frag_) chain.push_back(IPPROTO_FRAGMENT);
      chain.push_back(l4_protocol());
      for (size_t i = 0; i < ext_hdrs_.size(); ++i) {
        const auto& e = ext_hdrs_[i];
        size_t start = ext.size();
        put8(ext, chain[i + 1]);
        put8(ext, 0);
        ext.insert(ext.end(), e.body.begin(), e.body.end());
        size_t pad = (8 - (ext.size() - start) % 8) % 8;
        bool tlv = e.type == IPPROTO_HOPOPTS || e.type == IPPROTO_DSTOPTS;
        if (tlv && pad == 1) {
          put8(ext, 0);  // Pad1
        } else if (tlv && pad >= 2) {
          put8(ext, 1);  // PadN
          put8(ext, static_cast<uint8_t>(pad - 2));
          ext.insert(ext.end(), pad - 2, 0);
        } else {
          ext.insert(ext.end(), pad, 0);
        }
        size_t total = ext.size() - start;
        ext[start + 1] = static_cast<uint8_t>(e.type == IPPROTO_AH ? total / 4 - 2 : total / 8 - 1);
      }
      if (frag_) {
        put8(ext, chain[ext_hdrs_.size() + 1]);
        put8(ext, 0);
        put16(ext, static_cast<uint16_t>(frag_offset_ | (frag_more_ ? 1 : 0)));
        put32(ext, ip_id_);
      }
      put32(out, 0x60000000u | static_cast<uint32_t>(tos_) << 20 | flow_label_);
      put16(out, static_cast<uint16_t>(ext.size() + seg.size()));
      put8(out, chain[0]);
      put8(out, ttl_);
      out.insert(out.end(), src_ip_.begin(), src_ip_.end());
      out.insert(out.end(), dst_ip_.begin(), dst_ip_.end());
      out.insert(out.end(), ext.begin(), ext.end());
      out.insert(out.end(), seg.begin(), seg.end());
      return out;
    }
  }
  return out;
}

}  // namespace nftx::fastpath
