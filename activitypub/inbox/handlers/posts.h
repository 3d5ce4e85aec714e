// How a remote post becomes a stored one: visibility from addressing (Mastodon's reading,
// PROTOCOL.md §7), sanitized HTML, mentions and hashtags from tags, and title + link for the
// types we do not render (Article, Page, Event, Image, Video, Audio: PROTOCOL.md §9).
// Pure functions; thread-safe as far as the sanitizer is.
#pragma once

#include <string>
#include <string_view>

#include "activitypub/inbox/sanitizer.h"
#include "activitypub/vocabulary/types.h"
#include "store/federation_store.h"

namespace cornerstore::activitypub::handlers {

// public: Public in `to`; unlisted: Public in `cc`; followers: the author's followers
// collection addressed; direct otherwise.
store::Visibility VisibilityOf(const Addressing& addressing, std::string_view followers_uri);

// The content HTML to store: sanitized `content` (with a Question's options listed), or a title
// and link for other types.
std::string PostContentHtml(const ApObject& post, const HtmlSanitizer& sanitize);

// The stored row for `post` (ids of mentioned local accounts are left 0 for the caller).
// `published_at` falls back to `now`.
store::StoredObject StoredObjectFromPost(const ApObject& post, store::Visibility visibility,
                                         const HtmlSanitizer& sanitize, int64_t now);

}  // namespace cornerstore::activitypub::handlers
