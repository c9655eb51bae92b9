// `p2c serve` and what an operator feeds it: a config whose plugins crash on SIGHUP (the crash happens in a
// child process, the reload is rejected and the service keeps serving), a folder as the config, and what the
// service logs at which level.
#include <signal.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "http_client.h"
#include "p2c/text.h"
#include "server_process.h"
#include "service_config.h"
#include "temp_dir.h"

namespace {

using namespace std::chrono_literals;
using Json = nlohmann::json;
using p2c::test::ServerProcess;
using p2c::test::TempDir;
using p2c::test::wait_ready;
namespace fs = std::filesystem;

const std::string exe = P2C_EXE;
const fs::path shipped_plugins = P2C_PLUGIN_DIR;
const fs::path fixtures = P2C_FIXTURE_DIR;

std::string served_run(unsigned short port) { return Json::parse(p2c::test::http_get(port, "/readyz").body)["run_id"]; }

// Alive, answering, and still serving run `run_id` with its results.
void check_still_serving(unsigned short port, const std::string& run_id) {
  CHECK(p2c::test::http_get(port, "/healthz").status == 200);
  CHECK(served_run(port) == run_id);
  const auto results = p2c::test::http_get(port, "/api/v1/results?metric=sdg_17_8.internet_users&limit=1");
  CHECK(results.status == 200);
  CHECK(Json::parse(results.body)["total"] > 0);
}

}  // namespace

TEST_CASE("SIGHUP with a library that crashes on load in a plugin folder: rejected, still serving",
          "[service][serve][reload][probe]") {
  TempDir dir;
  const fs::path more = dir / "more-plugins";
  fs::create_directories(more);
  const auto config = dir.write("p2c.toml", p2c::test::bundled_config(dir.path(), p2c::test::service_section(0)));
  ServerProcess server(
      exe, {"--config", config.string(), "--plugin-dir", shipped_plugins.string(), "--plugin-dir", more.string()},
      dir.path());
  wait_ready(server.port());
  const std::string first = served_run(server.port());

  fs::copy_file(fixtures / "crash_on_load" / "fixture_crash_on_load.so", more / "fixture_crash_on_load.so");
  server.signal(SIGHUP);
  REQUIRE(server.wait_for_log("reload rejected"));
  INFO(server.log());
  CHECK_THAT(server.log(), Catch::Contains((more / "fixture_crash_on_load.so").string() + " crashed while loading ("));
  check_still_serving(server.port(), first);

  // Once the library is gone, the same config reloads.
  fs::remove(more / "fixture_crash_on_load.so");
  server.signal(SIGHUP);
  CHECK(server.wait_for_log("reload: config accepted"));
}

TEST_CASE("SIGHUP with an instance whose set-up crashes: rejected, still serving", "[service][serve][reload]") {
  TempDir dir;
  const std::string good = p2c::test::bundled_config(dir.path(), p2c::test::service_section(0));
  const auto config = dir.write("p2c.toml", good);
  // The library loads cleanly; only creating an instance of it aborts.
  ServerProcess server(exe,
                       {"--config", config.string(), "--plugin-dir", shipped_plugins.string(), "--plugin-dir",
                        (fixtures / "crash_on_create").string()},
                       dir.path());
  wait_ready(server.port());
  const std::string first = served_run(server.port());

  // Set up in the service's process, the instance would end it: the new config is tried in a child first.
  const std::string boom = "\n[[source]]\nplugin = \"fixture_crash_on_create\"\nname = \"boom\"\n";
  dir.write("p2c.toml", good + boom + "isolation = \"none\"\n");
  server.signal(SIGHUP);
  REQUIRE(server.wait_for_log("reload rejected"));
  INFO(server.log());
  CHECK_THAT(server.log(), Catch::Contains("checking the new config in a child process"));
  check_still_serving(server.port(), first);
  // In a process of its own, the service's default, the instance cannot end anything but that process.
  dir.write("p2c.toml", good + boom);
  server.signal(SIGHUP);
  REQUIRE(server.wait_for_log("reload rejected", std::chrono::seconds(20), 2));
  CHECK_THAT(server.log(), Catch::Contains("boom: source 'boom' (plugin fixture_crash_on_create 0.1.0): could not be "
                                           "created: its process was ended by SIGABRT"));
  check_still_serving(server.port(), first);
  CHECK_THAT(p2c::test::http_get(server.port(), "/metrics").body, Catch::Contains("p2c_reload_failures_total 2\n"));
}

