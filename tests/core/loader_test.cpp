#include "loader.h"

#include <catch2/catch.hpp>

#include "instance.h"
#include "registry.h"
#include "temp_dir.h"

using namespace p2c::host;

namespace {

const std::filesystem::path good = std::filesystem::path(P2C_FIXTURE_DIR) / "good";
const std::filesystem::path bad = std::filesystem::path(P2C_FIXTURE_DIR) / "bad";

std::string load_error(const std::filesystem::path& file) {
  auto loaded = load_plugin(file);
  REQUIRE(std::holds_alternative<LoadError>(loaded));
  return std::get<LoadError>(loaded).message;
}

}  // namespace

TEST_CASE("a good plugin loads with its metadata and metric catalogue", "[loader]") {
  auto loaded = load_plugin(good / "fixture_indicator.so");
  REQUIRE(std::holds_alternative<PluginLibrary>(loaded));
  const auto& plugin = std::get<PluginLibrary>(loaded);
  CHECK(plugin.name() == "fixture_indicator");
  CHECK(std::string(plugin.info().version) == "0.1.0");
  CHECK(plugin.info().kind == P2C_KIND_INDICATOR);
  CHECK(plugin.info().option_count == 4);
  REQUIRE(plugin.metrics().size() == 3);
  CHECK(plugin.metrics()[0].name == "scaled");
  CHECK(plugin.metrics()[1].name == "members");
}

TEST_CASE("a plugin built for another ABI version is refused, naming file, plugin and both versions", "[loader]") {
  const std::string message = load_error(bad / "fixture_wrong_abi.so");
  CHECK_THAT(message, Catch::Contains("fixture_wrong_abi.so"));
  CHECK_THAT(message, Catch::Contains("plugin 'fixture_future'"));
  CHECK_THAT(message, Catch::Contains("ABI version 999"));
  CHECK_THAT(message, Catch::Contains("this host speaks ABI version " + std::to_string(P2C_ABI_VERSION)));
  CHECK_THAT(message, Catch::Contains("rebuild the plugin"));
}

TEST_CASE("a plugin built with another standard library ABI is refused before anything of it is called",
          "[loader][toolchain]") {
  // Were its metrics() called, this process would read a pre-C++11 std::vector<MetricInfo> as its own.
  const std::string message = load_error(bad / "fixture_old_string_abi.so");
  CHECK_THAT(message, Catch::Contains("fixture_old_string_abi.so: plugin 'fixture_old_string_abi' was built with "
                                      "another toolchain than this host"));
  CHECK_THAT(message, Catch::Contains("the standard library: libstdc++ with the pre-C++11 ABI "
                                      "(_GLIBCXX_USE_CXX11_ABI=0) in the plugin, libstdc++ with the C++11 ABI "
                                      "(_GLIBCXX_USE_CXX11_ABI=1) in the host"));
  CHECK_THAT(message, Catch::Contains("rebuild the plugin with " + toolchain_text(p2c_current_toolchain())));
}

TEST_CASE("toolchains differ when the standard library, its ABI or the C++ standard do, not the compiler",
          "[loader][toolchain]") {
  const p2c_toolchain host{P2C_STDLIB_LIBSTDCXX, 1, P2C_COMPILER_GCC, 12, 202002};
  CHECK(toolchain_text(host) == "libstdc++ with the C++11 ABI (_GLIBCXX_USE_CXX11_ABI=1), GCC 12, C++20");
  // GCC and Clang of any version share libstdc++'s layout.
  CHECK(toolchain_mismatch({P2C_STDLIB_LIBSTDCXX, 1, P2C_COMPILER_CLANG, 14, 202002}, host).empty());
  CHECK(toolchain_mismatch({P2C_STDLIB_LIBSTDCXX, 1, P2C_COMPILER_GCC, 13, 202002}, host).empty());
  CHECK(toolchain_mismatch({P2C_STDLIB_LIBCXX, 1, P2C_COMPILER_CLANG, 16, 202002}, host) ==
        "the standard library: libc++ ABI version 1 in the plugin, libstdc++ with the C++11 ABI "
        "(_GLIBCXX_USE_CXX11_ABI=1) in the host");
  CHECK(toolchain_mismatch({P2C_STDLIB_LIBSTDCXX, 1, P2C_COMPILER_GCC, 12, 202100}, host) ==
        "the C++ standard: C++23 (draft) in the plugin, C++20 in the host");
  CHECK(toolchain_mismatch({P2C_STDLIB_LIBSTDCXX, 0, P2C_COMPILER_GCC, 12, 201703}, host) ==
        "the standard library: libstdc++ with the pre-C++11 ABI (_GLIBCXX_USE_CXX11_ABI=0) in the plugin, "
        "libstdc++ with the C++11 ABI (_GLIBCXX_USE_CXX11_ABI=1) in the host; and the C++ standard: C++17 in the "
        "plugin, C++20 in the host");
  CHECK(toolchain_text({}) == "an unknown standard library, an unknown compiler, __cplusplus 0");
}

