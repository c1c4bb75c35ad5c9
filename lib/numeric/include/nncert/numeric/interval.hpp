#pragma once
// Outward-rounded interval arithmetic on double (Boost.Interval). Its rounding policy switches the
// hardware rounding mode around each operation, which is why the whole project is compiled with
// -frounding-math (assumption A4 of fp_environment.hpp); the start-up self test in
// check_fp_environment() exercises it. Transcendental functions use the rigorous-by-widening
// helpers below rather than libm under directed rounding (libm is not directed-rounding safe).
#include <string>

#include <boost/numeric/interval.hpp>

namespace nncert {

namespace interval_policy {
using namespace boost::numeric::interval_lib;
using Policies = policies<save_state<rounded_arith_std<double>>, checking_base<double>>;
}  // namespace interval_policy

using Interval = boost::numeric::interval<double, interval_policy::Policies>;

// [x, x] for an exact double.
inline Interval point(double x) { return Interval(x, x); }

// Encloses exp/log/sqrt/pow results: the libm value widened by a few ulps on each side. glibc's
// exp/log are accurate to < 1 ulp in round-to-nearest (glibc manual, "Errors in Math Functions"), so
// a margin of 4 ulps each way is safe.
Interval exp(const Interval& x);
Interval log(const Interval& x);
Interval sqrt(const Interval& x);
Interval pow(const Interval& base, const Interval& exponent);

std::string to_string(const Interval& x);

}  // namespace nncert
