// Reading the CSV and JSON formats: rejections carry the file, the row (CSV line, JSON position) and field.
#include <catch2/catch.hpp>

#include "rules_fixture.h"
#include "temp_dir.h"

namespace {

using p2c::pledges::Rejection;
using p2c::test::pledge_fixtures;

bool has(const std::vector<Rejection>& rejected, const std::string& file, std::size_t row, const std::string& field,
         const std::string& text) {
  for (const auto& r : rejected)
    if (std::filesystem::path(r.file).filename() == file && r.row == row && r.field == field &&
        r.message.find(text) != std::string::npos)
      return true;
  return false;
}

std::string listing(const std::vector<Rejection>& rejected) {
  std::string out;
  for (const auto& r : rejected) out += p2c::pledges::to_string(r) + "\n";
  return out;
}

std::vector<Rejection> import_rejections(const std::filesystem::path& file) {
  p2c::test::TempDir dir;
  p2c::pledges::Store store(dir / "pledges.sqlite");
  auto summary = store.import_file(file, p2c::test::repository_rules());
  CHECK(store.size() == 0);
  return summary.rejected;
}

}  // namespace

TEST_CASE("a bad CSV pair is rejected line by line, reports on their own file's lines", "[pledges][formats]") {
  const auto rejected = import_rejections(pledge_fixtures / "bad.csv");
  INFO(listing(rejected));
  CHECK(has(rejected, "bad.csv", 3, "sector", "'governmnet'"));
  CHECK(has(rejected, "bad.csv", 3, "origin_economy", "'XXX'"));
  CHECK(has(rejected, "bad.csv", 3, "implementation_economies[2]", "'ZZZ'"));
  CHECK(has(rejected, "bad.csv", 3, "value", "-5"));
  CHECK(has(rejected, "bad.csv", 3, "pledged_on", "'2024-02-30'"));
  CHECK(has(rejected, "bad.csv", 3, "end_date", "on or after start_date 2024-03-01"));
  CHECK(has(rejected, "bad.csv", 4, "id", "also on row 2"));
  CHECK(has(rejected, "bad.csv", 4, "currency", "'XYZ'"));
  CHECK(has(rejected, "bad.reports.csv", 2, "percent_complete", "found 120"));
  CHECK(rejected.size() == 9);
  CHECK(p2c::pledges::to_string(rejected.front()).rfind((pledge_fixtures / "bad.csv").string() + ":3: sector: ", 0) ==
        0);
}

TEST_CASE("CSV structure problems: columns, field counts, numbers, unknown pledge ids", "[pledges][formats]") {
  p2c::test::TempDir dir;
  const std::string header =
      "id,entity,sector,origin_economy,origin_region,implementation_economies,implementation_regions,focus_areas,"
      "pillars,pledge_type,value,currency,beneficiaries,sdgs,pledged_on,start_date,end_date,status\n";
  const std::string good = "P-1,E,government,KEN,,,,access,,policy,,,,,2024-01-01,2024-01-01,2024-12-31,announced\n";

  auto rejected = import_rejections(dir.write("missing.csv", "id,entity,sector,colour\n"));
  INFO(listing(rejected));
  CHECK(has(rejected, "missing.csv", 1, "colour", "unknown column 'colour'"));
  CHECK(has(rejected, "missing.csv", 1, "pledge_type", "missing column 'pledge_type'"));

  rejected = import_rejections(dir.write("short.csv", header + good + "P-2,E,government\n"));
  CHECK(has(rejected, "short.csv", 3, "", "expected 18 fields as in the header; found 3"));

  rejected = import_rejections(dir.write(
      "number.csv", header + "P-1,E,government,KEN,,,,access,,financial,lots,USD,,,2024-01-01,2024-01-01,2024-12-31,"
                             "announced\n"));
  CHECK(has(rejected, "number.csv", 2, "value", "expected a number or an empty cell; found 'lots'"));

  dir.write("orphan.csv", header + good);
  dir.write("orphan.reports.csv", "pledge_id,reported_on,status\nP-9,2024-02-01,announced\n");
  rejected = import_rejections(dir / "orphan.csv");
  CHECK(has(rejected, "orphan.reports.csv", 2, "pledge_id", "found 'P-9'"));

  // Without a reports file the pledges import alone; a header-only file is no pledges at all.
  p2c::pledges::Store store(dir / "ok.sqlite");
  CHECK(store.import_file(dir.write("alone.csv", header + good), p2c::test::repository_rules()).pledges_added == 1);
  CHECK(store.import_file(dir.write("empty.csv", header), p2c::test::repository_rules()).committed());
}

