// RFC 9421 Appendix B.2 (with the B.1 keys), B.3, B.4 and the §4.3 multiple-signature example,
// from the data files in tests/vectors/rfc9421. Signature bases must match byte for byte; the
// deterministic algorithms (rsa-v1_5-sha256, ed25519, hmac-sha256) must reproduce the published
// signature; the randomized ones (rsa-pss-sha512, ecdsa-p256-sha256) must verify the published
// signature and round-trip our own.
#include <doctest/doctest.h>

#include <string>

#include "activitypub/signatures/rfc9421.h"
#include "activitypub/signatures/verifier.h"
#include "src/common/base64.h"
#include "tests/unit/signatures/vectors.h"

using namespace cornerstore;
using namespace cornerstore::activitypub;
using namespace cornerstore::testing;

namespace {

// The B.2 test request carrying the Signature-Input/Signature of vector `name` ("b21", …).
HttpRequest SignedTestRequest(const std::string& name) {
  HttpRequest r = RequestFromVector("rfc9421/test-request.http");
  r.headers.Add("Signature-Input", ReadVector("rfc9421/" + name + ".signature-input"));
  r.headers.Add("Signature", ReadVector("rfc9421/" + name + ".signature"));
  return r;
}

Rfc9421Signature OnlySignature(const HttpHeaders& headers) {
  auto sigs = ParseRfc9421Signatures(headers);
  REQUIRE_MESSAGE(sigs.ok(), sigs.error().ToLogString());
  REQUIRE(sigs->size() == 1);
  return (*sigs)[0];
}

// Signs a copy of the unsigned test request with the same input and returns it.
HttpRequest Resign(const Rfc9421Signature& sig, SignatureAlgorithm algorithm, const EVP_PKEY* key) {
  HttpRequest r = RequestFromVector("rfc9421/test-request.http");
  Status s = SignRfc9421(&r, sig.label, sig.input, algorithm, key);
  REQUIRE_MESSAGE(s.ok(), s.error().ToLogString());
  return r;
}

}  // namespace

TEST_CASE("RFC 9421 B.2: test messages carry correct Content-Digest values") {
  HttpRequest req = RequestFromVector("rfc9421/test-request.http");
  CHECK(req.body == R"({"hello": "world"})");
  HttpResponse resp = ResponseFromVector("rfc9421/test-response.http");
  CHECK(resp.body == R"({"message": "good dog"})");
  CHECK(resp.status == 200);
}

TEST_CASE("RFC 9421 B.2.1: minimal signature using rsa-pss-sha512") {
  HttpRequest req = SignedTestRequest("b21");
  Rfc9421Signature sig = OnlySignature(req.headers);
  CHECK(sig.label == "sig-b21");
  CHECK(sig.keyid == "test-key-rsa-pss");
  CHECK(sig.nonce == "b3k2pp5k7z-50gnwp.yemd");
  CHECK(sig.created == kRfcCreated);
  auto base = SignatureBase(req, sig.input);
  REQUIRE(base.ok());
  CHECK(*base == ReadVector("rfc9421/b21.base"));

  // PSS with a key of type rsaEncryption: `alg` is absent, so the caller names the algorithm.
  PkeyPtr pub = PublicKeyFromVector("rfc9421/test-key-rsa-pss-pub.pem");
  CHECK(VerifyBytes(SignatureAlgorithm::kRsaPssSha512, pub.get(), *base, sig.signature).ok());
  // With the PSS-typed private key, the algorithm follows from the key.
  PkeyPtr priv = PrivateKeyFromVector("rfc9421/test-key-rsa-pss-priv.pem");
  CHECK(*Rfc9421AlgorithmForKey(sig, priv.get()) == SignatureAlgorithm::kRsaPssSha512);

  HttpRequest ours = Resign(sig, SignatureAlgorithm::kRsaPssSha512, priv.get());
  CHECK(*ours.headers.Get("Signature-Input") == ReadVector("rfc9421/b21.signature-input"));
  Rfc9421Signature mine = OnlySignature(ours.headers);
  CHECK(VerifyBytes(SignatureAlgorithm::kRsaPssSha512, pub.get(), *base, mine.signature).ok());
}

