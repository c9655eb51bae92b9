#include "pledges_source.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "recording_sink.h"
#include "registry_file.h"
#include "temp_dir.h"

// Defined by P2C_PLUGIN in pledges_source.cpp, which is compiled into this test.
namespace p2c_plugin_entry {
const p2c_plugin_info* get() noexcept;
}

namespace {

using p2c::test::actual;
using p2c::test::revision;
using p2c::test::set;
using p2c::test::target;

using p2c::test::make_registry;
using p2c::test::PledgeRow;
using p2c::test::RecordingSink;
using p2c::test::TempDir;

const p2c_plugin_info& info() { return *p2c_plugin_entry::get(); }

p2c::Options options(const std::filesystem::path& database, std::int64_t batch_size = 4096,
                     p2c::StringList measures = {}) {
  p2c::Options out;
  out.set("database", database.string());
  out.set("batch_size", batch_size);
  out.set("measures", std::move(measures));
  return out;
}

// One delivered row with its ids resolved: entity, year, value (NaN printed as "NaN") and the dimension labels.
struct Row {
  std::string entity;
  std::int32_t year;
  std::string value;
  std::map<std::string, std::string> labels;
  bool operator==(const Row&) const = default;
};

std::ostream& operator<<(std::ostream& out, const Row& row) {
  out << row.entity << " " << row.year << " " << row.value;
  for (const auto& [name, label] : row.labels) out << " " << name << "=" << label;
  return out;
}

std::vector<Row> rows(const RecordingSink& sink) {
  std::vector<Row> out;
  for (const auto& batch : sink.batches) {
    REQUIRE(batch.dimensions.size() == batch.dimension_names.size());
    for (std::size_t i = 0; i < batch.size(); ++i) {
      Row row{sink.entities.at(batch.entity[i]),
              batch.year[i],
              std::isnan(batch.value[i]) ? "NaN" : std::to_string(static_cast<long long>(batch.value[i])),
              {}};
      for (std::size_t d = 0; d < batch.dimensions.size(); ++d)
        row.labels[batch.dimension_names[d]] = sink.labels.at(batch.dimensions[d][i]);
      out.push_back(row);
    }
  }
  return out;
}

RecordingSink read(const std::filesystem::path& database, const std::string& series, std::int64_t batch_size = 4096,
                   p2c::StringList measures = {}) {
  p2c::plugins::PledgesSource source(options(database, batch_size, std::move(measures)));
  RecordingSink sink;
  source.read(series, sink);
  return sink;
}

std::string read_error(const std::filesystem::path& database, const std::string& series = "pledges.pledges") {
  try {
    read(database, series);
  } catch (const std::exception& e) {
    return e.what();
  }
  return "(no exception)";
}

// Two pledges: one with a value, two implementation economies, targets, reports and actuals; one without value,
// global, with a period of its own.
std::string two_pledges() {
  PledgeRow a{"P2C-1", "2022-09-26", R"(["KEN", "UGA"])", "1500000", "in_progress"};
  a.focus = R"(["access", "adoption"])";
  a.regions = R"(["ITU.AFR"])";
  PledgeRow b{"P2C-2", "2023-03-01", "[]", "NULL", "announced"};
  b.sector = "academia";
  b.type = "programmatic";
  b.origin = "FRA";
  b.start_date = "2023-04-01";
  b.end_date = "2025-03-31";
  return insert(a) + insert(b) +
         set("P2C-1",
             "entity = 'Ministry of ICT, Kenya', pillars = '[\"infrastructure\"]', beneficiaries = "
             "'[\"women\", \"youth\"]', sdgs = '[\"9.c\", \"17.8\"]', wsis_lines = '[\"C2\"]', campaigns = "
             "'[\"ldc5\"]', contact_email = 'officer@example.org'") +
         set("P2C-2", "origin_region = 'ITU.EUR', reporting_period_months = 6") +
         target("P2C-1", "T2", 2, "km_fibre", "10", "300", "2026-06-30") +
         target("P2C-1", "T1", 1, "schools_connected", "0", "40", "2025-12-31") +
         p2c::test::report("P2C-1", "2023-01-15", "in_progress", "200000") +
         p2c::test::report("P2C-1", "2024-01-15", "in_progress") + actual("P2C-1", "2023-01-15", "T1", "12") +
         actual("P2C-1", "2024-01-15", "T1", "25") + actual("P2C-1", "2024-01-15", "T2", "110.5");
}

}  // namespace

