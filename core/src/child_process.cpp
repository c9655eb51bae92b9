#include "child_process.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <system_error>
#include <thread>

namespace p2c::host {
namespace {

using Clock = std::chrono::steady_clock;

class Pipe {
 public:
  Pipe() {
    if (::pipe2(ends_.data(), O_CLOEXEC) != 0) throw std::system_error(errno, std::generic_category(), "pipe2");
  }
  ~Pipe() {
    close_read();
    close_write();
  }
  Pipe(const Pipe&) = delete;
  Pipe& operator=(const Pipe&) = delete;

  int read_end() const noexcept { return ends_[0]; }
  int write_end() const noexcept { return ends_[1]; }
  void close_read() noexcept { close_end(0); }
  void close_write() noexcept { close_end(1); }

 private:
  void close_end(int which) noexcept {
    if (ends_[which] >= 0) ::close(ends_[which]);
    ends_[which] = -1;
  }
  std::array<int, 2> ends_{-1, -1};
};

// posix_spawn's attribute and file-action objects, destroyed on every path out.
struct SpawnSetup {
  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attributes;
  SpawnSetup() {
    posix_spawn_file_actions_init(&actions);
    posix_spawnattr_init(&attributes);
  }
  ~SpawnSetup() {
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
  }
  SpawnSetup(const SpawnSetup&) = delete;
  SpawnSetup& operator=(const SpawnSetup&) = delete;
};

void append_capped(std::string& to, bool& truncated, const char* data, std::size_t size, std::size_t limit) {
  const std::size_t room = to.size() < limit ? limit - to.size() : 0;
  to.append(data, std::min(size, room));
  if (size > room) truncated = true;
}

// Reaps `pid`, retrying on EINTR. False when it is not our child (SIGCHLD ignored by the process).
bool reap(pid_t pid, int& status, int flags, bool& done) {
  for (;;) {
    const pid_t got = ::waitpid(pid, &status, flags);
    if (got == pid) {
      done = true;
      return true;
    }
    if (got == 0) {
      done = false;
      return true;
    }
    if (errno != EINTR) return false;
  }
}

}  // namespace

std::string signal_name(int number) {
  if (const char* abbreviation = ::sigabbrev_np(number)) return std::string("SIG") + abbreviation;
  return "signal " + std::to_string(number);
}

std::string ChildResult::describe() const {
  switch (ending) {
    case Ending::exited: return "exit status " + std::to_string(exit_code);
    case Ending::signalled: return signal_name(signal);
    case Ending::timed_out:
      return fmt::format("no answer within {:g} s; killed", static_cast<double>(deadline.count()) / 1000.0);
    case Ending::not_started: return "could not be started: " + start_error;
  }
  return "unknown";
}

pid_t spawn_child(const std::vector<std::string>& argv, int out, int err, int channel,
                  const std::vector<std::string>* environment) {
  if (argv.empty()) throw std::system_error(EINVAL, std::generic_category(), "no program given");
  SpawnSetup setup;
  posix_spawn_file_actions_addopen(&setup.actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&setup.actions, out, 1);
  posix_spawn_file_actions_adddup2(&setup.actions, err, 2);
  if (channel >= 0) posix_spawn_file_actions_adddup2(&setup.actions, channel, 3);
  // Descriptors the caller opened without O_CLOEXEC (a service's sockets) must not live on in the child:
  // a client's connection would stay open until the child ends.
  posix_spawn_file_actions_addclosefrom_np(&setup.actions, channel >= 0 ? 4 : 3);
  // The caller may block or handle signals on its threads (the service's signal set does); the child starts
  // clean, so a crash there ends it the ordinary way. Its own process group lets the deadline kill
  // whatever it started too.
  sigset_t empty;
  sigemptyset(&empty);
  sigset_t defaults;
  sigemptyset(&defaults);
  for (int number = 1; number < 32; ++number)
    if (number != SIGKILL && number != SIGSTOP) sigaddset(&defaults, number);
  posix_spawnattr_setflags(&setup.attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setsigmask(&setup.attributes, &empty);
  posix_spawnattr_setsigdefault(&setup.attributes, &defaults);
  posix_spawnattr_setpgroup(&setup.attributes, 0);

  const auto pointers = [](std::vector<std::string>& texts) {
    std::vector<char*> raw;
    for (auto& text : texts) raw.push_back(text.data());
    raw.push_back(nullptr);
    return raw;
  };
  std::vector<std::string> arguments = argv;
  std::vector<std::string> variables = environment != nullptr ? *environment : std::vector<std::string>{};
  const auto raw = pointers(arguments);
  const auto raw_environment = pointers(variables);
  pid_t pid = -1;
  const int failed = ::posix_spawn(&pid, raw[0], &setup.actions, &setup.attributes, raw.data(),
                                   environment != nullptr ? raw_environment.data() : environ);
  if (failed != 0) throw std::system_error(failed, std::generic_category(), argv[0]);
  return pid;
}

Reaped reap_by(pid_t pid, Clock::time_point deadline) {
  Reaped out;
  bool done = false;
  auto pause = std::chrono::microseconds(200);
  for (;;) {
    if (!reap(pid, out.status, WNOHANG, done)) return out;
    if (done) {
      out.exited = true;
      return out;
    }
    if (Clock::now() >= deadline) break;
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::microseconds(20000));
  }
  ::kill(-pid, SIGKILL);
  ::kill(pid, SIGKILL);
  reap(pid, out.status, 0, done);
  out.killed = true;
  return out;
}

ChildResult run_child(const std::vector<std::string>& argv, const ChildOptions& options) {
  ChildResult result;
  result.deadline = options.deadline;
  Pipe out;
  Pipe err;
  pid_t pid = -1;
  const auto started = Clock::now();
  try {
    pid = spawn_child(argv, out.write_end(), err.write_end(), -1);
  } catch (const std::system_error& e) {
    result.start_error = argv.empty() ? "no program given" : std::strerror(e.code().value());
    return result;
  }
  out.close_write();
  err.close_write();

  const auto deadline = started + options.deadline;
  bool timed_out = false;
  std::array<pollfd, 2> fds{pollfd{out.read_end(), POLLIN, 0}, pollfd{err.read_end(), POLLIN, 0}};
  std::array<std::string*, 2> sinks{&result.out, &result.err};
  std::array<bool*, 2> truncated{&result.out_truncated, &result.err_truncated};
  std::array<char, 65536> buffer;
  int open = 2;
  while (open > 0) {
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) {
      timed_out = true;
      break;
    }
    const int ready = ::poll(fds.data(), fds.size(), static_cast<int>(std::min<long long>(left.count(), 1 << 30)));
    if (ready < 0) {
      if (errno == EINTR) continue;
      break;  // cannot happen with valid descriptors; the wait below still ends the child's story
    }
    for (std::size_t i = 0; i < fds.size(); ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      const ssize_t n = ::read(fds[i].fd, buffer.data(), buffer.size());
      if (n > 0) {
        append_capped(*sinks[i], *truncated[i], buffer.data(), static_cast<std::size_t>(n), options.output_limit);
      } else if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
        fds[i].fd = -1;
        --open;
      }
    }
  }

  // Both pipes closed usually means the child is exiting; poll for it until the deadline.
  const Reaped ended = reap_by(pid, timed_out ? Clock::now() : deadline);
  const int status = ended.status;
  if (ended.killed) {
    result.ending = ChildResult::Ending::timed_out;
    result.signal = SIGKILL;
  } else if (!ended.exited) {
    result.ending = ChildResult::Ending::exited;  // reaped by someone else: the status is unknown
  } else if (WIFSIGNALED(status)) {
    result.ending = ChildResult::Ending::signalled;
    result.signal = WTERMSIG(status);
  } else {
    result.ending = ChildResult::Ending::exited;
    result.exit_code = WEXITSTATUS(status);
  }
  return result;
}

}  // namespace p2c::host
