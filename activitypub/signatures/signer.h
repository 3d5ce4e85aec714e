// Signing outgoing requests: draft-cavage as Mastodon signs (PROTOCOL.md §4), RFC 9421 for hosts
// that ask for it, and KeyStoreRequestSigner, the RequestSigner (src/common/request_signer.h) the
// outbound client uses.
//
// The free functions are pure over the request and key. KeyStoreRequestSigner owns a cache of
// parsed private keys and is thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "activitypub/keys.h"
#include "activitypub/signatures/algorithms.h"
#include "src/common/clock.h"
#include "src/common/http_message.h"
#include "src/common/request_signer.h"
#include "src/common/result.h"

namespace cornerstore::activitypub {

// What a cavage signature covers by default: "(request-target) host date digest content-type" for
// a POST or any request with a body (content-type only when present), else
// "(request-target) host date".
std::vector<std::string> DefaultCavageHeaders(const HttpRequest& request);

// Adds `Digest: SHA-256=…` (for a POST or a body) and a `Signature` header:
// keyId="<key_id>",algorithm="rsa-sha256" (RSA keys; "hs2019" for Ed25519),
// headers="<covered>",signature="…". `covered` empty means DefaultCavageHeaders. The request's
// target, Host, Date and body must be final. kInvalidInput if a covered header is missing or the
// key type cannot sign cavage.
Status SignRequestCavage(HttpRequest* request, std::string_view key_id, const EVP_PKEY* private_key,
                         std::vector<std::string> covered = {});

struct Rfc9421SignOptions {
  std::string label = "sig1";
  int64_t created = 0;                          // required: Unix seconds
  std::optional<int64_t> expires;               // omitted when unset
  std::optional<SignatureAlgorithm> algorithm;  // default: from the key type
  bool include_alg = true;                      // send the `alg` parameter
  // Cover "@authority" "@path" "@query" instead of "@target-uri".
  bool split_target_uri = false;
  std::string nonce;                       // omitted when empty
  std::string tag;                         // omitted when empty
  std::vector<std::string> extra_headers;  // further header fields to cover (lower case)
};

// Adds `Content-Digest: sha-256=:…:` (for a POST or a body) and Signature-Input/Signature under
// options.label, covering "@method" "@target-uri" (or "@authority" "@path" "@query")
// "content-digest" (when added) "content-type" (when present) and the extra headers, with
// parameters created, keyid, alg (and expires, nonce, tag when set). @target-uri uses
// request->scheme and the Host header.
Status SignRequestRfc9421(HttpRequest* request, std::string_view key_id,
                          const EVP_PKEY* private_key, const Rfc9421SignOptions& options);

// The signing identity of an actor: its key id ("{actor}#main-key") and private key PEM.
struct SigningKey {
  std::string key_id;
  std::string private_key_pem;
};

// RequestSigner over a lookup `actor_id → SigningKey` (empty actor_id: the instance actor).
//
// Sign() completes the request from `url` before signing: sets the target when empty (and
// refuses one that differs from the URL's, since the signed path must be the one sent), the Host
// header when absent, the scheme, and a Date from the clock when absent; drops Signature and
// Signature-Input left from an earlier attempt; then signs with the requested scheme (RFC 9421
// with label "sig1", created = now).
//
// A SigningIdentity that carries its key (a deleted account's Delete) is signed with that key
// and key id, without the lookup.
//
// Parsed keys are cached by actor; the lookup is called on every Sign() and a changed PEM (key
// rotation) is parsed again. The lookup must be thread-safe; the clock must outlive this object.
class KeyStoreRequestSigner final : public RequestSigner {
 public:
  using Lookup = std::function<Result<SigningKey>(const std::string& actor_id)>;

  KeyStoreRequestSigner(Lookup lookup, const Clock& clock);

  Status Sign(const SigningIdentity& signer, SignatureScheme scheme, const std::string& url,
              HttpRequest* request) override;

  // Keys cached at most: one per local actor in use; beyond it the cache starts over.
  static constexpr size_t kMaxCachedKeys = 1024;

 private:
  struct CachedKey {
    std::string pem;
    PkeyPtr key;
  };
  // Shares the cached key for `pem`, parsing it on a miss.
  Result<PkeyPtr> KeyFor(const std::string& actor_id, const std::string& pem);

  const Lookup lookup_;
  const Clock& clock_;

  std::mutex mu_;  // guards cache_
  std::unordered_map<std::string, CachedKey> cache_;
};

}  // namespace cornerstore::activitypub
