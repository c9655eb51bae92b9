#include <iostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "closest_name.h"
#include "commands.h"
#include "common.h"
#include "isolation/isolated_plugin.h"
#include "logging.h"
#include "p2c/abi.h"
#include "plugin_probe.h"
#include "setup.h"

namespace {

constexpr const char* usage =
    "usage: p2c <command> [options]\n\n"
    "commands:\n"
    "  run       compute the configured indicators once and write the outputs\n"
    "  check     load and set up every plugin of a config, compute nothing\n"
    "  plugins   list the plugins found (--usage NAME for one plugin's options and metrics)\n"
    "  config    print a complete sample config generated from the plugins' schemas\n"
    "  history   list the stored runs of a config's run history, or compare two of them\n"
    "  pledges   import, export, list or show the records of the P2C pledge registry\n"
    "  report    write a stored run as a self-contained HTML report or as Markdown with SVG charts\n"
    "  serve     serve the results over HTTP, recomputing in the background\n"
    "  tokens    create, list or revoke the API tokens for pledge progress reports\n\n"
    "p2c <command> --help (or p2c help <command>) shows the options of a command; p2c --version the version.\n"
    "Without --config, a command reads $P2C_CONFIG, else /etc/p2c/p2c.toml if it exists, else ./config/p2c.toml.\n";

using Command = int (*)(const std::vector<std::string>&);

constexpr std::pair<const char*, Command> commands[] = {
    {"run", p2c::cli::run_command},         {"check", p2c::cli::check_command},
    {"plugins", p2c::cli::plugins_command}, {"config", p2c::cli::config_command},
    {"history", p2c::cli::history_command}, {"pledges", p2c::cli::pledges_command},
    {"report", p2c::cli::report_command},   {"serve", p2c::cli::serve_command},
    {"tokens", p2c::cli::tokens_command},
};

Command find_command(std::string_view name) {
  for (const auto& [command_name, command] : commands)
    if (name == command_name) return command;
  return nullptr;
}

int unknown_command(const std::string& name) {
  std::vector<std::string> names;
  for (const auto& [command_name, command] : commands) names.emplace_back(command_name);
  const std::string best = p2c::host::closest_name(name, names);
  std::cerr << "p2c: unknown command '" << p2c::printable(name) << "'"
            << (best.empty() ? "" : "; did you mean '" + best + "'?") << "\n"
            << usage;
  return p2c::cli::exit_usage;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  // `p2c help run` is `p2c run --help`.
  if (args.size() >= 2 && args[0] == "help") args = {args[1], "--help"};
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::cout << usage;
    return args.empty() ? p2c::cli::exit_usage : p2c::cli::exit_ok;
  }
  if (args[0] == "--version") {
    std::cout << "p2c " P2C_VERSION " (plugin ABI " << P2C_ABI_VERSION << ")\n";
    return p2c::cli::exit_ok;
  }
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  // Plugin libraries are tried in children of this very executable before this process loads them; the
  // link, not argv[0], names it whatever the working folder or PATH.
  p2c::host::set_helper_executable("/proc/self/exe");
  p2c::host::set_plugin_host_executable(p2c::cli::plugin_host_path());
  if (args[0] == p2c::host::probe_command) p2c::host::probe_main(rest);
  if (args[0] == p2c::service::check_setup_command) p2c::service::check_setup_main(rest);
  const Command command = find_command(args[0]);
  if (command == nullptr) return unknown_command(args[0]);
  try {
    return command(rest);
  } catch (const std::exception& e) {
    std::cerr << "p2c: " << p2c::printable(e.what(), p2c::host::message_limit) << "\n";
    return p2c::cli::exit_usage;
  }
}
