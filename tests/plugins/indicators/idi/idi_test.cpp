// The IDI plugin run through the host on ITU's published IDI 2024 data, checked against ITU's published scores.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "engine.h"
#include "engine_run.h"
#include "plain_csv.h"
#include "temp_dir.h"

using namespace p2c::host;

namespace {

const std::filesystem::path data = std::filesystem::path(P2C_SOURCE_DIR) / "config" / "data" / "itu";

const std::vector<std::string> indicators = {
    "internet_users", "households_internet", "mbb_subs",          "cov_3g",           "cov_4g",
    "mbb_traffic_gb", "fbb_traffic_gb",      "mobile_basket_gni", "fixed_basket_gni", "mobile_ownership"};

// The IDI 2024 goalposts as a TOML table, to change one of them in a test.
std::string goalposts_with(const std::string& name, double value) {
  std::map<std::string, double> goalposts = {
      {"internet_users", 95},  {"households_internet", 95}, {"mbb_subs", 150},         {"cov_3g", 100},
      {"cov_4g", 100},         {"mbb_traffic_gb", 500},     {"fbb_traffic_gb", 10000}, {"mobile_basket_gni", 1},
      {"fixed_basket_gni", 1}, {"mobile_ownership", 95}};
  goalposts[name] = value;
  std::string out = "{";
  for (const auto& [key, goalpost] : goalposts)
    out += (out.size() > 1 ? ", " : "") + key + " = " + std::to_string(goalpost);
  return out + "}";
}

using p2c::test::split_fields;

using Row = std::map<std::string, std::optional<double>>;

// iso3 -> column -> value of `columns`. The economy names before them may hold quoted commas, so the
// indicators file is read from the end of each line: ten values, then `estimated_flags`.
std::map<std::string, Row> read_indicators() {
  std::map<std::string, Row> out;
  std::ifstream in(data / "idi2024_indicators.csv");
  std::string line;
  std::getline(in, line);
  const auto header = split_fields(line);
  REQUIRE(header.size() == 15);
  REQUIRE(header[4] == "internet_users");
  REQUIRE(header[13] == "mobile_ownership");
  while (std::getline(in, line)) {
    const auto fields = split_fields(line);
    REQUIRE(fields.size() >= 15);
    Row& row = out[fields[0]];
    for (std::size_t i = 0; i < indicators.size(); ++i) {
      const std::string& field = fields[fields.size() - 11 + i];
      row[indicators[i]] = field.empty() ? std::nullopt : std::optional<double>(std::stod(field));
    }
  }
  return out;
}

// iso3 -> published column -> score, from ITU's Table 1 and Annex 2.
std::map<std::string, Row> read_published() {
  std::map<std::string, Row> out;
  std::ifstream in(data / "idi2024_published_scores.csv");
  std::string line;
  std::getline(in, line);
  const auto header = split_fields(line);
  REQUIRE(header.size() == 13);
  while (std::getline(in, line)) {
    const auto fields = split_fields(line);
    REQUIRE(fields.size() == header.size());
    for (std::size_t i = 1; i < header.size(); ++i)
      out[fields[0]][header[i]] = fields[i].empty() ? std::nullopt : std::optional<double>(std::stod(fields[i]));
  }
  return out;
}

// A csv_wide source reading the ten IDI columns of `path` as 2022 values, and the idi indicator.
std::string idi_config(const std::string& path, const std::string& indicator_options = "") {
  std::string columns;
  for (const auto& name : indicators)
    columns += (columns.empty() ? "" : ", ") + name + " = \"itu.idi." + name + "@2022\"";
  return "[[source]]\nplugin = \"csv_wide\"\nname = \"itu_idi\"\npath = \"" + path + "\"\ncolumns = {" + columns +
         "}\n\n[[indicator]]\nplugin = \"idi\"\n" + indicator_options;
}

// A csv_wide source reading ITU's published IDI, universal and meaningful scores of `path` (the layout of ITU's
// Table 1) as 2022 values, and the idi options naming them.
std::string published_source(const std::string& path) {
  return "[[source]]\nplugin = \"csv_wide\"\nname = \"itu_idi_scores\"\npath = \"" + path +
         "\"\ncolumns = { idi_2024 = \"itu.idi.published_score@2022\", universal_connectivity_2024 = "
         "\"itu.idi.published_universal@2022\", meaningful_connectivity_2024 = \"itu.idi.published_meaningful@2022\" "
         "}\n\n";
}
const std::string published_options =
    "published_score = \"itu.idi.published_score\"\npublished_universal = \"itu.idi.published_universal\"\n"
    "published_meaningful = \"itu.idi.published_meaningful\"\n";

struct IdiRun {
  p2c::test::TempDir dir;
  RunOutcome outcome;
  std::map<std::string, std::map<std::string, p2c::Record>> by_metric;  ///< metric id -> economy -> 2022 record