TEST_CASE("RFC 9421 B.2.2: selective covered components using rsa-pss-sha512") {
  HttpRequest req = SignedTestRequest("b22");
  Rfc9421Signature sig = OnlySignature(req.headers);
  CHECK(sig.tag == "header-example");
  auto base = SignatureBase(req, sig.input);
  REQUIRE(base.ok());
  CHECK(*base == ReadVector("rfc9421/b22.base"));
  PkeyPtr pub = PublicKeyFromVector("rfc9421/test-key-rsa-pss-pub.pem");
  CHECK(VerifyBytes(SignatureAlgorithm::kRsaPssSha512, pub.get(), *base, sig.signature).ok());

  PkeyPtr priv = PrivateKeyFromVector("rfc9421/test-key-rsa-pss-priv.pem");
  HttpRequest ours = Resign(sig, SignatureAlgorithm::kRsaPssSha512, priv.get());
  CHECK(*ours.headers.Get("Signature-Input") == ReadVector("rfc9421/b22.signature-input"));
  CHECK(VerifyBytes(SignatureAlgorithm::kRsaPssSha512, pub.get(), *base,
                    OnlySignature(ours.headers).signature)
            .ok());
}

TEST_CASE("RFC 9421 B.2.3: full coverage using rsa-pss-sha512") {
  HttpRequest req = SignedTestRequest("b23");
  Rfc9421Signature sig = OnlySignature(req.headers);
  auto base = SignatureBase(req, sig.input);
  REQUIRE(base.ok());
  CHECK(*base == ReadVector("rfc9421/b23.base"));
  PkeyPtr pub = PublicKeyFromVector("rfc9421/test-key-rsa-pss-pub.pem");
  CHECK(VerifyBytes(SignatureAlgorithm::kRsaPssSha512, pub.get(), *base, sig.signature).ok());
  PkeyPtr priv = PrivateKeyFromVector("rfc9421/test-key-rsa-pss-priv.pem");
  HttpRequest ours = Resign(sig, SignatureAlgorithm::kRsaPssSha512, priv.get());
  CHECK(VerifyBytes(SignatureAlgorithm::kRsaPssSha512, pub.get(), *base,
                    OnlySignature(ours.headers).signature)
            .ok());
}

TEST_CASE("RFC 9421 B.2.4: signing a response using ecdsa-p256-sha256") {
  HttpResponse resp = ResponseFromVector("rfc9421/test-response.http");
  resp.headers.Add("Signature-Input", ReadVector("rfc9421/b24.signature-input"));
  resp.headers.Add("Signature", ReadVector("rfc9421/b24.signature"));
  Rfc9421Signature sig = OnlySignature(resp.headers);
  auto base = SignatureBase(resp, sig.input);
  REQUIRE(base.ok());
  CHECK(*base == ReadVector("rfc9421/b24.base"));
  PkeyPtr pub = PublicKeyFromVector("rfc9421/test-key-ecc-p256-pub.pem");
  auto verified = VerifyRfc9421Signature(resp, sig, pub.get());
  REQUIRE_MESSAGE(verified.ok(), verified.error().ToLogString());
  CHECK(*verified == SignatureAlgorithm::kEcdsaP256Sha256);

  PkeyPtr priv = PrivateKeyFromVector("rfc9421/test-key-ecc-p256-priv.pem");
  auto ours = SignBytes(SignatureAlgorithm::kEcdsaP256Sha256, priv.get(), *base);
  REQUIRE(ours.ok());
  CHECK(ours->size() == 64);
  CHECK(VerifyBytes(SignatureAlgorithm::kEcdsaP256Sha256, pub.get(), *base, *ours).ok());
}

