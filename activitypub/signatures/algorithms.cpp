#include "activitypub/signatures/algorithms.h"

#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include <memory>

namespace cornerstore::activitypub {
namespace {

// RFC 9421 §3.3.1: the PSS salt is 64 bytes (the SHA-512 output size).
constexpr int kPssSaltBytes = 64;
// RFC 9421 §3.3.4: P-256 r and s are 32 bytes each, concatenated.
constexpr size_t kP256ScalarBytes = 32;
// Largest signature we will process: RSA-16384 is 2 KiB; a longer one is hostile.
constexpr size_t kMaxSignatureBytes = 2048;

struct MdCtxDeleter {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxDeleter>;

struct EcdsaSigDeleter {
  void operator()(ECDSA_SIG* s) const { ECDSA_SIG_free(s); }
};
using EcdsaSigPtr = std::unique_ptr<ECDSA_SIG, EcdsaSigDeleter>;

const EVP_MD* DigestOf(SignatureAlgorithm algorithm) {
  switch (algorithm) {
    case SignatureAlgorithm::kRsaV15Sha256:
      return EVP_sha256();
    case SignatureAlgorithm::kRsaPssSha512:
      return EVP_sha512();
    case SignatureAlgorithm::kEcdsaP256Sha256:
      return EVP_sha256();
    case SignatureAlgorithm::kEd25519:
      return nullptr;  // Ed25519 hashes internally
    case SignatureAlgorithm::kHmacSha256:
      return EVP_sha256();
  }
  return nullptr;
}

// Sets padding on the context EVP_DigestSignInit/VerifyInit created.
bool ConfigurePadding(SignatureAlgorithm algorithm, EVP_PKEY_CTX* pctx) {
  if (algorithm == SignatureAlgorithm::kRsaV15Sha256) {
    return EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) == 1;
  }
  if (algorithm == SignatureAlgorithm::kRsaPssSha512) {
    return EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) == 1 &&
           EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, EVP_sha512()) == 1 &&
           EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, kPssSaltBytes) == 1;
  }
  return true;
}

// DER ECDSA-Sig-Value → r‖s.
std::optional<std::string> EcdsaDerToRaw(std::string_view der) {
  const unsigned char* p = reinterpret_cast<const unsigned char*>(der.data());
  EcdsaSigPtr sig(d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size())));
  if (!sig) return std::nullopt;
  const BIGNUM* r = nullptr;
  const BIGNUM* s = nullptr;
  ECDSA_SIG_get0(sig.get(), &r, &s);
  std::string raw(2 * kP256ScalarBytes, '\0');
  unsigned char* out = reinterpret_cast<unsigned char*>(raw.data());
  if (BN_bn2binpad(r, out, kP256ScalarBytes) < 0 ||
      BN_bn2binpad(s, out + kP256ScalarBytes, kP256ScalarBytes) < 0) {
    return std::nullopt;
  }
  return raw;
}

// r‖s → DER ECDSA-Sig-Value.
std::optional<std::string> EcdsaRawToDer(std::string_view raw) {
  if (raw.size() != 2 * kP256ScalarBytes) return std::nullopt;
  const unsigned char* in = reinterpret_cast<const unsigned char*>(raw.data());
  EcdsaSigPtr sig(ECDSA_SIG_new());
  if (!sig) return std::nullopt;
  BIGNUM* r = BN_bin2bn(in, kP256ScalarBytes, nullptr);
  BIGNUM* s = BN_bin2bn(in + kP256ScalarBytes, kP256ScalarBytes, nullptr);
  if (!r || !s || ECDSA_SIG_set0(sig.get(), r, s) != 1) {
    BN_free(r);
    BN_free(s);
    return std::nullopt;
  }
  unsigned char* der = nullptr;
  int len = i2d_ECDSA_SIG(sig.get(), &der);
  if (len <= 0) return std::nullopt;
  std::string out(reinterpret_cast<char*>(der), static_cast<size_t>(len));
  OPENSSL_free(der);
  return out;
}

Error DoesNotVerify(std::string detail = {}) {
  return MakeError(ErrorCode::kUnauthorized, "signature does not verify", std::move(detail));
}

}  // namespace

std::string_view AlgorithmName(SignatureAlgorithm algorithm) {
  switch (algorithm) {
    case SignatureAlgorithm::kRsaV15Sha256:
      return "rsa-v1_5-sha256";
    case SignatureAlgorithm::kRsaPssSha512:
      return "rsa-pss-sha512";
    case SignatureAlgorithm::kEcdsaP256Sha256:
      return "ecdsa-p256-sha256";
    case SignatureAlgorithm::kEd25519:
      return "ed25519";
    case SignatureAlgorithm::kHmacSha256:
      return "hmac-sha256";
  }
  return "";
}

