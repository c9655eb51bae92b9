// The public pledge explorer: every filter, paging, full-text search that no input can turn into FTS syntax or an
// error, the CSV page, and never a draft or a contact.
#include "pledges/explorer.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sstream>

#include "pledges/reporting_status.h"
#include "rules_fixture.h"
#include "temp_dir.h"

namespace {

using p2c::pledges::Explorer;
using p2c::pledges::ExplorerError;
using p2c::pledges::ExplorerPage;
using p2c::pledges::ExplorerParams;
using p2c::pledges::ExplorerSettings;
using p2c::pledges::Pledge;
using p2c::pledges::ProgressReport;
using p2c::pledges::Store;
using Json = nlohmann::json;

const p2c::pledges::Rules& rules() {
  static const p2c::pledges::Rules loaded =
      p2c::pledges::Rules::load(std::filesystem::path(P2C_SOURCE_DIR) / "config/reference/economies.csv",
                                std::filesystem::path(P2C_SOURCE_DIR) / "config/reference/groups.csv",
                                std::filesystem::path(P2C_SOURCE_DIR) / "config/data/pledges/usd_rates.csv");
  return loaded;
}

// A valid announced pledge of the Kenyan ministry, with a contact, to change field by field.
Pledge base(const std::string& id, const std::string& pledged_on) {
  Pledge p = p2c::test::valid_pledge();
  p.id = id;
  p.pledged_on = pledged_on;
  p.start_date = pledged_on;
  p.end_date = "2027-12-31";
  p.status = "announced";
  p.reports.clear();
  p.contact_name = "Jane Officer";
  p.contact_email = "jane.officer@example.org";
  return p;
}

// Published: A (Kenya, two reports, a target), B (Bhutan while an LDC), C (Bhutan after it left the LDC list),
// E (completed, listing LDC as a region). Hidden: D (a draft) and F (submitted), whose words and codes match
// filters the published ones match too.
std::vector<Pledge> registry_pledges() {
  Pledge a = base("P2C-2022-0001", "2022-05-10");
  a.entity = "Ministry of ICT, Kenya";
  a.implementation_economies = {"KEN"};
  a.implementation_regions = {"ITU.AFR"};
  a.focus_areas = {"access"};
  a.sector = "government";
  a.pledge_type = "financial";
  a.campaigns = {"ldc5"};
  a.description = "Rural towers in 40 counties";
  a.status = "in_progress";
  a.targets = {{"T1", "", "schools_connected", "schools", 0, "2022-05-10", 100, "2026-12-31", ""}};
  a.reports = {{"2023-06-30", "in_progress", 20.0, 150000.0, "first eight sites live", {{"T1", 10}}},
               {"2024-06-30", "in_progress", 45.0, 480000.0, "second phase", {{"T1", 40}}}};

  Pledge b = base("P2C-2022-0002", "2022-09-01");
  b.entity = "Example Telecom Group";
  b.implementation_economies = {"BTN"};
  b.implementation_regions = {};
  b.focus_areas = {"adoption"};
  b.sector = "private_sector";
  b.pledge_type = "programmatic";
  b.value.reset();
  b.currency.clear();
  b.description = "Schools and teachers online";

  Pledge c = base("P2C-2024-0003", "2024-03-01");
  c.entity = "Example Telecom Group";
  c.implementation_economies = {"BTN"};
  c.implementation_regions = {};
  c.focus_areas = {"access", "value_creation"};
  c.sector = "private_sector";
  c.pledge_type = "policy";
  c.value.reset();
  c.currency.clear();
  c.status = "in_progress";
  c.reporting_period_months = 6;
  c.description = "Spectrum policy for rural coverage";

  Pledge d = base("P2C-2023-0004", "2023-01-15");
  d.review_state = "draft";
  d.implementation_economies = {"KEN"};
  d.description = "Rural towers, a draft nobody may see";

  Pledge e = base("P2C-2023-0005", "2023-02-01");
  e.entity = "Digital Skills Alliance";
  e.implementation_economies = {};
  e.implementation_regions = {"LDC"};
  e.focus_areas = {"adoption"};
  e.sector = "civil_society";
  e.pledge_type = "advocacy";
  e.value.reset();
  e.currency.clear();
  e.status = "completed";
  e.description = "Trainers' network";
  e.reports = {{"2023-12-01", "completed", 100.0, std::nullopt, "Done, with the café owners", {}}};

  Pledge f = base("P2C-2023-0006", "2023-03-01");
  f.review_state = "submitted";
  f.implementation_economies = {"BTN"};
  f.description = "Schools and towers awaiting review";
  return {a, b, c, d, e, f};
}

ExplorerSettings settings() {
  ExplorerSettings s;
  s.economies = rules().economies;
  s.groups = rules().regions;
  s.campaigns = {"ldc5", "displaced_people", "schools"};
  // As the reference data has it: Bhutan was an LDC until 2023.
  s.members = [](const std::string& group, std::int32_t year) -> std::vector<std::string> {
    if (group == "LDC") return year <= 2023 ? std::vector<std::string>{"BTN"} : std::vector<std::string>{};
    if (group == "ITU.AFR") return {"KEN"};
    if (group == "ITU.ASP") return {"BTN"};
    return {};
  };
  return s;
}

class Fixture {
 public:
  Fixture() : store_(dir_ / "pledges.sqlite"), explorer_(store_, settings()) {
    const auto summary = store_.import_pledges(registry_pledges(), rules());
    std::string problems;
    for (const auto& r : summary.rejected) problems += p2c::pledges::to_string(r) + "\n";
    INFO(problems);
    REQUIRE(summary.committed());
  }

