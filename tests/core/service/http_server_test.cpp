// The HTTP layer of `p2c serve` under hostile or unusual clients, against a real server process: connection
// limits, deadlines, request framing, Expect, HEAD, response memory, and the errors of a bad listen address.
// Distinct client addresses come from binding client sockets to 127.0.0.2, 127.0.0.3, ... (all loopback).
#include <sys/wait.h>

#include <boost/asio/ip/tcp.hpp>
#include <catch2/catch.hpp>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

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
using p2c::test::wait_ready;

const std::string exe = P2C_EXE;

std::unique_ptr<ServerProcess> start(const TempDir& dir, const std::string& service_extra) {
  const auto config =
      dir.write("p2c.toml", p2c::test::bundled_config(dir.path(), p2c::test::service_section(0, service_extra)));
  return std::make_unique<ServerProcess>(exe, std::vector<std::string>{"--config", config.string()}, dir.path());
}

// A request head begun and never finished: what a slowloris client sends.
const std::string half_head = "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ";

// Runs p2c with a time limit, so that a server that starts when it should have refused ends the test.
p2c::test::CommandResult run_p2c(const std::string& arguments) {
  return p2c::test::run_command("timeout 60 " + exe + " " + arguments);
}

}  // namespace

TEST_CASE("one client address may hold only max_connections_per_client connections", "[service][http][limits]") {
  TempDir dir;
  // Deadlines far away: only the per-client limit can close anything here.
  auto server =
      start(dir, "max_connections_per_client = 3\nheader_timeout_seconds = 3600\nidle_timeout_seconds = 3600");
  const unsigned short port = server->port();
  std::vector<std::unique_ptr<HttpClient>> held;
  for (int i = 0; i < 3; ++i) {
    held.push_back(std::make_unique<HttpClient>(port, "127.0.0.2"));
    held.back()->write_raw(half_head);
  }
  // Accepted after the three (the server accepts in order), so counted against the same address.
  HttpClient fourth(port, "127.0.0.2");
  fourth.wait_closed();
  for (auto& client : held) CHECK(client->open());
  // Another address is not affected.
  HttpClient other(port, "127.0.0.3");
  CHECK(other.get("/healthz").status == 200);
  CHECK(p2c::test::http_get(port, "/healthz").status == 200);
}

TEST_CASE("at max_connections a new client takes the place of the slowest half-sent request",
          "[service][http][limits]") {
  TempDir dir;
  auto server = start(dir,
                      "max_connections = 6\nmax_connections_per_client = 2\nheader_timeout_seconds = 3600\n"
                      "idle_timeout_seconds = 3600");
  const unsigned short port = server->port();
  // Twelve slowloris connections from six addresses: twice the cap, none ever finishing its head.
  std::vector<std::unique_ptr<HttpClient>> attackers;
  for (int i = 0; i < 12; ++i) {
    attackers.push_back(std::make_unique<HttpClient>(port, "127.0.0." + std::to_string(2 + i / 2)));
    attackers.back()->write_raw(half_head);
  }
  // Answered while the latest attackers still hold their places: not after any deadline freed one.
  HttpClient client(port);
  CHECK(client.get("/healthz").status == 200);
  int still_open = 0;
  for (std::size_t i = 6; i < attackers.size(); ++i) still_open += attackers[i]->open() ? 1 : 0;
  CHECK(still_open >= 4);
  // The oldest were the ones closed.
  attackers[0]->wait_closed();
  attackers[1]->wait_closed();
}

TEST_CASE("a request head must arrive within header_timeout_seconds, idle keep-alive connections wait longer",
          "[service][http][limits]") {
  TempDir dir;
  auto server = start(dir, "header_timeout_seconds = 1\nidle_timeout_seconds = 3600");
  const unsigned short port = server->port();
  HttpClient idle(port);
  REQUIRE(idle.get("/healthz").status == 200);
  HttpClient slow(port);
  slow.write_raw(half_head);
  slow.wait_closed();
  HttpClient silent(port);  // sends nothing at all: its head is as late
  silent.wait_closed();
  // The keep-alive connection, idle since before, outlived both.
  CHECK(idle.open());
  CHECK(idle.get("/healthz").status == 200);
}

