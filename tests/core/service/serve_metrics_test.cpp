// GET /metrics of a real `p2c serve` on the bundled SDG 17.8.1 data: build and process metrics, the served run's
// sources, failures, stages and freshness, the few exported results with labels that never change between runs, a
// small body, gzip, and an exposition promtool accepts.
#include <catch2/catch.hpp>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

#include "gunzip.h"
#include "http_client.h"
#include "p2c/abi.h"
#include "run_command.h"
#include "server_process.h"
#include "service_config.h"
#include "temp_dir.h"

namespace {

using Json = nlohmann::json;
using p2c::test::HttpClient;
using p2c::test::ServerProcess;
using p2c::test::TempDir;

const std::string exe = P2C_EXE;

std::unique_ptr<ServerProcess> start_ready(const TempDir& dir, const std::string& service) {
  const auto config = dir.write("p2c.toml", p2c::test::bundled_config(dir.path(), service));
  auto server = std::make_unique<ServerProcess>(exe, std::vector<std::string>{"--config", config.string()}, dir.path());
  p2c::test::wait_ready(server->port());
  return server;
}

// Samples of one family: labels as written ("{...}", empty without labels) -> value.
std::map<std::string, double> samples(const std::string& body, const std::string& family) {
  std::map<std::string, double> out;
  std::istringstream lines(body);
  for (std::string line; std::getline(lines, line);) {
    if (!line.starts_with(family) || (line[family.size()] != '{' && line[family.size()] != ' ')) continue;
    const auto space = line.rfind(' ');
    out[line.substr(family.size(), space - family.size())] = std::stod(line.substr(space + 1));
  }
  return out;
}

}  // namespace

TEST_CASE("/metrics holds the build, the process and the served run, and is small", "[service][serve][prometheus]") {
  TempDir dir;
  auto server = start_ready(dir, p2c::test::service_section(0));
  HttpClient client(server->port());
  const std::string body = client.get("/metrics").body;
  INFO("/metrics: " << body.size() << " bytes");

  CHECK(samples(body, "p2c_build_info").size() == 1);
  CHECK_THAT(body, Catch::Contains("p2c_build_info{version=\"") &&
                       Catch::Contains("\",abi=\"" + std::to_string(P2C_ABI_VERSION) + "\"} 1\n"));
  CHECK(samples(body, "process_resident_memory_bytes").at("") > 1e6);
  CHECK(samples(body, "process_virtual_memory_bytes").at("") > 1e6);
  CHECK(samples(body, "process_cpu_seconds_total").at("") > 0);
  CHECK(samples(body, "process_open_fds").at("") >= 3);
  CHECK(samples(body, "process_max_fds").at("") >= samples(body, "process_open_fds").at(""));
  const double now = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  CHECK(samples(body, "process_start_time_seconds").at("") == Approx(now).margin(120));
  CHECK(samples(body, "p2c_run_age_seconds").at("") >= 0);
  CHECK(samples(body, "p2c_run_age_seconds").at("") < 120);

  // Rows read and rejected of each series, as the same config's `p2c run` reports them.
  const auto rows = samples(body, "p2c_source_rows_read");
  const auto rejected = samples(body, "p2c_source_rows_rejected");
  const auto run = p2c::test::run_command("(" + exe + " run --config " + (dir / "p2c.toml").string() +
                                          " --summary json 2>/dev/null)");
  REQUIRE(run.exit_code == 0);
  const Json summary = Json::parse(run.output);
  REQUIRE(summary["series"].size() == 2);
  for (const auto& series : summary["series"]) {
    const std::string labels =
        "{source=\"" + series["source"].get<std::string>() + "\",series=\"" + series["id"].get<std::string>() + "\"}";
    INFO(labels);
    CHECK(rows.at(labels) == series["rows"].get<double>());
    CHECK(rejected.at(labels) == series["rejected"].get<double>());
  }
  CHECK(rows.at("{source=\"internet_users\",series=\"itu.internet_users\"}") > 1000);
  CHECK(samples(body, "p2c_instance_failures") == std::map<std::string, double>{{"{instance=\"internet_users\"}", 0},
                                                                                {"{instance=\"population\"}", 0},
                                                                                {"{instance=\"sdg_17_8\"}", 0}});
  std::set<std::string> stages;
  for (const auto& [labels, seconds] : samples(body, "p2c_run_stage_seconds")) {
    stages.insert(labels);
    CHECK(seconds >= 0);
  }
  CHECK(stages == std::set<std::string>{"{stage=\"read\"}", "{stage=\"compute\"}", "{stage=\"estimate\"}",
                                        "{stage=\"aggregate\"}", "{stage=\"progress\"}"});

  // The exported results: the default metrics for the default groups, as the JSON API publishes them.
  std::set<std::string> metrics, entities;
  const std::regex labels(R"re(\{metric="([^"]+)",entity="([^"]+)"\})re");
  for (const char* family : {"p2c_result_value", "p2c_result_year", "p2c_result_estimated"})
    for (const auto& [text, value] : samples(body, family)) {
      std::smatch match;
      INFO(family << text);
      REQUIRE(std::regex_match(text, match, labels));
      metrics.insert(match[1]);
      entities.insert(match[2]);
    }
  CHECK(metrics == std::set<std::string>{"sdg_17_8.internet_users", "sdg_17_8.offline_population"});
  CHECK(entities == std::set<std::string>{"WLD", "LDC", "LLDC", "SIDS"});
  CHECK_THAT(body, !Catch::Contains("year=\""));
  const Json world = Json::parse(client.get("/api/v1/results?metric=sdg_17_8.internet_users&group=WLD").body);
  const Json* latest = nullptr;
  for (const auto& record : world["results"])
    if (!record["value"].is_null()) latest = &record;
  REQUIRE(latest != nullptr);
  const std::string world_labels = "{metric=\"sdg_17_8.internet_users\",entity=\"WLD\"}";
  CHECK(samples(body, "p2c_result_value").at(world_labels) == Approx((*latest)["value"].get<double>()));
  CHECK(samples(body, "p2c_result_year").at(world_labels) == (*latest)["year"].get<double>());
  // The latest observation of Internet use is no older than the world's latest published value.
  CHECK(samples(body, "p2c_metric_latest_year").at("{metric=\"sdg_17_8.internet_users\"}") >=
        (*latest)["year"].get<double>());

  // Tens of kilobytes at most, where every value of the run once made megabytes.
  CHECK(body.size() < 64 * 1024);
  const auto zipped = client.request("GET", "/metrics", "", {{"Accept-Encoding", "gzip"}});
  CHECK(zipped.header("content-encoding") == "gzip");
  CHECK(zipped.header("vary") == "Accept-Encoding");
  INFO("gzipped: " << zipped.body.size() << " bytes");
  CHECK(zipped.body.size() < body.size() / 3);
  CHECK_THAT(p2c::test::gunzip(zipped.body), Catch::StartsWith("# HELP p2c_build_info "));
  CHECK(client.get("/metrics").header("content-encoding").empty());
}

