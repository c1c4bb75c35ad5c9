#pragma once
// Rigorous enclosures of arccos and arcsin at a double point, for the interval evaluation of the
// kernels: the libm value widened by kLibmUlps steps each way (the accuracy assumed of libm,
// fp_environment.hpp A7; glibc documents <= 1 ulp for acos/asin) and intersected with the exact range. libm is
// called in round-to-nearest: Boost.Interval restores the rounding mode after each operation.
#include "nncert/numeric/interval.hpp"

namespace nncert::kernels::detail {

// π enclosure: Boost's interval_lib constants are rigorous (pi_lower < π < pi_upper).
Interval pi_interval();

// Encloses arccos(r) for a double r ∈ [−1, 1] (r is clamped first: callers pass ends of an
// enclosure already intersected with [−1, 1]).
Interval acos_point(double r);
// Encloses arcsin(r) for a double r ∈ [−1, 1].
Interval asin_point(double r);

// Encloses arcsin over an interval ⊂ [−1, 1] (monotone increasing).
Interval asin_enclosure(const Interval& x);

}  // namespace nncert::kernels::detail
