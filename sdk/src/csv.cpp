#include "p2c/csv.h"

#include <charconv>
#include <cmath>
#include <streambuf>
#include <system_error>
#include <unordered_map>

#include "p2c/text.h"

namespace p2c {
namespace {

constexpr int kEof = std::char_traits<char>::eof();
constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// Characters of one next() call: first the bytes read ahead while looking for a byte-order mark (when
// they turned out not to be one), then the stream buffer itself, which is already buffered and much
// cheaper per character than std::istream::get().
class CharSource {
 public:
  explicit CharSource(std::streambuf& buffer) : buffer_(buffer) {}

  void skip_bom() {
    while (pending_.size() < kUtf8Bom.size()) {
      const int c = buffer_.sbumpc();
      if (c == kEof) break;
      pending_ += static_cast<char>(c);
      if (pending_.back() != kUtf8Bom[pending_.size() - 1]) break;
    }
    if (pending_ == kUtf8Bom) pending_.clear();
  }

  int get() {
    if (position_ < pending_.size()) return static_cast<unsigned char>(pending_[position_++]);
    return buffer_.sbumpc();
  }

  int peek() {
    if (position_ < pending_.size()) return static_cast<unsigned char>(pending_[position_]);
    return buffer_.sgetc();
  }

  // Consumes the '\n' of a "\r\n" pair so that it ends one line, not two.
  void skip_lf_after_cr() {
    if (peek() == '\n') get();
  }

