#include "csv_source.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <system_error>
#include <unordered_map>
#include <utility>

#include "p2c/batch_writer.h"
#include "p2c/csv.h"
#include "p2c/text.h"

namespace {

constexpr p2c_option_spec kCsvOptions[] = {
    {"path", P2C_OPTION_PATH, nullptr, 1, "The CSV file (relative to the config file's folder)"},
    {"series", P2C_OPTION_STRING, nullptr, 1, "Id of the series this source delivers, e.g. \"itu.internet_users\""},
    {"economy_column", P2C_OPTION_STRING, "\"Country Code\"", 0, "Column holding the economy code"},
    {"year_column", P2C_OPTION_STRING, "\"Year\"", 0, "Column holding the year"},
    {"value_column", P2C_OPTION_STRING, "\"Value\"", 0, "Column holding the value"},
    {"unit", P2C_OPTION_STRING, "\"\"", 0, "Unit of the values, e.g. \"%\""},
    {"code_case", P2C_OPTION_STRING, "\"upper\"", 0,
     "\"upper\" upper-cases economy codes (Gapminder writes lower-case ISO3), \"keep\" leaves them"},
    {"filter", P2C_OPTION_STRING_MAP, "{}", 0,
     "Keep only rows whose column equals the value, e.g. { sex = \"bothsex\" }"},
    {"dimensions", P2C_OPTION_STRING_LIST, "[]", 0, "Columns carried along as dimensions of the series"},
    {"missing_values", P2C_OPTION_STRING_LIST, R"(["", "..", "NA", "n.a."])", 0,
     "Values meaning \"no observation\"; such rows are skipped"},
    {"separator", P2C_OPTION_STRING, "\",\"", 0, "Field separator, one character"},
    {"batch_size", P2C_OPTION_INTEGER, "4096", 0, "Rows per batch handed to the host"},
    {"code_map", P2C_OPTION_PATH, nullptr, 0,
     "CSV file mapping economy codes, e.g. \"../reference/economies.csv\" to turn UN M49 numbers into ISO3; "
     "codes it does not list pass through unchanged"},
    {"code_map_from", P2C_OPTION_STRING, "\"m49\"", 0,
     "Column of the code map holding the codes found in the data (numeric codes compare as numbers: 4 = 004)"},
    {"code_map_to", P2C_OPTION_STRING, "\"iso3\"", 0, "Column of the code map holding the code to deliver instead"},
};

}  // namespace

namespace p2c::plugins {
namespace {

constexpr std::int32_t kFirstYear = 1900;
constexpr std::int32_t kLastYear = 2200;

std::string_view trim(std::string_view text) noexcept {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += ", ";
    out += item;
  }
  return out;
}

std::size_t batch_size_option(const Options& options) {
  const std::int64_t value = options.integer("batch_size");
  if (value <= 0)
    throw std::invalid_argument("option 'batch_size' must be greater than 0, found " + std::to_string(value));
  return static_cast<std::size_t>(value);
}

std::optional<std::int32_t> parse_year(std::string_view field) noexcept {
  field = trim(field);
  std::int32_t year = 0;
  const char* end = field.data() + field.size();
  const auto [ptr, error] = std::from_chars(field.data(), end, year);
  if (field.empty() || error != std::errc() || ptr != end || year < kFirstYear || year > kLastYear) return std::nullopt;
  return year;
}

[[noreturn]] void fail_to_open(const std::string& path, int error, std::string_view option) {
  const std::string reason = error != 0 ? std::generic_category().message(error) : "unknown error";
  throw std::runtime_error("cannot open '" + path + "': " + reason + "; check the `" + std::string(option) +
                           "` option of this source");
}

/// Opens the file named by the option `option` (named in messages).
std::ifstream open_input(const std::string& path, std::string_view option) {
  // A folder opens "successfully" as a stream and then reads as empty; say what it really is.
  std::error_code ignored;
  if (std::filesystem::is_directory(path, ignored)) fail_to_open(path, EISDIR, option);
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) fail_to_open(path, errno, option);
  return in;
}

/// Where the columns a source needs are in the header.
struct Columns {
  std::size_t count = 0;
  std::size_t economy = 0;
  std::size_t year = 0;
  std::size_t value = 0;
  std::vector<std::size_t> dimensions;
  std::vector<std::pair<std::size_t, std::string>> filters;  ///< column and the value a row must have
};

std::size_t require_column(const std::vector<std::string>& header, const std::string& name, const CsvReader& reader,
                           std::string_view hint) {
  if (const auto index = find_column(header, name)) return *index;
  throw std::runtime_error(reader.where() + ": no column '" + name + "' in the header (columns: " + join(header) +
                           "); " + std::string(hint));
}

