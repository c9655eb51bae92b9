#include "progress_records.h"

#include <catch2/catch.hpp>
#include <cmath>

using namespace p2c;
using p2c::host::add_progress_records;

namespace {

CatalogueEntry metric(const std::string& id, std::optional<double> target) {
  CatalogueEntry entry;
  entry.id = id;
  entry.plugin = "test";
  entry.info.name = id;
  entry.info.title = "Share online";
  entry.info.unit = "%";
  entry.info.target = target;
  entry.info.aggregation = Aggregation::population_weighted_mean;
  return entry;
}

Record value(std::uint32_t m, EntityId entity, int year, double v) {
  Record r;
  r.metric = m;
  r.entity = entity;
  r.year = year;
  r.value = v;
  return r;
}

const Record* find(const std::vector<CatalogueEntry>& catalogue, const std::vector<Record>& records,
                   const std::string& id, EntityId entity, int year) {
  for (const auto& r : records)
    if (catalogue[r.metric].id == id && r.entity == entity && r.year == year) return &r;
  return nullptr;
}

}  // namespace

TEST_CASE("a targeted time series gets a status and its derived metrics", "[progress]") {
  std::vector<CatalogueEntry> catalogue = {metric("m.users", 100), metric("m.untargeted", std::nullopt),
                                           metric("m.latest", 100)};
  std::vector<Record> records = {
      // entity 0: 10, 20, 30 in 2020-2022: slope 10/yr, line reaches 110 in 2030; CAGR (30/10)^(1/2) - 1
      value(0, 0, 2020, 10), value(0, 0, 2021, 20), value(0, 0, 2022, 30),
      // entity 1: one value only
      value(0, 1, 2022, 50),
      // entity 2: already at the target
      value(0, 2, 2021, 99), value(0, 2, 2022, 100), value(1, 0, 2020, 1), value(1, 0, 2021, 2),
      // one value per entity: not a time series
      value(2, 0, 2022, 30), value(2, 1, 2022, 50)};
  // entity 3: an economy's later estimate does not count; a withheld group value has no value to count
  records.push_back(value(0, 3, 2021, 40));
  records.push_back(value(0, 3, 2022, 45));
  records.push_back(value(0, 3, 2023, 95));
  records.back().flags = flag_estimated;
  add_progress_records(catalogue, records, {10, 3, 5, 2024});

  REQUIRE(catalogue.size() == 3 + 4);
  CHECK(catalogue[3].id == "m.users.trend");
  CHECK(catalogue[3].info.unit == "pp per year");
  CHECK(catalogue[4].id == "m.users.growth");
  CHECK(catalogue[5].id == "m.users.gap");
  CHECK(catalogue[5].info.title == "Share online: gap to the 2030 target");
  CHECK(catalogue[5].info.unit == "pp");
  CHECK(catalogue[6].id == "m.users.projection");
  CHECK_FALSE(catalogue[6].info.target);
  CHECK(catalogue[6].info.aggregation == Aggregation::none);

  CHECK(find(catalogue, records, "m.users", 0, 2022)->status == Status::on_track);
  CHECK(find(catalogue, records, "m.users", 0, 2021)->status == Status::none);
  CHECK(find(catalogue, records, "m.users.trend", 0, 2022)->value == Approx(10));
  CHECK(find(catalogue, records, "m.users.growth", 0, 2022)->value == Approx((std::sqrt(3.0) - 1) * 100));
  CHECK(find(catalogue, records, "m.users.gap", 0, 2022)->value == 70);
  CHECK(find(catalogue, records, "m.users.projection", 0, 2030)->value == Approx(110));
  CHECK(find(catalogue, records, "m.users.projection", 0, 2030)->status == Status::on_track);

  CHECK(find(catalogue, records, "m.users", 1, 2022)->status == Status::insufficient_data);
  CHECK(find(catalogue, records, "m.users.trend", 1, 2022) == nullptr);
  CHECK(find(catalogue, records, "m.users.gap", 1, 2022)->value == 50);

  CHECK(find(catalogue, records, "m.users", 2, 2022)->status == Status::achieved);
  CHECK(find(catalogue, records, "m.users.gap", 2, 2022)->value == 0);

  CHECK(find(catalogue, records, "m.users", 3, 2022)->status == Status::insufficient_data);
  CHECK(find(catalogue, records, "m.users", 3, 2023)->status == Status::none);
  CHECK(find(catalogue, records, "m.users.gap", 3, 2022)->value == 55);

  CHECK(find(catalogue, records, "m.untargeted", 0, 2021)->status == Status::none);
  CHECK(find(catalogue, records, "m.latest", 0, 2022)->status == Status::none);
}

