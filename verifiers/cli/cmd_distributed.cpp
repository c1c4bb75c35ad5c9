// The --distributed runs of certify-spd and kernel --certify (distributed_commands.hpp).
#include "distributed_commands.hpp"

#include <chrono>
#include <iostream>

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "nncert/cert/json.hpp"
#include "nncert/numeric/errors.hpp"
#include "nncert/numeric/verdict.hpp"

#ifdef NNCERT_WITH_MPI
#include "nncert/distributed/block_cyclic.hpp"
#include "nncert/distributed/certify_spd_distributed.hpp"
#include "nncert/distributed/kernel_gram_distributed.hpp"
#include "nncert/distributed/mpi_session.hpp"
#include "nncert/distributed/npy_distributed.hpp"
#endif

namespace nncert::cli {

#ifdef NNCERT_WITH_MPI
namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

struct GridScope {
  distributed::ProcessGrid grid = distributed::make_process_grid();
  ~GridScope() { distributed::release_process_grid(grid); }
};

// Runs `body` on every rank under MPI. Bad input decided collectively leaves rank 0 with InvalidInput
// (printed by main, exit 2) and the other ranks with exit 2 and no output. An InvalidInput raised
// alike on every rank (a bad option or environment variable) is likewise printed by rank 0 only.
template <class Body>
int on_every_rank(Body body) {
  distributed::MpiSession mpi;
  try {
    GridScope scope;
    return body(scope.grid);
  } catch (const distributed::InputRejectedOnRankZero&) {
    return kExitBadInput;
  } catch (const InvalidInput&) {
    if (mpi.rank() != 0) return kExitBadInput;
    throw;
  }
}

}  // namespace

int run_certify_spd_distributed(const std::string& path, double shift, bool json) {
  const auto t0 = std::chrono::steady_clock::now();
  return on_every_rank([&](const distributed::ProcessGrid& grid) {
    if (!std::isfinite(shift)) throw InvalidInput(path + ": certify_lambda_min: shift is not finite");
    const distributed::BlockCyclicMatrix a = distributed::read_symmetric_npy(path, grid);
    const linalg::SpdResult r = distributed::certify_lambda_min_distributed(a, {shift, 0});
    const double seconds = seconds_since(t0);
    if (grid.rank != 0) return exit_code(r.verdict);
    if (json) {  // the fields of the serial certify-spd --json
      nlohmann::json out;
      out["verdict"] = std::string(to_string(r.verdict));
      out["lambda_min"] = cert::to_json(r.lambda_min);
      out["n"] = a.n();
      out["shift"] = shift;
      out["seconds"] = seconds;
      out["reason"] = r.reason;
      std::cout << out.dump() << std::endl;
    } else {
      const auto& e = r.lambda_min;
      std::cout << fmt::format("{}: lambda_min {} [{:.17g}, {:.17g}] ({}, {} bits), n = {}, {:.3f} s\n",
                               to_string(r.verdict), e.certified ? "in" : "estimated in", cert::printable_lower(e.lower),
                               cert::printable_upper(e.upper), e.method, e.precision_bits, a.n(), seconds)
                << r.reason << std::endl;
    }
    return exit_code(r.verdict);
  });
}

int run_kernel_certify_distributed(const std::string& kernel_name, bool json,
                                   const std::function<DistributedKernelInput()>& load) {
  const auto t0 = std::chrono::steady_clock::now();
  return on_every_rank([&](const distributed::ProcessGrid& grid) {
    DistributedKernelInput in;
    std::string problem;
    try {
      in = load();
    } catch (const InvalidInput& e) {
      problem = e.what();
    }
    distributed::agree_on_input(problem);
    const Index n = in.X.rows();
    const distributed::DistributedGram gram = distributed::fc_gram_enclosure_distributed(in.X, in.spec, in.kind, grid);
    linalg::SpdResult r;
    if (!gram.finite) {
      r.reason = "the kernel has a non-finite entry";
    } else {
      r = distributed::certify_lambda_min_distributed(gram.mid, {0.0, gram.rho});
    }
    const double seconds = seconds_since(t0);
    if (grid.rank != 0) return exit_code(r.verdict);
    if (!gram.finite) {  // as the serial command: inconclusive, with the reason
      if (json) {
        nlohmann::json j;
        j["verdict"] = std::string(to_string(Verdict::inconclusive));
        j["kernel"] = kernel_name;
        j["n"] = n;
        j["reason"] = r.reason;
        j["seconds"] = seconds;
        std::cout << j.dump() << std::endl;
      } else {
        std::cout << fmt::format("inconclusive: the {} Gram was not certified: {}\n", kernel_name, r.reason);
      }
      return exit_code(Verdict::inconclusive);
    }
    if (json) {  // the fields of the serial kernel --certify --json
      nlohmann::json j;
      j["verdict"] = std::string(to_string(r.verdict));
      j["lambda_min"] = cert::to_json(r.lambda_min);
      j["n"] = n;
      j["seconds"] = seconds;
      j["kernel"] = kernel_name;
      j["max_entry_radius"] = gram.max_radius;
      j["reason"] = r.reason;
      std::cout << j.dump() << std::endl;
    } else {
      const auto& e = r.lambda_min;
      std::cout << fmt::format("{}: lambda_min of the {} Gram {} [{:.17g}, {:.17g}] ({}), n = {}, max entry radius {:.3g}\n",
                               to_string(r.verdict), kernel_name, e.certified ? "in" : "estimated in",
                               cert::printable_lower(e.lower), cert::printable_upper(e.upper), e.method, n,
                               gram.max_radius)
                << r.reason << std::endl;
    }
    return exit_code(r.verdict);
  });
}

#else

namespace {
[[noreturn]] void no_mpi() {
  throw InvalidInput("--distributed: this nncert was built without MPI (it needs MPI and ScaLAPACK at build time; "
                     "see docs/scaling.md)");
}
}  // namespace

int run_certify_spd_distributed(const std::string&, double, bool) { no_mpi(); }
int run_kernel_certify_distributed(const std::string&, bool, const std::function<DistributedKernelInput()>&) {
  no_mpi();
}

#endif

}  // namespace nncert::cli
