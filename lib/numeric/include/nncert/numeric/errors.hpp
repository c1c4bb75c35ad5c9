#pragma once
// Errors at the library boundary. Bad input is an exception naming what is wrong; the command line
// prints it as one line and exits with code 2. A condition that fails is never an exception: it is a
// Verdict (see verdict.hpp).
#include <stdexcept>
#include <string>

namespace nncert {

// A broken precondition: malformed file, wrong shape, NaN/Inf, empty data, unknown key, ...
// The message names the file or function and the rule that was broken.
struct InvalidInput : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

// The floating-point environment does not satisfy the assumptions every rigorous bound rests on
// (see fp_environment.hpp). Nothing may be certified in such a process.
struct UnsoundEnvironment : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace nncert
