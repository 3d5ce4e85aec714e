// VerifyRequest: the policy of PROTOCOL.md §4 (windows, expires, required components, digests),
// round trips for every algorithm, tampering, algorithm confusion, key refresh, labels.
#include <doctest/doctest.h>

#include <string>

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
constexpr int64_t kMinute = 60;
constexpr int64_t kHour = 3600;
const std::string kKeyId = "https://remote.example/users/alice#main-key";
const std::string kOwner = "https://remote.example/users/alice";
const std::string kActivity = R"({"type":"Follow","actor":"https://remote.example/users/alice"})";

// Resolves kKeyId to one key and counts calls.
struct OneKey {
  PkeyPtr key;
  bool from_cache = false;
  int calls = 0;
  FunctionKeyResolver resolver{[this](const std::string& key_id, bool) -> Result<ResolvedKey> {
    ++calls;
    if (key_id != kKeyId) return MakeError(ErrorCode::kUnauthorized, "key not found", key_id);
    return ResolvedKey{SharePkey(key.get()), kOwner, from_cache};
  }};
};

PkeyPtr RsaPriv() { return PrivateKeyFromVector("rfc9421/test-key-rsa-priv.pem"); }
PkeyPtr RsaPub() { return PublicKeyFromVector("rfc9421/test-key-rsa-pub.pem"); }

HttpRequest InboxPost(int64_t date = kNow) {
  HttpRequest r;
  r.method = "POST";
  r.target = "/users/shop/inbox";
  r.headers.Add("Host", "shop.example");
  r.headers.Add("Date", FormatHttpDate(date));
  r.headers.Add("Content-Type", "application/activity+json");
  r.body = kActivity;
  return r;
}

HttpRequest ActorGet(int64_t date = kNow) {
  HttpRequest r;
  r.method = "GET";
  r.target = "/users/shop?page=1";
  r.headers.Add("Host", "shop.example");
  r.headers.Add("Date", FormatHttpDate(date));
  r.headers.Add("Accept", "application/activity+json");
  return r;
}

HttpRequest CavagePost(int64_t date = kNow) {
  HttpRequest r = InboxPost(date);
  REQUIRE(SignRequestCavage(&r, kKeyId, RsaPriv().get()).ok());
  return r;
}

HttpRequest Rfc9421Post(int64_t created = kNow) {
  HttpRequest r = InboxPost(created);
  Rfc9421SignOptions options;
  options.created = created;
  REQUIRE(SignRequestRfc9421(&r, kKeyId, RsaPriv().get(), options).ok());
  return r;
}

Result<VerifiedSignature> Verify(const HttpRequest& r, OneKey& keys, int64_t now = kNow,
                                 const VerificationPolicy& policy = {}) {
  FixedClock clock(now);
  return VerifyRequest(r, keys.resolver, policy, clock);
}

std::string Refusal(const HttpRequest& r, OneKey& keys, int64_t now = kNow,
                    const VerificationPolicy& policy = {}) {
  auto v = Verify(r, keys, now, policy);
  if (v.ok()) return "accepted";
  CHECK(v.error().code == ErrorCode::kUnauthorized);
  CHECK(v.error().http_status() == 401);
  return v.error().message;
}

// Replaces the cavage Signature header with one signed by `priv` over `sig` (headers etc. set).
void Resign(HttpRequest* r, CavageSignature sig, const EVP_PKEY* priv) {
  REQUIRE(SignCavage(*r, priv, &sig).ok());
  r->headers.Set("Signature", *FormatCavageSignature(sig));
}

}  // namespace

