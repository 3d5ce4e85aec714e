// draft-cavage-http-signatures-12 Appendix C (data in tests/vectors/cavage), parsing, the
// signing string, hs2019 with RSA and Ed25519 keys, Authorization: Signature, and the query
// string in (request-target) with and without.
#include <doctest/doctest.h>

#include <string>

#include "activitypub/signatures/cavage.h"
#include "src/common/base64.h"
#include "tests/unit/signatures/vectors.h"

using namespace cornerstore;
using namespace cornerstore::activitypub;
using namespace cornerstore::testing;

namespace {

HttpRequest AppendixCRequest() { return RequestFromVector("cavage/test-request.http"); }

CavageSignature Parse(const std::string& value) {
  auto sig = ParseCavageSignature(value);
  REQUIRE_MESSAGE(sig.ok(), sig.error().ToLogString());
  return *sig;
}

}  // namespace

TEST_CASE("cavage C.1-C.3: signing strings and rsa-sha256 signatures, byte for byte") {
  HttpRequest req = AppendixCRequest();
  PkeyPtr pub = PublicKeyFromVector("cavage/test-key-pub.pem");
  PkeyPtr priv = PrivateKeyFromVector("cavage/test-key-priv.pem");
  for (const char* name : {"c1", "c2", "c3"}) {
    CAPTURE(name);
    std::string header = ReadVector(std::string("cavage/") + name + ".signature");
    CavageSignature sig = Parse(header);
    CHECK(sig.key_id == "Test");
    CHECK(sig.algorithm == "rsa-sha256");
    auto text = CavageSigningString(req, sig);
    REQUIRE(text.ok());
    CHECK(*text == ReadVector(std::string("cavage/") + name + ".signing-string"));
    auto verified = VerifyCavageSignature(req, sig, pub.get());
    REQUIRE_MESSAGE(verified.ok(), verified.error().ToLogString());
    CHECK(*verified == CavageQuery::kInclude);

    // Deterministic: signing again gives the published value.
    CavageSignature again = sig;
    again.signature.clear();
    REQUIRE(SignCavage(req, priv.get(), &again).ok());
    CHECK(again.signature == sig.signature);
    if (sig.headers_present) {
      CHECK(*FormatCavageSignature(again) == header);
    }
  }
}

TEST_CASE("cavage C.1: no headers parameter means date") {
  CavageSignature sig = Parse(ReadVector("cavage/c1.signature"));
  CHECK_FALSE(sig.headers_present);
  CHECK(sig.headers == std::vector<std::string>{"date"});
}

TEST_CASE("cavage C.3 as printed in -12 lists (created) (expires) its signature does not cover") {
  // draft-12 added created/expires to the C.3 header but kept the earlier signature value.
  std::string printed =
      "keyId=\"Test\",algorithm=\"rsa-sha256\",created=1402170695, expires=1402170699,"
      "headers=\"(request-target) (created) (expires) host date content-type digest "
      "content-length\",signature=\"" +
      Base64Encode(Parse(ReadVector("cavage/c3.signature")).signature) + "\"";
  CavageSignature sig = Parse(printed);
  CHECK(sig.created == 1402170695);
  CHECK(sig.expires == 1402170699);
  CHECK(sig.headers.size() == 8);
  // And (created) is not allowed with rsa-sha256 at all (§2.3, Mastodon).
  auto text = CavageSigningString(AppendixCRequest(), sig);
  REQUIRE_FALSE(text.ok());
  CHECK(text.error().message == "(created) not allowed with rsa-sha256");
  // Under hs2019 the string builds, and the published signature does not match it.
  sig.algorithm = "hs2019";
  auto hs = CavageSigningString(AppendixCRequest(), sig);
  REQUIRE(hs.ok());
  CHECK(hs->find("(created): 1402170695\n(expires): 1402170699\n") != std::string::npos);
  PkeyPtr pub = PublicKeyFromVector("cavage/test-key-pub.pem");
  CHECK_FALSE(VerifyCavageSignature(AppendixCRequest(), sig, pub.get()).ok());
}

