#pragma once
// NaN-keeping min/max and clamps for interval ends and bounds. std::max(0.0, x) is 0 for x = NaN (it
// returns its first argument when the comparison fails), which would turn a failed bound into a
// plausible one; these return NaN whenever an argument is NaN, so the finiteness checks downstream
// see it and the result becomes inconclusive. Templates: also used on multiprecision scalars.

namespace nncert {

template <class T>
inline T max_or_nan(const T& a, const T& b) {
  if (a != a) return a;
  if (b != b) return b;
  return a < b ? b : a;
}

template <class T>
inline T min_or_nan(const T& a, const T& b) {
  if (a != a) return a;
  if (b != b) return b;
  return b < a ? b : a;
}

// max(x, floor), NaN kept.
template <class T>
inline T at_least(const T& x, const T& floor) {
  return x < floor ? floor : x;
}

// min(max(x, lo), hi), NaN kept.
template <class T>
inline T clamp_keep_nan(const T& x, const T& lo, const T& hi) {
  return x < lo ? lo : (hi < x ? hi : x);
}

}  // namespace nncert