TEST_CASE("RFC 9421 B.2.5: signing a request using hmac-sha256, byte for byte") {
  HttpRequest req = SignedTestRequest("b25");
  Rfc9421Signature sig = OnlySignature(req.headers);
  auto base = SignatureBase(req, sig.input);
  REQUIRE(base.ok());
  CHECK(*base == ReadVector("rfc9421/b25.base"));
  PkeyPtr secret = RfcSharedSecret();
  auto verified = VerifyRfc9421Signature(req, sig, secret.get());
  REQUIRE_MESSAGE(verified.ok(), verified.error().ToLogString());
  CHECK(*verified == SignatureAlgorithm::kHmacSha256);

  HttpRequest ours = Resign(sig, SignatureAlgorithm::kHmacSha256, secret.get());
  CHECK(*ours.headers.Get("Signature-Input") == ReadVector("rfc9421/b25.signature-input"));
  CHECK(*ours.headers.Get("Signature") == ReadVector("rfc9421/b25.signature"));
}

TEST_CASE("RFC 9421 B.2.6: signing a request using ed25519, byte for byte") {
  HttpRequest req = SignedTestRequest("b26");
  Rfc9421Signature sig = OnlySignature(req.headers);
  auto base = SignatureBase(req, sig.input);
  REQUIRE(base.ok());
  CHECK(*base == ReadVector("rfc9421/b26.base"));
  PkeyPtr pub = PublicKeyFromVector("rfc9421/test-key-ed25519-pub.pem");
  auto verified = VerifyRfc9421Signature(req, sig, pub.get());
  REQUIRE_MESSAGE(verified.ok(), verified.error().ToLogString());
  CHECK(*verified == SignatureAlgorithm::kEd25519);

  PkeyPtr priv = PrivateKeyFromVector("rfc9421/test-key-ed25519-priv.pem");
  HttpRequest ours = Resign(sig, SignatureAlgorithm::kEd25519, priv.get());
  CHECK(*ours.headers.Get("Signature-Input") == ReadVector("rfc9421/b26.signature-input"));
  CHECK(*ours.headers.Get("Signature") == ReadVector("rfc9421/b26.signature"));
}

TEST_CASE("RFC 9421 B.3: TLS-terminating proxy signature (ecdsa, client-cert)") {
  HttpRequest req = RequestFromVector("rfc9421/b3-proxied-request.http");
  req.headers.Add("Signature-Input", ReadVector("rfc9421/b3-ttrp.signature-input"));
  req.headers.Add("Signature", ReadVector("rfc9421/b3-ttrp.signature"));
  Rfc9421Signature sig = OnlySignature(req.headers);
  CHECK(sig.label == "ttrp");
  auto base = SignatureBase(req, sig.input);
  REQUIRE(base.ok());
  CHECK(*base == ReadVector("rfc9421/b3-ttrp.base"));
  PkeyPtr pub = PublicKeyFromVector("rfc9421/test-key-ecc-p256-pub.pem");
  CHECK(VerifyRfc9421Signature(req, sig, pub.get()).ok());
}

