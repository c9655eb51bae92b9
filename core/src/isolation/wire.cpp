#include "wire.h"

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

namespace p2c::host::wire {
namespace {

void write_all(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    // MSG_NOSIGNAL: a host that went away is an error here, not a SIGPIPE that ends the child unannounced.
    const ssize_t n = ::send(fd, data, size, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw WireError("the host's socket is closed");
    data += n;
    size -= static_cast<std::size_t>(n);
  }
}

// False at the end of the stream before the first byte; throws when it ends within.
bool read_all(int fd, char* data, std::size_t size) {
  std::size_t got = 0;
  while (got < size) {
    const ssize_t n = ::read(fd, data + got, size - got);
    if (n < 0 && errno == EINTR) continue;
    if (n == 0 && got == 0) return false;
    if (n <= 0) throw WireError("the host's socket closed within a message");
    got += static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace

void send_frame(int fd, Message type, std::string_view payload) {
  Header header;
  header.type = static_cast<std::uint32_t>(type);
  header.size = payload.size();
  write_all(fd, reinterpret_cast<const char*>(&header), sizeof header);
  write_all(fd, payload.data(), payload.size());
}

bool receive_frame(int fd, Message& type, std::string& payload, std::uint64_t size_limit) {
  Header header;
  if (!read_all(fd, reinterpret_cast<char*>(&header), sizeof header)) return false;
  if (header.size > size_limit) throw WireError("a message is larger than the limit");
  type = static_cast<Message>(header.type);
  payload.resize(static_cast<std::size_t>(header.size));
  if (!read_all(fd, payload.data(), payload.size())) throw WireError("the host's socket closed within a message");
  return true;
}

}  // namespace p2c::host::wire
