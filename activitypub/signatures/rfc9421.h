// RFC 9421 HTTP Message Signatures: `Signature-Input` + `Signature` (structured-field
// dictionaries keyed by label), component values (§2.1 fields with sf/key/bs, §2.2 derived
// components), the signature base (§2.5), signing and verifying one labelled signature with one
// key.
//
// Policy (required components, time windows, digests, key lookup) lives in verifier.h.
// @authority is taken from the Host header and @scheme from HttpRequest::scheme. The `req` and
// `tr` component parameters (request-response binding, trailers) are not supported: a signature
// that uses them fails with a clear error.
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
#include "activitypub/signatures/structured_fields.h"
#include "src/common/http_message.h"
#include "src/common/result.h"

namespace cornerstore::activitypub {

// One signature: its Signature-Input member and its Signature bytes.
struct Rfc9421Signature {
  std::string label;
  sf::InnerList input;    // covered components and metadata parameters, as received
  std::string signature;  // decoded bytes

  // Metadata parameters (§2.3), decoded from `input.params`.
  std::optional<int64_t> created;
  std::optional<int64_t> expires;
  std::string keyid;  // "" if absent
  std::string alg;    // "" if absent
  std::string nonce;  // "" if absent
  std::string tag;    // "" if absent

  // True if a covered component has this name (with any parameters).
  bool Covers(std::string_view name) const;
  // Covered component identifiers as serialized: "@method", "@query-param;name=\"Pet\"".
  std::vector<std::string> CoveredComponents() const;
};

// Parses every labelled signature of Signature-Input and Signature (several lines of each are
// joined). Errors are kUnauthorized: "malformed Signature-Input header", "malformed Signature
// header", "signature label without signature value" and the like. Duplicate labels or
// parameters are refused, not overwritten.
Result<std::vector<Rfc9421Signature>> ParseRfc9421Signatures(const HttpHeaders& headers);

// A component identifier for building a signature: `name` is "@method", "content-type", …
sf::Item ComponentId(std::string name, sf::Parameters params = {});

// The value of one component (§2.1, §2.2). kUnauthorized with the reason ("header missing:
// date", "unsupported component parameter", …) when there is none.
Result<std::string> ComponentValue(const HttpRequest& request, const sf::Item& component);
Result<std::string> ComponentValue(const HttpResponse& response, const sf::Item& component);

// The signature base (§2.5): one line per covered component, then "@signature-params" with the
// canonical serialization of `input`. Refuses repeated components and @signature-params as a
// component.
Result<std::string> SignatureBase(const HttpRequest& request, const sf::InnerList& input);
Result<std::string> SignatureBase(const HttpResponse& response, const sf::InnerList& input);

// The algorithm of `sig` with `key`: its `alg` (which must fit the key), else by key type (RSA →
// rsa-v1_5-sha256, RSA-PSS → rsa-pss-sha512, P-256 → ecdsa-p256-sha256, Ed25519 → ed25519,
// HMAC secret → hmac-sha256). kUnauthorized "unsupported signature algorithm" or "algorithm does
// not match key".
Result<SignatureAlgorithm> Rfc9421AlgorithmForKey(const Rfc9421Signature& sig, const EVP_PKEY* key);

// Verifies `sig` over the message with `key`. Returns the algorithm used.
Result<SignatureAlgorithm> VerifyRfc9421Signature(const HttpRequest& request,
                                                  const Rfc9421Signature& sig, const EVP_PKEY* key);
Result<SignatureAlgorithm> VerifyRfc9421Signature(const HttpResponse& response,
                                                  const Rfc9421Signature& sig, const EVP_PKEY* key);

// Signs `request` over `input` (components plus metadata parameters, already set by the caller)
// under `label`, and appends the member to Signature-Input and Signature (other signatures stay).
// kInvalidInput if the label is taken or a component has no value.
Status SignRfc9421(HttpRequest* request, std::string_view label, const sf::InnerList& input,
                   SignatureAlgorithm algorithm, const EVP_PKEY* private_key);

}  // namespace cornerstore::activitypub
