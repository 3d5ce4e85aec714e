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

class RequestSigner {
 public:
  virtual ~RequestSigner() = default;
  // Adds signature headers to `request` (whose target, headers and body are final) for the actor
  // `actor_id` (empty: the instance actor). `url` is the absolute URL the request goes to.
  virtual Status Sign(const std::string& actor_id, SignatureScheme scheme, const std::string& url,
                      HttpRequest* request) = 0;
};

}  // namespace cornerstore
