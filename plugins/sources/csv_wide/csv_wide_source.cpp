#include "csv_wide_source.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <system_error>
#include <utility>

#include "p2c/batch_writer.h"
#include "p2c/csv.h"
#include "p2c/text.h"

namespace {

constexpr p2c_option_spec kCsvWideOptions[] = {
    {"path", P2C_OPTION_PATH, nullptr, 1, "The CSV table (relative to the config file's folder)"},
    {"economy_column", P2C_OPTION_STRING, "\"iso3\"", 0, "Column holding the economy code"},
    {"columns", P2C_OPTION_STRING_MAP, nullptr, 1,
     "Maps a column to \"<series id>@<year>\", e.g. { mbb_2gb_pct_gni_2024 = \"itu.mobile_broadband_basket@2024\" }; "
     "several columns may feed one series with different years"},
    {"units", P2C_OPTION_STRING_MAP, "{}", 0, "Unit of each series, e.g. { \"itu.internet_users\" = \"%\" }"},
    {"code_case", P2C_OPTION_STRING, "\"upper\"", 0,
     "\"upper\" upper-cases economy codes, \"keep\" leaves them as written"},
    {"missing_values", P2C_OPTION_STRING_LIST, R"(["", "..", "NA", "n.a."])", 0,
     "Values meaning \"no observation\"; such cells are skipped"},
    {"separator", P2C_OPTION_STRING, "\",\"", 0, "Field separator, one character"},
};

}  // namespace

namespace p2c::plugins {
namespace {

constexpr std::int32_t kFirstYear = 1900;
constexpr std::int32_t kLastYear = 2200;
// Wide tables have a few hundred rows, so a fixed batch size serves them; the host sees whole batches either way.
constexpr std::size_t kBatchSize = 4096;

std::string_view trim(std::string_view text) noexcept {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

template <typename Range>
std::string join(const Range& items) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += ", ";
    out += item;
  }
  return out;
}

std::optional<std::int32_t> parse_year(std::string_view field) noexcept {
  field = trim(field);
  std::int32_t year = 0;
  const char* end = field.data() + field.size();
  const auto [ptr, error] = std::from_chars(field.data(), end, year);
  if (field.empty() || error != std::errc() || ptr != end || year < kFirstYear || year > kLastYear) return std::nullopt;
  return year;
}

/// A `columns` value split into series id and year.
struct Target {
  std::string series;
  std::int32_t year = 0;
};

Target parse_target(const std::string& column, const std::string& value) {
  const std::string where = "option 'columns': the value of '" + column + "' ";
  // The last '@' separates the year, so a series id may itself contain one.
  const std::size_t at = value.rfind('@');
  if (at == std::string::npos)
    throw std::invalid_argument(where + "must be \"<series id>@<year>\", e.g. \"itu.internet_users@2022\"; found '" +
                                value + "'");
  const std::string_view series = trim(std::string_view(value).substr(0, at));
  if (series.empty())
    throw std::invalid_argument(where + "has no series id before the '@'; expected \"<series id>@<year>\", found '" +
                                value + "'");
  const auto year = parse_year(std::string_view(value).substr(at + 1));
  if (!year)
    throw std::invalid_argument(where + "has no valid year after the '@' (expected " + std::to_string(kFirstYear) +
                                " to " + std::to_string(kLastYear) + "), found '" + value + "'");
  return {std::string(series), *year};
}

[[noreturn]] void fail_to_open(const std::string& path, int error) {
  const std::string reason = error != 0 ? std::generic_category().message(error) : "unknown error";
  throw std::runtime_error("cannot open '" + path + "': " + reason + "; check the `path` option of this source");
}

std::ifstream open_input(const std::string& path) {
  // A folder opens "successfully" as a stream and then reads as empty; say what it really is.
  std::error_code ignored;
  if (std::filesystem::is_directory(path, ignored)) fail_to_open(path, EISDIR);
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) fail_to_open(path, errno);
  return in;
}

std::size_t require_column(const std::vector<std::string>& header, const std::string& name, const CsvReader& reader,
                           std::string_view hint) {
  if (const auto index = find_column(header, name)) return *index;
  throw std::runtime_error(reader.where() + ": no column '" + name + "' in the header (columns: " + join(header) +
                           "); " + std::string(hint));
}

}  // namespace

