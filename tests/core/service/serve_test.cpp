// `p2c serve` as a real process on a loopback port, driven by a real HTTP client: routes, filters, errors,
// Prometheus output, readiness, signals and consistency under recomputes.
#include <signal.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
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
using p2c::test::HttpReply;
using p2c::test::ServerProcess;
using p2c::test::TempDir;
using p2c::test::wait_ready;

const std::string exe = P2C_EXE;
const std::string shipped_plugins = P2C_PLUGIN_DIR;
const std::string fixture_plugins = std::string(P2C_FIXTURE_DIR) + "/good";

std::unique_ptr<ServerProcess> start(const TempDir& dir, const std::string& config_text,
                                     std::vector<std::string> extra = {}) {
  const auto config = dir.write("p2c.toml", config_text);
  std::vector<std::string> args = {"--config", config.string()};
  args.insert(args.end(), extra.begin(), extra.end());
  auto server = std::make_unique<ServerProcess>(exe, args, dir.path());
  return server;
}

std::string error_message(const HttpReply& reply) { return Json::parse(reply.body)["error"]["message"]; }

}  // namespace

TEST_CASE("p2c serve answers every route with JSON", "[service][serve]") {
  TempDir dir;
  auto server = start(dir, p2c::test::bundled_config(dir.path(), p2c::test::service_section(0)));
  wait_ready(server->port());
  HttpClient client(server->port());  // one keep-alive connection for all of these

  const HttpReply health = client.get("/healthz");
  CHECK(health.status == 200);
  CHECK(health.header("content-type") == "application/json");
  CHECK_FALSE(health.header("x-request-id").empty());

  const HttpReply ready = client.get("/readyz");
  CHECK(ready.status == 200);
  const std::string run_id = Json::parse(ready.body)["run_id"];

  const Json plugins = Json::parse(client.get("/api/v1/plugins").body)["plugins"];
  const auto sdg = std::find_if(plugins.begin(), plugins.end(), [](const Json& p) { return p["name"] == "sdg_17_8"; });
  REQUIRE(sdg != plugins.end());
  CHECK((*sdg)["kind"] == "indicator");
  CHECK_FALSE((*sdg)["metrics"].empty());
  const auto csv = std::find_if(plugins.begin(), plugins.end(), [](const Json& p) { return p["name"] == "csv"; });
  REQUIRE(csv != plugins.end());
  const Json& option = (*csv)["options"][0];
  for (const char* key : {"name", "type", "default", "required", "help"}) CHECK(option.contains(key));

  const Json metrics = Json::parse(client.get("/api/v1/metrics?sdg=17.8.1").body);
  CHECK(metrics["run_id"] == run_id);
  REQUIRE_FALSE(metrics["metrics"].empty());
  CHECK(metrics["metrics"][0]["sdg_indicators"][0] == "17.8.1");
  CHECK(Json::parse(client.get("/api/v1/metrics?focus=investment_acceleration").body)["metrics"].empty());

  const Json entities = Json::parse(client.get("/api/v1/entities").body);
  CHECK(std::count(entities["economies"].begin(), entities["economies"].end(),
                   Json{{"code", "KEN"}, {"name", "Kenya"}}) == 1);
  CHECK(std::any_of(entities["groups"].begin(), entities["groups"].end(),
                    [](const Json& g) { return g["code"] == "WLD" && g["family"] == "world"; }));
  // Members of this year: Bhutan left the LDCs in 2023, Nepal is one.
  const auto ldc_group = std::find_if(entities["groups"].begin(), entities["groups"].end(),
                                      [](const Json& g) { return g["code"] == "LDC"; });
  REQUIRE(ldc_group != entities["groups"].end());
  const auto ldc_members = (*ldc_group)["members"].get<std::vector<std::string>>();
  CHECK(std::count(ldc_members.begin(), ldc_members.end(), "NPL") == 1);
  CHECK(std::count(ldc_members.begin(), ldc_members.end(), "BTN") == 0);
  CHECK((*ldc_group)["members_year"] >= 2026);

  // Kenya 2023 in the bundled files: 35 % online.
  const Json kenya =
      Json::parse(client.get("/api/v1/results?metric=sdg_17_8.internet_users&economy=KEN&from=2023&to=2023").body);
  CHECK(kenya["run_id"] == run_id);
  REQUIRE(kenya["total"] == 1);
  CHECK(kenya["results"][0]["value"] == 35.0);
  CHECK(kenya["results"][0]["entity_kind"] == "economy");
  CHECK(kenya["results"][0]["unit"] == "%");

  const Json both = Json::parse(
      client.get("/api/v1/results?metric=sdg_17_8.internet_users&economy=KEN,UGA&group=LDC,WLD&from=2015&to=2024")
          .body);
  std::set<std::string> seen;
  for (const auto& record : both["results"]) {
    seen.insert(record["entity"].get<std::string>());
    CHECK(record["year"] >= 2015);
    CHECK(record["year"] <= 2024);
  }
  CHECK(seen == std::set<std::string>{"KEN", "UGA", "LDC", "WLD"});
  CHECK(both["total"] == both["results"].size());
  for (const auto& record : both["results"]) {
    if (record["entity_kind"] != "group") continue;
    CHECK(record["coverage"]["members"] > 0);
    CHECK(record["coverage"]["members_observed"] <= record["coverage"]["members_with_data"]);
    CHECK(record["coverage"]["observed_population_share"] <= record["coverage"]["population_share"]);
  }

  // The same records as CSV, with the total and the run in headers.
  const HttpReply kenya_csv =
      client.get("/api/v1/results?metric=sdg_17_8.internet_users&economy=KEN&from=2023&to=2023&format=csv");
  CHECK(kenya_csv.status == 200);
  CHECK_THAT(kenya_csv.header("content-type"), Catch::StartsWith("text/csv"));
  CHECK(kenya_csv.header("x-total-count") == "1");
  CHECK(kenya_csv.header("x-run-id") == run_id);
  CHECK_THAT(kenya_csv.body, Catch::StartsWith("metric,entity,entity_kind,year,value,unit,status,"));
  CHECK_THAT(kenya_csv.body, Catch::EndsWith("\nsdg_17_8.internet_users,KEN,economy,2023,35,%,,,,,,,,\n"));

  // LDC Internet use in 2024 rests on one member of 45: withheld, with the reason, never served as a number.
  const Json ldc =
      Json::parse(client.get("/api/v1/results?metric=sdg_17_8.internet_users&group=LDC&from=2024&to=2024").body);
  REQUIRE(ldc["total"] == 1);
  const Json& withheld = ldc["results"][0];
  CHECK(withheld["value"].is_null());
  CHECK(withheld["flags"] == Json::array({"withheld"}));
  CHECK_THAT(withheld["reason"].get<std::string>(), Catch::StartsWith("1 of 45 members reported in 2024"));
  CHECK(withheld["coverage"]["members_observed"] == 1);
  CHECK(withheld["coverage"]["members"] == 45);

  const Json runs = Json::parse(client.get("/api/v1/runs").body);
  CHECK(runs["runs"][0]["id"] == run_id);
  // Paths relative to the config's folder: anonymous clients learn nothing of the server's directories.
  CHECK(runs["history"] == "history.sqlite");
  CHECK(runs["runs"][0]["config_path"] == "p2c.toml");
  CHECK(client.get("/api/v1/runs").body.find(dir.path().string()) == std::string::npos);
  const Json current = Json::parse(client.get("/api/v1/runs/current").body);
  CHECK(current["id"] == run_id);
  CHECK(current["records"] > 1000);
  CHECK(current["failures"] == 0);
  CHECK(current["failed"].empty());

  // Compressed for a client that accepts gzip, with the same bytes once decompressed; plain for the others.
  const HttpReply script = client.get("/assets/dashboard.js");
  CHECK(script.header("content-encoding").empty());
  CHECK(script.header("vary") == "Accept-Encoding");
  const HttpReply zipped = client.request("GET", "/assets/dashboard.js", "", {{"Accept-Encoding", "gzip, br"}});
  CHECK(zipped.header("content-encoding") == "gzip");
  CHECK(zipped.body.size() < script.body.size() / 2);
  CHECK(p2c::test::gunzip(zipped.body) == script.body);
  const HttpReply zipped_head = client.head("/assets/dashboard.js", {{"Accept-Encoding", "gzip"}});
  CHECK(zipped_head.header("content-length") == std::to_string(zipped.body.size()));

  const HttpReply page = client.get("/");
  CHECK(page.status == 200);
  CHECK_THAT(page.header("content-type"), Catch::StartsWith("text/html"));
  CHECK(client.get("/assets/index.html").body == page.body);
  CHECK(client.get("/assets/missing.js").status == 404);
  const HttpReply openapi = client.get("/openapi.json");
  CHECK(Json::parse(openapi.body)["openapi"] == "3.0.3");

  const HttpReply unknown = client.get("/api/v2/results");
  CHECK(unknown.status == 404);
  CHECK(Json::parse(unknown.body)["error"]["status"] == 404);
  const HttpReply wrong_method = client.request("DELETE", "/api/v1/results");
  CHECK(wrong_method.status == 405);
  CHECK(wrong_method.header("allow") == "GET, HEAD");

  // The access log has one line per request, with its id.
  CHECK(server->wait_for_log("request_id=" + wrong_method.header("x-request-id") +
                             " method=DELETE route=/api/v1/results target=/api/v1/results status=405"));
}

