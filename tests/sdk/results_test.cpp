// Names of result and metric enums as every output writes them.
#include "p2c/results.h"

#include <catch2/catch.hpp>
#include <string>

#include "p2c/metric.h"

using namespace p2c;

TEST_CASE("flags_to_string of no flags is empty", "[results]") { CHECK(flags_to_string(0) == ""); }

TEST_CASE("flags_to_string of one flag is its name", "[results]") {
  CHECK(flags_to_string(flag_estimated) == "estimated");
  CHECK(flags_to_string(flag_imputed) == "imputed");
  CHECK(flags_to_string(flag_withheld) == "withheld");
}

TEST_CASE("flags_to_string lists several flags in a fixed order, separated by semicolons", "[results]") {
  CHECK(flags_to_string(flag_estimated | flag_imputed | flag_withheld) == "estimated;imputed;withheld");
  CHECK(flags_to_string(flag_withheld | flag_estimated) == "estimated;withheld");
  CHECK(flags_to_string(flag_withheld | flag_imputed) == "imputed;withheld");
}

TEST_CASE("flags_to_string ignores bits without a name", "[results]") {
  CHECK(flags_to_string(1u << 5) == "");
  CHECK(flags_to_string((1u << 31) | flag_imputed) == "imputed");
}

TEST_CASE("to_string of Status", "[results]") {
  CHECK(std::string(to_string(Status::none)) == "");
  CHECK(std::string(to_string(Status::achieved)) == "achieved");
  CHECK(std::string(to_string(Status::on_track)) == "on_track");
  CHECK(std::string(to_string(Status::off_track)) == "off_track");
  CHECK(std::string(to_string(Status::insufficient_data)) == "insufficient_data");
}

TEST_CASE("to_string of EntityKind", "[results]") {
  CHECK(std::string(to_string(EntityKind::economy)) == "economy");
  CHECK(std::string(to_string(EntityKind::group)) == "group");
}

TEST_CASE("to_string of FocusArea", "[results][metric]") {
  CHECK(std::string(to_string(FocusArea::access)) == "access");
  CHECK(std::string(to_string(FocusArea::adoption)) == "adoption");
  CHECK(std::string(to_string(FocusArea::value_creation)) == "value_creation");
  CHECK(std::string(to_string(FocusArea::investment_acceleration)) == "investment_acceleration");
}

TEST_CASE("to_string of Direction", "[results][metric]") {
  CHECK(std::string(to_string(Direction::higher_is_better)) == "higher_is_better");
  CHECK(std::string(to_string(Direction::lower_is_better)) == "lower_is_better");
}

TEST_CASE("to_string of Aggregation", "[results][metric]") {
  CHECK(std::string(to_string(Aggregation::none)) == "none");
  CHECK(std::string(to_string(Aggregation::sum)) == "sum");
  CHECK(std::string(to_string(Aggregation::mean)) == "mean");
  CHECK(std::string(to_string(Aggregation::population_weighted_mean)) == "population_weighted_mean");
  CHECK(std::string(to_string(Aggregation::median)) == "median");
  CHECK(std::string(to_string(Aggregation::share_meeting_target)) == "share_meeting_target");
}

TEST_CASE("MetricInfo defaults", "[results][metric]") {
  const MetricInfo info;
  CHECK(info.focus_area == FocusArea::access);
  CHECK(info.direction == Direction::higher_is_better);
  CHECK(info.aggregation == Aggregation::none);
  CHECK(info.target_year == 2030);
  CHECK_FALSE(info.target.has_value());
}
