// Test helper: checks that a string is HTML the sanitizer may produce — only allowlisted
// elements and attributes, quoted and escaped values, escaped text, properly nested tags.
#pragma once

#include <string>
#include <string_view>

namespace cornerstore::activitypub::content::testing {

// "" if `html` is well-formed allowlisted output, else what is wrong with it.
std::string AllowlistViolation(std::string_view html);

}  // namespace cornerstore::activitypub::content::testing
