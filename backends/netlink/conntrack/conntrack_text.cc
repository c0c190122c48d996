// SPDX-License-Identifier: GPL-2.0-or-later
#include "backends/netlink/conntrack/conntrack_text.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cstdio>

#include "backends/netlink/conntrack/conntrack_tables.h"

#ifndef NFTX_VERSION
#define NFTX_VERSION "0.0.0"
#endif

namespace nftx::conntrack {
namespace {

// Each piece ends with one space, as conntrack-tools builds its line; the last one is dropped.
class Line {
 public:
  void add(std::string_view piece) {
    text_ += piece;
    text_ += ' ';
  }
  template <typename... Args>
  void addf(const char* fmt, Args... args) {
    char buf[128];
    const int n = std::snprintf(buf, sizeof(buf), fmt, args...);
    if (n > 0)
      add(std::string_view(buf, std::min<size_t>(static_cast<size_t>(n), sizeof(buf) - 1)));
  }
  std::string finish() {
    if (!text_.empty()) text_.pop_back();
    return std::move(text_);
  }

 private:
  std::string text_;
};

void add_tuple(Line& line, uint8_t family, const Tuple& t) {
  if (family == kFamilyIpv4 || family == kFamilyIpv6) {
    line.add("src=" + address_to_string(family, t.src));
    line.add("dst=" + address_to_string(family, t.dst));
  }
  const L4Protocol* proto = find_l4_protocol(t.l4proto);
  if (!proto) return;
  switch (proto->fields) {
    case L4Fields::Ports:
      line.addf("sport=%u dport=%u", unsigned{t.sport.value_or(0)}, unsigned{t.dport.value_or(0)});
      break;
    case L4Fields::GreKeys:
      line.addf("srckey=0x%x dstkey=0x%x", unsigned{t.sport.value_or(0)},
                unsigned{t.dport.value_or(0)});
      break;
    case L4Fields::Icmp: {
      const IcmpKey icmp = t.icmp.value_or(IcmpKey{});
      line.addf("type=%d code=%d id=%d", int{icmp.type}, int{icmp.code}, int{icmp.id});
      break;
    }
  }
}

void add_counters(Line& line, const std::optional<Counters>& c) {
  if (!c) return;
  line.addf("packets=%llu bytes=%llu", static_cast<unsigned long long>(c->packets),
            static_cast<unsigned long long>(c->bytes));
}

// One tag at most, offload winning over assured, as conntrack-tools shows them.
std::string_view final_tag(uint32_t st) {
  if (st & status::kHwOffload) return "[HW_OFFLOAD]";
  if (st & status::kOffload) return "[OFFLOAD]";
  if (st & status::kAssured) return "[ASSURED]";
  return "";
}

void add_labels(Line& line, const std::vector<uint16_t>& bits, const TextOptions& options) {
  std::string names;
  for (uint16_t bit : bits) {
    if (bit >= options.label_names.size() || options.label_names[bit].empty()) continue;
    names += (names.empty() ? "" : ",") + options.label_names[bit];
  }
  line.add("labels=" + names);
}

}  // namespace

std::string address_to_string(uint8_t family, const Address& address) {
  char buf[INET6_ADDRSTRLEN] = {};
  const int af = family == kFamilyIpv4 ? AF_INET : AF_INET6;
  if ((family != kFamilyIpv4 && family != kFamilyIpv6) ||
      inet_ntop(af, address.data(), buf, sizeof(buf)) == nullptr) {
    return "";
  }
  return buf;
}

std::string format_conntrack_line(const ConntrackEntry& e, const TextOptions& options) {
  Line line;
  if (options.show_layer3)
    line.addf("%-8s %u", family_name(e.l3family).data(), unsigned{e.l3family});
  line.addf("%-8s %u", l4_protocol_name(e.l4proto()).data(), unsigned{e.l4proto()});
  if (e.timeout) {
    line.addf("%u", *e.timeout);
  } else if (options.placeholders) {
    line.add("-");
  }
  if (e.proto_state) {
    line.add(state_name(*e.proto_state));
  } else if (options.placeholders && state_kind_of(e.l4proto())) {
    line.add("-");
  }
  add_tuple(line, e.l3family, e.orig);
  if (e.orig.zone) line.addf("zone-orig=%u", unsigned{*e.orig.zone});
  add_counters(line, e.orig_counters);
  if (e.status && !(*e.status & status::kSeenReply)) line.add("[UNREPLIED]");
  add_tuple(line, e.l3family, e.reply);
  if (e.reply.zone) line.addf("zone-reply=%u", unsigned{*e.reply.zone});
  add_counters(line, e.reply_counters);
  if (e.status && !final_tag(*e.status).empty()) line.add(final_tag(*e.status));
  if (e.mark) line.addf("mark=%u", *e.mark);
  if (e.secmark) line.addf("secmark=%u", *e.secmark);
  if (e.secctx) line.add("secctx=" + *e.secctx);
  if (e.zone) line.addf("zone=%u", unsigned{*e.zone});
  if (e.timestamp) {
    const int64_t start = static_cast<int64_t>(e.timestamp->start_ns / 1000000000u);
    const int64_t stop = e.timestamp->stop_ns
                             ? static_cast<int64_t>(*e.timestamp->stop_ns / 1000000000u)
                             : options.now_sec;
    line.addf("delta-time=%llu", static_cast<unsigned long long>(stop - start));
  }
  if (e.helper) line.add("helper=" + *e.helper);
  if (e.use) line.addf("use=%u", *e.use);
  if (options.show_id && e.id) line.addf("id=%u", *e.id);
  if (e.labels && !options.label_names.empty()) add_labels(line, *e.labels, options);
  return line.finish();
}

std::string conntrack_summary_line(size_t shown) {
  return "nftx v" NFTX_VERSION " (conntrack): " + std::to_string(shown) +
         " flow entries have been shown.";
}

}  // namespace nftx::conntrack
