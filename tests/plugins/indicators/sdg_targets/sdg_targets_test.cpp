// The SDG target plugins (sdg_17_6, sdg_9_c, sdg_5_b, sdg_4_4) run through the host on the bundled UN SDG
// database files, checked against an independent reading of the same files.
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
const std::filesystem::path un_sdg = root / "config" / "data" / "un-sdg";
const std::filesystem::path economies_csv = root / "config" / "reference" / "economies.csv";

const std::string bbp_file = "ddf--datapoints--it_net_bbp--by--geo_area--nature--type_of_speed--units--year.csv";
const std::string g2_file = "ddf--datapoints--it_mob_2gntwk--by--geo_area--nature--units--year.csv";
const std::string g3_file = "ddf--datapoints--it_mob_3gntwk--by--geo_area--nature--units--year.csv";
const std::string g4_file = "ddf--datapoints--it_mob_4gntwk--by--geo_area--nature--units--year.csv";
const std::string own_file = "ddf--datapoints--it_mob_own--by--geo_area--nature--sex--units--year.csv";
const std::string skills_file =
    "ddf--datapoints--se_adt_acts--by--geo_area--nature--sex--type_of_skill--units--year.csv";

using Key = std::pair<std::string, int>;  // ISO3, year
using Values = std::map<Key, double>;
using Records = std::map<Key, p2c::Record>;

using p2c::test::split_fields;

// M49 number -> ISO3, read from the reference table without the SDK. Only its first two columns are used, and they
// are never quoted (names with commas come last).
const std::map<int, std::string>& m49_to_iso3() {
  static const std::map<int, std::string> map = [] {
    std::map<int, std::string> out;
    std::ifstream in(economies_csv);
    std::string line;
    std::getline(in, line);
    REQUIRE(line == "iso3,m49,name");
    while (std::getline(in, line)) {
      const auto fields = split_fields(line);
      if (fields.size() < 2 || fields[0].empty() || fields[1].empty()) continue;
      out[std::stoi(fields[1])] = fields[0];
    }
    return out;
  }();
  return map;
}

const std::set<std::string>& iso3_codes() {
  static const std::set<std::string> codes = [] {
    std::set<std::string> out;
    for (const auto& [m49, iso3] : m49_to_iso3()) out.insert(iso3);
    return out;
  }();
  return codes;
}

// The values of a DDF datapoints file (`geo_area,<dimensions>,year,<series>`, never quoted) whose columns equal
// `where`, by ISO3 and year. Rows of codes that are not economies (M49 1 = World, regions, groups) are left out.
Values read_ddf(const std::string& file, const std::map<std::string, std::string>& where = {}) {
  std::ifstream in(un_sdg / file);
  REQUIRE(in);
  std::string line;
  std::getline(in, line);
  const auto header = split_fields(line);
  REQUIRE(header.front() == "geo_area");
  REQUIRE(header[header.size() - 2] == "year");
  std::vector<std::pair<std::size_t, std::string>> conditions;
  for (const auto& [column, value] : where) {
    const auto it = std::find(header.begin(), header.end(), column);
    REQUIRE(it != header.end());
    conditions.emplace_back(static_cast<std::size_t>(it - header.begin()), value);
  }
  Values out;
  while (std::getline(in, line)) {
    const auto fields = split_fields(line);
    REQUIRE(fields.size() == header.size());
    bool match = true;
    for (const auto& [column, value] : conditions) match = match && fields[column] == value;
    if (!match) continue;
    const auto economy = m49_to_iso3().find(std::stoi(fields.front()));
    if (economy == m49_to_iso3().end()) continue;
    const Key key{economy->second, std::stoi(fields[fields.size() - 2])};
    REQUIRE(out.count(key) == 0);  // one value per economy and year once filtered
    out[key] = std::stod(fields.back());
  }
  return out;
}

std::set<Key> keys_of(std::initializer_list<const Values*> lists) {
  std::set<Key> keys;
  for (const Values* values : lists)
    for (const auto& [key, value] : *values) keys.insert(key);
  return keys;
}

