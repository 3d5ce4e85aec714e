// The signature algorithms of HTTP signatures, over OpenSSL EVP keys.
//
// Names follow the RFC 9421 registry (§6.2.2). draft-cavage's "rsa-sha256" is kRsaV15Sha256 and
// its "hs2019" is resolved from the key type by the cavage code. Signatures are the raw bytes the
// wire carries: RSA as usual, Ed25519 64 bytes, ECDSA P-256 as r‖s (64 bytes, RFC 9421 §3.3.4),
// HMAC-SHA256 32 bytes.
//
// The key must fit the algorithm (KeyFitsAlgorithm); this is what stops algorithm confusion
// (an RSA public key used as an HMAC secret, a PSS key used for v1.5). Pure functions over keys
// nobody mutates; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "activitypub/keys.h"
#include "src/common/result.h"

namespace cornerstore::activitypub {

enum class SignatureAlgorithm {
  kRsaV15Sha256,     // "rsa-v1_5-sha256": RSASSA-PKCS1-v1_5 with SHA-256
  kRsaPssSha512,     // "rsa-pss-sha512": RSASSA-PSS, SHA-512, MGF1-SHA-512, 64-byte salt
  kEcdsaP256Sha256,  // "ecdsa-p256-sha256"
  kEd25519,          // "ed25519"
  kHmacSha256,       // "hmac-sha256"
};

// The RFC 9421 name, e.g. "rsa-v1_5-sha256".
std::string_view AlgorithmName(SignatureAlgorithm algorithm);
// Parses an RFC 9421 name (exact, lower case).
std::optional<SignatureAlgorithm> AlgorithmFromName(std::string_view name);

// True if `key` has the type `algorithm` needs: RSA (rsaEncryption) for v1.5; RSA or RSA-PSS for
// PSS; EC on P-256 for ECDSA; Ed25519; an HMAC secret for HMAC.
bool KeyFitsAlgorithm(SignatureAlgorithm algorithm, const EVP_PKEY* key);

// Signs `data` with a private key (or HMAC secret). kInvalidInput if the key does not fit.
Result<std::string> SignBytes(SignatureAlgorithm algorithm, const EVP_PKEY* key,
                              std::string_view data);

// Verifies `signature` over `data`. kUnauthorized "signature does not verify" on a bad
// signature, "algorithm does not match key" if the key does not fit.
Status VerifyBytes(SignatureAlgorithm algorithm, const EVP_PKEY* key, std::string_view data,
                   std::string_view signature);

}  // namespace cornerstore::activitypub
