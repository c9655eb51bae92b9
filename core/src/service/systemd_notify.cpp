#include "systemd_notify.h"

#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

namespace p2c::service {
namespace {

std::string environment(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

}  // namespace

SystemdNotifier::SystemdNotifier() : socket_path_(environment("NOTIFY_SOCKET")) {
  const std::string usec = environment("WATCHDOG_USEC");
  const std::string pid = environment("WATCHDOG_PID");
  if (usec.empty() || (!pid.empty() && std::strtol(pid.c_str(), nullptr, 10) != getpid())) return;
  const long long value = std::strtoll(usec.c_str(), nullptr, 10);
  if (value > 0) watchdog_interval_ = std::chrono::microseconds(value / 2);
}

bool SystemdNotifier::notify(std::string_view state) const {
  if (socket_path_.empty()) return true;
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (socket_path_.size() >= sizeof address.sun_path || (socket_path_[0] != '/' && socket_path_[0] != '@')) {
    spdlog::debug("NOTIFY_SOCKET '{}' is not a socket path; systemd is not told", socket_path_);
    return false;
  }
  std::memcpy(address.sun_path, socket_path_.data(), socket_path_.size());
  if (address.sun_path[0] == '@') address.sun_path[0] = '\0';
  const auto length = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + socket_path_.size());
  const int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  const bool sent = sendto(fd, state.data(), state.size(), MSG_NOSIGNAL, reinterpret_cast<const sockaddr*>(&address),
                           length) == static_cast<ssize_t>(state.size());
  close(fd);
  if (!sent) spdlog::debug("could not notify systemd at {}: {}", socket_path_, std::strerror(errno));
  return sent;
}

}  // namespace p2c::service
