// The pure parts of remote follow: reading the handle a visitor typed, and filling their
// server's subscribe template (WebFinger rel "http://ostatus.org/schema/1.0/subscribe") with the
// URI of the account they want to follow. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "src/common/result.h"

namespace cornerstore::server::pages {

// Longer than any handle (a username and a host name); longer input is refused, not parsed.
inline constexpr size_t kMaxHandleInputBytes = 320;

// The typed handle without surrounding whitespace; kInvalidInput when it is too long.
Result<std::string> CleanHandleInput(std::string_view typed);

// `subscribe_template` with every "{uri}" replaced by `uri`, percent-encoded. kInvalidInput
// when the template has no "{uri}" or the result is not an absolute http(s) URL (a template
// pointing at javascript: or the like is refused, not followed).
Result<std::string> FillSubscribeTemplate(std::string_view subscribe_template,
                                          std::string_view uri);

}  // namespace cornerstore::server::pages
