// CSV read plainly with std::getline, for tests that check the code under test against the data files. These
// readers deliberately share nothing with the SDK's CSV reader or the csv plugins: an independent reading, so
// the tests do not check that code against itself. They know just enough CSV for the bundled files.
#pragma once

#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace p2c::test {

/// The comma-separated fields of `line`, empty ones kept (a trailing comma is an empty last field). No quoting:
/// for lines, or the parts of lines a test reads, that have no quoted commas. A trailing carriage return (CRLF
/// files) is dropped.
inline std::vector<std::string> split_fields(std::string line) {
  if (!line.empty() && line.back() == '\r') line.pop_back();
  std::vector<std::string> fields;
  std::stringstream parts(line);
  for (std::string field; std::getline(parts, field, ',');) fields.push_back(field);
  if (!line.empty() && line.back() == ',') fields.emplace_back();
  return fields;
}

/// The fields of `line` where a field in double quotes may hold commas ("Hong Kong, China"); the quotes are
/// dropped. Doubled quotes inside quotes are not supported (the bundled files have none). A trailing carriage
/// return is dropped.
inline std::vector<std::string> split_quoted(std::string line) {
  if (!line.empty() && line.back() == '\r') line.pop_back();
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (const char c : line) {
    if (c == '"')
      quoted = !quoted;
    else if (c == ',' && !quoted)
      fields.emplace_back();
    else
      fields.back() += c;
  }
  return fields;
}

/// The lines of `file` after its header, each split with split_fields. An unreadable file gives no rows.
inline std::vector<std::vector<std::string>> plain_rows(const std::filesystem::path& file) {
  std::vector<std::vector<std::string>> rows;
  std::ifstream in(file);
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) rows.push_back(split_fields(line));
  return rows;
}

/// Value by (code, year) from a file whose last two fields are year and value (quoted names only ever come
/// before them): the code is the field `code_field_from_end` from the end (3 = just before the year), upper-cased
/// if `upper_case_code`. Rows with an empty value or fewer than three fields are left out.
inline std::map<std::pair<std::string, int>, double> tail_values(const std::filesystem::path& file,
                                                                 bool upper_case_code, int code_field_from_end) {
  std::map<std::pair<std::string, int>, double> out;
  for (const auto& fields : plain_rows(file)) {
    if (fields.size() < 3 || fields.back().empty()) continue;
    std::string code = fields[fields.size() - static_cast<std::size_t>(code_field_from_end)];
    if (upper_case_code)
      for (char& c : code) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    out[{code, std::stoi(fields[fields.size() - 2])}] = std::stod(fields.back());
  }
  return out;
}

}  // namespace p2c::test
