// SHA-256 against the FIPS 180-4 / NIST CAVP example vectors.
#include "sha256.h"

#include <catch2/catch.hpp>
#include <string>

using p2c::host::constant_time_equal;
using p2c::host::sha256;
using p2c::host::sha256_hex;

TEST_CASE("SHA-256 of the NIST example messages", "[sha256]") {
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(sha256_hex("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrs"
                   "mnopqrstnopqrstu") == "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
  CHECK(sha256_hex(std::string(1000000, 'a')) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("SHA-256 pads messages around the block boundary", "[sha256]") {
  // 55 bytes fit the length in the same block, 56 need a second one; 64 is exactly one block.
  CHECK(sha256_hex(std::string(55, 'a')) == "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
  CHECK(sha256_hex(std::string(56, 'a')) == "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
  CHECK(sha256_hex(std::string(64, 'a')) == "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
}

TEST_CASE("hash comparison is exact", "[sha256]") {
  CHECK(constant_time_equal("abc", "abc"));
  CHECK_FALSE(constant_time_equal("abc", "abd"));
  CHECK_FALSE(constant_time_equal("abc", "abcd"));
  CHECK(constant_time_equal("", ""));
}

TEST_CASE("a digest fed piece by piece equals the digest of the pieces joined, and starts over", "[sha256]") {
  const std::string message(1000, 'x');
  p2c::host::Sha256 digest;
  for (std::size_t at = 0; at < message.size(); at += 7) digest.update(std::string_view(message).substr(at, 7));
  CHECK(digest.finish() == sha256(message));
  digest.update("abc");
  CHECK(digest.finish() == sha256("abc"));
  CHECK(digest.finish() == sha256(""));
}