TEST_CASE("verify: a Mastodon-style cavage POST") {
  HttpRequest r = CavagePost();
  CHECK(r.headers.Get("Digest") == ComputeDigestHeader(kActivity));
  OneKey keys{RsaPub()};
  auto v = Verify(r, keys);
  REQUIRE_MESSAGE(v.ok(), v.error().ToLogString());
  CHECK(v->key_id == kKeyId);
  CHECK(v->owner_id == kOwner);
  CHECK(v->scheme == SignatureScheme::kCavage);
  CHECK(v->algorithm == SignatureAlgorithm::kRsaV15Sha256);
  CHECK(v->algorithm_name == "rsa-sha256");
  CHECK(v->covered ==
        std::vector<std::string>{"(request-target)", "host", "date", "digest", "content-type"});
  CHECK(v->created == kNow);
  CHECK(v->label.empty());
  CHECK(v->query_in_target);
  CHECK(keys.calls == 1);
}

TEST_CASE("verify: a signed GET (authorized fetch) and Authorization: Signature") {
  HttpRequest r = ActorGet();
  REQUIRE(SignRequestCavage(&r, kKeyId, RsaPriv().get()).ok());
  CHECK_FALSE(r.headers.Has("Digest"));
  OneKey keys{RsaPub()};
  CHECK(Refusal(r, keys) == "accepted");

  HttpRequest auth = r;
  auth.headers.Add("Authorization", "Signature " + std::string(*r.headers.Get("Signature")));
  auth.headers.Remove("Signature");
  CHECK(Refusal(auth, keys) == "accepted");
}

TEST_CASE("verify: RFC 9421 round trips for every algorithm") {
  struct Case {
    std::string priv, pub;
    SignatureAlgorithm algorithm;
  };
  const Case cases[] = {
      {"rfc9421/test-key-rsa-priv.pem", "rfc9421/test-key-rsa-pub.pem",
       SignatureAlgorithm::kRsaV15Sha256},
      {"rfc9421/test-key-rsa-priv.pem", "rfc9421/test-key-rsa-pub.pem",
       SignatureAlgorithm::kRsaPssSha512},
      {"rfc9421/test-key-rsa-pss-priv.pem", "rfc9421/test-key-rsa-pss-pub.pem",
       SignatureAlgorithm::kRsaPssSha512},
      {"rfc9421/test-key-ecc-p256-priv.pem", "rfc9421/test-key-ecc-p256-pub.pem",
       SignatureAlgorithm::kEcdsaP256Sha256},
      {"rfc9421/test-key-ed25519-priv.pem", "rfc9421/test-key-ed25519-pub.pem",
       SignatureAlgorithm::kEd25519},
  };
  for (const Case& c : cases) {
    for (bool split : {false, true}) {
      for (bool post : {true, false}) {
        CAPTURE(AlgorithmName(c.algorithm));
        CAPTURE(split);
        CAPTURE(post);
        HttpRequest r = post ? InboxPost() : ActorGet();
        Rfc9421SignOptions options;
        options.created = kNow;
        options.algorithm = c.algorithm;
        options.split_target_uri = split;
        REQUIRE(SignRequestRfc9421(&r, kKeyId, PrivateKeyFromVector(c.priv).get(), options).ok());
        OneKey keys{PublicKeyFromVector(c.pub)};
        auto v = Verify(r, keys);
        REQUIRE_MESSAGE(v.ok(), v.error().ToLogString());
        CHECK(v->scheme == SignatureScheme::kRfc9421);
        CHECK(v->algorithm == c.algorithm);
        CHECK(v->label == "sig1");
        CHECK(v->algorithm_name == AlgorithmName(c.algorithm));
      }
    }
  }
  // hmac-sha256 only when the policy allows shared secrets.
  HttpRequest r = InboxPost();
  Rfc9421SignOptions options;
  options.created = kNow;
  REQUIRE(SignRequestRfc9421(&r, kKeyId, RfcSharedSecret().get(), options).ok());
  OneKey keys{RfcSharedSecret()};
  CHECK(Refusal(r, keys) == "unsupported signature algorithm");
  VerificationPolicy allow;
  allow.allow_hmac = true;
  CHECK(Refusal(r, keys, kNow, allow) == "accepted");
}

