#include "activitypub/signatures/verifier.h"

#include <algorithm>
#include <optional>

#include "activitypub/signatures/cavage.h"
#include "activitypub/signatures/digest.h"
#include "activitypub/signatures/rfc9421.h"

namespace cornerstore::activitypub {
namespace {

Error Unauthorized(std::string message, std::string detail = {}) {
  return MakeError(ErrorCode::kUnauthorized, std::move(message), std::move(detail));
}

// A body must be bound to the signature by a digest on POST, and on any request with a body.
bool NeedsDigest(const HttpRequest& request) {
  return request.method == "POST" || !request.body.empty();
}

bool NeedsHost(const HttpRequest& request) {
  return request.method == "GET" || request.method == "HEAD";
}

// Policy checks on the key itself, after it fits the algorithm.
Status CheckKeyPolicy(const EVP_PKEY* key, const VerificationPolicy& policy) {
  KeyType type = TypeOfKey(key);
  if (type == KeyType::kHmac && !policy.allow_hmac) {
    return Unauthorized("unsupported signature algorithm", "hmac not allowed");
  }
  if ((type == KeyType::kRsa || type == KeyType::kRsaPss) && KeyBits(key) < policy.min_rsa_bits) {
    return Unauthorized("key too weak", std::to_string(KeyBits(key)) + " bits");
  }
  return OkStatus();
}

// Resolves the key and runs `verify` with it; on failure with a cached key, once more with a
// fresh one. `verify` returns an error for a key that does not fit or a bad signature.
template <typename VerifyFn>
Result<ResolvedKey> ResolveAndVerify(KeyResolver& keys, const std::string& key_id,
                                     const VerificationPolicy& policy, VerifyFn verify) {
  CS_ASSIGN_OR_RETURN(ResolvedKey resolved, keys.Resolve(key_id, /*force_refresh=*/false));
  if (!resolved.key) return Unauthorized("key not found", key_id);
  Status status = CheckKeyPolicy(resolved.key.get(), policy);
  if (status.ok()) status = verify(resolved.key.get());
  if (status.ok()) return resolved;
  if (!resolved.from_cache) return status.take_error();

  auto fresh = keys.Resolve(key_id, /*force_refresh=*/true);
  if (!fresh.ok() || !fresh->key) return status.take_error();  // the first reason is the useful one
  Status retry = CheckKeyPolicy(fresh->key.get(), policy);
  if (retry.ok()) retry = verify(fresh->key.get());
  if (!retry.ok()) return retry.take_error();
  return std::move(*fresh);
}

// ---- draft-cavage ----------------------------------------------------------------------------

Status CheckCavageRules(const HttpRequest& request, const CavageSignature& sig) {
  if (!sig.Covers("date") && !sig.Covers("(created)")) {
    return Unauthorized("Date or (created) not signed");
  }
  if (!sig.Covers("(request-target)") && !sig.Covers("digest")) {
    return Unauthorized("(request-target) not signed");
  }
  if (NeedsHost(request) && !sig.Covers("host")) return Unauthorized("host not signed");
  if (NeedsDigest(request) && !sig.Covers("digest")) return Unauthorized("digest not signed");
  return OkStatus();
}

// The signing time: (created) when signed, and Date when signed; both must be in the window.
Result<int64_t> CheckCavageTime(const HttpRequest& request, const CavageSignature& sig,
                                const VerificationPolicy& policy, int64_t now) {
  std::optional<int64_t> expires;
  if (sig.Covers("(expires)")) {
    if (!sig.expires) return Unauthorized("(expires) signed but its parameter is missing");
    expires = sig.expires;
  }
  std::optional<int64_t> created;
  if (sig.Covers("(created)")) {
    if (!sig.created) return Unauthorized("(created) signed but its parameter is missing");
    CS_RETURN_IF_ERROR(CheckSignatureTime(*sig.created, expires, now, policy));
    created = sig.created;
  }
  if (sig.Covers("date")) {
    auto dates = request.headers.GetAll("Date");
    int64_t date = 0;
    if (dates.size() != 1 || !ParseHttpDate(dates[0], &date)) {
      return Unauthorized("Date header invalid");
    }
    CS_RETURN_IF_ERROR(CheckSignatureTime(date, expires, now, policy));
    if (!created) created = date;
  }
  return *created;  // CheckCavageRules guarantees one of the two
}

Status CheckCavageDigest(const HttpRequest& request, const CavageSignature& sig) {
  auto digests = request.headers.GetAll("Digest");
  if (digests.empty()) {
    if (sig.Covers("digest") || NeedsDigest(request)) return Unauthorized("Digest header missing");
    return OkStatus();
  }
  std::string joined;
  for (size_t i = 0; i < digests.size(); ++i) {
    if (i > 0) joined += ", ";
    joined += digests[i];
  }
  return VerifyDigestHeader(joined, request.body);
}

Result<VerifiedSignature> VerifyCavage(const HttpRequest& request, KeyResolver& keys,
                                       const VerificationPolicy& policy, int64_t now) {
  CS_ASSIGN_OR_RETURN(CavageSignature sig, CavageSignatureFromRequest(request));
  CS_RETURN_IF_ERROR(CheckCavageRules(request, sig));
  CS_ASSIGN_OR_RETURN(int64_t created, CheckCavageTime(request, sig, policy, now));
  CS_RETURN_IF_ERROR(CheckCavageDigest(request, sig));
  // The signing string must be buildable before anyone fetches a key for it.
  {
    auto text = CavageSigningString(request, sig);
    if (!text.ok()) return text.take_error();
  }

  CavageQuery variant = CavageQuery::kInclude;
  SignatureAlgorithm algorithm = SignatureAlgorithm::kRsaV15Sha256;
  auto verify = [&](const EVP_PKEY* k) -> Status {
    CS_ASSIGN_OR_RETURN(algorithm, CavageAlgorithmForKey(sig.algorithm, k));
    CS_ASSIGN_OR_RETURN(variant,
                        VerifyCavageSignature(request, sig, k, policy.cavage_retry_without_query));
    return OkStatus();
  };
  CS_ASSIGN_OR_RETURN(ResolvedKey key, ResolveAndVerify(keys, sig.key_id, policy, verify));

  VerifiedSignature out;
  out.key_id = sig.key_id;
  out.owner_id = std::move(key.owner_id);
  out.scheme = SignatureScheme::kCavage;
  out.algorithm = algorithm;
  out.algorithm_name = sig.algorithm;
  out.covered = sig.headers;
  out.created = created;
  out.query_in_target = variant == CavageQuery::kInclude;
  return out;
}

// ---- RFC 9421 --------------------------------------------------------------------------------

Status CheckRfc9421Rules(const HttpRequest& request, const Rfc9421Signature& sig) {
  if (sig.keyid.empty()) return Unauthorized("keyid missing");
  if (!sig.created) return Unauthorized("created missing");
  if (!sig.Covers("@method")) return Unauthorized("@method not signed");
  if (!sig.Covers("@target-uri") && !(sig.Covers("@authority") && sig.Covers("@path"))) {
    return Unauthorized("@target-uri (or @authority and @path) not signed");
  }
  if (NeedsDigest(request) && !sig.Covers("content-digest")) {
    return Unauthorized("content-digest not signed");
  }
  return OkStatus();
}

Result<const Rfc9421Signature*> SelectRfc9421(const std::vector<Rfc9421Signature>& sigs,
                                              const HttpRequest& request,
                                              const VerificationPolicy& policy) {
  if (!policy.rfc9421_label.empty()) {
    for (const auto& s : sigs) {
      if (s.label == policy.rfc9421_label) return &s;
    }
    return Unauthorized("signature label not found", policy.rfc9421_label);
  }
  if (sigs.size() == 1) return &sigs[0];
  for (const auto& s : sigs) {
    if (CheckRfc9421Rules(request, s).ok()) return &s;
  }
  // None qualifies: report why the first one does not.
  return CheckRfc9421Rules(request, sigs[0]).take_error();
}

Result<VerifiedSignature> VerifyRfc9421(const HttpRequest& request, KeyResolver& keys,
                                        const VerificationPolicy& policy, int64_t now) {
  CS_ASSIGN_OR_RETURN(std::vector<Rfc9421Signature> sigs, ParseRfc9421Signatures(request.headers));
  CS_ASSIGN_OR_RETURN(const Rfc9421Signature* sig, SelectRfc9421(sigs, request, policy));
  CS_RETURN_IF_ERROR(CheckRfc9421Rules(request, *sig));
  CS_RETURN_IF_ERROR(CheckSignatureTime(*sig->created, sig->expires, now, policy));
  if (sig->Covers("content-digest") || NeedsDigest(request)) {
    auto digests = request.headers.GetAll("Content-Digest");
    if (digests.empty()) return Unauthorized("Content-Digest header missing");
    std::string joined;
    for (size_t i = 0; i < digests.size(); ++i) {
      if (i > 0) joined += ", ";
      joined += digests[i];
    }
    CS_RETURN_IF_ERROR(VerifyContentDigest(joined, request.body));
  }
  // The base must be buildable before anyone fetches a key for it.
  {
    auto base = SignatureBase(request, sig->input);
    if (!base.ok()) return base.take_error();
  }

  SignatureAlgorithm algorithm = SignatureAlgorithm::kRsaV15Sha256;
  auto verify = [&](const EVP_PKEY* k) -> Status {
    CS_ASSIGN_OR_RETURN(algorithm, VerifyRfc9421Signature(request, *sig, k));
    return OkStatus();
  };
  CS_ASSIGN_OR_RETURN(ResolvedKey key, ResolveAndVerify(keys, sig->keyid, policy, verify));

  VerifiedSignature out;
  out.key_id = sig->keyid;
  out.owner_id = std::move(key.owner_id);
  out.scheme = SignatureScheme::kRfc9421;
  out.algorithm = algorithm;
  out.algorithm_name = sig->alg.empty() ? std::string(AlgorithmName(algorithm)) : sig->alg;
  out.covered = sig->CoveredComponents();
  out.label = sig->label;
  out.created = *sig->created;
  return out;
}

}  // namespace

Status CheckSignatureTime(int64_t created, std::optional<int64_t> expires, int64_t now,
                          const VerificationPolicy& policy) {
  if (created > now + policy.clock_skew_seconds) {
    return Unauthorized("signature created in the future",
                        std::to_string(created - now) + " s ahead");
  }
  int64_t valid_until = expires ? *expires : created + policy.validity_seconds;
  valid_until = std::min(valid_until, created + policy.max_validity_seconds);
  if (now > valid_until + policy.clock_skew_seconds) {
    return Unauthorized("signature expired", std::to_string(now - valid_until) + " s past expiry");
  }
  return OkStatus();
}

Result<VerifiedSignature> VerifyRequest(const HttpRequest& request, KeyResolver& keys,
                                        const VerificationPolicy& policy, const Clock& clock) {
  int64_t now = clock.NowUnix();
  if (request.headers.Has("Signature-Input")) {
    if (!policy.accept_rfc9421) return Unauthorized("RFC 9421 signatures not accepted");
    return VerifyRfc9421(request, keys, policy, now);
  }
  if (HasCavageSignature(request)) {
    if (!policy.accept_cavage) return Unauthorized("draft-cavage signatures not accepted");
    return VerifyCavage(request, keys, policy, now);
  }
  return Unauthorized("request is not signed");
}

}  // namespace cornerstore::activitypub