std::string source(const std::string& name, const std::string& series, const std::string& file,
                   const std::string& extra) {
  return "[[source]]\nplugin = \"csv\"\nname = \"" + name + "\"\nseries = \"" + series + "\"\npath = \"" +
         (un_sdg / file).string() + "\"\neconomy_column = \"geo_area\"\nyear_column = \"year\"\nvalue_column = \"" +
         name + "\"\ncode_map = \"" + economies_csv.string() + "\"\n" + extra + "\n";
}

// The sources as config/p2c.toml declares them, with absolute paths.
std::string sources() {
  return source("it_net_bbp", "unsdg.it_net_bbp", bbp_file,
                "unit = \"per 100 people\"\nfilter = { nature = \"notspec\", units = \"per_100_pop\" }\n"
                "dimensions = [\"type_of_speed\"]") +
         source("it_mob_2gntwk", "unsdg.it_mob_2gntwk", g2_file,
                "unit = \"%\"\nfilter = { nature = \"notspec\", units = \"percent\" }") +
         source("it_mob_3gntwk", "unsdg.it_mob_3gntwk", g3_file,
                "unit = \"%\"\nfilter = { nature = \"notspec\", units = \"percent\" }") +
         source("it_mob_4gntwk", "unsdg.it_mob_4gntwk", g4_file,
                "unit = \"%\"\nfilter = { nature = \"notspec\", units = \"percent\" }") +
         source("it_mob_own", "unsdg.it_mob_own", own_file,
                "unit = \"%\"\nfilter = { nature = \"notspec\", units = \"percent\" }\ndimensions = [\"sex\"]") +
         source("se_adt_acts", "unsdg.se_adt_acts", skills_file,
                "unit = \"%\"\nfilter = { nature = \"notspec\", units = \"percent\", sex = \"bothsex\" }\n"
                "dimensions = [\"type_of_skill\"]");
}

using Run = p2c::test::IndicatorRun;

// All four plugins on the bundled files, with the reference data (non-economies dropped, group values computed).
const Run& bundled() {
  static const Run run([] {
    const auto reference = root / "config" / "reference";
    return "[reference]\neconomies = \"" + economies_csv.string() + "\"\ngroups = \"" +
           (reference / "groups.csv").string() + "\"\nmemberships = \"" + (reference / "memberships.csv").string() +
           "\"\n\n" + sources() + "[[source]]\nplugin = \"csv\"\nname = \"population\"\nseries = \"wb.population\"\n" +
           "path = \"" + (root / "config" / "data" / "worldbank-wdi" / "sp.pop.totl.csv").string() + "\"\n\n" +
           "[[indicator]]\nplugin = \"sdg_17_6\"\n[[indicator]]\nplugin = \"sdg_9_c\"\n"
           "[[indicator]]\nplugin = \"sdg_5_b\"\n[[indicator]]\nplugin = \"sdg_4_4\"\n";
  }());
  return run;
}

using p2c::test::metric;
using p2c::test::at;

}  // namespace

TEST_CASE("the bundled run has no failures and no rejected rows", "[sdg_targets][real-data]") {
  const Run& run = bundled();
  for (const auto& failure : run.outcome.report.failures) UNSCOPED_INFO(failure.instance << ": " << failure.message);
  CHECK(run.outcome.report.failures.empty());
  CHECK(run.outcome.rejected_rows == 0);
}

