// Random tokens, digests, PKCE and Argon2id passwords.
#include <doctest/doctest.h>

#include <set>

#include "src/auth/password.h"
#include "src/auth/tokens.h"

using namespace cornerstore;
using namespace cornerstore::auth;

TEST_CASE("tokens: random, base64url, hashed") {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    std::string t = RandomToken();
    CHECK(t.size() == 43);
    CHECK(t.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") ==
          std::string::npos);
    seen.insert(t);
  }
  CHECK(seen.size() == 100);
  // SHA-256("abc"), FIPS 180-2.
  CHECK(HashSecret("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(SecretEquals("abc", "abc"));
  CHECK(!SecretEquals("abc", "abd"));
  CHECK(!SecretEquals("abc", "abcd"));
}

TEST_CASE("pkce: S256 per RFC 7636 appendix B") {
  const std::string verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
  const std::string challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
  CHECK(VerifyPkceS256(verifier, challenge));
  CHECK(!VerifyPkceS256("X" + verifier.substr(1), challenge));
  CHECK(!VerifyPkceS256(verifier, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cN"));
  CHECK(!VerifyPkceS256("short", challenge));
  CHECK(!IsValidCodeVerifier(std::string(129, 'a')));
  CHECK(!IsValidCodeVerifier(std::string(43, ' ')));
  CHECK(IsValidCodeVerifier(std::string(128, '~')));
  CHECK(!IsValidCodeChallenge(challenge + "="));
}

TEST_CASE("passwords: argon2id hash and verify") {
  auto hash = HashPassword("correct horse battery");
  REQUIRE(hash.ok());
  CHECK(hash->rfind("$argon2id$v=19$m=19456,t=2,p=1$", 0) == 0);
  CHECK(VerifyPassword("correct horse battery", *hash));
  CHECK(!VerifyPassword("correct horse batterY", *hash));
  CHECK(!VerifyPassword("correct horse battery", "garbage"));
  CHECK(!VerifyPassword("correct horse battery", ""));
  // Fresh salt each time.
  CHECK(*HashPassword("correct horse battery") != *hash);
  CHECK(HashPassword("short").error().code == ErrorCode::kInvalidInput);
  CHECK(HashPassword(std::string(kMaxPasswordLength + 1, 'a')).error().code ==
        ErrorCode::kInvalidInput);
  CHECK(CheckPasswordPolicy("12345678").ok());
}
