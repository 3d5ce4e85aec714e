// HttpFetcher: the one door to remote servers (WebFinger lookups, actor and key fetches,
// delivery). Production: src/server's signed, SSRF-guarded client over cpp-httplib. Tests:
// tests/fakes/fake_http_fetcher.h routes by URL and records what was sent.
//
// Implementations must be thread-safe: delivery workers and inbox workers share one.
#pragma once

#include <cstddef>
#include <string>

#include "src/common/http_message.h"
#include "src/common/result.h"

namespace cornerstore {

// Named limits for one outbound request (PROTOCOL.md §8).
struct FetchLimits {
  int connect_timeout_ms = 5'000;       // a host that cannot accept in 5 s is down
  int read_timeout_ms = 10'000;         // silence longer than this between bytes is a hang
  int total_timeout_ms = 30'000;        // whole request, redirects included
  size_t max_response_bytes = 1 << 20;  // after decoding; matches our inbound limit
  int max_redirects = 3;                // more is a loop or an attack
};

// How the request should be signed (the fetcher owns keys via a KeyStore-like signer).
struct OutboundRequest {
  std::string method = "GET";
  std::string url;      // absolute http(s) URL
  HttpHeaders headers;  // Accept, Content-Type, …
  std::string body;
  // Actor whose key signs the request; empty means the instance actor.
  std::string signer_actor_id;
  bool sign = true;
  // When both are set, sign with this key instead of the one stored for signer_actor_id: a job
  // of an account being deleted carries its own key, so its Delete still goes out after the
  // account and its key have left the store.
  std::string signer_key_id;           // "{actor}#main-key"
  std::string signer_private_key_pem;  // PKCS#8 PEM
};

struct FetchResponse {
  int status = 0;
  HttpHeaders headers;
  std::string body;
  std::string final_url;  // after redirects
};

class HttpFetcher {
 public:
  virtual ~HttpFetcher() = default;
  // Transport failures (DNS, refused, timeout, too large, forbidden address) are Errors; any
  // HTTP status, 4xx and 5xx included, is a FetchResponse. Inside a NetworkDeferral
  // (src/common/network_deferral.h) it answers kUnavailable at once and sends nothing.
  Result<FetchResponse> Fetch(const OutboundRequest& request, const FetchLimits& limits = {});

 private:
  // The transport: what Fetch does when the thread may wait on the network.
  virtual Result<FetchResponse> Send(const OutboundRequest& request, const FetchLimits& limits) = 0;
};

}  // namespace cornerstore
