#pragma once
// The groups of functions of the extension module nncert._nncert (module.cpp registers them).
#include <pybind11/pybind11.h>

namespace nncert::python {

void add_matrix_bindings(pybind11::module_& m);   // certify_spd, sigma_min, kernel
void add_problem_bindings(pybind11::module_& m);  // verify, prove, check, theorems, jacobian, entk

}  // namespace nncert::python