TEST_CASE("pledges source: plugin identity, option schema and series") {
  CHECK(std::string(info().name) == "pledges_sqlite");
  CHECK(info().kind == P2C_KIND_SOURCE);
  CHECK(info().abi_version == P2C_ABI_VERSION);
  std::map<std::string, std::uint32_t> types;
  for (std::uint32_t i = 0; i < info().option_count; ++i) {
    const p2c_option_spec& spec = info().options[i];
    CHECK((spec.required != 0) == (spec.default_literal == nullptr));
    CHECK(std::strlen(spec.description) > 0);
    types[spec.name] = spec.type;
  }
  CHECK(types == std::map<std::string, std::uint32_t>{{"database", P2C_OPTION_PATH},
                                                      {"batch_size", P2C_OPTION_INTEGER},
                                                      {"measures", P2C_OPTION_STRING_LIST}});
  CHECK(info().options[0].required == 1);

  const p2c::plugins::PledgesSource source(options("/data/pledges.sqlite"));
  const auto series = source.describe();
  REQUIRE(series.size() == 3);
  CHECK(series[0].id == "pledges.pledges");
  CHECK(series[1].id == "pledges.reports");
  CHECK(series[2].id == "pledges.implementation");
  CHECK(series[0].unit == "USD");
  CHECK(series[1].unit == "USD");
  CHECK(series[2].unit == "pledges");
}

TEST_CASE("pledges source: one row per pledge, lists joined with '|', targets and reports in the history") {
  TempDir dir;
  make_registry(dir / "r.sqlite", two_pledges());
  const RecordingSink sink = read(dir / "r.sqlite", "pledges.pledges");
  CHECK(sink.rejections.empty());
  // The targets by position, the reports by date with their actuals; an amount not stated is '-'.
  CHECK(rows(sink) ==
        std::vector<Row>{{"KEN",
                          2022,
                          "1500000",
                          {{"pledge", "P2C-1"},
                           {"revision", "1"},
                           {"valid_from", ""},
                           {"entity_name", "Ministry of ICT, Kenya"},
                           {"sector", "government"},
                           {"type", "financial"},
                           {"origin_region", "ITU.AFR"},
                           {"focus_areas", "access|adoption"},
                           {"implementation", "KEN|UGA"},
                           {"regions", "ITU.AFR"},
                           {"pillars", "infrastructure"},
                           {"beneficiaries", "women|youth"},
                           {"sdgs", "9.c|17.8"},
                           {"wsis_lines", "C2"},
                           {"campaigns", "ldc5"},
                           {"reporting_period_months", ""},
                           {"history",
                            "T1 schools_connected 0 40 2025-12-31|T2 km_fibre 10 300 2026-06-30#"
                            "2023-01-15 in_progress 200000 T1=12|2024-01-15 in_progress - T1=25 T2=110.5"},
                           {"pledged_on", "2022-09-26"},
                           {"start_date", "2022-01-01"},
                           {"end_date", "2026-12-31"},
                           {"status", "in_progress"}}},
                         {"FRA",
                          2023,
                          "NaN",
                          {{"pledge", "P2C-2"},
                           {"revision", "1"},
                           {"valid_from", ""},
                           {"entity_name", "Entity of P2C-2"},
                           {"sector", "academia"},
                           {"type", "programmatic"},
                           {"origin_region", "ITU.EUR"},
                           {"focus_areas", "access"},
                           {"implementation", ""},
                           {"regions", ""},
                           {"pillars", ""},
                           {"beneficiaries", ""},
                           {"sdgs", ""},
                           {"wsis_lines", ""},
                           {"campaigns", ""},
                           {"reporting_period_months", "6"},
                           {"history", "#"},
                           {"pledged_on", "2023-03-01"},
                           {"start_date", "2023-04-01"},
                           {"end_date", "2025-03-31"},
                           {"status", "announced"}}}});
  // Contact fields never leave the registry.
  for (const auto& label : sink.labels) CHECK(label.find("officer") == std::string::npos);
}