TEST_CASE("verify: the time window, edges included (cavage Date and RFC 9421 created)") {
  OneKey keys{RsaPub()};
  for (bool rfc : {false, true}) {
    CAPTURE(rfc);
    auto signed_at = [&](int64_t t) { return rfc ? Rfc9421Post(t) : CavagePost(t); };
    CHECK(Refusal(signed_at(kNow), keys) == "accepted");
    CHECK(Refusal(signed_at(kNow - 65 * kMinute), keys) == "accepted");
    CHECK(Refusal(signed_at(kNow - 65 * kMinute - 1), keys) == "signature expired");
    CHECK(Refusal(signed_at(kNow + 60 * kMinute), keys) == "accepted");
    CHECK(Refusal(signed_at(kNow + 60 * kMinute + 1), keys) == "signature created in the future");
    CHECK(Refusal(signed_at(kNow - 30 * 24 * kHour), keys) == "signature expired");
  }
  // The window is checked before any key lookup.
  keys.calls = 0;
  (void)Verify(CavagePost(kNow - 2 * kHour), keys);
  CHECK(keys.calls == 0);
}

TEST_CASE("verify: expires is honoured and capped at created + 12 h") {
  VerificationPolicy policy;
  CHECK(CheckSignatureTime(kNow - 2 * kHour, kNow + kHour, kNow, policy).ok());  // extends
  CHECK_FALSE(CheckSignatureTime(kNow - 2 * kHour, std::nullopt, kNow, policy).ok());
  // expires in the past beyond the skew: refused even though created is recent.
  CHECK(
      CheckSignatureTime(kNow - 70 * kMinute, kNow - 65 * kMinute, kNow, policy).error().message ==
      "signature expired");
  // Capped: created 14 h ago with expires in 10 h → treated as created + 12 h, 2 h ago.
  CHECK(CheckSignatureTime(kNow - 14 * kHour, kNow + 10 * kHour, kNow, policy).error().message ==
        "signature expired");
  CHECK(CheckSignatureTime(kNow - 12 * kHour - kHour, kNow + kHour, kNow, policy).ok());  // edge
  CHECK_FALSE(CheckSignatureTime(kNow - 12 * kHour - kHour - 1, kNow + kHour, kNow, policy).ok());

  OneKey keys{RsaPub()};
  // RFC 9421 expires through VerifyRequest.
  for (auto [created, expires, ok] : {std::tuple{kNow - 3 * kHour, kNow + kHour, true},
                                      std::tuple{kNow - 14 * kHour, kNow + 10 * kHour, false}}) {
    HttpRequest r = InboxPost(created);
    Rfc9421SignOptions options;
    options.created = created;
    options.expires = expires;
    REQUIRE(SignRequestRfc9421(&r, kKeyId, RsaPriv().get(), options).ok());
    r.headers.Set("Date", FormatHttpDate(kNow));  // Date is not what RFC 9421 checks
    CHECK(Refusal(r, keys) == (ok ? "accepted" : "signature expired"));
  }

  // Cavage: (expires) counts only when signed (hs2019); an unsigned expires is ignored.
  PkeyPtr priv = RsaPriv();
  HttpRequest r = InboxPost(kNow - 3 * kHour);
  r.headers.Set("Digest", ComputeDigestHeader(r.body));
  CavageSignature sig;
  sig.key_id = kKeyId;
  sig.algorithm = "hs2019";
  sig.created = kNow - 3 * kHour;
  sig.expires = kNow + kHour;
  sig.headers = {"(request-target)", "host", "(created)", "(expires)", "digest"};
  Resign(&r, sig, priv.get());
  CHECK(Refusal(r, keys) == "accepted");
  sig.headers = {"(request-target)", "host", "date", "digest"};  // expires sent, not signed
  Resign(&r, sig, priv.get());
  CHECK(Refusal(r, keys) == "signature expired");
}

