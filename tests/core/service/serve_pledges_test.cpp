// Pledges over HTTP and `p2c tokens`, against a real `p2c serve` with a real registry database.
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

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

const std::string exe = P2C_EXE;
const std::filesystem::path source_dir = P2C_SOURCE_DIR;

struct Result {
  int exit_code = -1;
  std::string output;
};

Result run_p2c(const std::string& arguments) {
  const std::string command = exe + " " + arguments + " 2>&1";
  Result result;
  FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  char buffer[4096];
  while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) result.output.append(buffer, n);
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

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
  // Bytes that are not UTF-8 in the path are quoted in the error, not a reason for a 500.
  const HttpReply not_utf8 = HttpClient(port).get("/api/v1/pledges/%FF");
  CHECK(not_utf8.status == 404);
  CHECK(Json::parse(not_utf8.body)["error"]["status"] == 404);

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

TEST_CASE("a registry locked by another writer gets 503 with Retry-After while reads go on", "[service][pledges]") {
  TempDir dir;
  const auto config = write_config(dir, 100);
  const std::string kenya = create_token(config, "Ministry of ICT, Kenya");
  ServerProcess server(exe, {"--config", config.string()}, dir.path());
  const unsigned short port = server.port();
  REQUIRE(HttpClient(port).get("/api/v1/pledges/P2C-2022-0001").status == 200);

  // This test process is the other writer: it holds the write lock while the server tries to store a report.
  sqlite3* other = nullptr;
  REQUIRE(sqlite3_open((dir.path() / "pledges.sqlite").c_str(), &other) == SQLITE_OK);
  REQUIRE(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK);
  HttpReply busy;
  std::thread writer([&] { busy = post(port, "P2C-2022-0001", good_report, kenya); });
  std::this_thread::sleep_for(300ms);
  // The POST is waiting for the lock; a GET on the same pledge does not queue behind it.
  const auto started = std::chrono::steady_clock::now();
  CHECK(HttpClient(port).get("/api/v1/pledges/P2C-2022-0001").status == 200);
  CHECK(std::chrono::steady_clock::now() - started < 1s);
  writer.join();
  CHECK(busy.status == 503);
  CHECK(busy.header("retry-after") == "2");
  CHECK_THAT(message(busy), Catch::Contains("busy"));
  sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(other);

  // Nothing was stored, so the retry succeeds.
  CHECK(post(port, "P2C-2022-0001", good_report, kenya).status == 201);
}