TEST_CASE("pledges source: one row per report, under the pledge's origin economy") {
  TempDir dir;
  make_registry(dir / "r.sqlite", two_pledges());
  const RecordingSink sink = read(dir / "r.sqlite", "pledges.reports");
  CHECK(sink.rejections.empty());
  CHECK(rows(sink) ==
        std::vector<Row>{
            {"KEN", 2023, "200000", {{"pledge", "P2C-1"}, {"reported_on", "2023-01-15"}, {"status", "in_progress"}}},
            {"KEN", 2024, "NaN", {{"pledge", "P2C-1"}, {"reported_on", "2024-01-15"}, {"status", "in_progress"}}}});
}

TEST_CASE("pledges source: one row per implementation economy, with its pledges") {
  TempDir dir;
  PledgeRow c{"P2C-3", "2021-05-01", R"(["UGA"])", "5"};
  make_registry(dir / "r.sqlite", two_pledges() + insert(c));
  const RecordingSink sink = read(dir / "r.sqlite", "pledges.implementation");
  CHECK(rows(sink) == std::vector<Row>{{"KEN", 2022, "1", {}}, {"UGA", 2021, "2", {}}});
}

TEST_CASE("pledges source: drafts and pledges under review are never delivered") {
  TempDir dir;
  PledgeRow draft{"P2C-D", "2023-01-01", R"(["RWA"])", "7"};
  PledgeRow returned{"P2C-R", "2023-01-01", R"(["TZA"])", "8"};
  make_registry(dir / "r.sqlite", two_pledges() + insert(draft) + insert(returned) +
                                      set("P2C-D", "review_state = 'draft'") +
                                      set("P2C-R", "review_state = 'returned'") +
                                      p2c::test::report("P2C-D", "2023-06-01", "in_progress", "3"));
  for (const char* series : {"pledges.pledges", "pledges.reports", "pledges.implementation"}) {
    INFO(series);
    for (const auto& row : rows(read(dir / "r.sqlite", series))) {
      if (const auto pledge = row.labels.find("pledge"); pledge != row.labels.end())
        CHECK((pledge->second == "P2C-1" || pledge->second == "P2C-2"));
      CHECK(row.entity != "RWA");
      CHECK(row.entity != "TZA");
    }
  }
  CHECK(rows(read(dir / "r.sqlite", "pledges.pledges")).size() == 2);
  CHECK(rows(read(dir / "r.sqlite", "pledges.reports")).size() == 2);
}

TEST_CASE("pledges source: a revision makes a version from its effective date on") {
  TempDir dir;
  // Scaled up from 1,000,000 to 1,500,000 USD in force from 2025, with a target added; a later revision of the
  // description alone changes nothing the rows carry.
  make_registry(dir / "r.sqlite",
                two_pledges() +
                    revision("P2C-1", 2, "2025-01-01",
                             R"([{"field": "value", "old": 1000000, "new": 1500000},
                                 {"field": "value_usd", "old": 1000000, "new": 1500000},
                                 {"field": "targets", "old": [{"id": "T1", "description": "", "measure": "schools_connected",
                                   "unit": "schools", "baseline_value": 0, "baseline_date": "2022-01-01",
                                   "target_value": 40, "target_date": "2025-12-31", "metric": ""}],
                                  "new": []}])") +
                    revision("P2C-1", 3, "2025-06-01", R"([{"field": "description", "old": "", "new": "Towers"}])"));
  const RecordingSink sink = read(dir / "r.sqlite", "pledges.pledges");
  CHECK(sink.rejections.empty());
  const auto all = rows(sink);
  REQUIRE(all.size() == 3);
  CHECK(all[0].labels.at("pledge") == "P2C-1");
  CHECK(all[0].labels.at("revision") == "1");
  CHECK(all[0].labels.at("valid_from") == "");
  CHECK(all[0].year == 2022);
  CHECK(all[0].value == "1000000");
  CHECK(all[0].labels.at("history").rfind("T1 schools_connected 0 40 2025-12-31#2023-01-15", 0) == 0);
  CHECK(all[1].labels.at("pledge") == "P2C-1");
  CHECK(all[1].labels.at("revision") == "2");
  CHECK(all[1].labels.at("valid_from") == "2025-01-01");
  CHECK(all[1].year == 2025);
  CHECK(all[1].value == "1500000");
  CHECK(all[1].labels.at("history").rfind("T1 schools_connected 0 40 2025-12-31|T2 km_fibre", 0) == 0);
  CHECK(all[2].labels.at("pledge") == "P2C-2");
}

