#include <doctest/doctest.h>

#include <openssl/ec.h>
#include <openssl/evp.h>

#include <string>

#include "activitypub/keys.h"
#include "activitypub/signatures/algorithms.h"
#include "tests/unit/signatures/vectors.h"

using namespace cornerstore;
using namespace cornerstore::activitypub;
using namespace cornerstore::testing;

TEST_CASE("algorithms: names round trip") {
  for (auto a : {SignatureAlgorithm::kRsaV15Sha256, SignatureAlgorithm::kRsaPssSha512,
                 SignatureAlgorithm::kEcdsaP256Sha256, SignatureAlgorithm::kEd25519,
                 SignatureAlgorithm::kHmacSha256}) {
    CHECK(AlgorithmFromName(AlgorithmName(a)) == a);
  }
  CHECK_FALSE(AlgorithmFromName("rsa-sha256").has_value());  // cavage name, not RFC 9421
  CHECK_FALSE(AlgorithmFromName("RSA-V1_5-SHA256").has_value());
  CHECK_FALSE(AlgorithmFromName("none").has_value());
}

TEST_CASE("keys: types of the RFC 9421 keys; EC needs P-256") {
  CHECK(TypeOfKey(PublicKeyFromVector("rfc9421/test-key-rsa-pub.pem").get()) == KeyType::kRsa);
  CHECK(TypeOfKey(PrivateKeyFromVector("rfc9421/test-key-rsa-pss-priv.pem").get()) ==
        KeyType::kRsaPss);
  CHECK(TypeOfKey(PublicKeyFromVector("rfc9421/test-key-rsa-pss-pub.pem").get()) ==
        KeyType::kRsa);  // published as rsaEncryption
  CHECK(TypeOfKey(PublicKeyFromVector("rfc9421/test-key-ecc-p256-pub.pem").get()) ==
        KeyType::kEcP256);
  CHECK(TypeOfKey(PrivateKeyFromVector("rfc9421/test-key-ecc-p256-priv.pem").get()) ==
        KeyType::kEcP256);
  CHECK(TypeOfKey(PublicKeyFromVector("rfc9421/test-key-ed25519-pub.pem").get()) ==
        KeyType::kEd25519);
  CHECK(TypeOfKey(RfcSharedSecret().get()) == KeyType::kHmac);

  EVP_PKEY* p384 = EVP_EC_gen("P-384");
  REQUIRE(p384 != nullptr);
  PkeyPtr p384_key(p384);
  CHECK(TypeOfKey(p384_key.get()) == KeyType::kOther);
  CHECK_FALSE(KeyFitsAlgorithm(SignatureAlgorithm::kEcdsaP256Sha256, p384_key.get()));
}

TEST_CASE("keys: raw Ed25519 public key and HMAC secret limits") {
  CHECK_FALSE(Ed25519PublicKeyFromRaw("short").ok());
  CHECK(Ed25519PublicKeyFromRaw(std::string(32, '\x01')).ok());
  CHECK_FALSE(HmacKeyFromSecret(std::string(kMinHmacSecretBytes - 1, 'k')).ok());
  CHECK(HmacKeyFromSecret(std::string(kMinHmacSecretBytes, 'k')).ok());
  auto shared = SharePkey(RfcSharedSecret().get());
  CHECK(shared != nullptr);
}

TEST_CASE("algorithms: every algorithm round trips and refuses a changed message") {
  struct Case {
    SignatureAlgorithm algorithm;
    std::string private_key;
    std::string public_key;
  };
  const Case cases[] = {
      {SignatureAlgorithm::kRsaV15Sha256, "rfc9421/test-key-rsa-priv.pem",
       "rfc9421/test-key-rsa-pub.pem"},
      {SignatureAlgorithm::kRsaPssSha512, "rfc9421/test-key-rsa-pss-priv.pem",
       "rfc9421/test-key-rsa-pss-pub.pem"},
      {SignatureAlgorithm::kEcdsaP256Sha256, "rfc9421/test-key-ecc-p256-priv.pem",
       "rfc9421/test-key-ecc-p256-pub.pem"},
      {SignatureAlgorithm::kEd25519, "rfc9421/test-key-ed25519-priv.pem",
       "rfc9421/test-key-ed25519-pub.pem"},
  };
  for (const Case& c : cases) {
    CAPTURE(AlgorithmName(c.algorithm));
    PkeyPtr priv = PrivateKeyFromVector(c.private_key);
    PkeyPtr pub = PublicKeyFromVector(c.public_key);
    auto sig = SignBytes(c.algorithm, priv.get(), "message");
    REQUIRE(sig.ok());
    CHECK(VerifyBytes(c.algorithm, pub.get(), "message", *sig).ok());
    auto bad = VerifyBytes(c.algorithm, pub.get(), "messagE", *sig);
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().code == ErrorCode::kUnauthorized);
    CHECK(bad.error().message == "signature does not verify");
    std::string flipped = *sig;
    flipped[flipped.size() / 2] ^= 1;
    CHECK_FALSE(VerifyBytes(c.algorithm, pub.get(), "message", flipped).ok());
    CHECK_FALSE(VerifyBytes(c.algorithm, pub.get(), "message", "").ok());
  }
  PkeyPtr secret = RfcSharedSecret();
  auto mac = SignBytes(SignatureAlgorithm::kHmacSha256, secret.get(), "message");
  REQUIRE(mac.ok());
  CHECK(mac->size() == 32);
  CHECK(VerifyBytes(SignatureAlgorithm::kHmacSha256, secret.get(), "message", *mac).ok());
  CHECK_FALSE(VerifyBytes(SignatureAlgorithm::kHmacSha256, secret.get(), "messagE", *mac).ok());
}

