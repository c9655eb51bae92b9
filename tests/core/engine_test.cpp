#include "engine.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <string>
#include <tuple>
#include <vector>

#include "temp_dir.h"

using namespace p2c::host;

namespace {

constexpr const char* source_block = R"(
[[source]]
plugin = "fixture_source"
name = "src"
series = "fixture.input"
)";

struct Run {
  p2c::test::TempDir dir;
  Config config;
  Registry registry;
  std::unique_ptr<Engine> engine;
  RunOutcome outcome;

  explicit Run(const std::string& toml, bool execute = true) {
    config = load_config(dir.write("p2c.toml", toml));
    registry.scan(std::filesystem::path(P2C_FIXTURE_DIR) / "good");
    registry.scan(P2C_PLUGIN_DIR);
    engine = std::make_unique<Engine>(config, registry);
    engine->prepare();
    if (execute) outcome = engine->run();
  }

  // value of metric for entity/year, or nothing
  std::optional<double> value(const std::string& metric, const std::string& entity, int year) const {
    for (const auto& r : outcome.report.records)
      if (outcome.report.catalogue[r.metric].id == metric && outcome.report.entity_code(r.entity) == entity &&
          r.year == year)
        return r.value;
    return std::nullopt;
  }

  std::size_t records_of(const std::string& metric) const {
    std::size_t n = 0;
    for (const auto& r : outcome.report.records) n += outcome.report.catalogue[r.metric].id == metric;
    return n;
  }

  std::string failures() const {
    std::string out;
    for (const auto& f : outcome.report.failures) out += f.instance + ": " + f.message + "\n";
    for (const auto& f : outcome.sink_failures) out += f.instance + ": " + f.message + "\n";
    return out;
  }
};

std::string indicator(const std::string& name, const std::string& extra) {
  return "\n[[indicator]]\nplugin = \"fixture_indicator\"\nname = \"" + name + "\"\n" + extra + "\n";
}

}  // namespace

TEST_CASE("sources feed indicators and every value is computed", "[engine]") {
  Run run(std::string(source_block) + indicator("double", "input = \"fixture.input\""));
  INFO(run.failures());
  CHECK(run.outcome.report.failures.empty());
  CHECK(run.records_of("double.scaled") == 6);
  CHECK(run.value("double.scaled", "AAA", 2000) == 0.0);
  CHECK(run.value("double.scaled", "AAA", 2002) == 4.0);
  CHECK(run.value("double.scaled", "BBB", 2001) == 22.0);
  REQUIRE(run.outcome.series.size() == 1);
  CHECK(run.outcome.series[0].rows == 6);
  CHECK_FALSE(run.outcome.has_problems());
}

TEST_CASE("an indicator consumes another indicator's metric, computed first", "[engine]") {
  // Declared in reverse order: the dependency graph, not the file, decides the order.
  Run run(std::string(source_block) + indicator("times6", "input = \"double.scaled\"\nfactor = 3") +
          indicator("double", "input = \"fixture.input\""));
  INFO(run.failures());
  CHECK(run.outcome.report.failures.empty());
  CHECK(run.value("times6.scaled", "BBB", 2002) == 72.0);
}

TEST_CASE("independent indicators on several threads give the same results as on one", "[engine]") {
  std::string toml = "[run]\nthreads = 1\n" + std::string(source_block);
  for (int i = 0; i < 6; ++i)
    toml += indicator("i" + std::to_string(i), "factor = " + std::to_string(i) + "\ninput = \"fixture.input\"");
  Run one(toml);
  toml.replace(toml.find("threads = 1"), 11, "threads = 4");
  Run four(toml);
  REQUIRE(one.outcome.report.records.size() == 36);
  REQUIRE(four.outcome.report.records.size() == 36);
  for (int i = 0; i < 6; ++i) {
    const std::string metric = "i" + std::to_string(i) + ".scaled";
    CHECK(four.value(metric, "BBB", 2002) == 12.0 * i);
    CHECK(four.value(metric, "AAA", 2001) == one.value(metric, "AAA", 2001));
  }
}

TEST_CASE("a plugin whose factory throws fails alone", "[engine][failure]") {
  Run run(std::string(source_block) + indicator("broken", "mode = \"throw_in_constructor\"") + indicator("fine", ""));
  REQUIRE(run.outcome.report.failures.size() == 1);
  CHECK(run.outcome.report.failures[0].instance == "broken");
  CHECK_THAT(run.failures(), Catch::Contains("could not be created: the API key option is empty"));
  CHECK(run.records_of("fine.scaled") == 6);
}

