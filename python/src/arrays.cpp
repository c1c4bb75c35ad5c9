#include "arrays.hpp"

#include <cmath>
#include <cstring>

#include <fmt/format.h>

#include "nncert/numeric/errors.hpp"
#include "nncert/numeric/memory_policy.hpp"

namespace py = pybind11;

namespace nncert::python {

MatD matrix_argument(const py::handle& object, const char* name) {
  if (!py::isinstance<py::array>(object))
    throw InvalidInput(fmt::format("{}: expected a numpy.ndarray of float64, got {}", name,
                                   std::string(py::str(py::type::of(object).attr("__name__")))));
  const auto a = py::reinterpret_borrow<py::array>(object);
  if (!a.dtype().is(py::dtype::of<double>()))
    throw InvalidInput(fmt::format("{}: dtype {}, expected float64 (convert with numpy.asarray({}, dtype=numpy.float64))", name,
                                   std::string(py::str(a.dtype())), name));
  if (a.ndim() != 2) throw InvalidInput(fmt::format("{}: a {}-d array, expected a 2-d matrix", name, a.ndim()));
  const Index rows = static_cast<Index>(a.shape(0)), cols = static_cast<Index>(a.shape(1));
  if (rows == 0 || cols == 0) throw InvalidInput(fmt::format("{}: empty matrix ({} x {})", name, rows, cols));
  MatD m = uninitialised_matrix(rows, cols);  // huge pages: a 3000² matrix is 72 MB of first touches
  const auto* base = static_cast<const char*>(a.data());
  const bool fortran = (a.flags() & py::array::f_style) != 0;
  if (fortran) {
    std::memcpy(m.data(), base, sizeof(double) * static_cast<std::size_t>(rows * cols));
  } else if (a.flags() & py::array::c_style) {
    m = Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
        reinterpret_cast<const double*>(base), rows, cols);
  } else {  // strided views: byte strides may be negative or not multiples of 8 (unaligned)
    const py::ssize_t rs = a.strides(0), cs = a.strides(1);
    for (Index j = 0; j < cols; ++j)
      for (Index i = 0; i < rows; ++i) std::memcpy(&m(i, j), base + i * rs + j * cs, sizeof(double));
  }
  // The first non-finite entry in memory order, worded as the command line's .npy reader words it.
  const Index outer = fortran ? cols : rows, inner = fortran ? rows : cols;
  for (Index o = 0; o < outer; ++o)
    for (Index i = 0; i < inner; ++i) {
      const Index r = fortran ? i : o, c = fortran ? o : i;
      const double v = m(r, c);
      if (!std::isfinite(v)) throw InvalidInput(fmt::format("{}: {} at entry ({}, {})", name, std::isnan(v) ? "NaN" : "Inf", r, c));
    }
  return m;
}

py::array to_numpy(const MatD& m) {
  py::array_t<double, py::array::f_style> out({m.rows(), m.cols()});
  std::memcpy(out.mutable_data(), m.data(), sizeof(double) * static_cast<std::size_t>(m.size()));
  return out;
}

py::array to_numpy(const VecD& v) {
  py::array_t<double> out(v.size());
  std::memcpy(out.mutable_data(), v.data(), sizeof(double) * static_cast<std::size_t>(v.size()));
  return out;
}

}  // namespace nncert::python