  explicit IdiRun(const std::string& toml) {
    outcome = p2c::test::run_config(dir, toml);
    for (const auto& r : outcome.report.records) {
      REQUIRE(r.year == 2022);
      by_metric[outcome.report.catalogue[r.metric].id][std::string(outcome.report.entity_code(r.entity))] = r;
    }
  }

  std::optional<double> value(const std::string& metric, const std::string& economy) const {
    const auto& records = by_metric.at("idi." + metric);
    const auto it = records.find(economy);
    REQUIRE(it != records.end());
    return it->second.value;
  }
  bool imputed(const std::string& metric, const std::string& economy) const {
    return (by_metric.at("idi." + metric).at(economy).flags & p2c::flag_imputed) != 0;
  }
  const std::string& reason(const std::string& metric, const std::string& economy) const {
    return by_metric.at("idi." + metric).at(economy).reason;
  }
};

// A one-economy table in the layout of the ITU file.
std::string one_economy_csv(const std::string& values) {
  return "iso3,economy,internet_users,households_internet,mbb_subs,cov_3g,cov_4g,mbb_traffic_gb,fbb_traffic_gb,"
         "mobile_basket_gni,fixed_basket_gni,mobile_ownership\nXXX,Example," +
         values + "\n";
}

const std::string worked_example = "87.4,89.3,105.7,99.2,98.5,123.3,2908.6,1.0,1.4,93.8";

// The method written out again, from the README, so that the check does not share code with what it checks.
double rescaled(const std::string& name, double value) {
  double threshold = 0, goalpost = 100;
  if (name == "internet_users" || name == "households_internet" || name == "mobile_ownership") goalpost = 95;
  if (name == "mbb_subs") goalpost = 150;
  if (name == "mbb_traffic_gb") goalpost = 500;
  if (name == "fbb_traffic_gb") goalpost = 10000;
  if (name == "mobile_basket_gni") threshold = 21.33, goalpost = 1;
  if (name == "fixed_basket_gni") threshold = 33.30, goalpost = 1;
  if (name == "mbb_traffic_gb" || name == "fbb_traffic_gb") {
    value = std::log(value + 1), threshold = std::log(threshold + 1), goalpost = std::log(goalpost + 1);
  }
  return std::clamp((value - threshold) / (goalpost - threshold) * 100, 0.0, 100.0);
}

// Published component score columns and the inputs they come from.
const std::map<std::string, std::vector<std::string>> components = {{"s_internet_users", {"internet_users"}},
                                                                    {"s_households_internet", {"households_internet"}},
                                                                    {"s_mbb_subs", {"mbb_subs"}},
                                                                    {"s_coverage", {"cov_3g", "cov_4g"}},
                                                                    {"s_mbb_traffic", {"mbb_traffic_gb"}},
                                                                    {"s_fbb_traffic", {"fbb_traffic_gb"}},
                                                                    {"s_mobile_basket", {"mobile_basket_gni"}},
                                                                    {"s_fixed_basket", {"fixed_basket_gni"}},
                                                                    {"s_mobile_ownership", {"mobile_ownership"}}};

// The component score with every input moved by `shift` (in the direction that lowers or raises the score).
double component_at(const std::string& column, const Row& row, double shift) {
  auto score = [&](const std::string& name) {
    const double value = *row.at(name);
    const double a = rescaled(name, value - shift), b = rescaled(name, value + shift);
    return shift < 0 ? std::min(a, b) : std::max(a, b);
  };
  if (column == "s_coverage") return 0.4 * score("cov_3g") + 0.6 * score("cov_4g");
  return score(components.at(column).front());
}

bool has_all(const Row& row, const std::vector<std::string>& names) {
  return std::all_of(names.begin(), names.end(), [&](const std::string& name) { return row.at(name).has_value(); });
}

const std::vector<std::string> universal_inputs = {"internet_users", "households_internet", "mbb_subs"};
const std::vector<std::string> meaningful_inputs = {
    "cov_3g",           "cov_4g",          "mbb_traffic_gb", "fbb_traffic_gb", "mobile_basket_gni",
    "fixed_basket_gni", "mobile_ownership"};

}  // namespace