TEST_CASE("a plugin whose compute throws fails alone, and so do its dependents", "[engine][failure]") {
  Run run(std::string(source_block) + indicator("broken", "mode = \"throw_in_compute\"") +
          indicator("after", "input = \"broken.scaled\"") + indicator("fine", ""));
  CHECK_THAT(run.failures(), Catch::Contains("broken: indicator 'broken' (plugin fixture_indicator 0.1.0): compute "
                                             "failed: division by a zero population in fixture"));
  CHECK_THAT(run.failures(), Catch::Contains("its input 'broken.scaled' is unavailable ('broken' failed)"));
  CHECK(run.records_of("broken.scaled") == 0);
  CHECK(run.records_of("after.scaled") == 0);
  CHECK(run.records_of("fine.scaled") == 6);
  CHECK(run.outcome.has_problems());
}

TEST_CASE("an exception not derived from std::exception is stopped at the boundary too", "[engine][failure]") {
  Run run(std::string(source_block) + indicator("odd", "mode = \"throw_non_std\""));
  CHECK_THAT(run.failures(), Catch::Contains("unknown exception"));
}

TEST_CASE("results a plugin got wrong are discarded whole, with the reason", "[engine][failure]") {
  SECTION("a metric outside its catalogue") {
    Run run(std::string(source_block) + indicator("x", "mode = \"undeclared_metric\""));
    CHECK_THAT(run.failures(), Catch::Contains("wrote metric 'surprise', which its catalogue does not declare"));
    CHECK(run.outcome.report.records.empty());
  }
  SECTION("two values for one economy and year") {
    Run run(std::string(source_block) + indicator("x", "mode = \"duplicate\""));
    CHECK_THAT(run.failures(), Catch::Contains("wrote two results for metric 'x.scaled', AAA, 2000"));
    CHECK(run.outcome.report.records.empty());
  }
  SECTION("a value flagged withheld, the host's flag") {
    Run run(std::string(source_block) + indicator("x", "mode = \"withheld_flag\""));
    CHECK_THAT(run.failures(), Catch::Contains("wrote a value flagged withheld, which only the host sets"));
    CHECK(run.outcome.report.records.empty());
  }
}

TEST_CASE("a non-finite value becomes a missing value with a reason, never a number", "[engine]") {
  Run run(std::string(source_block) + indicator("x", "mode = \"nan\""));
  REQUIRE(run.outcome.report.records.size() == 6);
  for (const auto& record : run.outcome.report.records) {
    CHECK_FALSE(record.value.has_value());
    CHECK(record.reason == "the computed value is not a finite number");
  }
}

TEST_CASE("a source failing mid-read delivers nothing, and its dependents say why", "[engine][failure]") {
  Run run(std::string(source_block) + "fail = true\n" + indicator("x", ""));
  CHECK_THAT(run.failures(), Catch::Contains("fixture.csv:7: connection to the data server was lost"));
  CHECK_THAT(run.failures(), Catch::Contains("its input 'fixture.input' is unavailable (source 'src' failed)"));
  REQUIRE(run.outcome.series.size() == 1);
  CHECK(run.outcome.series[0].failed);
  CHECK(run.outcome.series[0].rows == 0);  // the first batch was delivered, then dropped: never half a file
  CHECK(run.outcome.report.records.empty());
}

TEST_CASE("rejected rows are counted and kept for the summary", "[engine]") {
  Run run(std::string(source_block) + "reject = 12\n" + indicator("x", ""));
  CHECK(run.outcome.rejected_rows == 12);
  CHECK(run.outcome.rejections.size() == 10);
  CHECK(run.outcome.rejections[0] == "fixture.csv:2: expected a number in column 'Value', found 'x'");
  CHECK(run.outcome.has_problems());
  CHECK(run.records_of("x.scaled") == 6);
}

