// SPDX-License-Identifier: GPL-2.0-or-later
#include "backends/fastpath/engine/defrag.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>

#include "backends/fastpath/packet/checksum.h"
#include "backends/fastpath/packet/parse.h"

namespace nftx::fastpath {

Defrag::Result Defrag::add(Frame* f, FramePool& pool, uint64_t now_ns) {
  const uint8_t* ip = f->l3();
  const uint32_t ihl = (ip[0] & 0x0fU) * 4U;
  const uint16_t frag = ntohs(csum::load16(ip + 6));
  const uint32_t offset = (frag & 0x1fffU) * 8U;
  const bool more = (frag & 0x2000U) != 0;
  const uint32_t len = f->hdr.l3_len > ihl ? f->hdr.l3_len - ihl : 0;
  if (len == 0 || (more && len % 8 != 0) || offset + len > 65535 - ihl) return {};
  Key key{csum::load32(ip + 12), csum::load32(ip + 16), csum::load16(ip + 4), ip[9]};
  auto it = queues_.find(key);
  if (it == queues_.end()) {
    if (queues_.size() >= kMaxQueues) return {};
    it = queues_.emplace(key, Queue{}).first;
    it->second.first_ns = now_ns;
  }
  Queue& q = it->second;
  // Overlaps discard the whole datagram; an exact duplicate is ignored.
  for (const Piece& p : q.pieces) {
    const uint32_t end = p.offset + static_cast<uint32_t>(p.bytes.size());
    if (offset < end && p.offset < offset + len) {
      if (p.offset == offset && end == offset + len) {
        pool.free(f);
        return {Outcome::Held, nullptr};
      }
      queues_.erase(it);
      return {};
    }
  }
  if (!more) {
    if (q.have_last || (q.total != 0 && offset + len != q.total)) {
      queues_.erase(it);
      return {};
    }
    q.have_last = true;
    q.total = offset + len;
  }
  if (offset == 0) {
    q.head.assign(f->data, f->data + f->hdr.l3_off + ihl);
    q.l3_off = f->hdr.l3_off;
    q.ihl = ihl;
    q.iif = f->iif;
    q.mark = f->mark;
  }
  q.max_frag = std::max<uint16_t>(q.max_frag, f->hdr.l3_len);
  if ((frag & 0x4000U) != 0) q.max_df_frag = std::max<uint16_t>(q.max_df_frag, f->hdr.l3_len);
  Piece piece{offset, std::vector<uint8_t>(ip + ihl, ip + ihl + len)};
  auto by_offset = [](const Piece& a, const Piece& b) { return a.offset < b.offset; };
  auto pos = std::upper_bound(q.pieces.begin(), q.pieces.end(), piece, by_offset);
  q.pieces.insert(pos, std::move(piece));
  pool.free(f);
  // Complete: the first and the last fragment, and no hole in between.
  if (!q.have_last || q.head.empty()) return {Outcome::Held, nullptr};
  uint32_t covered = 0;
  for (const Piece& p : q.pieces) {
    if (p.offset != covered) return {Outcome::Held, nullptr};
    covered += static_cast<uint32_t>(p.bytes.size());
  }
  if (covered != q.total) return {Outcome::Held, nullptr};
  Frame* whole = reassemble(q, pool, now_ns);
  queues_.erase(it);
  if (whole == nullptr) return {};
  return {Outcome::Complete, whole};
}

Frame* Defrag::reassemble(Queue& q, FramePool& pool, uint64_t now_ns) const {
  const size_t size = q.head.size() + q.total;
  if (q.ihl + q.total > 65535 || size > kFrameMaxLen) return nullptr;
  Frame* out = pool.alloc();
  if (out == nullptr) return nullptr;
  std::memcpy(out->data, q.head.data(), q.head.size());
  size_t at = q.head.size();
  for (const Piece& p : q.pieces) {
    std::memcpy(out->data + at, p.bytes.data(), p.bytes.size());
    at += p.bytes.size();
  }
  out->len = static_cast<uint32_t>(size);
  uint8_t* ip = out->data + q.l3_off;
  csum::store16(ip + 2, htons(static_cast<uint16_t>(q.ihl + q.total)));
  // DF only when the largest fragment had it (ip_frag_reasm: max_df_size == max_size).
  csum::store16(ip + 6, htons(q.max_df_frag == q.max_frag ? 0x4000U : 0U));
  csum::store16(ip + 10, 0);
  csum::store16(ip + 10, csum::finish(csum::partial(ip, q.ihl)));
  out->iif = q.iif;
  out->mark = q.mark;
  out->rx_ns = now_ns;
  out->frag_max_size = q.max_frag;
  if (!parse(*out).ok()) {
    pool.free(out);
    return nullptr;
  }
  return out;
}

size_t Defrag::expire(uint64_t now_ns) {
  return std::erase_if(queues_, [&](const auto& kv) {
    const bool old = now_ns - kv.second.first_ns >= timeout_ns_;
    if (old) ++timed_out_;
    return old;
  });
}

}  // namespace nftx::fastpath