 private:
  std::streambuf& buffer_;
  std::string pending_;
  std::size_t position_ = 0;
};

bool is_space(char c) noexcept { return c == ' ' || c == '\t'; }
bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

std::string_view trim(std::string_view text) noexcept {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

std::string position_prefix(const std::string& file, std::uint64_t line, std::uint64_t column) {
  return file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": ";
}

// OWASP's list: characters a spreadsheet takes as the start of a formula (or that hide one).
bool formula_start(char c) noexcept { return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r'; }

// Whether csv_quote_text() neutralises `field`: it starts, after any single quotes, with a formula character.
// Counting the quotes makes the neutralising reversible: "'=x" becomes "''=x" and reads back as "'=x".
bool needs_neutralising(std::string_view field) noexcept {
  const auto first = field.find_first_not_of('\'');
  return first != std::string_view::npos && formula_start(field[first]);
}

}  // namespace

CsvError::CsvError(std::string file, std::uint64_t line, std::uint64_t column, const std::string& what)
    : std::runtime_error(position_prefix(file, line, column) + what), line_(line), column_(column) {}

CsvReader::CsvReader(std::istream& in, std::string file, char separator, CsvChecks checks)
    : in_(in), file_(std::move(file)), separator_(separator), checks_(checks) {}

std::string CsvReader::where() const { return file_ + ":" + std::to_string(record_line_); }

bool CsvReader::next(std::vector<std::string>& fields) {
  fields.clear();
  std::streambuf* buffer = in_.rdbuf();
  if (buffer == nullptr) return false;
  CharSource source(*buffer);
  if (at_start_) {
    source.skip_bom();
    at_start_ = false;
  }

  field_columns_.clear();
  std::string field;
  bool in_record = false;
  bool at_field_start = true;
  // Records always start at the beginning of a physical line, so the column can be counted locally.
  std::uint64_t column = 0;
  for (;;) {
    const int c = source.get();
    if (c == kEof) {
      if (!in_record) return false;
      fields.push_back(std::move(field));
      check(fields);
      return true;
    }
    ++column;

    if (c == '\n' || c == '\r') {
      if (c == '\r') source.skip_lf_after_cr();
      ++line_;
      column = 0;
      if (!in_record) continue;  // a blank line
      fields.push_back(std::move(field));
      check(fields);
      return true;
    }
    if (!in_record) {
      in_record = true;
      record_line_ = line_;
      field_columns_.push_back(column);
    }

    if (c == separator_) {
      fields.push_back(std::move(field));
      field.clear();
      at_field_start = true;
      field_columns_.push_back(column + 1);
      continue;
    }
    if (c == '"' && at_field_start) {
      const std::uint64_t quote_line = line_;
      const std::uint64_t quote_column = column;
      for (;;) {
        const int q = source.get();
        if (q == kEof)
          throw CsvError(file_, quote_line, quote_column, "unterminated quoted field (the file may be truncated)");
        ++column;
        if (q == '"') {
          if (source.peek() != '"') break;
          source.get();
          ++column;
        } else if (q == '\n' || (q == '\r' && source.peek() != '\n')) {
          ++line_;
          column = 0;
        }
        field += static_cast<char>(q);
      }
      at_field_start = false;
      continue;
    }
    // Text after a closing quote, or a quote inside an unquoted field, is kept as it is: real files
    // contain both, and rejecting them would lose the whole file over one odd name.
    field += static_cast<char>(c);
    at_field_start = false;
  }
}

void CsvReader::check(const std::vector<std::string>& fields) {
  const bool header = at_header_;
  at_header_ = false;
  const auto column_of = [&](std::size_t i) { return i < field_columns_.size() ? field_columns_[i] : 0; };
  const auto name_of = [&](std::size_t i) {
    if (!header && i < header_.size() && !header_[i].empty() && valid_utf8(header_[i]))
      return "column '" + printable(header_[i]) + "'";
    return "field " + std::to_string(i + 1);
  };
  if (checks_.utf8)
    for (std::size_t i = 0; i < fields.size(); ++i)
      if (const auto at = invalid_utf8_at(fields[i]); at != std::string::npos)
        throw CsvError(file_, record_line_, column_of(i),
                       name_of(i) + ": expected UTF-8 text; found a byte that is not UTF-8 at byte " +
                           std::to_string(at + 1) + " of '" + printable(fields[i]) +
                           "'; save the file as UTF-8 (e.g. iconv -f WINDOWS-1252 -t UTF-8)");
  // Without a header the first record is data: its fields do not name the columns.
  if (!header || !checks_.unique_header) return;
  std::unordered_map<std::string_view, std::size_t> seen;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (fields[i].empty()) continue;  // unnamed columns (a trailing separator) are never looked up
    const auto [first, added] = seen.emplace(fields[i], i);
    if (!added)
      throw CsvError(file_, record_line_, column_of(i),
                     "column '" + printable(fields[i]) + "': the column appears twice in the header, as fields " +
                         std::to_string(first->second + 1) + " and " + std::to_string(i + 1) +
                         "; rename or remove one");
  }
  header_ = fields;
}

std::optional<std::size_t> find_column(const std::vector<std::string>& header, std::string_view name) {
  for (std::size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return i;
  return std::nullopt;
}

std::optional<double> parse_number(std::string_view field) noexcept {
  field = trim(field);
  // std::from_chars rejects a leading '+', which some exports write; accept it before a digit or a
  // point only, so that "+", "+-1" and "+inf" stay malformed.
  if (field.size() > 1 && field.front() == '+' && (is_digit(field[1]) || field[1] == '.')) field.remove_prefix(1);
  if (field.empty()) return std::nullopt;
  double value = 0;
  const char* end = field.data() + field.size();
  const auto [ptr, error] = std::from_chars(field.data(), end, value);
  if (error != std::errc() || ptr != end || !std::isfinite(value)) return std::nullopt;
  return value;
}

namespace {

void append_quoted(std::string& out, std::string_view field, bool neutralise) {
  out += neutralise ? "\"'" : "\"";
  for (const char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

bool needs_quotes(std::string_view field, char separator) noexcept {
  for (const char c : field)
    if (c == separator || c == '"' || c == '\n' || c == '\r') return true;
  return false;
}

}  // namespace

std::string csv_quote(std::string_view field, char separator) {
  if (!needs_quotes(field, separator)) return std::string(field);
  std::string out;
  out.reserve(field.size() + 2);
  append_quoted(out, field, false);
  return out;
}

void append_csv_text(std::string& out, std::string_view field, char separator) {
  const bool neutralise = needs_neutralising(field);
  if (neutralise || needs_quotes(field, separator))
    append_quoted(out, field, neutralise);
  else
    out += field;
}

std::string csv_quote_text(std::string_view field, char separator) {
  std::string out;
  append_csv_text(out, field, separator);
  return out;
}

std::string_view csv_unquote_text(std::string_view field) noexcept {
  if (field.size() > 1 && field.front() == '\'' && needs_neutralising(field.substr(1))) field.remove_prefix(1);
  return field;
}

std::string to_upper(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

bool upper_case_codes(const Options& options) {
  const std::string& value = options.string("code_case");
  if (value == "upper") return true;
  if (value == "keep") return false;
  throw std::invalid_argument("option 'code_case' has the unknown value '" + value +
                              "'; allowed values: \"upper\", \"keep\"");
}

char csv_separator(const Options& options) {
  const std::string& value = options.string("separator");
  if (value.size() != 1 || value == "\"" || value == "\n" || value == "\r")
    throw std::invalid_argument(
        "option 'separator' must be exactly one character other than a quote or a line break, found '" + value + "'");
  return value.front();
}

}  // namespace p2c