TEST_CASE("the dashboard comes in the language of ?lang=, its words from /api/v1/i18n and /api/v1/dashboard",
          "[service][serve][i18n]") {
  TempDir dir;
  auto server = start(dir, p2c::test::bundled_config(dir.path(), p2c::test::service_section(0)));
  wait_ready(server->port());
  HttpClient client(server->port());

  const HttpReply french = client.get("/api/v1/i18n/fr");
  REQUIRE(french.status == 200);
  const Json page = Json::parse(french.body);
  const Json english = Json::parse(client.get("/api/v1/i18n/en").body);
  CHECK(page["code"] == "fr");
  CHECK(page["name"] == "Français");
  CHECK(page["messages"].size() == english["messages"].size());
  CHECK(page["messages"]["views.focus_areas"] == "Domaines prioritaires");
  CHECK(page["economies"]["NPL"] == "Népal");
  CHECK(page["groups"]["LDC"] == "Pays les moins avancés");
  CHECK(page["languages"].size() == 6);
  CHECK(Json::parse(client.get("/api/v1/i18n/ar").body)["direction"] == "rtl");

  const HttpReply unknown = client.get("/api/v1/i18n/xx");
  CHECK(unknown.status == 404);
  CHECK(error_message(unknown) == "no catalogue for language 'xx'; the languages are ar, en, es, fr, ru, zh");

  // The first screen in one request: the run, its metrics, the entities and the language.
  const Json first = Json::parse(client.get("/api/v1/dashboard?lang=ar").body);
  CHECK(first["i18n"]["code"] == "ar");
  CHECK(first["i18n_problem"].is_null());
  CHECK(first["run"]["id"] == Json::parse(client.get("/api/v1/runs/current").body)["id"]);
  CHECK(first["metrics"] == Json::parse(client.get("/api/v1/metrics").body));
  CHECK(first["entities"] == Json::parse(client.get("/api/v1/entities").body));
  const Json fallback = Json::parse(client.get("/api/v1/dashboard?lang=xx").body);
  CHECK(fallback["i18n"]["code"] == "en");
  CHECK(fallback["i18n_problem"] == "no catalogue for language 'xx'; the languages are ar, en, es, fr, ru, zh");
  CHECK(client.get("/api/v1/dashboard?language=fr").status == 400);

  CHECK(client.get("/?lang=ar").body.find(R"(<html lang="ar" dir="rtl">)") != std::string::npos);
  CHECK(client.get("/?lang=fr").body.find(R"(<html lang="fr" dir="ltr">)") != std::string::npos);
  CHECK(client.get("/?lang=xx").body.find(R"(<html lang="en" dir="ltr">)") != std::string::npos);
  CHECK(client.get("/").body.find(R"(<html lang="en" dir="ltr">)") != std::string::npos);
}

