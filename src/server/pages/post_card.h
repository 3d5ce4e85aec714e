// Pieces of a post shared by our public pages: the <time> pair, the content behind its warning,
// and one post as an h-entry card for lists (a profile's posts, the replies under a post).
//
// Every string is escaped and post content goes through the sanitizer again before it is
// embedded, so a remote post's HTML is as inert here as on the post's own page. Links only
// ever point at http(s) URLs. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "store/federation_store.h"

namespace cornerstore::server::pages {

// Who wrote a post, as a card shows it (plain text; escaped when rendered).
struct PostAuthor {
  std::string name;    // display name, or the username
  std::string handle;  // "@user@host"
  std::string url;     // profile page; dropped unless http(s)
};

// "28 Nov 2026, 10:00 UTC": the time shown next to a machine-readable <time datetime>.
std::string FormatDisplayTime(int64_t unix_seconds);

// <time class="`cls`" datetime="ISO 8601">readable</time>.
std::string TimeElement(std::string_view cls, int64_t unix_seconds);

// The sanitized content in <div class="e-content">, inside <details> behind its content
// warning when it has one or is marked sensitive.
std::string ContentBlock(const store::StoredObject& post);

// `url` when it is an absolute http(s) URL, else "" (javascript: and friends never reach an href).
std::string SafeHttpUrl(std::string_view url);

// One post as <article class="card h-entry"> with p-author, e-content and a u-url link on its
// dt-published time. `heading` is the element that names the author ("h2", "h3").
std::string RenderPostCard(const store::StoredObject& post, const PostAuthor& author,
                           std::string_view heading);

}  // namespace cornerstore::server::pages