  ExplorerPage run(const ExplorerParams& params) const { return explorer_.run(explorer_.parse(params)); }

  std::vector<std::string> ids(const ExplorerParams& params) const {
    std::vector<std::string> out;
    for (const auto& pledge : run(params).items) out.push_back(pledge.id);
    return out;
  }

  const Explorer& explorer() const { return explorer_; }
  Store& store() { return store_; }

 private:
  p2c::test::TempDir dir_;
  Store store_;
  Explorer explorer_;
};

using Ids = std::vector<std::string>;

// The parameter an ExplorerError names, and its message, for a request that must be refused.
std::pair<std::string, std::string> refusal(const Explorer& explorer, const ExplorerParams& params) {
  try {
    explorer.parse(params);
  } catch (const ExplorerError& e) {
    return {e.parameter(), e.what()};
  }
  return {"(accepted)", ""};
}

}  // namespace

TEST_CASE("the explorer lists published pledges only, newest first, without contacts", "[pledges][explorer]") {
  Fixture f;
  const ExplorerPage page = f.run({});
  CHECK(page.total == 4);
  CHECK(f.ids({}) == Ids{"P2C-2024-0003", "P2C-2023-0005", "P2C-2022-0002", "P2C-2022-0001"});
  const std::string json = p2c::pledges::to_json(page);
  CHECK_THAT(json, !Catch::Contains("jane.officer") && !Catch::Contains("Jane Officer") &&
                       !Catch::Contains("contact_") && !Catch::Contains("P2C-2023-0004") &&
                       !Catch::Contains("P2C-2023-0006"));
  const Json parsed = Json::parse(json);
  CHECK(parsed["total"] == 4);
  CHECK(parsed["limit"] == 50);
  CHECK(parsed["offset"] == 0);
  REQUIRE(parsed["items"].size() == 4);
  // Targets and reports come with each pledge.
  const Json& kenya = parsed["items"][3];
  CHECK(kenya["id"] == "P2C-2022-0001");
  CHECK(kenya["targets"].size() == 1);
  CHECK(kenya["reports"].size() == 2);
  CHECK(kenya["reports"][1]["actuals"][0]["value"] == 40.0);
  // The draft exists, and is still never shown.
  REQUIRE(f.store().find("P2C-2023-0004"));
  CHECK(f.ids({{"economy", "KEN"}}) == Ids{"P2C-2022-0001"});
}