TEST_CASE("verify: cavage required components (PROTOCOL.md §4)") {
  OneKey keys{RsaPub()};
  PkeyPtr priv = RsaPriv();
  auto post_covering = [&](std::vector<std::string> headers) {
    HttpRequest r = InboxPost();
    REQUIRE(SignRequestCavage(&r, kKeyId, priv.get(), std::move(headers)).ok());
    return r;
  };
  CHECK(Refusal(post_covering({"(request-target)", "host", "digest"}), keys) ==
        "Date or (created) not signed");
  CHECK(Refusal(post_covering({"host", "date", "content-type"}), keys) ==
        "(request-target) not signed");
  CHECK(Refusal(post_covering({"(request-target)", "host", "date"}), keys) == "digest not signed");
  // digest without (request-target) is Mastodon's other accepted form.
  CHECK(Refusal(post_covering({"host", "date", "digest"}), keys) == "accepted");

  HttpRequest get = ActorGet();
  REQUIRE(SignRequestCavage(&get, kKeyId, priv.get(), {"(request-target)", "date"}).ok());
  CHECK(Refusal(get, keys) == "host not signed");

  // The Digest header must be there and match.
  HttpRequest no_digest = CavagePost();
  no_digest.headers.Remove("Digest");
  CHECK(Refusal(no_digest, keys) == "Digest header missing");
  HttpRequest wrong = CavagePost();
  wrong.body += " ";
  CHECK(Refusal(wrong, keys) == "digest mismatch");
  HttpRequest md5 = CavagePost();
  md5.headers.Set("Digest", "MD5=Sd/dVLAcvNLSq16eXua5uQ==");
  CHECK(Refusal(md5, keys) == "unsupported digest algorithm");
  // Digest checked before the key is fetched.
  keys.calls = 0;
  (void)Verify(wrong, keys);
  CHECK(keys.calls == 0);
}

TEST_CASE("verify: RFC 9421 required components (PROTOCOL.md §4)") {
  OneKey keys{RsaPub()};
  PkeyPtr priv = RsaPriv();
  auto post_with = [&](std::vector<const char*> components, bool created = true,
                       bool keyid = true) {
    HttpRequest r = InboxPost();
    r.headers.Set("Content-Digest", ComputeContentDigest(r.body));
    sf::InnerList input;
    for (const char* c : components) input.items.push_back(ComponentId(c));
    if (created) input.params.emplace_back("created", sf::BareItem::Integer(kNow));
    if (keyid) input.params.emplace_back("keyid", sf::BareItem::String(kKeyId));
    REQUIRE(SignRfc9421(&r, "sig1", input, SignatureAlgorithm::kRsaV15Sha256, priv.get()).ok());
    return r;
  };
  CHECK(Refusal(post_with({"@method", "@target-uri", "content-digest"}), keys) == "accepted");
  CHECK(Refusal(post_with({"@method", "@authority", "@path", "content-digest"}), keys) ==
        "accepted");
  CHECK(Refusal(post_with({"@target-uri", "content-digest"}), keys) == "@method not signed");
  CHECK(Refusal(post_with({"@method", "@authority", "content-digest"}), keys) ==
        "@target-uri (or @authority and @path) not signed");
  CHECK(Refusal(post_with({"@method", "@path", "content-digest"}), keys) ==
        "@target-uri (or @authority and @path) not signed");
  CHECK(Refusal(post_with({"@method", "@target-uri"}), keys) == "content-digest not signed");
  CHECK(Refusal(post_with({"@method", "@target-uri", "content-digest"}, false), keys) ==
        "created missing");
  CHECK(Refusal(post_with({"@method", "@target-uri", "content-digest"}, true, false), keys) ==
        "keyid missing");

  HttpRequest wrong = Rfc9421Post();
  wrong.body[2] = 'X';
  CHECK(Refusal(wrong, keys) == "content digest mismatch");
  HttpRequest missing = Rfc9421Post();
  missing.headers.Remove("Content-Digest");
  CHECK(Refusal(missing, keys) == "Content-Digest header missing");
  // A GET needs no digest.
  HttpRequest get = ActorGet();
  Rfc9421SignOptions options;
  options.created = kNow;
  REQUIRE(SignRequestRfc9421(&get, kKeyId, priv.get(), options).ok());
  CHECK_FALSE(get.headers.Has("Content-Digest"));
  CHECK(Refusal(get, keys) == "accepted");
}

