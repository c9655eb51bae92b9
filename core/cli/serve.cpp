// `p2c serve`: the long-lived HTTP service.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <iostream>
#include <optional>

#include "commands.h"
#include "common.h"
#include "service/service.h"

namespace p2c::cli {

int serve_command(const std::vector<std::string>& args) {
  CommonOptions common;
  std::string config;
  std::string port_text;  // parsed here: program_options would take "-1" or "8080x" in ways the user did not mean
  std::string port_file;
  double grace = 10;
  po::options_description description("p2c serve options");
  add_config_option(description, config, "the TOML config file; its [service] section applies");
  description.add_options()                                                                                           //
      ("port", po::value(&port_text), "listen on this port (1-65535) instead of [service] port; 0 picks a free one")  //
      ("port-file", po::value(&port_file), "write the bound port to this file (atomically) once listening")           //
      ("grace-seconds", po::value(&grace)->default_value(10), "on SIGTERM, how long requests in flight may take");
  add_common_options(description, common);
  po::positional_options_description positional;
  int code = exit_ok;
  if (!parse_args(args, description, positional, common, code,
                  {"p2c serve [--config FILE] [--port N] [--port-file FILE]",
                   "p2c serve --config /etc/p2c/p2c.toml --port 8080"}))
    return code;
  std::optional<int> port;
  const bool port_given = std::any_of(
      args.begin(), args.end(), [](const std::string& arg) { return arg == "--port" || arg.starts_with("--port="); });
  if (port_given) {
    int value = -1;
    const auto [end, error] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), value);
    if (error != std::errc() || end != port_text.data() + port_text.size() || value < 0 || value > 65535) {
      std::cerr << "p2c: --port must be a port number from 1 to 65535 (or 0 for any free port), not '" << port_text
                << "'\n";
      return exit_usage;
    }
    port = value;
  }
  if (grace < 0) {
    std::cerr << "p2c: --grace-seconds must not be negative\n";
    return exit_usage;
  }
  service::ServeOptions options;
  const ConfigChoice choice = resolve_config(config);
  spdlog::debug("config: {} (from {})", choice.path.string(), choice.source);
  options.source.config = choice.path;
  options.source.plugin_dirs = common.plugin_dirs;
  options.source.default_plugin_dir = chosen_default_plugin_dir(common);
  options.source.port = port;
  options.log_format = common.log_format;
  options.port_file = port_file;
  options.grace_seconds = grace;
  try {
    service::Service service(std::move(options));
    return service.run();
  } catch (const service::SetupError& e) {
    spdlog::critical("{}", e.what());
    std::cerr << "p2c: the config cannot be served (see above)\n";
    return exit_usage;
  } catch (const std::exception& e) {
    spdlog::critical("{}", e.what());
    return exit_problems;
  }
}

}  // namespace p2c::cli
