// SPDX-License-Identifier: GPL-2.0-or-later
// IPv4 reassembly before conntrack, as nf_defrag_ipv4 does at prerouting priority -400:
// fragments are held until their datagram is complete, then the whole datagram crosses the hooks
// (so conntrack and NAT see its ports), and on output it is fragmented again to the size of its
// largest fragment (the kernel's IPCB(skb)->frag_max_size). Overlapping fragments discard the
// datagram (as Linux does since 4.19); incomplete datagrams expire after
// net.ipv4.ipfrag_time (30 s).
#pragma once

#include <cstdint>
#include <map>
#include <vector>

#include "backends/fastpath/packet/frame.h"
#include "backends/fastpath/packet/frame_pool.h"

namespace nftx::fastpath {

class Defrag {
 public:
  static constexpr uint64_t kDefaultTimeoutNs = 30ULL * 1000000000ULL;
  static constexpr size_t kMaxQueues = 4096;

  enum class Outcome : uint8_t {
    Held,      // kept until the datagram is complete; the frame went back to the pool
    Complete,  // `frame` is the reassembled datagram (from the pool); the fragment was freed
    Drop,      // malformed, overlapping or too large: the caller drops the fragment
  };
  struct Result {
    Outcome outcome = Outcome::Drop;
    Frame* frame = nullptr;
  };

  explicit Defrag(uint64_t timeout_ns = kDefaultTimeoutNs) : timeout_ns_(timeout_ns) {}

  // `f` is a parsed IPv4 fragment (hdr.fragment).
  Result add(Frame* f, FramePool& pool, uint64_t now_ns);
  // Drops datagrams whose first fragment arrived more than the timeout ago; returns how many.
  size_t expire(uint64_t now_ns);
  size_t pending() const { return queues_.size(); }
  uint64_t timed_out() const { return timed_out_; }

 private:
  struct Key {
    uint32_t src, dst;
    uint16_t id;
    uint8_t proto;
    friend auto operator<=>(const Key&, const Key&) = default;
  };
  struct Piece {
    uint32_t offset;
    std::vector<uint8_t> bytes;
  };
  struct Queue {
    uint64_t first_ns = 0;
    std::vector<uint8_t> head;  // L2 + IP header (with options) of the first fragment
    uint32_t l3_off = 0;
    uint32_t ihl = 0;
    uint32_t total = 0;         // payload bytes, known once the last fragment arrived
    bool have_last = false;
    uint16_t max_frag = 0;      // largest fragment seen (IP length)
    uint16_t max_df_frag = 0;   // largest fragment that had DF set
    std::vector<Piece> pieces;  // sorted by offset, never overlapping
    uint32_t iif = 0;
    uint32_t mark = 0;
  };

  Frame* reassemble(Queue& q, FramePool& pool, uint64_t now_ns) const;

  uint64_t timeout_ns_;
  std::map<Key, Queue> queues_;
  uint64_t timed_out_ = 0;
};

}  // namespace nftx::fastpath