TEST_CASE("algorithms: deterministic ones give the same bytes each time") {
  PkeyPtr rsa = PrivateKeyFromVector("rfc9421/test-key-rsa-priv.pem");
  PkeyPtr ed = PrivateKeyFromVector("rfc9421/test-key-ed25519-priv.pem");
  CHECK(*SignBytes(SignatureAlgorithm::kRsaV15Sha256, rsa.get(), "x") ==
        *SignBytes(SignatureAlgorithm::kRsaV15Sha256, rsa.get(), "x"));
  CHECK(*SignBytes(SignatureAlgorithm::kEd25519, ed.get(), "x") ==
        *SignBytes(SignatureAlgorithm::kEd25519, ed.get(), "x"));
  PkeyPtr pss = PrivateKeyFromVector("rfc9421/test-key-rsa-pss-priv.pem");
  CHECK(*SignBytes(SignatureAlgorithm::kRsaPssSha512, pss.get(), "x") !=
        *SignBytes(SignatureAlgorithm::kRsaPssSha512, pss.get(), "x"));  // salted
}

TEST_CASE("algorithms: algorithm confusion is refused") {
  PkeyPtr rsa_priv = PrivateKeyFromVector("rfc9421/test-key-rsa-priv.pem");
  PkeyPtr rsa_pub = PublicKeyFromVector("rfc9421/test-key-rsa-pub.pem");
  PkeyPtr pss_priv = PrivateKeyFromVector("rfc9421/test-key-rsa-pss-priv.pem");
  PkeyPtr ed_pub = PublicKeyFromVector("rfc9421/test-key-ed25519-pub.pem");

  // PKCS#1 v1.5 signature presented as PSS and the other way round.
  auto v15 = SignBytes(SignatureAlgorithm::kRsaV15Sha256, rsa_priv.get(), "m");
  auto pss = SignBytes(SignatureAlgorithm::kRsaPssSha512, rsa_priv.get(), "m");
  REQUIRE(v15.ok());
  REQUIRE(pss.ok());
  CHECK(VerifyBytes(SignatureAlgorithm::kRsaPssSha512, rsa_pub.get(), "m", *pss).ok());
  CHECK_FALSE(VerifyBytes(SignatureAlgorithm::kRsaPssSha512, rsa_pub.get(), "m", *v15).ok());
  CHECK_FALSE(VerifyBytes(SignatureAlgorithm::kRsaV15Sha256, rsa_pub.get(), "m", *pss).ok());

  // A PSS-only key cannot make or check v1.5 signatures.
  CHECK_FALSE(SignBytes(SignatureAlgorithm::kRsaV15Sha256, pss_priv.get(), "m").ok());

  // HMAC keyed with the RSA public key PEM: the verifier never treats a public key as a secret.
  auto forged_key = HmacKeyFromSecret(ReadVector("rfc9421/test-key-rsa-pub.pem") + "\n");
  REQUIRE(forged_key.ok());
  auto forged = SignBytes(SignatureAlgorithm::kHmacSha256, forged_key->get(), "m");
  REQUIRE(forged.ok());
  auto r = VerifyBytes(SignatureAlgorithm::kHmacSha256, rsa_pub.get(), "m", *forged);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message == "algorithm does not match key");
  CHECK(VerifyBytes(SignatureAlgorithm::kEd25519, rsa_pub.get(), "m", *v15).error().message ==
        "algorithm does not match key");
  CHECK(VerifyBytes(SignatureAlgorithm::kRsaV15Sha256, ed_pub.get(), "m", *v15).error().message ==
        "algorithm does not match key");
}

TEST_CASE("algorithms: ECDSA signatures are r||s, 64 bytes") {
  PkeyPtr priv = PrivateKeyFromVector("rfc9421/test-key-ecc-p256-priv.pem");
  for (int i = 0; i < 20; ++i) {  // leading-zero r or s must still pad to 32 bytes
    auto sig = SignBytes(SignatureAlgorithm::kEcdsaP256Sha256, priv.get(), std::to_string(i));
    REQUIRE(sig.ok());
    CHECK(sig->size() == 64);
  }
  PkeyPtr pub = PublicKeyFromVector("rfc9421/test-key-ecc-p256-pub.pem");
  CHECK_FALSE(
      VerifyBytes(SignatureAlgorithm::kEcdsaP256Sha256, pub.get(), "m", std::string(63, 'a')).ok());
  CHECK_FALSE(
      VerifyBytes(SignatureAlgorithm::kEcdsaP256Sha256, pub.get(), "m", std::string(64, '\0'))
          .ok());
}
