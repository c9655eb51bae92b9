// `p2c serve` runs every plugin instance in a child process by default: a plugin that crashes, exits or loops
// fails its instance, the service goes on serving, and SIGTERM stops it at once.
#include <catch2/catch.hpp>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "http_client.h"
#include "processes.h"
#include "server_process.h"
#include "service_config.h"
#include "temp_dir.h"

namespace {

using Json = nlohmann::json;
using p2c::test::TempDir;

const std::string fixture_plugins = std::string(P2C_FIXTURE_DIR) + "/good";

// The misbehaving fixture copied into a folder of the test's own, so that its child processes are told apart
// from those of tests running at the same time.
std::string own_misbehaving_plugins(const TempDir& dir) {
  const auto folder = dir.path() / "plugins";
  std::filesystem::create_directories(folder);
  std::filesystem::copy_file(std::filesystem::path(P2C_FIXTURE_DIR) / "misbehaving" / "fixture_misbehaving.so",
                             folder / "fixture_misbehaving.so");
  return folder.string();
}

std::string config_with(const std::string& misbehaving) {
  return p2c::test::service_section(0) + R"(
[[source]]
plugin = "fixture_source"
series = "fixture.input"

[[indicator]]
plugin = "fixture_indicator"
name = "fine"
)" + misbehaving;
}

std::string misbehaving(const std::string& behaviour, int timeout_seconds) {
  return "\n[[indicator]]\nplugin = \"fixture_misbehaving\"\nname = \"" + behaviour + "\"\nbehaviour = \"" + behaviour +
         "\"\ntimeout_seconds = " + std::to_string(timeout_seconds) + "\n";
}

}  // namespace

TEST_CASE("the service serves the run of the plugins that worked when others crash, exit or loop",
          "[service][serve][isolation]") {
  TempDir dir;
  const auto plugins = own_misbehaving_plugins(dir);
  const auto config = dir.write(
      "p2c.toml", config_with(misbehaving("segfault", 60) + misbehaving("exit", 60) + misbehaving("loop", 1)));
  p2c::test::ServerProcess server(
      P2C_EXE, {"--config", config.string(), "--plugin-dir", fixture_plugins, "--plugin-dir", plugins}, dir.path());
  p2c::test::wait_ready(server.port());
  const Json results = Json::parse(p2c::test::http_get(server.port(), "/api/v1/results?metric=fine.scaled").body);
  CHECK(results["total"] == 6);
  const std::string log = server.log();
  INFO(log);
  CHECK_THAT(log, Catch::Contains("compute failed: its process exited with status 3 (plugin fixture_misbehaving)"));
  CHECK_THAT(log, Catch::Contains("compute failed: no answer within 1 s (timeout_seconds)"));
  CHECK_THAT(log, Catch::Contains("indicator 'segfault' (plugin fixture_misbehaving 0.1.0): compute failed: its "
                                  "process "));
  CHECK(p2c::test::http_get(server.port(), "/healthz").status == 200);
  server.signal(SIGTERM);
  CHECK(server.wait() == 0);
  CHECK(p2c::test::processes_with(plugins) == 0);
}

TEST_CASE("SIGTERM stops the service at once while a plugin loops, and ends the plugin's process",
          "[service][serve][isolation]") {
  TempDir dir;
  const auto plugins = own_misbehaving_plugins(dir);
  const auto config = dir.write("p2c.toml", config_with(misbehaving("loop", 3600)));
  p2c::test::ServerProcess server(
      P2C_EXE, {"--config", config.string(), "--plugin-dir", fixture_plugins, "--plugin-dir", plugins}, dir.path());
  // The first run is held by the loop: the service is alive, not ready.
  REQUIRE(p2c::test::wait_for_processes(plugins + "/fixture_misbehaving.so", 1, std::chrono::seconds(30)));
  REQUIRE(server.wait_for_log("misbehaving: about to loop"));
  CHECK(p2c::test::http_get(server.port(), "/healthz").status == 200);
  CHECK(p2c::test::http_get(server.port(), "/readyz").status == 503);
  const auto signalled = std::chrono::steady_clock::now();
  server.signal(SIGTERM);
  // Within the default grace time (10 s), not after the plugin's hour.
  CHECK(server.wait(std::chrono::seconds(10)) == 0);
  CHECK(std::chrono::steady_clock::now() - signalled < std::chrono::seconds(10));
  CHECK(p2c::test::wait_for_processes(plugins, 0, std::chrono::seconds(5)));
  CHECK_THAT(server.log(), Catch::Contains("its process was ended: p2c is stopping"));
}
