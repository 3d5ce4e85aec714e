// RequestSigner: signs one outbound HTTP request on behalf of an actor.
//
// The outbound client (src/server) builds the exact request it will put on the wire (method,
// target, Host, Date, Content-Type, body) and asks the signer to add the signature headers
// (Digest/Content-Digest, Signature, Signature-Input). The implementation lives in activitypub/
// (it owns keys and the signature formats); tests may use a fake.
// Implementations must be thread-safe.
#pragma once

#include <string>

#include "src/common/http_message.h"
#include "src/common/result.h"

namespace cornerstore {

enum class SignatureScheme {
  kCavage,   // draft-cavage-http-signatures-12, as Mastodon signs (rsa-sha256)
  kRfc9421,  // RFC 9421 HTTP Message Signatures
};

// Who signs a request: an actor whose key the signer looks up, or a key the caller carries.
struct SigningIdentity {
  std::string actor_id;  // empty: the instance actor
  // When both are set, sign with this key and key id and look nothing up: a deleted account's
  // last deliveries carry the key that has left the store (OutboundRequest, http_fetcher.h).
  // The PEM is a secret: never log it or put it in an error.
  std::string key_id{};
  std::string private_key_pem{};

  bool carries_key() const { return !key_id.empty() && !private_key_pem.empty(); }
};

class RequestSigner {
 public:
  virtual ~RequestSigner() = default;
  // Adds signature headers to `request` (whose target, headers and body are final) for
  // `signer`. `url` is the absolute URL the request goes to.
  virtual Status Sign(const SigningIdentity& signer, SignatureScheme scheme, const std::string& url,
                      HttpRequest* request) = 0;
};

}  // namespace cornerstore