TEST_CASE("IDI 2024 reproduces ITU's published scores for every economy with all ten values", "[idi][real-data]") {
  const auto values = read_indicators();
  const auto published = read_published();
  REQUIRE(values.size() == 170);
  REQUIRE(published.size() == 101);

  IdiRun run(idi_config((data / "idi2024_indicators.csv").string()));
  REQUIRE(run.outcome.report.failures.empty());
  REQUIRE(run.outcome.rejected_rows == 0);

  // Expected counts, from the files alone.
  std::size_t expected_index = 0, expected_universal = 0, expected_meaningful = 0;
  for (const auto& [code, scores] : published) {
    REQUIRE(values.count(code) == 1);
    const Row& row = values.at(code);
    if (has_all(row, indicators) && scores.at("idi") && scores.at("universal") && scores.at("meaningful"))
      ++expected_index;
    if (has_all(row, universal_inputs) && scores.at("universal")) ++expected_universal;
    if (has_all(row, meaningful_inputs) && scores.at("meaningful")) ++expected_meaningful;
  }

  std::size_t index_checked = 0, universal_checked = 0, meaningful_checked = 0;
  double max_deviation = 0;
  auto check = [&](const std::string& metric, const std::string& code, double expected) {
    const auto computed = run.value(metric, code);
    INFO(code << " " << metric << ": published " << expected);
    REQUIRE(computed);
    const double deviation = std::abs(*computed - expected);
    max_deviation = std::max(max_deviation, deviation);
    CHECK(deviation <= 0.1);
  };
  for (const auto& [code, scores] : published) {
    const Row& row = values.at(code);
    if (has_all(row, indicators) && scores.at("idi") && scores.at("universal") && scores.at("meaningful")) {
      check("score", code, *scores.at("idi"));
      ++index_checked;
    }
    // A pillar whose inputs are all published is reproducible even where the other pillar is not.
    if (has_all(row, universal_inputs) && scores.at("universal")) {
      check("universal", code, *scores.at("universal"));
      ++universal_checked;
    }
    if (has_all(row, meaningful_inputs) && scores.at("meaningful")) {
      check("meaningful", code, *scores.at("meaningful"));
      ++meaningful_checked;
    }
  }
  // Of the 101 economies in the published file only 40 have all ten values published; ITU imputed the rest.
  CHECK(index_checked == expected_index);
  CHECK(index_checked >= 40);
  CHECK(universal_checked == expected_universal);
  CHECK(universal_checked >= 85);
  CHECK(meaningful_checked == expected_meaningful);
  CHECK(meaningful_checked >= 40);
  CHECK(max_deviation <= 0.1);
  WARN("IDI 2024 reproduced: index " << index_checked << ", universal " << universal_checked << ", meaningful "
                                     << meaningful_checked << " economies; max deviation " << max_deviation);
}