CsvWideSource::CsvWideSource(const Options& options)
    : path_(options.string("path")),
      economy_column_(options.string("economy_column")),
      upper_case_codes_(upper_case_codes(options)),
      missing_values_(options.strings("missing_values")),
      separator_(csv_separator(options)) {
  const StringMap& columns = options.table("columns");
  if (columns.empty())
    throw std::invalid_argument("option 'columns' is empty; map at least one column to \"<series id>@<year>\"");
  std::map<std::string, Series> by_id;
  std::map<std::pair<std::string, std::int32_t>, std::string> feeding;  // series and year -> the column feeding it
  for (const auto& [column, value] : columns) {
    if (column.empty())
      throw std::invalid_argument("option 'columns' has an empty column name (value '" + value + "')");
    const Target target = parse_target(column, value);
    // Two columns for one series and year would deliver the economy's value twice, perhaps with two numbers.
    const auto [it, inserted] = feeding.emplace(std::pair(target.series, target.year), column);
    if (!inserted)
      throw std::invalid_argument("option 'columns': '" + it->second + "' and '" + column + "' both feed '" +
                                  target.series + "' for " + std::to_string(target.year) + "; keep one");
    Series& series = by_id[target.series];
    series.id = target.series;
    series.columns.push_back(Column{column, target.year});
  }
  for (const auto& [id, unit] : options.table("units")) {
    const auto it = by_id.find(id);
    if (it == by_id.end()) {
      std::vector<std::string> ids;
      for (const auto& entry : by_id) ids.push_back(entry.first);
      throw std::invalid_argument("option 'units' names the series '" + id +
                                  "', which no column of `columns` feeds (series: " + join(ids) + ")");
    }
    it->second.unit = unit;
  }
  for (auto& [id, series] : by_id) {
    std::sort(series.columns.begin(), series.columns.end(),
              [](const Column& a, const Column& b) { return a.year < b.year; });
    series_.push_back(std::move(series));
  }
}

std::vector<SeriesInfo> CsvWideSource::describe() const {
  std::vector<SeriesInfo> out;
  for (const Series& series : series_) {
    std::string columns;
    for (const Column& column : series.columns) {
      if (!columns.empty()) columns += ", ";
      columns += column.name + " (" + std::to_string(column.year) + ")";
    }
    out.push_back(SeriesInfo{series.id, series.unit, "CSV table " + path_ + ", columns " + columns});
  }
  return out;
}

const CsvWideSource::Series& CsvWideSource::find_series(const std::string& series_id) const {
  for (const Series& series : series_)
    if (series.id == series_id) return series;
  std::vector<std::string> ids;
  for (const Series& series : series_) ids.push_back("'" + series.id + "'");
  throw std::invalid_argument("this source delivers the series " + join(ids) + ", not '" + series_id + "'");
}

void CsvWideSource::read(const std::string& series_id, BatchSink& sink) {
  const Series& series = find_series(series_id);
  std::ifstream in = open_input(path_);
  CsvReader reader(in, path_, separator_);

  std::vector<std::string> header;
  if (!reader.next(header)) throw std::runtime_error(path_ + ":1: the file is empty; expected a header row");
  const std::size_t economy = require_column(header, economy_column_, reader, "set economy_column");
  // Only this series' columns must exist: a typo in another series fails that series, not this one.
  std::vector<std::pair<std::size_t, std::int32_t>> columns;  // index in the row, year
  for (const Column& column : series.columns)
    columns.emplace_back(require_column(header, column.name, reader, "check the `columns` option"), column.year);

  const auto is_missing = [&](std::string_view field) {
    const std::string_view trimmed = trim(field);
    return std::any_of(missing_values_.begin(), missing_values_.end(),
                       [&](const std::string& token) { return token == field || token == trimmed; });
  };

  BatchWriter writer(sink, kBatchSize);
  std::vector<std::string> row;
  while (reader.next(row)) {
    if (row.size() != header.size()) {
      sink.reject(reader.where(),
                  "expected " + std::to_string(header.size()) + " fields, found " + std::to_string(row.size()));
      continue;
    }
    const std::string_view code = trim(row[economy]);
    if (code.empty()) {
      sink.reject(reader.where(), "empty economy code in column '" + header[economy] + "'");
      continue;
    }
    // Interned only once the row has a value: an economy without data in this series stays unknown to the host.
    std::optional<EntityId> entity;
    for (const auto& [index, year] : columns) {
      const std::string& field = row[index];
      if (is_missing(field)) continue;
      const auto value = parse_number(field);
      if (!value) {
        sink.reject(reader.where(),
                    "expected a number in column '" + header[index] + "', found '" + printable(field) + "'");
        continue;
      }
      if (!entity) entity = upper_case_codes_ ? sink.intern_entity(to_upper(code)) : sink.intern_entity(code);
      writer.add(*entity, year, *value);
    }
  }
  writer.flush();
}

}  // namespace p2c::plugins

P2C_PLUGIN(p2c::plugins::CsvWideSource, "csv_wide", "1.0.0",
           "Wide CSV table: one row per economy, one column per indicator and year", kCsvWideOptions)
