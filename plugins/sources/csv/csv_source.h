// The `csv` source plugin: one series from a long-format CSV file (one row per economy and year).
//
// Covers the layouts of the public files p2c works with: World Bank WDI (`Country Name,Country Code,
// Year,Value`), Gapminder (`geo,time,<indicator>` with lower-case codes) and DDF exports of the UN SDG
// database (dimension columns such as `sex` that are filtered or carried along). The SDG database names economies
// by unpadded numeric M49 codes (`4` = Afghanistan); the optional `code_map` replaces them with the ISO3 codes of a
// reference table while reading, so every source hands the host the same kind of code.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "p2c/options.h"
#include "p2c/plugin.h"

namespace p2c::plugins {

class CsvSource final : public p2c::Source {
 public:
  /// Throws std::invalid_argument for option values the schema cannot express (bad code_case, separator). The code
  /// map file is read by read(), like the data.
  explicit CsvSource(const p2c::Options& options);

  std::vector<p2c::SeriesInfo> describe() const override;
  void read(const std::string& series_id, p2c::BatchSink& sink) override;

 private:
  std::string path_;
  std::string series_;
  std::string economy_column_;
  std::string year_column_;
  std::string value_column_;
  std::string unit_;
  bool upper_case_codes_ = true;
  p2c::StringMap filter_;
  p2c::StringList dimensions_;
  p2c::StringList missing_values_;
  char separator_ = ',';
  std::size_t batch_size_ = 4096;
  std::optional<std::string> code_map_;  ///< path of the code map; unset: codes are delivered as found
  std::string code_map_from_;
  std::string code_map_to_;
};

}  // namespace p2c::plugins
