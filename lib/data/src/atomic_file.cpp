#include "nncert/data/atomic_file.hpp"

#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <string>
#include <system_error>

#include "file_error.hpp"

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

}  // namespace

void write_file_atomically(const std::filesystem::path& path,
                           const std::function<void(std::ostream&)>& writer) {
  if (path.filename().empty()) detail::file_error(path, "cannot write: not a file name");
  const std::filesystem::path tmp = temporary_name(path);
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
}

void write_file_atomically(const std::filesystem::path& path, std::string_view bytes) {
  write_file_atomically(path, [bytes](std::ostream& os) {
    os.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  });
}

}  // namespace nncert::data
