#include <doctest/doctest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "activitypub/signatures/cavage.h"
#include "activitypub/signatures/digest.h"
#include "activitypub/signatures/rfc9421.h"
#include "activitypub/signatures/signer.h"
#include "activitypub/signatures/verifier.h"
#include "src/common/base64.h"
#include "tests/unit/signatures/vectors.h"

using namespace cornerstore;
using namespace cornerstore::activitypub;
using namespace cornerstore::testing;

namespace {

constexpr int64_t kNow = 1'700'000'000;
const std::string kActor = "https://shop.example/users/shop";
const std::string kKeyId = kActor + "#main-key";

HttpRequest Post() {
  HttpRequest r;
  r.method = "POST";
  r.target = "/inbox";
  r.headers.Add("Host", "remote.example");
  r.headers.Add("Date", FormatHttpDate(kNow));
  r.headers.Add("Content-Type", "application/activity+json");
  r.body = R"({"type":"Create"})";
  return r;
}

}  // namespace

TEST_CASE("signer: cavage POST is Mastodon's shape, byte for byte") {
  PkeyPtr priv = PrivateKeyFromVector("rfc9421/test-key-rsa-priv.pem");
  HttpRequest r = Post();
  REQUIRE(SignRequestCavage(&r, kKeyId, priv.get()).ok());
  CHECK(r.headers.Get("Digest") == ComputeDigestHeader(r.body));

  std::string signing_string =
      "(request-target): post /inbox\nhost: remote.example\ndate: " + FormatHttpDate(kNow) +
      "\ndigest: " + ComputeDigestHeader(r.body) + "\ncontent-type: application/activity+json";
  auto expected = SignBytes(SignatureAlgorithm::kRsaV15Sha256, priv.get(), signing_string);
  REQUIRE(expected.ok());
  CHECK(*r.headers.Get("Signature") ==
        "keyId=\"" + kKeyId +
            "\",algorithm=\"rsa-sha256\",headers=\"(request-target) host date digest "
            "content-type\",signature=\"" +
            Base64Encode(*expected) + "\"");
}

TEST_CASE("signer: cavage GET, Ed25519 as hs2019, refusals") {
  PkeyPtr rsa = PrivateKeyFromVector("rfc9421/test-key-rsa-priv.pem");
  HttpRequest get;
  get.method = "GET";
  get.target = "/users/x";
  get.headers.Add("Host", "remote.example");
  get.headers.Add("Date", FormatHttpDate(kNow));
  REQUIRE(SignRequestCavage(&get, kKeyId, rsa.get()).ok());
  CHECK_FALSE(get.headers.Has("Digest"));
  CHECK(CavageSignatureFromRequest(get)->headers ==
        std::vector<std::string>{"(request-target)", "host", "date"});

  PkeyPtr ed = PrivateKeyFromVector("rfc9421/test-key-ed25519-priv.pem");
  HttpRequest r = Post();
  REQUIRE(SignRequestCavage(&r, kKeyId, ed.get()).ok());
  CHECK(CavageSignatureFromRequest(r)->algorithm == "hs2019");

  HttpRequest no_date = Post();
  no_date.headers.Remove("Date");
  CHECK(SignRequestCavage(&no_date, kKeyId, rsa.get()).error().code == ErrorCode::kInvalidInput);
  HttpRequest quote = Post();
  CHECK_FALSE(SignRequestCavage(&quote, "bad\"key", rsa.get()).ok());
  PkeyPtr ecc = PrivateKeyFromVector("rfc9421/test-key-ecc-p256-priv.pem");
  HttpRequest ecc_req = Post();
  CHECK_FALSE(SignRequestCavage(&ecc_req, kKeyId, ecc.get()).ok());
}

TEST_CASE("signer: RFC 9421 default components and parameters") {
  PkeyPtr priv = PrivateKeyFromVector("rfc9421/test-key-rsa-priv.pem");
  HttpRequest r = Post();
  Rfc9421SignOptions options;
  options.created = kNow;
  REQUIRE(SignRequestRfc9421(&r, kKeyId, priv.get(), options).ok());
  CHECK(r.headers.Get("Content-Digest") == ComputeContentDigest(r.body));
  CHECK(*r.headers.Get("Signature-Input") ==
        "sig1=(\"@method\" \"@target-uri\" \"content-digest\" \"content-type\");created=" +
            std::to_string(kNow) + ";keyid=\"" + kKeyId + "\";alg=\"rsa-v1_5-sha256\"");
  auto sigs = ParseRfc9421Signatures(r.headers);
  REQUIRE(sigs.ok());
  auto base = SignatureBase(r, (*sigs)[0].input);
  REQUIRE(base.ok());
  CHECK(base->find("\"@target-uri\": https://remote.example/inbox\n") != std::string::npos);
  // Deterministic with RSA v1.5.
  CHECK((*sigs)[0].signature == *SignBytes(SignatureAlgorithm::kRsaV15Sha256, priv.get(), *base));

  HttpRequest split = Post();
  split.target = "/inbox?x=1";
  options.split_target_uri = true;
  options.expires = kNow + 300;
  options.nonce = "n1";
  options.tag = "fediverse";
  options.label = "cs";
  options.extra_headers = {"Date"};
  REQUIRE(SignRequestRfc9421(&split, kKeyId, priv.get(), options).ok());
  CHECK(*split.headers.Get("Signature-Input") ==
        "cs=(\"@method\" \"@authority\" \"@path\" \"@query\" \"content-digest\" \"content-type\" "
        "\"date\");created=" +
            std::to_string(kNow) + ";expires=" + std::to_string(kNow + 300) + ";keyid=\"" + kKeyId +
            "\";alg=\"rsa-v1_5-sha256\";nonce=\"n1\";tag=\"fediverse\"");

  // The algorithm must fit the key.
  HttpRequest bad = Post();
  options.algorithm = SignatureAlgorithm::kEd25519;
  CHECK_FALSE(SignRequestRfc9421(&bad, kKeyId, priv.get(), options).ok());
}

