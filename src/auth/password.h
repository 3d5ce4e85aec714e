// Password hashing for local logins: Argon2id (RFC 9106) through libargon2, stored as the PHC
// encoded string ("$argon2id$v=19$m=…,t=…,p=…$salt$hash"), which carries its own parameters, so
// raising the cost later leaves old hashes verifiable.
//
// Pure functions (apart from the random salt); thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "src/common/result.h"

namespace cornerstore::auth {

// OWASP's Argon2id minimum (19 MiB, 2 passes, 1 lane): ~30 ms here, so a login costs little while
// an offline guesser pays per try. The login throttle bounds the online side.
inline constexpr uint32_t kArgonMemoryKiB = 19 * 1024;
inline constexpr uint32_t kArgonTimeCost = 2;
inline constexpr uint32_t kArgonParallelism = 1;
inline constexpr size_t kArgonSaltBytes = 16;
inline constexpr size_t kArgonHashBytes = 32;
// Shorter passwords fall to guessing; longer ones only cost hashing time.
inline constexpr size_t kMinPasswordLength = 8;
inline constexpr size_t kMaxPasswordLength = 256;

// kInvalidInput (with a sentence for the user) when the password is too short or too long.
Status CheckPasswordPolicy(std::string_view password);
// The encoded Argon2id hash of `password` with a fresh salt. kInternal if hashing fails.
Result<std::string> HashPassword(std::string_view password);
// True when `password` matches `encoded`; false for a wrong password or a malformed hash.
// libargon2 compares the digests in constant time.
bool VerifyPassword(std::string_view password, std::string_view encoded);
// Spends the time of one verification without a hash to check against, so a login for an
// unknown user or one without a password takes as long as a wrong password.
void VerifyPasswordDummy(std::string_view password);

}  // namespace cornerstore::auth
