// Running a program as a child process and collecting what it said and how it ended. The host does in a
// child what may crash or hang (loading an untrusted plugin library, setting up a new config) so that a
// crash there can only end the child: the caller reads the outcome and decides.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

namespace p2c::host {

struct ChildOptions {
  /// The child, and any process it started in its process group, is killed (SIGKILL) when it runs longer.
  std::chrono::milliseconds deadline = std::chrono::seconds(30);
  /// Bytes of stdout, and of stderr, kept; the rest is read and dropped, so a chatty child never blocks on
  /// a full pipe and never makes the caller hold more than this.
  std::size_t output_limit = std::size_t{1} << 20;
};

struct ChildResult {
  enum class Ending {
    exited,       ///< exit_code holds the status
    signalled,    ///< killed by signal `signal` (a crash: SIGSEGV, SIGABRT, ...)
    timed_out,    ///< still running at the deadline, killed with SIGKILL
    not_started,  ///< the program could not be started; start_error says why
  };
  Ending ending = Ending::not_started;
  int exit_code = -1;
  int signal = 0;
  std::string start_error;
  std::string out;  ///< stdout, at most ChildOptions::output_limit bytes
  std::string err;  ///< stderr, likewise
  bool out_truncated = false;
  bool err_truncated = false;
  std::chrono::milliseconds deadline{0};  ///< the deadline it ran under, for describe()

  /// Exited with status 0.
  bool succeeded() const noexcept { return ending == Ending::exited && exit_code == 0; }
  /// How it ended, to put in a message: "exit status 1", "SIGSEGV", "no answer within 30 s (killed)",
  /// "could not be started: No such file or directory".
  std::string describe() const;
};

/// Runs `argv` (argv[0] is the program's path; no PATH search) with stdin from /dev/null, the caller's
/// environment and working folder, no other inherited descriptor, default signal dispositions and an
/// empty signal mask, in a new process group; waits for
/// it to end or for the deadline, collecting stdout and stderr. Safe to call from any thread of a
/// multi-threaded process (posix_spawn, nothing runs between fork and exec) and from several at once.
/// Never throws for what the child does; throws std::system_error only when no pipe can be created.
ChildResult run_child(const std::vector<std::string>& argv, const ChildOptions& options = {});

/// Starts `argv` as run_child does (no PATH search, stdin from /dev/null, default signal dispositions, an empty
/// signal mask, a new process group, no inherited descriptor) with `out` and `err` as its stdout and stderr and,
/// unless `channel` is -1, `channel` as its descriptor 3; with `environment` instead of the caller's when given.
/// Returns its pid: the caller waits for it. Throws std::system_error when it cannot be started.
pid_t spawn_child(const std::vector<std::string>& argv, int out, int err, int channel,
                  const std::vector<std::string>* environment = nullptr);

/// How a child ended in reap_by().
struct Reaped {
  bool exited = false;  ///< it ended by itself and was reaped: `status` says how
  bool killed = false;  ///< still running at the deadline: killed (SIGKILL, with its process group) and reaped
  int status = 0;       ///< waitpid's status
};

/// Waits for child `pid` to end until `deadline`, then kills it and its process group and reaps it. Neither
/// flag is set when `pid` is not (or no longer) a child of this process.
Reaped reap_by(pid_t pid, std::chrono::steady_clock::time_point deadline);

/// "SIGSEGV", "SIGABRT", ... for the usual signals; "signal N" for others.
std::string signal_name(int number);

}  // namespace p2c::host