TEST_CASE("verify: tampering is refused") {
  OneKey keys{RsaPub()};
  PkeyPtr priv = RsaPriv();
  for (bool rfc : {false, true}) {
    CAPTURE(rfc);
    auto fresh = [&] { return rfc ? Rfc9421Post() : CavagePost(); };
    CHECK(Refusal(fresh(), keys) == "accepted");

    HttpRequest header = fresh();
    header.headers.Set("Content-Type", "application/json");
    CHECK(Refusal(header, keys) == "signature does not verify");

    HttpRequest host = fresh();
    host.headers.Set("Host", "evil.example");
    CHECK(Refusal(host, keys) == "signature does not verify");

    HttpRequest path = fresh();
    path.target = "/users/other/inbox";
    CHECK(Refusal(path, keys) == "signature does not verify");

    HttpRequest method = fresh();
    method.method = "PUT";
    CHECK(Refusal(method, keys) == "signature does not verify");

    HttpRequest date = fresh();
    date.headers.Set("Date", FormatHttpDate(kNow - 1));
    CHECK(Refusal(date, keys) ==
          (rfc ? "accepted" : "signature does not verify"));  // RFC: not covered

    // Body byte with a recomputed digest: the digest header is signed.
    HttpRequest body = fresh();
    body.body[5] = 'Y';
    body.headers.Set(rfc ? "Content-Digest" : "Digest",
                     rfc ? ComputeContentDigest(body.body) : ComputeDigestHeader(body.body));
    CHECK(Refusal(body, keys) == "signature does not verify");

    HttpRequest flipped = fresh();
    if (rfc) {
      auto sigs = ParseRfc9421Signatures(flipped.headers);
      std::string bytes = (*sigs)[0].signature;
      bytes[10] ^= 0x01;
      flipped.headers.Set("Signature", "sig1=:" + Base64Encode(bytes) + ":");
    } else {
      auto sig = *CavageSignatureFromRequest(flipped);
      sig.signature[10] ^= 0x01;
      flipped.headers.Set("Signature", *FormatCavageSignature(sig));
    }
    CHECK(Refusal(flipped, keys) == "signature does not verify");
  }

  // Component order: the same components in another order are another signature.
  HttpRequest reordered = CavagePost();
  {
    auto sig = *CavageSignatureFromRequest(reordered);
    std::swap(sig.headers[1], sig.headers[2]);
    reordered.headers.Set("Signature", *FormatCavageSignature(sig));
  }
  CHECK(Refusal(reordered, keys) == "signature does not verify");
  HttpRequest reordered9421 = Rfc9421Post();
  {
    std::string input(*reordered9421.headers.Get("Signature-Input"));
    const std::string order = "\"@method\" \"@target-uri\"";
    size_t a = input.find(order);
    REQUIRE(a != std::string::npos);
    input.replace(a, order.size(), "\"@target-uri\" \"@method\"");
    reordered9421.headers.Set("Signature-Input", input);
  }
  CHECK(Refusal(reordered9421, keys) == "signature does not verify");
}

