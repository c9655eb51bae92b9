// `p2c serve`: the long-lived HTTP service.
#include <spdlog/spdlog.h>

#include <iostream>

#include "commands.h"
#include "common.h"
#include "service/service.h"

namespace p2c::cli {

int serve_command(const std::vector<std::string>& args) {
  CommonOptions common;
  std::string config;
  int port = -1;
  std::string port_file;
  double grace = 10;
  po::options_description description("p2c serve options");
  description.add_options()                                                                                  //
      ("config,c", po::value(&config)->required(), "the TOML config file; its [service] section applies")    //
      ("port", po::value(&port), "listen on this port instead of [service] port; 0 picks a free one")        //
      ("port-file", po::value(&port_file), "write the bound port to this file (atomically) once listening")  //
      ("grace-seconds", po::value(&grace)->default_value(10), "on SIGTERM, how long requests in flight may take");
  add_common_options(description, common);
  po::positional_options_description positional;
  int code = exit_ok;
  if (!parse_args(args, description, positional, common, code, "p2c serve --config FILE [--port N]")) return code;
  if (port < -1 || port > 65535) {
    std::cerr << "p2c: --port must be 0..65535, not " << port << "\n";
    return exit_usage;
  }
  if (grace < 0) {
    std::cerr << "p2c: --grace-seconds must not be negative\n";
    return exit_usage;
  }
  service::ServeOptions options;
  options.source.config = config;
  options.source.plugin_dirs = common.plugin_dirs;
  options.source.default_plugin_dir = default_plugin_dir();
  if (port >= 0) options.source.port = port;
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
