// What `p2c serve` publishes of a group value too little of which was observed, of an estimate and of old data:
// the API serves withheld values as null with their reason and the observed coverage, /metrics never exports them,
// and estimates are labelled; /report serves the run's report. A real server over tiny data whose every number is
// known.
#include <catch2/catch.hpp>
#include <csignal>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "gunzip.h"
#include "http_client.h"
#include "server_process.h"
#include "service_config.h"
#include "temp_dir.h"

namespace {

using namespace std::chrono_literals;
using Json = nlohmann::json;
using p2c::test::HttpClient;
using p2c::test::ServerProcess;
using p2c::test::TempDir;

// Three economies and two groups. IND (1000 M people) reports every year from 2019 to 2023; BTN (100 M) in 2019
// and 2021 only, so 2020 is interpolated and 2022-2023 extrapolated; NPL (9000 M) in 2019 only. So:
//  - SAS (IND, BTN) is published every year, flagged estimated in 2020, 2022 and 2023 (91 % observed);
//  - WLD (all three) is published for 2019 only: from 2020 on 11 % of its people are observed, and it is withheld.
// MDV, in no group, last reported in 2014: more than 5 years before the reference year 2024.
void write_data(const TempDir& dir) {
  dir.write("economies.csv", "iso3,m49,name\nIND,356,India\nBTN,064,Bhutan\nNPL,524,Nepal\nMDV,462,Maldives\n");
  dir.write("groups.csv", "code,name,family\nSAS,South Asia (test),test\nWLD,World,world\n");
  dir.write("memberships.csv", "group,iso3,from_year,to_year\nSAS,IND,,\nSAS,BTN,,\nWLD,IND,,\nWLD,BTN,,\nWLD,NPL,,\n");
  dir.write("internet.csv",
            "economy,year,value\nIND,2019,20\nIND,2020,25\nIND,2021,30\nIND,2022,35\nIND,2023,40\n"
            "BTN,2019,10\nBTN,2021,20\nNPL,2019,50\nMDV,2010,30\nMDV,2012,40\nMDV,2014,50\n");
  std::string population = "economy,year,value\n";
  for (int year = 2010; year <= 2023; ++year)
    for (const auto& [code, people] : {std::pair{"IND", "1000000000"}, std::pair{"BTN", "100000000"},
                                       std::pair{"NPL", "9000000000"}, std::pair{"MDV", "500000"}})
      population += std::string(code) + "," + std::to_string(year) + "," + people + "\n";
  dir.write("population.csv", population);
}

std::string config(const TempDir& dir) {
  const std::string columns = "economy_column = \"economy\"\nyear_column = \"year\"\nvalue_column = \"value\"\n";
  return "[reference]\neconomies = \"" + (dir / "economies.csv").string() + "\"\ngroups = \"" +
         (dir / "groups.csv").string() + "\"\nmemberships = \"" + (dir / "memberships.csv").string() +
         "\"\npopulation = \"wb.population\"\n\n"
         "[[estimation]]\nmetric = \"sdg_17_8.internet_users\"\nmethod = \"itu_trend\"\n\n"
         "[publishing]\nmin_observed_share = 0.8\n\n"
         "[progress]\nreference_year = 2024\nmax_age_years = 5\n\n" +
         p2c::test::service_section(0,
                                    "\n[service.metrics]\nexport = [\"sdg_17_8.internet_users\"]\n"
                                    "entities = [\"WLD\", \"SAS\", \"BTN\", \"IND\"]\n") +
         p2c::test::csv_source("internet_users", "itu.internet_users", dir / "internet.csv",
                               columns + "unit = \"%\"\n") +
         p2c::test::csv_source("population", "wb.population", dir / "population.csv", columns) +
         "\n[[indicator]]\nplugin = \"sdg_17_8\"\n";
}

std::unique_ptr<ServerProcess> start_ready(const TempDir& dir) {
  write_data(dir);
  const auto path = dir.write("p2c.toml", config(dir));
  auto server =
      std::make_unique<ServerProcess>(P2C_EXE, std::vector<std::string>{"--config", path.string()}, dir.path());
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (p2c::test::http_get(server->port(), "/readyz").status != 200) {
    if (std::chrono::steady_clock::now() > deadline) FAIL("the server did not become ready:\n" << server->log());
    std::this_thread::sleep_for(20ms);
  }
  return server;
}

// year -> record of one metric and entity.
std::map<int, Json> by_year(HttpClient& client, const std::string& query) {
  const auto reply = client.get("/api/v1/results?metric=sdg_17_8.internet_users&" + query);
  REQUIRE(reply.status == 200);
  std::map<int, Json> out;
  const Json body = Json::parse(reply.body);  // named: a range-for over a temporary's member would dangle
  for (const auto& record : body["results"]) out[record["year"].get<int>()] = record;
  return out;
}

bool has_flag(const Json& record, const std::string& flag) {
  const auto& flags = record["flags"];
  return std::find(flags.begin(), flags.end(), flag) != flags.end();
}

}  // namespace