/// Economy codes of the data replaced by those of a reference table, e.g. UN M49 numbers by ISO3 codes.
class CodeMap {
 public:
  /// The empty map: every code passes through.
  CodeMap() = default;

  /// Loads `path`, a comma-separated file with a header naming the columns `from` and `to`. Throws when the file
  /// cannot be read, lacks one of the columns, has a row of the wrong width or maps one code to two others.
  CodeMap(const std::string& path, const std::string& from, const std::string& to) {
    std::ifstream in = open_input(path, "code_map");
    CsvReader reader(in, path);
    std::vector<std::string> header;
    if (!reader.next(header))
      throw std::runtime_error(path + ":1: the code map is empty; expected a header row with the columns '" + from +
                               "' and '" + to + "'");
    const std::size_t from_column = require_column(header, from, reader, "check the `code_map_from` option");
    const std::size_t to_column = require_column(header, to, reader, "check the `code_map_to` option");
    std::vector<std::string> row;
    while (reader.next(row)) {
      if (row.size() != header.size())
        throw std::runtime_error(reader.where() + ": expected " + std::to_string(header.size()) +
                                 " fields in the code map, found " + std::to_string(row.size()));
      const std::string_view code = trim(row[from_column]);
      const std::string_view mapped = trim(row[to_column]);
      // Reference tables list entries without a code on one side (M49 680 Sark has no ISO3); they map nothing.
      if (code.empty() || mapped.empty()) continue;
      const auto [it, inserted] = codes_.emplace(key(code), mapped);
      if (!inserted && it->second != mapped)
        throw std::runtime_error(reader.where() + ": the code map maps '" + std::string(code) + "' to '" +
                                 std::string(mapped) + "', but an earlier row to '" + it->second + "'");
    }
  }

  /// The code to deliver instead of `code`, or null when the map does not list it (the caller passes it through).
  const std::string* find(std::string_view code) const {
    if (codes_.empty()) return nullptr;
    const auto it = codes_.find(key(code));
    return it == codes_.end() ? nullptr : &it->second;
  }

 private:
  // M49 codes are numbers that some publishers pad ("004") and others do not ("4"), so a numeric code is
  // compared by its value; any other code compares as written.
  static std::string key(std::string_view code) {
    code = trim(code);
    if (code.empty() || !std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return std::string(code);
    while (code.size() > 1 && code.front() == '0') code.remove_prefix(1);
    return std::string(code);
  }

  std::unordered_map<std::string, std::string> codes_;
};

struct Observation {
  std::string_view code;
  std::int32_t year = 0;
  double value = 0;
};

/// A data row turned into an observation, or the reason to reject it; neither means "skip silently".
struct RowResult {
  std::optional<Observation> observation;
  std::string rejection;
};

/// Checks data rows against the header and the source's options.
class RowParser {
 public:
  RowParser(const Columns& columns, const std::vector<std::string>& header, const StringList& missing_values)
      : columns_(columns), header_(header), missing_values_(missing_values) {}

  RowResult parse(const std::vector<std::string>& row) const {
    if (row.size() != columns_.count)
      return reject("expected " + std::to_string(columns_.count) + " fields, found " + std::to_string(row.size()));
    if (!passes_filters(row)) return {};
    Observation observation;
    observation.code = trim(row[columns_.economy]);
    if (observation.code.empty()) return reject("empty economy code in column '" + name(columns_.economy) + "'");
    const auto year = parse_year(row[columns_.year]);
    if (!year) return reject(expected("a year", columns_.year, row));
    observation.year = *year;
    if (is_missing(row[columns_.value])) return {};
    const auto value = parse_number(row[columns_.value]);
    if (!value) return reject(expected("a number", columns_.value, row));
    observation.value = *value;
    return {observation, {}};
  }

 private:
  static RowResult reject(std::string why) { return {std::nullopt, std::move(why)}; }

  const std::string& name(std::size_t column) const { return header_[column]; }

  std::string expected(std::string_view what, std::size_t column, const std::vector<std::string>& row) const {
    return "expected " + std::string(what) + " in column '" + name(column) + "', found '" + printable(row[column]) +
           "'";
  }

  bool passes_filters(const std::vector<std::string>& row) const {
    return std::all_of(columns_.filters.begin(), columns_.filters.end(),
                       [&](const auto& filter) { return row[filter.first] == filter.second; });
  }

  bool is_missing(std::string_view field) const {
    const std::string_view trimmed = trim(field);
    return std::any_of(missing_values_.begin(), missing_values_.end(),
                       [&](const std::string& token) { return token == field || token == trimmed; });
  }

