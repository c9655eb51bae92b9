// Pledges over HTTP and `p2c tokens`, against a real `p2c serve` with a real registry database.
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>

#include "http_client.h"
#include "run_command.h"
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

const std::string exe = P2C_EXE;
const std::filesystem::path source_dir = P2C_SOURCE_DIR;

using Result = p2c::test::CommandResult;

Result run_p2c(const std::string& arguments) { return p2c::test::run_command(exe + " " + arguments); }

// SDG 17.8.1 plus a pledge registry (see pledges_section()).
std::filesystem::path write_config(const TempDir& dir, int reports_per_minute) {
  return dir.write(
      "p2c.toml",
      p2c::test::pledges_section(dir.path()) +
          p2c::test::bundled_config(
              dir.path(), p2c::test::service_section(0, "reports_per_minute = " + std::to_string(reports_per_minute))));
}

// `p2c tokens create ENTITY`: the printed token, the line that is `<id>.<secret>` (log lines may come first).
std::string create_token(const std::filesystem::path& config, const std::string& entity) {
  // As an operator would, once the registry exists: `p2c tokens` never creates one.
  if (!std::filesystem::exists(config.parent_path() / "pledges.sqlite"))
    REQUIRE(run_p2c("pledges import " +
                    (std::filesystem::path(P2C_SOURCE_DIR) / "tests/core/pledges/fixtures/pledges.json").string() +
                    " --config " + config.string())
                .exit_code == 0);
  const Result created = run_p2c("tokens create \"" + entity + "\" --config " + config.string());
  INFO(created.output);
  REQUIRE(created.exit_code == 0);
  std::istringstream lines(created.output);
  for (std::string line; std::getline(lines, line);)
    if (line.starts_with("tok_") && line.find('.') != std::string::npos) return line;
  FAIL("no token printed");
  return {};
}

std::string token_id(const std::string& token) { return token.substr(0, token.find('.')); }

HttpReply post(unsigned short port, const std::string& pledge, const std::string& body, const std::string& token) {
  std::vector<std::pair<std::string, std::string>> headers = {{"Content-Type", "application/json"}};
  if (!token.empty()) headers.emplace_back("Authorization", "Bearer " + token);
  return HttpClient(port).request("POST", "/api/v1/pledges/" + pledge + "/reports", body, headers);
}

std::string message(const HttpReply& reply) { return Json::parse(reply.body)["error"]["message"]; }

const std::string good_report =
    R"({"reported_on":"2025-06-30","status":"in_progress","percent_complete":60,"disbursed_usd":700000,"narrative":"Third phase"})";

}  // namespace

TEST_CASE("p2c tokens creates, lists and revokes tokens, storing only hashes", "[service][tokens]") {
  TempDir dir;
  const auto config = write_config(dir, 30);
  // Without a registry (the service's state elsewhere, a wrong state folder): refused, and nothing is created.
  const Result nowhere = run_p2c("tokens create \"Ministry of ICT, Kenya\" --config " + config.string());
  CHECK(nowhere.exit_code == 2);
  CHECK_THAT(nowhere.output, Catch::Contains("there is no pledge registry at") && Catch::Contains("--state-dir DIR"));
  CHECK_FALSE(std::filesystem::exists(dir / "pledges.sqlite"));
  const std::string token = create_token(config, "Ministry of ICT, Kenya");
  CHECK_THAT(token, Catch::Matches("tok_[0-9a-f]{12}\\.[0-9a-f]{64}"));
  const std::string secret = token.substr(token.find('.') + 1);

  const Result list = run_p2c("tokens list --config " + config.string());
  CHECK(list.exit_code == 0);
  CHECK_THAT(list.output, Catch::Contains(token_id(token)) && Catch::Contains("Ministry of ICT, Kenya") &&
                              Catch::Contains("1 token(s)"));
  CHECK_THAT(list.output, !Catch::Contains(secret));
  // The database holds the hash, never the secret.
  const std::string database = p2c::test::read_file(dir / "pledges.sqlite");
  CHECK(database.find(secret) == std::string::npos);

  CHECK(run_p2c("tokens revoke " + token_id(token) + " --config " + config.string()).exit_code == 0);
  // The token's line now carries a revocation time after its creation time.
  const std::string listed = run_p2c("tokens list --config " + config.string()).output;
  const auto line_start = listed.find(token_id(token));
  REQUIRE(line_start != std::string::npos);
  const std::string line = listed.substr(line_start, listed.find('\n', line_start) - line_start);
  CHECK_THAT(line, Catch::Matches("tok_[0-9a-f]{12} +[0-9T:-]+Z +[0-9T:-]+Z +Ministry of ICT, Kenya"));
  const Result unknown = run_p2c("tokens revoke tok_000000000000 --config " + config.string());
  CHECK(unknown.exit_code == 1);
  CHECK_THAT(unknown.output, Catch::Contains("no token with id 'tok_000000000000'"));
  CHECK(run_p2c("tokens frobnicate --config " + config.string()).exit_code == 2);
}