TEST_CASE("malformed JSON is rejected with the line and column of the syntax error", "[pledges][formats]") {
  const auto rejected = import_rejections(pledge_fixtures / "malformed.json");
  REQUIRE(rejected.size() == 1);
  CHECK(rejected[0].row == 3);
  CHECK_THAT(rejected[0].message, Catch::Contains("not valid JSON") && Catch::Contains("line 3, column"));
}

TEST_CASE("JSON records: rows are array positions, wrong types and unknown keys are rejected", "[pledges][formats]") {
  p2c::test::TempDir dir;
  const std::string good =
      R"({"id":"P-1","entity":"E","sector":"government","origin_economy":"KEN","focus_areas":["access"],)"
      R"("pledge_type":"policy","pledged_on":"2024-01-01","start_date":"2024-01-01","end_date":"2024-12-31",)"
      R"("status":"announced"})";
  const std::string bad =
      R"({"id":"P-2","entity":"E","sector":"government","origin_economy":"KEN","focus_areas":"access",)"
      R"("pledge_type":"financial","value":"ten","currency":"USD","colour":"red","pledged_on":"2024-01-01",)"
      R"("start_date":"2024-01-01","end_date":"2024-12-31","status":"in_progress",)"
      R"("reports":[{"reported_on":"2024-03-01","status":"in_progress","percent_complete":"half"}, 7]})";
  const auto rejected = import_rejections(dir.write("mixed.json", "[" + good + ",\n" + bad + ",\n 42]"));
  INFO(listing(rejected));
  CHECK(has(rejected, "mixed.json", 2, "focus_areas", "expected an array of strings"));
  CHECK(has(rejected, "mixed.json", 2, "value", "expected a number or null; found \"ten\""));
  CHECK(has(rejected, "mixed.json", 2, "colour", "unknown field 'colour'"));
  CHECK(has(rejected, "mixed.json", 2, "reports[1].percent_complete", "expected a number or null"));
  CHECK(has(rejected, "mixed.json", 2, "reports[2]", "expected a report object; found 7"));
  CHECK(has(rejected, "mixed.json", 3, "", "expected a pledge object; found 42"));

  CHECK(import_rejections(dir.write("object.json", "{}"))[0].message ==
        "expected a JSON array of pledge objects; found a JSON object");
}

TEST_CASE("only .csv and .json files are read", "[pledges][formats]") {
  p2c::test::TempDir dir;
  std::vector<Rejection> rejected;
  CHECK_THROWS_WITH(p2c::pledges::read_file(dir.write("pledges.xlsx", "x"), rejected),
                    Catch::Contains("expected a .csv or .json pledge file"));
  CHECK_THROWS_WITH(p2c::pledges::read_file(dir / "none.json", rejected), Catch::Contains("cannot read the file"));
  std::vector<std::size_t> rows;
  const auto pledges = p2c::pledges::read_file(pledge_fixtures / "pledges.csv", rejected, &rows);
  CHECK(rejected.empty());
  CHECK(rows == std::vector<std::size_t>{2, 3, 4});
  CHECK(pledges[0].reports.size() == 2);
  CHECK(p2c::pledges::reports_file_of("dir/x.csv") == std::filesystem::path("dir/x.reports.csv"));
}

TEST_CASE("a pledge JSON file of 100,000 nested arrays is one bounded rejection, not a crash", "[pledges][formats]") {
  p2c::test::TempDir dir;
  const auto rejected =
      import_rejections(dir.write("deep.json", std::string(100000, '[') + std::string(100000, ']') + "\n"));
  REQUIRE(rejected.size() == 1);
  CHECK(rejected[0].row == 1);
  CHECK_THAT(rejected[0].message, Catch::StartsWith("not valid JSON at line 1, column 65: ") &&
                                      Catch::Contains("nested deeper than 64 levels"));
  CHECK(rejected[0].message.size() < 200);
}

