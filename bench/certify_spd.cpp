// bench_certify_spd: time to certify λ_min > 0 beside a plain double Cholesky of the same matrix in
// the same run (the certifying backend's own dpotrf, and Eigen's LLT), tightness, rung; a multiprecision row at n = 200; the whole `nncert certify-spd`
// process on a 3000×3000 Gram .npy beside numpy's load + Cholesky process when python3-numpy is
// importable (best of 3 alternating runs of each).
//
// Environment: NNCERT_BENCH_SIZES="1000,2000,4000" (default), NNCERT_BIN (path of nncert; default
// ../verifiers/nncert next to this binary), NNCERT_BENCH_INSTALL=1 lets the bench try
// `apt-get install -y python3-numpy` when numpy is missing (never in CI).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <Eigen/Cholesky>
#include <fmt/format.h>

#include "nncert/data/npy.hpp"
#include "nncert/linalg/certify_spd.hpp"
#include "nncert/linalg/factorization.hpp"
#include "nncert/linalg/ladder.hpp"
#include "python_baseline.hpp"

using namespace nncert;
namespace fs = std::filesystem;

namespace {

double now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// Well-conditioned Gram-like SPD: A = X Xᵀ/p + 0.05 I, X n×p Gaussian with p = 2n (seeded), exactly
// symmetrised by construction (lower triangle mirrored).
MatD gram(Index n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> g;
  const Index p = 2 * n;
  MatD x(n, p);
  for (Index i = 0; i < x.size(); ++i) x.data()[i] = g(rng);
  MatD a(n, n);
  a.setZero();
  a.selfadjointView<Eigen::Lower>().rankUpdate(x, 1.0 / static_cast<double>(p));
  for (Index j = 0; j < n; ++j) {
    a(j, j) += 0.05;
    for (Index i = j + 1; i < n; ++i) a(j, i) = a(i, j);
  }
  return a;
}

double run_process(const std::string& cmd) {
  const double t0 = now();
  const int rc = std::system(cmd.c_str());
  const double t = now() - t0;
  return rc == -1 ? -1 : (WIFEXITED(rc) && (WEXITSTATUS(rc) == 0) ? t : -t);
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<Index> sizes{1000, 2000, 4000};
  if (const char* s = std::getenv("NNCERT_BENCH_SIZES")) {
    sizes.clear();
    std::stringstream ss(s);
    std::string item;
    while (std::getline(ss, item, ',')) sizes.push_back(std::stol(item));
  }
  fmt::print("plain Cholesky: {} (the backend certify-spd uses), Eigen's LLT beside it\n",
             linalg::default_cholesky_backend().name());
  fmt::print("{:>6} {:>10} {:>8} {:>10} {:>7} {:>12} {:>12} {:>9}  {}\n", "n", "plain s", "LLT s", "certify s",
             "ratio", "lower", "upper", "lo/up", "rung");
  for (Index n : sizes) {
    const MatD a = gram(n, 1000 + static_cast<std::uint64_t>(n));
    MatD work = a;  // first touches outside the timings
    double t0 = now();
    linalg::default_cholesky_backend().factor_lower_in_place(work);
    const double t_plain = now() - t0;
    work = a;
    t0 = now();
    Eigen::LLT<Eigen::Ref<MatD>> llt(work);
    const double t_llt = now() - t0;
    t0 = now();
    const auto r = linalg::certify_lambda_min(a);
    const double t_cert = now() - t0;
    // lower/upper <= lower/λ_min: a rigorous lower bound of the tightness.
    fmt::print("{:>6} {:>10.3f} {:>8.3f} {:>10.3f} {:>7.2f} {:>12.6g} {:>12.6g} {:>9.6f}  {} ({})\n", n, t_plain,
               t_llt, t_cert, t_cert / t_plain, r.lambda_min.lower, r.lambda_min.upper, r.lambda_min.lower / r.lambda_min.upper,
               r.lambda_min.method, to_string(r.verdict));
  }
  {
    // Multiprecision row: n = 200, H D H/n-like thin margin is not available at n = 200 (not a power of
    // two), so use a Gram with λ_min pushed to ~1e-15 relative: A = B Bᵀ + 2^-52 I with rank(B) < n.
    const Index n = 200;
    std::mt19937_64 rng(7);
    std::uniform_int_distribution<int> d(-3, 3);
    MatD b(n, n - 1);
    for (Index i = 0; i < b.size(); ++i) b.data()[i] = d(rng);
    MatD a = b * b.transpose();
    a.diagonal().array() += 0x1p-30;  // λ_min = 2^-30 exactly; ‖A‖ ≈ 2e3: margin ≈ 5e-13·‖A‖
    double t0 = now();
    const auto r = linalg::certify_lambda_min(a);
    const double t_cert = now() - t0;
    t0 = now();
    const auto w = linalg::rung_witness_mpfr(a, 0.0, 0x1p-31, 113);
    const double t_mp = now() - t0;
    fmt::print("\nmultiprecision row, n = 200, lambda_min = 2^-30 exactly:\n");
    fmt::print("  certify_lambda_min: {:.3f} s, {} [{:.6g}, {:.6g}] via {} ({} bits)\n", t_cert,
               to_string(r.verdict), r.lambda_min.lower, r.lambda_min.upper, r.lambda_min.method,
               r.lambda_min.precision_bits);
    fmt::print("  witness-mpfr 113-bit rung alone: {:.3f} s, proven {} lower {:.6g}\n", t_mp, w.proven, w.lower);
  }
  {
    const Index n = 3000;
    const fs::path dir = fs::temp_directory_path() / fmt::format("nncert_bench_{}", ::getpid());
    fs::create_directories(dir);
    const fs::path file = dir / "gram3000.npy";
    data::write_npy(file, gram(n, 3000));
    std::string bin;
    if (const char* e = std::getenv("NNCERT_BIN")) bin = e;
    else bin = (fs::absolute(fs::path(argv[0])).parent_path().parent_path() / "verifiers" / "nncert").string();
    (void)argc;
    fmt::print("\nprocess time on {} ({}x{} Gram), best of 3 alternating runs each, both sides on the same\n"
               "BLAS thread count (OPENBLAS_NUM_THREADS = OMP_NUM_THREADS = t; numpy uses the same libblas.so.3):\n",
               file.string(), n, n);
    const bool numpy = bench::python_module_available("numpy", "python3-numpy");
    if (!numpy) fmt::print("  python3-numpy not importable: numpy comparison skipped (NNCERT_BENCH_INSTALL=1 to try)\n");
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    for (const unsigned threads : {1u, 2u, 4u, 8u}) {
      if (threads > cores) break;
      const std::string env = fmt::format("OPENBLAS_NUM_THREADS={0} OMP_NUM_THREADS={0}", threads);
      const std::string nncert_cmd = fmt::format("{} '{}' certify-spd '{}' --json > /dev/null", env, bin, file.string());
      const std::string numpy_cmd =
          fmt::format("{} '{}' -c 'import numpy,sys; numpy.linalg.cholesky(numpy.load(sys.argv[1]))' '{}'", env,
                      bench::python_interpreter(), file.string());
      double t_nn = 1e300, t_np = 1e300;
      bool nn_ok = true;
      for (int rep = 0; rep < 3; ++rep) {
        const double a1 = run_process(nncert_cmd);
        nn_ok = nn_ok && a1 > 0;
        t_nn = std::min(t_nn, std::abs(a1));
        if (numpy) t_np = std::min(t_np, std::abs(run_process(numpy_cmd)));
      }
      fmt::print("  t = {}: nncert certify-spd --json {:.3f} s{}", threads, t_nn, nn_ok ? "" : " (non-zero exit!)");
      if (numpy) fmt::print(", numpy load + cholesky {:.3f} s, ratio nncert/numpy = {:.2f}", t_np, t_nn / t_np);
      fmt::print("\n");
    }
    fs::remove_all(dir);
  }
  return 0;
}
