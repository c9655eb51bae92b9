// IDI 2024 group means from the bundled data and reference data, with ITU's group lists, checked against the
// means ITU published (IDI 2024 report, Annex 4).
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "engine.h"
#include "engine_run.h"
#include "reference.h"

using p2c::test::IndicatorRun;

namespace {

const std::filesystem::path root = P2C_SOURCE_DIR;
const std::filesystem::path reference = root / "config" / "reference";
const std::filesystem::path data = root / "config" / "data";

std::string quoted(const std::filesystem::path& path) { return "\"" + path.string() + "\""; }

/// ITU's average IDI, universal and meaningful connectivity scores of a group, and how many economies of the
/// IDI 2024 belong to it (Table 1: region and income columns; the LDC, LLDC and SIDS lists).
struct Published {
  const char* group;
  double score, universal, meaningful;
  std::uint32_t economies;
};

// ITU, "Measuring digital development: The ICT Development Index 2024", Annex 4 (PDF p. 41).
const std::vector<Published> itu_means = {
    {"WLD", 74.8, 69.6, 80.0, 170},    {"ITU.AFR", 50.3, 42.5, 58.0, 38}, {"ITU.AMS", 77.1, 70.0, 84.3, 30},
    {"ITU.ARB", 75.7, 70.6, 80.8, 20}, {"ITU.ASP", 77.3, 73.4, 81.2, 30}, {"ITU.CIS", 87.0, 85.4, 88.6, 7},
    {"ITU.EUR", 90.1, 86.8, 93.4, 45}, {"WB.HIC", 91.7, 89.9, 93.5, 59},  {"WB.UMC", 79.1, 72.9, 85.3, 46},
    {"WB.LMC", 64.8, 58.4, 71.3, 45},  {"WB.LIC", 36.2, 25.7, 46.8, 19},  {"LDC", 45.8, 37.0, 54.5, 35},
    {"LLDC", 60.9, 53.8, 67.9, 26},    {"SIDS", 72.3, 68.4, 76.3, 25},
};

const Published& published(const std::string& group) {
  const auto it =
      std::find_if(itu_means.begin(), itu_means.end(), [&](const Published& p) { return p.group == group; });
  REQUIRE(it != itu_means.end());
  return *it;
}

/// The bundled reference data (with ITU's group lists or without), population, the IDI inputs and ITU's published
/// scores, as config/p2c.toml reads them, and the idi indicator; group values published from `min_observed_share`.
std::string bundled_idi_config(bool itu_lists, double min_observed_share) {
  std::string toml = "[reference]\neconomies = " + quoted(reference / "economies.csv") +
                     "\ngroups = " + quoted(reference / "groups.csv") +
                     "\nmemberships = " + quoted(reference / "memberships.csv") + "\n";
  if (itu_lists) toml += "group_lists = [" + quoted(reference / "itu-lists.csv") + "]\n";
  toml += "\n[publishing]\nmin_observed_share = " + std::to_string(min_observed_share) + "\n";
  toml += R"(
[[source]]
plugin = "csv"
name = "population"
series = "wb.population"
path = )" +
          quoted(data / "worldbank-wdi" / "sp.pop.totl.csv") +
          R"(

[[source]]
plugin = "csv_wide"
name = "itu_idi"
path = )" +
          quoted(data / "itu" / "idi2024_indicators.csv") +
          R"(
[source.columns]
internet_users = "itu.idi.internet_users@2022"
households_internet = "itu.idi.households_internet@2022"
mbb_subs = "itu.idi.mbb_subs@2022"
cov_3g = "itu.idi.cov_3g@2022"
cov_4g = "itu.idi.cov_4g@2022"
mbb_traffic_gb = "itu.idi.mbb_traffic_gb@2022"
fbb_traffic_gb = "itu.idi.fbb_traffic_gb@2022"
mobile_basket_gni = "itu.idi.mobile_basket_gni@2022"
fixed_basket_gni = "itu.idi.fixed_basket_gni@2022"
mobile_ownership = "itu.idi.mobile_ownership@2022"

[[source]]
plugin = "csv_wide"
name = "itu_idi_scores"
path = )" +
          quoted(data / "itu" / "idi2024_table1.csv") +
          R"(
columns = { idi_2024 = "itu.idi.published_score@2022", universal_connectivity_2024 = "itu.idi.published_universal@2022", meaningful_connectivity_2024 = "itu.idi.published_meaningful@2022" }

[[indicator]]
plugin = "idi"
published_score = "itu.idi.published_score"
published_universal = "itu.idi.published_universal"
published_meaningful = "itu.idi.published_meaningful"
)";
  return toml;
}

const p2c::Record* group_record(const IndicatorRun& run, const std::string& metric, const std::string& group) {
  const auto by_metric = run.groups.find("idi." + metric);
  if (by_metric == run.groups.end()) return nullptr;
  const auto it = by_metric->second.find({group, 2022});
  return it == by_metric->second.end() ? nullptr : &it->second;
}

}  // namespace

