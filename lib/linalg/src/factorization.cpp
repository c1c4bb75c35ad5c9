#include "nncert/linalg/factorization.hpp"

#include <dlfcn.h>

#include <algorithm>
#include <cfenv>
#include <cmath>
#include <filesystem>
#include <iterator>
#include <limits>

#include <fmt/format.h>

#include <Eigen/Cholesky>
#include <lapacke.h>
#include <omp.h>

#if defined(__x86_64__)
#include <xmmintrin.h>
#endif

namespace nncert::linalg {

namespace {

// nncert links the generic BLAS and LAPACK (libblas.so.3, liblapack.so.3), which Debian's alternatives
// (or LD_LIBRARY_PATH) point at OpenBLAS, BLIS or the reference libraries at run time. A backend's own
// queries (OpenBLAS's configuration and threads, BLIS's threads) are therefore looked up, not linked:
// a symbol absent from the loaded backend is simply not asked.
template <class Function>
Function* loaded_symbol(const char* name) {
  return reinterpret_cast<Function*>(dlsym(RTLD_DEFAULT, name));
}

// The file a loaded symbol comes from, symbolic links resolved ("unknown" if it is not loaded).
std::string library_of(const char* symbol) {
  void* address = dlsym(RTLD_DEFAULT, symbol);
  Dl_info info{};
  if (address == nullptr || dladdr(address, &info) == 0 || info.dli_fname == nullptr) return "unknown";
  std::error_code ec;
  const auto real = std::filesystem::canonical(info.dli_fname, ec);
  return ec ? std::string(info.dli_fname) : real.string();
}

// The contract's success condition: every computed entry of the lower factor finite, its diagonal > 0.
bool lower_factor_is_finite_positive(const MatD& a) {
  const Index n = a.rows();
  for (Index j = 0; j < n; ++j) {
    if (!(a(j, j) > 0) || !std::isfinite(a(j, j))) return false;
    for (Index i = j + 1; i < n; ++i)
      if (!std::isfinite(a(i, j))) return false;
  }
  return true;
}

}  // namespace

bool EigenLltBackend::factor_lower_in_place(MatD& a) const {
  // In-place blocked LLT on the lower triangle (Eigen 3.4 LLT<Ref<>>). Eigen only tests pivot <= 0,
  // so a NaN pivot passes: check every entry of the factor and the sign of its diagonal ourselves.
  Eigen::LLT<Eigen::Ref<MatD>, Eigen::Lower> llt(a);
  if (llt.info() != Eigen::Success) return false;
  return lower_factor_is_finite_positive(a);
}

bool LapackCholeskyBackend::factor_lower_in_place(MatD& a) const {
  const Index n = a.rows();
  if (n > std::numeric_limits<lapack_int>::max()) return EigenLltBackend().factor_lower_in_place(a);
  if (n == 0) return true;
  // The _work variant skips LAPACKE's NaN scan of the input; info != 0 means a pivot <= 0 or NaN.
  const lapack_int info =
      LAPACKE_dpotrf_work(LAPACK_COL_MAJOR, 'L', static_cast<lapack_int>(n), a.data(), static_cast<lapack_int>(n));
  if (info != 0) return false;
  return lower_factor_is_finite_positive(a);
}

const CholeskyBackend& default_cholesky_backend() {
  static const LapackCholeskyBackend backend;
  return backend;
}

int blas_thread_count() {
  if (auto* openblas = loaded_symbol<int()>("openblas_get_num_threads")) return openblas();
  if (auto* blis = loaded_symbol<long()>("bli_thread_get_num_threads")) return static_cast<int>(blis());
  return 1;  // the reference BLAS (and anything that does not say) runs on the calling thread
}

BlasBackend blas_backend() {
  BlasBackend b;
  b.blas_library = library_of("dgemm_");
  b.lapack_library = library_of("dpotrf_");
  if (auto* config = loaded_symbol<char*()>("openblas_get_config")) {
    b.name = "OpenBLAS";
    b.configuration = config();
    if (auto* core = loaded_symbol<char*()>("openblas_get_corename")) b.core = core();
  } else if (loaded_symbol<void()>("bli_info_get_version_str") != nullptr) {
    b.name = "BLIS";
  } else {
    b.name = "reference or unknown BLAS";
  }
  return b;
}

std::string linear_algebra_description() {
  const BlasBackend b = blas_backend();
  return fmt::format("Cholesky {} ({}{}; BLAS {}, LAPACK {}); Eigen products", default_cholesky_backend().name(),
                     b.configuration.empty() ? b.name : b.configuration, b.core.empty() ? "" : ", core " + b.core,
                     b.blas_library, b.lapack_library);
}

std::string blas_core_advice() {
  const BlasBackend b = blas_backend();
#if defined(__x86_64__)
  // OpenBLAS picks its kernels from the CPU model; on virtual machines that report no model it can fall
  // back to a generic SSE3 core (2-3x slower here), whatever the instruction set really offers.
  static const char* const generic_cores[] = {"Prescott", "Core2", "Penryn", "Dunnington", "Nehalem", "Atom", "Katmai"};
  const bool generic = std::any_of(std::begin(generic_cores), std::end(generic_cores),
                                   [&](const char* c) { return b.core == c; });
  if (b.name != "OpenBLAS" || !generic) return {};
  const char* better = __builtin_cpu_supports("avx512f") ? "SKYLAKEX" : __builtin_cpu_supports("avx2") ? "HASWELL" : nullptr;
  if (better == nullptr) return {};
  return fmt::format("OpenBLAS chose its generic core '{}' on a CPU with {}: set OPENBLAS_CORETYPE={} for faster "
                     "factorizations (any OpenBLAS core keeps every bound: docs/floating-point.md)",
                     b.core, __builtin_cpu_supports("avx512f") ? "AVX-512" : "AVX2", better);
#else
  return {};
#endif
}

void cholesky_solve_in_place(const MatD& l, VecD& b) {
  const auto lower = l.triangularView<Eigen::Lower>();
  lower.solveInPlace(b);
  lower.transpose().solveInPlace(b);
}

bool ensure_workers_round_to_nearest() {
  int bad = 0;
#pragma omp parallel reduction(+ : bad)
  {
    if (std::fegetround() != FE_TONEAREST) std::fesetround(FE_TONEAREST);
#if defined(__x86_64__)
    const unsigned csr = _mm_getcsr();
    if (csr & 0x8040u) _mm_setcsr(csr & ~0x8040u);  // clear FTZ and DAZ: gradual underflow
    if (_mm_getcsr() & 0x8040u) ++bad;
#endif
    if (std::fegetround() != FE_TONEAREST) ++bad;
  }
  return bad == 0;
}

}  // namespace nncert::linalg