TEST_CASE("the API serves withheld group values as null with their reason and the observed coverage",
          "[service][serve][published]") {
  TempDir dir;
  auto server = start_ready(dir);
  HttpClient client(server->port());

  const auto world = by_year(client, "group=WLD");
  REQUIRE(world.count(2019) == 1);
  CHECK(world.at(2019)["value"].is_number());
  CHECK_FALSE(has_flag(world.at(2019), "withheld"));
  for (int year = 2020; year <= 2023; ++year) {
    INFO(year);
    REQUIRE(world.count(year) == 1);
    const Json& record = world.at(year);
    CHECK(record["value"].is_null());
    CHECK(has_flag(record, "withheld"));
    CHECK_THAT(record["reason"].get<std::string>(), Catch::Contains("members reported in " + std::to_string(year)) &&
                                                        Catch::Contains("publishing needs 80 % observed"));
    // The coverage still says how much was there, observed and in all.
    const Json& coverage = record["coverage"];
    CHECK(coverage["members"] == 3);
    const bool bhutan_reported = year == 2021;
    CHECK(coverage["members_observed"] == (bhutan_reported ? 2 : 1));
    CHECK(coverage["observed_population_share"].get<double>() == Approx((bhutan_reported ? 1100.0 : 1000.0) / 10100));
  }

  // Published with an estimated member: flagged, with the observed part beside the whole.
  const auto south = by_year(client, "group=SAS");
  REQUIRE(south.count(2020) == 1);
  const Json& estimated = south.at(2020);
  CHECK(estimated["value"].get<double>() == Approx((25.0 * 1000 + 15.0 * 100) / 1100));
  CHECK(has_flag(estimated, "estimated"));
  CHECK_FALSE(has_flag(estimated, "withheld"));
  CHECK(estimated["coverage"]["members_with_data"] == 2);
  CHECK(estimated["coverage"]["members_observed"] == 1);
  CHECK(estimated["coverage"]["population_share"].get<double>() == Approx(1.0));
  CHECK(estimated["coverage"]["observed_population_share"].get<double>() == Approx(1000.0 / 1100));
  CHECK(south.at(2021)["flags"].empty());
  CHECK(south.at(2021)["coverage"]["members_observed"] == 2);

  // An economy's estimate says how it was made.
  const auto bhutan = by_year(client, "economy=BTN");
  REQUIRE(bhutan.count(2020) == 1);
  CHECK(has_flag(bhutan.at(2020), "estimated"));
  CHECK_THAT(bhutan.at(2020)["reason"].get<std::string>(), Catch::Contains("interpolated between 2019 and 2021"));
  CHECK(bhutan.at(2020)["coverage"].is_null());

  // Old data: the latest value says why it has no status, and there is no gap from it.
  const auto maldives = by_year(client, "economy=MDV");
  REQUIRE(maldives.count(2014) == 1);
  CHECK(maldives.at(2014)["status"] == "insufficient_data");
  CHECK_THAT(maldives.at(2014)["reason"].get<std::string>(),
             Catch::Contains("latest value from 2014, more than 5 years before 2024"));
  CHECK(Json::parse(client.get("/api/v1/results?metric=sdg_17_8.internet_users.gap&economy=MDV").body)["total"] == 0);

  // Every record has exactly the fields docs/openapi.json documents, coverage included, and only its flags.
  std::ifstream in(std::string(P2C_SOURCE_DIR) + "/docs/openapi.json");
  const Json schema = Json::parse(in)["components"]["schemas"]["Result"]["properties"];
  std::set<std::string> documented, coverage_documented, flags_documented;
  for (const auto& [key, value] : schema.items()) documented.insert(key);
  for (const auto& [key, value] : schema["coverage"]["properties"].items()) coverage_documented.insert(key);
  for (const auto& flag : schema["flags"]["items"]["enum"]) flags_documented.insert(flag.get<std::string>());
  const Json all = Json::parse(client.get("/api/v1/results?limit=100000").body)["results"];
  REQUIRE(all.size() > 20);
  for (const auto& record : all) {
    std::set<std::string> served, coverage_served;
    for (const auto& [key, value] : record.items()) served.insert(key);
    CHECK(served == documented);
    if (record["coverage"].is_null()) continue;
    for (const auto& [key, value] : record["coverage"].items()) coverage_served.insert(key);
    CHECK(coverage_served == coverage_documented);
    for (const auto& flag : record["flags"]) CHECK(flags_documented.count(flag.get<std::string>()) == 1);
    // A withheld value is never a number, anywhere.
    if (has_flag(record, "withheld")) CHECK(record["value"].is_null());
  }
}

