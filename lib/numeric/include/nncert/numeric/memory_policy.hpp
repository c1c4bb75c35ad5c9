#pragma once
// Process-wide allocator settings for nncert's executables, and huge-page backing for the few very
// large matrices (a 3000×3000 Gram is 72 MB).
//
// Why: first touches of fresh memory are page faults, and on virtual machines each costs microseconds.
// The trainer and the kernels free and re-allocate the same large matrices at every step; by default
// glibc hands blocks above 128 KiB back to the kernel, so every step pays fresh page faults: the Du
// example took 16-21 s with the default and 0.7-0.9 s with freed memory kept in the process. A single
// 72 MB buffer costs 0.22 s of faults with 4 KiB pages and 0.03-0.12 s with 2 MiB pages (measured, see
// bench/README.md). Values are unaffected: allocation never changes results.
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <string>

#if defined(__GLIBC__)
#include <malloc.h>
#endif
#if defined(__linux__)
#include <sys/mman.h>
#endif

#include "nncert/numeric/types.hpp"

namespace nncert {

// A field of /proc/self/status in kB ("VmRSS", "VmHWM": resident and peak resident memory), or −1 where
// it cannot be read: what the memory benchmarks and tests measure.
inline long process_status_kb(const std::string& field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(field + ":", 0) == 0) return std::stol(line.substr(field.size() + 1));
  return -1;
}

inline void keep_freed_memory_in_process() {
#if defined(__GLIBC__)
  mallopt(M_MMAP_THRESHOLD, 64 << 20);  // only blocks above 64 MiB are mapped separately
  mallopt(M_TRIM_THRESHOLD, 1 << 30);   // the heap is trimmed only past 1 GiB of free memory
#endif
}

// Asks the kernel to back the whole pages inside [p, p + bytes) with transparent huge pages; call it
// before the first touch. A hint only: where huge pages are disabled or unavailable nothing changes.
inline void advise_huge_pages(void* p, std::size_t bytes) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  constexpr std::uintptr_t kPage = 4096;
  const auto begin = (reinterpret_cast<std::uintptr_t>(p) + kPage - 1) & ~(kPage - 1);
  const auto end = (reinterpret_cast<std::uintptr_t>(p) + bytes) & ~(kPage - 1);
  if (end > begin) madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
#else
  (void)p;
  (void)bytes;
#endif
}

// An uninitialised rows×cols matrix; large ones (>= 8 MiB) are advised onto huge pages.
inline MatD uninitialised_matrix(Index rows, Index cols) {
  MatD m(rows, cols);
  const auto bytes = static_cast<std::size_t>(m.size()) * sizeof(double);
  if (bytes >= (std::size_t{8} << 20)) advise_huge_pages(m.data(), bytes);
  return m;
}

}  // namespace nncert
