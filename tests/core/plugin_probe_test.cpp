// Plugin libraries tried in child processes before the host loads them: a crash in the child refuses
// the library it was loading, and the others are still tried and loaded.
#include "plugin_probe.h"

#include <catch2/catch.hpp>

#include "registry.h"
#include "temp_dir.h"

using namespace p2c::host;
namespace fs = std::filesystem;

namespace {

const fs::path fixtures = P2C_FIXTURE_DIR;
const fs::path crashing = fixtures / "crash_on_load" / "fixture_crash_on_load.so";
const fs::path source = fixtures / "good" / "fixture_source.so";
const fs::path indicator = fixtures / "good" / "fixture_indicator.so";

// A stand-in for the p2c executable that answers the probe protocol as `script` says.
fs::path fake_helper(const p2c::test::TempDir& dir, const std::string& script) {
  const fs::path file = dir.write("helper.sh", "#!/bin/sh\n" + script + "\n");
  fs::permissions(file, fs::perms::owner_all);
  return file;
}

// Sets the helper executable for one test and unsets it after, so other tests load without probing.
struct Helper {
  explicit Helper(const fs::path& executable) { set_helper_executable(executable); }
  ~Helper() { set_helper_executable({}); }
  Helper(const Helper&) = delete;
  Helper& operator=(const Helper&) = delete;
};

}  // namespace

TEST_CASE("a library that crashes the child is refused, the ones after it are tried in a new child", "[probe]") {
  const ProbeOutcome outcome = probe_libraries(P2C_EXE, {source, crashing, indicator});
  CHECK(outcome.survived == std::vector<fs::path>{source, indicator});
  REQUIRE(outcome.crashed.size() == 1);
  CHECK(outcome.crashed[0].path == crashing);
  CHECK_THAT(outcome.crashed[0].message,
             Catch::StartsWith("plugin library " + crashing.string() + " crashed while loading ("));
  CHECK_THAT(outcome.crashed[0].message, Catch::Contains("; it was not loaded"));
  CHECK(outcome.children == 2);

  const ProbeOutcome clean = probe_libraries(P2C_EXE, {source, indicator});
  CHECK(clean.survived.size() == 2);
  CHECK(clean.crashed.empty());
  CHECK(clean.children == 1);
}

TEST_CASE("a library the child hangs on is refused at the deadline", "[probe]") {
  p2c::test::TempDir dir;
  const fs::path helper = fake_helper(dir, "echo loading 0; exec sleep 60");
  const ProbeOutcome outcome = probe_libraries(helper, {"a.so"}, std::chrono::milliseconds(200));
  REQUIRE(outcome.crashed.size() == 1);
  CHECK_THAT(outcome.crashed[0].message,
             Catch::StartsWith("plugin library a.so did not finish loading (no answer within 0.2 s; killed)"));
  CHECK(outcome.survived.empty());
}

TEST_CASE("when the child cannot probe at all, the libraries are loaded unprobed rather than hidden", "[probe]") {
  p2c::test::TempDir dir;
  const fs::path helper = fake_helper(dir, "exit 7");
  const ProbeOutcome outcome = probe_libraries(helper, {"a.so", "b.so"});
  CHECK(outcome.survived == std::vector<fs::path>{"a.so", "b.so"});
  CHECK(outcome.crashed.empty());
  CHECK(probe_libraries(dir / "no-such-helper", {"a.so"}).survived.size() == 1);
}

TEST_CASE("a registry with a helper executable never loads a library that crashes on load", "[probe][registry]") {
  p2c::test::TempDir dir;
  const fs::path plugins = dir / "plugins";
  fs::create_directories(plugins);
  for (const auto& file : {crashing, source, indicator}) fs::copy_file(file, plugins / file.filename());
  const Helper helper(P2C_EXE);
  Registry registry;
  registry.scan(std::vector<fs::path>{plugins});
  CHECK(registry.names() == "fixture_indicator, fixture_source");
  REQUIRE(registry.errors().size() == 1);
  CHECK(registry.errors()[0].path == plugins / crashing.filename());
  CHECK_THAT(registry.errors()[0].message, Catch::Contains("crashed while loading"));
}