TEST_CASE("RFC 9421 B.4: transformations keep the ed25519 signature valid, byte for byte") {
  HttpRequest req = RequestFromVector("rfc9421/b4-transform-request.http");
  Rfc9421Signature sig = OnlySignature(req.headers);
  auto base = SignatureBase(req, sig.input);
  REQUIRE(base.ok());
  CHECK(*base == ReadVector("rfc9421/b4-transform.base"));
  PkeyPtr pub = PublicKeyFromVector("rfc9421/test-key-ed25519-pub.pem");
  CHECK(VerifyRfc9421Signature(req, sig, pub.get()).ok());
  PkeyPtr priv = PrivateKeyFromVector("rfc9421/test-key-ed25519-priv.pem");
  auto ours = SignBytes(SignatureAlgorithm::kEd25519, priv.get(), *base);
  REQUIRE(ours.ok());
  CHECK(*ours == sig.signature);

  // Allowed transformations (B.4): reordered headers, a different query, an added header.
  HttpRequest moved = req;
  moved.target = "/demo?name1=Value1&name2=value2&extra=1";
  moved.headers.Add("X-Added", "1");
  std::reverse(moved.headers.entries.begin(), moved.headers.entries.end());
  // Reversal swaps the two Accept lines, which changes "accept": put them back in order.
  HttpHeaders fixed;
  for (const auto& [k, v] : moved.headers.entries) {
    if (!EqualsIgnoreCase(k, "Accept")) fixed.Add(k, v);
  }
  fixed.Add("Accept", "application/json");
  fixed.Add("Accept", "*/*");
  moved.headers = fixed;
  CHECK(VerifyRfc9421Signature(moved, sig, pub.get()).ok());

  // Disallowed (B.4): another method, path, authority, or Accept order.
  HttpRequest post = req;
  post.method = "POST";
  CHECK_FALSE(VerifyRfc9421Signature(post, sig, pub.get()).ok());
  HttpRequest path = req;
  path.target = "/demo2?name1=Value1&Name2=value2";
  CHECK_FALSE(VerifyRfc9421Signature(path, sig, pub.get()).ok());
  HttpRequest host = req;
  host.headers.Set("Host", "example.com");
  CHECK_FALSE(VerifyRfc9421Signature(host, sig, pub.get()).ok());
  HttpRequest accept = req;
  accept.headers.Remove("Accept");
  accept.headers.Add("Accept", "*/*");
  accept.headers.Add("Accept", "application/json");
  CHECK_FALSE(VerifyRfc9421Signature(accept, sig, pub.get()).ok());
}

TEST_CASE("RFC 9421 §4.3: two signatures, the proxy's rsa-v1_5-sha256 one by label") {
  HttpRequest req = RequestFromVector("rfc9421/s43-proxied-request.http");
  auto sigs = ParseRfc9421Signatures(req.headers);
  REQUIRE(sigs.ok());
  REQUIRE(sigs->size() == 2);
  CHECK((*sigs)[0].label == "sig1");
  CHECK((*sigs)[1].label == "proxy_sig");
  const Rfc9421Signature& proxy = (*sigs)[1];
  CHECK(proxy.alg == "rsa-v1_5-sha256");
  CHECK(proxy.expires == 1618884540);
  auto base = SignatureBase(req, proxy.input);
  REQUIRE(base.ok());
  CHECK(*base == ReadVector("rfc9421/s43-proxy-sig.base"));

  PkeyPtr rsa_pub = PublicKeyFromVector("rfc9421/test-key-rsa-pub.pem");
  CHECK(VerifyRfc9421Signature(req, proxy, rsa_pub.get()).ok());
  // rsa-v1_5-sha256 is deterministic: the published signature, byte for byte.
  PkeyPtr rsa_priv = PrivateKeyFromVector("rfc9421/test-key-rsa-priv.pem");
  auto ours = SignBytes(SignatureAlgorithm::kRsaV15Sha256, rsa_priv.get(), *base);
  REQUIRE(ours.ok());
  CHECK(*ours == proxy.signature);
  CHECK("proxy_sig=:" + Base64Encode(*ours) + ":" == ReadVector("rfc9421/s43-proxy-sig.signature"));

  // The client's sig1 covered @authority example.com, before the proxy: valid on the original
  // request only.
  const Rfc9421Signature& client = (*sigs)[0];
  PkeyPtr ecc_pub = PublicKeyFromVector("rfc9421/test-key-ecc-p256-pub.pem");
  CHECK_FALSE(VerifyRfc9421Signature(req, client, ecc_pub.get()).ok());
  HttpRequest original = req;
  original.headers.Set("Host", "example.com");
  auto client_base = SignatureBase(original, client.input);
  REQUIRE(client_base.ok());
  CHECK(*client_base == ReadVector("rfc9421/s43-client-sig1.base"));
  CHECK(VerifyRfc9421Signature(original, client, ecc_pub.get()).ok());

  // Through the policy: ask for proxy_sig by label.
  VerificationPolicy policy;
  policy.rfc9421_label = "proxy_sig";
  policy.min_rsa_bits = 2048;
  FixedClock clock(1618884500);
  FunctionKeyResolver keys([&](const std::string& key_id, bool) -> Result<ResolvedKey> {
    if (key_id != "test-key-rsa") return MakeError(ErrorCode::kUnauthorized, "key not found");
    return ResolvedKey{SharePkey(rsa_pub.get()), "https://proxy.example/actor", false};
  });
  auto verified = VerifyRequest(req, keys, policy, clock);
  REQUIRE_MESSAGE(verified.ok(), verified.error().ToLogString());
  CHECK(verified->label == "proxy_sig");
  CHECK(verified->key_id == "test-key-rsa");
  CHECK(verified->algorithm == SignatureAlgorithm::kRsaV15Sha256);
  CHECK(verified->owner_id == "https://proxy.example/actor");
  // At its expiry plus the allowed clock skew, refused.
  clock.Set(1618884540 + VerificationPolicy::kDefaultClockSkewSeconds + 1);
  auto late = VerifyRequest(req, keys, policy, clock);
  REQUIRE_FALSE(late.ok());
  CHECK(late.error().message == "signature expired");
  // A label that is not there.
  policy.rfc9421_label = "nope";
  clock.Set(1618884500);
  CHECK(VerifyRequest(req, keys, policy, clock).error().message == "signature label not found");
}

