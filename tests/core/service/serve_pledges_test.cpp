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