TEST_CASE("pledges source: versions follow the effective dates, not the revision numbers") {
  TempDir dir;
  // Revision 3, recorded after revision 2 but backdated, is in force from 2024 until revision 2 takes effect in 2025.
  make_registry(
      dir / "r.sqlite",
      two_pledges() +
          revision("P2C-2", 2, "2025-01-01", R"([{"field": "sector", "old": "government", "new": "un_agency"}])") +
          revision("P2C-2", 3, "2024-01-01", R"([{"field": "sector", "old": "un_agency", "new": "academia"}])"));
  const auto all = rows(read(dir / "r.sqlite", "pledges.pledges"));
  REQUIRE(all.size() == 4);
  CHECK(all[1].labels.at("sector") == "government");  // revision 1, before 2024
  CHECK(all[2].labels.at("valid_from") == "2024-01-01");
  CHECK(all[2].labels.at("revision") == "3");
  CHECK(all[2].labels.at("sector") == "academia");
  CHECK(all[3].labels.at("valid_from") == "2025-01-01");
  CHECK(all[3].labels.at("revision") == "2");
  CHECK(all[3].labels.at("sector") == "un_agency");
}

TEST_CASE("pledges source: rows arrive in batches of batch_size") {
  TempDir dir;
  std::string sql;
  for (int i = 1; i <= 5; ++i) sql += insert(PledgeRow{"P" + std::to_string(i), "2022-01-0" + std::to_string(i)});
  make_registry(dir / "r.sqlite", sql);
  const RecordingSink sink = read(dir / "r.sqlite", "pledges.pledges", 2);
  REQUIRE(sink.batches.size() == 3);
  CHECK(sink.batches[0].size() == 2);
  CHECK(sink.batches[2].size() == 1);
  CHECK(rows(sink).size() == 5);
}

TEST_CASE("pledges source: a record that breaks the format is rejected with its field, the rest is read") {
  TempDir dir;
  PledgeRow bad_date{"BAD-DATE", "2023-02-30"};
  PledgeRow bad_list{"BAD-LIST", "2023-01-01", "KEN,UGA"};
  PledgeRow bad_value{"BAD-VALUE", "2023-01-01", "[]", "-5"};
  PledgeRow bad_pipe{"BAD-PIPE", "2023-01-01", R"(["KEN|UGA"])"};
  PledgeRow good{"GOOD", "2023-01-01", R"(["KEN"])", "10"};
  make_registry(dir / "r.sqlite", insert(bad_date) + insert(bad_list) + insert(bad_value) + insert(bad_pipe) +
                                      insert(good) + p2c::test::report("GOOD", "2023-13-01", "in_progress") +
                                      p2c::test::report("GOOD", "2023-06-01", "in_progress", "'lots'") +
                                      p2c::test::report("GOOD", "2023-07-01", "in_progress", "4") +
                                      p2c::test::report("BAD-DATE", "2023-07-01", "in_progress", "'lots'"));
  const std::string file = (dir / "r.sqlite").string();
  const RecordingSink pledges = read(dir / "r.sqlite", "pledges.pledges");
  REQUIRE(rows(pledges).size() == 1);
  CHECK(rows(pledges)[0].labels.at("pledge") == "GOOD");
  CHECK(rows(pledges)[0].labels.at("history") == "#2023-07-01 in_progress 4");
  // By pledge id; a bad report leaves its pledge in, without that report; a rejected pledge's reports say nothing.
  CHECK(pledges.rejections ==
        std::vector<std::string>{
            file + ": pledge 'BAD-DATE' field 'pledged_on': expected a date YYYY-MM-DD, found '2023-02-30'",
            file + ": pledge 'BAD-LIST' field 'implementation_economies': expected a JSON array of codes, found "
                   "'KEN,UGA' (not valid JSON at line 1, column 1: syntax error while parsing value - invalid literal; "
                   "last read: 'K')",
            file + ": pledge 'BAD-PIPE' field 'implementation_economies': expected a JSON array of codes, found "
                   "'[\"KEN|UGA\"]' (an item is empty or holds '|')",
            file + ": pledge 'BAD-VALUE' field 'value_usd': expected an amount >= 0, found -5.000000",
            file + ": report of pledge 'GOOD' dated '2023-06-01' field 'disbursed_usd': expected a number or NULL, "
                   "found text 'lots'",
            file + ": report of pledge 'GOOD' dated '2023-13-01' field 'reported_on': expected a date YYYY-MM-DD, "
                   "found '2023-13-01'"});

  const RecordingSink reports = read(dir / "r.sqlite", "pledges.reports");
  CHECK(rows(reports).size() == 1);
  CHECK(reports.rejections ==
        std::vector<std::string>{
            file + ": report of pledge 'GOOD' dated '2023-06-01' field 'disbursed_usd': expected a number or NULL, "
                   "found text 'lots'",
            file + ": report of pledge 'GOOD' dated '2023-13-01' field 'reported_on': expected a date YYYY-MM-DD, "
                   "found '2023-13-01'"});
}

