// SPDX-License-Identifier: GPL-2.0-or-later
// Protocol headers as data (name, base, fields with bit offset/length/type), plus the links
// between layers that protocol dependencies are built from.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "compiler/ir/ir.h"
#include "compiler/proto/datatype.h"

namespace nftx::proto {

struct Field {
  std::string_view name;  // "saddr", "dport", "dscp", ...
  TypeId type;
  uint32_t offset_bits;   // from the start of this header
  uint32_t len_bits;
  ByteOrder byteorder;    // Big for header fields unless nft says otherwise
};

// An upper-layer protocol and the value the lower layer's key field has for it.
struct Upper {
  std::string_view proto;  // name of another Protocol
  uint64_t value;          // e.g. ip protocol 6 for tcp, ether type 0x0800 for ip
};

struct Protocol {
  std::string_view name;        // "ip", "tcp", "ether", "vlan", "arp", "ip6", "icmp", ...
  ir::PayloadBase base;         // LinkLayer, Network or Transport
  std::span<const Field> fields;
  std::optional<std::string_view> key_field;  // field selecting the next header ("protocol", "type", "nexthdr")
  std::span<const Upper> uppers;
  uint32_t length_bits;         // fixed header length used for "header size" ops (0 if unknown)
};

const Protocol* protocol(std::string_view name);
const Field* field(const Protocol& p, std::string_view name);
std::span<const Protocol> all_protocols();

// ---- meta / ct / rt / fib / socket keys ----
struct Key {
  std::string_view name;  // "l4proto", "mark", "iifname", "state", "saddr" ...
  uint32_t key;           // NFT_META_* / NFT_CT_* / NFT_RT_* ...
  TypeId type;
  uint32_t len_bits;      // register width the kernel writes
  ByteOrder byteorder;
  bool writable = false;  // `meta mark set`, `ct mark set` ...
};

std::span<const Key> meta_keys();
std::span<const Key> ct_keys();
const Key* meta_key(std::string_view name);
const Key* ct_key(std::string_view name);

}  // namespace nftx::proto
