#include <doctest/doctest.h>

#include <string>

#include "activitypub/signatures/digest.h"

using namespace cornerstore;
using namespace cornerstore::activitypub;

namespace {
const std::string kBody = R"({"hello": "world"})";  // RFC 9421 B.2 and draft-cavage C body
}

TEST_CASE("digest: Digest header matches draft-cavage Appendix C") {
  CHECK(ComputeDigestHeader(kBody) == "SHA-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=");
  CHECK(VerifyDigestHeader("SHA-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=", kBody).ok());
  CHECK(VerifyDigestHeader("sha-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=", kBody).ok());
  CHECK(VerifyDigestHeader(ComputeDigestHeader(kBody, DigestAlgorithm::kSha512), kBody).ok());
}

TEST_CASE("digest: Content-Digest matches RFC 9421 B.2 (sha-512) and RFC 9530 (sha-256)") {
  CHECK(ComputeContentDigest(kBody, DigestAlgorithm::kSha512) ==
        "sha-512=:WZDPaVn/"
        "7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:");
  CHECK(ComputeContentDigest(kBody) == "sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:");
  CHECK(VerifyContentDigest(ComputeContentDigest(kBody), kBody).ok());
  CHECK(VerifyContentDigest(
            "sha-512=:WZDPaVn/"
            "7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:",
            kBody)
            .ok());
  // Both present: both must match.
  std::string both =
      ComputeContentDigest(kBody) + ", " + ComputeContentDigest(kBody, DigestAlgorithm::kSha512);
  CHECK(VerifyContentDigest(both, kBody).ok());
  // Unknown algorithms are ignored next to a known one.
  CHECK(VerifyContentDigest("md5=:AAAA:, " + ComputeContentDigest(kBody), kBody).ok());
}

TEST_CASE("digest: one changed body byte is a mismatch") {
  std::string tampered = kBody;
  tampered[3] = 'H';
  auto d = VerifyDigestHeader(ComputeDigestHeader(kBody), tampered);
  REQUIRE_FALSE(d.ok());
  CHECK(d.error().code == ErrorCode::kUnauthorized);
  CHECK(d.error().message == "digest mismatch");
  auto c = VerifyContentDigest(ComputeContentDigest(kBody), tampered);
  REQUIRE_FALSE(c.ok());
  CHECK(c.error().message == "content digest mismatch");
  // A trailing newline is a different body.
  CHECK_FALSE(VerifyDigestHeader(ComputeDigestHeader(kBody), kBody + "\n").ok());
  // One good and one bad digest: refused.
  std::string mixed =
      ComputeContentDigest(kBody) + ", " + ComputeContentDigest(tampered, DigestAlgorithm::kSha512);
  CHECK_FALSE(VerifyContentDigest(mixed, kBody).ok());
}

TEST_CASE("digest: unsupported or malformed values are refused") {
  CHECK(VerifyDigestHeader("MD5=Sd/dVLAcvNLSq16eXua5uQ==", kBody).error().message ==
        "unsupported digest algorithm");
  CHECK(VerifyDigestHeader("", kBody).error().message == "unsupported digest algorithm");
  CHECK(VerifyDigestHeader("SHA-256", kBody).error().message == "malformed Digest header");
  CHECK(VerifyDigestHeader("SHA-256=not base64!", kBody).error().message ==
        "malformed Digest header");
  CHECK(VerifyDigestHeader("SHA-256=", kBody).error().message == "digest mismatch");
  CHECK(VerifyContentDigest("sha-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=", kBody)
            .error()
            .message == "malformed Content-Digest header");  // a token, not a byte sequence
  CHECK(VerifyContentDigest("sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:, "
                            "sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:",
                            kBody)
            .error()
            .message == "malformed Content-Digest header");  // repeated key
  CHECK(VerifyContentDigest("md5=:AAAA:", kBody).error().message == "unsupported digest algorithm");
  CHECK_FALSE(VerifyContentDigest("sha-256=(:AAAA:)", kBody).ok());
  CHECK_FALSE(VerifyContentDigest("garbage here", kBody).ok());
}

TEST_CASE("digest: empty body has a digest too") {
  CHECK(ComputeDigestHeader("") == "SHA-256=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
  CHECK(VerifyContentDigest(ComputeContentDigest(""), "").ok());
}