TEST_CASE("pledges source: bad changes of a revision or a target of an unknown measure reject the pledge") {
  TempDir dir;
  PledgeRow good{"GOOD", "2023-01-01", R"(["KEN"])", "10"};
  PledgeRow bad_json{"BAD-JSON", "2023-01-01", R"(["KEN"])", "10"};
  PledgeRow bad_old{"BAD-OLD", "2023-01-01", R"(["KEN"])", "10"};
  PledgeRow bad_field{"BAD-FIELD", "2023-01-01", R"(["KEN"])", "10"};
  PledgeRow bad_measure{"BAD-MEASURE", "2023-01-01", R"(["KEN"])", "10"};
  PledgeRow operator_measure{"OPERATOR", "2023-01-01", R"(["KEN"])", "10"};
  make_registry(dir / "r.sqlite",
                insert(good) + insert(bad_json) + insert(bad_old) + insert(bad_field) + insert(bad_measure) +
                    insert(operator_measure) + revision("BAD-JSON", 2, "2024-01-01", "[{\"field\": \"sector\",") +
                    revision("BAD-OLD", 2, "2024-01-01", R"([{"field": "value_usd", "old": "lots", "new": 10}])") +
                    revision("BAD-FIELD", 2, "2024-01-01", R"([{"field": "colour", "old": "red", "new": "blue"}])") +
                    target("BAD-MEASURE", "T1", 1, "trees_planted", "0", "50", "2025-01-01") +
                    target("OPERATOR", "T1", 1, "trees_planted", "0", "50", "2025-01-01"));
  const std::string file = (dir / "r.sqlite").string();
  const RecordingSink sink = read(dir / "r.sqlite", "pledges.pledges");
  std::vector<std::string> delivered;
  for (const auto& row : rows(sink)) delivered.push_back(row.labels.at("pledge"));
  CHECK(delivered == std::vector<std::string>{"GOOD"});
  REQUIRE(sink.rejections.size() == 5);
  CHECK_THAT(sink.rejections[0], Catch::StartsWith(file + ": pledge 'BAD-FIELD' revision 2 field 'changes': "
                                                          "'colour' is not a field of a pledge"));
  CHECK_THAT(sink.rejections[1],
             Catch::StartsWith(file + ": pledge 'BAD-JSON' revision 2 field 'changes': expected a JSON array of "
                                      "changes, found '[{\"field\": \"sector\",' (not valid JSON at line 1"));
  CHECK_THAT(sink.rejections[2], Catch::StartsWith(file + ": pledge 'BAD-MEASURE' target 'T1' field 'measure': "
                                                          "expected a measure of the vocabulary (people_trained, "));
  CHECK_THAT(sink.rejections[2], Catch::EndsWith("found 'trees_planted'"));
  CHECK(sink.rejections[3] == file +
                                  ": pledge 'BAD-OLD' revision 2 change of 'value_usd': expected an amount >= 0 or "
                                  "null as 'old', found \"lots\"");
  CHECK_THAT(sink.rejections[4], Catch::StartsWith(file + ": pledge 'OPERATOR' target 'T1' field 'measure'"));

  // A measure the operator added is accepted through the `measures` option.
  const RecordingSink extended = read(dir / "r.sqlite", "pledges.pledges", 4096, {"trees_planted"});
  CHECK(rows(extended).size() == 3);
  CHECK(rows(extended)[2].labels.at("history") == "T1 trees_planted 0 50 2025-01-01#");
}

