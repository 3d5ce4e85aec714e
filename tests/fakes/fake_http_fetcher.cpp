#include "tests/fakes/fake_http_fetcher.h"

#include <utility>

namespace cornerstore::testing {

FakeHttpFetcher::Reply FakeHttpFetcher::Response(int status, std::string body,
                                                 HttpHeaders headers) {
  FetchResponse response;
  response.status = status;
  response.headers = std::move(headers);
  response.body = std::move(body);
  return response;
}

FakeHttpFetcher::Reply FakeHttpFetcher::Json(const json::Value& document) {
  HttpHeaders headers;
  headers.Set("Content-Type", "application/activity+json");
  return Response(200, json::Serialize(document), std::move(headers));
}

FakeHttpFetcher::Reply FakeHttpFetcher::Timeout() {
  return MakeError(ErrorCode::kTimeout, "remote server did not answer in time");
}

FakeHttpFetcher::Reply FakeHttpFetcher::Unreachable() {
  return MakeError(ErrorCode::kUnavailable, "remote server unreachable", "connection refused");
}

FakeHttpFetcher::Reply FakeHttpFetcher::Forbidden() {
  return MakeError(ErrorCode::kForbidden, "address not allowed", "private address");
}

void FakeHttpFetcher::Route(const std::string& url, std::vector<Reply> replies) {
  std::lock_guard<std::mutex> lock(mu_);
  routes_[url] = RouteState{std::move(replies), 0, nullptr};
}

void FakeHttpFetcher::Route(const std::string& url, Reply reply) {
  std::vector<Reply> replies;
  replies.push_back(std::move(reply));
  Route(url, std::move(replies));
}

void FakeHttpFetcher::RouteStatuses(const std::string& url, const std::vector<int>& statuses) {
  std::vector<Reply> replies;
  for (int status : statuses) replies.push_back(Response(status));
  Route(url, std::move(replies));
}

void FakeHttpFetcher::RouteJson(const std::string& url, const json::Value& document) {
  Route(url, Json(document));
}

void FakeHttpFetcher::RouteError(const std::string& url, Error error) {
  Route(url, Reply(std::move(error)));
}

void FakeHttpFetcher::RouteHandler(const std::string& url, Handler handler) {
  std::lock_guard<std::mutex> lock(mu_);
  routes_[url] = RouteState{{}, 0, std::move(handler)};
}

void FakeHttpFetcher::RemoveRoute(const std::string& url) {
  std::lock_guard<std::mutex> lock(mu_);
  routes_.erase(url);
}

void FakeHttpFetcher::SetFallback(Handler handler) {
  std::lock_guard<std::mutex> lock(mu_);
  fallback_ = std::move(handler);
}

Result<FetchResponse> FakeHttpFetcher::Send(const OutboundRequest& request, const FetchLimits&) {
  Handler handler;
  std::optional<Reply> reply;
  {
    std::lock_guard<std::mutex> lock(mu_);
    requests_.push_back(Recorded{request, clock_ != nullptr ? clock_->NowUnix() : 0});
    auto it = routes_.find(request.url);
    if (it == routes_.end()) it = routes_.find(request.url.substr(0, request.url.find('#')));
    if (it != routes_.end()) {
      RouteState& route = it->second;
      if (route.handler) {
        handler = route.handler;
      } else if (!route.replies.empty()) {
        reply = route.replies[route.next];
        if (route.next + 1 < route.replies.size()) ++route.next;
      }
    } else if (fallback_) {
      handler = fallback_;
    }
  }
  if (handler) reply = handler(request);
  if (!reply) reply = Response(404, R"({"error":"not found"})");
  if (reply->ok() && reply->value().final_url.empty()) reply->value().final_url = request.url;
  return std::move(*reply);
}

std::vector<FakeHttpFetcher::Recorded> FakeHttpFetcher::Requests() const {
  std::lock_guard<std::mutex> lock(mu_);
  return requests_;
}

std::vector<FakeHttpFetcher::Recorded> FakeHttpFetcher::RequestsTo(const std::string& url) const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<Recorded> out;
  for (const Recorded& r : requests_) {
    if (r.request.url == url) out.push_back(r);
  }
  return out;
}

size_t FakeHttpFetcher::RequestCount() const {
  std::lock_guard<std::mutex> lock(mu_);
  return requests_.size();
}

size_t FakeHttpFetcher::RequestCount(const std::string& url) const {
  return RequestsTo(url).size();
}

void FakeHttpFetcher::ClearRequests() {
  std::lock_guard<std::mutex> lock(mu_);
  requests_.clear();
}

}  // namespace cornerstore::testing
