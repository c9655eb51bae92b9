// Group values an indicator computes itself (ResultWriter::group_value) and group membership it asks the host
// for (InputSet::group_members), run through the engine with the fixture indicator and the bundled reference data.
#include <catch2/catch.hpp>
#include <set>
#include <string>

#include "engine.h"
#include "engine_run.h"
#include "plain_csv.h"

namespace {

const std::filesystem::path root = P2C_SOURCE_DIR;

// The members of `group` in `year`, read plainly from the bundled memberships file.
std::set<std::string> members_of(const std::string& group, int year) {
  std::set<std::string> out;
  for (const auto& f : p2c::test::plain_rows(root / "config/reference/memberships.csv")) {
    if (f[0] != group) continue;
    const int from = f.size() > 2 && !f[2].empty() ? std::stoi(f[2]) : 0;
    const int to = f.size() > 3 && !f[3].empty() ? std::stoi(f[3]) : 9999;
    if (year >= from && year <= to) out.insert(f[1]);
  }
  return out;
}

std::string reference_block() {
  const auto reference = root / "config/reference";
  return "[reference]\neconomies = \"" + (reference / "economies.csv").string() + "\"\ngroups = \"" +
         (reference / "groups.csv").string() + "\"\nmemberships = \"" + (reference / "memberships.csv").string() +
         "\"\npopulation = \"fixture.input\"\n";
}

// Bhutan left the LDC list after 2023, Sao Tome and Principe after 2024; 26 years from 2000 to 2025.
constexpr const char* source_block = R"(
[[source]]
plugin = "fixture_source"
name = "src"
series = "fixture.input"
economies = ["BTN", "STP"]
years = 26
)";

std::string indicator(const std::string& name, const std::string& extra) {
  return "\n[[indicator]]\nplugin = \"fixture_indicator\"\nname = \"" + name + "\"\n" + extra + "\n";
}

struct FixtureDirs {
  // The engine_run helper scans only the shipped plugins; these tests need the fixtures too.
  static p2c::host::RunOutcome run(const p2c::test::TempDir& dir, const std::string& toml) {
    const p2c::host::Config config = p2c::host::load_config(dir.write("p2c.toml", toml));
    p2c::host::Registry registry;
    registry.scan(std::filesystem::path(P2C_FIXTURE_DIR) / "good");
    p2c::host::Engine engine(config, registry);
    engine.prepare();
    return engine.run();
  }
};

struct Run {
  p2c::test::TempDir dir;
  p2c::host::RunOutcome outcome;
  std::map<std::string, p2c::test::MetricRecords> economies;
  std::map<std::string, p2c::test::MetricRecords> groups;

  explicit Run(const std::string& toml) : outcome(FixtureDirs::run(dir, toml)) {
    for (const auto& r : outcome.report.records) {
      auto& target = r.entity_kind == p2c::EntityKind::economy ? economies : groups;
      target[outcome.report.catalogue[r.metric].id][{std::string(outcome.report.entity_code(r.entity)), r.year}] = r;
    }
  }

  std::string failed() const {
    std::string out;
    for (const auto& f : outcome.report.failures) out += f.instance + ": " + f.message + "\n";
    return out;
  }
};

}  // namespace

TEST_CASE("an indicator writes group values itself, with time-aware membership", "[engine][groups]") {
  Run run(reference_block() + source_block + indicator("g", "mode = \"group\""));
  INFO(run.failed());
  REQUIRE(run.outcome.report.failures.empty());

  const auto& members = run.groups.at("g.members");
  CHECK(members.size() == 26);  // one per year, LDC only: the host added no aggregate of its own
  for (int year = 2000; year <= 2025; ++year) {
    INFO(year);
    const auto& record = members.at({"LDC", year});
    CHECK(record.entity_kind == p2c::EntityKind::group);
    CHECK(record.value == static_cast<double>(members_of("LDC", year).size()));
    CHECK_FALSE(record.coverage);
  }
  // Graduations change the count: Bhutan (2023) and Sao Tome and Principe (2024) leave.
  CHECK(*members.at({"LDC", 2023}).value - *members.at({"LDC", 2024}).value == 1);
  CHECK(*members.at({"LDC", 2024}).value - *members.at({"LDC", 2025}).value == 1);

  const auto& member = run.economies.at("g.member");
  CHECK(member.at({"BTN", 2023}).value == 1.0);
  CHECK(member.at({"BTN", 2024}).value == 0.0);
  CHECK(member.at({"STP", 2024}).value == 1.0);
  CHECK(member.at({"STP", 2025}).value == 0.0);
  CHECK(run.groups.count("g.member") == 0);  // Aggregation::none: never aggregated by the host

  // Plugin-written group values count among the run's group values.
  CHECK(run.outcome.group_records >= 26);
}