std::optional<SignatureAlgorithm> AlgorithmFromName(std::string_view name) {
  for (auto a : {SignatureAlgorithm::kRsaV15Sha256, SignatureAlgorithm::kRsaPssSha512,
                 SignatureAlgorithm::kEcdsaP256Sha256, SignatureAlgorithm::kEd25519,
                 SignatureAlgorithm::kHmacSha256}) {
    if (AlgorithmName(a) == name) return a;
  }
  return std::nullopt;
}

bool KeyFitsAlgorithm(SignatureAlgorithm algorithm, const EVP_PKEY* key) {
  if (key == nullptr) return false;
  KeyType type = TypeOfKey(key);
  switch (algorithm) {
    case SignatureAlgorithm::kRsaV15Sha256:
      return type == KeyType::kRsa;
    case SignatureAlgorithm::kRsaPssSha512:
      return type == KeyType::kRsa || type == KeyType::kRsaPss;
    case SignatureAlgorithm::kEcdsaP256Sha256:
      return type == KeyType::kEcP256;
    case SignatureAlgorithm::kEd25519:
      return type == KeyType::kEd25519;
    case SignatureAlgorithm::kHmacSha256:
      return type == KeyType::kHmac;
  }
  return false;
}

Result<std::string> SignBytes(SignatureAlgorithm algorithm, const EVP_PKEY* key,
                              std::string_view data) {
  if (!KeyFitsAlgorithm(algorithm, key)) {
    return MakeError(ErrorCode::kInvalidInput, "algorithm does not match key",
                     std::string(AlgorithmName(algorithm)));
  }
  MdCtxPtr ctx(EVP_MD_CTX_new());
  EVP_PKEY_CTX* pctx = nullptr;
  // EVP_DigestSignInit takes a non-const key but does not modify it.
  EVP_PKEY* k = const_cast<EVP_PKEY*>(key);
  if (!ctx || EVP_DigestSignInit(ctx.get(), &pctx, DigestOf(algorithm), nullptr, k) != 1 ||
      !ConfigurePadding(algorithm, pctx)) {
    ERR_clear_error();
    return MakeError(ErrorCode::kInternal, "could not sign", "init");
  }
  const unsigned char* in = reinterpret_cast<const unsigned char*>(data.data());
  size_t len = 0;
  if (EVP_DigestSign(ctx.get(), nullptr, &len, in, data.size()) != 1) {
    return MakeError(ErrorCode::kInternal, "could not sign", "size");
  }
  std::string sig(len, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &len, in,
                     data.size()) != 1) {
    return MakeError(ErrorCode::kInternal, "could not sign", "sign");
  }
  sig.resize(len);
  if (algorithm == SignatureAlgorithm::kEcdsaP256Sha256) {
    auto raw = EcdsaDerToRaw(sig);
    if (!raw) return MakeError(ErrorCode::kInternal, "could not sign", "ecdsa encoding");
    return std::move(*raw);
  }
  return sig;
}

Status VerifyBytes(SignatureAlgorithm algorithm, const EVP_PKEY* key, std::string_view data,
                   std::string_view signature) {
  if (!KeyFitsAlgorithm(algorithm, key)) {
    return MakeError(ErrorCode::kUnauthorized, "algorithm does not match key",
                     std::string(AlgorithmName(algorithm)));
  }
  if (signature.empty() || signature.size() > kMaxSignatureBytes) {
    return DoesNotVerify("signature length " + std::to_string(signature.size()));
  }
  if (algorithm == SignatureAlgorithm::kHmacSha256) {
    // HMAC verifies by recomputing and comparing in constant time.
    CS_ASSIGN_OR_RETURN(std::string expected, SignBytes(algorithm, key, data));
    if (expected.size() != signature.size() ||
        CRYPTO_memcmp(expected.data(), signature.data(), expected.size()) != 0) {
      return DoesNotVerify("hmac mismatch");
    }
    return OkStatus();
  }
  std::string der;
  if (algorithm == SignatureAlgorithm::kEcdsaP256Sha256) {
    auto converted = EcdsaRawToDer(signature);
    if (!converted) return DoesNotVerify("ecdsa signature is not r||s");
    der = std::move(*converted);
    signature = der;
  }
  MdCtxPtr ctx(EVP_MD_CTX_new());
  EVP_PKEY_CTX* pctx = nullptr;
  EVP_PKEY* k = const_cast<EVP_PKEY*>(key);
  if (!ctx || EVP_DigestVerifyInit(ctx.get(), &pctx, DigestOf(algorithm), nullptr, k) != 1 ||
      !ConfigurePadding(algorithm, pctx)) {
    ERR_clear_error();
    return MakeError(ErrorCode::kInternal, "could not verify", "init");
  }
  int rc = EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                            signature.size(), reinterpret_cast<const unsigned char*>(data.data()),
                            data.size());
  if (rc != 1) {
    ERR_clear_error();  // a bad signature is an answer, not an error for the next caller
    return DoesNotVerify(std::string(AlgorithmName(algorithm)));
  }
  return OkStatus();
}

}  // namespace cornerstore::activitypub