TEST_CASE("each explorer filter selects what it names", "[pledges][explorer]") {
  Fixture f;
  CHECK(f.ids({{"economy", "BTN"}}) == Ids{"P2C-2024-0003", "P2C-2022-0002"});
  CHECK(f.ids({{"economy", "UGA"}}).empty());
  CHECK(f.ids({{"focus", "access"}}) == Ids{"P2C-2024-0003", "P2C-2022-0001"});
  CHECK(f.ids({{"focus", "value_creation"}}) == Ids{"P2C-2024-0003"});
  CHECK(f.ids({{"sector", "private_sector"}}) == Ids{"P2C-2024-0003", "P2C-2022-0002"});
  CHECK(f.ids({{"type", "advocacy"}}) == Ids{"P2C-2023-0005"});
  CHECK(f.ids({{"campaign", "ldc5"}}) == Ids{"P2C-2022-0001"});
  CHECK(f.ids({{"campaign", "schools"}}).empty());
  CHECK(f.ids({{"status", "in_progress"}}) == Ids{"P2C-2024-0003", "P2C-2022-0001"});
  CHECK(f.ids({{"status", "withdrawn"}}).empty());
  CHECK(f.ids({{"from", "2022-09-01"}}) == Ids{"P2C-2024-0003", "P2C-2023-0005", "P2C-2022-0002"});
  CHECK(f.ids({{"to", "2022-09-01"}}) == Ids{"P2C-2022-0002", "P2C-2022-0001"});
  CHECK(f.ids({{"from", "2022-09-02"}, {"to", "2023-02-01"}}) == Ids{"P2C-2023-0005"});
  CHECK(f.ids({{"from", "2023-02-01"}, {"to", "2023-02-01"}}) == Ids{"P2C-2023-0005"});
  // Filters combine with AND.
  CHECK(f.ids({{"economy", "BTN"}, {"focus", "adoption"}}) == Ids{"P2C-2022-0002"});
  CHECK(f.ids({{"economy", "KEN"}, {"sector", "private_sector"}}).empty());
}

TEST_CASE("a group selects by membership in the year the pledge was made, or by a listed region",
          "[pledges][explorer]") {
  Fixture f;
  // Bhutan left the LDC list in 2023: its 2022 pledge counts, its 2024 one does not; E lists LDC itself.
  CHECK(f.ids({{"group", "LDC"}}) == Ids{"P2C-2023-0005", "P2C-2022-0002"});
  CHECK(f.ids({{"group", "ITU.ASP"}}) == Ids{"P2C-2024-0003", "P2C-2022-0002"});
  CHECK(f.ids({{"group", "ITU.AFR"}}) == Ids{"P2C-2022-0001"});
  CHECK(f.ids({{"group", "SIDS"}}).empty());
  CHECK(f.ids({{"group", "LDC"}, {"focus", "adoption"}, {"from", "2023-01-01"}}) == Ids{"P2C-2023-0005"});
}

TEST_CASE("reporting_state is judged at as_of from the reports made by then", "[pledges][explorer]") {
  Fixture f;
  // 2025-01-15: A last reported 2024-06-30 (next due 2025-06-30); B never reported since 2022-09-01; C has its own
  // six-month period since 2024-03-01; E completed.
  CHECK(f.ids({{"reporting_state", "on_time"}, {"as_of", "2025-01-15"}}) == Ids{"P2C-2022-0001"});
  CHECK(f.ids({{"reporting_state", "inactive"}, {"as_of", "2025-01-15"}}) == Ids{"P2C-2022-0002"});
  CHECK(f.ids({{"reporting_state", "overdue"}, {"as_of", "2025-01-15"}}) == Ids{"P2C-2024-0003"});
  CHECK(f.ids({{"reporting_state", "closed"}, {"as_of", "2025-01-15"}}) == Ids{"P2C-2023-0005"});
  CHECK(f.ids({{"reporting_state", "due"}, {"as_of", "2025-06-15"}}) == Ids{"P2C-2022-0001"});
  CHECK(f.ids({{"reporting_state", "overdue"}, {"as_of", "2025-08-15"}}) == Ids{"P2C-2022-0001"});
  // Before E reported completion it was not closed, and C, made later, has no state at all.
  CHECK(f.ids({{"reporting_state", "closed"}, {"as_of", "2023-06-01"}}).empty());
  CHECK(f.ids({{"reporting_state", "on_time"}, {"as_of", "2023-06-01"}}) == Ids{"P2C-2023-0005", "P2C-2022-0002"});
  // A at 2023-06-01 had reported nothing yet: its first report was expected 2023-05-10, so it was due.
  CHECK(f.ids({{"reporting_state", "due"}, {"as_of", "2023-06-01"}}) == Ids{"P2C-2022-0001"});
  CHECK(f.ids({{"reporting_state", "on_time"}, {"as_of", "2023-06-01"}, {"economy", "KEN"}}).empty());
  // Without as_of, today: the state is computed, whatever it is.
  std::size_t today = 0;
  for (const char* state : {"on_time", "due", "overdue", "inactive", "closed"})
    today += f.run({{"reporting_state", state}}).total;
  CHECK(today == 4);
}

