// SPDX-License-Identifier: GPL-2.0-or-later
// Attribute layouts: include/uapi/linux/netfilter/nfnetlink_conntrack.h. Integers are big
// endian except CTA_LABELS (a host-order bitmap of unsigned longs, read as 32-bit words like
// libnetfilter_conntrack does) and the TCP flags (a byte pair).
#include "backends/netlink/conntrack/ctnetlink_parse.h"

#include <libmnl/libmnl.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_conntrack.h>

#include <array>
#include <cerrno>
#include <cstring>

namespace nftx::conntrack {
namespace {

struct Collect {
  const nlattr** table;
  size_t size;
};

int collect_cb(const nlattr* attr, void* data) {
  auto* c = static_cast<Collect*>(data);
  const uint16_t type = mnl_attr_get_type(attr);
  if (type < c->size) c->table[type] = attr;  // unknown (newer) attributes are ignored
  return MNL_CB_OK;
}

template <size_t N>
using Table = std::array<const nlattr*, N>;

template <size_t N>
bool parse_nested(const nlattr* nest, Table<N>& tb) {
  Collect c{tb.data(), N};
  return mnl_attr_parse_nested(nest, collect_cb, &c) >= 0;
}

const uint8_t* payload(const nlattr* a) {
  return static_cast<const uint8_t*>(mnl_attr_get_payload(a));
}

// Reads attribute payloads; the first problem is kept in `error` and later reads return empty.
class Reader {
 public:
  template <typename T>
  std::optional<T> be(const nlattr* a, const char* name) {
    if (!a) return std::nullopt;
    if (mnl_attr_get_payload_len(a) < sizeof(T)) return fail<T>(name);
    uint64_t v = 0;
    for (size_t i = 0; i < sizeof(T); ++i) v = (v << 8) | payload(a)[i];
    return static_cast<T>(v);
  }

  std::optional<std::string> str(const nlattr* a, const char* name) {
    if (!a) return std::nullopt;
    const auto* p = reinterpret_cast<const char*>(payload(a));
    const size_t len = mnl_attr_get_payload_len(a);
    const size_t n = strnlen(p, len);
    if (n == len) return fail<std::string>(name);  // not NUL-terminated
    return std::string(p, n);
  }

  template <size_t N>
  bool nested(const nlattr* a, Table<N>& tb, const char* name) {
    if (!a) return false;
    if (!parse_nested(a, tb)) {
      fail<int>(name);
      return false;
    }
    return true;
  }

  template <typename T>
  std::optional<T> fail(const char* name) {
    if (error.empty()) error = std::string("malformed ") + name;
    return std::nullopt;
  }

