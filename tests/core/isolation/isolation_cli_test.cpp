// `p2c run` with plugin instances in child processes, as an operator runs it.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include "processes.h"
#include "run_command.h"
#include "temp_dir.h"

namespace {

using p2c::test::TempDir;

const std::filesystem::path fixtures = P2C_FIXTURE_DIR;

p2c::test::CommandResult run_p2c(const std::string& arguments) {
  return p2c::test::run_command(std::string(P2C_EXE) + " " + arguments);
}

std::string plugin_dirs() {
  return "--plugin-dir " + (fixtures / "good").string() + " --plugin-dir " + (fixtures / "misbehaving").string();
}

std::string config(const TempDir& dir, const std::string& isolation, const std::string& behaviours) {
  std::string text =
      "[[source]]\nplugin = \"fixture_source\"\nseries = \"fixture.input\"\n\n"
      "[[indicator]]\nplugin = \"fixture_indicator\"\nname = \"fine\"\n\n"
      "[[sink]]\nplugin = \"csv_results\"\npath = \"" +
      (dir.path() / "results.csv").string() + "\"\n";
  std::string::size_type start = 0;
  while (start < behaviours.size()) {
    const auto end = std::min(behaviours.find(',', start), behaviours.size());
    const std::string behaviour = behaviours.substr(start, end - start);
    text += "\n[[indicator]]\nplugin = \"fixture_misbehaving\"\nname = \"" + behaviour + "\"\nbehaviour = \"" +
            behaviour + "\"\nisolation = \"" + isolation + "\"\ntimeout_seconds = 2\nmemory_limit = \"256 MiB\"\n";
    start = end + 1;
  }
  return dir.write("p2c.toml", text).string();
}

}  // namespace

TEST_CASE("p2c run completes the other instances when isolated ones crash, abort, exit, loop or allocate",
          "[cli][isolation]") {
  TempDir dir;
  const std::string path = config(dir, "process", "segfault,abort,exit,loop,allocate");
  const auto run = run_p2c("run --config " + path + " " + plugin_dirs());
  INFO(run.output);
  CHECK(run.exit_code == 0);
  CHECK_THAT(run.output, Catch::Contains("failures: 5"));
  CHECK_THAT(run.output, Catch::Contains("instances: 8 (5 in processes of their own)"));
  CHECK_THAT(run.output, Catch::Contains("indicator 'exit' (plugin fixture_misbehaving 0.1.0): compute failed: its "
                                         "process exited with status 3"));
  CHECK_THAT(run.output, Catch::Contains("indicator 'abort' (plugin fixture_misbehaving 0.1.0): compute failed: its "
                                         "process was ended by SIGABRT"));
  CHECK_THAT(run.output, Catch::Contains("no answer within 2 s (timeout_seconds)"));
  CHECK_THAT(run.output, Catch::Contains("memory_limit"));
  const std::string results = p2c::test::read_file(dir.path() / "results.csv");
  CHECK_THAT(results, Catch::Contains("fine.scaled,AAA,economy,2001"));
  // --strict: the failures are problems an operator must see.
  CHECK(run_p2c("run --strict --config " + path + " " + plugin_dirs()).exit_code == 1);
}

TEST_CASE("in the host's process, a plugin that exits ends p2c run, as documented", "[cli][isolation]") {
  TempDir dir;
  const auto run = run_p2c("run --config " + config(dir, "none", "exit") + " " + plugin_dirs());
  INFO(run.output);
  CHECK(run.exit_code == 3);
  CHECK_FALSE(std::filesystem::exists(dir.path() / "results.csv"));
  // The same config, every instance isolated from the command line: the run completes.
  std::string text = p2c::test::read_file(dir.path() / "p2c.toml");
  text.replace(text.find("isolation = \"none\"\n"), 19, "");
  dir.write("p2c.toml", text);
  const auto isolated =
      run_p2c("run --isolation process --config " + (dir.path() / "p2c.toml").string() + " " + plugin_dirs());
  INFO(isolated.output);
  CHECK(isolated.exit_code == 0);
  CHECK(std::filesystem::exists(dir.path() / "results.csv"));
  // An unknown mode is a usage error, named.
  const auto unknown = run_p2c("run --isolation thread --config " + (dir.path() / "p2c.toml").string());
  CHECK(unknown.exit_code == 2);
  CHECK_THAT(unknown.output, Catch::Contains("--isolation must be none or process, found 'thread'"));
}

TEST_CASE("SIGTERM to p2c run ends its plugins' processes", "[cli][isolation]") {
  TempDir dir;
  const auto plugins = dir.path() / "plugins";
  std::filesystem::create_directories(plugins);
  std::filesystem::copy_file(fixtures / "misbehaving" / "fixture_misbehaving.so", plugins / "fixture_misbehaving.so");
  std::string text = p2c::test::read_file(config(dir, "process", "loop"));
  text.replace(text.find("timeout_seconds = 2"), 19, "timeout_seconds = 3600");
  const auto path = dir.write("p2c.toml", text);
  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    const std::string good = (fixtures / "good").string();
    const std::string own = plugins.string();
    execl(P2C_EXE, P2C_EXE, "run", "--config", path.c_str(), "--plugin-dir", good.c_str(), "--plugin-dir", own.c_str(),
          static_cast<char*>(nullptr));
    _exit(127);
  }
  const std::string child = (plugins / "fixture_misbehaving.so").string();
  CHECK(p2c::test::wait_for_processes(child, 1, std::chrono::seconds(30)));
  ::kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);
  CHECK(WIFSIGNALED(status));
  CHECK(p2c::test::wait_for_processes(child, 0, std::chrono::seconds(5)));
}

TEST_CASE("the shipped config gives the same results with every instance isolated", "[cli][isolation]") {
  TempDir in_process;
  TempDir isolated;
  const std::string config = (std::filesystem::path(P2C_SOURCE_DIR) / "config" / "p2c.toml").string();
  for (const auto* dir : {&in_process, &isolated}) {
    const std::string mode = dir == &isolated ? "process" : "none";
    const auto run = p2c::test::run_command("P2C_OUTPUT_DIR=" + dir->path().string() + " " + P2C_EXE +
                                            " run --isolation " + mode + " --config " + config);
    INFO(run.output);
    REQUIRE(run.exit_code == 0);
    CHECK_THAT(run.output, Catch::Contains("failures: 0"));
    CHECK_THAT(run.output, Catch::Contains(mode == "process" ? "instances: 30 (30 in processes of their own)"
                                                             : "instances: 30 (0 in processes of their own)"));
  }
  CHECK(p2c::test::read_file(isolated.path() / "results.csv") ==
        p2c::test::read_file(in_process.path() / "results.csv"));
}
