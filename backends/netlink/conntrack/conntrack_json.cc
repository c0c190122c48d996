// SPDX-License-Identifier: GPL-2.0-or-later
// Shape of one entry (keys always present unless marked "optional"):
//   family, l3proto, protocol, l4proto, timeout (null when the kernel gave none, e.g. offloaded),
//   state (null when none), orig, reply (tuples: src, dst, then sport/dport, srckey/dstkey or
//   type/code/id by protocol, zone optional), status {value, flags[]}, assured, unreplied,
//   offload, hw_offload, counters {orig, reply} (optional: accounting on), mark, secmark,
//   secctx, zone, use, id (null when absent), tcp, timestamp, helper, labels, master (optional).
#include "backends/netlink/conntrack/conntrack_json.h"

#include "backends/netlink/conntrack/conntrack_tables.h"
#include "backends/netlink/conntrack/conntrack_text.h"

namespace nftx::conntrack {
namespace {

using Json = nlohmann::ordered_json;

template <typename T>
Json or_null(const std::optional<T>& v) {
  return v ? Json(*v) : Json(nullptr);
}

Json tuple_to_json(uint8_t family, const Tuple& t) {
  Json j;
  j["src"] = address_to_string(family, t.src);
  j["dst"] = address_to_string(family, t.dst);
  if (const L4Protocol* proto = find_l4_protocol(t.l4proto)) {
    switch (proto->fields) {
      case L4Fields::Ports:
        j["sport"] = t.sport.value_or(0);
        j["dport"] = t.dport.value_or(0);
        break;
      case L4Fields::GreKeys:
        j["srckey"] = t.sport.value_or(0);
        j["dstkey"] = t.dport.value_or(0);
        break;
      case L4Fields::Icmp: {
        const IcmpKey icmp = t.icmp.value_or(IcmpKey{});
        j["type"] = icmp.type;
        j["code"] = icmp.code;
        j["id"] = icmp.id;
        break;
      }
    }
  } else {
    if (t.sport) j["sport"] = *t.sport;
    if (t.dport) j["dport"] = *t.dport;
  }
  if (t.zone) j["zone"] = *t.zone;
  return j;
}

Json counters_to_json(const Counters& c) {
  return Json{{"packets", c.packets}, {"bytes", c.bytes}};
}

Json status_to_json(uint32_t value) {
  Json flags = Json::array();
  uint32_t known = 0;
  for (const auto& bit : kStatusBits) {
    known |= bit.mask;
    if (value & bit.mask) flags.push_back(bit.name);
  }
  // Bits newer than this table still show, by number, rather than vanish.
  for (uint32_t b = 0; b < 32; ++b) {
    if ((value & ~known) & (1u << b)) flags.push_back("BIT" + std::to_string(b));
  }
  return Json{{"value", value}, {"flags", flags}};
}

Json tcp_to_json(const TcpDetails& tcp) {
  Json j = Json::object();
  if (tcp.wscale_orig) j["wscale_orig"] = *tcp.wscale_orig;
  if (tcp.wscale_reply) j["wscale_reply"] = *tcp.wscale_reply;
  if (tcp.flags_orig) j["flags_orig"] = *tcp.flags_orig;
  if (tcp.flags_reply) j["flags_reply"] = *tcp.flags_reply;
  return j;
}

}  // namespace

Json entry_to_json(const ConntrackEntry& e) {
  Json j;
  j["family"] = family_name(e.l3family);
  j["l3proto"] = e.l3family;
  j["protocol"] = l4_protocol_name(e.l4proto());
  j["l4proto"] = e.l4proto();
  j["timeout"] = or_null(e.timeout);
  j["state"] = e.proto_state ? Json(state_name(*e.proto_state)) : Json(nullptr);
  j["orig"] = tuple_to_json(e.l3family, e.orig);
  j["reply"] = tuple_to_json(e.l3family, e.reply);
  const uint32_t st = e.status.value_or(0);
  j["status"] = e.status ? status_to_json(st) : Json(nullptr);
  j["assured"] = (st & status::kAssured) != 0;
  j["unreplied"] = e.status && !(st & status::kSeenReply);
  j["offload"] = (st & status::kOffload) != 0;
  j["hw_offload"] = (st & status::kHwOffload) != 0;
  if (e.orig_counters || e.reply_counters) {
    Json c = Json::object();
    if (e.orig_counters) c["orig"] = counters_to_json(*e.orig_counters);
    if (e.reply_counters) c["reply"] = counters_to_json(*e.reply_counters);
    j["counters"] = c;
  }
  j["mark"] = or_null(e.mark);
  j["secmark"] = or_null(e.secmark);
  j["secctx"] = or_null(e.secctx);
  j["zone"] = or_null(e.zone);
  j["use"] = or_null(e.use);
  j["id"] = or_null(e.id);
  if (e.tcp) j["tcp"] = tcp_to_json(*e.tcp);
  if (e.timestamp) {
    j["timestamp"] =
        Json{{"start_ns", e.timestamp->start_ns}, {"stop_ns", or_null(e.timestamp->stop_ns)}};
  }
  j["helper"] = or_null(e.helper);
  j["labels"] = e.labels ? Json(*e.labels) : Json(nullptr);
  if (e.master) j["master"] = tuple_to_json(e.l3family, *e.master);
  return j;
}

Json table_to_json(const std::vector<ConntrackEntry>& entries) {
  Json list = Json::array();
  for (const auto& e : entries) list.push_back(entry_to_json(e));
  return Json{{"conntrack", list}};
}

}  // namespace nftx::conntrack
