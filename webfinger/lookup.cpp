#include "webfinger/lookup.h"

#include "src/common/json.h"
#include "src/common/url.h"
#include "webfinger/resource.h"

namespace cornerstore::webfinger {
namespace {

// A JRD is a few hundred bytes; anything near this is not one.
constexpr size_t kMaxJrdBytes = 64 * 1024;
constexpr std::string_view kSubscribeRel = "http://ostatus.org/schema/1.0/subscribe";

bool IsActivityType(std::string_view type) {
  return type == "application/activity+json" ||
         type == "application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"";
}

}  // namespace

Result<Handle> ParseHandle(std::string_view text) {
  if (text.starts_with("http://") || text.starts_with("https://")) {
    return MakeError(ErrorCode::kInvalidInput, "expected a handle like @user@host, not a URL");
  }
  CS_ASSIGN_OR_RETURN(ResourceQuery q, ParseResource(text));
  return Handle{q.username, q.host};
}

Result<LookupResult> Lookup(HttpFetcher& fetcher, const Handle& handle, std::string_view scheme) {
  OutboundRequest request;
  request.url = std::string(scheme) + "://" + handle.host + "/.well-known/webfinger?resource=" +
                PercentEncode("acct:" + handle.username + "@" + handle.host);
  request.headers.Set("Accept", "application/jrd+json, application/json");
  request.sign = false;
  FetchLimits limits;
  limits.max_response_bytes = kMaxJrdBytes;
  CS_ASSIGN_OR_RETURN(FetchResponse response, fetcher.Fetch(request, limits));
  if (response.status == 404 || response.status == 410) {
    return MakeError(ErrorCode::kNotFound, "no such account on " + handle.host);
  }
  if (response.status != 200) {
    return MakeError(ErrorCode::kUnavailable,
                     handle.host + " answered WebFinger with " + std::to_string(response.status));
  }
  CS_ASSIGN_OR_RETURN(json::Value jrd, json::Parse(response.body, {.max_bytes = kMaxJrdBytes}));
  LookupResult result;
  if (const std::string* subject = jrd.FindString("subject")) result.subject = *subject;
  if (const json::Array* links = jrd.FindArray("links")) {
    for (const auto& link : *links) {
      const std::string* rel = link.FindString("rel");
      const std::string* type = link.FindString("type");
      const std::string* href = link.FindString("href");
      if (rel && *rel == kSubscribeRel && result.subscribe_template.empty()) {
        if (const std::string* tmpl = link.FindString("template"))
          result.subscribe_template = *tmpl;
      }
      if (rel && *rel == "self" && type && IsActivityType(*type) && href && ParseUrl(*href) &&
          result.actor_id.empty()) {
        result.actor_id = *href;
      }
    }
  }
  if (result.actor_id.empty()) {
    return MakeError(ErrorCode::kInvalidInput, handle.host + " named no ActivityPub actor");
  }
  return result;
}

}  // namespace cornerstore::webfinger
