// Snapshot indexes, the /results and /metrics filters, and the Prometheus rendering of results, on a run
// built by hand so every expected number is known.
#include "query.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "snapshot.h"

namespace {

using namespace p2c;
using service::BadRequest;
using Json = nlohmann::json;

Record make(std::uint32_t metric, EntityId entity, std::int32_t year, std::optional<double> value,
            EntityKind kind = EntityKind::economy) {
  Record record;
  record.metric = metric;
  record.entity = entity;
  record.entity_kind = kind;
  record.year = year;
  record.value = value;
  if (!value) record.reason = "no survey";
  return record;
}

// A setup whose config exports Internet use of `entities` to /metrics.
std::shared_ptr<service::Setup> exporting(std::vector<std::string> entities) {
  auto config = std::make_shared<host::Config>();
  config->service.metrics.metrics = {"sdg_17_8.internet_users"};
  config->service.metrics.entities = std::move(entities);
  auto setup = std::make_shared<service::Setup>();
  setup->config = std::move(config);
  return setup;
}

std::shared_ptr<const service::Snapshot> sample_snapshot(
    std::shared_ptr<service::Setup> setup = std::make_shared<service::Setup>()) {
  host::RunOutcome outcome;
  RunReport& report = outcome.report;
  report.run_id = "20261130T000000Z-abcd";
  report.started_at = "2026-11-30T00:00:00Z";
  CatalogueEntry access{"sdg_17_8.internet_users", "sdg_17_8", {}};
  access.info.name = "internet_users";
  access.info.unit = "%";
  access.info.focus_area = FocusArea::access;
  access.info.wsis_lines = {"C2"};
  access.info.sdg_indicators = {"17.8.1"};
  CatalogueEntry adoption{"adoption.skills", "adoption", {}};
  adoption.info.name = "skills";
  adoption.info.unit = "%";
  adoption.info.focus_area = FocusArea::adoption;
  adoption.info.wsis_lines = {"C4"};
  report.catalogue = {access, adoption};
  report.entity_codes = {"KEN", "UGA", "WLD", "Quote\"d"};
  Record world = make(0, 2, 2020, 60.5, EntityKind::group);
  world.coverage = Coverage{180, 200, 0.95};
  report.records = {make(0, 0, 2019, 20), make(0, 0, 2020, 25.5), make(0, 0, 2021, std::nullopt),
                    make(0, 1, 2020, 30), make(0, 3, 2020, 1),    world,
                    make(1, 0, 2020, 7)};
  return std::make_shared<const service::Snapshot>(std::move(outcome), std::move(setup), "{}");
}

Json results(const service::Snapshot& snapshot, const std::string& query) {
  return Json::parse(service::results_body(snapshot, service::parse_results_query(service::parse_query(query))));
}

std::string results_csv(const service::Snapshot& snapshot, const std::string& query) {
  return service::results_csv(
      snapshot, service::results_page(snapshot, service::parse_results_query(service::parse_query(query))));
}

std::vector<std::string> keys(const Json& body) {
  std::vector<std::string> out;
  for (const auto& record : body["results"])
    out.push_back(record["metric"].get<std::string>() + "/" + record["entity"].get<std::string>() + "/" +
                  std::to_string(record["year"].get<int>()));
  return out;
}

}  // namespace

TEST_CASE("results without filters list every record in record order", "[service][query]") {
  const auto snapshot = sample_snapshot();
  const Json body = results(*snapshot, "");
  CHECK(body["run_id"] == "20261130T000000Z-abcd");
  CHECK(body["total"] == 7);
  CHECK(keys(body) == std::vector<std::string>{"sdg_17_8.internet_users/KEN/2019", "sdg_17_8.internet_users/KEN/2020",
                                               "sdg_17_8.internet_users/KEN/2021", "sdg_17_8.internet_users/UGA/2020",
                                               "sdg_17_8.internet_users/Quote\"d/2020",
                                               "sdg_17_8.internet_users/WLD/2020", "adoption.skills/KEN/2020"});
  const Json& missing = body["results"][2];
  CHECK(missing["value"].is_null());
  CHECK(missing["reason"] == "no survey");
  const Json& world = body["results"][5];
  CHECK(world["entity_kind"] == "group");
  CHECK(world["coverage"]["members_with_data"] == 180);
  CHECK(world["coverage"]["population_share"] == 0.95);
}

