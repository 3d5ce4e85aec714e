// Route patterns as the 405 check needs them: cheap to keep in memory.
//
// libstdc++'s std::regex expands a bounded repetition into one copy of the repeated atom per
// allowed occurrence: "([A-Za-z0-9_.\-]{1,64})" holds 64 bracket matchers, ≈30 KiB, against
// ≈1.5 KiB for the same group with "+". httplib keeps the exact pattern for routing; the table
// that tells 405 (path known, method not) from 404 only needs to know whether some route's path
// matches, so it keeps this relaxed form, which matches a superset (a segment longer than its
// bound gets 405 rather than 404 when the method is wrong too).
#pragma once

#include <string>
#include <string_view>

namespace cornerstore::server {

// `pattern` with every bounded repetition "{m,n}" / "{m}" replaced by "+" (m >= 1) or "*"
// (m == 0); escaped braces and braces inside bracket expressions are kept.
std::string RelaxRepetitionBounds(std::string_view pattern);

}  // namespace cornerstore::server