TEST_CASE("pledges source: lists are parsed strictly and bad text is quoted in part only") {
  TempDir dir;
  // 100,000 nested arrays in a list column, and a sector that is not UTF-8: a registry written by another program.
  PledgeRow deep{"DEEP", "2023-01-01", std::string(100000, '[') + std::string(100000, ']')};
  PledgeRow bad_text{"BAD-TEXT", "2023-01-01"};
  bad_text.sector = "' || CAST(X'FFFE' AS TEXT) || '";
  PledgeRow escaped{"ESCAPED", "2023-01-01", R"([ "K\u0045N" ,"UGA"] )", "10"};
  PledgeRow good{"GOOD", "2023-01-01", R"(["KEN"])", "10"};
  make_registry(dir / "r.sqlite", insert(deep) + insert(bad_text) + insert(escaped) + insert(good));
  const RecordingSink pledges = read(dir / "r.sqlite", "pledges.pledges");
  REQUIRE(rows(pledges).size() == 2);
  // JSON escapes are read as JSON reads them.
  CHECK(rows(pledges)[0].labels.at("implementation") == "KEN|UGA");
  REQUIRE(pledges.rejections.size() == 2);
  CHECK_THAT(pledges.rejections[0], Catch::Contains("pledge 'BAD-TEXT' field 'sector': expected UTF-8 text, found "
                                                    "'\\xff\\xfe'"));
  CHECK_THAT(pledges.rejections[1], Catch::Contains("pledge 'DEEP' field 'implementation_economies'") &&
                                        Catch::Contains("nested deeper than 64 levels") &&
                                        Catch::Contains("(200000 bytes in all)"));
  CHECK(pledges.rejections[1].size() < 600);
}

TEST_CASE("pledges source: free text inside the history is escaped") {
  TempDir dir;
  PledgeRow odd{"ODD", "2023-01-01", R"(["KEN"])", "10"};
  make_registry(dir / "r.sqlite", insert(odd) + target("ODD", "T 1|a=b#%", 1, "other", "0", "1e+20", "2025-01-01") +
                                      p2c::test::report("ODD", "2023-06-01", "in progress", "1.5") +
                                      actual("ODD", "2023-06-01", "T 1|a=b#%", "-2"));
  const RecordingSink sink = read(dir / "r.sqlite", "pledges.pledges");
  CHECK(sink.rejections.empty());
  REQUIRE(rows(sink).size() == 1);
  CHECK(rows(sink)[0].labels.at("history") ==
        "T%201%7Ca%3Db%23%25 other 0 1e+20 2025-01-01#2023-06-01 in%20progress 1.5 T%201%7Ca%3Db%23%25=-2");
}

TEST_CASE("pledges source: a missing registry fails naming the file and what to do, and is not created") {
  TempDir dir;
  const auto missing = dir / "out" / "pledges.sqlite";
  const std::string message = read_error(missing);
  CHECK_THAT(message, Catch::Contains("pledge registry '" + missing.string() + "': the file does not exist"));
  CHECK_THAT(message, Catch::Contains("run `p2c pledges import` to create the registry"));
  CHECK_FALSE(std::filesystem::exists(missing));
  CHECK_THAT(read_error(dir.path()), Catch::Contains("is a folder"));
}