TEST_CASE("SDG 17.6.1 by speed equals an independent computation from the DDF file", "[sdg_17_6][real-data]") {
  const Values total = read_ddf(bbp_file, {{"type_of_speed", "anys"}});
  const Values fast = read_ddf(bbp_file, {{"type_of_speed", "10mbps"}});
  REQUIRE(total.size() > 2500);  // the total is labelled "anys": a filter on "anyspeed" would find nothing
  REQUIRE(fast.size() > 900);
  const std::set<Key> keys = keys_of({&total, &fast});

  const Run& run = bundled();
  const Records& subscriptions = metric(run, "sdg_17_6.subscriptions");
  const Records& subscriptions_10mbps = metric(run, "sdg_17_6.subscriptions_10mbps");
  const Records& share = metric(run, "sdg_17_6.share_10mbps");
  CHECK(subscriptions.size() == keys.size());
  CHECK(subscriptions_10mbps.size() == keys.size());
  CHECK(share.size() == keys.size());

  std::size_t shares = 0;
  std::size_t zero_totals = 0;
  std::size_t inconsistent = 0;
  for (const Key& key : keys) {
    INFO(key.first << " " << key.second);
    const std::string year = std::to_string(key.second);
    const auto all = total.find(key);
    const auto ten = fast.find(key);
    const p2c::Record& s = subscriptions.at(key);
    const p2c::Record& f = subscriptions_10mbps.at(key);
    const p2c::Record& r = share.at(key);

    if (all == total.end()) {
      CHECK_FALSE(s.value);
      CHECK(s.reason == "no total subscriptions (type_of_speed = anys) for " + year);
    } else {
      CHECK(s.value == all->second);
    }
    if (ten == fast.end()) {
      CHECK_FALSE(f.value);
      CHECK(f.reason == "no subscriptions at 10 Mbit/s or more (type_of_speed = 10mbps) for " + year);
    } else {
      CHECK(f.value == ten->second);
    }

    if (all == total.end()) {
      CHECK_FALSE(r.value);
      CHECK(r.reason == s.reason);
    } else if (ten == fast.end()) {
      CHECK_FALSE(r.value);
      CHECK(r.reason == f.reason);
    } else if (all->second == 0) {
      ++zero_totals;
      CHECK_FALSE(r.value);
      CHECK(r.reason == "total subscriptions (type_of_speed = anys) are 0 in " + year + ": no share to compute");
    } else if (ten->second > all->second) {
      ++inconsistent;
      CHECK_FALSE(r.value);
      CHECK_THAT(r.reason, Catch::StartsWith("inconsistent input: "));
    } else {
      ++shares;
      REQUIRE(r.value);
      CHECK(*r.value == Approx(ten->second / all->second * 100).epsilon(1e-12));
      CHECK(*r.value >= 0);
      CHECK(*r.value <= 100);
    }
  }
  CHECK(shares > 1000);
  CHECK(zero_totals == 7);  // Burundi 2010, Congo 2009, Eritrea 2013, South Sudan 2015-2018: 0 subscriptions
  CHECK(inconsistent == 1);

  // Spot checks against the file.
  CHECK(at(subscriptions, "KEN", 2015).value == 0.28);
  CHECK(at(subscriptions_10mbps, "KEN", 2015).value == 0.0);  // a real zero, reported as such
  CHECK(at(share, "KEN", 2015).value == 0.0);
  CHECK(at(subscriptions, "IND", 2018).value == 1.34);
  CHECK(at(subscriptions_10mbps, "IND", 2018).value == 0.71);
  CHECK(*at(share, "IND", 2018).value == Approx(0.71 / 1.34 * 100));
  CHECK_FALSE(at(share, "KEN", 2018).value);  // Kenya reports no 10 Mbit/s tier for 2017-2018
  CHECK(at(share, "KEN", 2018).reason == "no subscriptions at 10 Mbit/s or more (type_of_speed = 10mbps) for 2018");
  CHECK(at(share, "BDI", 2010).reason ==
        "total subscriptions (type_of_speed = anys) are 0 in 2010: no share to compute");
  // Australia 2016: 46.21 per 100 at 10 Mbit/s or more against 30.39 in total; the next year has no total.
  CHECK(at(subscriptions_10mbps, "AUS", 2016).value == 46.21);
  CHECK(at(share, "AUS", 2016).reason ==
        "inconsistent input: 46.21 subscriptions at 10 Mbit/s or more per 100 inhabitants exceed the total of 30.39");
  CHECK(at(share, "AUS", 2017).reason == "no total subscriptions (type_of_speed = anys) for 2017");
}

