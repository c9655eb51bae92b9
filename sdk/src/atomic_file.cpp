#include "p2c/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>
#include <stdexcept>
#include <system_error>

namespace p2c {
namespace {

constexpr std::size_t flush_threshold = 1 << 16;
constexpr std::size_t writeback_threshold = 1 << 20;

[[noreturn]] void fail(const std::string& what, const std::filesystem::path& path) {
  throw std::system_error(errno, std::generic_category(), what + " '" + path.string() + "'");
}

std::string random_suffix() {
  static thread_local std::mt19937_64 engine{std::random_device{}()};
  static constexpr char digits[] = "0123456789abcdef";
  std::string out(12, '0');
  for (char& c : out) c = digits[engine() % 16];
  return out;
}

}  // namespace

AtomicFile::AtomicFile(std::filesystem::path target, std::filesystem::perms permissions) : target_(std::move(target)) {
  if (target_.has_parent_path()) std::filesystem::create_directories(target_.parent_path());
  // The temporary lives in the target's folder: rename() is atomic only within one file system.
  temporary_ = target_;
  temporary_ += ".tmp-" + random_suffix();
  fd_ = ::open(temporary_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
               static_cast<mode_t>(permissions & std::filesystem::perms::mask));
  if (fd_ < 0) fail("cannot create temporary file", temporary_);
}

AtomicFile::~AtomicFile() {
  if (fd_ >= 0) {
    ::close(fd_);
    ::unlink(temporary_.c_str());
  }
}

void AtomicFile::write(std::string_view data) {
  // A large piece goes to the file as it is: copying tens of MiB into the buffer first cost as much as writing them.
  if (buffer_.empty() && data.size() >= flush_threshold) {
    write_all(data);
    return;
  }
  buffer_.append(data);
  if (buffer_.size() >= flush_threshold) flush_buffer();
}

void AtomicFile::flush_buffer() {
  write_all(buffer_);
  buffer_.clear();
}

void AtomicFile::write_all(std::string_view data) {
  std::size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::write(fd_, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail("cannot write", temporary_);
    done += static_cast<std::size_t>(n);
  }
  // The disk starts on what is written while the rest is being made, so that commit()'s fsync waits for the last
  // piece only instead of the whole file. A hint: where it is not supported, fsync does all the work as before.
  if (data.size() >= writeback_threshold) ::sync_file_range(fd_, 0, 0, SYNC_FILE_RANGE_WRITE);
}

void AtomicFile::commit() {
  if (fd_ < 0) throw std::logic_error("AtomicFile::commit called twice for '" + target_.string() + "'");
  flush_buffer();
  if (::fsync(fd_) != 0) fail("cannot flush to disk", temporary_);
  if (::close(fd_) != 0) {
    fd_ = -1;
    ::unlink(temporary_.c_str());
    fail("cannot close", temporary_);
  }
  fd_ = -1;
  if (::rename(temporary_.c_str(), target_.c_str()) != 0) {
    const int saved = errno;
    ::unlink(temporary_.c_str());
    errno = saved;
    fail("cannot rename temporary file onto", target_);
  }
  // Make the rename itself durable.
  const auto folder = target_.has_parent_path() ? target_.parent_path() : std::filesystem::path(".");
  const int dir = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
}

void write_file_atomically(const std::filesystem::path& target, std::string_view content,
                           std::filesystem::perms permissions) {
  AtomicFile file(target, permissions);
  file.write(content);
  file.commit();
}

}  // namespace p2c
