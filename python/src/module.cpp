// nncert._nncert: the compiled half of `import nncert` (the public API, its docstrings and the
// handling of problem dicts are in python/nncert/__init__.py). Library errors become Python
// exceptions carrying the command line's one-line message: InvalidInput -> nncert.InvalidInput (a
// ValueError), UnsoundEnvironment -> nncert.UnsoundEnvironment (a RuntimeError), RangeExceeded ->
// nncert.RangeExceeded (an ArithmeticError: a valid input beyond the double range, the CLI's
// "inconclusive" exit 3); a file-system refusal is InvalidInput naming the path, as in the CLI.
#include <cstdlib>
#include <filesystem>

#include <pybind11/pybind11.h>

#include "bindings.hpp"
#include "interruptible_call.hpp"
#include "nncert/numeric/errors.hpp"
#include "nncert/numeric/range_error.hpp"

namespace py = pybind11;

PYBIND11_MODULE(_nncert, m) {
  m.doc() = "nncert's compiled bindings; use the nncert package";
  static py::exception<nncert::InvalidInput> invalid_input(m, "InvalidInput", PyExc_ValueError);
  static py::exception<nncert::UnsoundEnvironment> unsound(m, "UnsoundEnvironment", PyExc_RuntimeError);
  static py::exception<nncert::RangeExceeded> range(m, "RangeExceeded", PyExc_ArithmeticError);
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const nncert::InvalidInput& e) {
      invalid_input(e.what());
    } catch (const nncert::UnsoundEnvironment& e) {
      unsound(e.what());
    } catch (const nncert::RangeExceeded& e) {
      range(e.what());
    } catch (const std::filesystem::filesystem_error& e) {
      invalid_input((e.path1().string() + ": " + e.code().message()).c_str());
    }
  });
  std::atexit([] { nncert::python::wait_for_workers_at_exit(); });
  nncert::python::add_matrix_bindings(m);
  nncert::python::add_problem_bindings(m);
}
