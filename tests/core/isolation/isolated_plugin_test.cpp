// Plugin instances in child processes (isolation = "process"): the same run as in the host's process, and a
// plugin that ends its process fails alone.
#include "isolation/isolated_plugin.h"

#include <signal.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "engine.h"
#include "isolation/sanitizer.h"
#include "temp_dir.h"

using namespace p2c::host;

namespace {

struct Run {
  p2c::test::TempDir dir;
  Config config;
  Registry registry;
  RunOutcome outcome;
  double seconds = 0;

  Run(const std::string& toml, IsolationMode mode) {
    set_plugin_host_executable(P2C_PLUGIN_HOST);
    config = load_config(dir.write("p2c.toml", toml));
    registry.scan(std::filesystem::path(P2C_FIXTURE_DIR) / "good");
    registry.scan(std::filesystem::path(P2C_FIXTURE_DIR) / "misbehaving");
    const auto started = std::chrono::steady_clock::now();
    Engine engine(config, registry, mode);
    engine.prepare();
    outcome = engine.run();
    seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  }

  std::string failures() const {
    std::string out;
    for (const auto& f : outcome.report.failures) out += f.instance + ": " + f.message + "\n";
    for (const auto& f : outcome.sink_failures) out += f.instance + ": " + f.message + "\n";
    return out;
  }

  std::string failure_of(const std::string& instance) const {
    for (const auto& f : outcome.report.failures)
      if (f.instance == instance) return f.message;
    return {};
  }

  std::size_t records_of(const std::string& metric) const {
    std::size_t n = 0;
    for (const auto& r : outcome.report.records) n += outcome.report.catalogue[r.metric].id == metric;
    return n;
  }

  /// Every record as text, with its metric and entity by name: comparable between runs.
  std::vector<std::string> records() const {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < outcome.report.records.size(); ++i) {
      const p2c::Record& r = outcome.report.records[i];
      out.push_back(outcome.report.metric_of(i).id + " " + std::string(outcome.report.entity_of(i)) + " " +
                    std::to_string(r.year) + " " + (r.value ? std::to_string(*r.value) : "none") + " " +
                    p2c::flags_to_string(r.flags) + " " + r.reason + " " + p2c::to_string(r.status));
    }
    return out;
  }
};

constexpr const char* source_block = R"(
[[source]]
plugin = "fixture_source"
name = "src"
series = "fixture.input"
economies = ["AAA", "BBB", "CCC"]
)";

std::string indicator(const std::string& name, const std::string& extra) {
  return "\n[[indicator]]\nplugin = \"fixture_indicator\"\nname = \"" + name + "\"\n" + extra + "\n";
}

// An instance of the misbehaving fixture; in a child process unless `isolation` says otherwise ("": as the run's
// default says).
std::string misbehaving(const std::string& behaviour, const std::string& extra = "timeout_seconds = 2",
                        const std::string& isolation = "process") {
  return "\n[[indicator]]\nplugin = \"fixture_misbehaving\"\nname = \"" + behaviour + "\"\n" +
         (isolation.empty() ? "" : "isolation = \"" + isolation + "\"\n") + "behaviour = \"" + behaviour + "\"\n" +
         extra + "\n";
}

bool under_address_sanitizer() {
#if defined(P2C_UNDER_ASAN)
  return true;
#else
  return false;
#endif
}

}  // namespace

TEST_CASE("a run in child processes gives the records and failures of a run in the host's process", "[isolation]") {
  // Every kind of call: describe, read (batches, rejected rows, a failure half-way), inputs, compute (values,
  // a metric's consumer, a plugin's error, a non-standard exception, results the host refuses).
  const std::string scenario = GENERATE(
      std::string(source_block) + "reject = 3\n" + indicator("double", "") +
          indicator("after", "input = \"double.scaled\"\nfactor = 3"),
      std::string(source_block) + indicator("broken", "mode = \"throw_in_constructor\"") + indicator("fine", ""),
      std::string(source_block) + indicator("broken", "mode = \"throw_in_compute\"") +
          indicator("after", "input = \"broken.scaled\"") + indicator("odd", "mode = \"throw_non_std\""),
      std::string(source_block) + indicator("x", "mode = \"undeclared_metric\"") +
          indicator("y", "mode = \"duplicate\"") + indicator("z", "mode = \"nan\""),
      std::string(source_block) + "fail = true\n" + indicator("x", ""));
  const Run in_process(scenario, IsolationMode::none);
  const Run isolated(scenario, IsolationMode::process);
  INFO(scenario);
  CHECK(isolated.records() == in_process.records());
  CHECK(isolated.failures() == in_process.failures());
  CHECK(isolated.outcome.rejections == in_process.outcome.rejections);
  CHECK(isolated.outcome.rejected_rows == in_process.outcome.rejected_rows);
  REQUIRE(isolated.outcome.series.size() == in_process.outcome.series.size());
  for (std::size_t i = 0; i < isolated.outcome.series.size(); ++i) {
    CHECK(isolated.outcome.series[i].rows == in_process.outcome.series[i].rows);
    CHECK(isolated.outcome.series[i].failed == in_process.outcome.series[i].failed);
  }
}