TEST_CASE("RFC 9421 §2.2: derived components") {
  HttpRequest req;
  req.method = "POST";
  req.target = "/path?param=value";
  req.headers.Add("Host", "www.example.com");
  auto value = [&](const char* name) {
    auto v = ComponentValue(req, ComponentId(name));
    REQUIRE_MESSAGE(v.ok(), name);
    return *v;
  };
  CHECK(value("@method") == "POST");
  CHECK(value("@target-uri") == "https://www.example.com/path?param=value");
  CHECK(value("@authority") == "www.example.com");
  CHECK(value("@scheme") == "https");
  CHECK(value("@request-target") == "/path?param=value");
  CHECK(value("@path") == "/path");
  CHECK(value("@query") == "?param=value");

  req.target = "/path";
  CHECK(value("@query") == "?");
  req.headers.Set("Host", "WWW.Example.COM:443");
  CHECK(value("@authority") == "www.example.com");
  req.headers.Set("Host", "www.example.com:8443");
  CHECK(value("@authority") == "www.example.com:8443");
  req.scheme = "http";
  req.headers.Set("Host", "www.example.com:80");
  CHECK(value("@target-uri") == "http://www.example.com/path");

  CHECK_FALSE(ComponentValue(req, ComponentId("@status")).ok());
  CHECK_FALSE(ComponentValue(req, ComponentId("@unknown")).ok());
  CHECK_FALSE(ComponentValue(req, ComponentId("@signature-params")).ok());
  CHECK_FALSE(
      ComponentValue(req, ComponentId("@method", {{"req", sf::BareItem::Boolean(true)}})).ok());
  req.headers.Remove("Host");
  CHECK_FALSE(ComponentValue(req, ComponentId("@authority")).ok());
}

TEST_CASE("RFC 9421 §2.2.8: @query-param decodes and re-encodes") {
  HttpRequest req;
  req.method = "GET";
  req.headers.Add("Host", "example.com");
  req.target =
      "/path?param=value&foo=bar&baz=batman&qux=&var=this%20is%20a%20big%0Avalue"
      "&bar=with+plus+whitespace&fa%C3%A7ade%22%3A%20=something&dash=bat%2Dman";
  auto qp = [&](const char* name) {
    return ComponentValue(req, ComponentId("@query-param", {{"name", sf::BareItem::String(name)}}));
  };
  CHECK(*qp("baz") == "batman");
  CHECK(*qp("qux") == "");
  CHECK(*qp("var") == "this%20is%20a%20big%0Avalue");
  CHECK(*qp("bar") == "with%20plus%20whitespace");
  CHECK(*qp("fa%C3%A7ade%22%3A%20") == "something");
  CHECK(*qp("dash") == "bat-man");
  CHECK_FALSE(qp("missing").ok());
  CHECK_FALSE(ComponentValue(req, ComponentId("@query-param")).ok());
  req.target = "/path?a=1&a=2";
  CHECK(qp("a").error().message == "query parameter repeated: a");
  req.target = "/path?a=%zz";
  CHECK_FALSE(qp("a").ok());
}