TEST_CASE("the explorer's reporting states are those of reporting_status() on every day", "[pledges][explorer]") {
  Fixture f;
  const std::vector<Pledge> pledges = f.store().pledges();
  for (p2c::Date day = *p2c::parse_date("2022-01-01"); day <= *p2c::parse_date("2027-06-30");
       day = p2c::add_days(day, 17)) {
    for (const char* name : {"on_time", "due", "overdue", "inactive", "closed"}) {
      Ids expected;
      for (const Pledge& pledge : pledges)
        if (const auto status = p2c::pledges::reporting_status(pledge, day, settings().calendar);
            status && p2c::pledges::name(status->state) == name)
          expected.push_back(pledge.id);
      Ids found = f.ids({{"reporting_state", name}, {"as_of", p2c::to_string(day)}});
      std::sort(found.begin(), found.end());
      INFO(p2c::to_string(day) << " " << name);
      CHECK(found == expected);
    }
  }
}

TEST_CASE("q finds plain words in entity, description and narratives, ANDed", "[pledges][explorer]") {
  Fixture f;
  CHECK(f.ids({{"q", "towers"}}) == Ids{"P2C-2022-0001"});
  CHECK(f.ids({{"q", "RURAL   towers"}}) == Ids{"P2C-2022-0001"});
  CHECK(f.ids({{"q", "rural"}}) == Ids{"P2C-2024-0003", "P2C-2022-0001"});
  CHECK(f.ids({{"q", "rural spectrum"}}) == Ids{"P2C-2024-0003"});
  CHECK(f.ids({{"q", "kenya"}}) == Ids{"P2C-2022-0001"});  // the entity
  CHECK(f.ids({{"q", "phase"}}) == Ids{"P2C-2022-0001"});  // a narrative
  CHECK(f.ids({{"q", "cafe"}}) == Ids{"P2C-2023-0005"});   // diacritics ignored
  CHECK(f.ids({{"q", "CAF\xC3\x89"}}) == Ids{"P2C-2023-0005"});
  // Words are what the index holds: punctuation separates them, a non-ASCII dash too.
  CHECK(f.ids({{"q", "rural\xE2\x80\x94towers"}}) == Ids{"P2C-2022-0001"});
  CHECK(f.ids({{"q", "rural,towers"}}) == Ids{"P2C-2022-0001"});
  CHECK(f.ids({{"q", "towers schools"}}).empty());  // AND, and drafts stay hidden
  CHECK(f.ids({{"q", ""}}).size() == 4);            // no words: no text filter
  CHECK(f.ids({{"q", "   "}}).size() == 4);
  CHECK(f.ids({{"q", "towers"}, {"economy", "BTN"}}).empty());
}

TEST_CASE("q cannot be read as FTS5 syntax, and no input of it is an error", "[pledges][explorer]") {
  Fixture f;
  // Operators are words like any other: "and" occurs in B's description, "or" nowhere.
  CHECK(f.ids({{"q", "AND"}}) == Ids{"P2C-2022-0002"});
  CHECK(f.ids({{"q", "towers OR schools"}}).empty());
  CHECK(f.ids({{"q", "NOT towers"}}).empty());
  CHECK(f.ids({{"q", "tow*"}}).empty());  // no prefix search
  CHECK(f.ids({{"q", "\"towers"}}) == Ids{"P2C-2022-0001"});
  CHECK(f.ids({{"q", "towers\""}}) == Ids{"P2C-2022-0001"});
  CHECK(f.ids({{"q", "description:towers"}}).empty());  // no column filter: the words description and towers
  CHECK(f.ids({{"q", "*"}}).empty());                   // no word at all finds nothing
  CHECK(f.ids({{"q", "towers ^rural"}}) == Ids{"P2C-2022-0001"});
  for (const char* hostile :
       {"\"", "\"\"", "*", "NEAR(", "NEAR(towers rural, 2)", "AND", "OR", "NOT", "(", ")", "{entity}: x", "-", "+", "^",
        ":", "'); DROP TABLE pledges; --", "\xE2\x80\x94", "a\"b\"c", "\"\"\"\"\"\""}) {
    INFO(hostile);
    ExplorerPage page;
    REQUIRE_NOTHROW(page = f.run({{"q", hostile}}));
    CHECK(page.total == page.items.size());
  }
  CHECK(f.store().size() == 6);  // nothing was dropped
  CHECK(f.run({{"q", "one two three four five six seven eight nine ten a b c d e f g h i j"}}).total == 0);
}

