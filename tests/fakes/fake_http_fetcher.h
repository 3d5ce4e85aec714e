// FakeHttpFetcher: an HttpFetcher that answers from scripted replies routed by URL, and records
// every request it was asked to make (with the fake time it was made at). No network.
//
// A route matches the request URL exactly, or else the URL without its fragment (a keyId
// "…#main-key" reaches the actor document's route). A route holds a sequence of replies used in
// turn, the last one repeating forever, or a handler function. Unrouted URLs go to the fallback
// handler if set, else answer 404.
//
// Ownership: borrows the clock (may be null: requests are then recorded at time 0).
// Thread safety: every method may be called from any thread; workers fetch while the test thread
// adds routes and reads the log. Handlers run outside the lock, so they may block.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "src/common/clock.h"
#include "src/common/http_fetcher.h"
#include "src/common/json.h"

namespace cornerstore::testing {

class FakeHttpFetcher final : public HttpFetcher {
 public:
  // What one request gets: a response (any status) or a transport error.
  using Reply = Result<FetchResponse>;
  using Handler = std::function<Reply(const OutboundRequest&)>;

  struct Recorded {
    OutboundRequest request;
    int64_t at = 0;  // clock->NowUnix() when the request was made
  };

  explicit FakeHttpFetcher(const Clock* clock = nullptr) : clock_(clock) {}

  // Replies.
  static Reply Response(int status, std::string body = {}, HttpHeaders headers = {});
  // 200 with `document` as application/activity+json.
  static Reply Json(const json::Value& document);
  static Reply Timeout();      // kTimeout: the peer did not answer in time
  static Reply Unreachable();  // kUnavailable: connection refused, DNS failure
  static Reply Forbidden();    // kForbidden: the SSRF guard refused the address

  // Routes. Each replaces what `url` answered before.
  void Route(const std::string& url, std::vector<Reply> replies);
  void Route(const std::string& url, Reply reply);
  void RouteStatuses(const std::string& url, const std::vector<int>& statuses);
  void RouteJson(const std::string& url, const json::Value& document);
  void RouteError(const std::string& url, Error error);
  void RouteHandler(const std::string& url, Handler handler);
  void RemoveRoute(const std::string& url);
  // What unrouted URLs get (default: 404).
  void SetFallback(Handler handler);

  // The log.
  std::vector<Recorded> Requests() const;
  std::vector<Recorded> RequestsTo(const std::string& url) const;
  size_t RequestCount() const;
  size_t RequestCount(const std::string& url) const;
  void ClearRequests();

 private:
  Result<FetchResponse> Send(const OutboundRequest& request, const FetchLimits& limits) override;

  struct RouteState {
    std::vector<Reply> replies;
    size_t next = 0;
    Handler handler;
  };

  const Clock* const clock_;

  mutable std::mutex mu_;  // guards everything below
  std::map<std::string, RouteState> routes_;
  Handler fallback_;
  std::vector<Recorded> requests_;
};

}  // namespace cornerstore::testing
