// Finding processes by their command line, to check that a test left none behind (a plugin's child process).
#pragma once

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>

namespace p2c::test {

/// How many processes have `needle` in their command line (arguments joined by spaces).
inline int processes_with(const std::string& needle) {
  int count = 0;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", ec)) {
    const std::string name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream in(entry.path() / "cmdline", std::ios::binary);
    std::string line{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    for (char& c : line)
      if (c == '\0') c = ' ';
    if (line.find(needle) != std::string::npos) ++count;
  }
  return count;
}

/// Waits until `processes_with(needle)` is `count`; false after `timeout`.
inline bool wait_for_processes(const std::string& needle, int count, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (processes_with(needle) != count) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

}  // namespace p2c::test
