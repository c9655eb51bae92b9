#include "sha256.h"

#include <openssl/evp.h>

#include <new>
#include <stdexcept>

namespace p2c::host {
namespace {

void check(int status) {
  if (status != 1) throw std::runtime_error("SHA-256: libcrypto failed");
}

}  // namespace

Sha256::Sha256() : context_(EVP_MD_CTX_new()) {
  if (context_ == nullptr) throw std::bad_alloc();
  if (EVP_DigestInit_ex(context_, EVP_sha256(), nullptr) != 1) {
    EVP_MD_CTX_free(context_);
    throw std::runtime_error("SHA-256: libcrypto failed");
  }
}

Sha256::~Sha256() { EVP_MD_CTX_free(context_); }

void Sha256::update(std::string_view bytes) { check(EVP_DigestUpdate(context_, bytes.data(), bytes.size())); }

Sha256Digest Sha256::finish() {
  Sha256Digest digest;
  unsigned int size = 0;
  check(EVP_DigestFinal_ex(context_, digest.data(), &size));
  check(EVP_DigestInit_ex(context_, EVP_sha256(), nullptr));
  return digest;
}

Sha256Digest sha256(std::string_view data) {
  Sha256 digest;
  digest.update(data);
  return digest.finish();
}

std::string to_hex(const std::uint8_t* bytes, std::size_t size) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * size);
  for (std::size_t i = 0; i < size; ++i) {
    out += digits[bytes[i] >> 4];
    out += digits[bytes[i] & 0xf];
  }
  return out;
}

std::string sha256_hex(std::string_view data) {
  const Sha256Digest digest = sha256(data);
  return to_hex(digest.data(), digest.size());
}

bool constant_time_equal(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  unsigned char difference = 0;
  for (std::size_t i = 0; i < a.size(); ++i)
    difference |= static_cast<unsigned char>(a[i]) ^ static_cast<unsigned char>(b[i]);
  return difference == 0;
}

}  // namespace p2c::host
