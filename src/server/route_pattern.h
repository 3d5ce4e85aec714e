// Route patterns cheap to keep in memory and to match.
//
// libstdc++'s std::regex expands a bounded repetition into one copy of the repeated atom per
// allowed occurrence: "([A-Za-z0-9_.\-]{1,64})" holds 64 bracket matchers, ≈30 KiB, against
// ≈1.5 KiB for the same group with "+", and matching walks them all. The table that tells 405
// (path known, method not) from 404 only needs to know whether some route's path matches, so it
// keeps the relaxed form, which matches a superset (a segment longer than its bound gets 405
// rather than 404 when the method is wrong too). Routing itself needs the exact language: it
// matches the relaxed form and checks each capture's length against the bound it dropped, where
// that is provably the same (RelaxWithGroupLengths).
#pragma once

#include <cstddef>
#include <limits>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

namespace cornerstore::server {

// `pattern` with every bounded repetition "{m,n}" / "{m}" replaced by "+" (m >= 1) or "*"
// (m == 0); escaped braces and braces inside bracket expressions are kept.
std::string RelaxRepetitionBounds(std::string_view pattern);

// How long one capture group's text may be.
struct GroupLength {
  size_t min = 0;
  size_t max = std::numeric_limits<size_t>::max();
};

// A route pattern in its relaxed form plus the length bounds of its capture groups.
struct RelaxedRoute {
  std::string pattern;              // RelaxRepetitionBounds of the exact pattern
  std::vector<GroupLength> groups;  // one per capture group, in order
};

// The relaxed form of `pattern` when matching it and then checking CapturesFit accepts exactly
// the paths `pattern` accepts, with the same captures; nullopt otherwise (match it as it is).
// That holds when the pattern is literal text apart from capture groups of the form
// "([CLASS]{m,n})" (or "{m}", "+", "*"), each followed by "/" or the end, whose CLASS never
// matches "/": each group then captures exactly the text up to the next "/".
std::optional<RelaxedRoute> RelaxWithGroupLengths(std::string_view pattern);

// Whether every capture of `match` (a full match of a RelaxedRoute's pattern) has the length
// its group allows.
bool CapturesFit(const std::vector<GroupLength>& groups, const std::smatch& match);

}  // namespace cornerstore::server
