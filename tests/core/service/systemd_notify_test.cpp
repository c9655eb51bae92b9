// `p2c serve` under systemd's notify protocol: READY=1 and STATUS= once the first run is served, WATCHDOG=1 from
// the I/O loop at half of WATCHDOG_USEC, STOPPING=1 at SIGTERM; nothing sent and nothing failing without
// NOTIFY_SOCKET. The test plays systemd: a Unix datagram socket whose path it passes in the environment.
#include "systemd_notify.h"

#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "http_client.h"
#include "server_process.h"
#include "service_config.h"
#include "temp_dir.h"

namespace {

using namespace std::chrono_literals;

// systemd's end of the protocol: a datagram socket bound at `path`.
class FakeSystemd {
 public:
  explicit FakeSystemd(const std::filesystem::path& path) {
    fd_ = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::strncpy(address.sun_path, path.c_str(), sizeof address.sun_path - 1);
    REQUIRE(bind(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0);
    timeval wait{0, 100'000};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
  }
  ~FakeSystemd() { close(fd_); }
  FakeSystemd(const FakeSystemd&) = delete;
  FakeSystemd& operator=(const FakeSystemd&) = delete;

  // Every message received within `within`, until one contains `until`.
  std::vector<std::string> receive(std::chrono::milliseconds within, const std::string& until) {
    std::vector<std::string> messages;
    const auto deadline = std::chrono::steady_clock::now() + within;
    char buffer[4096];
    while (std::chrono::steady_clock::now() < deadline) {
      const ssize_t n = recv(fd_, buffer, sizeof buffer, 0);
      if (n <= 0) continue;
      messages.emplace_back(buffer, static_cast<std::size_t>(n));
      if (messages.back().find(until) != std::string::npos) break;
    }
    return messages;
  }

 private:
  int fd_ = -1;
};

bool any_contains(const std::vector<std::string>& messages, const std::string& text) {
  for (const auto& message : messages)
    if (message.find(text) != std::string::npos) return true;
  return false;
}

// The process environment for one test, restored after it.
struct Environment {
  explicit Environment(std::vector<std::pair<std::string, std::string>> values) {
    for (const auto& [name, value] : values) {
      setenv(name.c_str(), value.c_str(), 1);
      names.push_back(name);
    }
  }
  ~Environment() {
    for (const auto& name : names) unsetenv(name.c_str());
  }
  std::vector<std::string> names;
};

}  // namespace

TEST_CASE("the notifier reads the watchdog interval, and does nothing without NOTIFY_SOCKET", "[service][systemd]") {
  p2c::service::SystemdNotifier outside;
  CHECK_FALSE(outside.enabled());
  CHECK(outside.notify("READY=1"));
  CHECK_FALSE(outside.watchdog_interval());
  {
    Environment watched({{"WATCHDOG_USEC", "2000000"}, {"WATCHDOG_PID", std::to_string(getpid())}});
    CHECK(p2c::service::SystemdNotifier().watchdog_interval() == std::chrono::microseconds(1'000'000));
  }
  Environment other({{"WATCHDOG_USEC", "2000000"}, {"WATCHDOG_PID", std::to_string(getpid() + 1)}});
  CHECK_FALSE(p2c::service::SystemdNotifier().watchdog_interval());
}

TEST_CASE("p2c serve tells systemd it is ready once a run is served, feeds the watchdog, and says it stops",
          "[service][serve][systemd]") {
  p2c::test::TempDir dir;
  FakeSystemd systemd(dir / "notify");
  const auto config = dir.write("p2c.toml", p2c::test::bundled_config(dir.path(), p2c::test::service_section(0)));
  Environment environment({{"NOTIFY_SOCKET", (dir / "notify").string()}, {"WATCHDOG_USEC", "200000"}});
  p2c::test::ServerProcess server(P2C_EXE, {"--config", config.string()}, dir.path());
  const auto ready = systemd.receive(60s, "READY=1");
  INFO(server.log());
  REQUIRE(any_contains(ready, "READY=1"));
  const std::string run_id = nlohmann::json::parse(p2c::test::http_get(server.port(), "/readyz").body)["run_id"];
  CHECK(any_contains(ready, "STATUS=serving run " + run_id));
  CHECK(any_contains(systemd.receive(1s, "READY=1"), "WATCHDOG=1"));  // every 100 ms
  server.signal(SIGTERM);
  CHECK(any_contains(systemd.receive(5s, "STOPPING=1"), "STOPPING=1"));
  CHECK(server.wait() == 0);
}
