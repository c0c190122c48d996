// SPDX-License-Identifier: GPL-2.0-or-later
// Builds ctnetlink messages the way the kernel lays them out, for cases a real kernel here
// cannot produce (offloaded flows: no nf_flow_table) or must not (malformed attributes).
#pragma once

#include <libmnl/libmnl.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_conntrack.h>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace nftx::conntrack::testing {

class CtMessage {
 public:
  explicit CtMessage(uint8_t family, uint16_t type = IPCTNL_MSG_CT_NEW) : buf_(8192) {
    nlh_ = mnl_nlmsg_put_header(buf_.data());
    nlh_->nlmsg_type = static_cast<uint16_t>((NFNL_SUBSYS_CTNETLINK << 8) | type);
    nlh_->nlmsg_flags = NLM_F_MULTI;
    auto* gen = static_cast<nfgenmsg*>(mnl_nlmsg_put_extra_header(nlh_, sizeof(nfgenmsg)));
    gen->nfgen_family = family;
    gen->version = NFNETLINK_V0;
  }

  nlattr* begin(uint16_t type) { return mnl_attr_nest_start(nlh_, type); }
  void end(nlattr* nest) { mnl_attr_nest_end(nlh_, nest); }

  void raw(uint16_t type, const std::vector<uint8_t>& bytes) {
    mnl_attr_put(nlh_, type, bytes.size(), bytes.data());
  }
  void u8(uint16_t type, uint8_t v) { raw(type, {v}); }
  void be16(uint16_t type, uint16_t v) { raw(type, be(v, 2)); }
  void be32(uint16_t type, uint32_t v) { raw(type, be(v, 4)); }
  void be64(uint16_t type, uint64_t v) { raw(type, be(v, 8)); }
  void str(uint16_t type, const std::string& s) { mnl_attr_put_strz(nlh_, type, s.c_str()); }

  // A tuple with a port-carrying protocol; addresses are 4 or 16 bytes.
  void tuple(uint16_t type, const std::vector<uint8_t>& src, const std::vector<uint8_t>& dst,
             uint8_t proto, uint16_t sport, uint16_t dport) {
    nlattr* t = begin(type);
    nlattr* ip = begin(CTA_TUPLE_IP);
    const bool v4 = src.size() == 4;
    raw(v4 ? CTA_IP_V4_SRC : CTA_IP_V6_SRC, src);
    raw(v4 ? CTA_IP_V4_DST : CTA_IP_V6_DST, dst);
    end(ip);
    nlattr* p = begin(CTA_TUPLE_PROTO);
    u8(CTA_PROTO_NUM, proto);
    be16(CTA_PROTO_SRC_PORT, sport);
    be16(CTA_PROTO_DST_PORT, dport);
    end(p);
    end(t);
  }

  void counters(uint16_t type, uint64_t packets, uint64_t bytes) {
    nlattr* c = begin(type);
    be64(CTA_COUNTERS_PACKETS, packets);
    be64(CTA_COUNTERS_BYTES, bytes);
    end(c);
  }

  const nlmsghdr* header() const { return nlh_; }
  std::vector<uint8_t> bytes() const {
    const auto* p = reinterpret_cast<const uint8_t*>(nlh_);
    return {p, p + nlh_->nlmsg_len};
  }

 private:
  static std::vector<uint8_t> be(uint64_t v, size_t n) {
    std::vector<uint8_t> out(n);
    for (size_t i = 0; i < n; ++i) out[n - 1 - i] = static_cast<uint8_t>(v >> (8 * i));
    return out;
  }

  std::vector<char> buf_;
  nlmsghdr* nlh_;
};

inline std::vector<uint8_t> ip4(uint8_t a, uint8_t b, uint8_t c, uint8_t d) { return {a, b, c, d}; }

// The flowtable-offloaded TCP flow of a typical NAT router: the kernel reports neither
// CTA_TIMEOUT nor CTA_PROTOINFO for it.
inline CtMessage offloaded_tcp(uint32_t status_bits) {
  CtMessage m(2);
  m.tuple(CTA_TUPLE_ORIG, ip4(198, 51, 100, 100), ip4(192, 0, 2, 100), 6, 41676, 1122);
  m.tuple(CTA_TUPLE_REPLY, ip4(192, 0, 2, 100), ip4(198, 51, 100, 100), 6, 1122, 41676);
  m.be32(CTA_STATUS, status_bits);
  m.be32(CTA_MARK, 0);
  m.be32(CTA_USE, 2);
  m.be32(CTA_ID, 77);
  return m;
}

}  // namespace nftx::conntrack::testing
