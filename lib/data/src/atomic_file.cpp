#include "nncert/data/atomic_file.hpp"

#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <system_error>

#include "file_error.hpp"
#include "nncert/data/interrupt_cleanup.hpp"

namespace nncert::data {
namespace {

// ".NAME.tmp-PID-COUNTER" beside the destination: same directory, so rename() stays atomic; hidden,
// and unique within and across processes.
std::filesystem::path temporary_name(const std::filesystem::path& path) {
  static std::atomic<unsigned long> counter{0};
  std::filesystem::path dir = path.parent_path();
  // Built by append: GCC 12 warns falsely (-Wrestrict) on "." + std::string chains.
  std::string name(1, '.');
  name.append(path.filename().string());
  name.append(".tmp-");
  name.append(std::to_string(::getpid()));
  name.push_back('-');
  name.append(std::to_string(counter++));
  return dir.empty() ? std::filesystem::path(name) : dir / name;
}

void remove_quietly(const std::filesystem::path& p) {
  std::error_code ec;
  std::filesystem::remove(p, ec);
}

// TEST HOOK, used only by tests/cli/output_atomicity.sh: with NNCERT_TEST_PAUSE_AFTER_WRITE=NAME in
// the environment, the process sleeps right after it has written a file named NAME (for
// NNCERT_TEST_PAUSE_SECONDS, default 30), so that a test can kill it exactly at that write boundary.
// Unset (always, outside that test): no effect.
void pause_after_write_for_tests(const std::filesystem::path& written) {
  const char* name = std::getenv("NNCERT_TEST_PAUSE_AFTER_WRITE");
  if (name == nullptr || written.filename() != name) return;
  std::fprintf(stderr, "nncert: test hook: paused after writing %s\n", written.filename().c_str());
  std::fflush(stderr);
  const char* seconds = std::getenv("NNCERT_TEST_PAUSE_SECONDS");
  ::sleep(seconds != nullptr ? static_cast<unsigned>(std::atoi(seconds)) : 30u);
}

}  // namespace

void write_file_atomically(const std::filesystem::path& path,
                           const std::function<void(std::ostream&)>& writer) {
  if (path.filename().empty()) detail::file_error(path, "cannot write: not a file name");
  const std::filesystem::path tmp = temporary_name(path);
  // Registered before it exists, so that SIGINT/SIGTERM at any moment leaves no temporary behind.
  InterruptCleanup cleanup(tmp);
  std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
  if (!out) {
    const int err = errno;
    detail::file_error(path, std::string("cannot write: ") + std::strerror(err));
  }
  try {
    writer(out);
    out.flush();
    if (!out) throw std::ios_base::failure("stream error");
    out.close();
    if (out.fail()) throw std::ios_base::failure("close failed");
  } catch (const std::ios_base::failure&) {
    const int err = errno;
    out.close();
    remove_quietly(tmp);
    detail::file_error(path, std::string("cannot write: ") +
                                 (err != 0 ? std::strerror(err) : "output stream failed"));
  } catch (...) {
    out.close();
    remove_quietly(tmp);
    throw;
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    remove_quietly(tmp);
    detail::file_error(path, "cannot write: " + ec.message());
  }
  cleanup.release();
  pause_after_write_for_tests(path);
}

void write_file_atomically(const std::filesystem::path& path, std::string_view bytes) {
  write_file_atomically(path, [bytes](std::ostream& os) {
    os.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  });
}

}  // namespace nncert::data
