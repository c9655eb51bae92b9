#include "p2c/csv.h"

#include <catch2/catch.hpp>
#include <sstream>
#include <string>
#include <vector>

namespace {

using Fields = std::vector<std::string>;

struct Row {
  std::uint64_t line;
  Fields fields;
  bool operator==(const Row& other) const { return line == other.line && fields == other.fields; }
};

std::ostream& operator<<(std::ostream& out, const Row& row) {
  out << row.line << ": [";
  for (std::size_t i = 0; i < row.fields.size(); ++i) out << (i ? "|" : "") << row.fields[i];
  return out << "]";
}

// Every record of `text` with the line it started on.
std::vector<Row> read_all(const std::string& text, char separator = ',', p2c::CsvChecks checks = {}) {
  std::istringstream in(text);
  p2c::CsvReader reader(in, "data.csv", separator, checks);
  std::vector<Row> rows;
  Fields fields;
  while (reader.next(fields)) rows.push_back({reader.line(), fields});
  return rows;
}

}  // namespace

TEST_CASE("csv: plain records with LF line ends") {
  CHECK(read_all("a,b,c\n1,2,3\n") == std::vector<Row>{{1, {"a", "b", "c"}}, {2, {"1", "2", "3"}}});
}

TEST_CASE("csv: empty input has no records, and next() stays false") {
  std::istringstream in("");
  p2c::CsvReader reader(in, "empty.csv");
  Fields fields{"stale"};
  CHECK_FALSE(reader.next(fields));
  CHECK(fields.empty());
  CHECK_FALSE(reader.next(fields));
}

TEST_CASE("csv: next() replaces the fields of the previous record") {
  std::istringstream in("a,b,c\nd\n");
  p2c::CsvReader reader(in, "data.csv");
  Fields fields;
  REQUIRE(reader.next(fields));
  REQUIRE(reader.next(fields));
  CHECK(fields == Fields{"d"});
}

TEST_CASE("csv: a UTF-8 byte-order mark is stripped at the very start only") {
  CHECK(read_all("\xEF\xBB\xBFgeo,time\nabw,1990\n") == std::vector<Row>{{1, {"geo", "time"}}, {2, {"abw", "1990"}}});
  // Elsewhere the same bytes are data.
  const std::string bom = "\xEF\xBB\xBF";
  CHECK(read_all("a\n" + bom + "b\n") == std::vector<Row>{{1, {"a"}}, {2, {bom + "b"}}});
  // A file holding nothing but the mark has no records.
  CHECK(read_all("\xEF\xBB\xBF").empty());
}

TEST_CASE("csv: bytes that only start like a byte-order mark are kept") {
  // Such bytes are not UTF-8: only a reader told not to check sees them.
  const p2c::CsvChecks unchecked{.unique_header = true, .utf8 = false};
  CHECK(read_all("\xEF\xBBx,y\n", ',', unchecked) == std::vector<Row>{{1, {"\xEF\xBBx", "y"}}});
  CHECK(read_all("\xEF,z", ',', unchecked) == std::vector<Row>{{1, {"\xEF", "z"}}});
  CHECK_THROWS_AS(read_all("\xEF,z"), p2c::CsvError);
  CHECK(read_all("a") == std::vector<Row>{{1, {"a"}}});
}

TEST_CASE("csv: quoted fields may contain the separator") {
  CHECK(read_all("Country Name,Country Code\n\"Korea, Rep.\",KOR\n\"Bahamas, The\",BHS\n") ==
        std::vector<Row>{
            {1, {"Country Name", "Country Code"}}, {2, {"Korea, Rep.", "KOR"}}, {3, {"Bahamas, The", "BHS"}}});
}

TEST_CASE("csv: doubled quotes inside a quoted field are one quote") {
  CHECK(read_all("\"say \"\"hi\"\"\",x\n") == std::vector<Row>{{1, {"say \"hi\"", "x"}}});
  CHECK(read_all("\"\"\"\"\n") == std::vector<Row>{{1, {"\""}}});
  CHECK(read_all("\"\",\"\"\n") == std::vector<Row>{{1, {"", ""}}});
}

