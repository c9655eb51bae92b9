// Running programs as child processes: what they print, how they end, and the limits the host puts on them.
#include "child_process.h"

#include <fcntl.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <csignal>

using p2c::host::ChildOptions;
using p2c::host::ChildResult;
using p2c::host::run_child;

namespace {

ChildResult shell(const std::string& script, const ChildOptions& options = {}) {
  return run_child({"/bin/sh", "-c", script}, options);
}

}  // namespace

TEST_CASE("a child's stdout, stderr and exit status are collected apart", "[child_process]") {
  const ChildResult child = shell("echo out; echo err >&2; exit 3");
  CHECK(child.ending == ChildResult::Ending::exited);
  CHECK(child.exit_code == 3);
  CHECK(child.out == "out\n");
  CHECK(child.err == "err\n");
  CHECK_FALSE(child.succeeded());
  CHECK(child.describe() == "exit status 3");
  CHECK(shell("true").succeeded());
}

TEST_CASE("a child killed by a signal is reported with the signal's name", "[child_process]") {
  const ChildResult child = shell("echo before; kill -SEGV $$");
  CHECK(child.ending == ChildResult::Ending::signalled);
  CHECK(child.signal == SIGSEGV);
  CHECK(child.describe() == "SIGSEGV");
  CHECK(child.out == "before\n");
  CHECK(p2c::host::signal_name(SIGABRT) == "SIGABRT");
}

TEST_CASE("a child still running at its deadline is killed with what it started", "[child_process]") {
  ChildOptions options;
  options.deadline = std::chrono::milliseconds(300);
  // The background sleep keeps the pipes open after the shell is gone: only killing the whole process
  // group ends the wait.
  const ChildResult child = shell("sleep 60 & echo started; wait", options);
  CHECK(child.ending == ChildResult::Ending::timed_out);
  CHECK(child.out == "started\n");
  CHECK(child.describe() == "no answer within 0.3 s; killed");
}

TEST_CASE("output beyond the limit is dropped and the child is not blocked by it", "[child_process]") {
  ChildOptions options;
  options.output_limit = 1000;
  const ChildResult child = shell("head -c 1000000 /dev/zero; echo done >&2", options);
  CHECK(child.succeeded());
  CHECK(child.out.size() == 1000);
  CHECK(child.out_truncated);
  CHECK(child.err == "done\n");
  CHECK_FALSE(child.err_truncated);
}

TEST_CASE("a program that cannot be started says why", "[child_process]") {
  const ChildResult child = run_child({"/no/such/program"});
  CHECK(child.ending == ChildResult::Ending::not_started);
  CHECK_THAT(child.describe(), Catch::StartsWith("could not be started: "));
  CHECK_FALSE(child.succeeded());
  CHECK(run_child({}).ending == ChildResult::Ending::not_started);
}

TEST_CASE("a child starts with default signal dispositions even when the caller ignores one", "[child_process]") {
  // The service's threads may ignore or block signals; a crash in the child must still end it.
  struct sigaction ignore {};
  ignore.sa_handler = SIG_IGN;
  struct sigaction before {};
  sigaction(SIGTERM, &ignore, &before);
  const ChildResult child = shell("kill -TERM $$; echo survived");
  sigaction(SIGTERM, &before, nullptr);
  CHECK(child.ending == ChildResult::Ending::signalled);
  CHECK(child.signal == SIGTERM);
}

TEST_CASE("a child inherits no descriptor but stdin, stdout and stderr", "[child_process]") {
  // A service's sockets may lack O_CLOEXEC; a child holding one would keep a client's connection open.
  const int fd = ::open("/dev/null", O_RDONLY);
  REQUIRE(fd > 2);
  const ChildResult child = shell("test -e /proc/self/fd/" + std::to_string(fd) + " && echo inherited || echo closed");
  ::close(fd);
  CHECK(child.out == "closed\n");
}
