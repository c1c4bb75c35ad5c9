// nncert as a C++ library: certify λ_min of a small Gram, then verify a theorem's hypotheses on a
// problem file. Usage: nncert_consumer PROBLEM.toml   (exit 0 when every check below holds)
#include <cstdio>
#include <exception>
#include <string>
#if defined(__x86_64__)
#include <xmmintrin.h>
#endif

#include <nncert/linalg/certify_spd.hpp>
#include <nncert/theory/theorem.hpp>
#include <nncert/theory/verifier.hpp>
#include <nncert/theory/verify.hpp>

namespace {

std::string name_of(nncert::Verdict v) { return std::string(nncert::to_string(v)); }

// Certifies λ_min(A) > 0 and checks that the enclosure holds the exactly known value.
bool certified_and_encloses(const nncert::MatD& a, double exact_lambda_min, const char* name) {
  const auto r = nncert::linalg::certify_lambda_min(a);
  const bool ok = r.verdict == nncert::Verdict::certified && r.lambda_min.certified &&
                  r.lambda_min.lower <= exact_lambda_min && exact_lambda_min <= r.lambda_min.upper;
  std::printf("%s: %s, lambda_min in [%.17g, %.17g] (exact %.17g): %s\n", name, name_of(r.verdict).c_str(),
              r.lambda_min.lower, r.lambda_min.upper, exact_lambda_min, ok ? "ok" : "WRONG");
  return ok;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: nncert_consumer PROBLEM.toml\n");
    return 2;
  }
#if defined(__x86_64__)
  // A program linked with -ffast-math starts with flush-to-zero set; nncert protects its own work.
  std::printf("flush-to-zero at start: %s\n", (_mm_getcsr() & 0x8000u) ? "on" : "off");
#endif
  try {
    bool ok = true;
    // [[2, 1], [1, 2]] has eigenvalues 1 and 3.
    nncert::MatD gram(2, 2);
    gram << 2, 1, 1, 2;
    ok &= certified_and_encloses(gram, 1.0, "gram [[2,1],[1,2]]");
    // A diagonal of subnormals: λ_min = 3e-310 exactly. Were flush-to-zero (set by -ffast-math) left
    // on inside nncert, its Cholesky would see zeros and could not certify.
    nncert::MatD tiny = nncert::MatD::Zero(2, 2);
    tiny(0, 0) = 3e-310;
    tiny(1, 1) = 5e-310;
    ok &= certified_and_encloses(tiny, 3e-310, "subnormal diagonal");

    // Every verifier the catalogue names is linked in.
    for (const auto& theorem : nncert::theory::list_theorems())
      for (const auto& h : theorem.hypotheses) (void)nncert::theory::find_verifier(h.verifier);

    const auto problem = nncert::theory::load_problem(argv[1]);
    const auto theorem = nncert::theory::find_theorem(nncert::theory::theorem_named_by(problem.problem));
    const auto report = nncert::theory::verify(theorem, problem);
    for (const auto& f : report.findings)
      std::printf("%s (%s): %s\n", f.hypothesis_id.c_str(), f.verifier.c_str(), name_of(f.verdict).c_str());
    std::printf("%s: %s\n", theorem.id.c_str(), name_of(report.verdict).c_str());
    ok &= report.verdict == nncert::Verdict::certified;
    return ok ? 0 : 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "nncert_consumer: %s\n", e.what());
    return 2;
  }
}