TEST_CASE("the explorer pages, counting every match", "[pledges][explorer]") {
  Fixture f;
  const ExplorerPage page = f.run({{"limit", "2"}, {"offset", "1"}});
  CHECK(page.total == 4);
  CHECK(page.limit == 2);
  CHECK(page.offset == 1);
  REQUIRE(page.items.size() == 2);
  CHECK(page.items[0].id == "P2C-2023-0005");
  CHECK(page.items[1].id == "P2C-2022-0002");
  CHECK(f.ids({{"limit", "1"}, {"offset", "3"}}) == Ids{"P2C-2022-0001"});
  const ExplorerPage beyond = f.run({{"offset", "10"}});
  CHECK(beyond.total == 4);
  CHECK(beyond.items.empty());
  CHECK(f.run({{"limit", "500"}}).items.size() == 4);
  CHECK(f.run({{"economy", "BTN"}, {"limit", "1"}}).total == 2);
}

TEST_CASE("a page as CSV has the export's pledge columns without the contact", "[pledges][explorer]") {
  Fixture f;
  const ExplorerPage page = f.run({{"economy", "BTN"}});
  const std::string csv = p2c::pledges::pledges_csv(page.items, p2c::pledges::Audience::public_view);
  std::istringstream lines(csv);
  std::string header;
  std::getline(lines, header);
  CHECK(header ==
        "id,entity,sector,origin_economy,origin_region,implementation_economies,implementation_regions,focus_areas,"
        "pillars,pledge_type,value,currency,value_usd,beneficiaries,sdgs,pledged_on,start_date,end_date,status,"
        "description,review_state,wsis_lines,roadmap_areas,campaigns,partners,reporting_period_months");
  std::size_t rows = 0;
  for (std::string line; std::getline(lines, line);) ++rows;
  CHECK(rows == 2);
  CHECK_THAT(csv, Catch::StartsWith("id,") && Catch::Contains("\nP2C-2024-0003,") && !Catch::Contains("jane.officer") &&
                      !Catch::Contains("Jane Officer"));
}

