#pragma once
// Process-wide allocator setting for nncert's executables. The trainer and the kernels free and
// re-allocate the same large matrices at every step; by default glibc hands blocks above 128 KiB back
// to the kernel (mmap/munmap, heap trimming), so every step pays fresh page faults, which cost
// microseconds each on virtual machines: the Du example took 16-21 s with the default and 0.7-0.9 s
// with freed memory kept in the process. Values are unaffected (allocation never changes results).
#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace nncert {

inline void keep_freed_memory_in_process() {
#if defined(__GLIBC__)
  mallopt(M_MMAP_THRESHOLD, 64 << 20);  // only blocks above 64 MiB are mapped separately
  mallopt(M_TRIM_THRESHOLD, 1 << 30);   // the heap is trimmed only past 1 GiB of free memory
#endif
}

}  // namespace nncert
