#include "src/auth/password.h"

#include <argon2.h>
#include <openssl/rand.h>

#include <vector>

namespace cornerstore::auth {

Status CheckPasswordPolicy(std::string_view password) {
  if (password.size() < kMinPasswordLength) {
    return MakeError(
        ErrorCode::kInvalidInput,
        "the password must have at least " + std::to_string(kMinPasswordLength) + " characters");
  }
  if (password.size() > kMaxPasswordLength) {
    return MakeError(
        ErrorCode::kInvalidInput,
        "the password must have at most " + std::to_string(kMaxPasswordLength) + " characters");
  }
  return OkStatus();
}

Result<std::string> HashPassword(std::string_view password) {
  CS_RETURN_IF_ERROR(CheckPasswordPolicy(password));
  unsigned char salt[kArgonSaltBytes];
  if (RAND_bytes(salt, sizeof salt) != 1) {
    return MakeError(ErrorCode::kInternal, "could not hash the password", "RAND_bytes failed");
  }
  const size_t length = argon2_encodedlen(kArgonTimeCost, kArgonMemoryKiB, kArgonParallelism,
                                          sizeof salt, kArgonHashBytes, Argon2_id);
  std::vector<char> encoded(length);
  int rc = argon2id_hash_encoded(kArgonTimeCost, kArgonMemoryKiB, kArgonParallelism,
                                 password.data(), password.size(), salt, sizeof salt,
                                 kArgonHashBytes, encoded.data(), encoded.size());
  if (rc != ARGON2_OK) {
    return MakeError(ErrorCode::kInternal, "could not hash the password", argon2_error_message(rc));
  }
  return std::string(encoded.data());
}

bool VerifyPassword(std::string_view password, std::string_view encoded) {
  if (password.size() > kMaxPasswordLength) return false;
  if (encoded.substr(0, 10) != "$argon2id$") return false;
  const std::string hash(encoded);  // argon2id_verify wants a C string
  return argon2id_verify(hash.c_str(), password.data(), password.size()) == ARGON2_OK;
}

void VerifyPasswordDummy(std::string_view password) {
  // A valid hash of a random string, made once: verifying against it costs what a real check does.
  static const std::string dummy = [] {
    auto hash = HashPassword("dummy password that matches nothing");
    return hash.ok() ? *hash : std::string();
  }();
  (void)VerifyPassword(password, dummy);
}

}  // namespace cornerstore::auth