TEST_CASE("bad /results parameters are 400 naming the parameter", "[service][serve]") {
  TempDir dir;
  auto server = start(dir, p2c::test::bundled_config(dir.path(), p2c::test::service_section(0)));
  wait_ready(server->port());
  HttpClient client(server->port());
  const auto bad = [&](const std::string& query, const std::string& parameter) {
    const HttpReply reply = client.get("/api/v1/results?" + query);
    INFO(query << " -> " << reply.body);
    CHECK(reply.status == 400);
    CHECK_THAT(error_message(reply), Catch::Contains("'" + parameter + "'"));
  };
  bad("from=2024&to=2015", "from");
  bad("from=twenty", "from");
  bad("to=2020.5", "to");
  bad("focus=speed", "focus");
  bad("limit=0", "limit");
  bad("limit=1000000", "limit");
  bad("offset=x", "offset");
  bad("metric=sdg_17_8.nope", "metric");
  bad("economy=KEN,XXX", "economy");
  bad("group=KEN", "group");
  bad("economy=%FF", "economy");
  bad("economy=%zz", "economy");
  // A malformed escape or invalid UTF-8 anywhere in the path is the client's mistake: 400 with a JSON body.
  for (const char* target : {"/assets/%FF", "/api/v1/%FF", "/api/v1/pledges/%zz", "/api/v1/pledges/%FF",
                             "/api/v1/pledges/%C3%28", "/api/v1/results/%", "/%zz"}) {
    const HttpReply reply = client.get(target);
    INFO(target << " -> " << reply.body);
    CHECK(reply.status == 400);
    CHECK(Json::parse(reply.body)["error"]["status"] == 400);
  }
  const Json paged = Json::parse(client.get("/api/v1/results?metric=sdg_17_8.internet_users&limit=5&offset=10").body);
  CHECK(paged["results"].size() == 5);
  CHECK(paged["total"] > 100);
}

