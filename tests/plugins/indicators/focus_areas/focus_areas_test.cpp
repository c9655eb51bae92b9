// The Partner2Connect focus-area plugins (access, adoption, value_creation, investment, umc) run through the host on
// the bundled real data, with the SDG plugins whose metrics they consume, and are checked against an independent
// reading of the same files: plain std::getline parsing, no SDK code.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "engine.h"
#include "engine_run.h"
#include "plain_csv.h"
#include "temp_dir.h"

using namespace p2c::host;

namespace {

const std::filesystem::path root = P2C_SOURCE_DIR;
const std::filesystem::path data = root / "config" / "data";
const std::filesystem::path wdi = data / "worldbank-wdi";
const std::filesystem::path un_sdg = data / "un-sdg";
const std::filesystem::path reference = root / "config" / "reference";
const std::filesystem::path baskets_csv = data / "itu" / "itu_affordability_latest.csv";

const std::string g2_file = "ddf--datapoints--it_mob_2gntwk--by--geo_area--nature--units--year.csv";
const std::string g3_file = "ddf--datapoints--it_mob_3gntwk--by--geo_area--nature--units--year.csv";
const std::string g4_file = "ddf--datapoints--it_mob_4gntwk--by--geo_area--nature--units--year.csv";
const std::string own_file = "ddf--datapoints--it_mob_own--by--geo_area--nature--sex--units--year.csv";
const std::string bbp_file = "ddf--datapoints--it_net_bbp--by--geo_area--nature--type_of_speed--units--year.csv";

using Key = std::pair<std::string, int>;  // ISO3, year
using Values = std::map<Key, double>;
using Records = std::map<Key, p2c::Record>;
using Row = std::map<std::string, std::string>;

using p2c::test::split_quoted;

// The rows of a CSV file, each a map from column name to field.
std::vector<Row> read_rows(const std::filesystem::path& file) {
  std::ifstream in(file);
  REQUIRE(in);
  std::string line;
  std::getline(in, line);
  if (line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
  const auto header = split_quoted(line);
  std::vector<Row> rows;
  while (std::getline(in, line)) {
    if (line.empty() || line == "\r") continue;
    const auto fields = split_quoted(line);
    REQUIRE(fields.size() == header.size());
    Row row;
    for (std::size_t i = 0; i < header.size(); ++i) row[header[i]] = fields[i];
    rows.push_back(std::move(row));
  }
  return rows;
}

const std::vector<Row>& economy_rows() {
  static const std::vector<Row> rows = read_rows(reference / "economies.csv");
  return rows;
}

// ISO3 codes of the reference economies: what the host keeps of a series (aggregates such as WLD are dropped).
const std::set<std::string>& economies() {
  static const std::set<std::string> codes = [] {
    std::set<std::string> out;
    for (const Row& row : economy_rows()) out.insert(row.at("iso3"));
    return out;
  }();
  return codes;
}

const std::map<int, std::string>& m49_to_iso3() {
  static const std::map<int, std::string> map = [] {
    std::map<int, std::string> out;
    for (const Row& row : economy_rows())
      if (!row.at("m49").empty()) out[std::stoi(row.at("m49"))] = row.at("iso3");
    return out;
  }();
  return map;
}

// A World Bank WDI file (`Country Name,Country Code,Year,Value`): the values of economies.
Values read_wdi(const std::string& file) {
  Values out;
  for (const Row& row : read_rows(wdi / file)) {
    if (row.at("Value").empty() || economies().count(row.at("Country Code")) == 0) continue;
    out[{row.at("Country Code"), std::stoi(row.at("Year"))}] = std::stod(row.at("Value"));
  }
  return out;
}

// Internet users (`geo,time,internet_users`, lower-case codes).
Values read_internet_users() {
  Values out;
  for (const Row& row : read_rows(wdi / "internet_users_gapminder.csv")) {
    std::string code = row.at("geo");
    for (char& c : code) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (row.at("internet_users").empty() || economies().count(code) == 0) continue;
    out[{code, std::stoi(row.at("time"))}] = std::stod(row.at("internet_users"));
  }
  return out;
}

// A UN SDG DDF file: the rows whose columns equal `where`, by ISO3 (M49 mapped) and year; value in the last column.
Values read_ddf(const std::string& file, const std::string& column, const std::map<std::string, std::string>& where) {
  Values out;
  for (const Row& row : read_rows(un_sdg / file)) {
    bool match = true;
    for (const auto& [name, value] : where) match = match && row.at(name) == value;
    const auto economy = m49_to_iso3().find(std::stoi(row.at("geo_area")));
    if (!match || economy == m49_to_iso3().end() || row.at(column).empty()) continue;
    out[{economy->second, std::stoi(row.at("year"))}] = std::stod(row.at(column));
  }
  return out;
}

// One column of the ITU price baskets table, as the values of `year`.
Values read_basket(const std::string& column, int year) {
  Values out;
  for (const Row& row : read_rows(baskets_csv))
    if (!row.at(column).empty() && economies().count(row.at("iso3")) == 1)
      out[{row.at("iso3"), year}] = std::stod(row.at(column));
  return out;
}

Values merged(const Values& a, const Values& b) {
  Values out = a;
  out.insert(b.begin(), b.end());
  return out;
}

// Members of `group` in `year`, from the memberships table (inclusive years, empty = open-ended).
std::set<std::string> members(const std::string& group, int year) {
  std::set<std::string> out;
  for (const Row& row : read_rows(reference / "memberships.csv")) {
    if (row.at("group") != group) continue;
    if (!row.at("from_year").empty() && std::stoi(row.at("from_year")) > year) continue;
    if (!row.at("to_year").empty() && std::stoi(row.at("to_year")) < year) continue;
    out.insert(row.at("iso3"));
  }
  return out;
}

// The UMC score and band by hand: value / target (target / value when lower is better) x 100, capped at 100; bands
// from 0, 50, 75, 95.
double umc_score(double value, double target, bool lower_is_better) {
  return std::min(100.0, lower_is_better ? target * 100 / value : value * 100 / target);
}
double umc_band(double score) { return score >= 95 ? 4 : score >= 75 ? 3 : score >= 50 ? 2 : 1; }

// ---- configuration, with absolute paths

std::string csv_source(const std::string& name, const std::string& series, const std::filesystem::path& path,
                       const std::string& extra) {
  return "[[source]]\nplugin = \"csv\"\nname = \"" + name + "\"\nseries = \"" + series + "\"\npath = \"" +
         path.string() + "\"\n" + extra + "\n";
}

std::string ddf_source(const std::string& name, const std::string& file, const std::string& extra) {
  return csv_source(name, "unsdg." + name, un_sdg / file,
                    "economy_column = \"geo_area\"\nyear_column = \"year\"\nvalue_column = \"" + name +
                        "\"\ncode_map = \"" + (reference / "economies.csv").string() + "\"\n" + extra);
}

/// The bundled sources and indicators, as config/p2c.toml declares them. `extra[plugin]` is appended to that
/// plugin's [[indicator]] table; `own_extra` replaces the ownership source's dimension option.
std::string bundled_config(const std::map<std::string, std::string>& extra = {},
                           const std::string& own_dimensions = "dimensions = [\"sex\"]") {
  std::string toml = "[reference]\neconomies = \"" + (reference / "economies.csv").string() + "\"\ngroups = \"" +
                     (reference / "groups.csv").string() + "\"\nmemberships = \"" +
                     (reference / "memberships.csv").string() + "\"\npopulation = \"wb.population\"\n\n";
  toml +=
      csv_source("internet_users", "itu.internet_users", wdi / "internet_users_gapminder.csv",
                 "economy_column = \"geo\"\nyear_column = \"time\"\nvalue_column = \"internet_users\"\nunit = \"%\"");
  toml += csv_source("population", "wb.population", wdi / "sp.pop.totl.csv", "unit = \"people\"");
  const std::string percent = "unit = \"%\"\nfilter = { nature = \"notspec\", units = \"percent\" }";
  toml += ddf_source("it_mob_2gntwk", g2_file, percent);
  toml += ddf_source("it_mob_3gntwk", g3_file, percent);
  toml += ddf_source("it_mob_4gntwk", g4_file, percent);
  toml += ddf_source("it_mob_own", own_file, percent + "\n" + own_dimensions);
  toml += ddf_source("it_net_bbp", bbp_file,
                     "unit = \"per 100 people\"\nfilter = { nature = \"notspec\", units = \"per_100_pop\" }\n"
                     "dimensions = [\"type_of_speed\"]");
  toml += "[[source]]\nplugin = \"csv_wide\"\nname = \"itu_price_baskets\"\npath = \"" + baskets_csv.string() +
          "\"\ncolumns = { mbb_2gb_pct_gni_2024 = \"itu.mbb_2gb_basket@2024\", mbb_2gb_pct_gni_2025_exp = "
          "\"itu.mbb_2gb_basket@2025\", fbb_5gb_pct_gni_2024 = \"itu.fbb_5gb_basket@2024\", fbb_5gb_pct_gni_2025 = "
          "\"itu.fbb_5gb_basket@2025\" }\n\n";
  toml += csv_source("mobile_subscriptions", "wb.mobile_subscriptions", wdi / "it.cel.sets.p2.csv", "");
  toml += csv_source("electricity_access", "wb.electricity_access", wdi / "eg.elc.accs.zs.csv", "");
  toml += csv_source("secure_servers", "wb.secure_servers", wdi / "it.net.secr.p6.csv", "");
  toml += csv_source("telecom_investment", "wb.telecom_investment", wdi / "ie.ppi.tele.cd.csv", "");
  for (const char* plugin :
       {"sdg_17_8", "sdg_9_c", "sdg_5_b", "sdg_17_6", "access", "adoption", "value_creation", "investment", "umc"}) {
    toml += std::string("[[indicator]]\nplugin = \"") + plugin + "\"\n";
    if (const auto it = extra.find(plugin); it != extra.end()) toml += it->second + "\n";
    toml += "\n";
  }
  return toml;
}

using Run = p2c::test::IndicatorRun;

const Run& bundled() {
  static const Run run(bundled_config());
  return run;
}

using p2c::test::at;
using p2c::test::metric;

// Every value of `expected` is the metric's value, and the metric has no other record.
void check_equal(const Run& run, const std::string& id, const Values& expected) {
  const Records& records = metric(run, id);
  CHECK(records.size() == expected.size());
  for (const auto& [key, value] : expected) {
    INFO(id << " " << key.first << " " << key.second);
    REQUIRE(records.count(key) == 1);
    CHECK(records.at(key).value == value);
  }
}

}  // namespace

TEST_CASE("the bundled run has no failures and no rejected rows", "[focus_areas][real-data]") {
  const Run& run = bundled();
  for (const auto& failure : run.outcome.report.failures) UNSCOPED_INFO(failure.instance << ": " << failure.message);
  CHECK(run.outcome.report.failures.empty());
  CHECK(run.outcome.rejected_rows == 0);
}

TEST_CASE("the catalogue carries focus area, WSIS lines, SDG indicators, target and aggregation",
          "[focus_areas][real-data]") {
  using p2c::Aggregation;
  using p2c::Direction;
  using p2c::FocusArea;
  struct Expected {
    std::string id;
    FocusArea focus;
    std::vector<std::string> wsis;
    std::vector<std::string> sdg;
    Direction direction;
    std::optional<double> target;
    Aggregation aggregation;
    std::string unit;
  };
  const Expected expected[] = {
      {"access.mobile_broadband_price",
       FocusArea::access,
       {"C2"},
       {},
       Direction::lower_is_better,
       2.0,
       Aggregation::share_meeting_target,
       "% of GNI per capita"},
      {"access.fixed_broadband_price",
       FocusArea::access,
       {"C2"},
       {},
       Direction::lower_is_better,
       2.0,
       Aggregation::share_meeting_target,
       "% of GNI per capita"},
      {"access.mobile_subscriptions",
       FocusArea::access,
       {"C2"},
       {},
       Direction::higher_is_better,
       std::nullopt,
       Aggregation::population_weighted_mean,
       "per 100 people"},
      {"access.electricity_access",
       FocusArea::access,
       {"C2"},
       {"7.1.1"},
       Direction::higher_is_better,
       100.0,
       Aggregation::population_weighted_mean,
       "%"},
      {"adoption.ownership_gender_gap",
       FocusArea::adoption,
       {"C3", "C4"},
       {"5.b.1"},
       Direction::lower_is_better,
       0.0,
       Aggregation::mean,
       "pp"},
      {"adoption.usage_gap",
       FocusArea::adoption,
       {"C3", "C4"},
       {"9.c.1", "17.8.1"},
       Direction::lower_is_better,
       std::nullopt,
       Aggregation::population_weighted_mean,
       "pp"},
      {"value_creation.secure_servers",
       FocusArea::value_creation,
       {"C5", "C7"},
       {},
       Direction::higher_is_better,
       std::nullopt,
       Aggregation::population_weighted_mean,
       "per million people"},
      {"investment.telecom_investment",
       FocusArea::investment_acceleration,
       {"C1", "C6"},
       {},
       Direction::higher_is_better,
       std::nullopt,
       Aggregation::sum,
       "USD"},
      {"investment.telecom_investment_per_capita",
       FocusArea::investment_acceleration,
       {"C1", "C6"},
       {},
       Direction::higher_is_better,
       std::nullopt,
       Aggregation::none,
       "USD per person"},
      {"umc.score_internet_use",
       FocusArea::adoption,
       {"C2", "C3"},
       {"17.8.1"},
       Direction::higher_is_better,
       std::nullopt,
       Aggregation::mean,
       "score (0-100)"},
      {"umc.band_internet_use",
       FocusArea::adoption,
       {"C2", "C3"},
       {"17.8.1"},
       Direction::higher_is_better,
       std::nullopt,
       Aggregation::none,
       "band (1 limited, 2 satisfactory, 3 advanced, 4 target met)"},
      {"umc.score_mobile_broadband_affordability",
       FocusArea::access,
       {"C2"},
       {},
       Direction::higher_is_better,
       std::nullopt,
       Aggregation::mean,
       "score (0-100)"},
      {"umc.band_fixed_broadband_speed",
       FocusArea::access,
       {"C2"},
       {"17.6.1"},
       Direction::higher_is_better,
       std::nullopt,
       Aggregation::none,
       "band (1 limited, 2 satisfactory, 3 advanced, 4 target met)"},
  };
  const Run& run = bundled();
  std::map<std::string, const p2c::CatalogueEntry*> catalogue;
  for (const auto& entry : run.outcome.report.catalogue) catalogue[entry.id] = &entry;
  for (const Expected& e : expected) {
    INFO(e.id);
    REQUIRE(catalogue.count(e.id) == 1);
    const p2c::MetricInfo& info = catalogue.at(e.id)->info;
    CHECK(info.focus_area == e.focus);
    CHECK(info.wsis_lines == e.wsis);
    CHECK(info.sdg_indicators == e.sdg);
    CHECK(info.direction == e.direction);
    CHECK(info.target == e.target);
    CHECK(info.aggregation == e.aggregation);
    CHECK(info.unit == e.unit);
    CHECK_FALSE(info.description.empty());
    if (e.target) CHECK(info.target_year == 2030);
  }
  std::size_t umc_metrics = 0;
  for (const auto& entry : run.outcome.report.catalogue)
    umc_metrics += entry.plugin == "umc" && entry.id.find(".", 4) == std::string::npos;
  CHECK(umc_metrics == 12);  // a score and a band for each of the six dimensions
}

TEST_CASE("broadband prices equal the ITU price baskets", "[access][real-data]") {
  const Values mobile =
      merged(read_basket("mbb_2gb_pct_gni_2024", 2024), read_basket("mbb_2gb_pct_gni_2025_exp", 2025));
  const Values fixed = merged(read_basket("fbb_5gb_pct_gni_2024", 2024), read_basket("fbb_5gb_pct_gni_2025", 2025));
  std::set<Key> keys;
  for (const Values* values : {&mobile, &fixed})
    for (const auto& [key, value] : *values) keys.insert(key);
  REQUIRE(keys.size() > 350);

  const Run& run = bundled();
  const Records& mobile_price = metric(run, "access.mobile_broadband_price");
  const Records& fixed_price = metric(run, "access.fixed_broadband_price");
  CHECK(mobile_price.size() == keys.size());
  CHECK(fixed_price.size() == keys.size());
  std::size_t absent = 0;
  for (const Key& key : keys) {
    INFO(key.first << " " << key.second);
    const std::string year = std::to_string(key.second);
    if (const auto it = mobile.find(key); it != mobile.end()) {
      CHECK(at(mobile_price, key.first, key.second).value == it->second);
    } else {
      ++absent;
      CHECK_FALSE(at(mobile_price, key.first, key.second).value);
      CHECK(at(mobile_price, key.first, key.second).reason ==
            "no data-only mobile broadband (2 GB) basket price in 'itu.mbb_2gb_basket' for " + year);
    }
    if (const auto it = fixed.find(key); it != fixed.end()) {
      CHECK(at(fixed_price, key.first, key.second).value == it->second);
    } else {
      ++absent;
      CHECK_FALSE(at(fixed_price, key.first, key.second).value);
      CHECK(at(fixed_price, key.first, key.second).reason ==
            "no fixed broadband (5 GB) basket price in 'itu.fbb_5gb_basket' for " + year);
    }
  }
  CHECK(absent > 0);

  // Spot checks against the file.
  CHECK(at(mobile_price, "AFG", 2024).value == 8.44);
  CHECK(at(mobile_price, "AFG", 2025).value == 8.06);  // the experimental 2025 collection
  CHECK(at(fixed_price, "AFG", 2024).value == 19.17);
  CHECK(at(mobile_price, "AGO", 2025).value == 1.22);
  CHECK(at(fixed_price, "AGO", 2025).value == 17.09);
  CHECK(at(mobile_price, "HKG", 2024).value == 0.09);  // a quoted name with a comma in its row
  CHECK(at(mobile_price, "KEN", 2024).value == 1.79);
}

TEST_CASE("the LDC value of the mobile broadband price is the share of LDCs meeting 2 %", "[access][real-data]") {
  const std::set<std::string> ldc = members("LDC", 2024);
  CHECK(ldc.size() == 45);  // Bhutan left in 2023; Sao Tome and Principe still counts for 2024
  const Run& run = bundled();
  for (const auto& [id, column] :
       {std::pair<std::string, std::string>{"access.mobile_broadband_price", "mbb_2gb_pct_gni_2024"},
        {"access.fixed_broadband_price", "fbb_5gb_pct_gni_2024"}}) {
    INFO(id);
    const Values prices = read_basket(column, 2024);
    std::size_t with_value = 0, meeting = 0;
    for (const std::string& code : ldc) {
      const auto it = prices.find({code, 2024});
      if (it == prices.end()) continue;
      ++with_value;
      meeting += it->second <= 2 ? 1 : 0;
    }
    REQUIRE(with_value > 0);
    // The group value is a share of members, not a price: it has a metric of its own.
    CHECK(run.groups.find(id) == run.groups.end());
    const auto groups = run.groups.find(id + ".members_meeting_target");
    REQUIRE(groups != run.groups.end());
    const auto record = groups->second.find({"LDC", 2024});
    REQUIRE(record != groups->second.end());
    REQUIRE(record->second.value);
    CHECK(*record->second.value == Approx(100.0 * static_cast<double>(meeting) / static_cast<double>(with_value)));
    REQUIRE(record->second.coverage);
    CHECK(record->second.coverage->members_with_data == with_value);
    CHECK(record->second.coverage->members == ldc.size());
    if (id == "access.mobile_broadband_price") {
      CHECK(with_value == 44);  // Eritrea has no price
      CHECK(meeting == 6);
      CHECK(*record->second.value == Approx(600.0 / 44));
    }
  }
}

TEST_CASE("mobile subscriptions, electricity access and secure servers equal the WDI files",
          "[access][value_creation][real-data]") {
  const Run& run = bundled();
  check_equal(run, "access.mobile_subscriptions", read_wdi("it.cel.sets.p2.csv"));
  check_equal(run, "access.electricity_access", read_wdi("eg.elc.accs.zs.csv"));
  check_equal(run, "value_creation.secure_servers", read_wdi("it.net.secr.p6.csv"));
  CHECK(at(metric(run, "value_creation.secure_servers"), "KEN", 2024).value == 399.695610422168);
  CHECK(at(metric(run, "value_creation.secure_servers"), "KEN", 2010).value == 1.56255382547192);
}

TEST_CASE("telecom investment equals the file, per person divided by population", "[investment][real-data]") {
  const Values investment = read_wdi("ie.ppi.tele.cd.csv");
  const Values population = read_wdi("sp.pop.totl.csv");
  REQUIRE(investment.size() > 1000);
  const Run& run = bundled();
  check_equal(run, "investment.telecom_investment", investment);
  const Records& per_capita = metric(run, "investment.telecom_investment_per_capita");
  CHECK(per_capita.size() == investment.size());
  for (const auto& [key, usd] : investment) {
    INFO(key.first << " " << key.second);
    const p2c::Record& record = at(per_capita, key.first, key.second);
    const auto people = population.find(key);
    if (people == population.end()) {
      CHECK_FALSE(record.value);
      CHECK(record.reason == "no population for " + std::to_string(key.second) + " in 'wb.population'");
    } else {
      REQUIRE(record.value);
      CHECK(*record.value == Approx(usd / people->second).epsilon(1e-12));
    }
  }
  // Kenya 2014: USD 417 million for 46,051,440 people.
  CHECK(*at(per_capita, "KEN", 2014).value == Approx(417000000.0 / 46051440.0));

  // Groups: the total would be a sum of the members' values, but the World Bank reports private investment for a
  // few economies a year: a sum over them undercounts the group, so it is withheld, saying how few reported.
  const std::set<std::string> ldc = members("LDC", 2014);
  std::uint32_t reported = 0;
  for (const std::string& code : ldc) reported += investment.count({code, 2014}) != 0;
  REQUIRE(reported > 0);
  const auto& groups = run.groups.at("investment.telecom_investment");
  REQUIRE(groups.count({"LDC", 2014}) == 1);
  const p2c::Record& ldc_2014 = groups.at({"LDC", 2014});
  CHECK_FALSE(ldc_2014.value);
  CHECK(ldc_2014.flags == p2c::flag_withheld);
  CHECK_THAT(ldc_2014.reason, Catch::StartsWith(std::to_string(reported) + " of " + std::to_string(ldc.size()) +
                                                " members reported in 2014"));
  CHECK(run.groups.count("investment.telecom_investment_per_capita") == 0);
}

TEST_CASE("the ownership gender gap is male minus female ownership from sdg_5_b", "[adoption][real-data]") {
  const std::map<std::string, std::string> common = {{"nature", "notspec"}, {"units", "percent"}};
  auto where = [&](const char* sex) {
    auto out = common;
    out["sex"] = sex;
    return out;
  };
  const Values female = read_ddf(own_file, "it_mob_own", where("female"));
  const Values male = read_ddf(own_file, "it_mob_own", where("male"));
  // sdg_5_b gives no value for a share outside 0-100 %; the gap sees only what sdg_5_b published.
  auto usable = [](const Values& values) {
    Values out;
    for (const auto& [key, value] : values)
      if (value >= 0 && value <= 100) out[key] = value;
    return out;
  };
  const Values f = usable(female);
  const Values m = usable(male);
  std::set<Key> keys;
  for (const Values* values : {&f, &m})
    for (const auto& [key, value] : *values) keys.insert(key);
  REQUIRE(keys.size() > 150);

  const Run& run = bundled();
  const Records& gap = metric(run, "adoption.ownership_gender_gap");
  CHECK(gap.size() == keys.size());
  std::size_t gaps = 0;
  for (const Key& key : keys) {
    INFO(key.first << " " << key.second);
    const p2c::Record& record = at(gap, key.first, key.second);
    const auto fi = f.find(key);
    const auto mi = m.find(key);
    if (fi != f.end() && mi != m.end()) {
      ++gaps;
      REQUIRE(record.value);
      CHECK(*record.value == Approx(mi->second - fi->second).margin(1e-12));
    } else {
      CHECK_FALSE(record.value);
      CHECK(record.reason == std::string("no value of 'sdg_5_b.ownership_") + (fi == f.end() ? "female" : "male") +
                                 "' for " + std::to_string(key.second));
    }
  }
  CHECK(gaps > 150);
  CHECK(*at(gap, "KEN", 2015).value == Approx(45.9679 - 43.71383));
  CHECK(at(gap, "CYP", 2017).reason == "no value of 'sdg_5_b.ownership_male' for 2017");
  // South Africa's 2015 male share is 132.8 % in the file: sdg_5_b refuses it, so there is no gap either.
  CHECK(at(gap, "ZAF", 2015).reason == "no value of 'sdg_5_b.ownership_male' for 2015");
}

TEST_CASE("the usage gap is 3G coverage minus Internet use, floored at 0", "[adoption][real-data]") {
  const Values coverage = read_ddf(g3_file, "it_mob_3gntwk", {{"nature", "notspec"}, {"units", "percent"}});
  const Values users = read_internet_users();
  REQUIRE(coverage.size() > 1500);

  const Run& run = bundled();
  const Records& gap = metric(run, "adoption.usage_gap");
  CHECK(gap.size() == coverage.size());
  std::size_t floored = 0, without_users = 0;
  for (const auto& [key, covered] : coverage) {
    INFO(key.first << " " << key.second);
    const p2c::Record& record = at(gap, key.first, key.second);
    const auto it = users.find(key);
    if (it == users.end()) {
      ++without_users;
      CHECK_FALSE(record.value);
      CHECK(record.reason == "no value of 'sdg_17_8.internet_users' for " + std::to_string(key.second));
      continue;
    }
    REQUIRE(record.value);
    if (covered < it->second) {
      ++floored;
      CHECK(*record.value == 0.0);
    } else {
      CHECK(*record.value == Approx(covered - it->second).margin(1e-12));
    }
  }
  CHECK(floored > 100);  // more users than 3G coverage: fixed and 2G users, or the sources' different estimates
  CHECK(without_users > 0);
  CHECK(*at(gap, "KEN", 2018).value == Approx(86.0 - 19.5));  // 86 % covered by 3G, 19.5 % online
  CHECK(at(gap, "DZA", 2013).value == 0.0);
}

TEST_CASE("UMC scores and bands equal a computation by hand from the inputs", "[umc][real-data]") {
  const Run& run = bundled();
  // Whole series: Internet use (target 100), 4G coverage (100), entry-level mobile broadband price (2, lower is
  // better).
  struct Dimension {
    std::string name;
    Values inputs;
    double target;
    bool lower_is_better;
  };
  const Dimension dimensions[] = {
      {"internet_use", read_internet_users(), 100, false},
      {"coverage_4g", read_ddf(g4_file, "it_mob_4gntwk", {{"nature", "notspec"}, {"units", "percent"}}), 100, false},
      {"mobile_broadband_affordability",
       merged(read_basket("mbb_2gb_pct_gni_2024", 2024), read_basket("mbb_2gb_pct_gni_2025_exp", 2025)), 2, true},
  };
  for (const Dimension& d : dimensions) {
    const Records& scores = metric(run, "umc.score_" + d.name);
    const Records& bands = metric(run, "umc.band_" + d.name);
    CHECK(scores.size() == d.inputs.size());
    CHECK(bands.size() == d.inputs.size());
    std::set<double> seen;
    for (const auto& [key, value] : d.inputs) {
      INFO(d.name << " " << key.first << " " << key.second << " " << value);
      const double score = umc_score(value, d.target, d.lower_is_better);
      REQUIRE(at(scores, key.first, key.second).value);
      CHECK(*at(scores, key.first, key.second).value == Approx(score).margin(1e-9));
      CHECK(at(bands, key.first, key.second).value == umc_band(score));
      seen.insert(umc_band(score));
    }
    CHECK(seen.size() == 4);  // every band occurs
  }

  // By hand, from the values in the files.
  auto score = [&](const std::string& dimension, const std::string& code, int year) {
    return *at(metric(run, "umc.score_" + dimension), code, year).value;
  };
  auto band = [&](const std::string& dimension, const std::string& code, int year) {
    return *at(metric(run, "umc.band_" + dimension), code, year).value;
  };
  CHECK(score("internet_use", "KEN", 2024) == Approx(34.9762));  // 34.9762 % online: limited
  CHECK(band("internet_use", "KEN", 2024) == 1);
  CHECK(score("coverage_4g", "IND", 2018) == Approx(94));  // 94 % covered by 4G: advanced, just short of 95
  CHECK(band("coverage_4g", "IND", 2018) == 3);
  CHECK(score("mobile_broadband_affordability", "AFG", 2024) == Approx(2 / 8.44 * 100));  // 23.7
  CHECK(band("mobile_broadband_affordability", "AFG", 2024) == 1);
  CHECK(score("mobile_broadband_affordability", "UGA", 2024) == Approx(2 / 3.22 * 100));  // 62.1
  CHECK(band("mobile_broadband_affordability", "UGA", 2024) == 2);
  CHECK(score("mobile_broadband_affordability", "RWA", 2024) == Approx(2 / 2.11 * 100));  // 94.8
  CHECK(band("mobile_broadband_affordability", "RWA", 2024) == 3);
  CHECK(score("mobile_broadband_affordability", "KEN", 2024) == 100);  // 1.79 %: under the target, capped
  CHECK(band("mobile_broadband_affordability", "KEN", 2024) == 4);
  CHECK(score("mobile_ownership", "BRA", 2018) == Approx(83.02469));
  CHECK(band("mobile_ownership", "BRA", 2018) == 3);
  CHECK(score("ownership_gender_parity", "KEN", 2015) == Approx(43.71383 / 45.9679 * 100));  // 95.1: parity met
  CHECK(band("ownership_gender_parity", "KEN", 2015) == 4);
  CHECK(score("fixed_broadband_speed", "IND", 2018) == Approx(0.71 / 1.34 * 100));  // 53.0 % at 10 Mbit/s+
  CHECK(band("fixed_broadband_speed", "IND", 2018) == 2);
  CHECK(score("fixed_broadband_speed", "KEN", 2015) == 0);  // a real zero share
  CHECK(band("fixed_broadband_speed", "KEN", 2015) == 1);

  // The UMC plugin scores what its inputs publish, nothing more: South Africa's 2015 male ownership is refused by
  // sdg_5_b, so there is no parity to score.
  CHECK(metric(run, "umc.score_ownership_gender_parity").count({"ZAF", 2015}) == 0);
  // Scores have group values (simple means), bands do not.
  CHECK(run.groups.count("umc.score_internet_use") == 1);
  CHECK(run.groups.count("umc.band_internet_use") == 0);
}

TEST_CASE("with sdg_5_b disabled, what consumes its metrics fails with the reason and the rest computes",
          "[focus_areas][real-data]") {
  const Run run(bundled_config({{"sdg_5_b", "enabled = false"}}));
  CHECK(run.failed("adoption",
                   "needs input 'sdg_5_b.ownership_female', which no configured source or indicator provides"));
  CHECK(run.failed("umc", "needs input 'sdg_5_b.ownership', which no configured source or indicator provides"));
  CHECK(run.failed_instances() == std::set<std::string>{"adoption", "umc"});
  CHECK(run.economies.count("adoption.ownership_gender_gap") == 0);
  CHECK(run.economies.count("sdg_5_b.gender_parity") == 0);
  for (const char* id : {"access.mobile_broadband_price", "access.electricity_access", "value_creation.secure_servers",
                         "investment.telecom_investment", "sdg_17_8.internet_users", "sdg_9_c.coverage_3g"}) {
    INFO(id);
    CHECK(run.economies.count(id) == 1);
  }

  // Leaving out what needs sdg_5_b, the rest of adoption and umc computes, with the same values as in the full run.
  const Run partial(
      bundled_config({{"sdg_5_b", "enabled = false"},
                      {"adoption", "metrics = [\"usage_gap\"]"},
                      {"umc",
                       "dimensions = [\"internet_use\", \"coverage_4g\", \"mobile_broadband_affordability\", "
                       "\"fixed_broadband_speed\"]"}}));
  for (const auto& failure : partial.outcome.report.failures)
    UNSCOPED_INFO(failure.instance << ": " << failure.message);
  CHECK(partial.outcome.report.failures.empty());
  CHECK(partial.economies.count("adoption.ownership_gender_gap") == 0);
  CHECK(partial.economies.count("umc.score_mobile_ownership") == 0);
  const Run& full = bundled();
  for (const char* id : {"adoption.usage_gap", "umc.score_internet_use", "umc.band_mobile_broadband_affordability"}) {
    INFO(id);
    const Records& got = metric(partial, id);
    const Records& want = metric(full, id);
    REQUIRE(got.size() == want.size());
    for (const auto& [key, record] : want) CHECK(at(got, key.first, key.second).value == record.value);
  }
}

TEST_CASE("when sdg_5_b fails, adoption is not computed and says which input was unavailable",
          "[focus_areas][real-data]") {
  // The ownership source without the sex dimension: sdg_5_b fails, and nothing downstream uses a partial input.
  const Run run(bundled_config({}, ""));
  CHECK(run.failed("sdg_5_b", "has no dimension 'sex'"));
  CHECK(run.failed("adoption", "not computed: its input 'sdg_5_b.ownership_female' is unavailable ('sdg_5_b' failed)"));
  CHECK(run.failed("umc", "not computed: its input 'sdg_5_b.ownership' is unavailable ('sdg_5_b' failed)"));
  CHECK(run.economies.count("adoption.usage_gap") == 0);
  CHECK(run.economies.count("access.mobile_broadband_price") == 1);
}

TEST_CASE("UMC targets and band edges are options", "[umc]") {
  p2c::test::TempDir dir;
  dir.write("users.csv", "geo,time,internet_users\naaa,2020,20\naaa,2021,40\naaa,2022,60\naaa,2023,72\naaa,2024,90\n");
  dir.write("pop.csv", "Country Name,Country Code,Year,Value\nA,AAA,2020,1000\n");
  dir.write("prices.csv",
            "iso3,mbb,fbb\n"
            "AAA,0,1\n"
            "BBB,4,2\n");
  dir.write("wdi.csv", "Country Name,Country Code,Year,Value\nA,AAA,2020,50\n");
  const std::string sources = R"(
[[source]]
plugin = "csv"
name = "u"
series = "itu.internet_users"
path = "users.csv"
economy_column = "geo"
year_column = "time"
value_column = "internet_users"
[[source]]
plugin = "csv"
name = "p"
series = "wb.population"
path = "pop.csv"
[[source]]
plugin = "csv_wide"
name = "prices"
path = "prices.csv"
columns = { mbb = "itu.mbb_2gb_basket@2024", fbb = "itu.fbb_5gb_basket@2024" }
[[source]]
plugin = "csv"
name = "subscriptions"
series = "wb.mobile_subscriptions"
path = "wdi.csv"
[[source]]
plugin = "csv"
name = "electricity"
series = "wb.electricity_access"
path = "wdi.csv"
[[indicator]]
plugin = "sdg_17_8"
[[indicator]]
plugin = "access"
[[indicator]]
plugin = "umc"
dimensions = ["internet_use", "mobile_broadband_affordability"]
)";
  auto run = [&](const std::string& options) { return p2c::test::run_config(dir, sources + options); };
  auto failure_of = [](const RunOutcome& outcome, const std::string& instance) {
    for (const auto& failure : outcome.report.failures)
      if (failure.instance == instance) return failure.message;
    return std::string();
  };