TEST_CASE("a group value that counts estimates is assessed like any published value", "[progress]") {
  std::vector<CatalogueEntry> catalogue = {metric("m.users", 100)};
  std::vector<Record> records = {value(0, 0, 2021, 40), value(0, 0, 2022, 45), value(0, 0, 2023, 50)};
  for (auto& r : records) {
    r.entity_kind = EntityKind::group;
    r.flags = flag_estimated;
  }
  add_progress_records(catalogue, records, {10, 3, 5, 2024});
  CHECK(find(catalogue, records, "m.users", 0, 2023)->status == Status::off_track);  // 5/yr reaches 85 in 2030
  CHECK(find(catalogue, records, "m.users.gap", 0, 2023)->flags == flag_estimated);
}

TEST_CASE("a latest value older than max_age_years gives no status and no derived values", "[progress]") {
  std::vector<CatalogueEntry> catalogue = {metric("m.users", 100)};
  // entity 0: latest 2020, 5 years before 2025: still assessed; entity 1: latest 2019: too old.
  std::vector<Record> records = {value(0, 0, 2018, 10), value(0, 0, 2019, 20), value(0, 0, 2020, 30),
                                 value(0, 1, 1988, 1),  value(0, 1, 1989, 2),  value(0, 1, 2019, 3)};
  add_progress_records(catalogue, records, {10, 3, 5, 2025});
  CHECK(find(catalogue, records, "m.users", 0, 2020)->status == Status::on_track);
  CHECK(find(catalogue, records, "m.users", 0, 2020)->reason.empty());
  const Record* old = find(catalogue, records, "m.users", 1, 2019);
  CHECK(old->status == Status::insufficient_data);
  CHECK(old->reason == "latest value from 2019, more than 5 years before 2025");
  for (const char* derived : {"m.users.trend", "m.users.growth", "m.users.gap"})
    CHECK(find(catalogue, records, derived, 1, 2019) == nullptr);
  CHECK(find(catalogue, records, "m.users.projection", 1, 2030) == nullptr);
}

TEST_CASE("projections are clipped to the metric's domain, and growth is skipped where it means nothing",
          "[progress]") {
  std::vector<CatalogueEntry> catalogue = {metric("m.users", 100), metric("m.gap", 0)};
  catalogue[0].info.minimum = 0;
  catalogue[0].info.maximum = 100;
  catalogue[1].info.direction = Direction::lower_is_better;
  catalogue[1].info.growth_rate = false;
  // 60, 70, 80 in 2020-2022: the line reaches 160 in 2030, a share stops at 100.
  std::vector<Record> records = {value(0, 0, 2020, 60), value(0, 0, 2021, 70), value(0, 0, 2022, 80),
                                 value(1, 0, 2020, 30), value(1, 0, 2021, 20), value(1, 0, 2022, 10)};
  add_progress_records(catalogue, records, {10, 3, 5, 2024});
  CHECK(find(catalogue, records, "m.users.projection", 0, 2030)->value == 100);
  CHECK(find(catalogue, records, "m.users.growth", 0, 2022) != nullptr);
  CHECK(find(catalogue, records, "m.gap.growth", 0, 2022) == nullptr);
  CHECK(find(catalogue, records, "m.gap.trend", 0, 2022)->value == Approx(-10));
}
