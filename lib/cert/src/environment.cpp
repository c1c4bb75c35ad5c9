// The environment that produced a certificate (docs/certificates.md).
#include <Eigen/Core>
#include <boost/version.hpp>
#include <fmt/format.h>

#include "build_info.hpp"
#include "nncert/cert/certificate.hpp"
#include "nncert/linalg/factorization.hpp"

namespace nncert::cert {

std::string build_flags() {
  return fmt::format("{} build, CXXFLAGS \"{}\"", NNCERT_BUILD_TYPE[0] ? NNCERT_BUILD_TYPE : "default", NNCERT_CXX_FLAGS);
}

nlohmann::json environment_json(int threads) {
#if defined(__clang__)
  const std::string compiler = fmt::format("clang {}", __clang_version__);
#elif defined(__GNUC__)
  const std::string compiler = fmt::format("g++ {}", __VERSION__);
#else
  const std::string compiler = "unknown";
#endif
  std::string boost = BOOST_LIB_VERSION;
  for (auto& ch : boost)
    if (ch == '_') ch = '.';
  return {{"version", NNCERT_VERSION},
          {"git", NNCERT_GIT_COMMIT},
          {"compiler", compiler},
          {"eigen", fmt::format("{}.{}.{}", EIGEN_WORLD_VERSION, EIGEN_MAJOR_VERSION, EIGEN_MINOR_VERSION)},
          {"boost", boost},
          {"blas", linalg::linear_algebra_description()},
          {"threads", threads}};
}

}  // namespace nncert::cert
