#pragma once
// The --distributed forms of certify-spd and kernel ntk|nngp --certify (docs/scaling.md), run under
// mpirun: MPI is initialised here, only for these. Rank 0 prints what the serial command prints;
// the other ranks print nothing; every rank exits with the verdict's code. Built without MPI, they
// throw InvalidInput ("this nncert was built without MPI": exit 2).
#include <functional>
#include <string>

#include "nncert/kernels/fc_kernel.hpp"
#include "nncert/numeric/types.hpp"

namespace nncert::cli {

int run_certify_spd_distributed(const std::string& path, double shift, bool json);

struct DistributedKernelInput {
  MatD X;
  kernels::FcKernelSpec spec;
  kernels::KernelKind kind = kernels::KernelKind::ntk;
};

// `load` reads the problem on every rank (after MPI is up, so that a bad problem file is reported once).
int run_kernel_certify_distributed(const std::string& kernel_name, bool json,
                                   const std::function<DistributedKernelInput()>& load);

}  // namespace nncert::cli
