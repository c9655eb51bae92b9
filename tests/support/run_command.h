// Runs a shell command from a test, as an operator would in a terminal, and captures what it prints.
#pragma once

#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <string>

namespace p2c::test {

struct CommandResult {
  int exit_code = -1;  ///< -1 when the command did not exit normally (e.g. killed by a signal)
  std::string output;  ///< stdout and stderr together, as a terminal shows them
};

/// Runs `command` through the shell with its stderr joined to its stdout.
inline CommandResult run_command(const std::string& command) {
  CommandResult result;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  REQUIRE(pipe != nullptr);
  char buffer[4096];
  while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) result.output.append(buffer, n);
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

}  // namespace p2c::test
