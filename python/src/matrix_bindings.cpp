// certify_spd, sigma_min and the analytic kernels: numpy in, plain Python out, with the numbers of
// `nncert certify-spd --json`, `nncert sigma-min --json` and `nncert kernel ... --certify --json`.
#include <chrono>
#include <optional>
#include <string>

#include <fmt/format.h>
#include <pybind11/pybind11.h>

#include "arrays.hpp"
#include "bindings.hpp"
#include "interruptible_call.hpp"
#include "results.hpp"
#include "nncert/kernels/fc_kernel.hpp"
#include "nncert/kernels/h_infinity.hpp"
#include "nncert/linalg/certify_spd.hpp"
#include "nncert/linalg/sigma_min.hpp"
#include "nncert/numeric/errors.hpp"
#include "nncert/numeric/range_error.hpp"

namespace py = pybind11;

namespace nncert::python {
namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

py::dict spd_dict(const linalg::SpdResult& r, Index n, double shift, double seconds) {
  py::dict d;
  d["verdict"] = std::string(to_string(r.verdict));
  d["enclosure"] = enclosure_tuple(r.lambda_min);
  d["certified"] = r.lambda_min.certified;
  d["method"] = r.lambda_min.method;
  d["precision_bits"] = r.lambda_min.precision_bits;
  d["n"] = n;
  d["shift"] = shift;
  d["seconds"] = seconds;
  d["reason"] = r.reason;
  return d;
}

py::dict certify_spd(const py::handle& a, double shift) {
  const auto t0 = std::chrono::steady_clock::now();
  MatD matrix = matrix_argument(a, "A");
  const Index n = matrix.rows();
  linalg::SpdOptions options;
  options.shift = shift;
  const linalg::SpdResult r =
      interruptible_call([m = std::move(matrix), options] { return linalg::certify_lambda_min(m, options); });
  return spd_dict(r, n, shift, seconds_since(t0));
}

py::dict sigma_min(const py::handle& j, double threshold) {
  const auto t0 = std::chrono::steady_clock::now();
  MatD matrix = matrix_argument(j, "J");
  const Index rows = matrix.rows(), cols = matrix.cols();
  const linalg::SigmaResult r =
      interruptible_call([m = std::move(matrix), threshold] { return linalg::certify_sigma_min(m, threshold); });
  py::dict d;
  d["verdict"] = std::string(to_string(r.verdict));
  d["enclosure"] = enclosure_tuple(r.sigma_min);
  d["certified"] = r.sigma_min.certified;
  d["method"] = r.sigma_min.method;
  d["precision_bits"] = r.sigma_min.precision_bits;
  d["rank"] = py::make_tuple(r.rank_lower, r.rank_upper);
  d["n"] = rows;
  d["p"] = cols;
  d["threshold"] = threshold;
  d["seconds"] = seconds_since(t0);
  d["reason"] = r.reason;
  return d;
}

// The analytic Gram of the rows of X: "ntk" / "nngp" (fully connected, kernels::FcKernelSpec) or
// "h-infinity". Returns (gram, radius or None, certify-spd dict or None); a Gram that leaves the double
// range is RangeExceeded, as in `nncert kernel`.
py::tuple kernel(const std::string& which, const py::handle& x, int depth, const std::string& activation,
                 double leaky_slope, bool paper_scaling, double sigma_w, double sigma_b, bool certify) {
  const auto t0 = std::chrono::steady_clock::now();
  MatD X = matrix_argument(x, "X");
  kernels::FcKernelSpec spec;
  const bool fc = which == "ntk" || which == "nngp";
  if (!fc && which != "h-infinity")
    throw InvalidInput(fmt::format("kernel '{}' is not one of ntk, nngp, h-infinity (the CNTKs and entk need a problem file)", which));
  if (fc) {
    spec.activation = kernels::parse_kernel_activation(activation);
    spec.depth = depth;
    spec.leaky_slope = leaky_slope;
    spec.paper_scaling = paper_scaling;
    spec.sigma_w = sigma_w;
    spec.sigma_b = sigma_b;
    kernels::validate(spec);
  }
  const auto kind = which == "nngp" ? kernels::KernelKind::nngp : kernels::KernelKind::ntk;
  struct Computed {
    linalg::MatrixEnclosure gram;
    std::optional<linalg::SpdResult> spd;
  };
  const Computed c = interruptible_call([X = std::move(X), spec, kind, fc, certify] {
    Computed out;
    if (!certify) {
      out.gram.mid = fc ? kernels::fc_kernel(X, spec, kind) : kernels::h_infinity(X);
    } else {
      out.gram = fc ? kernels::fc_kernel_enclosure(X, spec, kind) : kernels::h_infinity_enclosure(X);
    }
    if (!out.gram.mid.allFinite()) throw RangeExceeded("the kernel has a non-finite entry");
    if (certify) out.spd = linalg::certify_lambda_min(out.gram.mid, out.gram.rad);
    return out;
  });
  if (!certify) return py::make_tuple(to_numpy(c.gram.mid), py::none(), py::none());
  return py::make_tuple(to_numpy(c.gram.mid), to_numpy(c.gram.rad),
                        spd_dict(*c.spd, c.gram.mid.rows(), 0.0, seconds_since(t0)));
}

}  // namespace

void add_matrix_bindings(py::module_& m) {
  m.def("certify_spd", &certify_spd, py::arg("A"), py::arg("shift") = 0.0);
  m.def("sigma_min", &sigma_min, py::arg("J"), py::arg("threshold") = 0.0);
  m.def("kernel", &kernel, py::arg("which"), py::arg("X"), py::arg("depth"), py::arg("activation"),
        py::arg("leaky_slope"), py::arg("paper_scaling"), py::arg("sigma_w"), py::arg("sigma_b"), py::arg("certify"));
}

}  // namespace nncert::python