TEST_CASE("[service.metrics] exports what it lists, and names once what the run lacks",
          "[service][serve][prometheus]") {
  TempDir dir;
  auto server =
      start_ready(dir, p2c::test::service_section(1,
                                                  "\n[service.metrics]\nexport = [\"sdg_17_8.internet_users\", "
                                                  "\"nope.nothing\"]\nentities = [\"KEN\", \"XYZ\"]\n"));
  // A second run, to see that the warning is not repeated.
  REQUIRE(server->wait_for_log("serving run", std::chrono::seconds(60), 2));
  const std::string body = p2c::test::http_get(server->port(), "/metrics").body;
  CHECK(samples(body, "p2c_result_value").size() == 1);
  CHECK(samples(body, "p2c_result_value").count("{metric=\"sdg_17_8.internet_users\",entity=\"KEN\"}") == 1);
  CHECK(samples(body, "p2c_result_year").at("{metric=\"sdg_17_8.internet_users\",entity=\"KEN\"}") >= 2020);
  const std::string log = server->log();
  INFO(log);
  const auto count = [&](const std::string& text) {
    std::size_t n = 0;
    for (auto at = log.find(text); at != std::string::npos; at = log.find(text, at + 1)) ++n;
    return n;
  };
  CHECK(count("[service.metrics] export: the served run has no metric 'nope.nothing'") == 1);
  CHECK(count("[service.metrics] entities: the served run has no records of 'XYZ'") == 1);
}

TEST_CASE("promtool accepts the /metrics exposition without a lint warning", "[service][serve][prometheus][promtool]") {
  const auto found = p2c::test::run_command("command -v promtool");
  if (found.exit_code != 0)
    FAIL(
        "promtool is not installed; it comes with the Debian package prometheus (scripts/install-deps.sh installs "
        "it: apt-get install --no-install-recommends prometheus)");
  TempDir dir;
  auto server = start_ready(dir, p2c::test::service_section(0));
  HttpClient client(server->port());
  // Some requests first, so that the request counters and histograms have samples to check.
  client.get("/api/v1/results?economy=KEN");
  client.get("/nope");
  const auto scraped = dir.write("metrics.txt", client.get("/metrics").body);
  const auto check = p2c::test::run_command("promtool check metrics < " + scraped.string());
  INFO("promtool check metrics:\n" << check.output);
  CHECK(check.exit_code == 0);
  CHECK(check.output.empty());
}
