// The Atom (/@name.atom) and RSS 2.0 (/@name.rss) feeds of a local account's public posts, for
// feed readers. Entries carry the sanitized HTML of each post, escaped as text, and its content
// warning as the summary. The caller picks the posts (public only, newest first).
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "activitypub/uris.h"
#include "src/common/http_message.h"
#include "store/federation_store.h"
#include "store/store.h"

namespace cornerstore::server::pages {

// Feed readers poll; a quarter of an hour spares us most of their requests.
inline constexpr std::string_view kFeedCacheControl = "max-age=900, public";
// An entry's title is the start of its text, as feed readers show a list of titles.
inline constexpr size_t kFeedTitleMaxChars = 80;

// `text` escaped for XML 1.0 content and attributes: & < > " ' escaped, and the control
// characters XML forbids dropped.
std::string EscapeXml(std::string_view text);

// "Sat, 28 Nov 2026 10:00:00 +0000" (RFC 822, as RSS wants it).
std::string FormatRfc822(int64_t unix_seconds);

std::string RenderAtomFeed(const store::Account& account,
                           const std::vector<store::StoredObject>& posts,
                           const activitypub::Uris& uris);
std::string RenderRssFeed(const store::Account& account,
                          const std::vector<store::StoredObject>& posts,
                          const activitypub::Uris& uris);

// 200 with `body` as `content_type`, the feed cache lifetime and nosniff.
HttpResponse FeedResponse(std::string body, std::string_view content_type);

}  // namespace cornerstore::server::pages