  const RunOutcome outcome =
      run("targets = { internet_use = 80, mobile_broadband_affordability = 3 }\n"
          "bands = { limited = 0, satisfactory = 40, advanced = 60, target_met = 90 }\n");
  REQUIRE(outcome.report.failures.empty());
  std::map<std::string, std::map<Key, p2c::Record>> records;
  for (const auto& r : outcome.report.records)
    records[outcome.report.catalogue[r.metric].id][{std::string(outcome.report.entity_code(r.entity)), r.year}] = r;
  const std::pair<int, std::pair<double, double>> expected[] = {
      {2020, {25, 1}}, {2021, {50, 2}}, {2022, {75, 3}}, {2023, {90, 4}}, {2024, {100, 4}}};
  for (const auto& [year, score_band] : expected) {
    INFO(year);
    REQUIRE(records["umc.score_internet_use"].count({"AAA", year}) == 1);
    CHECK(*records["umc.score_internet_use"].at({"AAA", year}).value == Approx(score_band.first));
    CHECK(records["umc.band_internet_use"].at({"AAA", year}).value == score_band.second);  // an edge: upper band
  }
  // Prices against a target of 3: 2 % scores 100 (capped), 4 % scores 75; a price of 0 cannot be scored.
  CHECK(records["umc.score_mobile_broadband_affordability"].at({"BBB", 2024}).value == 75.0);
  CHECK(records["umc.band_mobile_broadband_affordability"].at({"BBB", 2024}).value == 3.0);
  CHECK(records["access.mobile_broadband_price"].at({"AAA", 2024}).value == 0.0);
  const p2c::Record& free = records["umc.score_mobile_broadband_affordability"].at({"AAA", 2024});
  CHECK_FALSE(free.value);
  CHECK(free.reason ==
        "input value 0 cannot be scored: lower is better and the score is target / value, which needs a value above 0");
  CHECK(records["umc.band_mobile_broadband_affordability"].at({"AAA", 2024}).reason == free.reason);
  CHECK(records.count("umc.score_coverage_4g") == 0);  // not among `dimensions`

  // Invalid options fail the instance with a message naming the option.
  CHECK(failure_of(run("bands = { limited = 0, satisfactory = 75, advanced = 50, target_met = 95 }\n"), "umc")
            .find("option 'bands': the edge of 'advanced' (50) must be above that of 'satisfactory' (75)") !=
        std::string::npos);
  CHECK(failure_of(run("bands = { limited = 0, satisfactory = 50, advanced = 75 }\n"), "umc")
            .find("option 'bands' has no edge for 'target_met'") != std::string::npos);
  CHECK(failure_of(run("targets = { internet_use = 0, mobile_broadband_affordability = 2 }\n"), "umc")
            .find("option 'targets': the target of 'internet_use' is 0; targets are positive numbers") !=
        std::string::npos);
  CHECK(failure_of(run("targets = { internet_use = 100 }\n"), "umc")
            .find("option 'targets' has no target for 'mobile_broadband_affordability'") != std::string::npos);
  CHECK(failure_of(run("targets = { internet_use = 100, mobile_broadband_affordability = 2, skills = 70 }\n"), "umc")
            .find("option 'targets' names 'skills', which is not a UMC dimension") != std::string::npos);
}