TEST_CASE("cavage: parser details") {
  CavageSignature sig = Parse(
      R"(keyId="https://a.example/users/x#main-key", algorithm="RSA-SHA256" ,headers="(request-target)  Host date",signature="AAAA",created=1402170695.5,unknown="x")");
  CHECK(sig.key_id == "https://a.example/users/x#main-key");
  CHECK(sig.algorithm == "rsa-sha256");
  CHECK(sig.headers == std::vector<std::string>{"(request-target)", "host", "date"});
  CHECK(sig.created == 1402170695);
  CHECK(sig.signature == std::string(3, '\0'));
  // Commas inside quoted values.
  CHECK(Parse(R"(keyId="a,b",signature="AAAA")").key_id == "a,b");
  // Case-insensitive parameter names.
  CHECK(Parse(R"(KEYID="k",Signature="AAAA")").key_id == "k");

  auto bad = [](const char* v) {
    auto r = ParseCavageSignature(v);
    return !r.ok() && r.error().code == ErrorCode::kUnauthorized &&
           r.error().message == "malformed Signature header";
  };
  CHECK(bad(R"(signature="AAAA")"));                         // no keyId
  CHECK(bad(R"(keyId="k")"));                                // no signature
  CHECK(bad(R"(keyId="k",signature="AAA")"));                // bad base64
  CHECK(bad(R"(keyId="k",signature="")"));                   // empty signature
  CHECK(bad(R"(keyId="k",keyId="j",signature="AAAA")"));     // repeated
  CHECK(bad(R"(keyId="k",signature="AAAA",headers="")"));    // empty headers
  CHECK(bad(R"(keyId="k,signature="AAAA")"));                // unterminated quote
  CHECK(bad(R"(keyId="k" signature="AAAA")"));               // missing comma
  CHECK(bad(R"(keyId="k",signature="AAAA",created=soon)"));  // bad timestamp
  CHECK(bad(R"(keyId="k",signature="AAAA",created=-5)"));
  CHECK(bad("keyId=\"k\x01\",signature=\"AAAA\""));  // control character
  CHECK(bad(R"(keyId)"));
  CHECK(bad(""));
  std::string many = R"(keyId="k",signature="AAAA",headers=")";
  for (int i = 0; i < 40; ++i) many += "h" + std::to_string(i) + " ";
  many += "\"";
  CHECK(bad(many.c_str()));
  CHECK(bad(std::string(kMaxCavageHeaderBytes + 1, 'a').c_str()));
}

TEST_CASE("cavage: Signature or Authorization: Signature") {
  HttpRequest req = AppendixCRequest();
  CHECK_FALSE(HasCavageSignature(req));
  CHECK(CavageSignatureFromRequest(req).error().message == "request is not signed");
  std::string value = ReadVector("cavage/c2.signature");
  req.headers.Add("Authorization", "Signature " + value);
  CHECK(HasCavageSignature(req));
  auto sig = CavageSignatureFromRequest(req);
  REQUIRE(sig.ok());
  PkeyPtr pub = PublicKeyFromVector("cavage/test-key-pub.pem");
  CHECK(VerifyCavageSignature(req, *sig, pub.get()).ok());

  HttpRequest bearer = AppendixCRequest();
  bearer.headers.Add("Authorization", "Bearer abc");
  CHECK_FALSE(HasCavageSignature(bearer));

  HttpRequest twice = AppendixCRequest();
  twice.headers.Add("Signature", value);
  twice.headers.Add("Signature", value);
  CHECK_FALSE(CavageSignatureFromRequest(twice).ok());
}

TEST_CASE("cavage: signing string rules") {
  HttpRequest req = AppendixCRequest();
  CavageSignature sig =
      Parse(R"x(keyId="k",headers="(request-target) x-missing",signature="AAAA")x");
  CHECK(CavageSigningString(req, sig).error().message == "signed header missing: x-missing");
  sig = Parse(R"x(keyId="k",headers="(request-target) (unknown)",signature="AAAA")x");
  CHECK_FALSE(CavageSigningString(req, sig).ok());
  sig = Parse(R"x(keyId="k",algorithm="hs2019",headers="(created)",signature="AAAA")x");
  CHECK(CavageSigningString(req, sig).error().message ==
        "(created) signed but its parameter is missing");
  sig = Parse(R"x(keyId="k",headers="(request-target)",signature="AAAA")x");
  CHECK(*CavageSigningString(req, sig, CavageQuery::kExclude) == "(request-target): post /foo");
  // Repeated headers are joined with ", ", values trimmed.
  req.headers.Add("X-Multi", "  one ");
  req.headers.Add("X-Multi", "two");
  sig = Parse(R"(keyId="k",headers="x-multi",signature="AAAA")");
  CHECK(*CavageSigningString(req, sig) == "x-multi: one, two");
  req.headers.Add("X-Bad", "a\nb");
  sig = Parse(R"(keyId="k",headers="x-bad",signature="AAAA")");
  CHECK_FALSE(CavageSigningString(req, sig).ok());
}

TEST_CASE("cavage: hs2019 with RSA (v1.5 SHA-256) and with Ed25519 keys") {
  HttpRequest req = AppendixCRequest();
  for (bool ed : {false, true}) {
    CAPTURE(ed);
    const KeyPair& pair = ed ? TestEd25519KeyPair() : TestRsaKeyPair();
    PkeyPtr priv = PrivateKeyFromPem(pair.private_pem).value();
    PkeyPtr pub = PublicKeyFromPem(pair.public_pem).value();
    CavageSignature sig;
    sig.key_id = "k";
    sig.algorithm = "hs2019";
    sig.created = kCavageDate;
    sig.expires = kCavageDate + 300;
    sig.headers = {"(request-target)", "(created)", "(expires)", "host", "digest"};
    REQUIRE(SignCavage(req, priv.get(), &sig).ok());
    CHECK(sig.signature.size() == (ed ? 64u : 256u));
    auto header = FormatCavageSignature(sig);
    REQUIRE(header.ok());
    CavageSignature parsed = Parse(*header);
    CHECK(VerifyCavageSignature(req, parsed, pub.get()).ok());
    CHECK(*CavageAlgorithmForKey("hs2019", pub.get()) ==
          (ed ? SignatureAlgorithm::kEd25519 : SignatureAlgorithm::kRsaV15Sha256));
    CHECK(*CavageAlgorithmForKey("", pub.get()) ==
          (ed ? SignatureAlgorithm::kEd25519 : SignatureAlgorithm::kRsaV15Sha256));
    // A changed (created) breaks it.
    parsed.created = kCavageDate + 1;
    CHECK_FALSE(VerifyCavageSignature(req, parsed, pub.get()).ok());
  }
  PkeyPtr ed_pub = PublicKeyFromPem(TestEd25519KeyPair().public_pem).value();
  CHECK(CavageAlgorithmForKey("rsa-sha256", ed_pub.get()).error().message ==
        "algorithm does not match key");
  PkeyPtr ecc = PublicKeyFromVector("rfc9421/test-key-ecc-p256-pub.pem");
  CHECK(CavageAlgorithmForKey("hs2019", ecc.get()).error().message ==
        "algorithm does not match key");
  CHECK(CavageAlgorithmForKey("hmac-sha256", ed_pub.get()).error().message ==
        "unsupported signature algorithm");
}

TEST_CASE("cavage: query in (request-target) with, then without") {
  HttpRequest req = AppendixCRequest();  // POST /foo?param=value&pet=dog
  PkeyPtr priv = PrivateKeyFromVector("cavage/test-key-priv.pem");
  PkeyPtr pub = PublicKeyFromVector("cavage/test-key-pub.pem");

  // Mastodon: the query is in (request-target).
  CavageSignature mastodon = Parse(ReadVector("cavage/c2.signature"));
  CHECK(*VerifyCavageSignature(req, mastodon, pub.get()) == CavageQuery::kInclude);

  // Fedify: signed "post /foo" although the request carries a query.
  HttpRequest no_query = req;
  no_query.target = "/foo";
  CavageSignature fedify = mastodon;
  REQUIRE(SignCavage(no_query, priv.get(), &fedify).ok());
  auto v = VerifyCavageSignature(req, fedify, pub.get());
  REQUIRE(v.ok());
  CHECK(*v == CavageQuery::kExclude);
  CHECK_FALSE(VerifyCavageSignature(req, fedify, pub.get(), /*try_without_query=*/false).ok());

  // Signed without a query, sent with one that the signer never saw: still only the path
  // matches, so the query is unauthenticated; with a different path nothing verifies.
  HttpRequest other_path = req;
  other_path.target = "/bar?param=value&pet=dog";
  CHECK_FALSE(VerifyCavageSignature(other_path, fedify, pub.get()).ok());
  CHECK_FALSE(VerifyCavageSignature(other_path, mastodon, pub.get()).ok());
}
