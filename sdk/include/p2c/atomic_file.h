// Writing an output file so that readers see either the old file or the complete new one, never half.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace p2c {

/// The mode of files written by p2c (0640: owner read-write, group read, others nothing), before the process's
/// umask. Outputs hold data drawn from the pledge registry and other inputs an operator may not want every
/// local user to read; give a wider mode explicitly where a file is meant to be public.
inline constexpr std::filesystem::perms output_permissions =
    std::filesystem::perms::owner_read | std::filesystem::perms::owner_write | std::filesystem::perms::group_read;

/// Collects content into a temporary file beside `target`; commit() flushes it to disk and renames it
/// over `target`. Destroyed without commit() (an exception, a failed run), it removes the temporary
/// and leaves `target` untouched. The file gets `permissions` (less the umask), replacing the mode of any
/// `target` it replaces.
class AtomicFile {
 public:
  explicit AtomicFile(std::filesystem::path target, std::filesystem::perms permissions = output_permissions);
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  ~AtomicFile();

  /// Appends `data`. Small pieces are buffered; a piece of 1 MiB or more goes to the file as it is and starts its
  /// way to the disk at once, so that commit() waits for the last piece only: write a large file in such pieces.
  void write(std::string_view data);
  void commit();

  const std::filesystem::path& target() const noexcept { return target_; }

 private:
  void flush_buffer();
  void write_all(std::string_view data);

  std::filesystem::path target_;
  std::filesystem::path temporary_;
  std::string buffer_;
  int fd_ = -1;
};

/// Convenience for small files: the whole content at once.
void write_file_atomically(const std::filesystem::path& target, std::string_view content,
                           std::filesystem::perms permissions = output_permissions);

}  // namespace p2c