TEST_CASE("a request with a transfer coding other than chunked is refused and its connection closed",
          "[service][http][framing]") {
  TempDir dir;
  auto server = start(dir, "");
  const unsigned short port = server->port();
  for (const std::string coding : {"gzip", "xchunked", "chunked, identity", "gzip, chunked"}) {
    INFO(coding);
    HttpClient client(port);
    // The "body" is a second request: if the first were taken as having no body, it would be answered too.
    client.write_raw("POST /api/v1/pledges/X/reports HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: " + coding +
                     "\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    const HttpReply reply = client.read();
    CHECK(reply.status == 501);
    CHECK(reply.header("connection") == "close");
    CHECK_THAT(Json::parse(reply.body)["error"]["message"].get<std::string>(), Catch::Contains("Transfer-Encoding"));
    CHECK_THROWS(client.read());  // no second response: the connection ends
  }
  // Chunked alone is a body like any other.
  HttpClient chunked(port);
  chunked.write_raw(
      "POST /api/v1/pledges/X/reports HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n");
  CHECK(chunked.read().status == 404);  // this config has no pledge registry
  CHECK(chunked.get("/healthz").status == 200);
}

TEST_CASE("Expect: 100-continue gets 100 Continue before the body, or 413 at once when too large",
          "[service][http][expect]") {
  TempDir dir;
  auto server = start(dir, "max_body_bytes = 1024");
  const unsigned short port = server->port();
  HttpClient client(port);
  const std::string body = R"({"reported_on":"2025-06-30"})";
  client.write_raw(
      "POST /api/v1/pledges/X/reports HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Expect: 100-continue\r\nContent-Length: " +
      std::to_string(body.size()) + "\r\n\r\n");
  // The client sends nothing more until it has the interim response.
  CHECK(client.read_until("\r\n\r\n") == "HTTP/1.1 100 Continue\r\n\r\n");
  client.write_raw(body);
  CHECK(client.read().status == 404);  // the final answer (no registry in this config)

  HttpClient large(port);
  large.write_raw(
      "POST /api/v1/pledges/X/reports HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
      "Content-Length: 1048576\r\n\r\n");
  const HttpReply refused = large.read();
  CHECK(refused.status == 413);
  CHECK(refused.header("connection") == "close");
}

TEST_CASE("HEAD is answered for every GET route with the GET's headers and no body", "[service][http][head]") {
  TempDir dir;
  auto server = start(dir, "");
  const unsigned short port = server->port();
  wait_ready(port);
  HttpClient client(port);
  for (const std::string target : {"/healthz", "/readyz", "/api/v1/runs/current", "/metrics", "/openapi.json", "/"}) {
    INFO(target);
    const HttpReply got = client.get(target);
    const HttpReply head = client.head(target);
    CHECK(head.status == got.status);
    CHECK(head.body.empty());
    CHECK(head.header("content-type") == got.header("content-type"));
    if (target == "/healthz" || target == "/openapi.json")  // the same bytes every time
      CHECK(head.header("content-length") == std::to_string(got.body.size()));
  }
  // The connection is still in step: HEAD sent no body bytes that could be read as the next response.
  CHECK(client.get("/healthz").body == R"({"status":"ok"})");
  const HttpReply wrong = client.request("POST", "/healthz");
  CHECK(wrong.status == 405);
  CHECK(wrong.header("allow") == "GET, HEAD");
}

TEST_CASE("response bytes held for clients that do not read are capped, and such clients are closed",
          "[service][http][limits]") {
  TempDir dir;
  auto server = start(dir,
                      "max_response_bytes = 8388608\nmax_buffered_response_bytes = 8388608\n"
                      "send_timeout_seconds = 10");
  const unsigned short port = server->port();
  wait_ready(port);
  const std::string target = "/api/v1/results?limit=100000";
  const std::size_t size = HttpClient(port).get(target).body.size();
  INFO("response of " << size << " bytes");
  REQUIRE(size > 1'000'000);
  REQUIRE(size < 8'388'608);
  // Clients with a tiny receive buffer that ask for several responses and read none: once the kernel's
  // buffers are full, the server holds the response it is sending. More such clients, until a reading
  // client is turned away for the total cap.
  const std::string request = "GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n";
  std::vector<std::unique_ptr<HttpClient>> stalled;
  HttpReply refused;
  for (int i = 0; i < 20 && refused.status != 503; ++i) {
    stalled.push_back(std::make_unique<HttpClient>(port, "127.0.0.1", 4096));
    stalled.back()->write_raw(request + request + request + request);
    refused = HttpClient(port).get(target);
  }
  REQUIRE(refused.status == 503);
  CHECK(refused.header("retry-after") == "1");
  CHECK_THAT(Json::parse(refused.body)["error"]["message"].get<std::string>(),
             Catch::Contains("max_buffered_response_bytes"));
  // The send deadline closes the clients that do not read, which frees what they held.
  for (auto& client : stalled) client->wait_closed();
  CHECK(HttpClient(port).get(target).status == 200);
}

TEST_CASE("a response larger than max_response_bytes is refused with 503", "[service][http][limits]") {
  TempDir dir;
  auto server = start(dir, "max_response_bytes = 1000");
  const HttpReply big = p2c::test::http_get(server->port(), "/openapi.json");
  CHECK(big.status == 503);
  CHECK_THAT(Json::parse(big.body)["error"]["message"].get<std::string>(), Catch::Contains("max_response_bytes"));
  CHECK(p2c::test::http_get(server->port(), "/healthz").status == 200);
}

TEST_CASE("a port out of range or an address that cannot be listened on is refused, naming the setting",
          "[service][http][listen]") {
  TempDir dir;
  const auto config = dir.write("p2c.toml", p2c::test::bundled_config(dir.path(), p2c::test::service_section(0)));
  for (const std::string port : {"-1", "65536", "80x"}) {
    INFO(port);
    const auto result = run_p2c("serve --config " + config.string() + " --port " + port);
    CHECK(result.exit_code == 2);
    CHECK_THAT(result.output, Catch::Contains("--port must be a port number from 1 to 65535"));
  }

  // A port another socket listens on.
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor taken(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
  const std::string port = std::to_string(taken.local_endpoint().port());
  const auto busy = run_p2c("serve --config " + config.string() + " --port " + port);
  CHECK(busy.exit_code != 0);
  CHECK_THAT(busy.output, Catch::Contains("cannot listen on 127.0.0.1:" + port +
                                          " ([service] address/port or --port): Address already in use"));

  const auto bad_port =
      dir.write("bad-port.toml", p2c::test::bundled_config(dir.path(), p2c::test::service_section(0, "port = -1")));
  const auto configured = run_p2c("serve --config " + bad_port.string());
  CHECK(configured.exit_code == 2);
  CHECK_THAT(configured.output, Catch::Contains("'port' must be between 0 and 65535"));

  // Limits that contradict each other are refused too, naming both keys.
  const auto contradictory = dir.write(
      "limits.toml",
      p2c::test::bundled_config(
          dir.path(), p2c::test::service_section(0, "max_connections = 10\nmax_connections_per_client = 20")));
  const auto limits = run_p2c("serve --config " + contradictory.string());
  CHECK(limits.exit_code == 2);
  CHECK_THAT(limits.output,
             Catch::Contains("max_connections_per_client (20) must not be more than max_connections (10)"));
}

TEST_CASE("a host name as [service] address is resolved", "[service][http][listen]") {
  TempDir dir;
  auto server = start(dir, "address = \"localhost\"");
  CHECK(p2c::test::http_get(server->port(), "/healthz").status == 200);
  CHECK_THAT(server->log(), Catch::Contains("listening on http://127.0.0.1:"));
}
