// Key pairs for signing (our accounts, the instance actor) and public keys of peers.
//
// PEM in and out: public keys as SubjectPublicKeyInfo ("BEGIN PUBLIC KEY"), private keys as
// PKCS#8 ("BEGIN PRIVATE KEY"). RSA PKCS#1 ("BEGIN RSA PUBLIC KEY") is accepted on input, since
// some peers publish it. Thread safety: free functions, no shared state.
#pragma once

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

enum class KeyType { kRsa, kEd25519, kEcP256, kOther };

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

KeyType TypeOfKey(const EVP_PKEY* key);
// Key size in bits (RSA modulus size).
int KeyBits(const EVP_PKEY* key);

}  // namespace cornerstore::activitypub