TEST_CASE("set-up problems fail the instance concerned and nothing else", "[engine][failure]") {
  SECTION("an input nobody provides") {
    Run run(std::string(source_block) + indicator("x", "input = \"nope.series\"") + indicator("fine", ""));
    CHECK_THAT(run.failures(), Catch::Contains("needs input 'nope.series', which no configured source or indicator "
                                               "provides"));
    CHECK(run.records_of("fine.scaled") == 6);
  }
  SECTION("a dependency cycle") {
    Run run(std::string(source_block) + indicator("a", "input = \"b.scaled\"") +
            indicator("b", "input = \"a.scaled\"") + indicator("fine", ""));
    CHECK_THAT(run.failures(), Catch::Contains("dependency cycle among: a, b"));
    CHECK(run.outcome.report.failures.size() == 2);
    CHECK(run.records_of("fine.scaled") == 6);
  }
  SECTION("an unknown plugin") {
    Run run(std::string(source_block) + "\n[[indicator]]\nplugin = \"nonexistent\"\n" + indicator("fine", ""));
    CHECK_THAT(run.failures(), Catch::Contains("no plugin named 'nonexistent' was loaded (loaded: "));
    CHECK(run.records_of("fine.scaled") == 6);
  }
  SECTION("a plugin under the wrong section") {
    Run run(std::string(source_block) + "\n[[sink]]\nplugin = \"fixture_source\"\nname = \"s2\"\nseries = \"y\"\n" +
            indicator("fine", ""));
    CHECK_THAT(run.failures(), Catch::Contains("is a source plugin; configure it under [[source]]"));
    CHECK(run.records_of("fine.scaled") == 6);
  }
  SECTION("an unknown option key and a mistyped value") {
    Run run(std::string(source_block) + indicator("typo", "factr = 3") + indicator("typed", "factor = \"3\"") +
            indicator("fine", ""));
    CHECK_THAT(run.failures(), Catch::Contains("p2c.toml:10:1: indicator 'typo' (plugin fixture_indicator): unknown "
                                               "option 'factr'; did you mean 'factor'?"));
    CHECK_THAT(run.failures(), Catch::Contains("p2c.toml:15:10: indicator 'typed' (plugin fixture_indicator): option "
                                               "'factor' expects number"));
    CHECK(run.records_of("fine.scaled") == 6);
  }
  SECTION("two sources for one series") {
    Run run(std::string(source_block) +
            "\n[[source]]\nplugin = \"fixture_source\"\nname = \"src2\"\nseries = "
            "\"fixture.input\"\n" +
            indicator("fine", ""));
    CHECK_THAT(run.failures(), Catch::Contains("series 'fixture.input' is already provided by 'src'"));
    CHECK(run.records_of("fine.scaled") == 6);
  }
}

TEST_CASE("sinks write the results of the plugins that worked, and a failing sink fails alone", "[engine][sink]") {
  p2c::test::TempDir out;
  const std::string sinks = "\n[[sink]]\nplugin = \"json\"\npath = \"" + (out / "r.json").string() +
                            "\"\n\n[[sink]]\nplugin = \"csv_results\"\npath = \"" + out.path().string() + "\"\n";
  Run run(std::string(source_block) + indicator("broken", "mode = \"throw_in_compute\"") + indicator("fine", "") +
          sinks);
  // The CSV sink's path is a folder: it cannot be replaced by a file.
  REQUIRE(run.outcome.sink_failures.size() == 1);
  CHECK(run.outcome.sink_failures[0].instance == "csv_results");
  REQUIRE(run.outcome.sinks_written == std::vector<std::string>{"json"});
  const std::string json = p2c::test::read_file(out / "r.json");
  CHECK_THAT(json, Catch::Contains(R"("metric":"fine.scaled")"));
  CHECK_THAT(json, Catch::Contains("division by a zero population in fixture"));
}

TEST_CASE("estimation and publishing rules naming no metric of the run fail with their place", "[engine][failure]") {
  Run run(std::string(source_block) + indicator("double", "input = \"fixture.input\"") +
          "\n[[estimation]]\nmetric = \"double.scaledd\"\nmethod = \"itu_trend\"\n"
          "\n[[publishing.rules]]\nmetric = \"tripple.*\"\nmin_observed_share = 0\n"
          "\n[[estimation]]\nmetric = \"double.scaled\"\nmethod = \"interpolate\"\n");
  CHECK_THAT(run.failures(), Catch::Contains("estimation: " + (run.dir / "p2c.toml").string() +
                                             ":12:1: [[estimation]]: no metric 'double.scaledd' in this run (metrics "
                                             "of that instance: double.scaled, double.members, double.member); "
                                             "its values are not estimated"));
  CHECK_THAT(run.failures(), Catch::Contains("publishing.rules: " + (run.dir / "p2c.toml").string() +
                                             ":16:1: [[publishing.rules]]: no metric 'tripple.*' in this run"));
  CHECK(run.outcome.report.failures.size() == 2);  // the rule for a metric that exists is fine
  CHECK(run.records_of("double.scaled") == 6);     // and the run goes on
}

