// SPDX-License-Identifier: GPL-2.0-or-later
// The conntrack table: a pool of Conns and an open-addressing index over both directions'
// tuples (linear probing, backward-shift deletion; no allocation per lookup or per packet,
// only when the pool or the index grows).
//
// Lifecycle, as the kernel's (nf_conntrack_core.c):
//   process()  at prerouting/output (nf_conntrack_in): finds the conn of the packet or creates
//              an UNCONFIRMED one (not in the index yet) and runs protocol tracking.
//   confirm()  at postrouting/input (nf_conntrack_confirm): inserts an unconfirmed conn, with
//              clash resolution; discard() frees it instead when the packet was dropped.
//   kill()     nf_ct_kill: out of the index, IPS_DYING, the destroy hook runs; the memory stays
//              valid while references are held (hold/put), and until reclaim().
//   expire()   every second: kills timed-out conns. Offloaded conns (IPS_OFFLOAD) are not
//              expired here: the flowtable owns their lifetime (spec §4); like the kernel's GC
//              their timeout is pushed to one day when less than half a day remains.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "backends/fastpath/conntrack/conn.h"
#include "backends/fastpath/conntrack/offload.h"
#include "backends/fastpath/conntrack/packet_info.h"
#include "backends/fastpath/conntrack/timeouts.h"
#include "backends/fastpath/conntrack/tuple.h"
#include "backends/fastpath/packet/huge_page_allocator.h"

namespace nftx::fastpath::ct {

// enum ip_conntrack_info, plus INVALID (no conntrack attached) and UNTRACKED (7 as in-kernel).
enum class CtInfo : uint8_t {
  kEstablished = 0,
  kRelated = 1,
  kNew = 2,
  kEstablishedReply = 3,
  kRelatedReply = 4,
  kInvalid = 6,
  kUntracked = 7,
};

// Counters (like /proc/net/stat/nf_conntrack), defined once.
#define NFTX_CT_STATS(X)                                                              \
  X(found, "found")                 /* packet matched an existing conn */             \
  X(created, "new")                 /* unconfirmed conn created */                    \
  X(invalid, "invalid")             /* packet could not be tracked / out of window */ \
  X(ignore, "ignore")               /* tracking ignored the packet (state kept) */    \
  X(insert, "insert")               /* conn confirmed into the table */               \
  X(insert_failed, "insert_failed") /* confirm clash that could not be resolved */    \
  X(drop, "drop")                   /* packet dropped by conntrack */                 \
  X(early_drop, "early_drop")       /* unassured conn evicted for a new one */        \
  X(table_full, "table_full")       /* new conn refused: nf_conntrack_max reached */  \
  X(clash_resolve, "clash_resolve") /* confirm clash resolved */                      \
  X(expired, "expired")             /* conn removed by timeout */                     \
  X(reopen, "reopen")               /* TCP SYN reopened a closed conn */

struct Stats {
  enum Counter : uint8_t {
#define NFTX_CT_ENUM(name, str) name,
    NFTX_CT_STATS(NFTX_CT_ENUM)
#undef NFTX_CT_ENUM
        kCount
  };
  uint64_t v[kCount] = {};
  uint64_t operator[](Counter c) const { return v[c]; }
  static const char* name(Counter c);
};

inline constexpr uint32_t kDefaultMaxConns = 262144;  // nf_conntrack_max

class Table {
 public:
  using DestroyHook = std::function<void(Conn&)>;
  struct Lookup {
    Conn* conn = nullptr;
    Dir dir = Dir::kOriginal;
  };
  struct Result {
    Conn* conn = nullptr;  // null for INVALID; unconfirmed for a NEW packet
    Dir dir = Dir::kOriginal;
    CtInfo info = CtInfo::kInvalid;
    bool drop = false;  // conntrack drops the packet (table full), as NF_DROP
  };
  struct Confirm {
    Conn* conn = nullptr;  // the conn the packet now belongs to; null: drop the packet
    bool clash = false;    // another conn won; the given one was freed (or NAT_CLASH-inserted)
  };

  explicit Table(uint32_t max_conns = kDefaultMaxConns, uint64_t seed = 0x6e667478u);
  ~Table();
  Table(const Table&) = delete;
  Table& operator=(const Table&) = delete;

