// libFuzzer target: the .npy reader (any array, then as a matrix).
#include "fuzz_input.hpp"
#include "nncert/data/npy.hpp"
#include "nncert/numeric/errors.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* bytes, std::size_t size) {
  const auto path = nncert::fuzz::write_input(bytes, size, ".npy");
  try {
    (void)nncert::data::read_npy(path);
  } catch (const nncert::InvalidInput&) {
  }
  try {
    (void)nncert::data::read_npy_matrix(path);
  } catch (const nncert::InvalidInput&) {
  }
  return 0;
}