TEST_CASE("every path of docs/openapi.json is served", "[service][serve][openapi]") {
  TempDir dir;
  auto server = start(dir, p2c::test::pledges_section(dir.path()) +
                               p2c::test::bundled_config(dir.path(), p2c::test::service_section(0)));
  wait_ready(server->port());
  std::ifstream in(std::string(P2C_SOURCE_DIR) + "/docs/openapi.json");
  const Json document = Json::parse(in);
  HttpClient client(server->port());
  std::size_t checked = 0;
  for (const auto& [pattern, operations] : document["paths"].items()) {
    for (const auto& [method, operation] : operations.items()) {
      std::string path = pattern;
      for (const auto& parameter : operation.value("parameters", Json::array())) {
        if (parameter["in"] != "path") continue;
        const std::string name = "{" + parameter["name"].get<std::string>() + "}";
        REQUIRE(parameter.contains("example"));
        path.replace(path.find(name), name.size(), parameter["example"].get<std::string>());
      }
      std::string upper = method;
      for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      const HttpReply reply = client.request(upper, path, upper == "POST" ? "{}" : "");
      INFO(upper << " " << path << " -> " << reply.status << " " << reply.body);
      CHECK(reply.status != 405);
      if (reply.status == 404) CHECK_THAT(error_message(reply), !Catch::StartsWith("no route"));
      // Every documented status of the operation includes the one answered.
      CHECK(operation["responses"].contains(std::to_string(reply.status)));
      ++checked;
    }
  }
  CHECK(checked >= 14);
}