TEST_CASE("csv: stray quotes outside a quoted field are kept as text") {
  CHECK(read_all("ab\"c,d\n") == std::vector<Row>{{1, {"ab\"c", "d"}}});
  CHECK(read_all("\"ab\"c,d\n") == std::vector<Row>{{1, {"abc", "d"}}});
  CHECK(read_all(" \"a\",b\n") == std::vector<Row>{{1, {" \"a\"", "b"}}});
}

TEST_CASE("csv: a line break inside quotes belongs to the field and still counts as a line") {
  const std::string text = "name,note\nx,\"first\nsecond\nthird\"\ny,plain\n";
  CHECK(read_all(text) ==
        std::vector<Row>{{1, {"name", "note"}}, {2, {"x", "first\nsecond\nthird"}}, {5, {"y", "plain"}}});

  std::istringstream in(text);
  p2c::CsvReader reader(in, "notes.csv");
  Fields fields;
  for (int i = 0; i < 3; ++i) REQUIRE(reader.next(fields));
  CHECK(reader.where() == "notes.csv:5");
  CHECK(reader.file() == "notes.csv");
}

TEST_CASE("csv: CRLF line ends, also inside quotes, and lone CR") {
  CHECK(read_all("a,b\r\n1,2\r\n") == std::vector<Row>{{1, {"a", "b"}}, {2, {"1", "2"}}});
  CHECK(read_all("a,\"x\r\ny\"\r\nnext,1\r\n") == std::vector<Row>{{1, {"a", "x\r\ny"}}, {3, {"next", "1"}}});
  CHECK(read_all("a\rb\r") == std::vector<Row>{{1, {"a"}}, {2, {"b"}}});
}

TEST_CASE("csv: the last line may lack a line end") {
  CHECK(read_all("a,b\n1,2") == std::vector<Row>{{1, {"a", "b"}}, {2, {"1", "2"}}});
  CHECK(read_all("a,b\n1,") == std::vector<Row>{{1, {"a", "b"}}, {2, {"1", ""}}});
  CHECK(read_all("a,b\n\"1,5\"") == std::vector<Row>{{1, {"a", "b"}}, {2, {"1,5"}}});
}

TEST_CASE("csv: empty fields and surrounding spaces are kept as they are") {
  CHECK(read_all(",,\n") == std::vector<Row>{{1, {"", "", ""}}});
  CHECK(read_all(" a , b \n") == std::vector<Row>{{1, {" a ", " b "}}});
}

TEST_CASE("csv: blank lines are skipped and counted") {
  CHECK(read_all("\n\na,b\n\n\r\n1,2\n\n") == std::vector<Row>{{3, {"a", "b"}}, {6, {"1", "2"}}});
  CHECK(read_all("\n\r\n\n").empty());
}

TEST_CASE("csv: other separators") {
  CHECK(read_all("a;b,c;\"d;e\"\n", ';') == std::vector<Row>{{1, {"a", "b,c", "d;e"}}});
  CHECK(read_all("a\tb c\n", '\t') == std::vector<Row>{{1, {"a", "b c"}}});
}

TEST_CASE("csv: an unterminated quote reports where it opened") {
  const std::string text = "a,b\n1,2\n3,\"abc\ndef\n";
  std::istringstream in(text);
  p2c::CsvReader reader(in, "cut.csv");
  Fields fields;
  REQUIRE(reader.next(fields));
  REQUIRE(reader.next(fields));
  try {
    reader.next(fields);
    FAIL("no CsvError thrown");
  } catch (const p2c::CsvError& e) {
    CHECK(std::string(e.what()) == "cut.csv:3:3: unterminated quoted field (the file may be truncated)");
    CHECK(e.line() == 3);
    CHECK(e.column() == 3);
  }
}

TEST_CASE("csv: the column of an unterminated quote counts bytes after the byte-order mark and blank lines") {
  std::istringstream in("\xEF\xBB\xBF\n\n  ,,\"never closed");
  p2c::CsvReader reader(in, "f.csv");
  Fields fields;
  CHECK_THROWS_WITH(reader.next(fields), "f.csv:3:5: unterminated quoted field (the file may be truncated)");
}

TEST_CASE("csv: CsvError formats file, line and column") {
  const p2c::CsvError error("x.csv", 12, 5, "something odd");
  CHECK(std::string(error.what()) == "x.csv:12:5: something odd");
  CHECK(error.line() == 12);
  CHECK(error.column() == 5);
}

