#pragma once
// Python baselines (numpy, PyTorch) for the benchmarks. Debian's python3-numpy and python3-torch live
// in the system interpreter's dist-packages, so the system python3 is preferred over whatever python3
// comes first on PATH (a pyenv or venv interpreter would not see them). NNCERT_BENCH_INSTALL=1 lets a
// bench apt-get install the missing package first; CI never sets it.
#include <cstdlib>
#include <filesystem>
#include <string>

#include <fmt/format.h>

namespace nncert::bench {

inline std::string python_interpreter() {
  if (const char* e = std::getenv("NNCERT_BENCH_PYTHON")) return e;
  return std::filesystem::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
}

// True when `import module` works, after installing debian_package if allowed and needed.
inline bool python_module_available(const std::string& module, const std::string& debian_package) {
  const std::string probe = fmt::format("'{}' -c 'import {}' >/dev/null 2>&1", python_interpreter(), module);
  if (std::system(probe.c_str()) == 0) return true;
  const char* install = std::getenv("NNCERT_BENCH_INSTALL");
  if (!install || std::string(install) != "1") return false;
  const std::string apt = fmt::format("apt-get install -y {} >/dev/null 2>&1", debian_package);
  (void)std::system(apt.c_str());
  return std::system(probe.c_str()) == 0;
}

}  // namespace nncert::bench
