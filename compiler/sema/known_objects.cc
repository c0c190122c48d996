// SPDX-License-Identifier: GPL-2.0-or-later
#include "compiler/sema/known_objects.h"

#include <linux/netfilter/nf_tables.h>

#include <variant>

#include "compiler/proto/datatype.h"

namespace nftx::sema {
namespace {

// A set key or data member as sema types it: the datatype's byte order and width.
ValueType member_type(proto::TypeId id, uint32_t len_bytes) {
  const proto::Datatype& dt = proto::datatype(id);
  uint32_t bits = dt.size_bits;
  if (bits == 0) bits = len_bytes * 8;  // strings (ifname) and plain integers: the set says
  return ValueType{id, dt.byteorder, bits};
}

SetInfo set_info(const ir::Set& s) {
  SetInfo info;
  info.name = s.name;
  info.is_map = (s.flags & (NFT_SET_MAP | NFT_SET_OBJECT)) != 0;
  info.id = 0;  // exists already: referenced by name, never by a batch-local id
  info.flags = s.flags;
  const auto key_type = static_cast<proto::TypeId>(s.key_type);
  const std::vector<proto::TypeId> members = proto::concat_members(s.key_type);
  if (members.size() > 1) {
    for (size_t i = 0; i < members.size(); ++i) {
      const uint32_t len = i < s.field_lengths.size() ? s.field_lengths[i] : 0;
      info.key.push_back(member_type(members[i], len));
    }
  } else {
    info.key.push_back(member_type(key_type, s.key_len));
  }
  if (s.data_type) {
    if (*s.data_type == NFT_DATA_VERDICT) {
      info.verdict_map = true;
    } else {
      info.data = member_type(static_cast<proto::TypeId>(*s.data_type), s.data_len);
    }
  }
  info.obj_type = s.obj_type;
  return info;
}

TableInfo& table_of(Context& ctx, ir::Family family, const std::string& name) {
  auto [it, inserted] = ctx.tables.try_emplace({family, name});
  if (inserted) {
    it->second.family = family;
    it->second.name = name;
  }
  return it->second;
}

struct Seeder {
  Context& ctx;
  void operator()(const ir::Table& t) const { table_of(ctx, t.family, t.name); }
  void operator()(const ir::Chain& c) const {
    ChainInfo info;
    info.name = c.name;
    if (c.hook) {
      info.hooknum = c.hook->hooknum;
      info.type = c.hook->type;
      info.priority = c.hook->priority;
    }
    table_of(ctx, c.family, c.table).chains[c.name] = std::move(info);
  }
  void operator()(const ir::Set& s) const {
    if (s.flags & NFT_SET_ANONYMOUS) return;
    table_of(ctx, s.family, s.table).sets[s.name] = set_info(s);
  }
  void operator()(const ir::Flowtable& f) const {
    table_of(ctx, f.family, f.table).flowtables[f.name] = FlowtableInfo{f.name, f.devices, {}};
  }
  void operator()(const ir::Object& o) const {
    table_of(ctx, o.family, o.table).objects[o.name] = o.type;
  }
  void operator()(const ir::Rule&) const {}
  void operator()(const ir::SetElems&) const {}
};

}  // namespace

void seed_known_objects(Context& ctx, const ir::Batch& existing) {
  for (const ir::Message& m : existing.messages) {
    if (m.verb != ir::Verb::Add) continue;
    std::visit(Seeder{ctx}, m.object);
  }
}

}  // namespace nftx::sema