TEST_CASE("csv: long inputs stream through with exact line numbers") {
  std::string text = "economy,year,value\n";
  const std::string long_name(100000, 'x');
  for (int i = 0; i < 20000; ++i) text += "E" + std::to_string(i) + "," + std::to_string(1990 + i % 30) + ",1.5\n";
  text += "\"" + long_name + "\",2000,2\n";
  std::istringstream in(text);
  p2c::CsvReader reader(in, "big.csv");
  Fields fields;
  std::size_t records = 0;
  while (reader.next(fields)) ++records;
  CHECK(records == 20002);
  CHECK(reader.line() == 20002);

  const auto rows = read_all(text);
  REQUIRE(rows.size() == 20002);
  CHECK(rows[12345] == Row{12346, {"E12344", std::to_string(1990 + 12344 % 30), "1.5"}});
  CHECK(rows.back().fields[0] == long_name);
}

TEST_CASE("csv: find_column matches names exactly") {
  const Fields header{"Country Name", "Country Code", "Year", "Value"};
  CHECK(p2c::find_column(header, "Year") == std::optional<std::size_t>(2));
  CHECK(p2c::find_column(header, "Country Name") == std::optional<std::size_t>(0));
  CHECK_FALSE(p2c::find_column(header, "year").has_value());
  CHECK_FALSE(p2c::find_column(header, "Year ").has_value());
  CHECK_FALSE(p2c::find_column({}, "Year").has_value());
}

TEST_CASE("csv: parse_number accepts whole finite numbers") {
  CHECK(p2c::parse_number("1.5") == std::optional<double>(1.5));
  CHECK(p2c::parse_number("-2e3") == std::optional<double>(-2000.0));
  CHECK(p2c::parse_number("0") == std::optional<double>(0.0));
  CHECK(p2c::parse_number("97.6") == std::optional<double>(97.6));
  CHECK(p2c::parse_number("  3.25 ") == std::optional<double>(3.25));
  CHECK(p2c::parse_number("\t7\t") == std::optional<double>(7.0));
  CHECK(p2c::parse_number(".5") == std::optional<double>(0.5));
  CHECK(p2c::parse_number("+4") == std::optional<double>(4.0));
  CHECK(p2c::parse_number("1E-2") == std::optional<double>(0.01));
  CHECK(p2c::parse_number("99.1536560058594") == std::optional<double>(99.1536560058594));
}

TEST_CASE("csv: parse_number rejects everything else") {
  for (const char* field :
       {"",       "   ", ".",   "..",  "NA",    "n.a.",   "nan",  "NaN", "-nan", "inf", "-inf", "infinity", "+inf",
        "1.2abc", "abc", "1,5", "1 2", "1e999", "-1e999", "0x10", "--1", "+-1",  "+",   "-",    "1e",       "e5"}) {
    INFO("field: '" << field << "'");
    CHECK_FALSE(p2c::parse_number(field).has_value());
  }
}

