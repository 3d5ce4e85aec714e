// Body digests for signed requests: the legacy `Digest` header (RFC 3230, as draft-cavage
// signers send it: "SHA-256=base64") and RFC 9530 `Content-Digest` (a structured-field
// dictionary: "sha-256=:base64:"). Both are checked against the exact body bytes received.
//
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "src/common/result.h"

namespace cornerstore::activitypub {

enum class DigestAlgorithm { kSha256, kSha512 };

// "SHA-256=<base64>" (or SHA-512) for the Digest header.
std::string ComputeDigestHeader(std::string_view body,
                                DigestAlgorithm algorithm = DigestAlgorithm::kSha256);
// "sha-256=:<base64>:" (or sha-512) for the Content-Digest header.
std::string ComputeContentDigest(std::string_view body,
                                 DigestAlgorithm algorithm = DigestAlgorithm::kSha256);

// Checks a Digest header value (several lines joined with ", "). Algorithm names compare
// case-insensitively; SHA-256 and SHA-512 are understood, others (MD5, SHA) are ignored. At least
// one understood digest must be present and every understood digest must match.
// Errors: kUnauthorized "digest mismatch" / "unsupported digest algorithm" / "malformed Digest
// header".
Status VerifyDigestHeader(std::string_view header_value, std::string_view body);

// Same rules for a Content-Digest value (keys "sha-256", "sha-512"; others ignored).
Status VerifyContentDigest(std::string_view header_value, std::string_view body);

}  // namespace cornerstore::activitypub
