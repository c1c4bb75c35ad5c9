#pragma once
// numpy arrays in and out of the bindings. Input: a float64 ndarray of any memory order (C- or
// F-contiguous ones are copied in one pass, the one copy the library's MatD arguments need); anything
// else is InvalidInput naming the argument, with the problem in one line. Output: F-ordered float64
// arrays (MatD's own layout, one memcpy).
#include <string>

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include "nncert/numeric/types.hpp"

namespace nncert::python {

// A 2-d float64 array with at least one row and one column, every entry finite.
MatD matrix_argument(const pybind11::handle& object, const char* name);

pybind11::array to_numpy(const MatD& m);
pybind11::array to_numpy(const VecD& v);

}  // namespace nncert::python
