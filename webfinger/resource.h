// Parsing of the WebFinger `resource` parameter into the account it names.
//
// Accepted forms (PROTOCOL.md §1): "acct:shop@domain", "acct:@shop@domain", "shop@domain",
// "@shop@domain", the actor URL "{base}/users/shop" and the profile URL "{base}/@shop".
// Pure function; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "src/common/result.h"

namespace cornerstore::webfinger {

struct ResourceQuery {
  std::string username;  // as written (matching is case-insensitive)
  std::string host;      // lower case; for URL forms the URL's authority (host[:port])
  bool is_url = false;   // true for the URL forms
};

// kInvalidInput for anything malformed (empty, spaces, no user, bad URL, unknown URL path).
Result<ResourceQuery> ParseResource(std::string_view resource);

}  // namespace cornerstore::webfinger