TEST_CASE("pledges source: a database of another schema version is refused with what to do") {
  TempDir dir;
  p2c::test::execute_sql(dir / "empty.sqlite", "CREATE TABLE other (x);");
  CHECK_THAT(read_error(dir / "empty.sqlite"), Catch::Contains("holds no pledge registry (schema version 0)"));

  make_registry(dir / "new.sqlite", "PRAGMA user_version = 99;");
  CHECK_THAT(
      read_error(dir / "new.sqlite", "pledges.reports"),
      Catch::Contains("was written by a newer p2c (registry schema version 99") && Catch::Contains("update p2c"));

  p2c::test::execute_sql(dir / "old.sqlite", std::string(p2c::pledges::migrations()[0]) + ";PRAGMA user_version = 1;");
  CHECK_THAT(read_error(dir / "old.sqlite"),
             Catch::Contains("has registry schema version 1, this p2c reads version 3") &&
                 Catch::Contains("run `p2c pledges import` with this p2c"));

  dir.write("text.sqlite", "not a database at all, just text that is long enough to fill a header page");
  CHECK_THAT(read_error(dir / "text.sqlite"), Catch::Contains("not a readable SQLite database"));
}

TEST_CASE("pledges source: the registry is opened read-only") {
  TempDir dir;
  make_registry(dir / "r.sqlite", two_pledges());
  const auto before = p2c::test::read_file(dir / "r.sqlite");
  read(dir / "r.sqlite", "pledges.pledges");
  read(dir / "r.sqlite", "pledges.reports");
  read(dir / "r.sqlite", "pledges.implementation");
  CHECK(p2c::test::read_file(dir / "r.sqlite") == before);
  CHECK_FALSE(std::filesystem::exists(dir / "r.sqlite-journal"));
  CHECK_FALSE(std::filesystem::exists(dir / "r.sqlite-wal"));
}

TEST_CASE("pledges source: unknown series and bad options are refused") {
  CHECK_THROWS_WITH(read("x.sqlite", "pledges.other"), Catch::Contains("not 'pledges.other'"));
  CHECK_THROWS_WITH(p2c::plugins::PledgesSource(options("x.sqlite", 0)),
                    Catch::Contains("option 'batch_size' must be greater than 0"));
  CHECK_THROWS_WITH(p2c::plugins::PledgesSource(options("")), Catch::Contains("option 'database' must not be empty"));
  CHECK_THROWS_WITH(p2c::plugins::PledgesSource(options("x.sqlite", 10, {"Trees Planted"})),
                    Catch::Contains("option 'measures' lists 'Trees Planted'"));
}

TEST_CASE("pledges source: a report whose actuals are not an object of numbers is rejected with the column") {
  TempDir dir;
  PledgeRow pledge{"P", "2023-01-01", R"(["KEN"])", "10"};
  make_registry(dir / "r.sqlite",
                insert(pledge) + target("P", "T1", 1, "schools_connected", "0", "40", "2025-12-31") +
                    p2c::test::report("P", "2023-06-30", "in_progress") + actual("P", "2023-06-30", "T1", "12") +
                    p2c::test::report("P", "2024-06-30", "in_progress") +
                    p2c::test::report("P", "2025-06-30", "in_progress") +
                    "UPDATE progress_reports SET actuals = 'not json' WHERE reported_on = '2024-06-30';"
                    "UPDATE progress_reports SET actuals = '{\"T1\": \"many\"}' WHERE reported_on = '2025-06-30';");
  const std::string file = (dir / "r.sqlite").string();
  const RecordingSink sink = read(dir / "r.sqlite", "pledges.pledges");
  REQUIRE(sink.rejections.size() == 2);
  CHECK(sink.rejections[0] == file +
                                  ": report of pledge 'P' dated '2024-06-30' field 'actuals': expected a JSON "
                                  "object of target ids and numbers, found 'not json'");
  CHECK_THAT(sink.rejections[1], Catch::StartsWith(file + ": report of pledge 'P' dated '2025-06-30' field "
                                                          "'actuals'"));
  // The report that reads well keeps its actual.
  REQUIRE(rows(sink).size() == 1);
  CHECK_THAT(rows(sink)[0].labels.at("history"), Catch::Contains("#2023-06-30 in_progress - T1=12"));
}