TEST_CASE("IDI 2024 group means with ITU's group lists equal ITU's published means within 0.1",
          "[idi][groups][real-data]") {
  // ITU publishes a group's IDI average as the simple mean of the economies it scores, whatever share of the
  // group's population they hold (India, Nepal and Papua New Guinea are not in the IDI 2024: Asia-Pacific's scored
  // economies hold about two thirds of its population). So this run publishes every group value; the next test
  // applies the bundled rule.
  const IndicatorRun run(bundled_idi_config(true, 0));
  REQUIRE(run.outcome.report.failures.empty());
  REQUIRE(run.outcome.rejected_rows == 0);

  // Every economy of the IDI has a score: computed, or ITU's published one flagged imputed.
  const auto& scores = p2c::test::metric(run, "idi.score");
  std::size_t computed = 0, imputed = 0;
  for (const auto& [key, record] : scores) {
    if (!record.value) continue;
    ((record.flags & p2c::flag_imputed) != 0 ? imputed : computed) += 1;
  }
  CHECK(computed == 109);
  CHECK(imputed == 61);

  double max_deviation = 0;
  for (const Published& group : itu_means) {
    for (const auto& [metric, expected] : {std::pair<std::string, double>{"score", group.score},
                                           {"universal", group.universal},
                                           {"meaningful", group.meaningful}}) {
      INFO(group.group << " idi." << metric << " 2022: ITU published " << expected);
      const p2c::Record* record = group_record(run, metric, group.group);
      REQUIRE(record != nullptr);
      REQUIRE(record->value);
      REQUIRE(record->coverage);
      CHECK(record->coverage->members_with_data == group.economies);
      CHECK(record->coverage->members_observed == group.economies);  // imputed values count as observed
      CHECK((record->flags & p2c::flag_estimated) == 0);
      INFO("computed " << *record->value);
      CHECK(std::abs(*record->value - expected) <= 0.1);
      max_deviation = std::max(max_deviation, std::abs(*record->value - expected));
    }
  }
  WARN("IDI 2024 group means: largest deviation from ITU's published means " << max_deviation);
}

TEST_CASE("without ITU's lists the SIDS and income group means miss ITU's", "[idi][groups][real-data]") {
  // UN M49's SIDS lack Bahrain; the World Bank's 2025 income groups moved nine IDI economies since ITU classified
  // them. The group lists are what makes the means ITU's.
  const IndicatorRun m49(bundled_idi_config(false, 0));
  REQUIRE(m49.outcome.report.failures.empty());
  const p2c::Record* sids = group_record(m49, "score", "SIDS");
  REQUIRE(sids != nullptr);
  REQUIRE(sids->value);
  CHECK(sids->coverage->members_with_data == 24);
  CHECK(std::abs(*sids->value - published("SIDS").score) > 0.5);
  const p2c::Record* lower_middle = group_record(m49, "score", "WB.LMC");
  REQUIRE(lower_middle != nullptr);
  REQUIRE(lower_middle->value);
  CHECK(std::abs(*lower_middle->value - published("WB.LMC").score) > 0.5);
  // Regions, LDC and LLDC do not depend on the lists.
  const IndicatorRun itu(bundled_idi_config(true, 0));
  for (const char* group : {"WLD", "ITU.ASP", "LDC", "LLDC"})
    CHECK(*group_record(m49, "score", group)->value == *group_record(itu, "score", group)->value);
}

TEST_CASE("the SIDS of ITU's list include Bahrain in 2022 but not in 2024, and UN M49's never",
          "[idi][groups][real-data]") {
  using p2c::host::Reference;
  const p2c::host::ReferenceSettings m49_settings{
      reference / "economies.csv", reference / "groups.csv", reference / "memberships.csv", {}, "wb.population"};
  auto itu_settings = m49_settings;
  itu_settings.group_lists = {reference / "itu-lists.csv"};
  const Reference m49 = Reference::load(m49_settings);
  const Reference itu = Reference::load(itu_settings);
  auto has_bahrain = [](const Reference& ref, int year) {
    const auto members = ref.members(*ref.find_group("SIDS"), year);
    return std::any_of(members.begin(), members.end(), [&](std::size_t e) { return ref.economies()[e] == "BHR"; });
  };
  CHECK(has_bahrain(itu, 2022));
  CHECK_FALSE(has_bahrain(itu, 2024));
  CHECK_FALSE(has_bahrain(m49, 2022));
  CHECK_FALSE(has_bahrain(m49, 2024));

  // In the IDI's SIDS mean: Bahrain's 97.5 with ITU's list, nothing without.
  const IndicatorRun run(bundled_idi_config(true, 0));
  const p2c::Record* sids = group_record(run, "score", "SIDS");
  REQUIRE(sids != nullptr);
  CHECK(sids->coverage->members == 58);  // 57 entries of the UN-OHRLLS list and Bahrain
  CHECK(sids->coverage->members_with_data == 25);
}

TEST_CASE("under the bundled publishing rules every IDI group mean ITU publishes is published, and is ITU's",
          "[idi][groups][real-data]") {
  // The shipped config publishes the IDI's group figures on ITU's terms: means over the economies it scores.
  const double min_observed_share =
      p2c::host::load_config(root / "config" / "p2c.toml").publishing.for_metric("idi.score").min_observed_share;
  const IndicatorRun run(bundled_idi_config(true, min_observed_share));
  REQUIRE(run.outcome.report.failures.empty());
  for (const Published& group : itu_means) {
    INFO(group.group);
    const p2c::Record* record = group_record(run, "score", group.group);
    REQUIRE(record != nullptr);
    REQUIRE(record->value);
    CHECK(std::abs(*record->value - group.score) <= 0.1);
  }
}
