// The SDK's CSV reader as every source plugin uses it: the first record is the header, its columns looked up by
// name, each later field parsed as a number. The first input byte picks the separator, so that the
// separator-specific paths (tab and semicolon files) are reached too.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "p2c/csv.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static constexpr char separators[] = {',', ';', '\t', '|'};
  char separator = ',';
  // A seed file is a plain CSV: only a first byte below 4 selects a separator (and is not part of the text).
  if (size > 0 && data[0] < sizeof separators) {
    separator = separators[data[0]];
    ++data;
    --size;
  }
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  try {
    p2c::CsvReader reader(in, "fuzz.csv", separator);
    std::vector<std::string> header;
    if (!reader.next(header)) return 0;
    const auto column = p2c::find_column(header, "value");
    std::vector<std::string> fields;
    while (reader.next(fields)) {
      for (const auto& field : fields) (void)p2c::parse_number(field);
      if (column && *column < fields.size()) (void)p2c::parse_number(fields[*column]);
      (void)reader.where();
    }
  } catch (const p2c::CsvError&) {
    // Malformed CSV is refused with its position: the documented outcome, not a finding.
  }
  return 0;
}
