#pragma once
// Library results as plain Python values: an enclosure is a (lower, upper) tuple of floats, with the
// printable bounds of the command line's --json (cert::printable_lower/upper).
#include <pybind11/pybind11.h>
#include <nlohmann/json.hpp>

#include "nncert/linalg/enclosure.hpp"

namespace nncert::python {

pybind11::tuple enclosure_tuple(const linalg::Enclosure& e);

// nlohmann::json -> dict / list / str / int / float / bool / None.
pybind11::object to_python(const nlohmann::json& j);

}  // namespace nncert::python