TEST_CASE("progress reports need the pledging entity's valid token and a valid report", "[service][pledges]") {
  TempDir dir;
  const auto config = write_config(dir, 100);
  const std::string kenya = create_token(config, "Ministry of ICT, Kenya");
  const std::string telecom = create_token(config, "Example Telecom Group");
  const std::string revoked = create_token(config, "Ministry of ICT, Kenya");
  REQUIRE(run_p2c("tokens revoke " + token_id(revoked) + " --config " + config.string()).exit_code == 0);

  ServerProcess server(exe, {"--config", config.string()}, dir.path());
  const unsigned short port = server.port();

  const HttpReply pledge = HttpClient(port).get("/api/v1/pledges/P2C-2022-0001");
  REQUIRE(pledge.status == 200);
  const Json before = Json::parse(pledge.body);
  CHECK(before["entity"] == "Ministry of ICT, Kenya");
  CHECK(before["reports"].size() == 2);
  CHECK(HttpClient(port).get("/api/v1/pledges/P2C-1999-9999").status == 404);
  // Bytes that are not UTF-8 in the path are the client's mistake, quoted in a JSON error, never a 500.
  const HttpReply not_utf8 = HttpClient(port).get("/api/v1/pledges/%FF");
  CHECK(not_utf8.status == 400);
  CHECK(Json::parse(not_utf8.body)["error"]["status"] == 400);
  CHECK(HttpClient(port).get("/api/v1/pledges/%zz").status == 400);

  const HttpReply none = post(port, "P2C-2022-0001", good_report, "");
  CHECK(none.status == 401);
  CHECK(none.header("www-authenticate") == "Bearer realm=\"p2c\"");
  CHECK(post(port, "P2C-2022-0001", good_report, "tok_123.abc").status == 401);
  CHECK(post(port, "P2C-2022-0001", good_report, token_id(kenya) + ".0000").status == 401);
  const HttpReply was_revoked = post(port, "P2C-2022-0001", good_report, revoked);
  CHECK(was_revoked.status == 401);
  CHECK_THAT(message(was_revoked), Catch::Contains("revoked"));
  const HttpReply other = post(port, "P2C-2022-0001", good_report, telecom);
  CHECK(other.status == 403);
  CHECK_THAT(message(other), Catch::Contains("Example Telecom Group"));
  CHECK(post(port, "P2C-1999-9999", good_report, kenya).status == 404);

  const HttpReply bad_json = post(port, "P2C-2022-0001", "{\"reported_on\": ", kenya);
  CHECK(bad_json.status == 400);
  CHECK_THAT(message(bad_json), Catch::Contains("body: not valid JSON"));
  const HttpReply wrong_type = post(
      port, "P2C-2022-0001", R"({"reported_on":"2025-06-30","status":"in_progress","percent_complete":"half"})", kenya);
  CHECK(wrong_type.status == 400);
  CHECK_THAT(message(wrong_type), Catch::Contains("percent_complete"));
  const HttpReply invalid = post(
      port, "P2C-2022-0001", R"({"reported_on":"2025-06-30","status":"in_progress","percent_complete":150})", kenya);
  CHECK(invalid.status == 400);
  CHECK_THAT(message(invalid), Catch::Contains("percent_complete"));

  const HttpReply created = post(port, "P2C-2022-0001", good_report, kenya);
  INFO(created.body);
  REQUIRE(created.status == 201);
  CHECK(Json::parse(created.body)["reported_on"] == "2025-06-30");
  CHECK(Json::parse(created.body)["percent_complete"] == 60.0);
  // Committed: the next read, and a fresh process reading the file, see it.
  const Json after = Json::parse(HttpClient(port).get("/api/v1/pledges/P2C-2022-0001").body);
  CHECK(after["reports"].size() == 3);
  CHECK(after["reports"][2]["narrative"] == "Third phase");
  CHECK(post(port, "P2C-2022-0001", good_report, kenya).status == 409);
  CHECK_THAT(HttpClient(port).get("/metrics").body,
             Catch::Contains("p2c_http_requests_total{route=\"/api/v1/pledges/{id}/reports\",status=\"201\"} 1\n"));
}