TEST_CASE("an instance whose process crashes, aborts, exits or loops fails alone, saying how", "[isolation]") {
  const Run run(std::string(source_block) + indicator("before", "") + misbehaving("segfault") + misbehaving("abort") +
                    misbehaving("exit") + misbehaving("loop") + misbehaving("copy") + indicator("after", ""),
                IsolationMode::none);
  INFO(run.failures());
  CHECK(run.outcome.report.failures.size() == 4);
  // The others computed, in process and isolated alike.
  CHECK(run.records_of("before.scaled") == 9);
  CHECK(run.records_of("after.scaled") == 9);
  CHECK(run.records_of("copy.copied") == 9);
  CHECK(run.records_of("segfault.copied") == 0);
  const std::string plugin = "(plugin fixture_misbehaving 0.1.0): compute failed: its process ";
  // The sanitizers report a null store or a segmentation fault themselves and exit with status 1.
  CHECK_THAT(run.failure_of("segfault"),
             Catch::Contains(plugin + (under_address_sanitizer() ? "exited with status 1" : "was ended by SIGSEGV")));
  CHECK_THAT(run.failure_of("segfault"), Catch::Contains("misbehaving: about to segfault"));
  CHECK_THAT(run.failure_of("abort"), Catch::Contains(plugin + "was ended by SIGABRT"));
  CHECK_THAT(run.failure_of("abort"), Catch::Contains("it printed: misbehaving: about to abort"));
  CHECK_THAT(run.failure_of("exit"), Catch::Contains(plugin + "exited with status 3"));
  CHECK_THAT(run.failure_of("loop"),
             Catch::Contains("compute failed: no answer within 2 s (timeout_seconds); its process was killed "
                             "(plugin fixture_misbehaving)"));
}

TEST_CASE("an instance that allocates without bound stops at its memory_limit and fails alone", "[isolation]") {
  const Run run(std::string(source_block) +
                    misbehaving("allocate", "memory_limit = \"256 MiB\"\ntimeout_seconds = 60") +
                    indicator("after", ""),
                IsolationMode::none);
  INFO(run.failures());
  CHECK(run.outcome.report.failures.size() == 1);
  CHECK(run.records_of("after.scaled") == 9);
  // Without sanitizers the allocation fails (std::bad_alloc); AddressSanitizer ends the process at the limit.
  if (under_address_sanitizer())
    CHECK_THAT(run.failure_of("allocate"), Catch::Contains("AddressSanitizer: hard rss limit exhausted (256Mb"));
  else
    CHECK_THAT(run.failure_of("allocate"),
               Catch::Contains("compute failed: std::bad_alloc: the instance reached its memory_limit of 256 MiB"));
}

TEST_CASE("an instance runs where it says, else where [run] says, else where the command says", "[isolation]") {
  // Were the exiting instance run in this process, it would end the test program with status 3.
  const std::string toml = std::string(source_block) + misbehaving("exit", "", "") + indicator("double", "");
  const Run command_default(toml, IsolationMode::process);
  CHECK(command_default.records_of("double.scaled") == 9);
  CHECK_THAT(command_default.failure_of("exit"), Catch::Contains("exited with status 3"));
  const Run run_default("[run]\nisolation = \"process\"\n" + toml, IsolationMode::none);
  CHECK_THAT(run_default.failure_of("exit"), Catch::Contains("exited with status 3"));
  const Run own("[run]\nisolation = \"none\"\n" + std::string(source_block) + misbehaving("exit"), IsolationMode::none);
  CHECK_THAT(own.failure_of("exit"), Catch::Contains("exited with status 3"));
}

TEST_CASE("a plugin host that cannot be started fails the isolated instances, not the run", "[isolation]") {
  p2c::test::TempDir dir;
  const Config config = load_config(dir.write(
      "p2c.toml", std::string(source_block) + indicator("double", "isolation = \"process\"") + indicator("local", "")));
  Registry registry;
  registry.scan(std::filesystem::path(P2C_FIXTURE_DIR) / "good");
  set_plugin_host_executable(dir.path() / "no-such-host");
  Engine engine(config, registry);
  engine.prepare();
  const RunOutcome outcome = engine.run();
  set_plugin_host_executable(P2C_PLUGIN_HOST);
  REQUIRE(outcome.report.failures.size() == 1);
  CHECK(outcome.report.failures[0].instance == "double");
  CHECK_THAT(outcome.report.failures[0].message,
             Catch::Contains("could not be created: cannot start " + (dir.path() / "no-such-host").string()));
}