TEST_CASE("RFC 9421 §2.1: header fields, sf, key and bs") {
  HttpRequest req;
  req.method = "GET";
  req.target = "/";
  req.headers.Add("Host", "www.example.com");
  req.headers.Add("X-OWS-Header", "   Leading and trailing whitespace.   ");
  req.headers.Add("Cache-Control", "max-age=60");
  req.headers.Add("Cache-Control", "   must-revalidate");
  req.headers.Add("Example-Dict", " a=1,    b=2;x=1;y=2,   c=(a   b   c), d");
  req.headers.Add("Example-Header", "value, with, lots");
  req.headers.Add("Example-Header", "of, commas");
  auto v = [&](std::string name, sf::Parameters p = {}) {
    return ComponentValue(req, ComponentId(std::move(name), std::move(p)));
  };
  CHECK(*v("x-ows-header") == "Leading and trailing whitespace.");
  CHECK(*v("cache-control") == "max-age=60, must-revalidate");
  CHECK(*v("example-dict") == "a=1,    b=2;x=1;y=2,   c=(a   b   c), d");
  CHECK(*v("example-dict", {{"sf", sf::BareItem::Boolean(true)}}) ==
        "a=1, b=2;x=1;y=2, c=(a b c), d");
  CHECK(*v("example-dict", {{"key", sf::BareItem::String("a")}}) == "1");
  CHECK(*v("example-dict", {{"key", sf::BareItem::String("b")}}) == "2;x=1;y=2");
  CHECK(*v("example-dict", {{"key", sf::BareItem::String("c")}}) == "(a b c)");
  CHECK(*v("example-dict", {{"key", sf::BareItem::String("d")}}) == "?1");
  CHECK_FALSE(v("example-dict", {{"key", sf::BareItem::String("zz")}}).ok());
  CHECK(*v("example-header", {{"bs", sf::BareItem::Boolean(true)}}) ==
        ":dmFsdWUsIHdpdGgsIGxvdHM=:, :b2YsIGNvbW1hcw==:");
  CHECK_FALSE(v("example-header", {{"sf", sf::BareItem::Boolean(true)}}).ok());  // unknown type
  CHECK_FALSE(v("example-header",
                {{"bs", sf::BareItem::Boolean(true)}, {"sf", sf::BareItem::Boolean(true)}})
                  .ok());
  CHECK_FALSE(v("example-header", {{"tr", sf::BareItem::Boolean(true)}}).ok());
  CHECK_FALSE(v("example-header", {{"zz", sf::BareItem::Boolean(true)}}).ok());
  CHECK_FALSE(v("Cache-Control").ok());  // component names are lower case
  CHECK(v("missing-header").error().message == "header missing: missing-header");

  req.headers.Add("X-Split", "a\r\nb");
  CHECK_FALSE(v("x-split").ok());
}

TEST_CASE("RFC 9421: signature base refuses repeated components and bad inputs") {
  HttpRequest req = RequestFromVector("rfc9421/test-request.http");
  sf::InnerList input;
  input.items = {ComponentId("@method"), ComponentId("@method")};
  CHECK(SignatureBase(req, input).error().message == "component covered twice");
  input.items = {ComponentId("@method"), ComponentId("@signature-params")};
  CHECK_FALSE(SignatureBase(req, input).ok());
  input.items = {sf::Item{sf::BareItem::Token("method"), {}}};
  CHECK_FALSE(SignatureBase(req, input).ok());
  // The same name with different parameters is two components.
  input.items = {ComponentId("@query-param", {{"name", sf::BareItem::String("param")}}),
                 ComponentId("@query-param", {{"name", sf::BareItem::String("Pet")}})};
  auto base = SignatureBase(req, input);
  REQUIRE(base.ok());
  CHECK(base->find("\"@query-param\";name=\"param\": Value\n") == 0);
}