TEST_CASE("progress reports over HTTP meet the registry's configured bounds and strict JSON", "[service][pledges]") {
  TempDir dir;
  const auto config = write_config(dir, 100);
  const std::string kenya = create_token(config, "Ministry of ICT, Kenya");  // creates the registry
  // Bounds tightened after the registry was created: reports must meet the config's, not the defaults.
  std::string text;
  {
    std::ifstream in(config);
    text.assign(std::istreambuf_iterator<char>(in), {});
  }
  text.replace(text.find("[pledges]\n"), 10, "[pledges]\nmax_amount_usd = 1000000\n");
  dir.write("p2c.toml", text);
  ServerProcess server(exe, {"--config", config.string()}, dir.path());

  const HttpReply too_much =
      post(server.port(), "P2C-2022-0001",
           R"({"reported_on":"2025-06-30","status":"in_progress","disbursed_usd":5000000})", kenya);
  CHECK(too_much.status == 400);
  CHECK_THAT(message(too_much), Catch::Contains("max_amount_usd"));
  const HttpReply overflow =
      post(server.port(), "P2C-2022-0001",
           R"({"reported_on":"2025-06-30","status":"in_progress","disbursed_usd":1e309})", kenya);
  CHECK(overflow.status == 400);
  CHECK(Json::parse(overflow.body)["error"]["status"] == 400);
  const HttpReply nested = post(server.port(), "P2C-2022-0001",
                                R"({"reported_on":"2025-06-30","status":"in_progress","percent_complete":)" +
                                    std::string(30000, '[') + std::string(30000, ']') + "}",
                                kenya);
  CHECK(nested.status == 400);
  CHECK(nested.body.size() < 1000);  // the message quotes a bounded excerpt, never the whole value
  CHECK(post(server.port(), "P2C-2022-0001",
             R"({"reported_on":"2025-06-30","status":"in_progress","status":"completed"})", kenya)
            .status == 400);
  CHECK(HttpClient(server.port()).get("/healthz").status == 200);
}

TEST_CASE("more reports per minute than allowed get 429 with Retry-After", "[service][pledges]") {
  TempDir dir;
  const auto config = write_config(dir, 2);
  const std::string kenya = create_token(config, "Ministry of ICT, Kenya");
  const std::string telecom = create_token(config, "Example Telecom Group");
  ServerProcess server(exe, {"--config", config.string()}, dir.path());
  CHECK(post(server.port(), "P2C-2022-0001", good_report, kenya).status == 201);
  // A rejected attempt uses up the budget too (docs/service.md).
  CHECK(post(server.port(), "P2C-2022-0001", good_report, kenya).status == 409);
  const HttpReply limited = post(server.port(), "P2C-2022-0001", good_report, kenya);
  CHECK(limited.status == 429);
  CHECK(std::stoi(limited.header("retry-after")) >= 1);
  // The limit is per token.
  CHECK(
      post(server.port(), "P2C-2022-0002", R"({"reported_on":"2025-01-31","status":"in_progress"})", telecom).status ==
      201);
}

