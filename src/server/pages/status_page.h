// The public HTML page of one of our posts: what a browser gets at the Note's id
// (/users/{name}/statuses/{id}, by content negotiation) and at the short /@{name}/{id}.
//
// The page carries the post for people (author, content behind its content warning, times,
// the post it replies to) and for machines: OpenGraph tags for link previews, a
// rel="alternate" link to the Note, and microformats2 (h-entry with a p-author h-card).
// Every string from the store is escaped, and the content goes through the sanitizer again
// before it is embedded, so a page never carries markup the allowlist would refuse.
//
// Below the post come the public replies stored for it, ours and remote ones (PostReplies picks
// them). Who may see what is the caller's business (ReadEndpoints::FindVisibleStatus): these
// functions render what they are given. Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "activitypub/uris.h"
#include "src/common/http_message.h"
#include "src/common/result.h"
#include "src/server/pages/post_card.h"
#include "store/federation_store.h"
#include "store/store.h"

namespace cornerstore::server::pages {

// Link previews show about two lines of og:description; longer text is cut there.
inline constexpr size_t kStatusDescriptionMaxChars = 200;
// Browser tabs show a few words of the <title>.
inline constexpr size_t kStatusTitleMaxChars = 60;
// How long a shared cache may keep a post's page: the same as the Note's JSON, so both
// representations go stale together after an edit or a deletion.
inline constexpr std::string_view kStatusPageCacheControl = "max-age=180, public";

// `text` cut to at most `max_chars` code points, never inside a UTF-8 sequence, with "…"
// appended when something was cut. Whitespace runs become one space, ends are trimmed.
std::string Excerpt(std::string_view text, size_t max_chars);

// What a link preview may show of `post`: its content warning when it has one (the content
// stays hidden, as behind the warning on the page), else its text, as plain text.
std::string StatusPreviewText(const store::StoredObject& post);

// Replies shown under a post at most: a busy thread is read in a client, not on this page.
inline constexpr int kMaxRepliesShown = 40;

// A reply shown under the post, with who wrote it.
struct Reply {
  store::StoredObject post;
  PostAuthor author;
};

// The full page of `post`, a live post of `author` that the reader may see, with `replies`
// (already filtered to what the public may see) below it.
std::string RenderStatusPage(const store::StoredObject& post, const store::Account& author,
                             const activitypub::Uris& uris, const std::vector<Reply>& replies = {});

// 200 with the page and a public cache lifetime.
HttpResponse StatusPageResponse(const store::StoredObject& post, const store::Account& author,
                                const activitypub::Uris& uris,
                                const std::vector<Reply>& replies = {});

// The page answering a failed lookup: 404 for a missing or hidden post (the same page, so
// hidden posts are not revealed), 410 "This post was deleted", 503 for anything else.
HttpResponse StatusFailurePage(const Error& error);

}  // namespace cornerstore::server::pages
