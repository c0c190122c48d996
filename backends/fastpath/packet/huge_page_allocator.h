// SPDX-License-Identifier: GPL-2.0-or-later
// A std::allocator for the engine's large tables (flow index, flow entries, conntrack index):
// allocations of 2 MiB and more are mmap()ed on a 2 MiB boundary and marked MADV_HUGEPAGE, so
// with transparent huge pages (`enabled` = always or madvise) a random lookup costs one TLB
// entry per 2 MiB instead of a page walk per 4 KiB. Random lookups over tables of tens of MiB
// are what the fast path does for every packet at 100k+ flows. Smaller allocations, and systems
// where the hint is refused, behave like std::allocator.
#pragma once

#include <sys/mman.h>

#include <cstddef>
#include <cstdint>
#include <new>
#include <vector>

namespace nftx::fastpath {

namespace huge_pages {
inline constexpr size_t kHugePage = 2U << 20;
// Bytes actually mapped for n bytes: big requests round up to whole huge pages.
inline size_t mapped_size(size_t bytes) { return (bytes + kHugePage - 1) & ~(kHugePage - 1); }

inline void* allocate(size_t bytes) {
  if (bytes < kHugePage) return ::operator new(bytes);
  // Over-map by one huge page to align the start, then give back the unaligned ends.
  const size_t len = mapped_size(bytes);
  void* raw = ::mmap(nullptr, len + kHugePage, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (raw == MAP_FAILED) throw std::bad_alloc();
  const auto start = reinterpret_cast<uintptr_t>(raw);
  const uintptr_t aligned = (start + kHugePage - 1) & ~(kHugePage - 1);
  if (aligned > start) ::munmap(raw, aligned - start);
  const uintptr_t end = start + len + kHugePage;
  if (end > aligned + len) ::munmap(reinterpret_cast<void*>(aligned + len), end - aligned - len);
  void* p = reinterpret_cast<void*>(aligned);
  ::madvise(p, len, MADV_HUGEPAGE);  // a hint: without THP this is ordinary memory
  return p;
}

inline void deallocate(void* p, size_t bytes) {
  if (bytes < kHugePage) {
    ::operator delete(p);
    return;
  }
  ::munmap(p, mapped_size(bytes));
}
}  // namespace huge_pages

template <typename T>
struct HugePageAllocator {
  using value_type = T;
  HugePageAllocator() = default;
  template <typename U>
  HugePageAllocator(const HugePageAllocator<U>&) noexcept {}  // NOLINT: rebinding

  T* allocate(size_t n) { return static_cast<T*>(huge_pages::allocate(n * sizeof(T))); }
  void deallocate(T* p, size_t n) { huge_pages::deallocate(p, n * sizeof(T)); }

  template <typename U>
  bool operator==(const HugePageAllocator<U>&) const noexcept {
    return true;
  }
};

// A vector whose storage comes from HugePageAllocator.
template <typename T>
using HugeVector = std::vector<T, HugePageAllocator<T>>;

}  // namespace nftx::fastpath
