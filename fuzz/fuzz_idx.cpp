// libFuzzer target: the IDX reader (gzip-compressed or plain).
#include "fuzz_input.hpp"
#include "nncert/data/idx.hpp"
#include "nncert/numeric/errors.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* bytes, std::size_t size) {
  try {
    (void)nncert::data::read_idx(nncert::fuzz::write_input(bytes, size, ".gz"));
  } catch (const nncert::InvalidInput&) {
  }
  return 0;
}
