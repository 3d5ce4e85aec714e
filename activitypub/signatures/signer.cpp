#include "activitypub/signatures/signer.h"

#include "activitypub/signatures/cavage.h"
#include "activitypub/signatures/digest.h"
#include "activitypub/signatures/rfc9421.h"
#include "src/common/url.h"

namespace cornerstore::activitypub {
namespace {

bool HasBody(const HttpRequest& request) {
  return request.method == "POST" || !request.body.empty();
}

Error Invalid(std::string message, std::string detail = {}) {
  return MakeError(ErrorCode::kInvalidInput, std::move(message), std::move(detail));
}

}  // namespace

std::vector<std::string> DefaultCavageHeaders(const HttpRequest& request) {
  std::vector<std::string> headers = {"(request-target)", "host", "date"};
  if (HasBody(request)) {
    headers.push_back("digest");
    if (request.headers.Has("Content-Type")) headers.push_back("content-type");
  }
  return headers;
}

Status SignRequestCavage(HttpRequest* request, std::string_view key_id, const EVP_PKEY* private_key,
                         std::vector<std::string> covered) {
  if (covered.empty()) covered = DefaultCavageHeaders(*request);
  for (std::string& h : covered) h = ToLower(h);
  if (HasBody(*request)) request->headers.Set("Digest", ComputeDigestHeader(request->body));

  CavageSignature sig;
  sig.key_id = std::string(key_id);
  switch (TypeOfKey(private_key)) {
    case KeyType::kRsa:
      sig.algorithm = "rsa-sha256";
      break;
    case KeyType::kEd25519:
      sig.algorithm = "hs2019";
      break;
    default:
      return Invalid("key type cannot sign draft-cavage signatures");
  }
  sig.headers = std::move(covered);
  sig.headers_present = true;
  CS_RETURN_IF_ERROR(SignCavage(*request, private_key, &sig));
  CS_ASSIGN_OR_RETURN(std::string value, FormatCavageSignature(sig));
  request->headers.Set("Signature", std::move(value));
  return OkStatus();
}

Status SignRequestRfc9421(HttpRequest* request, std::string_view key_id,
                          const EVP_PKEY* private_key, const Rfc9421SignOptions& options) {
  SignatureAlgorithm algorithm;
  if (options.algorithm) {
    algorithm = *options.algorithm;
  } else {
    switch (TypeOfKey(private_key)) {
      case KeyType::kRsa:
        algorithm = SignatureAlgorithm::kRsaV15Sha256;
        break;
      case KeyType::kRsaPss:
        algorithm = SignatureAlgorithm::kRsaPssSha512;
        break;
      case KeyType::kEcP256:
        algorithm = SignatureAlgorithm::kEcdsaP256Sha256;
        break;
      case KeyType::kEd25519:
        algorithm = SignatureAlgorithm::kEd25519;
        break;
      case KeyType::kHmac:
        algorithm = SignatureAlgorithm::kHmacSha256;
        break;
      default:
        return Invalid("key type cannot sign RFC 9421 signatures");
    }
  }
  if (!KeyFitsAlgorithm(algorithm, private_key)) {
    return Invalid("algorithm does not match key", std::string(AlgorithmName(algorithm)));
  }

  sf::InnerList input;
  input.items.push_back(ComponentId("@method"));
  if (options.split_target_uri) {
    input.items.push_back(ComponentId("@authority"));
    input.items.push_back(ComponentId("@path"));
    input.items.push_back(ComponentId("@query"));
  } else {
    input.items.push_back(ComponentId("@target-uri"));
  }
  if (HasBody(*request)) {
    request->headers.Set("Content-Digest", ComputeContentDigest(request->body));
    input.items.push_back(ComponentId("content-digest"));
  }
  if (request->headers.Has("Content-Type")) input.items.push_back(ComponentId("content-type"));
  for (const std::string& h : options.extra_headers) input.items.push_back(ComponentId(ToLower(h)));

  input.params.emplace_back("created", sf::BareItem::Integer(options.created));
  if (options.expires)
    input.params.emplace_back("expires", sf::BareItem::Integer(*options.expires));
  input.params.emplace_back("keyid", sf::BareItem::String(std::string(key_id)));
  if (options.include_alg) {
    input.params.emplace_back("alg", sf::BareItem::String(std::string(AlgorithmName(algorithm))));
  }
  if (!options.nonce.empty())
    input.params.emplace_back("nonce", sf::BareItem::String(options.nonce));
  if (!options.tag.empty()) input.params.emplace_back("tag", sf::BareItem::String(options.tag));

  return SignRfc9421(request, options.label, input, algorithm, private_key);
}

KeyStoreRequestSigner::KeyStoreRequestSigner(Lookup lookup, const Clock& clock)
    : lookup_(std::move(lookup)), clock_(clock) {}

Result<PkeyPtr> KeyStoreRequestSigner::KeyFor(const std::string& actor_id, const std::string& pem) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = cache_.find(actor_id);
    if (it != cache_.end() && it->second.pem == pem) return SharePkey(it->second.key.get());
  }
  // Parse outside the lock: RSA private key parsing is the slow part.
  CS_ASSIGN_OR_RETURN(PkeyPtr key, PrivateKeyFromPem(pem));
  PkeyPtr shared = SharePkey(key.get());
  std::lock_guard<std::mutex> lock(mu_);
  if (cache_.size() >= kMaxCachedKeys && cache_.find(actor_id) == cache_.end()) cache_.clear();
  cache_[actor_id] = CachedKey{pem, std::move(key)};
  return shared;
}

Status KeyStoreRequestSigner::Sign(const SigningIdentity& signer, SignatureScheme scheme,
                                   const std::string& url, HttpRequest* request) {
  auto parsed = ParseUrl(url);
  if (!parsed) return Invalid("cannot sign a request to an invalid URL", url);
  std::string target = parsed->Target();
  if (request->target.empty()) {
    request->target = target;
  } else if (request->target != target) {
    return Invalid("request target differs from the URL", request->target + " vs " + target);
  }
  request->scheme = parsed->scheme;
  // A retry may reuse a request signed before (perhaps with the other scheme).
  request->headers.Remove("Signature");
  request->headers.Remove("Signature-Input");
  if (!request->headers.Has("Host")) request->headers.Set("Host", parsed->Authority());
  int64_t now = clock_.NowUnix();
  if (!request->headers.Has("Date")) request->headers.Set("Date", FormatHttpDate(now));

  SigningKey signing;
  if (signer.carries_key()) {
    signing = SigningKey{signer.key_id, signer.private_key_pem};
  } else {
    CS_ASSIGN_OR_RETURN(signing, lookup_(signer.actor_id));
  }
  // Cached under the key id for a carried key: it may differ from what the lookup knows.
  const std::string& cache_key = signer.carries_key() ? signer.key_id : signer.actor_id;
  auto parsed_key = KeyFor(cache_key, signing.private_key_pem);
  if (!parsed_key.ok()) {
    // The PEM must not leave here: keep the error's face, name the key id instead.
    Error error = parsed_key.take_error();
    error.detail = "signing key " + signing.key_id + " cannot be read";
    return error;
  }
  PkeyPtr key = std::move(parsed_key).value();
  if (!key) return MakeError(ErrorCode::kInternal, "could not share a cached key");

  if (scheme == SignatureScheme::kCavage) {
    return SignRequestCavage(request, signing.key_id, key.get());
  }
  Rfc9421SignOptions options;
  options.created = now;
  return SignRequestRfc9421(request, signing.key_id, key.get(), options);
}

}  // namespace cornerstore::activitypub