TEST_CASE("IDI 2024 component scores match the published ones within the rounding of the printed inputs",
          "[idi][real-data]") {
  const auto values = read_indicators();
  const auto published = read_published();
  IdiRun run(idi_config((data / "idi2024_indicators.csv").string()));
  REQUIRE(run.outcome.report.failures.empty());

  // Inputs are printed to one decimal (+-0.05) and scores too (+-0.05): a traffic of 0.3 GB moves its
  // log-scaled score by 0.6 point within that rounding, so each score is checked against the interval it implies.
  std::size_t checked = 0;
  for (const auto& [code, scores] : published) {
    const Row& row = values.at(code);
    for (const auto& [column, inputs] : components) {
      const auto computed = run.value(column, code);
      if (!has_all(row, inputs)) {
        CHECK_FALSE(computed);
        continue;
      }
      REQUIRE(computed);
      CHECK(*computed == Approx(component_at(column, row, 0)).margin(1e-9));
      if (!scores.at(column)) continue;
      INFO(code << " " << column << ": published " << *scores.at(column) << ", computed " << *computed);
      CHECK(*scores.at(column) >= component_at(column, row, -0.05) - 0.05 - 1e-9);
      CHECK(*scores.at(column) <= component_at(column, row, 0.05) + 0.05 + 1e-9);
      ++checked;
    }
  }
  CHECK(checked >= 800);
}

TEST_CASE("an economy missing an input gets a reason and no pillar or index, never a guess", "[idi][real-data]") {
  // Afghanistan: ITU printed n.a. for Internet users, households, fixed traffic and mobile ownership.
  IdiRun run(idi_config((data / "idi2024_indicators.csv").string()));
  REQUIRE(run.outcome.report.failures.empty());
  CHECK_FALSE(run.value("score", "AFG"));
  CHECK(run.reason("score", "AFG") ==
        "no value for internet_users, households_internet, fbb_traffic_gb, mobile_ownership (ITU imputes them, "
        "unpublished)");
  CHECK_FALSE(run.value("universal", "AFG"));
  CHECK_FALSE(run.value("meaningful", "AFG"));
  CHECK(run.reason("meaningful", "AFG") ==
        "no value for fbb_traffic_gb, mobile_ownership (ITU imputes them, unpublished)");
  CHECK(run.reason("s_mobile_ownership", "AFG") == "no value for mobile_ownership (ITU imputes it, unpublished)");
  // What can be computed still is: ITU's published 37.0 and 38.8.
  CHECK(*run.value("s_mbb_subs", "AFG") == Approx(37.0).margin(0.05));
  CHECK(*run.value("s_coverage", "AFG") == Approx(38.8).margin(0.05));

  // Every economy either has all ten values and an index, or a reason and none.
  const auto values = read_indicators();
  std::size_t with_index = 0;
  for (const auto& [code, row] : values) {
    const auto& record = run.by_metric.at("idi.score").at(code);
    if (has_all(row, indicators)) {
      CHECK(record.value);
      ++with_index;
    } else {
      CHECK_FALSE(record.value);
      CHECK_THAT(record.reason, Catch::StartsWith("no value for "));
    }
  }
  CHECK(with_index == 109);  // as the data README says
}