TEST_CASE("pledge JSON: duplicate keys and numbers beyond a double are rejections with their line",
          "[pledges][formats]") {
  p2c::test::TempDir dir;
  auto rejected = import_rejections(dir.write("twice.json", "[\n{\"id\": \"P-1\",\n \"id\": \"P-2\"}]"));
  REQUIRE(rejected.size() == 1);
  CHECK(rejected[0].row == 3);
  CHECK_THAT(rejected[0].message, Catch::Contains("line 3, column 5: the key \"id\" appears twice in one object"));

  rejected = import_rejections(dir.write("huge.json", "[{\"id\": \"P-1\", \"value\": 1e309}]"));
  REQUIRE(rejected.size() == 1);
  CHECK_THAT(rejected[0].message, Catch::Contains("a number beyond the range of a double: '1e309'"));

  rejected = import_rejections(dir.write("latin1.json", "[{\"id\": \"P-1\", \"entity\": \"Caf\xE9\"}]"));
  REQUIRE(rejected.size() == 1);
  CHECK_THAT(rejected[0].message, Catch::Contains("UTF-8"));
}

TEST_CASE("pledge CSV: text that is not UTF-8 is rejected by row and field, quoted in part", "[pledges][formats]") {
  p2c::test::TempDir dir;
  const std::string header =
      "id,entity,sector,origin_economy,origin_region,implementation_economies,implementation_regions,focus_areas,"
      "pillars,pledge_type,value,currency,beneficiaries,sdgs,pledged_on,start_date,end_date,status,description\n";
  const std::string huge(5'000'000, 'x');
  dir.write("bad.csv", header +
                           "P-1,\xFF\xFE,government,KEN,,,,access,infra\xC0structure,policy,,,,,2024-01-01,"
                           "2024-01-01,2024-12-31,in_progress,\xFF" +
                           huge + "\n");
  dir.write("bad.reports.csv", "pledge_id,reported_on,status,narrative\nP-1,2024-02-01,in_progress,ok\xE9\n");
  const auto rejected = import_rejections(dir / "bad.csv");
  INFO(listing(rejected));
  CHECK(has(rejected, "bad.csv", 2, "entity",
            "expected UTF-8 text; found a byte that is not UTF-8 at byte 1 of "
            "'\\xff\\xfe'"));
  CHECK(has(rejected, "bad.csv", 2, "pillars[1]", "at byte 6 of 'infra\\xc0structure'"));
  CHECK(has(rejected, "bad.csv", 2, "description", "bytes in all)"));
  CHECK(has(rejected, "bad.reports.csv", 2, "narrative", "'ok\\xe9'"));
  for (const auto& r : rejected) CHECK(r.message.size() < 400);
}

TEST_CASE("pledge CSV: a column twice in the header is refused with both positions", "[pledges][formats]") {
  p2c::test::TempDir dir;
  const auto rejected = import_rejections(dir.write(
      "dup.csv",
      "id,entity,sector,origin_economy,origin_region,implementation_economies,implementation_regions,focus_areas,"
      "pillars,pledge_type,value,currency,beneficiaries,sdgs,pledged_on,start_date,end_date,status,sector\n"));
  INFO(listing(rejected));
  CHECK(has(rejected, "dup.csv", 1, "sector", "the column appears twice in the header, as columns 3 and 19"));
}

TEST_CASE("pledge CSV export neutralises formulas in text and still reads back the same", "[pledges][formats]") {
  p2c::test::TempDir dir;
  p2c::pledges::Pledge pledge = p2c::test::valid_pledge();
  pledge.entity = "=HYPERLINK(\"http://evil\",\"click\")";
  pledge.description = "-2+3 towers";
  pledge.pillars = {"@infra", "+x"};
  pledge.reports[0].narrative = "\tcmd";
  pledge.reports[1].narrative = "'=already quoted";
  p2c::pledges::Store store(dir / "a.sqlite");
  REQUIRE(store.import_pledges({pledge}, p2c::test::repository_rules()).committed());
  p2c::pledges::export_csv(store.pledges(), dir / "export.csv");
  const std::string main = p2c::test::read_file(dir / "export.csv");
  const std::string reports = p2c::test::read_file(dir / "export.reports.csv");
  CHECK_THAT(main, Catch::Contains(",\"'=HYPERLINK(\"\"http://evil\"\",\"\"click\"\")\",government,"));
  CHECK_THAT(main, Catch::Contains(",\"'@infra;+x\","));
  CHECK_THAT(main, Catch::Contains(",\"'-2+3 towers\","));
  CHECK_THAT(main, Catch::Contains(",1000000,EUR,"));  // numbers are not text
  CHECK_THAT(reports, Catch::Contains(",\"'\tcmd\"\n"));
  CHECK_THAT(reports, Catch::Contains(",\"''=already quoted\"\n"));
  p2c::pledges::Store fresh(dir / "b.sqlite");
  REQUIRE(fresh.import_file(dir / "export.csv", p2c::test::repository_rules()).committed());
  CHECK(fresh.pledges() == store.pledges());
}