TEST_CASE("verify: algorithm confusion") {
  PkeyPtr rsa_pub = RsaPub();
  OneKey keys{RsaPub()};

  // hmac-sha256 keyed with the signer's public key PEM (the classic JWT-style attack).
  std::string pem = ReadVector("rfc9421/test-key-rsa-pub.pem") + "\n";
  HttpRequest r = InboxPost();
  Rfc9421SignOptions options;
  options.created = kNow;
  REQUIRE(SignRequestRfc9421(&r, kKeyId, HmacKeyFromSecret(pem)->get(), options).ok());
  CHECK(r.headers.Get("Signature-Input")->find("alg=\"hmac-sha256\"") != std::string_view::npos);
  CHECK(Refusal(r, keys) == "algorithm does not match key");
  VerificationPolicy allow;
  allow.allow_hmac = true;
  CHECK(Refusal(r, keys, kNow, allow) == "algorithm does not match key");

  // A v1.5 signature labelled rsa-pss-sha512, and a PSS one labelled rsa-v1_5-sha256.
  for (auto [signed_with, claimed] :
       {std::pair{SignatureAlgorithm::kRsaV15Sha256, "rsa-pss-sha512"},
        std::pair{SignatureAlgorithm::kRsaPssSha512, "rsa-v1_5-sha256"}}) {
    HttpRequest x = InboxPost();
    Rfc9421SignOptions o;
    o.created = kNow;
    o.algorithm = signed_with;
    REQUIRE(SignRequestRfc9421(&x, kKeyId, RsaPriv().get(), o).ok());
    std::string input(*x.headers.Get("Signature-Input"));
    std::string from = "alg=\"" + std::string(AlgorithmName(signed_with)) + "\"";
    input.replace(input.find(from), from.size(), "alg=\"" + std::string(claimed) + "\"");
    x.headers.Set("Signature-Input", input);
    CHECK(Refusal(x, keys) == "signature does not verify");
  }

  // ed25519 claimed with an RSA key; an unknown alg.
  HttpRequest ed = InboxPost();
  Rfc9421SignOptions eo;
  eo.created = kNow;
  REQUIRE(SignRequestRfc9421(&ed, kKeyId,
                             PrivateKeyFromVector("rfc9421/test-key-ed25519-priv.pem").get(), eo)
              .ok());
  CHECK(Refusal(ed, keys) == "algorithm does not match key");
  HttpRequest none = Rfc9421Post();
  std::string input(*none.headers.Get("Signature-Input"));
  input.replace(input.find("rsa-v1_5-sha256"), 15, "none");
  none.headers.Set("Signature-Input", input);
  CHECK(Refusal(none, keys) == "unsupported signature algorithm");

  // Cavage: rsa-sha256 with an Ed25519 key, and hmac-sha256 at all.
  OneKey ed_keys{PublicKeyFromVector("rfc9421/test-key-ed25519-pub.pem")};
  HttpRequest c = CavagePost();
  CHECK(Refusal(c, ed_keys) == "algorithm does not match key");
  HttpRequest hmac = CavagePost();
  auto sig = *CavageSignatureFromRequest(hmac);
  sig.algorithm = "hmac-sha256";
  hmac.headers.Set("Signature", *FormatCavageSignature(sig));
  CHECK(Refusal(hmac, keys) == "unsupported signature algorithm");
}

TEST_CASE("verify: hs2019 from GoToSocial-like senders, RSA and Ed25519") {
  for (bool ed : {false, true}) {
    CAPTURE(ed);
    PkeyPtr priv = ed ? PrivateKeyFromVector("rfc9421/test-key-ed25519-priv.pem") : RsaPriv();
    OneKey keys{ed ? PublicKeyFromVector("rfc9421/test-key-ed25519-pub.pem") : RsaPub()};
    HttpRequest r = InboxPost();
    r.headers.Set("Digest", ComputeDigestHeader(r.body));
    CavageSignature sig;
    sig.key_id = kKeyId;
    sig.algorithm = "hs2019";
    sig.headers = {"(request-target)", "host", "date", "digest"};
    Resign(&r, sig, priv.get());
    auto v = Verify(r, keys);
    REQUIRE_MESSAGE(v.ok(), v.error().ToLogString());
    CHECK(v->algorithm_name == "hs2019");
    CHECK(v->algorithm == (ed ? SignatureAlgorithm::kEd25519 : SignatureAlgorithm::kRsaV15Sha256));
  }
}