TEST_CASE("KeyStoreRequestSigner: completes, signs both schemes, caches keys") {
  std::string pem = ReadVector("rfc9421/test-key-rsa-priv.pem") + "\n";
  std::atomic<int> lookups{0};
  KeyStoreRequestSigner::Lookup lookup = [&](const std::string& actor) -> Result<SigningKey> {
    ++lookups;
    if (actor.empty()) return SigningKey{"https://shop.example/actor#main-key", pem};
    if (actor != kActor) return MakeError(ErrorCode::kNotFound, "no such actor");
    return SigningKey{kKeyId, pem};
  };
  FixedClock clock(kNow);
  KeyStoreRequestSigner signer(lookup, clock);

  PkeyPtr pub = PublicKeyFromVector("rfc9421/test-key-rsa-pub.pem");
  FunctionKeyResolver keys([&](const std::string& key_id, bool) -> Result<ResolvedKey> {
    return ResolvedKey{SharePkey(pub.get()), key_id, false};
  });

  for (SignatureScheme scheme : {SignatureScheme::kCavage, SignatureScheme::kRfc9421}) {
    HttpRequest r;
    r.method = "POST";
    r.headers.Add("Content-Type", "application/activity+json");
    r.body = R"({"type":"Like"})";
    Status s = signer.Sign({.actor_id = kActor}, scheme,
                           "https://remote.example:8443/users/bob/inbox?a=b", &r);
    REQUIRE_MESSAGE(s.ok(), s.error().ToLogString());
    CHECK(r.target == "/users/bob/inbox?a=b");
    CHECK(r.headers.Get("Host") == "remote.example:8443");
    CHECK(r.headers.Get("Date") == FormatHttpDate(kNow));
    CHECK(r.scheme == "https");
    auto v = VerifyRequest(r, keys, {}, clock);
    REQUIRE_MESSAGE(v.ok(), v.error().ToLogString());
    CHECK(v->key_id == kKeyId);
    CHECK(v->scheme == scheme);

    // Signing again (a retry, maybe with the other scheme) replaces the old signature.
    SignatureScheme other =
        scheme == SignatureScheme::kCavage ? SignatureScheme::kRfc9421 : SignatureScheme::kCavage;
    REQUIRE(signer
                .Sign({.actor_id = kActor}, other,
                      "https://remote.example:8443/users/bob/inbox?a=b", &r)
                .ok());
    CHECK(r.headers.GetAll("Signature").size() == 1);
    CHECK(r.headers.Has("Signature-Input") == (other == SignatureScheme::kRfc9421));
    CHECK(VerifyRequest(r, keys, {}, clock)->scheme == other);
  }

  // Instance actor (empty id).
  HttpRequest get;
  get.method = "GET";
  REQUIRE(signer.Sign({}, SignatureScheme::kCavage, "https://remote.example/users/bob", &get).ok());
  CHECK(CavageSignatureFromRequest(get)->key_id == "https://shop.example/actor#main-key");

  // Refusals.
  HttpRequest mismatch;
  mismatch.method = "GET";
  mismatch.target = "/other";
  CHECK(signer
            .Sign({.actor_id = kActor}, SignatureScheme::kCavage,
                  "https://remote.example/users/bob", &mismatch)
            .error()
            .message == "request target differs from the URL");
  HttpRequest bad_url;
  CHECK_FALSE(
      signer.Sign({.actor_id = kActor}, SignatureScheme::kCavage, "ftp://x/y", &bad_url).ok());
  HttpRequest unknown;
  unknown.method = "GET";
  CHECK(signer
            .Sign({.actor_id = "https://shop.example/users/nobody"}, SignatureScheme::kCavage,
                  "https://remote.example/x", &unknown)
            .error()
            .code == ErrorCode::kNotFound);

  // Key rotation: a new PEM from the lookup is used at once.
  auto rotated = GenerateRsaKeyPair();
  REQUIRE(rotated.ok());
  pem = rotated->private_pem;
  HttpRequest after;
  after.method = "GET";
  REQUIRE(
      signer
          .Sign({.actor_id = kActor}, SignatureScheme::kCavage, "https://remote.example/x", &after)
          .ok());
  CHECK(VerifyRequest(after, keys, {}, clock).error().message == "signature does not verify");
  PkeyPtr rotated_pub = PublicKeyFromPem(rotated->public_pem).value();
  FunctionKeyResolver rotated_keys([&](const std::string& key_id, bool) -> Result<ResolvedKey> {
    return ResolvedKey{SharePkey(rotated_pub.get()), key_id, false};
  });
  CHECK(VerifyRequest(after, rotated_keys, {}, clock).ok());
}

