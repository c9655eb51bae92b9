// Starts `p2c serve` (or any command) as a real child process with fork/exec, output to a log file, and
// waits for the port it writes with --port-file. The destructor kills a server a test left running.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace p2c::test {

class ServerProcess {
 public:
  /// Runs `executable serve --port 0 --port-file <dir>/port arguments...` with output in <dir>/server.log,
  /// and waits up to `timeout` for the port. Throws std::runtime_error when the server does not come up.
  ServerProcess(const std::string& executable, std::vector<std::string> arguments, const std::filesystem::path& dir,
                std::chrono::milliseconds timeout = std::chrono::seconds(30))
      : log_(dir / "server.log"), port_file_(dir / "port") {
    std::filesystem::remove(port_file_);
    std::vector<std::string> argv = {executable, "serve", "--port", "0", "--port-file", port_file_.string()};
    argv.insert(argv.end(), arguments.begin(), arguments.end());
    pid_ = fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
      const int fd = ::open(log_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (fd >= 0) {
        dup2(fd, 1);
        dup2(fd, 2);
      }
      std::vector<char*> raw;
      for (auto& arg : argv) raw.push_back(arg.data());
      raw.push_back(nullptr);
      execv(raw[0], raw.data());
      _exit(127);
    }
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      std::ifstream in(port_file_);
      unsigned port = 0;
      if (in >> port && port > 0) {
        port_ = static_cast<unsigned short>(port);
        return;
      }
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        throw std::runtime_error("p2c serve exited with status " + std::to_string(exit_code_) + ":\n" + log());
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    throw std::runtime_error("p2c serve wrote no port within the timeout:\n" + log());
  }

  ~ServerProcess() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      int status = 0;
      waitpid(pid_, &status, 0);
    }
  }
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  unsigned short port() const noexcept { return port_; }
  void signal(int number) const { ::kill(pid_, number); }

  /// Waits for the process to exit and returns its exit code (-1: killed by a signal or timed out).
  int wait(std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (pid_ > 0 && std::chrono::steady_clock::now() < deadline) {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return exit_code_;
  }

  /// Everything the server wrote so far.
  std::string log() const {
    std::ifstream in(log_, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }

  /// Waits until the log contains `text`; false after `timeout`.
  bool wait_for_log(const std::string& text, std::chrono::milliseconds timeout = std::chrono::seconds(20),
                    std::size_t occurrences = 1) const {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      const std::string current = log();
      std::size_t count = 0;
      for (auto at = current.find(text); at != std::string::npos; at = current.find(text, at + 1)) ++count;
      if (count >= occurrences) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
  }

 private:
  std::filesystem::path log_;
  std::filesystem::path port_file_;
  pid_t pid_ = -1;
  unsigned short port_ = 0;
  int exit_code_ = -1;
};

}  // namespace p2c::test