TEST_CASE("/metrics exports no withheld value and labels estimates", "[service][serve][published][prometheus]") {
  TempDir dir;
  auto server = start_ready(dir);
  const std::string body = p2c::test::http_get(server->port(), "/metrics").body;
  INFO(body);

  // Value, year and estimate of each exported (metric, entity), each in a family of its own with the same labels.
  const std::regex sample(R"re((p2c_result_(value|year|estimated))\{metric="([^"]+)",entity="([^"]+)"\} (\S+))re");
  std::map<std::pair<std::string, std::string>, std::map<std::string, double>> results;
  std::istringstream lines(body);
  for (std::string line; std::getline(lines, line);) {
    if (!line.starts_with("p2c_result_")) continue;
    std::smatch match;
    INFO(line);
    REQUIRE(std::regex_match(line, match, sample));
    CHECK(results[{match[3].str(), match[4].str()}].emplace(match[2].str(), std::stod(match[5])).second);
  }
  const auto result = [&](const std::string& entity) {
    const auto found = results.find({"sdg_17_8.internet_users", entity});
    REQUIRE(found != results.end());
    REQUIRE(found->second.size() == 3);
    return found->second;
  };
  CHECK(results.size() == 4);

  // WLD is withheld from 2020 on: its latest published value, 2019, observed, is the one exported.
  CHECK(result("WLD").at("year") == 2019);
  CHECK(result("WLD").at("estimated") == 0);
  CHECK(result("WLD").at("value") == Approx((20.0 * 1000 + 10.0 * 100 + 50.0 * 9000) / 10100));
  // Estimates are exported, marked: BTN's 2023 is extrapolated, SAS 2023 counts it; IND is observed.
  CHECK(result("BTN") ==
        std::map<std::string, double>{{"value", result("BTN").at("value")}, {"year", 2023}, {"estimated", 1}});
  CHECK(result("SAS").at("year") == 2023);
  CHECK(result("SAS").at("estimated") == 1);
  CHECK(result("IND") == std::map<std::string, double>{{"value", 40}, {"year", 2023}, {"estimated", 0}});
  // The latest observation of Internet use anywhere: IND's 2023, not BTN's extrapolated years.
  CHECK_THAT(body, Catch::Contains("p2c_metric_latest_year{metric=\"sdg_17_8.internet_users\"} 2023\n"));
}