TEST_CASE("the Prometheus exposition is well-formed", "[service][serve][prometheus]") {
  TempDir dir;
  auto server = start(dir, p2c::test::bundled_config(dir.path(), p2c::test::service_section(0)));
  wait_ready(server->port());
  HttpClient client(server->port());
  client.get("/api/v1/results?economy=KEN");
  client.get("/api/v1/pledges-nope");
  const HttpReply reply = client.get("/metrics");
  CHECK(reply.status == 200);
  CHECK_THAT(reply.header("content-type"), Catch::StartsWith("text/plain; version=0.0.4"));

  const std::regex help(R"(# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) \S.*)");
  const std::regex type(R"(# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped))");
  const std::regex sample(
      R"re(([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\\n]|\\[\\"n])*",?)*\})? (-?[0-9.e+-]+|\+Inf|-Inf|NaN))re");
  std::set<std::string> typed;
  std::size_t samples = 0;
  std::istringstream lines(reply.body);
  for (std::string line; std::getline(lines, line);) {
    std::smatch match;
    INFO(line);
    if (std::regex_match(line, match, help)) continue;
    if (std::regex_match(line, match, type)) {
      CHECK(typed.insert(match[1]).second);  // one TYPE per metric family
      continue;
    }
    REQUIRE(std::regex_match(line, match, sample));
    std::string family = match[1];
    for (const char* suffix : {"_bucket", "_sum", "_count"})
      if (family.ends_with(suffix) && typed.count(family.substr(0, family.size() - std::strlen(suffix))))
        family = family.substr(0, family.size() - std::strlen(suffix));
    CHECK(typed.count(family) == 1);  // TYPE came before the samples
    ++samples;
  }
  CHECK(samples > 50);
  CHECK_THAT(reply.body, Catch::Contains("p2c_runs_total 1\n"));
  CHECK_THAT(reply.body, Catch::Contains("p2c_run_failures_total 0\n"));
  CHECK_THAT(reply.body, Catch::Contains("p2c_http_requests_total{route=\"/api/v1/results\",status=\"200\"} 1\n"));
  CHECK_THAT(reply.body, Catch::Contains("p2c_http_requests_total{route=\"unmatched\",status=\"404\"} 1\n"));
  CHECK_THAT(reply.body, Catch::Contains("p2c_http_request_duration_seconds_count{route=\"/readyz\"}"));
  // LDC 2024 is withheld (one member of 45 reported): its latest published year is exported, not 2024.
  CHECK_THAT(reply.body, Catch::Contains("p2c_result_value{metric=\"sdg_17_8.internet_users\",entity=\"LDC\"} "));
  CHECK_THAT(reply.body, Catch::Contains("p2c_result_year{metric=\"sdg_17_8.internet_users\",entity=\"LDC\"} "));
  CHECK_THAT(reply.body, !Catch::Contains("p2c_result_year{metric=\"sdg_17_8.internet_users\",entity=\"LDC\"} 2024\n"));
  // Economies are not exported by default.
  CHECK_THAT(reply.body, !Catch::Contains("entity=\"KEN\""));
}

