// Remote WebFinger lookup: "@user@host" → the actor id its server names (PROTOCOL.md §1).
//
// Used when the owner follows or mentions someone by handle. The request goes through the
// injected HttpFetcher (SSRF-guarded); it is not signed (WebFinger never needs it).
// Thread-safe as far as the fetcher is.
#pragma once

#include <string>
#include <string_view>

#include "src/common/http_fetcher.h"
#include "src/common/result.h"

namespace cornerstore::webfinger {

struct Handle {
  std::string username;
  std::string host;  // may carry ":port"
};

// Parses "@user@host", "user@host" or "acct:user@host"; kInvalidInput otherwise.
Result<Handle> ParseHandle(std::string_view text);

struct LookupResult {
  std::string subject;   // the canonical acct the server answered with
  std::string actor_id;  // href of the rel=self link with an ActivityStreams type
  // The template of the rel="http://ostatus.org/schema/1.0/subscribe" link ("…{uri}…"): where
  // the account's owner confirms following someone (remote follow). "" when not offered.
  std::string subscribe_template;
};

// Looks `handle` up on its host. `scheme` is "https" in production; "http" only when the unsafe
// switch allows plain http (local development and tests). kNotFound if the server does not know
// the account, kUnavailable if it cannot be reached, kInvalidInput for a malformed answer.
Result<LookupResult> Lookup(HttpFetcher& fetcher, const Handle& handle,
                            std::string_view scheme = "https");

}  // namespace cornerstore::webfinger
