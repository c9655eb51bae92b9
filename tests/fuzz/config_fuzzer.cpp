// The operator's TOML config as `p2c run` reads it: load_config() parses the file, expands ${VAR} references
// and checks every host section against its schema; then each instance's table is checked against a plugin
// schema, as the engine does before a plugin sees its options. load_config() reads a path (toml++ keeps the
// file name in its source positions), so the input goes through one file per fuzzing process.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "config.h"
#include "option_schema.h"

namespace {

// One option of every type the ABI has, so that every conversion of option_schema.cpp is reached whatever
// plugin name the input gives.
constexpr p2c_option_spec plugin_options[] = {
    {"file", P2C_OPTION_PATH, nullptr, 1, "input file"},
    {"series", P2C_OPTION_STRING, R"("x")", 0, "series id"},
    {"skip_rows", P2C_OPTION_INTEGER, "0", 0, "rows to skip"},
    {"scale", P2C_OPTION_NUMBER, "1.0", 0, "factor"},
    {"strict", P2C_OPTION_BOOLEAN, "false", 0, "strict"},
    {"columns", P2C_OPTION_STRING_LIST, "[]", 0, "columns"},
    {"filters", P2C_OPTION_STRING_MAP, "{}", 0, "filters"},
    {"goalposts", P2C_OPTION_NUMBER_MAP, "{}", 0, "goalposts"},
};

const std::filesystem::path& input_file() {
  static const std::filesystem::path file =
      std::filesystem::temp_directory_path() / ("p2c-fuzz-config-" + std::to_string(::getpid()) + ".toml");
  return file;
}

struct RemoveAtExit {
  ~RemoveAtExit() {
    std::error_code ignored;
    std::filesystem::remove(input_file(), ignored);
  }
} remove_at_exit;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  {
    std::ofstream out(input_file(), std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  p2c::host::Config config;
  try {
    config = p2c::host::load_config(input_file());
  } catch (const p2c::host::ConfigError& e) {
    // Refused with its problems, each with file:line:column: the documented outcome.
    if (e.problems().empty()) __builtin_trap();  // a refusal must say why
    return 0;
  }
  for (const auto& instance : config.instances) {
    std::vector<std::string> problems;
    const auto options = p2c::host::validate_options(
        plugin_options, *instance.table, instance.section + " '" + instance.name + "'", config.folder, problems);
    if (!options && problems.empty()) __builtin_trap();  // refused without a reason
  }
  return 0;
}
