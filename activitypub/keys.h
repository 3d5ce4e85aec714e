// Key pairs for signing (our accounts, the instance actor) and public keys of peers.
//
// PEM in and out: public keys as SubjectPublicKeyInfo ("BEGIN PUBLIC KEY"), private keys as
// PKCS#8 ("BEGIN PRIVATE KEY"). RSA PKCS#1 ("BEGIN RSA PUBLIC KEY") is accepted on input, since
// some peers publish it. Raw Ed25519 public keys (FEP-521a Multikey) and HMAC shared secrets
// (RFC 9421 hmac-sha256) load into the same EVP_PKEY handle.
// Thread safety: free functions, no shared state. An EVP_PKEY that nobody modifies may be used
// for signing and verifying from several threads at once (OpenSSL 3).
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "src/common/result.h"

typedef struct evp_pkey_st EVP_PKEY;

namespace cornerstore::activitypub {

// Owning handle of an OpenSSL key.
struct EvpPkeyDeleter {
  void operator()(EVP_PKEY* key) const;
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, EvpPkeyDeleter>;

enum class KeyType {
  kRsa,      // rsaEncryption: PKCS#1 v1.5 or PSS
  kRsaPss,   // id-RSASSA-PSS: PSS only
  kEd25519,  // Ed25519
  kEcP256,   // EC on curve P-256 (prime256v1) only
  kHmac,     // a shared secret for HMAC
  kOther,    // anything else, including EC on other curves
};

struct KeyPair {
  std::string public_pem;
  std::string private_pem;
};

constexpr int kRsaKeyBits = 2048;  // what Mastodon generates and expects (PROTOCOL.md §3)

// A fresh RSA key pair (kRsaKeyBits).
Result<KeyPair> GenerateRsaKeyPair();
// A fresh Ed25519 key pair (for RFC 9421 and FEP-521a assertionMethod).
Result<KeyPair> GenerateEd25519KeyPair();

// Parses a public key PEM (SPKI or PKCS#1 RSA). kInvalidInput on anything else.
Result<PkeyPtr> PublicKeyFromPem(std::string_view pem);
// Parses a PKCS#8 (or traditional) private key PEM.
Result<PkeyPtr> PrivateKeyFromPem(std::string_view pem);

// A shared secret as an HMAC key. kInvalidInput if shorter than kMinHmacSecretBytes.
constexpr size_t kMinHmacSecretBytes = 32;  // the SHA-256 output size (RFC 2104 §3 minimum)
Result<PkeyPtr> HmacKeyFromSecret(std::string_view secret);
// A 32-byte raw Ed25519 public key (RFC 8032).
Result<PkeyPtr> Ed25519PublicKeyFromRaw(std::string_view raw);

// Another owning handle of the same key (reference count), for caches that hand keys out.
PkeyPtr SharePkey(EVP_PKEY* key);

KeyType TypeOfKey(const EVP_PKEY* key);
// Key size in bits (RSA modulus size).
int KeyBits(const EVP_PKEY* key);

}  // namespace cornerstore::activitypub
