// Secrets of the OAuth flows: random tokens, their stored digests, constant-time comparison and
// the PKCE S256 check (RFC 7636).
//
// Tokens, codes and client secrets are 32 random bytes from OpenSSL's CSPRNG, base64url without
// padding (43 characters). Only their SHA-256 hex digest is stored, so a copy of the database
// lets nobody act as a client or a user. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace cornerstore::auth {

// Random bytes per token: 256 bits, beyond any guessing.
inline constexpr size_t kTokenBytes = 32;
// RFC 7636 §4.1: a code_verifier is 43 to 128 characters of [A-Za-z0-9-._~].
inline constexpr size_t kMinVerifierLength = 43;
inline constexpr size_t kMaxVerifierLength = 128;

// A fresh random token (base64url of kTokenBytes bytes). Aborts if the CSPRNG fails: issuing a
// predictable secret is never an option.
std::string RandomToken();
// base64url (RFC 4648 §5) without padding.
std::string Base64UrlEncode(std::string_view bytes);
// Lower-case hex SHA-256 of `secret`: what the store keeps.
std::string HashSecret(std::string_view secret);
// Compares in time independent of where the strings differ (lengths may leak).
bool SecretEquals(std::string_view a, std::string_view b);
// True for a verifier of RFC 7636's length and alphabet.
bool IsValidCodeVerifier(std::string_view verifier);
// True for a challenge S256 could have produced (43 base64url characters).
bool IsValidCodeChallenge(std::string_view challenge);
// True when BASE64URL(SHA256(verifier)) == challenge.
bool VerifyPkceS256(std::string_view verifier, std::string_view challenge);

}  // namespace cornerstore::auth
