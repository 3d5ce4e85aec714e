#include "activitypub/keys.h"

#include <openssl/bio.h>
#include <openssl/core_dispatch.h>
#include <openssl/decoder.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <cstring>

namespace cornerstore::activitypub {
namespace {

struct BioDeleter {
  void operator()(BIO* b) const { BIO_free(b); }
};
using BioPtr = std::unique_ptr<BIO, BioDeleter>;

// Largest PEM we will parse: an RSA-8192 public key is ~1.5 KB; anything bigger is hostile.
constexpr size_t kMaxPemBytes = 16 * 1024;
// Longest shared secret: HMAC hashes keys over 64 bytes anyway; 1 KiB bounds odd input.
constexpr size_t kMaxHmacSecretBytes = 1024;

std::string BioToString(BIO* bio) {
  char* data = nullptr;
  long len = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<size_t>(len));
}

Result<KeyPair> ToPemPair(EVP_PKEY* key) {
  BioPtr pub(BIO_new(BIO_s_mem()));
  BioPtr priv(BIO_new(BIO_s_mem()));
  if (!pub || !priv || PEM_write_bio_PUBKEY(pub.get(), key) != 1 ||
      PEM_write_bio_PrivateKey(priv.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    return MakeError(ErrorCode::kInternal, "could not encode key");
  }
  return KeyPair{BioToString(pub.get()), BioToString(priv.get())};
}

}  // namespace

void EvpPkeyDeleter::operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }

Result<KeyPair> GenerateRsaKeyPair() {
  PkeyPtr key(EVP_RSA_gen(kRsaKeyBits));
  if (!key) return MakeError(ErrorCode::kInternal, "RSA key generation failed");
  return ToPemPair(key.get());
}

Result<KeyPair> GenerateEd25519KeyPair() {
  EVP_PKEY* raw = nullptr;
  std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(
      EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nullptr), EVP_PKEY_CTX_free);
  if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1 || EVP_PKEY_keygen(ctx.get(), &raw) != 1) {
    return MakeError(ErrorCode::kInternal, "Ed25519 key generation failed");
  }
  PkeyPtr key(raw);
  return ToPemPair(key.get());
}

Result<PkeyPtr> PublicKeyFromPem(std::string_view pem) {
  if (pem.empty() || pem.size() > kMaxPemBytes) {
    return MakeError(ErrorCode::kInvalidInput, "public key missing or too large");
  }
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  EVP_PKEY* key = bio ? PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr) : nullptr;
  if (!key) {
    // PKCS#1 "BEGIN RSA PUBLIC KEY".
    OSSL_DECODER_CTX* dctx = OSSL_DECODER_CTX_new_for_pkey(
        &key, "PEM", "type-specific", "RSA", OSSL_KEYMGMT_SELECT_PUBLIC_KEY, nullptr, nullptr);
    if (dctx) {
      const unsigned char* data = reinterpret_cast<const unsigned char*>(pem.data());
      size_t len = pem.size();
      if (OSSL_DECODER_from_data(dctx, &data, &len) != 1) key = nullptr;
      OSSL_DECODER_CTX_free(dctx);
    }
  }
  if (!key) {
    ERR_clear_error();
    return MakeError(ErrorCode::kInvalidInput, "public key is not valid PEM");
  }
  return PkeyPtr(key);
}

Result<PkeyPtr> PrivateKeyFromPem(std::string_view pem) {
  if (pem.empty() || pem.size() > kMaxPemBytes) {
    return MakeError(ErrorCode::kInvalidInput, "private key missing or too large");
  }
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  EVP_PKEY* key = bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr;
  if (!key) {
    ERR_clear_error();
    return MakeError(ErrorCode::kInvalidInput, "private key is not valid PEM");
  }
  return PkeyPtr(key);
}

Result<PkeyPtr> HmacKeyFromSecret(std::string_view secret) {
  if (secret.size() < kMinHmacSecretBytes || secret.size() > kMaxHmacSecretBytes) {
    return MakeError(ErrorCode::kInvalidInput, "shared secret too short or too long");
  }
  EVP_PKEY* key = EVP_PKEY_new_raw_private_key(
      EVP_PKEY_HMAC, nullptr, reinterpret_cast<const unsigned char*>(secret.data()), secret.size());
  if (!key) return MakeError(ErrorCode::kInternal, "could not load shared secret");
  return PkeyPtr(key);
}

Result<PkeyPtr> Ed25519PublicKeyFromRaw(std::string_view raw) {
  constexpr size_t kEd25519PublicKeyBytes = 32;  // RFC 8032 §5.1.5
  if (raw.size() != kEd25519PublicKeyBytes) {
    return MakeError(ErrorCode::kInvalidInput, "Ed25519 public key must be 32 bytes");
  }
  EVP_PKEY* key = EVP_PKEY_new_raw_public_key(
      EVP_PKEY_ED25519, nullptr, reinterpret_cast<const unsigned char*>(raw.data()), raw.size());
  if (!key) return MakeError(ErrorCode::kInvalidInput, "invalid Ed25519 public key");
  return PkeyPtr(key);
}

PkeyPtr SharePkey(EVP_PKEY* key) {
  if (key == nullptr || EVP_PKEY_up_ref(key) != 1) return PkeyPtr();
  return PkeyPtr(key);
}

KeyType TypeOfKey(const EVP_PKEY* key) {
  // EVP_PKEY_is_a also knows provider-only keys (HMAC), which have no legacy id.
  if (EVP_PKEY_is_a(key, "RSA")) return KeyType::kRsa;
  if (EVP_PKEY_is_a(key, "RSA-PSS")) return KeyType::kRsaPss;
  if (EVP_PKEY_is_a(key, "ED25519")) return KeyType::kEd25519;
  if (EVP_PKEY_is_a(key, "HMAC")) return KeyType::kHmac;
  if (EVP_PKEY_is_a(key, "EC")) {
    char group[64] = {};
    size_t len = 0;
    if (EVP_PKEY_get_group_name(key, group, sizeof group, &len) == 1 &&
        std::strcmp(group, SN_X9_62_prime256v1) == 0) {
      return KeyType::kEcP256;
    }
  }
  return KeyType::kOther;
}

int KeyBits(const EVP_PKEY* key) { return EVP_PKEY_get_bits(key); }

}  // namespace cornerstore::activitypub
