// SPDX-License-Identifier: GPL-2.0-or-later
#include "backends/fastpath/conntrack/conntrack_table.h"

#include <cstring>

#include "backends/fastpath/conntrack/simple_tracking.h"
#include "backends/fastpath/conntrack/tcp_tracking.h"

namespace nftx::fastpath::ct {

namespace {

constexpr const char* kStatNames[] = {
#define NFTX_CT_NAME(name, str) str,
    NFTX_CT_STATS(NFTX_CT_NAME)
#undef NFTX_CT_NAME
};

constexpr uint64_t kDayNs = kCtDaySec * kNsPerSec;
constexpr uint32_t kEarlyDropScan = 64;  // conns looked at to find an eviction victim

// Protocols whose confirm clash may be resolved (l4proto->allow_clash).
bool allow_clash(uint8_t l4) {
  return l4 == kProtoUdp || l4 == kProtoIcmp || l4 == kProtoIcmpv6;
}

// nf_ct_match: same flow in both directions.
bool same_flow(const Conn& a, const Conn& b) {
  return a.zone == b.zone && a.tuples[0] == b.tuples[0] && a.tuples[1] == b.tuples[1];
}

}  // namespace

const char* Stats::name(Counter c) { return kStatNames[c]; }

Table::Table(uint32_t max_conns, uint64_t seed)
    : seed_(mix64(seed ^ 0x243f6a8885a308d3ULL)),
      rng_(mix64(seed + 0x13198a2e03707344ULL) | 1),
      max_(max_conns) {
  index_.resize(1024);
}

Table::~Table() = default;

uint32_t Table::random() {
  // xorshift64*.
  rng_ ^= rng_ >> 12;
  rng_ ^= rng_ << 25;
  rng_ ^= rng_ >> 27;
  return static_cast<uint32_t>((rng_ * 0x2545f4914f6cdd1dULL) >> 32);
}

// ---- index ----------------------------------------------------------------------------------

Table::Lookup Table::find(const Tuple& t, uint16_t zone, uint64_t h) const {
  const size_t mask = index_.size() - 1;
  const auto key = static_cast<uint32_t>(h);
  for (size_t i = key & mask;; i = (i + 1) & mask) {
    const Slot& s = index_[i];
    if (s.ref == 0) return {};
    if (s.tag != key) continue;
    uint32_t r = s.ref - 1;
    const Conn& c = at(r >> 1);
    Dir d = (r & 1) ? Dir::kReply : Dir::kOriginal;
    if (c.zone == zone && c.tuples[idx(d)] == t) return {const_cast<Conn*>(&c), d};
  }
}

Table::Lookup Table::lookup(const Tuple& t, uint16_t zone) const {
  return find(t, zone, hash(t, zone, seed_));
}

void Table::index_grow() {
  HugeVector<Slot> old(index_.size() * 2);
  old.swap(index_);
  const size_t mask = index_.size() - 1;
  for (const Slot& s : old) {
    if (s.ref == 0) continue;
    size_t i = s.tag & mask;
    while (index_[i].ref != 0) i = (i + 1) & mask;
    index_[i] = s;
  }
}

void Table::index_insert(Conn* conn, Dir dir) {
  if ((index_used_ + 1) * 2 > index_.size()) index_grow();
  const auto key = static_cast<uint32_t>(hash(conn->tuples[idx(dir)], conn->zone, seed_));
  const size_t mask = index_.size() - 1;
  size_t i = key & mask;
  while (index_[i].ref != 0) i = (i + 1) & mask;
  index_[i] = Slot{key, ((conn->slot << 1) | static_cast<uint32_t>(idx(dir))) + 1};
  ++index_used_;
}

void Table::index_erase(Conn* conn, Dir dir) {
  const auto key = static_cast<uint32_t>(hash(conn->tuples[idx(dir)], conn->zone, seed_));
  const uint32_t ref = ((conn->slot << 1) | static_cast<uint32_t>(idx(dir))) + 1;
  const size_t mask = index_.size() - 1;
  size_t i = key & mask;
  while (index_[i].ref != ref) {
    if (index_[i].ref == 0) return;  // not present
    i = (i + 1) & mask;
  }
  // Backward-shift deletion keeps every probe chain unbroken without tombstones.
  size_t j = i;
  for (;;) {
    j = (j + 1) & mask;
    if (index_[j].ref == 0) break;
    size_t home = index_[j].tag & mask;
    bool movable = (j > i) ? (home <= i || home > j) : (home <= i && home > j);
    if (movable) {
      index_[i] = index_[j];
      i = j;
    }
  }
  index_[i] = Slot{};
  --index_used_;
}

void Table::unhash(Conn* conn) {
  if (!conn->hashed) return;
  // A NAT_CLASH conn only ever had its reply tuple in the index.
  if (!(conn->status & ips::kNatClash)) index_erase(conn, Dir::kOriginal);
  index_erase(conn, Dir::kReply);
  conn->hashed = false;
  --hashed_;
}

bool Table::tuple_taken(const Tuple& t, const Conn* ignored, uint16_t zone) const {
  Lookup l = lookup(t, zone);
  if (l.conn == nullptr || l.conn == ignored) return false;
  // Same original tuple: the same flow racing itself; confirm() resolves that clash.
  if (ignored != nullptr && l.conn->tuples[0] == ignored->tuples[0]) return false;
  return true;
}

// ---- pool -----------------------------------------------------------------------------------

Conn* Table::alloc() {
  if (live_ >= max_ && !early_drop()) {
    count(Stats::table_full);
    return nullptr;
  }
  uint32_t i;
  if (free_head_ != kNone) {
    i = free_head_;
    free_head_ = at(i).link;
  } else {
    if ((pool_used_ >> kChunkShift) >= chunks_.size())
      chunks_.push_back(std::make_unique<Conn[]>(kChunk));
    i = pool_used_++;
  }
  Conn& c = at(i);
  c = Conn{};
  c.slot = i;
  c.link = kNone;
  c.refs = 1;
  c.id = next_id_++;
  ++live_;
  count(Stats::created);
  return &c;
}

void Table::bury(Conn* conn) {
  conn->link = grave_head_;
  grave_head_ = conn->slot;
}

void Table::put(Conn* conn) {
  if (conn->refs == 0) return;
  if (--conn->refs == 0) bury(conn);
}

void Table::reclaim() {
  while (grave_head_ != kNone) {
    Conn& c = at(grave_head_);
    grave_head_ = c.link;
    c.link = free_head_;
    free_head_ = c.slot;
  }
}

bool Table::early_drop() {
  // Evict a confirmed conn that is not ASSURED (and not offloaded), scanning a bounded window
  // of the pool from a moving cursor, as the kernel scans a few hash buckets.
  if (pool_used_ == 0) return false;
  for (uint32_t n = 0; n < kEarlyDropScan && n < pool_used_; ++n) {
    if (evict_cursor_ >= pool_used_) evict_cursor_ = 0;
    Conn& c = at(evict_cursor_++);
    if (!c.hashed || c.dying() || (c.status & (ips::kAssured | ips::kOffload))) continue;
    kill(&c);
    count(Stats::early_drop);
    return true;
  }
  return false;
}

void Table::kill(Conn* conn) {
  if (conn->dying()) return;
  const bool was_hashed = conn->hashed;
  conn->status |= ips::kDying;
  unhash(conn);
  if (was_hashed && hook_) hook_(*conn);
  --live_;
  put(conn);
}

void Table::discard(Conn* conn) {
  if (conn == nullptr || conn->confirmed()) return;
  kill(conn);
}

// ---- packets --------------------------------------------------------------------------------

Table::Result Table::resolve_related(const CtPacket& pkt, uint16_t zone) {
  // The embedded packet is one of ours as it was sent; its inverse is what we track.
  Tuple inv;
  Lookup l;
  if (invert(pkt.inner, inv)) l = lookup(inv, zone);
  // A matching conn must also have the outer destination as its destination in that
  // direction, so an error cannot be aimed at a third host.
  if (l.conn == nullptr ||
      std::memcmp(pkt.tuple.dst, l.conn->tuples[idx(l.dir)].dst, 16) != 0) {
    count(Stats::invalid);
    return {};
  }
  count(Stats::found);
  return {l.conn, l.dir, l.dir == Dir::kReply ? CtInfo::kRelatedReply : CtInfo::kRelated};
}

Table::Result Table::track(Conn* c, Dir dir, CtInfo info, const CtPacket& pkt,
                           uint64_t now_ns, bool& reopen) {
  const Timeouts& t = timeouts_;
  bool kill_after = false;
  bool accounted = true;
  bool valid = true;
  switch (c->l4()) {
    case kProtoTcp: {
      TcpResult r = tcp_packet(*c, dir, pkt, t, now_ns);
      switch (r.verdict) {
        case TcpVerdict::kAccept:
          kill_after = r.kill;
          break;
        case TcpVerdict::kIgnore:
          accounted = false;
          count(Stats::ignore);
          break;
        case TcpVerdict::kInvalid:
          valid = false;
          break;
        case TcpVerdict::kReopen:
          reopen = true;
          return {};
      }
      break;
    }
    case kProtoUdp:
      udp_packet(*c, t, now_ns);
      break;
    case kProtoIcmp:
    case kProtoIcmpv6:
      valid = icmp_packet(*c, t, now_ns);
      break;
    default:
      generic_packet(*c, t, now_ns);
      break;
  }
  if (!valid) {
    if (!c->confirmed()) discard(c);
    count(Stats::invalid);
    return {};
  }
  if (info == CtInfo::kEstablishedReply) c->status |= ips::kSeenReply;
  if (accounted) {
    ++c->packets[idx(dir)];
    c->bytes[idx(dir)] += pkt.len;
  }
  if (kill_after) kill(c);  // the packet keeps its conn; the pointer lives until reclaim()
  return {c, dir, info};
}

Table::Result Table::process(const CtPacket& pkt, uint64_t now_ns, uint16_t zone) {
  if (pkt.untracked) return {nullptr, Dir::kOriginal, CtInfo::kUntracked};
  if (pkt.icmp_error) return resolve_related(pkt, zone);
  // At most one repeat: after a TCP reopen killed the old conn (NF_REPEAT).
  for (int round = 0; round < 2; ++round) {
    Lookup l = lookup(pkt.tuple, zone);
    Conn* c = l.conn;
    CtInfo info;
    if (c == nullptr) {
      Tuple reply;
      if (!invert(pkt.tuple, reply)) {
        count(Stats::invalid);
        return {};
      }
      c = alloc();
      if (c == nullptr) {
        count(Stats::drop);
        Result r;
        r.drop = true;
        return r;
      }
      c->tuples[0] = pkt.tuple;
      c->tuples[1] = reply;
      c->zone = zone;
      info = CtInfo::kNew;
    } else {
      count(Stats::found);
      if (l.dir == Dir::kReply)
        info = CtInfo::kEstablishedReply;
      else
        info = (c->status & ips::kSeenReply) ? CtInfo::kEstablished : CtInfo::kNew;
    }
    bool reopen = false;
    Result r = track(c, l.conn ? l.dir : Dir::kOriginal, info, pkt, now_ns, reopen);
    if (!reopen) return r;
    count(Stats::reopen);
    kill(c);
  }
  count(Stats::invalid);
  return {};
}

Table::Confirm Table::confirm(Conn* conn, uint64_t now_ns) {
  if (conn == nullptr) return {};
  if (conn->confirmed() || conn->dying()) return {conn, false};
  Lookup orig = lookup(conn->tuples[0], conn->zone);
  Lookup reply = lookup(conn->tuples[1], conn->zone);
  if (orig.conn == nullptr && reply.conn == nullptr) {
    conn->status |= ips::kConfirmed;
    index_insert(conn, Dir::kOriginal);
    index_insert(conn, Dir::kReply);
    conn->hashed = true;
    ++hashed_;
    count(Stats::insert);
    return {conn, false};
  }
  // Another conn with one of these tuples got confirmed first (nf_ct_resolve_clash).
  if (allow_clash(conn->l4())) {
    Conn* winner = orig.conn != nullptr ? orig.conn : reply.conn;
    if (same_flow(*winner, *conn)) {
      // Same flow: the packet continues with the winner, which takes over the counters.
      for (int d = 0; d < 2; ++d) {
        winner->packets[d] += conn->packets[d];
        winner->bytes[d] += conn->bytes[d];
      }
      discard(conn);
      count(Stats::clash_resolve);
      return {winner, true};
    }
    if (reply.conn == nullptr) {
      // Different NAT mapping of the same original: keep the loser reachable only by its
      // unique reply tuple, for one second (nf_ct_resolve_clash_harder).
      conn->status |= ips::kConfirmed | ips::kFixedTimeout | ips::kNatClash;
      conn->timeout_ns = now_ns + kNsPerSec;
      index_insert(conn, Dir::kReply);
      conn->hashed = true;
      ++hashed_;
      count(Stats::clash_resolve);
      return {conn, true};
    }
  }
  count(Stats::insert_failed);
  count(Stats::drop);
  discard(conn);
  return {nullptr, true};
}

size_t Table::expire(uint64_t now_ns, const DestroyHook& on_destroy) {
  reclaim();
  size_t n = 0;
  for (uint32_t i = 0; i < pool_used_; ++i) {
    Conn& c = at(i);
    if (!c.hashed || c.dying()) continue;
    if (c.status & ips::kOffload) {
      // nf_ct_offload_timeout(): the flowtable decides; just never let it run out.
      if (c.expires_in(now_ns) < kDayNs / 2) c.timeout_ns = now_ns + kDayNs;
      continue;
    }
    if (c.timeout_ns > now_ns) continue;
    if (on_destroy) on_destroy(c);
    kill(&c);
    count(Stats::expired);
    ++n;
  }
  return n;
}

}  // namespace nftx::fastpath::ct
