// The `p2c` subcommands. Each returns the process exit code.
#pragma once

#include <string>
#include <vector>

namespace p2c::cli {

/// Exit codes, documented in docs/cli.md.
enum Exit : int {
  exit_ok = 0,
  exit_problems = 1,  ///< --strict run or `check` with failures, rejected rows or load errors
  exit_usage = 2,     ///< bad command line or unusable config: nothing was computed
};

int run_command(const std::vector<std::string>& args);
int check_command(const std::vector<std::string>& args);
int plugins_command(const std::vector<std::string>& args);
int config_command(const std::vector<std::string>& args);
int history_command(const std::vector<std::string>& args);
int pledges_command(const std::vector<std::string>& args);
int report_command(const std::vector<std::string>& args);
int serve_command(const std::vector<std::string>& args);
int tokens_command(const std::vector<std::string>& args);

}  // namespace p2c::cli