TEST_CASE("SDG 9.c.1 coverage by technology equals the DDF files", "[sdg_9_c][real-data]") {
  const Values g2 = read_ddf(g2_file, {{"units", "percent"}});
  const Values g3 = read_ddf(g3_file, {{"units", "percent"}});
  const Values g4 = read_ddf(g4_file, {{"units", "percent"}});
  const std::set<Key> keys = keys_of({&g2, &g3, &g4});
  REQUIRE(keys.size() > 2500);

  const Run& run = bundled();
  struct Technology {
    std::string metric;
    std::string name;
    std::string series;
    const Values& values;
  };
  const Technology technologies[] = {{"sdg_9_c.coverage_2g", "2G", "unsdg.it_mob_2gntwk", g2},
                                     {"sdg_9_c.coverage_3g", "3G", "unsdg.it_mob_3gntwk", g3},
                                     {"sdg_9_c.coverage_4g", "4G", "unsdg.it_mob_4gntwk", g4}};
  std::size_t out_of_range = 0;
  for (const auto& technology : technologies) {
    const Records& records = metric(run, technology.metric);
    CHECK(records.size() == keys.size());
    for (const Key& key : keys) {
      INFO(technology.metric << " " << key.first << " " << key.second);
      const p2c::Record& record = records.at(key);
      const auto it = technology.values.find(key);
      if (it == technology.values.end()) {
        CHECK_FALSE(record.value);
        CHECK(record.reason ==
              "no " + technology.name + " coverage in '" + technology.series + "' for " + std::to_string(key.second));
      } else if (it->second < 0 || it->second > 100) {
        ++out_of_range;
        CHECK_FALSE(record.value);
        CHECK_THAT(record.reason, Catch::StartsWith("input value ") && Catch::EndsWith(" is outside 0-100 %"));
      } else {
        CHECK(record.value == it->second);
      }
    }
  }
  CHECK(out_of_range == 2);  // Saint Lucia's 2G coverage: 101 % in 2016, 104 % in 2018

  const Records& c2 = metric(run, "sdg_9_c.coverage_2g");
  const Records& c3 = metric(run, "sdg_9_c.coverage_3g");
  const Records& c4 = metric(run, "sdg_9_c.coverage_4g");
  CHECK(at(c2, "KEN", 2018).value == 96.0);
  CHECK(at(c3, "KEN", 2018).value == 86.0);
  CHECK(at(c4, "KEN", 2018).value == 35.0);
  CHECK(at(c4, "IND", 2018).value == 94.0);
  CHECK(at(c2, "LCA", 2018).reason == "input value 104 is outside 0-100 %");
  CHECK(at(c4, "KEN", 2010).reason == "no 4G coverage in 'unsdg.it_mob_4gntwk' for 2010");
}

TEST_CASE("SDG 5.b.1 ownership by sex and gender parity equal an independent computation", "[sdg_5_b][real-data]") {
  const Values both = read_ddf(own_file, {{"sex", "bothsex"}});
  const Values female = read_ddf(own_file, {{"sex", "female"}});
  const Values male = read_ddf(own_file, {{"sex", "male"}});
  const std::set<Key> keys = keys_of({&both, &female, &male});
  REQUIRE(keys.size() > 150);

  const Run& run = bundled();
  const Records& ownership = metric(run, "sdg_5_b.ownership");
  const Records& parity = metric(run, "sdg_5_b.gender_parity");
  CHECK(ownership.size() == keys.size());
  CHECK(parity.size() == keys.size());
  const std::pair<std::string, const Values*> shares[] = {
      {"sdg_5_b.ownership", &both}, {"sdg_5_b.ownership_female", &female}, {"sdg_5_b.ownership_male", &male}};
  for (const auto& [id, values] : shares) {
    const Records& records = metric(run, id);
    CHECK(records.size() == keys.size());
    for (const Key& key : keys) {
      INFO(id << " " << key.first << " " << key.second);
      const auto it = values->find(key);
      if (it == values->end())
        CHECK_THAT(records.at(key).reason, Catch::StartsWith("no value for sex = "));
      else if (it->second > 100)
        CHECK_THAT(records.at(key).reason, Catch::EndsWith(" is outside 0-100 %"));
      else
        CHECK(records.at(key).value == it->second);
    }
  }

  std::size_t ratios = 0;
  for (const Key& key : keys) {
    INFO(key.first << " " << key.second);
    const p2c::Record& record = parity.at(key);
    const auto f = female.find(key);
    const auto m = male.find(key);
    if (f != female.end() && m != male.end() && f->second <= 100 && m->second <= 100 && m->second > 0) {
      ++ratios;
      REQUIRE(record.value);
      CHECK(*record.value == Approx(f->second / m->second).epsilon(1e-12));
    } else {
      CHECK_FALSE(record.value);
      CHECK_FALSE(record.reason.empty());
    }
  }
  CHECK(ratios > 150);

  // Spot checks against the file.
  CHECK(at(ownership, "KEN", 2015).value == 44.8235);
  CHECK(at(metric(run, "sdg_5_b.ownership_female"), "KEN", 2015).value == 43.71383);
  CHECK(at(metric(run, "sdg_5_b.ownership_male"), "KEN", 2015).value == 45.9679);
  CHECK(*at(parity, "KEN", 2015).value == Approx(43.71383 / 45.9679));
  // Kenya 2016 has the total only; Cyprus 2017 has no male value; South Africa's 2015 male value is over 100 %.
  CHECK(at(parity, "KEN", 2016).reason == "no value for sex = female nor sex = male in 2016");
  CHECK(at(parity, "CYP", 2017).reason == "no value for sex = male in 2017");
  CHECK(at(metric(run, "sdg_5_b.ownership_female"), "CYP", 2017).value == 98.67434);
  CHECK(at(parity, "ZAF", 2015).reason == "male ownership 132.8175 is outside 0-100 %");
  CHECK(at(metric(run, "sdg_5_b.ownership_male"), "ZAF", 2015).reason == "input value 132.8175 is outside 0-100 %");
  CHECK(*at(parity, "ZAF", 2016).value == Approx(55.00956 / 52.3453));
}