TEST_CASE("the report's worked example", "[idi]") {
  p2c::test::TempDir data_dir;
  const auto csv = data_dir.write("example.csv", one_economy_csv(worked_example));
  IdiRun run(idi_config(csv.string()));
  REQUIRE(run.outcome.report.failures.empty());
  // ITU: universal 85.5, meaningful 93.4, IDI 89.5 (the mean of the two rounded pillars; unrounded 89.45).
  CHECK(*run.value("universal", "XXX") == Approx(85.5).margin(0.05));
  CHECK(*run.value("meaningful", "XXX") == Approx(93.4).margin(0.05));
  CHECK(*run.value("score", "XXX") == Approx(89.5).margin(0.1));
  CHECK(*run.value("score", "XXX") ==
        Approx((*run.value("universal", "XXX") + *run.value("meaningful", "XXX")) / 2).margin(1e-12));
  CHECK(*run.value("s_fbb_traffic", "XXX") == Approx(std::log(2909.6) / std::log(10001.0) * 100).margin(1e-9));
  CHECK(*run.value("s_mbb_traffic", "XXX") == Approx(std::log(124.3) / std::log(501.0) * 100).margin(1e-9));
  CHECK(*run.value("s_mobile_basket", "XXX") == 100.0);  // at the goalpost
  CHECK(*run.value("s_mbb_subs", "XXX") == Approx(105.7 / 150 * 100).margin(1e-9));
  CHECK(*run.value("s_coverage", "XXX") == Approx(0.4 * 99.2 + 0.6 * 98.5).margin(1e-9));

  // The catalogue: twelve metrics, group values are simple means, no 2030 target.
  const auto& catalogue = run.outcome.report.catalogue;
  CHECK(catalogue.size() == 12);
  for (const auto& entry : catalogue) {
    CHECK(entry.info.unit == "score (0-100)");
    CHECK(entry.info.aggregation == p2c::Aggregation::mean);
    CHECK_FALSE(entry.info.target);
  }
}

TEST_CASE("an input missing in a one-economy table names the indicator", "[idi]") {
  p2c::test::TempDir data_dir;
  const auto csv = data_dir.write("example.csv", one_economy_csv("87.4,,105.7,99.2,98.5,123.3,2908.6,1.0,1.4,93.8"));
  IdiRun run(idi_config(csv.string()));
  REQUIRE(run.outcome.report.failures.empty());
  const std::string reason = "no value for households_internet (ITU imputes it, unpublished)";
  CHECK_FALSE(run.value("s_households_internet", "XXX"));
  CHECK(run.reason("s_households_internet", "XXX") == reason);
  CHECK_FALSE(run.value("universal", "XXX"));
  CHECK(run.reason("universal", "XXX") == reason);
  CHECK_FALSE(run.value("score", "XXX"));
  CHECK(run.reason("score", "XXX") == reason);
  CHECK(*run.value("meaningful", "XXX") == Approx(93.4).margin(0.05));
  CHECK(*run.value("s_internet_users", "XXX") == Approx(87.4 / 95 * 100).margin(1e-9));
}

TEST_CASE("the method is configuration: a changed goalpost or weight changes the result", "[idi]") {
  p2c::test::TempDir data_dir;
  const auto csv = data_dir.write("example.csv", one_economy_csv(worked_example));
  IdiRun base(idi_config(csv.string()));
  IdiRun changed(idi_config(csv.string(), "goalposts = " + goalposts_with("mbb_subs", 120) + "\n"));
  REQUIRE(changed.outcome.report.failures.empty());
  CHECK(*base.value("s_mbb_subs", "XXX") == Approx(105.7 / 150 * 100).margin(1e-9));
  CHECK(*changed.value("s_mbb_subs", "XXX") == Approx(105.7 / 120 * 100).margin(1e-9));
  const double universal_change = (105.7 / 120 - 105.7 / 150) * 100 / 3;
  CHECK(*changed.value("universal", "XXX") == Approx(*base.value("universal", "XXX") + universal_change).margin(1e-9));
  CHECK(*changed.value("score", "XXX") == Approx(*base.value("score", "XXX") + universal_change / 2).margin(1e-9));
  CHECK(*changed.value("meaningful", "XXX") == *base.value("meaningful", "XXX"));

  // The report's Table 2 prints 37.4 as the fixed-basket threshold; configured, it moves the fixed basket score.
  IdiRun table2(idi_config(csv.string(),
                           "thresholds = {internet_users = 0, households_internet = 0, mbb_subs = 0, cov_3g = 0, "
                           "cov_4g = 0, mbb_traffic_gb = 0, fbb_traffic_gb = 0, mobile_basket_gni = 21.33, "
                           "fixed_basket_gni = 37.4, mobile_ownership = 0}\n"));
  REQUIRE(table2.outcome.report.failures.empty());
  CHECK(*table2.value("s_fixed_basket", "XXX") == Approx((37.4 - 1.4) / (37.4 - 1) * 100).margin(1e-9));

  // Coverage by 4G alone, and traffic without the log scale.
  IdiRun other(idi_config(csv.string(), "coverage_weights = {cov_4g = 1}\nlog_scale = [\"mbb_traffic_gb\"]\n"));
  REQUIRE(other.outcome.report.failures.empty());
  CHECK(*other.value("s_coverage", "XXX") == Approx(98.5).margin(1e-9));
  CHECK(*other.value("s_fbb_traffic", "XXX") == Approx(29.086).margin(1e-9));
}

