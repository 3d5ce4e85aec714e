// draft-cavage-http-signatures-12: the `Signature` header (or `Authorization: Signature …`) that
// Mastodon, GoToSocial, Akkoma, Misskey and Fedify's fallback use.
//
// Parsing, the signing string (§2.3, in the order of `headers=`), signing and verifying with one
// key. Policy (which headers must be covered, time windows, digests, key lookup) lives in
// verifier.h; this file only answers "is this signature over these bytes valid for this key".
//
// Pure functions over plain values; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "activitypub/keys.h"
#include "activitypub/signatures/algorithms.h"
#include "src/common/http_message.h"
#include "src/common/result.h"

namespace cornerstore::activitypub {

// One parsed cavage signature.
struct CavageSignature {
  std::string key_id;
  std::string algorithm;             // lower case as sent ("rsa-sha256", "hs2019"); "" if absent
  std::vector<std::string> headers;  // lower case, in signing order; {"date"} when absent
  bool headers_present = false;      // whether `headers=` was sent
  std::optional<int64_t> created;    // the `created` parameter (seconds; fraction dropped)
  std::optional<int64_t> expires;    // the `expires` parameter (seconds; fraction dropped)
  std::string signature;             // decoded signature bytes

  bool Covers(std::string_view name) const;
};

// Limits on what a peer may send.
constexpr size_t kMaxCavageHeaderBytes = 8 * 1024;  // cpp-httplib's own header line limit
constexpr size_t kMaxCavageCoveredHeaders = 32;     // Fedify covers every header: ~15 in practice

// Parses a Signature header value (the parameter list; for Authorization, what follows
// "Signature "). Parameter names compare case-insensitively; unknown ones are ignored; repeats,
// a missing keyId or signature, bad base64 or an empty `headers` are kUnauthorized
// "malformed Signature header".
Result<CavageSignature> ParseCavageSignature(std::string_view value);

// True if the request carries `Signature` or `Authorization: Signature`.
bool HasCavageSignature(const HttpRequest& request);
// Parses the request's Signature header, else its Authorization: Signature header.
Result<CavageSignature> CavageSignatureFromRequest(const HttpRequest& request);

// Whether (request-target) carries the query string: Mastodon includes it, Fedify drops it.
enum class CavageQuery { kInclude, kExclude };

// The signing string (§2.3). Fails (kUnauthorized) when a covered header is missing, a value has
// a line break, or (created)/(expires) are covered without their parameter or with an algorithm
// other than hs2019 (§2.3: rsa-*, hmac-*, ecdsa-* must not use them; Mastodon agrees).
Result<std::string> CavageSigningString(const HttpRequest& request, const CavageSignature& sig,
                                        CavageQuery query = CavageQuery::kInclude);

// The algorithm that `algorithm` (as sent) means with this key: "rsa-sha256" needs an RSA key
// (PKCS#1 v1.5 SHA-256); "hs2019" or absent picks by key: RSA → v1.5 SHA-256 (what the fediverse
// means by hs2019), Ed25519 → Ed25519. Anything else is kUnauthorized.
Result<SignatureAlgorithm> CavageAlgorithmForKey(std::string_view algorithm, const EVP_PKEY* key);

// Verifies `sig` over `request` with `public_key`: with the query in (request-target) first,
// then, if that fails, the request has a query and `try_without_query` is set, without it.
// Returns the variant that verified. kUnauthorized "signature does not verify" otherwise.
Result<CavageQuery> VerifyCavageSignature(const HttpRequest& request, const CavageSignature& sig,
                                          const EVP_PKEY* public_key,
                                          bool try_without_query = true);

// Signs: computes the signing string for `sig` (key_id, algorithm, headers, created, expires set
// by the caller) and stores the signature bytes in sig->signature.
Status SignCavage(const HttpRequest& request, const EVP_PKEY* private_key, CavageSignature* sig);

// The header value, in Mastodon's order:
// keyId="…",algorithm="…",created=…,expires=…,headers="…",signature="…" (absent parts omitted).
// kInvalidInput if key_id or algorithm contain '"' or control characters.
Result<std::string> FormatCavageSignature(const CavageSignature& sig);

}  // namespace cornerstore::activitypub