  Timeouts& timeouts() { return timeouts_; }
  const Timeouts& timeouts() const { return timeouts_; }
  // Called for every conn leaving the index (expiry, kill, reopen, early drop).
  void set_destroy_hook(DestroyHook hook) { hook_ = std::move(hook); }

  Lookup lookup(const Tuple& t, uint16_t zone = 0) const;
  // nf_conntrack_in. `now_ns` is the engine clock.
  Result process(const CtPacket& pkt, uint64_t now_ns, uint16_t zone = 0);
  // nf_conntrack_confirm. Already-confirmed conns are returned unchanged.
  Confirm confirm(Conn* conn, uint64_t now_ns);
  // Frees an unconfirmed conn whose packet was dropped before confirm.
  void discard(Conn* conn);
  // nf_ct_kill / nf_ct_delete.
  void kill(Conn* conn);
  void erase(Conn* conn) { kill(conn); }
  // Kills every conn whose timeout passed (offloaded ones excepted); returns how many.
  size_t expire(uint64_t now_ns, const DestroyHook& on_destroy = {});
  // Frees dead conns whose references are all gone. Pointers to them become invalid.
  void reclaim();
  void hold(Conn* conn) { ++conn->refs; }
  void put(Conn* conn);

  // nf_conntrack_tuple_taken: is `t` in the index for a conn other than `ignored`?
  bool tuple_taken(const Tuple& t, const Conn* ignored, uint16_t zone) const;
  // Table-local pseudo-random numbers (NAT port selection).
  uint32_t random();

  size_t size() const { return hashed_; }          // nf_conntrack_count (confirmed conns)
  size_t live() const { return live_; }  // confirmed + unconfirmed, not dead (vs. max)
  uint32_t max() const { return max_; }
  void set_max(uint32_t max) { max_ = max; }
  const Stats& stats() const { return stats_; }
  void count(Stats::Counter c) { ++stats_.v[c]; }

  // Visits confirmed, live conns (for listings). fn(Conn&).
  template <class Fn>
  void for_each(Fn&& fn) {
    for (uint32_t i = 0; i < pool_used_; ++i) {
      Conn& c = at(i);
      if (c.hashed && !c.dying() && !c.test(ips::kNatClash)) fn(c);
    }
  }

 private:
  struct Slot {
    uint32_t tag = 0;  // upper 32 bits of the hash
    uint32_t ref = 0;  // (pool index << 1 | dir) + 1; 0 = empty
  };
  static constexpr uint32_t kChunkShift = 10;
  static constexpr uint32_t kChunk = 1U << kChunkShift;
  static constexpr uint32_t kNone = 0xffffffffU;

  Conn& at(uint32_t i) { return chunks_[i >> kChunkShift][i & (kChunk - 1)]; }
  const Conn& at(uint32_t i) const { return chunks_[i >> kChunkShift][i & (kChunk - 1)]; }
  Conn* alloc();
  void bury(Conn* conn);
  bool early_drop();
  void index_insert(Conn* conn, Dir dir);
  void index_erase(Conn* conn, Dir dir);
  void index_grow();
  Lookup find(const Tuple& t, uint16_t zone, uint64_t h) const;
  void unhash(Conn* conn);
  Result resolve_related(const CtPacket& pkt, uint16_t zone);
  Result track(Conn* conn, Dir dir, CtInfo info, const CtPacket& pkt, uint64_t now_ns,
               bool& reopen);

  Timeouts timeouts_;
  DestroyHook hook_;
  Stats stats_;
  uint64_t seed_;
  uint64_t rng_;
  uint32_t max_;
  uint32_t next_id_ = 1;
  size_t hashed_ = 0;
  size_t live_ = 0;
  std::vector<std::unique_ptr<Conn[]>> chunks_;
  uint32_t pool_used_ = 0;      // slots ever handed out
  uint32_t free_head_ = kNone;  // free list through Conn::link
  uint32_t grave_head_ = kNone; // dead conns with refs == 0 waiting for reclaim()
  uint32_t evict_cursor_ = 0;
  HugeVector<Slot> index_;
  size_t index_used_ = 0;
};

}  // namespace nftx::fastpath::ct