TEST_CASE("bad method options fail the instance with the option and what is wrong", "[idi]") {
  p2c::test::TempDir data_dir;
  const auto csv = data_dir.write("example.csv", one_economy_csv(worked_example));
  auto failure_of = [&](const std::string& options) {
    p2c::test::TempDir dir;
    const Config config = load_config(dir.write("p2c.toml", idi_config(csv.string(), options)));
    Registry registry;
    registry.scan(P2C_PLUGIN_DIR);
    Engine engine(config, registry);
    engine.prepare();
    std::string messages;
    for (const auto& failure : engine.failures()) {
      CHECK(failure.instance == "idi");
      messages += failure.message + "\n";
    }
    return messages;
  };

  CHECK_THAT(failure_of("coverage_weights = {cov_3g = 0.5, cov_4g = 0.6}\n"),
             Catch::Contains("option 'coverage_weights': the weights sum to 1.1, not 1"));
  CHECK_THAT(failure_of("coverage_weights = {cov_3g = 0.4, mbb_subs = 0.6}\n"),
             Catch::Contains("option 'coverage_weights' names 'mbb_subs', which is not a coverage indicator"));

  std::string goalposts = goalposts_with("mbb_subs", 150);
  goalposts.erase(goalposts.find("fbb_traffic_gb"),
                  goalposts.find("fixed_basket_gni") - goalposts.find("fbb_traffic_gb"));
  CHECK_THAT(failure_of("goalposts = " + goalposts + "\n"),
             Catch::Contains("option 'goalposts' has no value for fbb_traffic_gb; give one for each of the ten"));
  CHECK_THAT(failure_of("thresholds = {internet_users = 0}\n"),
             Catch::Contains("option 'thresholds' has no value for households_internet, mbb_subs,"));
  CHECK_THAT(failure_of("goalposts = " + goalposts_with("mbb_sub", 150) + "\n"),
             Catch::Contains("option 'goalposts' names 'mbb_sub', which is not an IDI indicator"));
  CHECK_THAT(failure_of("goalposts = " + goalposts_with("cov_4g", 0) + "\n"),
             Catch::Contains("the goalpost of 'cov_4g' equals its threshold (0)"));
  CHECK_THAT(failure_of("log_scale = [\"traffic\"]\n"),
             Catch::Contains("option 'log_scale' names 'traffic', which is not an IDI indicator"));
  CHECK(failure_of("").empty());
}