TEST_CASE("results filter by metric, entity, years and metadata", "[service][query]") {
  const auto snapshot = sample_snapshot();
  CHECK(keys(results(*snapshot, "metric=adoption.skills")) == std::vector<std::string>{"adoption.skills/KEN/2020"});
  CHECK(keys(results(*snapshot, "economy=UGA&group=WLD")) ==
        std::vector<std::string>{"sdg_17_8.internet_users/UGA/2020", "sdg_17_8.internet_users/WLD/2020"});
  CHECK(keys(results(*snapshot, "economy=KEN&from=2020&to=2020")) ==
        std::vector<std::string>{"sdg_17_8.internet_users/KEN/2020", "adoption.skills/KEN/2020"});
  CHECK(keys(results(*snapshot, "economy=KEN&focus=adoption")) == std::vector<std::string>{"adoption.skills/KEN/2020"});
  CHECK(results(*snapshot, "wsis=C2")["total"] == 6);
  CHECK(results(*snapshot, "sdg=17.8.1&from=2021")["total"] == 1);
  CHECK(results(*snapshot, "sdg=9.c.1")["total"] == 0);
  // A group filter does not select an economy of the same code, and KEN is no group.
  CHECK_THROWS_WITH(results(*snapshot, "group=KEN"), Catch::Contains("parameter 'group'"));
}

TEST_CASE("results pages with limit and offset, and total counts every match", "[service][query]") {
  const auto snapshot = sample_snapshot();
  const Json page = results(*snapshot, "limit=2&offset=3");
  CHECK(page["total"] == 7);
  CHECK(page["limit"] == 2);
  CHECK(page["offset"] == 3);
  CHECK(keys(page) ==
        std::vector<std::string>{"sdg_17_8.internet_users/UGA/2020", "sdg_17_8.internet_users/Quote\"d/2020"});
  CHECK(results(*snapshot, "offset=100")["results"].empty());
}

TEST_CASE("bad results parameters name the parameter", "[service][query]") {
  const auto snapshot = sample_snapshot();
  CHECK_THROWS_WITH(results(*snapshot, "from=2024&to=2015"), Catch::Contains("'from'") && Catch::Contains("'to'"));
  CHECK_THROWS_WITH(results(*snapshot, "from=20x5"), Catch::Contains("parameter 'from'") && Catch::Contains("20x5"));
  CHECK_THROWS_WITH(results(*snapshot, "to=2024.5"), Catch::Contains("parameter 'to'"));
  CHECK_THROWS_WITH(results(*snapshot, "focus=speed"),
                    Catch::Contains("parameter 'focus'") && Catch::Contains("speed"));
  CHECK_THROWS_WITH(results(*snapshot, "limit=0"), Catch::Contains("parameter 'limit'"));
  CHECK_THROWS_WITH(results(*snapshot, "limit=100001"), Catch::Contains("parameter 'limit'"));
  CHECK_THROWS_WITH(results(*snapshot, "offset=-1"), Catch::Contains("parameter 'offset'"));
  CHECK_THROWS_WITH(results(*snapshot, "metric=nope.nothing"),
                    Catch::Contains("parameter 'metric'") && Catch::Contains("nope.nothing"));
  CHECK_THROWS_WITH(results(*snapshot, "economy=XXX"), Catch::Contains("parameter 'economy'"));
  CHECK_THROWS_WITH(results(*snapshot, "year=2020"), Catch::Contains("unknown parameter 'year'"));
  CHECK_THROWS_WITH(results(*snapshot, "format=xlsx"), Catch::Contains("parameter 'format'") && Catch::Contains("csv"));
  CHECK_THROWS_AS(service::parse_query("economy=%4"), BadRequest);
}