TEST_CASE("csv: csv_quote quotes only when needed") {
  CHECK(p2c::csv_quote("plain") == "plain");
  CHECK(p2c::csv_quote("") == "");
  CHECK(p2c::csv_quote("Korea, Rep.") == "\"Korea, Rep.\"");
  CHECK(p2c::csv_quote("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(p2c::csv_quote("two\nlines") == "\"two\nlines\"");
  CHECK(p2c::csv_quote("cr\rhere") == "\"cr\rhere\"");
  CHECK(p2c::csv_quote("a,b", ';') == "a,b");
  CHECK(p2c::csv_quote("a;b", ';') == "\"a;b\"");
}

TEST_CASE("csv: csv_quote output reads back to the same fields") {
  const std::vector<Fields> rows{
      {"Country Name", "Country Code", "note"},
      {"Korea, Rep.", "KOR", "say \"hi\""},
      {"", "\"", "multi\nline\r\nfield"},
      {" spaced ", ",", "\"quoted, with comma\""},
  };
  for (const char separator : {',', ';', '\t'}) {
    INFO("separator: '" << separator << "'");
    std::string text;
    for (const Fields& row : rows) {
      for (std::size_t i = 0; i < row.size(); ++i)
        text += (i ? std::string(1, separator) : "") + p2c::csv_quote(row[i], separator);
      text += "\r\n";
    }
    const auto read = read_all(text, separator);
    REQUIRE(read.size() == rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) CHECK(read[i].fields == rows[i]);
    CHECK(read[3].line == 6);  // the third row spans three physical lines
  }
}

TEST_CASE("csv: a field that is not UTF-8 is refused with file, line, column and the header's name") {
  try {
    read_all("iso3,entity\nKEN,ok\nCIV,C\xF4te d'Ivoire\n");
    FAIL("no CsvError");
  } catch (const p2c::CsvError& e) {
    CHECK(e.line() == 3);
    CHECK(e.column() == 5);
    CHECK_THAT(e.what(), Catch::StartsWith("data.csv:3:5: column 'entity': expected UTF-8 text") &&
                             Catch::Contains("'C\\xf4te d'Ivoire'") && Catch::Contains("save the file as UTF-8"));
  }
  // A rejected huge field is quoted in part only.
  try {
    read_all("a\n\xFF" + std::string(50'000'000, 'x') + "\n");
    FAIL("no CsvError");
  } catch (const p2c::CsvError& e) {
    CHECK(std::string(e.what()).size() < 400);
  }
  CHECK(read_all("a\n\xFF\n", ',', {.unique_header = true, .utf8 = false}).size() == 2);
  CHECK(read_all("name\nC\xC3\xB4te d'Ivoire\n").size() == 2);
}

TEST_CASE("csv: a header naming a column twice is refused with both positions") {
  try {
    read_all("iso3,year,value,year\nKEN,2020,1,2021\n");
    FAIL("no CsvError");
  } catch (const p2c::CsvError& e) {
    CHECK(e.line() == 1);
    CHECK(e.column() == 17);
    CHECK_THAT(e.what(), Catch::Contains("data.csv:1:17: column 'year': the column appears twice in the header, as "
                                         "fields 2 and 4"));
  }
  // Unnamed columns may repeat; data rows may repeat values; a file without a header is read when told so.
  CHECK(read_all("a,,b,\n1,1,1,1\n").size() == 2);
  CHECK(read_all("x,x\n", ',', {.unique_header = false, .utf8 = true}).size() == 1);
}

TEST_CASE("csv: append_csv_text appends what csv_quote_text returns") {
  for (const std::string text : {"=1+1", "'=1+1", "plain", "plain, text", "a\"b", "line\nbreak", "a;b", ""}) {
    INFO(text);
    std::string out = "x,";
    p2c::append_csv_text(out, text);
    CHECK(out == "x," + p2c::csv_quote_text(text));
    out.clear();
    p2c::append_csv_text(out, text, ';');
    CHECK(out == p2c::csv_quote_text(text, ';'));
  }
}

TEST_CASE("csv: csv_quote_text neutralises formula starts in text, reversibly") {
  CHECK(p2c::csv_quote_text("=HYPERLINK(\"http://x\")") == "\"'=HYPERLINK(\"\"http://x\"\")\"");
  CHECK(p2c::csv_quote_text("+1") == "\"'+1\"");
  CHECK(p2c::csv_quote_text("-2+3") == "\"'-2+3\"");
  CHECK(p2c::csv_quote_text("@SUM(A1)") == "\"'@SUM(A1)\"");
  CHECK(p2c::csv_quote_text("\tcmd") == "\"'\tcmd\"");
  CHECK(p2c::csv_quote_text("\rcmd") == "\"'\rcmd\"");
  CHECK(p2c::csv_quote_text("'=x") == "\"''=x\"");
  CHECK(p2c::csv_quote_text("plain, text") == "\"plain, text\"");
  CHECK(p2c::csv_quote_text("'t Hooft") == "'t Hooft");
  CHECK(p2c::csv_quote_text("") == "");
  for (const std::string text : {"=1+1", "'=1+1", "''-x", "'t Hooft", "'", "plain", "-", "a=b", ""}) {
    INFO(text);
    const auto read = read_all("h\n" + p2c::csv_quote_text(text) + "\n");
    const std::string field = read.size() == 2 ? read[1].fields[0] : std::string();
    CHECK(p2c::csv_unquote_text(field) == text);
  }
}