TEST_CASE("verify: query in (request-target), with then without") {
  OneKey keys{RsaPub()};
  PkeyPtr priv = RsaPriv();
  // Mastodon: the query is signed.
  HttpRequest mastodon = ActorGet();
  REQUIRE(SignRequestCavage(&mastodon, kKeyId, priv.get()).ok());
  auto m = Verify(mastodon, keys);
  REQUIRE(m.ok());
  CHECK(m->query_in_target);
  // Fedify: signed the path only.
  HttpRequest fedify = ActorGet();
  fedify.target = "/users/shop";
  REQUIRE(SignRequestCavage(&fedify, kKeyId, priv.get()).ok());
  fedify.target = "/users/shop?page=1";
  auto f = Verify(fedify, keys);
  REQUIRE_MESSAGE(f.ok(), f.error().ToLogString());
  CHECK_FALSE(f->query_in_target);
  VerificationPolicy strict;
  strict.cavage_retry_without_query = false;
  CHECK(Refusal(fedify, keys, kNow, strict) == "signature does not verify");
}

TEST_CASE("verify: a cached key that fails is refreshed once") {
  PkeyPtr rsa_pub = RsaPub();
  PkeyPtr stale = PublicKeyFromPem(TestRsaKeyPair().public_pem).value();
  int calls = 0;
  std::vector<bool> forced;
  FunctionKeyResolver rotating([&](const std::string&, bool force) -> Result<ResolvedKey> {
    ++calls;
    forced.push_back(force);
    if (!force) return ResolvedKey{SharePkey(stale.get()), kOwner, /*from_cache=*/true};
    return ResolvedKey{SharePkey(rsa_pub.get()), kOwner, false};
  });
  FixedClock clock(kNow);
  auto v = VerifyRequest(CavagePost(), rotating, {}, clock);
  REQUIRE_MESSAGE(v.ok(), v.error().ToLogString());
  CHECK(calls == 2);
  CHECK(forced == std::vector<bool>{false, true});

  // A fresh (not cached) key that fails is not fetched again.
  calls = 0;
  FunctionKeyResolver fresh_wrong([&](const std::string&, bool) -> Result<ResolvedKey> {
    ++calls;
    return ResolvedKey{SharePkey(stale.get()), kOwner, false};
  });
  CHECK(VerifyRequest(CavagePost(), fresh_wrong, {}, clock).error().message ==
        "signature does not verify");
  CHECK(calls == 1);

  // The refresh fails: the first reason is reported.
  FunctionKeyResolver refresh_fails([&](const std::string&, bool force) -> Result<ResolvedKey> {
    if (force) return MakeError(ErrorCode::kUnavailable, "peer unavailable");
    return ResolvedKey{SharePkey(stale.get()), kOwner, true};
  });
  CHECK(VerifyRequest(CavagePost(), refresh_fails, {}, clock).error().message ==
        "signature does not verify");

  // Resolver errors pass through (a 503 stays a 503).
  FunctionKeyResolver down([&](const std::string&, bool) -> Result<ResolvedKey> {
    return MakeError(ErrorCode::kUnavailable, "key fetch failed");
  });
  auto d = VerifyRequest(CavagePost(), down, {}, clock);
  REQUIRE_FALSE(d.ok());
  CHECK(d.error().code == ErrorCode::kUnavailable);
}

TEST_CASE("verify: weak RSA keys are refused") {
  PkeyPtr weak_priv = PrivateKeyFromVector("cavage/test-key-priv.pem");  // 1024 bits
  OneKey keys{PublicKeyFromVector("cavage/test-key-pub.pem")};
  HttpRequest r = InboxPost();
  REQUIRE(SignRequestCavage(&r, kKeyId, weak_priv.get()).ok());
  CHECK(Refusal(r, keys) == "key too weak");
  VerificationPolicy lenient;
  lenient.min_rsa_bits = 1024;
  CHECK(Refusal(r, keys, kNow, lenient) == "accepted");
}