TEST_CASE("query strings are percent-decoded", "[service][query]") {
  const auto params = service::parse_query("economy=KEN%2CUGA&sdg=17.8.1&x=a+b&flag");
  CHECK(params.at("economy") == "KEN,UGA");
  CHECK(params.at("x") == "a b");
  CHECK(params.at("flag").empty());
  const auto snapshot = sample_snapshot();
  CHECK(results(*snapshot, "economy=KEN%2CUGA&metric=sdg_17_8.internet_users")["total"] == 4);
}

TEST_CASE("metrics filter the catalogue", "[service][query]") {
  const auto snapshot = sample_snapshot();
  const auto metrics = [&](const std::string& query) {
    const auto params = service::parse_query(query);
    return Json::parse(service::metrics_body(*snapshot, service::parse_metric_filter(params)))["metrics"];
  };
  CHECK(metrics("").size() == 2);
  REQUIRE(metrics("focus=adoption").size() == 1);
  CHECK(metrics("focus=adoption")[0]["id"] == "adoption.skills");
  CHECK(metrics("wsis=C2&sdg=17.8.1")[0]["focus_area"] == "access");
  CHECK(metrics("wsis=C9").empty());
}

TEST_CASE("Prometheus results hold the latest value of each exported metric and entity, labels escaped",
          "[service][query]") {
  const auto snapshot = sample_snapshot(exporting({"KEN", "WLD", "Quote\"d"}));
  const std::string& text = snapshot->prometheus_results();
  CHECK_THAT(text, Catch::Contains("# TYPE p2c_result_value gauge\n"));
  // KEN's latest year, 2021, has no value: 2020 is the latest value.
  CHECK_THAT(text, Catch::Contains("p2c_result_value{metric=\"sdg_17_8.internet_users\",entity=\"KEN\"} 25.5\n"));
  CHECK_THAT(text, Catch::Contains("p2c_result_year{metric=\"sdg_17_8.internet_users\",entity=\"KEN\"} 2020\n"));
  CHECK_THAT(text, Catch::Contains("p2c_result_value{metric=\"sdg_17_8.internet_users\",entity=\"WLD\"} 60.5\n"));
  CHECK_THAT(text, Catch::Contains("entity=\"Quote\\\"d\""));
  // Neither an entity nor a metric the config does not export.
  CHECK_THAT(text, !Catch::Contains("entity=\"UGA\""));
  CHECK_THAT(text, !Catch::Contains("p2c_result_value{metric=\"adoption.skills\""));
  CHECK(snapshot->export_problems().empty());
  CHECK(service::prometheus_label("a\\b\"c\nd") == "a\\\\b\\\"c\\nd");
}

// A run in which WLD's 2020 value counts an estimated member and its 2021 value is withheld. The withheld record
// holds a number here on purpose: whatever the engine leaves in it, the service must not publish it.
std::shared_ptr<const service::Snapshot> withheld_snapshot() {
  host::RunOutcome outcome;
  RunReport& report = outcome.report;
  report.run_id = "20261130T000000Z-dcba";
  CatalogueEntry access{"sdg_17_8.internet_users", "sdg_17_8", {}};
  access.info.unit = "%";
  report.catalogue = {access};
  report.entity_codes = {"KEN", "WLD"};
  Record estimate = make(0, 0, 2021, 31);
  estimate.flags = flag_estimated;
  estimate.reason = "interpolated between 2020 and 2022";
  Record published = make(0, 1, 2020, 60.5, EntityKind::group);
  published.flags = flag_estimated;
  published.coverage = Coverage{200, 248, 0.97, 181, 0.78};
  Record withheld = make(0, 1, 2021, 70, EntityKind::group);
  withheld.flags = flag_estimated | flag_withheld;
  withheld.coverage = Coverage{60, 248, 0.4, 49, 0.39};
  withheld.reason =
      "49 of 248 members reported in 2021 (39 % of the group's population); publishing needs 80 % observed";
  report.records = {make(0, 0, 2020, 30), estimate, published, withheld};
  return std::make_shared<const service::Snapshot>(std::move(outcome), exporting({"KEN", "WLD"}), "{}");
}