TEST_CASE("/report serves the run's HTML report in each language, compressed once and revalidated by its ETag",
          "[service][serve][published][report]") {
  TempDir dir;
  auto server = start_ready(dir);
  HttpClient client(server->port());
  const std::string run = Json::parse(client.get("/api/v1/runs/current").body)["id"];
  // Built after the run is served: until then the route says so and when to come back.
  auto english = client.get("/report");
  const auto deadline = std::chrono::steady_clock::now() + 60s;
  while (english.status == 503) {
    CHECK(english.header("retry-after") == "5");
    if (std::chrono::steady_clock::now() > deadline) FAIL("no report within a minute:\n" << server->log());
    std::this_thread::sleep_for(50ms);
    english = client.get("/report");
  }
  REQUIRE(english.status == 200);
  CHECK(english.header("content-type") == "text/html; charset=utf-8");
  CHECK(english.header("etag") == "\"" + run + "-en\"");
  CHECK(english.header("cache-control") == "no-cache");
  CHECK_THAT(english.body, Catch::StartsWith("<!DOCTYPE html>") && Catch::Contains("<html lang=\"en\" dir=\"ltr\">") &&
                               Catch::Contains(run) && Catch::Contains("Maldives"));
  // The config is named as the API names it: the server's folders are not shown.
  CHECK_THAT(english.body, !Catch::Contains(dir.path().string()));

  const auto arabic = client.get("/report?lang=ar");
  REQUIRE(arabic.status == 200);
  CHECK_THAT(arabic.body, Catch::Contains("<html lang=\"ar\" dir=\"rtl\">") && Catch::Contains(run));
  CHECK(arabic.header("etag") == "\"" + run + "-ar\"");

  const auto compressed = client.request("GET", "/report?lang=fr", "", {{"Accept-Encoding", "gzip"}});
  REQUIRE(compressed.status == 200);
  CHECK(compressed.header("content-encoding") == "gzip");
  CHECK(compressed.header("vary") == "Accept-Encoding");
  const std::string french = p2c::test::gunzip(compressed.body);
  CHECK_THAT(french, Catch::Contains("<html lang=\"fr\" dir=\"ltr\">"));
  CHECK(french == client.get("/report?lang=fr").body);

  const auto unchanged = client.request("GET", "/report", "", {{"If-None-Match", english.header("etag")}});
  CHECK(unchanged.status == 304);
  CHECK(unchanged.body.empty());
  CHECK(client.request("GET", "/report", "", {{"If-None-Match", "\"another-run-en\""}}).status == 200);

  const auto unknown = client.get("/report?lang=xx");
  CHECK(unknown.status == 404);
  CHECK_THAT(unknown.body, Catch::Contains("'xx'") && Catch::Contains("ar, en, es, fr, ru, zh"));

  // The next run replaces the report: a client holding the old ETag gets the new page.
  server->signal(SIGHUP);
  const auto reload_deadline = std::chrono::steady_clock::now() + 60s;
  p2c::test::HttpReply next;
  do {
    if (std::chrono::steady_clock::now() > reload_deadline) FAIL("no new report after SIGHUP:\n" << server->log());
    std::this_thread::sleep_for(50ms);
    next = client.request("GET", "/report", "", {{"If-None-Match", english.header("etag")}});
  } while (next.status == 304);
  REQUIRE(next.status == 200);
  const std::string next_run = Json::parse(client.get("/api/v1/runs/current").body)["id"];
  CHECK(next_run != run);
  CHECK(next.header("etag") == "\"" + next_run + "-en\"");
  CHECK_THAT(next.body, Catch::Contains(next_run));
}