TEST_CASE("verify: several RFC 9421 signatures, chosen by label") {
  PkeyPtr ed_priv = PrivateKeyFromVector("rfc9421/test-key-ed25519-priv.pem");
  PkeyPtr ed_pub = PublicKeyFromVector("rfc9421/test-key-ed25519-pub.pem");
  PkeyPtr rsa_pub = RsaPub();
  HttpRequest r = InboxPost();
  // "weak" covers too little for the policy; "full" is a proper signature by another key.
  sf::InnerList weak;
  weak.items = {ComponentId("@method")};
  weak.params = {{"created", sf::BareItem::Integer(kNow)},
                 {"keyid", sf::BareItem::String("ed-key")}};
  REQUIRE(SignRfc9421(&r, "weak", weak, SignatureAlgorithm::kEd25519, ed_priv.get()).ok());
  Rfc9421SignOptions options;
  options.created = kNow;
  options.label = "full";
  REQUIRE(SignRequestRfc9421(&r, kKeyId, RsaPriv().get(), options).ok());
  CHECK(r.headers.GetAll("Signature-Input").size() == 1);  // one dictionary, two members

  FunctionKeyResolver keys([&](const std::string& key_id, bool) -> Result<ResolvedKey> {
    if (key_id == kKeyId) return ResolvedKey{SharePkey(rsa_pub.get()), kOwner, false};
    if (key_id == "ed-key") return ResolvedKey{SharePkey(ed_pub.get()), "https://e/x", false};
    return MakeError(ErrorCode::kUnauthorized, "key not found");
  });
  FixedClock clock(kNow);
  VerificationPolicy policy;
  // No label: the first one that meets the rules.
  auto any = VerifyRequest(r, keys, policy, clock);
  REQUIRE_MESSAGE(any.ok(), any.error().ToLogString());
  CHECK(any->label == "full");
  CHECK(any->owner_id == kOwner);
  // By label.
  policy.rfc9421_label = "full";
  CHECK(VerifyRequest(r, keys, policy, clock)->label == "full");
  policy.rfc9421_label = "weak";
  CHECK(VerifyRequest(r, keys, policy, clock).error().message ==
        "@target-uri (or @authority and @path) not signed");
  policy.rfc9421_label = "missing";
  CHECK(VerifyRequest(r, keys, policy, clock).error().message == "signature label not found");
}

TEST_CASE("verify: scheme detection and policy switches") {
  OneKey keys{RsaPub()};
  CHECK(Refusal(InboxPost(), keys) == "request is not signed");
  VerificationPolicy no_cavage;
  no_cavage.accept_cavage = false;
  CHECK(Refusal(CavagePost(), keys, kNow, no_cavage) == "draft-cavage signatures not accepted");
  VerificationPolicy no_rfc;
  no_rfc.accept_rfc9421 = false;
  CHECK(Refusal(Rfc9421Post(), keys, kNow, no_rfc) == "RFC 9421 signatures not accepted");
  // Signature-Input wins: a request with both is judged as RFC 9421.
  HttpRequest both = Rfc9421Post();
  CHECK(Refusal(both, keys) == "accepted");
  HttpRequest garbage = InboxPost();
  garbage.headers.Add("Signature", "this is not a signature");
  CHECK(Refusal(garbage, keys) == "malformed Signature header");
  HttpRequest bad_date = CavagePost();
  bad_date.headers.Set("Date", "yesterday");
  CHECK(Refusal(bad_date, keys) == "Date header invalid");
  HttpRequest unknown_key = CavagePost();
  auto sig = *CavageSignatureFromRequest(unknown_key);
  sig.key_id = "https://elsewhere.example/key";
  unknown_key.headers.Set("Signature", *FormatCavageSignature(sig));
  CHECK(Refusal(unknown_key, keys) == "key not found");
}