  std::string error;
};

std::optional<Tuple> read_tuple(Reader& r, const nlattr* attr, const char* name, uint8_t& family) {
  Table<CTA_TUPLE_MAX + 1> tb{};
  if (!r.nested(attr, tb, name)) return std::nullopt;
  Tuple t;
  Table<CTA_IP_MAX + 1> ip{};
  if (r.nested(tb[CTA_TUPLE_IP], ip, "CTA_TUPLE_IP")) {
    auto copy = [&](const nlattr* a, Address& out, size_t len, uint8_t fam) {
      if (!a) return;
      if (mnl_attr_get_payload_len(a) < len) {
        r.fail<int>("CTA_IP address");
        return;
      }
      std::memcpy(out.data(), payload(a), len);
      if (family == 0) family = fam;  // only when the message header did not say
    };
    copy(ip[CTA_IP_V4_SRC], t.src, 4, kFamilyIpv4);
    copy(ip[CTA_IP_V4_DST], t.dst, 4, kFamilyIpv4);
    copy(ip[CTA_IP_V6_SRC], t.src, 16, kFamilyIpv6);
    copy(ip[CTA_IP_V6_DST], t.dst, 16, kFamilyIpv6);
  }
  Table<CTA_PROTO_MAX + 1> proto{};
  if (r.nested(tb[CTA_TUPLE_PROTO], proto, "CTA_TUPLE_PROTO")) {
    t.l4proto = r.be<uint8_t>(proto[CTA_PROTO_NUM], "CTA_PROTO_NUM").value_or(0);
    t.sport = r.be<uint16_t>(proto[CTA_PROTO_SRC_PORT], "CTA_PROTO_SRC_PORT");
    t.dport = r.be<uint16_t>(proto[CTA_PROTO_DST_PORT], "CTA_PROTO_DST_PORT");
    const bool v6 = proto[CTA_PROTO_ICMPV6_TYPE] || proto[CTA_PROTO_ICMPV6_ID];
    const nlattr* id = proto[v6 ? CTA_PROTO_ICMPV6_ID : CTA_PROTO_ICMP_ID];
    const nlattr* type = proto[v6 ? CTA_PROTO_ICMPV6_TYPE : CTA_PROTO_ICMP_TYPE];
    const nlattr* code = proto[v6 ? CTA_PROTO_ICMPV6_CODE : CTA_PROTO_ICMP_CODE];
    if (id || type || code) {
      IcmpKey k;
      k.id = r.be<uint16_t>(id, "CTA_PROTO_ICMP_ID").value_or(0);
      k.type = r.be<uint8_t>(type, "CTA_PROTO_ICMP_TYPE").value_or(0);
      k.code = r.be<uint8_t>(code, "CTA_PROTO_ICMP_CODE").value_or(0);
      t.icmp = k;
    }
  }
  t.zone = r.be<uint16_t>(tb[CTA_TUPLE_ZONE], "CTA_TUPLE_ZONE");
  return t;
}

std::optional<Counters> read_counters(Reader& r, const nlattr* attr, const char* name) {
  Table<CTA_COUNTERS_MAX + 1> tb{};
  if (!r.nested(attr, tb, name)) return std::nullopt;
  Counters c;
  auto pick = [&](int wide, int narrow, const char* what) -> uint64_t {
    if (tb[wide]) return r.be<uint64_t>(tb[wide], what).value_or(0);
    return r.be<uint32_t>(tb[narrow], what).value_or(0);
  };
  c.packets = pick(CTA_COUNTERS_PACKETS, CTA_COUNTERS32_PACKETS, "CTA_COUNTERS_PACKETS");
  c.bytes = pick(CTA_COUNTERS_BYTES, CTA_COUNTERS32_BYTES, "CTA_COUNTERS_BYTES");
  return c;
}

void read_protoinfo(Reader& r, const nlattr* attr, ConntrackEntry& e) {
  Table<CTA_PROTOINFO_MAX + 1> tb{};
  if (!r.nested(attr, tb, "CTA_PROTOINFO")) return;
  Table<CTA_PROTOINFO_TCP_MAX + 1> tcp{};
  if (r.nested(tb[CTA_PROTOINFO_TCP], tcp, "CTA_PROTOINFO_TCP")) {
    if (auto s = r.be<uint8_t>(tcp[CTA_PROTOINFO_TCP_STATE], "CTA_PROTOINFO_TCP_STATE")) {
      e.proto_state = ProtoState{StateKind::Tcp, *s};
    }
    TcpDetails d;
    d.wscale_orig = r.be<uint8_t>(tcp[CTA_PROTOINFO_TCP_WSCALE_ORIGINAL], "TCP_WSCALE");
    d.wscale_reply = r.be<uint8_t>(tcp[CTA_PROTOINFO_TCP_WSCALE_REPLY], "TCP_WSCALE");
    // struct nf_ct_tcp_flags { __u8 flags; __u8 mask; }: the first byte is the flags.
    d.flags_orig = r.be<uint8_t>(tcp[CTA_PROTOINFO_TCP_FLAGS_ORIGINAL], "TCP_FLAGS");
    d.flags_reply = r.be<uint8_t>(tcp[CTA_PROTOINFO_TCP_FLAGS_REPLY], "TCP_FLAGS");
    if (d != TcpDetails{}) e.tcp = d;
  }
  Table<CTA_PROTOINFO_SCTP_MAX + 1> sctp{};
  if (r.nested(tb[CTA_PROTOINFO_SCTP], sctp, "CTA_PROTOINFO_SCTP")) {
    if (auto s = r.be<uint8_t>(sctp[CTA_PROTOINFO_SCTP_STATE], "CTA_PROTOINFO_SCTP_STATE")) {
      e.proto_state = ProtoState{StateKind::Sctp, *s};
    }
  }
  Table<CTA_PROTOINFO_DCCP_MAX + 1> dccp{};
  if (r.nested(tb[CTA_PROTOINFO_DCCP], dccp, "CTA_PROTOINFO_DCCP")) {
    if (auto s = r.be<uint8_t>(dccp[CTA_PROTOINFO_DCCP_STATE], "CTA_PROTOINFO_DCCP_STATE")) {
      e.proto_state = ProtoState{StateKind::Dccp, *s};
    }
  }
}

std::optional<std::string> read_named(Reader& r, const nlattr* attr, const char* name) {
  Table<2> tb{};  // CTA_HELP_NAME and CTA_SECCTX_NAME are both attribute 1
  if (!r.nested(attr, tb, name)) return std::nullopt;
  return r.str(tb[1], name);
}

std::vector<uint16_t> read_labels(const nlattr* attr) {
  std::vector<uint16_t> bits;
  const size_t words = mnl_attr_get_payload_len(attr) / sizeof(uint32_t);
  for (size_t w = 0; w < words; ++w) {
    uint32_t word = 0;
    std::memcpy(&word, payload(attr) + w * sizeof(uint32_t), sizeof(word));
    for (unsigned b = 0; b < 32; ++b) {
      if (word & (1u << b)) bits.push_back(static_cast<uint16_t>(w * 32 + b));
    }
  }
  return bits;
}

uint16_t subsys_of(uint16_t type) { return static_cast<uint16_t>(type >> 8); }
uint16_t msg_of(uint16_t type) { return static_cast<uint16_t>(type & 0xff); }

int data_cb(const nlmsghdr* nlh, void* data) {
  auto* out = static_cast<MessagesResult*>(data);
  MessageResult m = parse_ct_message(nlh);
  if (m.entry) {
    out->entries.push_back(std::move(*m.entry));
  } else if (!m.error.empty()) {
    out->warnings.push_back(std::move(m.error));
  }
  return MNL_CB_OK;
}

}  // namespace

MessageResult parse_ct_message(const nlmsghdr* nlh) {
  if (subsys_of(nlh->nlmsg_type) != NFNL_SUBSYS_CTNETLINK ||
      msg_of(nlh->nlmsg_type) != IPCTNL_MSG_CT_NEW) {
    return {};
  }
  if (mnl_nlmsg_get_payload_len(nlh) < sizeof(nfgenmsg)) return {std::nullopt, "truncated message"};
  const auto* gen = static_cast<const nfgenmsg*>(mnl_nlmsg_get_payload(nlh));
  Table<CTA_MAX + 1> tb{};
  Collect c{tb.data(), tb.size()};
  if (mnl_attr_parse(nlh, sizeof(nfgenmsg), collect_cb, &c) < 0) {
    return {std::nullopt, "malformed attributes"};
  }
  if (!tb[CTA_TUPLE_ORIG] || !tb[CTA_TUPLE_REPLY]) return {std::nullopt, "entry without tuples"};
  Reader r;
  ConntrackEntry e;
  e.l3family = gen->nfgen_family;
  auto orig = read_tuple(r, tb[CTA_TUPLE_ORIG], "CTA_TUPLE_ORIG", e.l3family);
  auto reply = read_tuple(r, tb[CTA_TUPLE_REPLY], "CTA_TUPLE_REPLY", e.l3family);
  if (orig) e.orig = *orig;
  if (reply) e.reply = *reply;
  if (tb[CTA_TUPLE_MASTER])
    e.master = read_tuple(r, tb[CTA_TUPLE_MASTER], "CTA_TUPLE_MASTER", e.l3family);
  e.status = r.be<uint32_t>(tb[CTA_STATUS], "CTA_STATUS");
  e.timeout = r.be<uint32_t>(tb[CTA_TIMEOUT], "CTA_TIMEOUT");
  if (tb[CTA_PROTOINFO]) read_protoinfo(r, tb[CTA_PROTOINFO], e);
  e.mark = r.be<uint32_t>(tb[CTA_MARK], "CTA_MARK");
  e.secmark = r.be<uint32_t>(tb[CTA_SECMARK], "CTA_SECMARK");
  e.zone = r.be<uint16_t>(tb[CTA_ZONE], "CTA_ZONE");
  e.use = r.be<uint32_t>(tb[CTA_USE], "CTA_USE");
  e.id = r.be<uint32_t>(tb[CTA_ID], "CTA_ID");
  if (tb[CTA_COUNTERS_ORIG])
    e.orig_counters = read_counters(r, tb[CTA_COUNTERS_ORIG], "CTA_COUNTERS_ORIG");
  if (tb[CTA_COUNTERS_REPLY])
    e.reply_counters = read_counters(r, tb[CTA_COUNTERS_REPLY], "CTA_COUNTERS_REPLY");
  Table<CTA_TIMESTAMP_MAX + 1> ts{};
  if (r.nested(tb[CTA_TIMESTAMP], ts, "CTA_TIMESTAMP")) {
    Timestamp t;
    t.start_ns = r.be<uint64_t>(ts[CTA_TIMESTAMP_START], "CTA_TIMESTAMP_START").value_or(0);
    t.stop_ns = r.be<uint64_t>(ts[CTA_TIMESTAMP_STOP], "CTA_TIMESTAMP_STOP");
    e.timestamp = t;
  }
  if (tb[CTA_HELP]) e.helper = read_named(r, tb[CTA_HELP], "CTA_HELP");
  if (tb[CTA_SECCTX]) e.secctx = read_named(r, tb[CTA_SECCTX], "CTA_SECCTX");
  if (tb[CTA_LABELS]) e.labels = read_labels(tb[CTA_LABELS]);
  if (!r.error.empty()) return {std::nullopt, r.error};
  return {std::move(e), ""};
}

int parse_ct_messages(const void* data, size_t len, uint32_t seq, uint32_t portid,
                      MessagesResult& into) {
  errno = 0;
  const int ret = mnl_cb_run(data, len, seq, portid, data_cb, &into);
  if (ret == MNL_CB_STOP) into.done = true;
  if (ret < 0) into.error = errno != 0 ? errno : EINVAL;
  return ret;
}

}  // namespace nftx::conntrack