TEST_CASE("a registry locked by another process stalls neither other requests nor reads, and reports queue, bounded",
          "[service][pledges]") {
  TempDir dir;
  // One I/O thread and room for two queued reports: a request handled on the I/O thread while the registry
  // is locked would stall everything, and a third waiting report overflows.
  const auto config =
      dir.write("p2c.toml", p2c::test::pledges_section(dir.path()) +
                                p2c::test::bundled_config(dir.path(),
                                                          "[service]\nrecompute_seconds = 0\nthreads = 1\n"
                                                          "reports_per_minute = 1000\n"
                                                          "max_queued_reports = 2\n\n"));
  const std::string kenya = create_token(config, "Ministry of ICT, Kenya");
  ServerProcess server(exe, {"--config", config.string()}, dir.path());
  const unsigned short port = server.port();
  const Json before = Json::parse(HttpClient(port).get("/api/v1/pledges/P2C-2022-0001").body);

  // This test process is the other writer: a real second connection holding the write lock.
  sqlite3* other = nullptr;
  REQUIRE(sqlite3_open((dir.path() / "pledges.sqlite").c_str(), &other) == SQLITE_OK);
  REQUIRE(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK);

  // Posters keep reports coming, each with its own date, until one is turned away for a full queue.
  std::mutex mutex;
  std::vector<std::pair<std::string, HttpReply>> answers;  // date, answer
  std::atomic<bool> overflowed{false};
  std::atomic<bool> busy{false};
  std::atomic<bool> stop{false};
  std::atomic<int> next{0};
  std::vector<std::thread> posters;
  for (int t = 0; t < 6; ++t)
    posters.emplace_back([&] {
      for (int attempts = 0; !overflowed && !stop && attempts < 50; ++attempts) {
        const int i = next++;
        char date[32];
        std::snprintf(date, sizeof date, "%04d-%02d-%02d", 2026 + i / 336, 1 + i / 28 % 12, 1 + i % 28);
        const HttpReply reply = post(port, "P2C-2022-0001",
                                     std::string(R"({"reported_on":")") + date + R"(","status":"in_progress"})", kenya);
        std::lock_guard lock(mutex);
        answers.emplace_back(date, reply);
        if (reply.status == 503 && message(reply).find("max_queued_reports") != std::string::npos) overflowed = true;
        if (reply.status == 503 && message(reply).find("busy") != std::string::npos) busy = true;
      }
    });
  // Until a report has been turned away for a full queue, and the one being written has waited for the lock
  // as long as the registry allows and been refused.
  const auto deadline = std::chrono::steady_clock::now() + 120s;
  while (!(overflowed && busy) && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(20ms);
  const bool both = overflowed && busy;
  if (both) {
    // Still locked, with reports waiting: the I/O thread is free and reads use their own connection.
    CHECK(HttpClient(port).get("/healthz").status == 200);
    const HttpReply read = HttpClient(port).get("/api/v1/pledges/P2C-2022-0001");
    CHECK(read.status == 200);
    CHECK(Json::parse(read.body)["reports"].size() == before["reports"].size());
  }
  sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(other);
  stop = true;
  for (auto& poster : posters) poster.join();
  REQUIRE(both);

  // Every report was answered: stored (201), refused for a full queue or a busy registry (503 with
  // Retry-After), or refused by the registry's checks (an earlier date written after a later one). Those
  // answered 201 are exactly the ones stored.
  std::set<std::string> created;
  for (const auto& [date, reply] : answers) {
    INFO(date << " -> " << reply.status << " " << reply.body);
    CHECK((reply.status == 201 || reply.status == 503 || reply.status == 400));
    if (reply.status == 503) CHECK(std::stoi(reply.header("retry-after")) >= 1);
    if (reply.status == 201) created.insert(date);
  }
  const Json after = Json::parse(HttpClient(port).get("/api/v1/pledges/P2C-2022-0001").body);
  std::set<std::string> stored;
  for (const auto& report : after["reports"]) stored.insert(report["reported_on"].get<std::string>());
  for (const auto& report : before["reports"]) stored.erase(report["reported_on"].get<std::string>());
  CHECK(stored == created);

  // Nothing holds the registry now: a report is stored.
  CHECK(post(port, "P2C-2022-0001", R"({"reported_on":"2030-01-01","status":"in_progress"})", kenya).status == 201);
}

namespace {

const std::string jane_email = "jane.officer@example.org";

// The test fixture's registry (see pledges_section()), then an import that gives P2C-2022-0001 a contact and a
// target and adds a draft (P2C-2024-0009, Kenya, with a contact) and two published Bhutan pledges: P2C-2022-0010,
// made while Bhutan was an LDC, and P2C-2024-0011, made after it left the list in 2023.
void import_explorer_pledges(const TempDir& dir, const std::filesystem::path& config) {
  std::ifstream in(source_dir / "tests/core/pledges/fixtures/pledges.json");
  Json pledges = Json::parse(in);
  Json& kenya = pledges[0];
  REQUIRE(kenya["id"] == "P2C-2022-0001");
  kenya["contact_name"] = "Jane Officer";
  kenya["contact_email"] = jane_email;
  kenya["targets"] =
      Json::parse(R"([{"id":"T1","description":"Towers built","measure":"other","unit":"towers","baseline_value":0,)"
                  R"("baseline_date":"2022-05-10","target_value":40,"target_date":"2026-12-31","metric":""}])");
  const auto pledge = [](const std::string& id, const std::string& economy, const std::string& pledged_on) {
    return Json{{"id", id},
                {"entity", "Ministry of ICT, Kenya"},
                {"sector", "government"},
                {"origin_economy", "KEN"},
                {"origin_region", "ITU.AFR"},
                {"implementation_economies", {economy}},
                {"implementation_regions", Json::array()},
                {"focus_areas", {"access"}},
                {"pillars", Json::array()},
                {"pledge_type", "policy"},
                {"value", nullptr},
                {"currency", ""},
                {"beneficiaries", Json::array()},
                {"sdgs", Json::array()},
                {"pledged_on", pledged_on},
                {"start_date", pledged_on},
                {"end_date", "2027-12-31"},
                {"status", "announced"},
                {"description", "Mountain valleys online"},
                {"reports", Json::array()}};
  };
  Json draft = pledge("P2C-2024-0009", "KEN", "2024-01-10");
  draft["review_state"] = "draft";
  draft["description"] = "Secret rural towers draft";
  draft["contact_name"] = "Jane Officer";
  draft["contact_email"] = jane_email;
  pledges.push_back(draft);
  pledges.push_back(pledge("P2C-2022-0010", "BTN", "2022-03-01"));
  pledges.push_back(pledge("P2C-2024-0011", "BTN", "2024-03-01"));
  const auto file = dir.write("more/explorer-pledges.json", pledges.dump());
  const Result imported = run_p2c("pledges import " + file.string() + " --config " + config.string());
  INFO(imported.output);
  REQUIRE(imported.exit_code == 0);
}

std::vector<std::string> listed_ids(unsigned short port, const std::string& query) {
  const HttpReply reply = HttpClient(port).get("/api/v1/pledges" + query);
  INFO(query << " -> " << reply.status << " " << reply.body);
  REQUIRE(reply.status == 200);
  const Json page = Json::parse(reply.body);
  std::vector<std::string> ids;
  for (const auto& item : page["items"]) ids.push_back(item["id"]);
  return ids;
}

using Ids = std::vector<std::string>;

}  // namespace

TEST_CASE("the pledge explorer serves published pledges filtered and paged, never a draft or a contact",
          "[service][pledges][explorer]") {
  TempDir dir;
  const auto config = write_config(dir, 100);
  create_token(config, "Ministry of ICT, Kenya");  // creates the registry
  import_explorer_pledges(dir, config);
  ServerProcess server(exe, {"--config", config.string()}, dir.path());
  const unsigned short port = server.port();

  const HttpReply all = HttpClient(port).get("/api/v1/pledges");
  REQUIRE(all.status == 200);
  CHECK_THAT(all.header("content-type"), Catch::StartsWith("application/json"));
  const Json page = Json::parse(all.body);
  CHECK(page["total"] == 5);
  CHECK(page["limit"] == 50);
  CHECK(page["offset"] == 0);
  CHECK(listed_ids(port, "") ==
        Ids{"P2C-2024-0011", "P2C-2023-0003", "P2C-2022-0002", "P2C-2022-0001", "P2C-2022-0010"});
  CHECK_THAT(all.body, !Catch::Contains("P2C-2024-0009") && !Catch::Contains("contact_") &&
                           !Catch::Contains(jane_email) && !Catch::Contains("Jane Officer"));
  for (const auto& item : page["items"]) CHECK(item["review_state"] == "published");
  CHECK(page["items"][3]["targets"][0]["id"] == "T1");
  CHECK(page["items"][3]["reports"].size() == 2);

  CHECK(listed_ids(port, "?economy=KEN") == Ids{"P2C-2022-0001"});
  // Membership over time, from the reference data: Bhutan was an LDC until 2023.
  CHECK(listed_ids(port, "?group=LDC") == Ids{"P2C-2022-0010"});
  CHECK(listed_ids(port, "?group=ITU.AFR") == Ids{"P2C-2022-0002", "P2C-2022-0001"});  // by economies, or a region
  CHECK(listed_ids(port, "?group=ITU.AMS") == Ids{"P2C-2023-0003"});
  CHECK(listed_ids(port, "?focus=investment_acceleration") == Ids{"P2C-2022-0002"});
  CHECK(listed_ids(port, "?sector=civil_society&type=advocacy") == Ids{"P2C-2023-0003"});
  CHECK(listed_ids(port, "?status=completed") == Ids{"P2C-2023-0003"});
  CHECK(listed_ids(port, "?campaign=ldc5").empty());
  CHECK(listed_ids(port, "?from=2022-05-10&to=2022-09-26") == Ids{"P2C-2022-0002", "P2C-2022-0001"});
  CHECK(listed_ids(port, "?reporting_state=closed&as_of=2024-01-01") == Ids{"P2C-2023-0003"});
  // P2C-2022-0001's first report, of 2023-06-30, was expected a year after it was made, 2023-05-10.
  CHECK(listed_ids(port, "?reporting_state=on_time&as_of=2023-01-01&economy=KEN") == Ids{"P2C-2022-0001"});
  CHECK(listed_ids(port, "?reporting_state=due&as_of=2023-05-01&economy=KEN") == Ids{"P2C-2022-0001"});
  CHECK(listed_ids(port, "?reporting_state=overdue&as_of=2023-06-20&economy=KEN") == Ids{"P2C-2022-0001"});
  CHECK(listed_ids(port, "?reporting_state=on_time&as_of=2023-07-01&economy=KEN") == Ids{"P2C-2022-0001"});
  CHECK(listed_ids(port, "?q=towers") == Ids{"P2C-2022-0001"});
  CHECK(listed_ids(port, "?q=Second+PHASE") == Ids{"P2C-2022-0001"});  // a narrative, any case
  CHECK(listed_ids(port, "?q=mountain&economy=BTN&from=2023-01-01") == Ids{"P2C-2024-0011"});
  // FTS5 syntax in q is plain text: never a 500, never an operator. "and" is a word of a narrative.
  CHECK(listed_ids(port, "?q=AND") == Ids{"P2C-2023-0003"});
  for (const char* hostile : {"%22", "*", "NEAR(", "towers%20OR%20valleys", "%22%22%22", "x%22%20OR%20%22y", "(%20)",
                              "%27%3B%20DROP%20TABLE%20pledges%3B--"}) {
    INFO(hostile);
    const HttpReply reply = HttpClient(port).get(std::string("/api/v1/pledges?q=") + hostile);
    CHECK(reply.status == 200);
    CHECK(Json::parse(reply.body)["items"].empty());
  }
  CHECK(listed_ids(port, "?limit=2&offset=1") == Ids{"P2C-2023-0003", "P2C-2022-0002"});
  const Json paged = Json::parse(HttpClient(port).get("/api/v1/pledges?limit=2&offset=4").body);
  CHECK(paged["total"] == 5);
  CHECK(paged["items"].size() == 1);

  // A draft does not exist for the public; a published pledge comes without its contact.
  CHECK(HttpClient(port).get("/api/v1/pledges/P2C-2024-0009").status == 404);
  CHECK(HttpClient(port).get("/api/v1/pledges/P2C-2024-0009/revisions").status == 404);
  const HttpReply kenya = HttpClient(port).get("/api/v1/pledges/P2C-2022-0001");
  REQUIRE(kenya.status == 200);
  CHECK_THAT(kenya.body, !Catch::Contains("contact_") && !Catch::Contains(jane_email));
  CHECK(Json::parse(kenya.body)["targets"].size() == 1);
}

TEST_CASE("the pledge explorer answers CSV pages and refuses bad parameters by name", "[service][pledges][explorer]") {
  TempDir dir;
  const auto config = write_config(dir, 100);
  create_token(config, "Ministry of ICT, Kenya");
  import_explorer_pledges(dir, config);
  ServerProcess server(exe, {"--config", config.string()}, dir.path());
  const unsigned short port = server.port();

  const HttpReply csv = HttpClient(port).get("/api/v1/pledges?economy=BTN&format=csv");
  REQUIRE(csv.status == 200);
  CHECK_THAT(csv.header("content-type"), Catch::StartsWith("text/csv"));
  CHECK_THAT(csv.header("content-disposition"), Catch::StartsWith("attachment") && Catch::Contains("pledges.csv"));
  CHECK(csv.header("x-total-count") == "2");
  std::istringstream lines(csv.body);
  std::string header;
  std::getline(lines, header);
  CHECK(header ==
        "id,entity,sector,origin_economy,origin_region,implementation_economies,implementation_regions,focus_areas,"
        "pillars,pledge_type,value,currency,value_usd,beneficiaries,sdgs,pledged_on,start_date,end_date,status,"
        "description,review_state,wsis_lines,roadmap_areas,campaigns,partners,reporting_period_months");
  std::vector<std::string> rows;
  for (std::string line; std::getline(lines, line);) rows.push_back(line);
  REQUIRE(rows.size() == 2);
  CHECK_THAT(rows[0], Catch::StartsWith("P2C-2024-0011,"));
  CHECK_THAT(rows[1], Catch::StartsWith("P2C-2022-0010,"));
  const HttpReply every = HttpClient(port).get("/api/v1/pledges?format=csv&limit=500");
  CHECK(every.header("x-total-count") == "5");
  CHECK_THAT(every.body, !Catch::Contains(jane_email) && !Catch::Contains("P2C-2024-0009"));
  CHECK(HttpClient(port).get("/api/v1/pledges?format=json").status == 200);
  // A list item with the CSV list separator in it has no CSV form: the answer says so and points to the JSON.
  {
    std::ifstream in(source_dir / "tests/core/pledges/fixtures/pledges.json");
    Json telecom = Json::parse(in)[1];
    telecom["id"] = "P2C-2022-0020";
    telecom["implementation_economies"] = {"UGA"};
    telecom["partners"] = {"Alpha; Beta Networks"};
    const auto file = dir.write("partners.json", Json::array({telecom}).dump());
    REQUIRE(run_p2c("pledges import " + file.string() + " --config " + config.string()).exit_code == 0);
  }
  const HttpReply separator = HttpClient(port).get("/api/v1/pledges?economy=UGA&format=csv");
  CHECK(separator.status == 406);
  CHECK_THAT(message(separator), Catch::Contains("P2C-2022-0020") && Catch::Contains("format=json"));
  CHECK(listed_ids(port, "?economy=UGA") == Ids{"P2C-2022-0020"});

  const auto refused = [&](const std::string& query, const std::string& expected) {
    const HttpReply reply = HttpClient(port).get("/api/v1/pledges" + query);
    INFO(query << " -> " << reply.body);
    CHECK(reply.status == 400);
    CHECK_THAT(message(reply), Catch::Contains(expected));
  };
  refused("?colour=red", "unknown parameter 'colour': expected economy, group");
  refused("?economy=ZZZ", "parameter 'economy': expected the ISO3 code");
  refused("?group=NOPE", "parameter 'group'");
  refused("?focus=acess", "parameter 'focus': expected access, adoption");
  refused("?campaign=nope", "parameter 'campaign': expected ldc5");
  refused("?reporting_state=late", "parameter 'reporting_state': expected on_time");
  refused("?as_of=2023-02-29", "parameter 'as_of': expected a date YYYY-MM-DD");
  refused("?from=2024-01-01&to=2023-01-01", "from on or before to");
  refused("?limit=501", "parameter 'limit': expected a whole number from 1 to 500");
  refused("?offset=-3", "parameter 'offset'");
  refused("?format=xml", "parameter 'format': expected json or csv");
  refused("?q=%FF", "parameter 'q'");
  refused("?q=a+b+c+d+e+f+g+h+i+j+k+l+m+n+o+p+q+r+s+t+u", "at most 20 words");
  CHECK_THAT(HttpClient(port).get("/metrics").body,
             Catch::Contains("p2c_http_requests_total{route=\"/api/v1/pledges\",status=\"400\"}"));
}

TEST_CASE("revisions of a published pledge are public, with the contact redacted and the reporter as actor",
          "[service][pledges][explorer]") {
  TempDir dir;
  const auto config = write_config(dir, 100);
  const std::string kenya = create_token(config, "Ministry of ICT, Kenya");
  import_explorer_pledges(dir, config);
  ServerProcess server(exe, {"--config", config.string()}, dir.path());
  const unsigned short port = server.port();

  const HttpReply before = HttpClient(port).get("/api/v1/pledges/P2C-2022-0001/revisions");
  REQUIRE(before.status == 200);
  const Json revisions = Json::parse(before.body);
  REQUIRE(revisions.size() == 2);
  CHECK(revisions[0]["revision"] == 1);
  CHECK(revisions[0]["changes"] == Json::array());
  // The bootstrap file's folders are the server's business.
  CHECK(revisions[0]["actor"] == "import:pledges.json");
  CHECK(revisions[1]["actor"] == "import:explorer-pledges.json");
  CHECK_THAT(before.body, !Catch::Contains(source_dir.string()) && !Catch::Contains(dir.path().string()));
  for (const char* key : {"revision", "recorded_at", "effective_on", "actor", "reason", "changes"})
    CHECK(revisions[1].contains(key));
  std::set<std::string> fields;
  for (const auto& change : revisions[1]["changes"]) {
    fields.insert(change["field"].get<std::string>());
    if (change["field"] == "contact_name" || change["field"] == "contact_email") {
      CHECK(change["old"].is_null());
      CHECK(change["new"].is_null());
    }
  }
  CHECK(fields.count("contact_email") == 1);
  CHECK(fields.count("targets") == 1);
  CHECK_THAT(before.body, !Catch::Contains(jane_email) && !Catch::Contains("Jane Officer"));

  // A report that completes the pledge is a revision by the token's entity, and its actuals are stored.
  const HttpReply unknown_target = post(
      port, "P2C-2022-0001",
      R"({"reported_on":"2025-06-30","status":"completed","percent_complete":100,"actuals":[{"target_id":"T9","value":1}]})",
      kenya);
  CHECK(unknown_target.status == 400);
  CHECK_THAT(message(unknown_target), Catch::Contains("actuals"));
  const HttpReply completed = post(
      port, "P2C-2022-0001",
      R"({"reported_on":"2025-06-30","status":"completed","percent_complete":100,"actuals":[{"target_id":"T1","value":40}]})",
      kenya);
  INFO(completed.body);
  REQUIRE(completed.status == 201);
  CHECK(Json::parse(completed.body)["actuals"] == Json::parse(R"([{"target_id":"T1","value":40.0}])"));
  const Json stored = Json::parse(HttpClient(port).get("/api/v1/pledges/P2C-2022-0001").body);
  CHECK(stored["status"] == "completed");
  CHECK(stored["reports"][2]["actuals"][0]["value"] == 40.0);
  const Json after = Json::parse(HttpClient(port).get("/api/v1/pledges/P2C-2022-0001/revisions").body);
  REQUIRE(after.size() == 3);
  CHECK(after[2]["revision"] == 3);
  CHECK(after[2]["actor"] == "Ministry of ICT, Kenya");
  bool status_changed = false;
  for (const auto& change : after[2]["changes"])
    if (change["field"] == "status" && change["old"] == "in_progress" && change["new"] == "completed")
      status_changed = true;
  CHECK(status_changed);
  CHECK(HttpClient(port).get("/api/v1/pledges/P2C-1999-9999/revisions").status == 404);
}