TEST_CASE("log level off silences the access log too", "[service][serve][logging]") {
  TempDir dir;
  const auto config = dir.write("p2c.toml", p2c::test::bundled_config(dir.path(), p2c::test::service_section(0)));
  ServerProcess server(exe, {"--config", config.string(), "--log-level", "off"}, dir.path());
  wait_ready(server.port());
  CHECK(p2c::test::http_get(server.port(), "/healthz").status == 200);
  server.signal(SIGTERM);
  CHECK(server.wait() == 0);
  CHECK(server.log().empty());
}

TEST_CASE("a JSON access line stays valid JSON when the target holds bytes that are not UTF-8",
          "[service][serve][logging]") {
  TempDir dir;
  const auto config = dir.write("p2c.toml", p2c::test::bundled_config(dir.path(), p2c::test::service_section(0)));
  ServerProcess server(exe, {"--config", config.string(), "--log-format", "json"}, dir.path());
  p2c::test::HttpClient client(server.port());
  client.write_raw("GET /nope\xff\xfe?x=\xc0 HTTP/1.1\r\nHost: x\r\n\r\n");
  const int status = client.read().status;  // refused or not found: either way the request is logged
  REQUIRE(server.wait_for_log("\"type\":\"access\""));
  const std::string log = server.log();
  INFO(log);
  CHECK(p2c::valid_utf8(log));
  const auto start = log.rfind('\n', log.find("\"type\":\"access\"")) + 1;
  const Json line = Json::parse(log.substr(start, log.find('\n', start) - start));
  CHECK(line["target"] == "/nope\\xff\\xfe?x=\\xc0");
  CHECK(line["status"] == status);
}

TEST_CASE("p2c serve refuses a folder as its config instead of serving nothing", "[service][serve][config]") {
  TempDir dir;
  CHECK_THROWS_WITH(ServerProcess(exe, {"--config", dir.path().string()}, dir.path()),
                    Catch::Contains("p2c serve exited with status 2") &&
                        Catch::Contains(dir.path().string() + ": is a folder, not a config file"));
}

TEST_CASE("an operator's [languages] dir is served, and read again on SIGHUP unless broken",
          "[service][serve][reload][i18n]") {
  TempDir dir;
  dir.write("i18n/pt-BR.json", R"json({"language": {"name": "Português (Brasil)", "direction": "ltr"},
    "messages": {"report.title": "Relatório de progresso"}})json");
  const std::string good = p2c::test::bundled_config(dir.path(), p2c::test::service_section(0)) +
                           "\n[languages]\ndir = \"" + (dir / "i18n").string() + "\"\n";
  const auto config = dir.write("p2c.toml", good);
  ServerProcess server(exe, {"--config", config.string(), "--plugin-dir", shipped_plugins.string()}, dir.path());
  wait_ready(server.port());
  const auto page = [&](const std::string& code) {
    return Json::parse(p2c::test::http_get(server.port(), "/api/v1/i18n/" + code).body);
  };
  CHECK(page("pt-BR")["messages"]["report.title"] == "Relatório de progresso");
  CHECK(page("pt-BR")["languages"].size() == 7);
  CHECK(p2c::test::http_get(server.port(), "/?lang=pt-BR").body.find(R"(<html lang="pt-BR" dir="ltr">)") !=
        std::string::npos);

  dir.write("i18n/fr.json", R"json({"messages": {"report.title": "Rapport (édition locale)"}})json");
  server.signal(SIGHUP);
  REQUIRE(server.wait_for_log("reload: config accepted"));
  CHECK(page("fr")["messages"]["report.title"] == "Rapport (édition locale)");

  // A broken file: the reload is rejected, naming it, and the catalogues before it stay.
  dir.write("i18n/fr.json", R"json({"messages": {"report.title": "Rapport cassé"})json");
  server.signal(SIGHUP);
  REQUIRE(server.wait_for_log("reload rejected"));
  CHECK_THAT(server.log(), Catch::Contains((dir / "i18n" / "fr.json").string() + ":1:"));
  CHECK(page("fr")["messages"]["report.title"] == "Rapport (édition locale)");
}
