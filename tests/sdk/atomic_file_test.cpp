#include "p2c/atomic_file.h"

#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "temp_dir.h"

namespace fs = std::filesystem;
using p2c::test::folder_entries;
using p2c::test::read_file;
using p2c::test::TempDir;

TEST_CASE("AtomicFile commit replaces the target") {
  TempDir dir;
  const fs::path target = dir.write("out.txt", "old");
  p2c::AtomicFile file(target);
  file.write("new ");
  file.write("content");
  CHECK(read_file(target) == "old");  // nothing shows before commit
  file.commit();
  CHECK(read_file(target) == "new content");
  CHECK(folder_entries(dir.path()) == std::vector<std::string>{"out.txt"});
}

TEST_CASE("AtomicFile keeps its temporary beside the target until commit") {
  TempDir dir;
  p2c::AtomicFile file(dir.path() / "out.txt");
  const auto names = folder_entries(dir.path());
  REQUIRE(names.size() == 1);
  CHECK(names[0].rfind("out.txt.tmp-", 0) == 0);
  file.commit();
  CHECK(folder_entries(dir.path()) == std::vector<std::string>{"out.txt"});
}

TEST_CASE("AtomicFile without commit leaves the target untouched and removes its temporary") {
  TempDir dir;
  const fs::path target = dir.write("out.txt", "old");
  {
    p2c::AtomicFile file(target);
    file.write(std::string(100000, 'x'));  // past the flush threshold, so the temporary holds data
  }
  CHECK(read_file(target) == "old");
  CHECK(folder_entries(dir.path()) == std::vector<std::string>{"out.txt"});
}

TEST_CASE("AtomicFile without commit creates no target") {
  TempDir dir;
  { p2c::AtomicFile file(dir.path() / "out.txt"); }
  CHECK(folder_entries(dir.path()).empty());
}

TEST_CASE("AtomicFile commit twice throws logic_error") {
  TempDir dir;
  p2c::AtomicFile file(dir.path() / "out.txt");
  file.write("once");
  file.commit();
  CHECK_THROWS_AS(file.commit(), std::logic_error);
  CHECK(read_file(dir.path() / "out.txt") == "once");
}

TEST_CASE("AtomicFile writes large content exactly") {
  TempDir dir;
  const fs::path target = dir.path() / "big.txt";
  // Pieces of uneven size so that flushes fall in the middle of a write; ~300 KiB in total.
  std::string expected;
  p2c::AtomicFile file(target);
  for (int i = 0; i < 20000; ++i) {
    const std::string piece = std::to_string(i * 7919) + (i % 3 == 0 ? "\n" : ",");
    expected += piece;
    file.write(piece);
  }
  file.write(std::string(70000, 'z'));  // a single write larger than the threshold
  expected += std::string(70000, 'z');
  REQUIRE(expected.size() > 3 * 65536);
  file.commit();
  CHECK(fs::file_size(target) == expected.size());
  CHECK(read_file(target) == expected);
}

TEST_CASE("AtomicFile keeps the order of pieces written straight to the file and pieces buffered") {
  TempDir dir;
  const fs::path target = dir.path() / "mixed.txt";
  // Large pieces with an empty buffer go to the file as they are (1 MiB and more also start the disk's work);
  // small ones wait in the buffer, which a following large piece must not overtake.
  const std::vector<std::string> pieces{std::string(1 << 20, 'a'), "b", std::string(70000, 'c'),
                                        std::string(3 << 20, 'd'), "e", "f",
                                        std::string(65536, 'g')};
  std::string expected;
  p2c::AtomicFile file(target);
  for (const auto& piece : pieces) {
    file.write(piece);
    expected += piece;
  }
  file.commit();
  CHECK(read_file(target) == expected);
}

TEST_CASE("AtomicFile creates missing folders of the target") {
  TempDir dir;
  const fs::path target = dir.path() / "a" / "b" / "out.txt";
  p2c::write_file_atomically(target, "nested");
  CHECK(read_file(target) == "nested");
}

TEST_CASE("AtomicFile throws when the folder cannot be created, leaving nothing behind") {
  TempDir dir;
  dir.write("blocker", "a regular file");
  CHECK_THROWS(p2c::AtomicFile(dir.path() / "blocker" / "out.txt"));
  CHECK(folder_entries(dir.path()) == std::vector<std::string>{"blocker"});
}

TEST_CASE("write_file_atomically writes empty content") {
  TempDir dir;
  const fs::path target = dir.write("empty.txt", "old");
  p2c::write_file_atomically(target, "");
  CHECK(fs::exists(target));
  CHECK(fs::file_size(target) == 0);
}

TEST_CASE("AtomicFile writes outputs 0640 by default, also over a wider old file, or the mode asked for") {
  TempDir dir;
  const mode_t saved = ::umask(022);  // a common umask, which would leave a 0644 file as it is
  const fs::path target = dir.write("results.csv", "old");
  fs::permissions(target,
                  fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read | fs::perms::others_read);
  p2c::write_file_atomically(target, "new");
  CHECK(fs::status(target).permissions() == (fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read));
  CHECK(p2c::output_permissions == (fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read));

  p2c::write_file_atomically(
      dir.path() / "public.html", "x",
      fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read | fs::perms::others_read);
  CHECK(fs::status(dir.path() / "public.html").permissions() ==
        (fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read | fs::perms::others_read));
  ::umask(saved);
}
