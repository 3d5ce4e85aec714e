// Content negotiation between ActivityStreams JSON and HTML (PROTOCOL.md §2).
// Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string_view>

namespace cornerstore::activitypub {

// True if an Accept header asks for ActivityStreams: application/activity+json,
// application/ld+json (any profile) or application/json, preferred over text/html by q-value
// (ties go to ActivityStreams, as peers list both). No Accept header means a browser: false.
bool WantsActivityJson(std::optional<std::string_view> accept);

// True if a Content-Type names an ActivityStreams body: application/activity+json or
// application/ld+json (with or without profile), parameters and case ignored.
bool IsActivityContentType(std::string_view content_type);

}  // namespace cornerstore::activitypub