TEST_CASE("an economy p2c cannot score gets ITU's published score, flagged imputed", "[idi][real-data]") {
  const auto values = read_indicators();
  const auto published = read_published();
  IdiRun run(published_source((data / "idi2024_table1.csv").string()) +
             idi_config((data / "idi2024_indicators.csv").string(), published_options));
  REQUIRE(run.outcome.report.failures.empty());
  REQUIRE(run.outcome.rejected_rows == 0);

  // Afghanistan: ITU imputed four inputs it does not publish; Table 1 gives IDI 33.1, universal 27.5, meaningful 38.6.
  CHECK(*run.value("score", "AFG") == 33.1);
  CHECK(run.imputed("score", "AFG"));
  CHECK(*run.value("universal", "AFG") == 27.5);
  CHECK(run.imputed("universal", "AFG"));
  CHECK(*run.value("meaningful", "AFG") == 38.6);
  CHECK(run.imputed("meaningful", "AFG"));
  // Indicator scores are not published for every economy: those without inputs stay without value.
  CHECK_FALSE(run.value("s_mobile_ownership", "AFG"));
  CHECK(*run.value("s_mbb_subs", "AFG") == Approx(37.0).margin(0.05));
  CHECK_FALSE(run.imputed("s_mbb_subs", "AFG"));

  // Argentina: the universal pillar is computed here, the meaningful pillar and the index are ITU's.
  CHECK_FALSE(run.imputed("universal", "ARG"));
  CHECK(*run.value("universal", "ARG") == Approx(79.5).margin(0.1));
  CHECK(run.imputed("meaningful", "ARG"));
  CHECK(*run.value("meaningful", "ARG") == 87.3);
  CHECK(run.imputed("score", "ARG"));
  CHECK(*run.value("score", "ARG") == 83.4);

  // Every economy has a score: its own where all ten inputs are published, ITU's otherwise.
  std::size_t own = 0, itu = 0;
  for (const auto& [code, row] : values) {
    INFO(code);
    REQUIRE(run.value("score", code));
    if (has_all(row, indicators)) {
      CHECK_FALSE(run.imputed("score", code));
      ++own;
    } else {
      CHECK(run.imputed("score", code));
      ++itu;
    }
  }
  CHECK(own == 109);
  CHECK(itu == 61);
  // Where a score is computed, it is still the plugin's own, within 0.1 of ITU's (Kuwait: 100.0).
  CHECK_FALSE(run.imputed("score", "KWT"));
  CHECK(*run.value("score", "KWT") == Approx(100.0).margin(0.1));
  CHECK_FALSE(run.imputed("score", "ALB"));
  CHECK(*run.value("score", "ALB") == Approx(*published.at("ALB").at("idi")).margin(0.1));
}

