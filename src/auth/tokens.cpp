#include "src/auth/tokens.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <cstdio>
#include <cstdlib>

#include "src/common/base64.h"

namespace cornerstore::auth {
namespace {

std::string Sha256(std::string_view data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
  return std::string(reinterpret_cast<const char*>(digest), sizeof digest);
}

bool IsUnreserved(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

bool IsBase64Url(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_';
}

}  // namespace

std::string RandomToken() {
  unsigned char bytes[kTokenBytes];
  if (RAND_bytes(bytes, sizeof bytes) != 1) {
    std::fputs("cornerstore: the random number generator failed\n", stderr);
    std::abort();
  }
  std::string token =
      Base64UrlEncode(std::string_view(reinterpret_cast<char*>(bytes), sizeof bytes));
  OPENSSL_cleanse(bytes, sizeof bytes);
  return token;
}

std::string Base64UrlEncode(std::string_view bytes) {
  std::string text = Base64Encode(bytes);
  while (!text.empty() && text.back() == '=') text.pop_back();
  for (char& c : text) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  return text;
}

std::string HashSecret(std::string_view secret) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string digest = Sha256(secret);
  std::string hex;
  hex.reserve(digest.size() * 2);
  for (unsigned char b : digest) {
    hex += kHex[b >> 4];
    hex += kHex[b & 0xf];
  }
  return hex;
}

bool SecretEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

bool IsValidCodeVerifier(std::string_view verifier) {
  if (verifier.size() < kMinVerifierLength || verifier.size() > kMaxVerifierLength) return false;
  for (char c : verifier) {
    if (!IsUnreserved(c)) return false;
  }
  return true;
}

bool IsValidCodeChallenge(std::string_view challenge) {
  if (challenge.size() != 43) return false;  // 32 bytes of SHA-256, base64url, no padding
  for (char c : challenge) {
    if (!IsBase64Url(c)) return false;
  }
  return true;
}

bool VerifyPkceS256(std::string_view verifier, std::string_view challenge) {
  if (!IsValidCodeVerifier(verifier) || !IsValidCodeChallenge(challenge)) return false;
  return SecretEquals(Base64UrlEncode(Sha256(verifier)), challenge);
}

}  // namespace cornerstore::auth