TEST_CASE("a withheld value is served as null with its reason and coverage, and never exported", "[service][query]") {
  const auto snapshot = withheld_snapshot();
  const Json body = results(*snapshot, "group=WLD");
  REQUIRE(body["total"] == 2);
  const Json& published = body["results"][0];
  CHECK(published["value"] == 60.5);
  CHECK(published["flags"] == Json::array({"estimated"}));
  CHECK(published["coverage"] == Json({{"members_with_data", 200},
                                       {"members", 248},
                                       {"population_share", 0.97},
                                       {"members_observed", 181},
                                       {"observed_population_share", 0.78}}));
  const Json& withheld = body["results"][1];
  CHECK(withheld["value"].is_null());
  CHECK(withheld["flags"] == Json::array({"estimated", "withheld"}));
  CHECK_THAT(withheld["reason"].get<std::string>(), Catch::StartsWith("49 of 248 members reported in 2021"));
  CHECK(withheld["coverage"]["observed_population_share"] == 0.39);

  // /metrics: WLD's latest published value is 2020's, labelled an estimate; KEN's latest is an estimate too.
  const std::string& text = snapshot->prometheus_results();
  CHECK_THAT(text, Catch::Contains("p2c_result_value{metric=\"sdg_17_8.internet_users\",entity=\"WLD\"} 60.5\n"));
  CHECK_THAT(text, Catch::Contains("p2c_result_year{metric=\"sdg_17_8.internet_users\",entity=\"WLD\"} 2020\n"));
  CHECK_THAT(text, Catch::Contains("p2c_result_estimated{metric=\"sdg_17_8.internet_users\",entity=\"WLD\"} 1\n"));
  CHECK_THAT(text, !Catch::Contains("} 70\n"));
  CHECK_THAT(text, Catch::Contains("p2c_result_value{metric=\"sdg_17_8.internet_users\",entity=\"KEN\"} 31\n"));
  CHECK_THAT(text, Catch::Contains("p2c_result_estimated{metric=\"sdg_17_8.internet_users\",entity=\"KEN\"} 1\n"));
}

TEST_CASE("results as CSV: the sink's columns, the same selection and page as the JSON", "[service][query]") {
  const auto snapshot = sample_snapshot();
  CHECK(results_csv(*snapshot, "format=csv&economy=KEN&group=WLD&limit=3&offset=1") ==
        "metric,entity,entity_kind,year,value,unit,status,members_with_data,members,population_share,members_observed,"
        "observed_population_share,flags,reason\n"
        "sdg_17_8.internet_users,KEN,economy,2020,25.5,%,,,,,,,,\n"
        "sdg_17_8.internet_users,KEN,economy,2021,,%,,,,,,,,no survey\n"
        "sdg_17_8.internet_users,WLD,group,2020,60.5,%,,180,200,0.95,0,0,,\n");
  CHECK(service::parse_results_query(service::parse_query("format=csv")).csv);
  CHECK_FALSE(service::parse_results_query(service::parse_query("format=json")).csv);
  // Quotes in a text column are doubled inside a quoted field.
  CHECK_THAT(results_csv(*snapshot, "economy=Quote%22d"), Catch::Contains(",\"Quote\"\"d\",economy,2020,1,"));

  // A withheld value is not in the CSV either, whatever the record holds.
  const auto withheld = withheld_snapshot();
  const std::string csv = results_csv(*withheld, "group=WLD&from=2021");
  CHECK_THAT(csv, Catch::Contains(",WLD,group,2021,,%,"));
  CHECK_THAT(csv, Catch::Contains("estimated;withheld,49 of 248 members reported in 2021"));
}
