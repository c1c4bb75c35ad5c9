// libFuzzer target: the CSV matrix reader.
#include "fuzz_input.hpp"
#include "nncert/data/csv.hpp"
#include "nncert/numeric/errors.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* bytes, std::size_t size) {
  try {
    (void)nncert::data::read_csv_matrix(nncert::fuzz::write_input(bytes, size, ".csv"));
  } catch (const nncert::InvalidInput&) {
  }
  return 0;
}
