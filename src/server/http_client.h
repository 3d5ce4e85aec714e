// HttpClient: the production HttpFetcher — signed, SSRF-guarded outbound HTTP over cpp-httplib.
//
// Per request it resolves the host itself, refuses unless every address is public
// (src/common/ip_address.h), and connects to exactly the address it checked while TLS (SNI and
// certificate verification) and the Host header keep the original name. Then it adds Host, Date,
// Accept, User-Agent and Content-Type, has the RequestSigner sign exactly what goes on the wire,
// and reads the response through its own socket stream that enforces the read timeout, the
// whole-request deadline and byte budgets (headers, raw body, decoded body; gzip is inflated here
// with a bound). GET follows up to `max_redirects` same-scheme redirects, re-checking each hop.
// Signature scheme per host: the remembered one, else draft-cavage; a 400/401 is retried once with
// the other scheme (RFC 9421 when the answer carries Accept-Signature) and success is remembered.
//
// Ownership: the signer (may be null: requests go unsigned), clock and scheme memory are borrowed
// and must outlive the client. The clock only stamps Date headers; timeouts run on the steady
// clock. Thread safety: Fetch may be called from many threads at once; the *ForTesting setters
// must be called before the first Fetch. The client owns one helper thread (the deadline
// watchdog), which blocks all signals. The process must ignore SIGPIPE (main does): a TLS write
// to a peer that hung up would raise it.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "src/common/clock.h"
#include "src/common/http_fetcher.h"
#include "src/common/ip_address.h"
#include "src/common/request_signer.h"
#include "src/common/url.h"
#include "src/server/scheme_memory.h"

namespace cornerstore::server {

struct HttpClientOptions {
  // Our public URL ("https://shop.example"), named in the User-Agent.
  std::string base_url;
  // UNSAFE: lets requests reach loopback, private and other non-public addresses and use plain
  // http. For tests and local development only; never on a server reachable by peers.
  bool allow_private_addresses = false;
  // Ceilings for every request: a request's own FetchLimits may tighten them, never loosen them.
  FetchLimits limits;
};

class HttpClient final : public HttpFetcher {
 public:
  // Accept header when the caller sets none.
  static constexpr const char* kDefaultAccept =
      "application/activity+json, application/ld+json; "
      "profile=\"https://www.w3.org/ns/activitystreams\"";
  // Content-Type for a body when the caller sets none.
  static constexpr const char* kDefaultContentType = "application/activity+json";

  HttpClient(HttpClientOptions options, RequestSigner* signer, const Clock* clock,
             SchemeMemory* schemes);
  ~HttpClient() override;
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Fetch (HttpFetcher) errors: kInvalidInput (bad URL, method or header; malformed compressed
  // body), kForbidden ("address not allowed", plain http without the unsafe switch, redirect
  // policy), kTooLarge, kTimeout, kUnavailable (DNS, connect, TLS, connection lost),
  // kUnsupportedType (a Content-Encoding other than gzip), or the signer's error.

  // "cornerstore/<version> (+<base_url>)".
  const std::string& user_agent() const { return user_agent_; }

  // --- Test-only hooks: call before the first Fetch. ---
  // What the test resolver says about one name.
  struct ResolvedForTesting {
    std::vector<IpAddress> addresses;
    // Skip the public-address check for these addresses, as if DNS had returned public ones,
    // so a test can reach a loopback server under a "public" name with the guard on. IP
    // literals in URLs never go through the resolver and are always judged.
    bool treat_as_public = false;
  };
  // Replaces getaddrinfo; nullopt means the name does not exist.
  using ResolverForTesting =
      std::function<std::optional<ResolvedForTesting>(const std::string& host)>;
  void SetResolverForTesting(ResolverForTesting resolver);
  // Called just before each connection attempt, after every check; returning false refuses the
  // attempt (kUnavailable). Tests record attempts and keep traffic on 127.0.0.1 with it.
  using ConnectGateForTesting = std::function<bool(const IpAddress& address, int port)>;
  void SetConnectGateForTesting(ConnectGateForTesting gate);
  // Trust this PEM file instead of the system CA store.
  void SetCaFileForTesting(std::string path);
  // Allows plain http while the address guard stays on, so tests can exercise the guard
  // against plain-http loopback servers.
  void SetAllowPlainHttpForTesting(bool allow) { allow_plain_http_for_testing_ = allow; }

 private:
  Result<FetchResponse> Send(const OutboundRequest& request, const FetchLimits& limits) override;

  class DeadlineWatchdog;
  struct Hop;
  struct Resolved;
  using Deadline = std::chrono::steady_clock::time_point;

  Result<Resolved> Resolve(const Url& url) const;
  Result<Hop> FetchHop(const OutboundRequest& request, const Url& url, const FetchLimits& limits,
                       Deadline deadline) const;
  Result<Hop> SendToAddresses(const OutboundRequest& request, const Url& url,
                              const Resolved& resolved, std::optional<SignatureScheme> scheme,
                              const FetchLimits& limits, Deadline deadline) const;
  Result<Hop> SendOnce(const OutboundRequest& request, const Url& url, const IpAddress& address,
                       std::optional<SignatureScheme> scheme, const FetchLimits& limits,
                       Deadline deadline, bool* connect_failed) const;

  // Fixed at construction.
  const HttpClientOptions options_;
  RequestSigner* const signer_;
  const Clock* const clock_;
  SchemeMemory* const schemes_;
  const std::string user_agent_;
  std::unique_ptr<DeadlineWatchdog> watchdog_;

  // Test-only, set before use.
  ResolverForTesting resolver_for_testing_;
  ConnectGateForTesting connect_gate_for_testing_;
  std::string ca_file_for_testing_;
  bool allow_plain_http_for_testing_ = false;
};

}  // namespace cornerstore::server