TEST_CASE("bad explorer parameters are refused naming the parameter and what it expects", "[pledges][explorer]") {
  Fixture f;
  const Explorer& e = f.explorer();
  const auto check = [&](const ExplorerParams& params, const std::string& parameter, const std::string& expected) {
    const auto [named, message] = refusal(e, params);
    INFO(message);
    CHECK(named == parameter);
    CHECK_THAT(message, Catch::Contains(expected));
  };
  check({{"colour", "red"}}, "colour", "unknown parameter 'colour': expected economy, group, focus");
  check({{"economy", "ZZZ"}}, "economy", "expected the ISO3 code of an economy");
  check({{"economy", "KEN' OR '1'='1"}}, "economy", "expected the ISO3 code");
  check({{"economy", "ken"}}, "economy", "'ken'");
  check({{"group", "NOPE"}}, "group", "expected the code of a group");
  check({{"focus", "acess"}}, "focus", "expected access, adoption, value_creation or investment_acceleration");
  check({{"sector", "govt"}}, "sector", "expected government, private_sector");
  check({{"type", "cash"}}, "type", "expected financial, programmatic, policy or advocacy");
  check({{"campaign", "nope"}}, "campaign", "expected ldc5, displaced_people or schools");
  check({{"status", "done"}}, "status", "expected announced, in_progress, completed or withdrawn");
  check({{"reporting_state", "late"}}, "reporting_state", "expected on_time, due, overdue, inactive or closed");
  check({{"as_of", "2023-02-29"}}, "as_of", "expected a date YYYY-MM-DD naming a real day, got '2023-02-29'");
  check({{"from", "2023-1-01"}}, "from", "YYYY-MM-DD");
  check({{"to", "yesterday"}}, "to", "YYYY-MM-DD");
  check({{"from", "2024-01-01"}, {"to", "2023-01-01"}}, "from", "expected from on or before to");
  check({{"limit", "0"}}, "limit", "expected a whole number from 1 to 500, got '0'");
  check({{"limit", "501"}}, "limit", "from 1 to 500");
  check({{"limit", "ten"}}, "limit", "from 1 to 500");
  check({{"limit", "5 "}}, "limit", "from 1 to 500");
  check({{"offset", "-1"}}, "offset", "expected a whole number from 0");
  check({{"offset", "99999999999999999999999"}}, "offset", "expected a whole number from 0");
  check({{"q", "\xFF\xFE"}}, "q", "expected UTF-8 text, got '\\xff\\xfe'");
  check({{"q", "one two three four five six seven eight nine ten a b c d e f g h i j k"}}, "q",
        "expected at most 20 words (runs of letters and digits), got 21");
  check({{"q", "a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u"}}, "q", "got 21");
  // A name the caller reads itself passes; its message lists it too.
  static constexpr std::string_view format[] = {"format"};
  CHECK_NOTHROW(e.parse({{"format", "csv"}}, format));
  try {
    e.parse({{"fromat", "csv"}}, format);
    FAIL("accepted");
  } catch (const ExplorerError& error) {
    CHECK_THAT(error.what(), Catch::Contains("offset or format"));
  }
  // Defaults.
  const auto query = e.parse({});
  CHECK(query.limit == 50);
  CHECK(query.offset == 0);
  CHECK(query.as_of == p2c::today_utc());
}

TEST_CASE("public revisions redact the contact wherever it appears and show no folders", "[pledges][explorer]") {
  p2c::pledges::Revision first{
      "P2C-2022-0001", 1, "2026-01-05T10:00:00Z", "2022-05-10", "import:/srv/p2c/incoming/pledges.json", "", "[]"};
  p2c::pledges::Revision second{
      "P2C-2022-0001",
      2,
      "2026-02-01T09:30:00Z",
      "2026-02-01",
      "cli",
      "new officer",
      R"([{"field":"contact_email","old":"old@example.org","new":"jane.officer@example.org"},)"
      R"({"field":"contact_name","old":"","new":"Jane Officer"},)"
      R"({"field":"status","old":"announced","new":"in_progress"},)"
      R"({"field":"record","old":null,"new":{"id":"P2C-2022-0001","contact_name":"Jane Officer",)"
      R"("nested":[{"contact_email":"jane.officer@example.org"}]}}])"};
  const std::string text = p2c::pledges::public_revisions_json({first, second});
  CHECK_THAT(text, !Catch::Contains("example.org") && !Catch::Contains("Jane Officer") && !Catch::Contains("/srv/p2c"));
  const Json revisions = Json::parse(text);
  REQUIRE(revisions.size() == 2);
  CHECK(revisions[0] == Json::parse(R"({"revision":1,"recorded_at":"2026-01-05T10:00:00Z","effective_on":"2022-05-10",)"
                                    R"("actor":"import:pledges.json","reason":"","changes":[]})"));
  const Json& changes = revisions[1]["changes"];
  REQUIRE(changes.size() == 4);
  CHECK(changes[0] == Json::parse(R"({"field":"contact_email","old":null,"new":null})"));
  CHECK(changes[1] == Json::parse(R"({"field":"contact_name","old":null,"new":null})"));
  CHECK(changes[2] == Json::parse(R"({"field":"status","old":"announced","new":"in_progress"})"));
  CHECK(changes[3]["new"]["id"] == "P2C-2022-0001");
  CHECK(changes[3]["new"]["contact_name"].is_null());
  CHECK(changes[3]["new"]["nested"][0]["contact_email"].is_null());
  CHECK(revisions[1]["reason"] == "new officer");

  second.changes = "{not json";
  CHECK_THROWS_AS(p2c::pledges::public_revisions_json({second}), p2c::pledges::StoreError);
  second.changes = R"({"field":"status"})";
  CHECK_THROWS_AS(p2c::pledges::public_revisions_json({second}), p2c::pledges::StoreError);
}