TEST_CASE("SDG 4.4.1 gives one metric per type of skill, equal to the DDF file", "[sdg_4_4][real-data]") {
  const std::pair<std::string, std::string> skills[] = {
      {"arsp", "spreadsheet_formulas"}, {"cmfl", "copy_move_files"},  {"copa", "copy_paste"},
      {"email", "email_attachments"},   {"eprs", "presentations"},    {"inst", "install_devices"},
      {"pcpr", "programming"},          {"soft", "install_software"}, {"traf", "transfer_files"}};
  std::map<std::string, Values> values;
  for (const auto& [label, name] : skills)
    values[label] = read_ddf(skills_file, {{"sex", "bothsex"}, {"type_of_skill", label}});
  std::set<Key> keys;
  for (const auto& [label, list] : values)
    for (const auto& [key, value] : list) keys.insert(key);
  REQUIRE(keys.size() > 200);

  const Run& run = bundled();
  std::size_t metrics = 0;
  for (const auto& entry : run.outcome.report.catalogue)
    if (entry.plugin == "sdg_4_4" && entry.id.rfind("sdg_4_4.", 0) == 0 && entry.id.find('.', 8) == std::string::npos)
      ++metrics;
  CHECK(metrics == 9);

  for (const auto& [label, name] : skills) {
    const Records& records = metric(run, "sdg_4_4." + name);
    CHECK(records.size() == keys.size());
    for (const Key& key : keys) {
      INFO(label << " " << key.first << " " << key.second);
      const auto it = values[label].find(key);
      if (it == values[label].end())
        CHECK(records.at(key).reason == "no value for type_of_skill = " + label + " in " + std::to_string(key.second));
      else
        CHECK(records.at(key).value == it->second);
    }
  }
  CHECK(at(metric(run, "sdg_4_4.programming"), "BRA", 2018).value == 2.8063);
  CHECK(at(metric(run, "sdg_4_4.spreadsheet_formulas"), "BRA", 2018).value == 12.41464);
  CHECK(at(metric(run, "sdg_4_4.transfer_files"), "BRA", 2017).value == 17.69924);
  CHECK(at(metric(run, "sdg_4_4.copy_move_files"), "PAK", 2016).value == 5.46657);
  CHECK(at(metric(run, "sdg_4_4.install_devices"), "PAK", 2016).reason == "no value for type_of_skill = inst in 2016");
}