TEST_CASE("ITU's published score stands in only for inputs ITU did not publish", "[idi]") {
  p2c::test::TempDir data_dir;
  const std::string scores_header = "iso3,economy,idi_2024,universal_connectivity_2024,meaningful_connectivity_2024\n";

  SECTION("a missing input: ITU's pillar and index, flagged; the other pillar computed") {
    const auto csv = data_dir.write("example.csv", one_economy_csv("87.4,,105.7,99.2,98.5,123.3,2908.6,1.0,1.4,93.8"));
    const auto scores = data_dir.write("scores.csv", scores_header + "XXX,Example,88.0,82.6,93.4\n");
    IdiRun run(published_source(scores.string()) + idi_config(csv.string(), published_options));
    REQUIRE(run.outcome.report.failures.empty());
    CHECK(*run.value("universal", "XXX") == 82.6);
    CHECK(run.imputed("universal", "XXX"));
    CHECK(*run.value("score", "XXX") == 88.0);
    CHECK(run.imputed("score", "XXX"));
    CHECK(*run.value("meaningful", "XXX") == Approx(93.4).margin(0.05));  // computed, not ITU's printed 93.4
    CHECK_FALSE(run.imputed("meaningful", "XXX"));
    CHECK_FALSE(run.value("s_households_internet", "XXX"));
  }
  SECTION("all inputs present: the plugin's own values, whatever ITU printed") {
    const auto csv = data_dir.write("example.csv", one_economy_csv(worked_example));
    const auto scores = data_dir.write("scores.csv", scores_header + "XXX,Example,1.0,2.0,3.0\n");
    IdiRun run(published_source(scores.string()) + idi_config(csv.string(), published_options));
    REQUIRE(run.outcome.report.failures.empty());
    CHECK(*run.value("score", "XXX") == Approx(89.5).margin(0.1));
    CHECK_FALSE(run.imputed("score", "XXX"));
    CHECK(*run.value("universal", "XXX") == Approx(85.5).margin(0.05));
  }
  SECTION("an input present but unusable is shown, not covered with ITU's score") {
    const auto csv = data_dir.write("example.csv", one_economy_csv("87.4,89.3,105.7,99.2,98.5,123.3,-5,1.0,1.4,93.8"));
    const auto scores = data_dir.write("scores.csv", scores_header + "XXX,Example,88.0,85.5,90.0\n");
    IdiRun run(published_source(scores.string()) + idi_config(csv.string(), published_options));
    REQUIRE(run.outcome.report.failures.empty());
    CHECK_FALSE(run.value("meaningful", "XXX"));
    CHECK_THAT(run.reason("meaningful", "XXX"), Catch::Contains("the value -5 of fbb_traffic_gb cannot be rescaled"));
    CHECK_FALSE(run.value("score", "XXX"));
    CHECK(*run.value("universal", "XXX") == Approx(85.5).margin(0.05));
  }
  SECTION("no published score for the economy: no value, the reason as without the option") {
    const auto csv = data_dir.write("example.csv", one_economy_csv("87.4,,105.7,99.2,98.5,123.3,2908.6,1.0,1.4,93.8"));
    const auto scores = data_dir.write("scores.csv", scores_header + "YYY,Other,50.0,50.0,50.0\n");
    IdiRun run(published_source(scores.string()) + idi_config(csv.string(), published_options));
    REQUIRE(run.outcome.report.failures.empty());
    CHECK_FALSE(run.value("score", "XXX"));
    CHECK(run.reason("score", "XXX") == "no value for households_internet (ITU imputes it, unpublished)");
    // An economy with a published score and no input at all still gets ITU's score.
    CHECK(*run.value("score", "YYY") == 50.0);
    CHECK(run.imputed("score", "YYY"));
  }
  SECTION("two different published values: neither is used, and the reason says so") {
    const auto csv = data_dir.write("example.csv", one_economy_csv("87.4,,105.7,99.2,98.5,123.3,2908.6,1.0,1.4,93.8"));
    const auto scores =
        data_dir.write("scores.csv", scores_header + "XXX,Example,88.0,82.6,93.4\nXXX,Example,87.0,82.6,93.4\n");
    IdiRun run(published_source(scores.string()) + idi_config(csv.string(), published_options));
    CHECK_FALSE(run.value("score", "XXX"));
    CHECK_THAT(run.reason("score", "XXX"),
               Catch::Contains("two different values for ITU's published score in 'itu.idi.published_score'"));
    CHECK(*run.value("universal", "XXX") == 82.6);  // the two rows agree on it
  }
  SECTION("only some published series configured") {
    const auto csv = data_dir.write("example.csv", one_economy_csv("87.4,,105.7,99.2,98.5,123.3,2908.6,1.0,1.4,93.8"));
    const auto scores = data_dir.write("scores.csv", scores_header + "XXX,Example,88.0,82.6,93.4\n");
    IdiRun run(published_source(scores.string()) +
               idi_config(csv.string(), "published_score = \"itu.idi.published_score\"\n"));
    REQUIRE(run.outcome.report.failures.empty());
    CHECK(*run.value("score", "XXX") == 88.0);
    CHECK_FALSE(run.value("universal", "XXX"));
  }
}

TEST_CASE("a published-score option naming an input series fails the instance", "[idi]") {
  p2c::test::TempDir dir;
  const auto csv = dir.write("example.csv", one_economy_csv(worked_example));
  const Config config =
      load_config(dir.write("p2c.toml", idi_config(csv.string(), "published_score = \"itu.idi.mbb_subs\"\n")));
  Registry registry;
  registry.scan(P2C_PLUGIN_DIR);
  Engine engine(config, registry);
  engine.prepare();
  REQUIRE(engine.failures().size() == 1);
  CHECK_THAT(engine.failures()[0].message,
             Catch::Contains("option 'published_score': the series 'itu.idi.mbb_subs' is already an input"));
}