TEST_CASE("a plugin info shorter than the host's is refused before it is read past its end", "[loader]") {
  const std::string message = load_error(bad / "fixture_short_struct.so");
  CHECK_THAT(message, Catch::Contains("fixture_short_struct.so"));
  CHECK_THAT(message, Catch::Contains("plugin 'fixture_short'"));
  CHECK_THAT(message, Catch::Contains("bytes, this host expects at least"));
}

TEST_CASE("a shared library that is not a p2c plugin is refused with what to do", "[loader]") {
  const std::string message = load_error(bad / "fixture_not_a_plugin.so");
  CHECK_THAT(message, Catch::Contains("fixture_not_a_plugin.so"));
  CHECK_THAT(message, Catch::Contains("not a p2c plugin"));
  CHECK_THAT(message, Catch::Contains("P2C_PLUGIN"));
}

TEST_CASE("a file that is not a loadable library is refused", "[loader]") {
  p2c::test::TempDir dir;
  const auto fake = dir.write("fake.so", "this is text, not ELF");
  const std::string message = load_error(fake);
  CHECK_THAT(message, Catch::Contains("fake.so"));
  CHECK_THAT(message, Catch::Contains("cannot load the library"));
}

TEST_CASE("the registry loads the good plugins of a folder and lists the bad ones", "[registry]") {
  Registry registry;
  registry.scan(good);
  registry.scan(bad);
  CHECK(registry.plugins().size() == 2);
  CHECK(registry.names() == "fixture_indicator, fixture_source");
  REQUIRE(registry.errors().size() == 4);  // another ABI version, a short struct, not a plugin, another toolchain
  CHECK(registry.find("fixture_source") != nullptr);
  CHECK(registry.find("fixture_future") == nullptr);
  CHECK(registry.find("fixture_old_string_abi") == nullptr);
}

TEST_CASE("the registry refuses a second plugin of the same name and a missing folder", "[registry]") {
  Registry registry;
  registry.scan(good);
  registry.scan(good);
  CHECK(registry.plugins().size() == 2);
  REQUIRE(registry.errors().size() == 2);
  CHECK_THAT(registry.errors()[0].message, Catch::Contains("is already loaded from"));

  registry.scan(good / "does-not-exist");
  CHECK_THAT(registry.errors().back().message, Catch::Contains("plugin folder does not exist"));
}

TEST_CASE("an instance keeps its library loaded after the registry is gone", "[loader][lifetime]") {
  std::optional<Instance> instance;
  {
    Registry registry;
    registry.scan(good);
    p2c::Options options;
    options.set("series", std::string("fixture.input"));
    options.set("economies", p2c::StringList{"AAA"});
    options.set("years", std::int64_t{2});
    options.set("fail", false);
    options.set("reject", std::int64_t{0});
    instance.emplace(*registry.find("fixture_source"), "src", options);
  }
  // The registry and its copies of the library are gone; the instance's copy keeps the code mapped.
  const auto series = instance->describe();
  REQUIRE(series.size() == 1);
  CHECK(series[0].id == "fixture.input");
  instance.reset();
}

TEST_CASE("a factory that throws becomes an error naming the instance and plugin", "[loader]") {
  Registry registry;
  registry.scan(good);
  p2c::Options options;
  options.set("input", std::string("x"));
  options.set("factor", 2.0);
  options.set("mode", std::string("throw_in_constructor"));
  options.set("group", std::string("LDC"));
  try {
    Instance instance(*registry.find("fixture_indicator"), "broken", options);
    FAIL("expected PluginError");
  } catch (const PluginError& e) {
    CHECK_THAT(e.what(), Catch::Contains("indicator 'broken' (plugin fixture_indicator 0.1.0)"));
    CHECK_THAT(e.what(), Catch::Contains("could not be created: the API key option is empty"));
  }
}