TEST_CASE("aggregate M49 codes never appear as economies, and groups are computed by the host",
          "[sdg_targets][real-data]") {
  const Run& run = bundled();
  std::size_t records = 0;
  for (const auto& [id, list] : run.economies) {
    if (id.rfind("sdg_17_6.", 0) != 0 && id.rfind("sdg_9_c.", 0) != 0 && id.rfind("sdg_5_b.", 0) != 0 &&
        id.rfind("sdg_4_4.", 0) != 0)
      continue;
    for (const auto& [key, record] : list) {
      ++records;
      INFO(id << " " << key.first);
      CHECK(iso3_codes().count(key.first) == 1);  // never "1" (World), "199" (LDCs), "158", ...
    }
  }
  CHECK(records > 20000);
  // The world's 2G coverage row is in the file, and was dropped as it was read.
  bool dropped_world = false;
  for (const auto& stat : run.outcome.series)
    if (stat.id == "unsdg.it_mob_2gntwk")
      for (const auto& code : stat.not_economy_codes) dropped_world = dropped_world || code == "1";
  CHECK(dropped_world);
  // Group values come from the host's aggregation of the economies, e.g. the world's 4G coverage.
  const auto world = run.groups.find("sdg_9_c.coverage_4g");
  REQUIRE(world != run.groups.end());
  REQUIRE(world->second.count({"WLD", 2018}) == 1);
  CHECK(world->second.at({"WLD", 2018}).value);
}

TEST_CASE("parity of an economy with only male data is missing with a reason", "[sdg_5_b]") {
  p2c::test::TempDir dir;
  dir.write("own.csv",
            "geo_area,nature,sex,units,year,it_mob_own\n"
            "4,notspec,female,percent,2020,10\n"
            "4,notspec,male,percent,2020,0\n"
            "404,notspec,bothsex,percent,2020,48\n"
            "404,notspec,male,percent,2020,50\n");
  Run run("[[source]]\nplugin = \"csv\"\nname = \"own\"\nseries = \"unsdg.it_mob_own\"\npath = \"" +
          (dir / "own.csv").string() + "\"\neconomy_column = \"geo_area\"\nyear_column = \"year\"\n" +
          "value_column = \"it_mob_own\"\ncode_map = \"" + economies_csv.string() + "\"\ndimensions = [\"sex\"]\n" +
          "[[indicator]]\nplugin = \"sdg_5_b\"\n");
  REQUIRE(run.outcome.report.failures.empty());
  const Records& parity = metric(run, "sdg_5_b.gender_parity");
  CHECK(at(metric(run, "sdg_5_b.ownership_male"), "KEN", 2020).value == 50.0);
  CHECK(at(metric(run, "sdg_5_b.ownership"), "KEN", 2020).value == 48.0);
  CHECK(at(metric(run, "sdg_5_b.ownership_female"), "KEN", 2020).reason == "no value for sex = female in 2020");
  CHECK_FALSE(at(parity, "KEN", 2020).value);
  CHECK(at(parity, "KEN", 2020).reason == "no value for sex = female in 2020");
  CHECK_FALSE(at(parity, "AFG", 2020).value);  // never a zero or an infinity
  CHECK(at(parity, "AFG", 2020).reason == "male ownership is 0: the ratio is undefined");
  CHECK(at(metric(run, "sdg_5_b.ownership"), "AFG", 2020).reason == "no value for sex = bothsex in 2020");
}

TEST_CASE("a source that drops or mixes the needed dimension fails the indicator with a hint", "[sdg_targets]") {
  const std::string own_without_sex = source("it_mob_own", "unsdg.it_mob_own", own_file, "");
  const std::string skills_all_sexes =
      source("se_adt_acts", "unsdg.se_adt_acts", skills_file, "dimensions = [\"type_of_skill\"]");
  const std::string bbp_without_speed = source("it_net_bbp", "unsdg.it_net_bbp", bbp_file, "");
  Run run(own_without_sex + skills_all_sexes + bbp_without_speed +
          "[[indicator]]\nplugin = \"sdg_5_b\"\n[[indicator]]\nplugin = \"sdg_4_4\"\n"
          "[[indicator]]\nplugin = \"sdg_17_6\"\n");
  CHECK(run.failed("sdg_5_b", "has no dimension 'sex'"));
  CHECK(run.failed("sdg_17_6", "has no dimension 'type_of_speed'"));
  CHECK(run.failed("sdg_4_4", "sex = \"bothsex\""));
  CHECK(run.economies.count("sdg_4_4.programming") == 0);
}