TEST_CASE("the work beside the sinks gets the finished report while they write, on any number of threads",
          "[engine][sink]") {
  for (const char* threads : {"0", "1", "2"}) {
    CAPTURE(threads);
    p2c::test::TempDir out;
    const std::string sinks = "\n[[sink]]\nplugin = \"json\"\npath = \"" + (out / "r.json").string() +
                              "\"\n\n[[sink]]\nplugin = \"csv_results\"\npath = \"" + out.path().string() +
                              "\"\n\n[[sink]]\nplugin = \"csv_results\"\nname = \"csv2\"\npath = \"" +
                              (out / "r.csv").string() + "\"\n";
    Run run("[run]\nthreads = " + std::string(threads) + "\n" + source_block + indicator("fine", "") + sinks, false);
    std::size_t seen_records = 0;
    std::string seen_run;
    run.outcome = run.engine->run(true, [&](const p2c::RunReport& report) {
      seen_records = report.records.size();
      seen_run = report.run_id;
    });
    CHECK(seen_records == run.outcome.report.records.size());
    CHECK(seen_run == run.outcome.report.run_id);
    // Written and failed in config order, whichever finished first; each sink's time, and all of them at once.
    CHECK(run.outcome.sinks_written == std::vector<std::string>{"json", "csv2"});
    REQUIRE(run.outcome.sink_failures.size() == 1);
    CHECK(run.outcome.sink_failures[0].instance == "csv_results");
    REQUIRE(run.outcome.sink_stages == 3);
    const auto& timings = run.outcome.timings;
    REQUIRE(timings.size() >= 3);
    CHECK(timings[timings.size() - 3].first == "sink json");
    CHECK(timings[timings.size() - 2].first == "sink csv_results");
    CHECK(timings[timings.size() - 1].first == "sink csv2");
    for (std::size_t i = timings.size() - 3; i < timings.size(); ++i)
      CHECK(timings[i].second <= run.outcome.outputs_seconds);
    CHECK_THAT(p2c::test::read_file(out / "r.csv"), Catch::Contains("fine.scaled"));
  }
}

TEST_CASE("a dry run writes nothing and runs nothing beside the sinks", "[engine][sink]") {
  p2c::test::TempDir out;
  Run run(std::string(source_block) + indicator("fine", "") + "\n[[sink]]\nplugin = \"json\"\npath = \"" +
              (out / "r.json").string() + "\"\n",
          false);
  run.outcome = run.engine->run(false);
  CHECK(run.outcome.sinks_written.empty());
  CHECK(run.outcome.sink_stages == 0);
  CHECK(run.outcome.outputs_seconds == 0);
  CHECK_FALSE(std::filesystem::exists(out / "r.json"));
}

TEST_CASE("the report lists records by metric, entity kind, entity code and year, whatever order they came in",
          "[engine]") {
  const std::filesystem::path reference = std::filesystem::path(P2C_SOURCE_DIR) / "config/reference";
  // Economies named out of code order, so that their ids are too; groups aggregated by the host and one written
  // by the indicator; two indicators, so that records of several metrics come from several places.
  const std::string toml = "[reference]\neconomies = \"" + (reference / "economies.csv").string() + "\"\ngroups = \"" +
                           (reference / "groups.csv").string() + "\"\nmemberships = \"" +
                           (reference / "memberships.csv").string() +
                           "\"\n\n[[source]]\nplugin = \"fixture_source\"\nname = \"src\"\nseries = "
                           "\"fixture.input\"\neconomies = [\"ZMB\", \"AGO\", \"TUV\", \"BTN\", \"KEN\"]\nyears = 6\n" +
                           indicator("second", "mode = \"group\"") + indicator("first", "");
  std::vector<std::string> orders;
  for (const char* threads : {"1", "2"}) {
    CAPTURE(threads);
    Run run("[run]\nthreads = " + std::string(threads) + "\n" + toml);
    INFO(run.failures());
    const auto& report = run.outcome.report;
    REQUIRE(report.records.size() > 60);
    CHECK(run.outcome.group_records > 0);
    using Key = std::tuple<std::uint32_t, int, std::string, std::int32_t>;
    std::vector<Key> keys;
    for (const auto& r : report.records)
      keys.emplace_back(r.metric, r.entity_kind == p2c::EntityKind::group, std::string(report.entity_code(r.entity)),
                        r.year);
    CHECK(std::is_sorted(keys.begin(), keys.end()));
    CHECK(std::adjacent_find(keys.begin(), keys.end()) == keys.end());
    std::string order;
    for (const auto& [metric, group, code, year] : keys)
      order += report.catalogue[metric].id + " " + code + " " + std::to_string(year) + "\n";
    orders.push_back(order);
  }
  CHECK(orders[0] == orders[1]);
}