TEST_CASE("RFC 9421: malformed Signature-Input and Signature headers") {
  auto parse = [](const char* input, const char* signature) {
    HttpHeaders h;
    h.Add("Signature-Input", input);
    h.Add("Signature", signature);
    return ParseRfc9421Signatures(h);
  };
  const char* good_sig = "sig1=:AAAA:";
  CHECK(parse(R"(sig1=("@method");created=1)", good_sig).ok());
  CHECK(parse(R"(sig1="@method";created=1)", good_sig).error().message ==
        "malformed Signature-Input header");
  CHECK(parse(R"(sig1=("@method";created=1)", good_sig).error().message ==
        "malformed Signature-Input header");
  CHECK(parse(R"(sig1=(@method);created=1)", good_sig).error().message ==
        "malformed Signature-Input header");  // component must be a string
  CHECK(parse(R"(sig1=("@method");created="1")", good_sig).error().message ==
        "malformed Signature-Input header");
  CHECK(parse(R"(sig1=("@method");keyid=1)", good_sig).error().message ==
        "malformed Signature-Input header");
  CHECK(parse(R"(sig1=("@method");created=1;created=2)", good_sig).error().message ==
        "malformed Signature-Input header");
  CHECK(parse(R"(sig1=("@method"), sig1=("@path"))", good_sig).error().message ==
        "malformed Signature-Input header");
  CHECK(parse(R"(sig1=("@method"))", "sig2=:AAAA:").error().message ==
        "signature label without signature value");
  CHECK(parse(R"(sig1=("@method"))", "sig1=AAAA").error().message == "malformed Signature header");
  CHECK(parse(R"(sig1=("@method"))", "sig1=::").error().message == "malformed Signature header");
  CHECK(parse(R"(sig1=("@method"))", "sig1=:AAAA").error().message == "malformed Signature header");
  CHECK(parse(R"(sig1=("@method"))", "sig1=:AA AA:").error().message ==
        "malformed Signature header");
  CHECK(parse("", good_sig).error().message == "request is not signed");

  // Several lines of each header are one dictionary.
  HttpHeaders two;
  two.Add("Signature-Input", R"(a=("@method"))");
  two.Add("Signature-Input", R"(b=("@path"))");
  two.Add("Signature", "a=:AAAA:");
  two.Add("Signature", "b=:BBBB:");
  auto both = ParseRfc9421Signatures(two);
  REQUIRE(both.ok());
  CHECK(both->size() == 2);
}

TEST_CASE("RFC 9421: SignRfc9421 appends to existing signatures and refuses a taken label") {
  HttpRequest req = SignedTestRequest("b26");
  PkeyPtr secret = RfcSharedSecret();
  sf::InnerList input;
  input.items = {ComponentId("@method")};
  input.params = {{"created", sf::BareItem::Integer(kRfcCreated)}};
  REQUIRE(SignRfc9421(&req, "second", input, SignatureAlgorithm::kHmacSha256, secret.get()).ok());
  auto sigs = ParseRfc9421Signatures(req.headers);
  REQUIRE(sigs.ok());
  REQUIRE(sigs->size() == 2);
  CHECK((*sigs)[1].label == "second");
  PkeyPtr ed = PublicKeyFromVector("rfc9421/test-key-ed25519-pub.pem");
  CHECK(VerifyRfc9421Signature(req, (*sigs)[0], ed.get()).ok());
  CHECK(VerifyRfc9421Signature(req, (*sigs)[1], secret.get()).ok());
  CHECK_FALSE(
      SignRfc9421(&req, "second", input, SignatureAlgorithm::kHmacSha256, secret.get()).ok());
  CHECK_FALSE(
      SignRfc9421(&req, "Bad Label", input, SignatureAlgorithm::kHmacSha256, secret.get()).ok());
}
