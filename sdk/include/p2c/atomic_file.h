// Writing an output file so that readers see either the old file or the complete new one, never half.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace p2c {

/// Collects content into a temporary file beside `target`; commit() flushes it to disk and renames it
/// over `target`. Destroyed without commit() (an exception, a failed run), it removes the temporary
/// and leaves `target` untouched.
class AtomicFile {
 public:
  explicit AtomicFile(std::filesystem::path target);
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  ~AtomicFile();

  void write(std::string_view data);
  void commit();

  const std::filesystem::path& target() const noexcept { return target_; }

 private:
  void flush_buffer();

  std::filesystem::path target_;
  std::filesystem::path temporary_;
  std::string buffer_;
  int fd_ = -1;
};

/// Convenience for small files: the whole content at once.
void write_file_atomically(const std::filesystem::path& target, std::string_view content);

}  // namespace p2c