TEST_CASE("/readyz is 503 until the first run completes", "[service][serve]") {
  TempDir dir;
  const std::string config = p2c::test::service_section(0) + R"(
[[source]]
plugin = "fixture_source"
name = "slow"
series = "fixture.input"
delay_ms = 1500

[[indicator]]
plugin = "fixture_indicator"
)";
  auto server = start(dir, config, {"--plugin-dir", fixture_plugins, "--log-format", "json"});
  const HttpReply early = p2c::test::http_get(server->port(), "/readyz");
  CHECK(early.status == 503);
  CHECK_FALSE(early.header("retry-after").empty());
  CHECK(p2c::test::http_get(server->port(), "/api/v1/results").status == 503);
  CHECK(p2c::test::http_get(server->port(), "/healthz").status == 200);
  wait_ready(server->port());
  const HttpReply results = p2c::test::http_get(server->port(), "/api/v1/results");
  CHECK(Json::parse(results.body)["total"] > 0);

  // With --log-format json every log line is a JSON object; access lines carry the request's fields.
  REQUIRE(server->wait_for_log(results.header("x-request-id")));
  std::istringstream lines(server->log());
  bool found = false;
  for (std::string line; std::getline(lines, line);) {
    INFO(line);
    const Json entry = Json::parse(line);
    CHECK(entry.contains("time"));
    if (entry.value("request_id", "") != results.header("x-request-id")) continue;
    found = true;
    CHECK(entry["type"] == "access");
    CHECK(entry["method"] == "GET");
    CHECK(entry["route"] == "/api/v1/results");
    CHECK(entry["status"] == 200);
    CHECK(entry["bytes"] == results.body.size());
    CHECK(entry["latency_ms"].get<double>() >= 0);
  }
  CHECK(found);
  CHECK_THAT(server->log(), Catch::Contains(R"("message":"listening on http://127.0.0.1:)"));
}

TEST_CASE("a request body over max_body_bytes is refused with 413 before it is read", "[service][serve]") {
  TempDir dir;
  auto server =
      start(dir, p2c::test::bundled_config(dir.path(), p2c::test::service_section(0, "max_body_bytes = 1024")));
  HttpClient client(server->port());
  // Only the headers: the server must answer without waiting for the 1 MB it was promised.
  client.write_raw(
      "POST /api/v1/pledges/P2C-2022-0001/reports HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Content-Length: 1048576\r\n\r\n");
  const HttpReply reply = client.read();
  CHECK(reply.status == 413);
  CHECK_THAT(error_message(reply), Catch::Contains("1024"));
  // Refused by the HTTP layer, so not counted against the route (nor as a 404).
  CHECK_THAT(p2c::test::http_get(server->port(), "/metrics").body,
             Catch::Contains("p2c_http_requests_total{route=\"http_error\",status=\"413\"} 1\n"));
}

TEST_CASE("request headers over 16 KiB get 431", "[service][serve]") {
  TempDir dir;
  auto server = start(dir, p2c::test::bundled_config(dir.path(), p2c::test::service_section(0)));
  HttpClient client(server->port());
  client.write_raw("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Padding: " + std::string(20000, 'a') + "\r\n\r\n");
  const HttpReply reply = client.read();
  CHECK(reply.status == 431);
  CHECK_THAT(error_message(reply), Catch::Contains("16384"));
}

TEST_CASE("a 413 reaches a client that sends its whole body anyway", "[service][serve]") {
  TempDir dir;
  auto server =
      start(dir, p2c::test::bundled_config(dir.path(), p2c::test::service_section(0, "max_body_bytes = 1024")));
  HttpClient client(server->port());
  // The body arrives after the server has answered and is never read as a request: if the server closed
  // with it unread, the reset would destroy the 413 (or fail this write).
  client.write_raw(
      "POST /api/v1/pledges/P2C-2022-0001/reports HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Content-Length: 102400\r\n\r\n");
  std::this_thread::sleep_for(200ms);
  client.write_raw(std::string(102400, 'x'));
  std::this_thread::sleep_for(200ms);
  const HttpReply reply = client.read();
  CHECK(reply.status == 413);
  CHECK(reply.header("connection") == "close");
}

TEST_CASE("SIGHUP with a broken config keeps serving, a good one is served after a recompute",
          "[service][serve][reload]") {
  TempDir dir;
  const std::string good = p2c::test::bundled_config(dir.path(), p2c::test::service_section(0));
  auto server = start(dir, good);
  wait_ready(server->port());
  const std::string first = Json::parse(p2c::test::http_get(server->port(), "/readyz").body)["run_id"];

  // A syntax error: rejected, the log says where, the old run keeps serving.
  dir.write("p2c.toml", good + "\n[[indicator]\nplugin = \"x\"\n");
  server->signal(SIGHUP);
  REQUIRE(server->wait_for_log("reload rejected"));
  CHECK_THAT(server->log(), Catch::Contains("p2c.toml:"));
  // A plugin that does not exist: rejected too.
  dir.write("p2c.toml", good + "\n[[indicator]]\nplugin = \"no_such_plugin\"\n");
  server->signal(SIGHUP);
  REQUIRE(server->wait_for_log("reload rejected", 20s, 2));
  CHECK_THAT(server->log(), Catch::Contains("no_such_plugin"));
  CHECK(Json::parse(p2c::test::http_get(server->port(), "/readyz").body)["run_id"] == first);
  CHECK(Json::parse(p2c::test::http_get(server->port(), "/api/v1/results?metric=sdg_17_8.internet_users&limit=1")
                        .body)["total"] > 0);

  // A good config that renames the indicator instance: the new metric ids are served.
  dir.write("p2c.toml", p2c::test::bundled_config(dir.path(), p2c::test::service_section(0), "connectivity"));
  server->signal(SIGHUP);
  REQUIRE(server->wait_for_log("reload: config accepted"));
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  HttpReply renamed;
  while (std::chrono::steady_clock::now() < deadline) {
    renamed = p2c::test::http_get(server->port(), "/api/v1/results?metric=connectivity.internet_users&limit=1");
    if (renamed.status == 200) break;
    std::this_thread::sleep_for(50ms);
  }
  CHECK(renamed.status == 200);
  CHECK(Json::parse(renamed.body)["run_id"] != first);
  CHECK(p2c::test::http_get(server->port(), "/api/v1/results?metric=sdg_17_8.internet_users").status == 400);
  CHECK_THAT(p2c::test::http_get(server->port(), "/metrics").body, Catch::Contains("p2c_reload_failures_total 2\n"));
}

TEST_CASE("SIGTERM lets a request in flight finish and exits 0", "[service][serve][shutdown]") {
  TempDir dir;
  auto server = start(dir, p2c::test::bundled_config(dir.path(), p2c::test::service_section(0)));
  wait_ready(server->port());
  HttpClient idle(server->port());  // an idle keep-alive connection must not hold the shutdown up
  CHECK(idle.get("/healthz").status == 200);
  HttpClient client(server->port());
  client.write_raw("GET /api/v1/runs/current HTTP/1.1\r\nHost: x\r\n");  // headers not finished yet
  std::this_thread::sleep_for(200ms);
  server->signal(SIGTERM);
  REQUIRE(server->wait_for_log("SIGTERM: stopping"));
  std::this_thread::sleep_for(300ms);
  client.write_raw("\r\n");
  const HttpReply reply = client.read();
  CHECK(reply.status == 200);
  CHECK(reply.header("connection") == "close");
  CHECK(server->wait() == 0);
  // Nothing accepts connections any more.
  CHECK_THROWS(HttpClient(server->port()));
}

TEST_CASE("a recompute that fails keeps the served run", "[service][serve]") {
  TempDir dir;
  dir.write("internet.csv", "economy,year,value\nKEN,2020,20\nKEN,2021,25\nUGA,2021,15\n");
  dir.write("population.csv", "economy,year,value\nKEN,2020,50000000\nKEN,2021,51000000\nUGA,2021,45000000\n");
  auto server = start(dir, p2c::test::tiny_config(dir.path(), p2c::test::service_section(1)));
  wait_ready(server->port());
  const std::string first = Json::parse(p2c::test::http_get(server->port(), "/readyz").body)["run_id"];
  std::filesystem::remove(dir / "internet.csv");
  REQUIRE(server->wait_for_log("did not have; still serving run " + first));
  CHECK(Json::parse(p2c::test::http_get(server->port(), "/readyz").body)["run_id"] == first);
  CHECK_THAT(p2c::test::http_get(server->port(), "/metrics").body, !Catch::Contains("p2c_run_failures_total 0\n"));
}

TEST_CASE("a run with failures the served run did not have is refused even when the served run had some",
          "[service][serve]") {
  TempDir dir;
  // The first run already fails for internet_users (no file): it is served, with that failure.
  dir.write("population.csv", "economy,year,value\nKEN,2020,50000000\nKEN,2021,51000000\nUGA,2021,45000000\n");
  auto server = start(dir, p2c::test::tiny_config(dir.path(), p2c::test::service_section(1)));
  wait_ready(server->port());
  const Json first = Json::parse(p2c::test::http_get(server->port(), "/api/v1/runs/current").body);
  REQUIRE(first["failures"] > 0);
  const std::string first_id = first["id"];
  // A run that also loses population fails somewhere new: refused.
  std::filesystem::remove(dir / "population.csv");
  REQUIRE(server->wait_for_log("did not have; still serving run " + first_id));
  CHECK(Json::parse(p2c::test::http_get(server->port(), "/readyz").body)["run_id"] == first_id);
  // With population back, the failures are the served run's again: the new run is served.
  dir.write("population.csv", "economy,year,value\nKEN,2020,50000000\nKEN,2021,51000000\nUGA,2021,45000000\n");
  bool replaced = false;
  for (int i = 0; i < 100 && !replaced; ++i) {
    replaced = Json::parse(p2c::test::http_get(server->port(), "/readyz").body)["run_id"] != first_id;
    if (!replaced) std::this_thread::sleep_for(100ms);
  }
  CHECK(replaced);
}

TEST_CASE("readers never see a half-updated run while recomputes swap runs in", "[service][serve][concurrency]") {
  TempDir dir;
  // Two versions of the data with different economies: every run serves one version, whole.
  const std::string internet_a = "economy,year,value\nKEN,2020,20\nKEN,2021,25\nUGA,2021,15\n";
  const std::string internet_b = internet_a + "TZA,2021,30\nRWA,2020,21\nRWA,2021,26\n";
  const std::string population =
      "economy,year,value\nKEN,2020,50000000\nKEN,2021,51000000\nUGA,2021,45000000\nTZA,2021,60000000\n"
      "RWA,2020,13000000\nRWA,2021,13500000\n";
  dir.write("internet.csv", internet_a);
  dir.write("population.csv", population);
  auto server = start(dir, p2c::test::tiny_config(dir.path(), p2c::test::service_section(1)));
  wait_ready(server->port());

  std::atomic<bool> done{false};
  std::thread writer([&] {
    for (int i = 0; !done; ++i) {
      dir.write("internet.next", i % 2 == 0 ? internet_b : internet_a);
      std::filesystem::rename(dir / "internet.next", dir / "internet.csv");
      std::this_thread::sleep_for(700ms);
    }
  });
  std::mutex mutex;
  std::map<std::string, std::size_t> totals;               // run id -> records of /results
  std::map<std::string, std::set<std::string>> economies;  // run id -> economies with internet users
  std::vector<std::string> problems;
  std::vector<std::thread> readers;
  // Read for at least 3 s and until both data versions were served, with a generous bound for slow
  // machines (sanitizers, loaded CI): a fixed window would make the checks below depend on the machine.
  std::atomic<bool> both_seen{false};
  const auto start_time = std::chrono::steady_clock::now();
  const auto reading = [&] {
    const auto elapsed = std::chrono::steady_clock::now() - start_time;
    return elapsed < 3s || (!both_seen && elapsed < 60s);
  };
  for (int r = 0; r < 4; ++r) {
    readers.emplace_back([&] {
      HttpClient client(server->port());
      while (reading()) {
        const Json body = Json::parse(client.get("/api/v1/results?limit=100000").body);
        const std::string run = body["run_id"];
        std::set<std::string> seen;
        for (const auto& record : body["results"])
          if (record["metric"] == "sdg_17_8.internet_users" && record["entity_kind"] == "economy")
            seen.insert(record["entity"].get<std::string>());
        const Json current = Json::parse(client.get("/api/v1/runs/current").body);
        std::lock_guard lock(mutex);
        if (body["total"] != body["results"].size()) problems.push_back(run + ": total differs from the records");
        if (seen.size() != 2 && seen.size() != 4) problems.push_back(run + ": a mix of two data versions");
        const auto [total, added] = totals.emplace(run, body["results"].size());
        if (!added && total->second != body["results"].size()) problems.push_back(run + ": record count changed");
        const auto [known, fresh] = economies.emplace(run, seen);
        if (!fresh && known->second != seen) problems.push_back(run + ": records changed");
        if (totals.count(current["id"]) && totals[current["id"]] != current["records"])
          problems.push_back(run + ": /runs/current disagrees with /results");
        std::set<std::size_t> versions_seen;
        for (const auto& [id, economies_seen] : economies) versions_seen.insert(economies_seen.size());
        if (versions_seen.size() == 2) both_seen = true;
      }
    });
  }
  for (auto& reader : readers) reader.join();
  done = true;
  writer.join();
  CHECK(problems.empty());
  for (const auto& problem : problems) WARN(problem);
  CHECK(totals.size() >= 2);  // the readers did see runs being swapped
  std::set<std::size_t> versions;
  for (const auto& [run, seen] : economies) versions.insert(seen.size());
  CHECK(versions == std::set<std::size_t>{2, 4});
}