  const Columns& columns_;
  const std::vector<std::string>& header_;
  const StringList& missing_values_;
};

/// The entity a row's economy code stands for, after the code map and upper-casing.
class EntityResolver {
 public:
  EntityResolver(BatchSink& sink, const CodeMap& code_map, bool upper_case_codes)
      : sink_(sink), code_map_(code_map), upper_case_codes_(upper_case_codes) {}

  // Files are sorted by economy, so remembering the last code saves almost every lookup in the map and the host.
  EntityId operator()(std::string_view code) {
    if (!last_entity_ || last_code_ != code) {
      const std::string* mapped = code_map_.find(code);
      const std::string_view delivered = mapped != nullptr ? std::string_view(*mapped) : code;
      last_entity_ = upper_case_codes_ ? sink_.intern_entity(to_upper(delivered)) : sink_.intern_entity(delivered);
      last_code_ = code;
    }
    return *last_entity_;
  }

 private:
  BatchSink& sink_;
  const CodeMap& code_map_;
  bool upper_case_codes_;
  std::string last_code_;
  std::optional<EntityId> last_entity_;
};

}  // namespace

CsvSource::CsvSource(const Options& options)
    : path_(options.string("path")),
      series_(options.string("series")),
      economy_column_(options.string("economy_column")),
      year_column_(options.string("year_column")),
      value_column_(options.string("value_column")),
      unit_(options.string("unit")),
      upper_case_codes_(upper_case_codes(options)),
      filter_(options.table("filter")),
      dimensions_(options.strings("dimensions")),
      missing_values_(options.strings("missing_values")),
      separator_(csv_separator(options)),
      batch_size_(batch_size_option(options)),
      code_map_from_(options.string("code_map_from")),
      code_map_to_(options.string("code_map_to")) {
  if (series_.empty()) throw std::invalid_argument("option 'series' must not be empty");
  if (options.has("code_map")) {
    code_map_ = options.string("code_map");
    if (code_map_->empty()) throw std::invalid_argument("option 'code_map' must not be empty");
    if (code_map_from_.empty()) throw std::invalid_argument("option 'code_map_from' must not be empty");
    if (code_map_to_.empty()) throw std::invalid_argument("option 'code_map_to' must not be empty");
  }
}

std::vector<SeriesInfo> CsvSource::describe() const {
  std::string description = "CSV file " + path_;
  if (code_map_) description += ", codes mapped from " + code_map_from_ + " to " + code_map_to_ + " by " + *code_map_;
  return {SeriesInfo{series_, unit_, description}};
}

void CsvSource::read(const std::string& series_id, BatchSink& sink) {
  if (series_id != series_)
    throw std::invalid_argument("this source delivers the series '" + series_ + "', not '" + series_id + "'");
  // The map is read first and whole: it is small, and a bad map must fail the source before any batch is sent.
  const CodeMap code_map = code_map_ ? CodeMap(*code_map_, code_map_from_, code_map_to_) : CodeMap();
  std::ifstream in = open_input(path_, "path");
  CsvReader reader(in, path_, separator_);

  std::vector<std::string> header;
  if (!reader.next(header)) throw std::runtime_error(path_ + ":1: the file is empty; expected a header row");
  Columns columns;
  columns.count = header.size();
  columns.economy = require_column(header, economy_column_, reader, "set economy_column");
  columns.year = require_column(header, year_column_, reader, "set year_column");
  columns.value = require_column(header, value_column_, reader, "set value_column");
  for (const std::string& name : dimensions_)
    columns.dimensions.push_back(require_column(header, name, reader, "check the `dimensions` option"));
  for (const auto& [name, value] : filter_)
    columns.filters.emplace_back(require_column(header, name, reader, "check the `filter` option"), value);

  const RowParser parser(columns, header, missing_values_);
  EntityResolver entity(sink, code_map, upper_case_codes_);
  BatchWriter writer(sink, batch_size_, dimensions_);
  std::vector<std::string_view> labels(columns.dimensions.size());
  std::vector<std::string> row;
  while (reader.next(row)) {
    const RowResult result = parser.parse(row);
    if (result.observation) {
      for (std::size_t i = 0; i < labels.size(); ++i) labels[i] = row[columns.dimensions[i]];
      writer.add(entity(result.observation->code), result.observation->year, result.observation->value, labels);
    } else if (!result.rejection.empty()) {
      sink.reject(reader.where(), result.rejection);
    }
  }
  writer.flush();
}

}  // namespace p2c::plugins

P2C_PLUGIN(p2c::plugins::CsvSource, "csv", "1.0.0", "Long-format CSV file: one row per economy and year", kCsvOptions)
