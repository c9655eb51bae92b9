// Telling systemd how the service is doing (sd_notify(3)): READY=1 once the first run is served, STATUS= lines
// with the served run, WATCHDOG=1 from the HTTP I/O loop, STOPPING=1 at SIGTERM. The protocol is one datagram to
// the Unix socket systemd names in NOTIFY_SOCKET, stable and documented, so it is spoken here rather than through
// libsystemd; outside systemd (no NOTIFY_SOCKET) every call does nothing.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace p2c::service {

class SystemdNotifier {
 public:
  /// Reads NOTIFY_SOCKET, WATCHDOG_USEC and WATCHDOG_PID from the environment.
  SystemdNotifier();

  bool enabled() const noexcept { return !socket_path_.empty(); }

  /// Sends `state` ("READY=1\nSTATUS=serving run ..."); false (logged once at debug level) when it could not be
  /// sent. Safe to call from any thread.
  bool notify(std::string_view state) const;

  /// How often to send WATCHDOG=1: half of WatchdogSec, as sd_watchdog_enabled(3) advises; nothing when systemd
  /// watches no process or another one (WATCHDOG_PID).
  std::optional<std::chrono::microseconds> watchdog_interval() const noexcept { return watchdog_interval_; }

 private:
  std::string socket_path_;  ///< '@' first: an abstract socket
  std::optional<std::chrono::microseconds> watchdog_interval_;
};

}  // namespace p2c::service
