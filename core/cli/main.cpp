#include <iostream>
#include <string>
#include <vector>

#include "commands.h"
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
    "p2c <command> --help shows the options of a command; p2c --version the version.\n";

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
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
  if (args[0] == p2c::host::probe_command) p2c::host::probe_main(rest);
  if (args[0] == p2c::service::check_setup_command) p2c::service::check_setup_main(rest);
  try {
    if (args[0] == "run") return p2c::cli::run_command(rest);
    if (args[0] == "check") return p2c::cli::check_command(rest);
    if (args[0] == "plugins") return p2c::cli::plugins_command(rest);
    if (args[0] == "config") return p2c::cli::config_command(rest);
    if (args[0] == "history") return p2c::cli::history_command(rest);
    if (args[0] == "pledges") return p2c::cli::pledges_command(rest);
    if (args[0] == "report") return p2c::cli::report_command(rest);
    if (args[0] == "serve") return p2c::cli::serve_command(rest);
    if (args[0] == "tokens") return p2c::cli::tokens_command(rest);
  } catch (const std::exception& e) {
    std::cerr << "p2c: " << p2c::printable(e.what(), p2c::host::message_limit) << "\n";
    return p2c::cli::exit_usage;
  }
  std::cerr << "p2c: unknown command '" << p2c::printable(args[0]) << "'\n" << usage;
  return p2c::cli::exit_usage;
}