TEST_CASE("progress records apply to group values an indicator wrote", "[engine][groups][progress]") {
  Run run(reference_block() + source_block + indicator("g", "mode = \"group\""));
  REQUIRE(run.outcome.report.failures.empty());
  // The members metric has a target of 100: the LDC's history gets a trend, a gap and a status.
  const auto& trend = run.groups.at("g.members.trend");
  REQUIRE(trend.count({"LDC", 2025}) == 1);
  CHECK(trend.at({"LDC", 2025}).entity_kind == p2c::EntityKind::group);
  CHECK(*trend.at({"LDC", 2025}).value < 0);  // graduations: the list shrinks
  const auto& gap = run.groups.at("g.members.gap");
  CHECK(gap.at({"LDC", 2025}).value == 100 - static_cast<double>(members_of("LDC", 2025).size()));
  CHECK(run.groups.at("g.members").at({"LDC", 2025}).status == p2c::Status::off_track);
}

TEST_CASE("a group value for a code that is not a reference group fails the indicator alone",
          "[engine][groups][failure]") {
  Run run(reference_block() + source_block + indicator("bad", "mode = \"group\"\ngroup = \"NOPE\"") +
          indicator("fine", "mode = \"group\"\ngroup = \"ITU.ASP\""));
  CHECK_THAT(run.failed(), Catch::Contains("bad: indicator 'bad'"));
  CHECK_THAT(run.failed(), Catch::Contains("wrote a value of metric 'members' for 'NOPE', which is not a group of "
                                           "the reference data"));
  CHECK(run.outcome.report.failures.size() == 1);
  CHECK(run.groups.count("bad.members") == 0);
  CHECK(run.economies.count("bad.member") == 0);  // results are discarded whole
  // For an unknown code the membership is empty: no economy is a member.
  CHECK(run.groups.at("fine.members").at({"ITU.ASP", 2020}).value ==
        static_cast<double>(members_of("ITU.ASP", 2020).size()));
}

TEST_CASE("an economy value for the id of a group code fails the indicator", "[engine][groups][failure]") {
  // The source's first code, LDC, is interned (id 0) and its rows dropped as not an economy.
  std::string source = source_block;
  source.replace(source.find(R"(["BTN", "STP"])"), 14, R"(["LDC", "BTN"])");
  Run run(reference_block() + source + indicator("bad", "mode = \"economy_id_zero\""));
  CHECK_THAT(run.failed(), Catch::Contains("wrote 'LDC' as an economy, but the reference data has no such economy"));
  CHECK(run.economies.count("bad.scaled") == 0);
}

TEST_CASE("a group value in a run without reference data fails the indicator", "[engine][groups][failure]") {
  Run run(std::string(source_block) + indicator("g", "mode = \"group\""));
  CHECK_THAT(run.failed(), Catch::Contains("wrote a value of metric 'members' for group 'LDC', but the run has no "
                                           "reference data; configure [reference]"));
  CHECK(run.groups.empty());
}

TEST_CASE("without reference data group_members is empty", "[engine][groups]") {
  Run run(std::string(source_block) + indicator("g", "mode = \"group_members_only\""));
  INFO(run.failed());
  REQUIRE(run.outcome.report.failures.empty());
  CHECK(run.economies.at("g.member").at({"BTN", 2020}).value == 0.0);
}

TEST_CASE("a group value of a metric the host aggregates fails the indicator", "[engine][groups][failure]") {
  Run run(reference_block() + source_block + indicator("g", "mode = \"group_on_summed\""));
  CHECK_THAT(run.failed(), Catch::Contains("wrote a group value of metric 'scaled', which the host aggregates by "
                                           "sum; a metric whose group values the plugin writes must declare "
                                           "Aggregation::none"));
}

TEST_CASE("two results for one group and year fail the indicator", "[engine][groups][failure]") {
  Run run(reference_block() + source_block + indicator("g", "mode = \"group_duplicate\""));
  CHECK_THAT(run.failed(), Catch::Contains("wrote two results for metric 'g.members', LDC, 2000"));
}
