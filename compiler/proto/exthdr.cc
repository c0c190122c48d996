// SPDX-License-Identifier: GPL-2.0-or-later
// IPv6 extension headers (nft's src/exthdr.c): fields in bits from the start of the extension
// header, which the kernel's exthdr expression finds by next-header value.
#include "compiler/proto/protocol.h"

namespace nftx::proto {
namespace {

using enum TypeId;
constexpr ByteOrder kBig = ByteOrder::Big;

// IPPROTO_* values (netinet/in.h).
constexpr uint8_t kHopopts = 0, kRouting = 43, kFragment = 44, kDstopts = 60, kMh = 135;

// One field per line: the tables are read (and diffed) as data.
// clang-format off
constexpr Field kHbhFields[] = {
    {"nexthdr", InetProto, 0, 8, kBig},
    {"hdrlength", Integer, 8, 8, kBig},
};

constexpr Field kRtFields[] = {
    {"nexthdr", InetProto, 0, 8, kBig},
    {"hdrlength", Integer, 8, 8, kBig},
    {"type", Integer, 16, 8, kBig},
    {"seg-left", Integer, 24, 8, kBig},
};

// Type 0 routing header: 32 reserved bits, then addresses of 128 bits each.
constexpr uint32_t kRt0AddrStart = 64;
constexpr Field kRt0Fields[] = {
    {"reserved", Integer, 32, 32, kBig},
    {"addr[1]", Ip6addr, kRt0AddrStart, 128, kBig},
    {"addr[2]", Ip6addr, kRt0AddrStart + 128, 128, kBig},
};

// Segment routing header (routing type 4): last entry, flags, tag, then the segment list.
constexpr uint32_t kSrhSidStart = 64;
constexpr Field kSrhFields[] = {
    {"last-entry", Integer, 32, 8, kBig},
    {"flags", Integer, 40, 8, kBig},
    {"tag", Integer, 48, 16, kBig},
    {"sid[1]", Ip6addr, kSrhSidStart, 128, kBig},
    {"sid[2]", Ip6addr, kSrhSidStart + 128, 128, kBig},
};

constexpr Field kFragFields[] = {
    {"nexthdr", InetProto, 0, 8, kBig},
    {"reserved", Integer, 8, 8, kBig},
    {"frag-off", Integer, 16, 13, kBig},
    {"reserved2", Integer, 29, 2, kBig},
    {"more-fragments", Integer, 31, 1, kBig},
    {"id", Integer, 32, 32, kBig},
};

constexpr Field kDstFields[] = {
    {"nexthdr", InetProto, 0, 8, kBig},
    {"hdrlength", Integer, 8, 8, kBig},
};

constexpr Field kMhFields[] = {
    {"nexthdr", InetProto, 0, 8, kBig},
    {"hdrlength", Integer, 8, 8, kBig},
    {"type", MhType, 16, 8, kBig},
    {"reserved", Integer, 24, 8, kBig},
    {"checksum", Integer, 32, 16, kBig},
};

// rt0, rt2 and srh are routing headers of a given type: the kernel finds them all by
// IPPROTO_ROUTING. nft declares rt2 without usable fields.
constexpr ExtHeader kExtHeaders[] = {
    {"hbh", kHopopts, kHbhFields},  {"rt", kRouting, kRtFields},
    {"rt0", kRouting, kRt0Fields},  {"rt2", kRouting, {}},
    {"srh", kRouting, kSrhFields},  {"frag", kFragment, kFragFields},
    {"dst", kDstopts, kDstFields},  {"mh", kMh, kMhFields},
};

// clang-format on

}  // namespace

const ExtHeader* ext_header(std::string_view name) {
  for (const ExtHeader& h : kExtHeaders) {
    if (h.name == name) return &h;
  }
  return nullptr;
}

std::span<const ExtHeader> all_ext_headers() { return kExtHeaders; }

const Field* field(const ExtHeader& h, std::string_view name) {
  for (const Field& f : h.fields) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

std::optional<Field> ext_header_array_field(const ExtHeader& h, std::string_view base, uint32_t n) {
  // Both arrays are lists of IPv6 addresses after an 8-byte fixed part.
  constexpr uint32_t kMaxIndex = 255;
  if (n == 0 || n > kMaxIndex) return std::nullopt;
  const bool rt0 = h.name == "rt0" && base == "addr";
  const bool srh = h.name == "srh" && base == "sid";
  if (!rt0 && !srh) return std::nullopt;
  const Field* first = field(h, rt0 ? "addr[1]" : "sid[1]");
  if (first == nullptr) return std::nullopt;
  Field f = *first;
  f.offset_bits = first->offset_bits + (n - 1) * first->len_bits;
  // The name of entries past the table's two is not kept: callers report by `base[n]`.
  f.name = base;
  return f;
}

}  // namespace nftx::proto