TEST_CASE("KeyStoreRequestSigner: concurrent signing is safe") {
  std::string pem = ReadVector("rfc9421/test-key-ed25519-priv.pem") + "\n";
  KeyStoreRequestSigner::Lookup lookup = [&](const std::string& actor) -> Result<SigningKey> {
    return SigningKey{actor + "#main-key", pem};
  };
  FixedClock clock(kNow);
  KeyStoreRequestSigner signer(lookup, clock);
  PkeyPtr pub = PublicKeyFromVector("rfc9421/test-key-ed25519-pub.pem");
  std::atomic<int> good{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        HttpRequest r;
        r.method = "POST";
        r.body = "{}";
        std::string actor = "https://shop.example/users/u" + std::to_string((t + i) % 3);
        auto scheme = i % 2 ? SignatureScheme::kCavage : SignatureScheme::kRfc9421;
        if (!signer.Sign({.actor_id = actor}, scheme, "https://remote.example/inbox", &r).ok())
          continue;
        FunctionKeyResolver keys([&](const std::string& key_id, bool) -> Result<ResolvedKey> {
          return ResolvedKey{SharePkey(pub.get()), key_id, false};
        });
        if (VerifyRequest(r, keys, {}, clock).ok()) ++good;
      }
    });
  }
  for (auto& th : threads) th.join();
  CHECK(good == 100);
}

TEST_CASE("KeyStoreRequestSigner: a carried key signs when the store no longer knows the actor") {
  // The account is gone: the lookup knows only the instance actor.
  std::atomic<int> lookups{0};
  KeyStoreRequestSigner::Lookup lookup = [&](const std::string& actor) -> Result<SigningKey> {
    ++lookups;
    return MakeError(ErrorCode::kNotFound, "no such actor", actor);
  };
  FixedClock clock(kNow);
  KeyStoreRequestSigner signer(lookup, clock);
  auto gone = GenerateRsaKeyPair();
  REQUIRE(gone.ok());
  PkeyPtr gone_pub = PublicKeyFromPem(gone->public_pem).value();
  FunctionKeyResolver keys([&](const std::string& key_id, bool) -> Result<ResolvedKey> {
    if (key_id != kKeyId) return MakeError(ErrorCode::kNotFound, "unknown key");
    return ResolvedKey{SharePkey(gone_pub.get()), key_id, false};
  });
  const SigningIdentity carried{kActor, kKeyId, gone->private_pem};

  for (SignatureScheme scheme : {SignatureScheme::kCavage, SignatureScheme::kRfc9421}) {
    HttpRequest r;
    r.method = "POST";
    r.headers.Add("Content-Type", "application/activity+json");
    r.body = R"({"type":"Delete"})";
    Status s = signer.Sign(carried, scheme, "https://remote.example/inbox", &r);
    REQUIRE_MESSAGE(s.ok(), s.error().ToLogString());
    auto v = VerifyRequest(r, keys, {}, clock);
    REQUIRE_MESSAGE(v.ok(), v.error().ToLogString());
    CHECK(v->key_id == kKeyId);
    CHECK(v->scheme == scheme);
  }
  CHECK(lookups == 0);

  // Without the key, the same actor cannot sign.
  HttpRequest looked_up;
  looked_up.method = "GET";
  Status refused = signer.Sign({.actor_id = kActor}, SignatureScheme::kCavage,
                               "https://remote.example/x", &looked_up);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().code == ErrorCode::kNotFound);
  CHECK(lookups == 1);

  // A key id alone (no PEM) is no carried key: the lookup decides.
  HttpRequest half;
  half.method = "GET";
  CHECK_FALSE(signer
                  .Sign({.actor_id = kActor, .key_id = kKeyId}, SignatureScheme::kCavage,
                        "https://remote.example/x", &half)
                  .ok());

  // A broken carried key fails without echoing the secret.
  const std::string secret = "-----BEGIN PRIVATE KEY-----\nc2VjcmV0\n-----END PRIVATE KEY-----\n";
  HttpRequest broken;
  broken.method = "GET";
  Status bad = signer.Sign({.actor_id = kActor, .key_id = kKeyId, .private_key_pem = secret},
                           SignatureScheme::kCavage, "https://remote.example/x", &broken);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().ToLogString().find("c2VjcmV0") == std::string::npos);
  CHECK(bad.error().ToLogString().find(kKeyId) != std::string::npos);
}
