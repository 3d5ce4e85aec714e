// HTML for the owner-typed parts of a profile: the bio and the values of profile fields.
//
// Field values follow Mastodon's verification rule (PROTOCOL.md §3): a value that is exactly one
// http(s) URL becomes one <a> whose text equals its href, with rel="me", so that Mastodon can show
// the green check. Everything else is escaped text. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace cornerstore::activitypub {

// Plain text → "<p>…</p>" paragraphs (blank lines) with <br> for single newlines, escaped.
std::string PlainTextToHtml(std::string_view text);
// A profile field value → HTML (a link for a bare http(s) URL, else escaped text).
std::string FieldValueToHtml(std::string_view value);

}  // namespace cornerstore::activitypub
