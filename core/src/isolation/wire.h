// The framing between the host and a plugin's child process (isolation = "process"): typed messages of
// native-endian integers, doubles and length-prefixed strings over a Unix socket. Both ends are built from the
// same tree for the same machine, so nothing is converted; everything read is still bounds-checked, because the
// child runs code the host does not trust.
#pragma once

#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace p2c::host::wire {

enum class Message : std::uint32_t {
  // Host to child: one request at a time, answered by `done` (with the call's output) or `failed`.
  create = 1,          ///< instance name, options
  describe = 2,        ///< -> done(series infos)
  inputs = 3,          ///< -> done(strings)
  read = 4,            ///< series id -> batch*, reject*, done
  compute = 5,         ///< input tables -> results*, members?*, done
  write = 6,           ///< run report -> done
  members_answer = 7,  ///< the answer to a `members` question, within `compute`
  // Child to host.
  done = 100,
  failed = 101,   ///< the plugin's error message
  batch = 102,    ///< codes and labels first seen, then a batch in the child's ids
  reject = 103,   ///< where, what
  results = 104,  ///< result calls, in the order made
  members = 105,  ///< group, year: a question about the reference data
};

/// The operations of a `results` message, each followed by its arguments in the order ResultWriter takes them.
enum class ResultCall : std::uint8_t { value = 0, missing = 1, group_value = 2, group_missing = 3 };

/// A message that does not decode: the other side is not the program it should be, or broke.
class WireError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Every frame starts with this header; `size` bytes of payload follow.
struct Header {
  std::uint32_t type = 0;
  std::uint32_t reserved = 0;
  std::uint64_t size = 0;
};
static_assert(sizeof(Header) == 16);

class Encoder {
 public:
  template <typename T>
  void put(T value) {
    static_assert(std::is_arithmetic_v<T> || std::is_enum_v<T>);
    bytes_.append(reinterpret_cast<const char*>(&value), sizeof value);
  }
  void text(std::string_view value) {
    put(static_cast<std::uint64_t>(value.size()));
    bytes_.append(value);
  }
  template <typename T>
  void column(const T* data, std::size_t count) {
    put(static_cast<std::uint64_t>(count));
    bytes_.append(reinterpret_cast<const char*>(data), count * sizeof(T));
  }

  std::size_t size() const noexcept { return bytes_.size(); }
  std::string& bytes() noexcept { return bytes_; }
  void clear() noexcept { bytes_.clear(); }

 private:
  std::string bytes_;
};

class Decoder {
 public:
  explicit Decoder(std::string_view bytes) : bytes_(bytes) {}

  template <typename T>
  T get() {
    static_assert(std::is_arithmetic_v<T> || std::is_enum_v<T>);
    T value;
    std::memcpy(&value, take(sizeof value), sizeof value);
    return value;
  }
  std::string_view text() {
    const auto size = count(1);
    return {take(size), size};
  }
  /// A count of elements of `element_size` bytes each that must follow: larger counts are refused before
  /// anything is allocated for them.
  std::size_t count(std::size_t element_size) {
    const auto n = get<std::uint64_t>();
    if (element_size > 0 && n > (bytes_.size() - offset_) / element_size)
      throw WireError("a message announces more elements than it holds");
    return static_cast<std::size_t>(n);
  }
  template <typename T>
  void column(std::vector<T>& out) {
    const std::size_t n = count(sizeof(T));
    out.resize(n);
    std::memcpy(out.data(), take(n * sizeof(T)), n * sizeof(T));
  }

  bool at_end() const noexcept { return offset_ == bytes_.size(); }

 private:
  const char* take(std::size_t size) {
    if (size > bytes_.size() - offset_) throw WireError("a message ends before its last field");
    const char* at = bytes_.data() + offset_;
    offset_ += size;
    return at;
  }

  std::string_view bytes_;
  std::size_t offset_ = 0;
};

/// The child's side: blocking writes and reads of whole frames. send_frame throws WireError when the
/// socket is gone; receive_frame returns false at the end of the stream.
void send_frame(int fd, Message type, std::string_view payload);
bool receive_frame(int fd, Message& type, std::string& payload, std::uint64_t size_limit);

}  // namespace p2c::host::wire
