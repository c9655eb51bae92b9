// The `csv_wide` source plugin: series from a wide CSV table, one row per economy and one column per indicator
// and year.
//
// ITU publishes its per-economy tables this way: the ICT price baskets (`iso3,...,mbb_2gb_pct_gni_2024,
// mbb_2gb_pct_gni_2025_exp,...`) and the IDI 2024 indicator values (`iso3,...,internet_users,...`). The year is
// not a column of such tables but part of a column's meaning, so the `columns` option gives it for each column:
// `mbb_2gb_pct_gni_2024 = "itu.mobile_broadband_basket@2024"`. Several columns may feed one series, one year each.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "p2c/options.h"
#include "p2c/plugin.h"

namespace p2c::plugins {

class CsvWideSource final : public p2c::Source {
 public:
  /// Throws std::invalid_argument for option values the schema cannot express: a `columns` value that is not
  /// "<series id>@<year>", two columns for the same series and year, `units` for a series no column feeds, a bad
  /// code_case or separator.
  explicit CsvWideSource(const p2c::Options& options);

  /// One entry per distinct series id of `columns`, sorted by id.
  std::vector<p2c::SeriesInfo> describe() const override;
  /// Streams every configured column of the series; the file is read once per call.
  void read(const std::string& series_id, p2c::BatchSink& sink) override;

 private:
  struct Column {
    std::string name;
    std::int32_t year = 0;
  };
  struct Series {
    std::string id;
    std::string unit;
    std::vector<Column> columns;  ///< sorted by year
  };

  const Series& find_series(const std::string& series_id) const;

  std::string path_;
  std::string economy_column_;
  std::vector<Series> series_;  ///< sorted by id
  bool upper_case_codes_ = true;
  p2c::StringList missing_values_;
  char separator_ = ',';
};

}  // namespace p2c::plugins
