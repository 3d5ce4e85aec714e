// FormatPost: the plain text an account owner types → the HTML of a Note, Mastodon-shaped,
// with the mentions and hashtags it contains (PROTOCOL.md §9).
//
//   - paragraphs split on blank lines (<p>), single newlines as <br>, CRLF accepted;
//     all text HTML-escaped;
//   - http(s) URLs linked the way Mastodon links them, so its clients shorten them alike:
//     <a href="URL" target="_blank" rel="nofollow noopener noreferrer" translate="no">
//       <span class="invisible">https://www.</span><span class="">rest</span>
//       <span class="invisible"></span></a>
//     (past kLinkDisplayChars characters the visible span gets class "ellipsis" and the
//     remainder moves into the last, invisible span);
//   - @user@host, and @user for a local account, resolved through a MentionResolver →
//     <span class="h-card" translate="no"><a href="PROFILE" class="u-url mention">@<span>user
//     </span></a></span>; unresolved mentions stay text; emails are not mentions;
//   - #tag (letters, digits, '_', at least one letter) →
//     <a href="BASE/tags/tag" class="mention hashtag" rel="tag">#<span>Tag</span></a>.
//
// Pure function apart from the resolver it is handed; thread-safe if the resolver is. The
// resolver may do network lookups: it is called at most once per distinct mention and at most
// kMaxMentionLookups times per post.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cornerstore::activitypub::content {

// Characters of a link shown before Mastodon-style shortening (Mastodon's own figure).
inline constexpr size_t kLinkDisplayChars = 30;
// Distinct mentions resolved per post: each may cost a WebFinger lookup; the rest stay text.
inline constexpr size_t kMaxMentionLookups = 50;
// A host name longer than DNS allows is not a mention.
inline constexpr size_t kMaxMentionHostBytes = 253;

// What a mention resolves to.
struct MentionTarget {
  std::string actor_id;     // the actor's ActivityPub id
  std::string profile_url;  // its web profile (the link in the HTML); actor_id if empty
  std::string acct;         // "user@host", canonical (as WebFinger confirmed it)
};

// Looks up `user` on `host` (host is empty for "@user", meaning a local account). nullopt if
// there is no such account; the mention then stays plain text.
using MentionResolver =
    std::function<std::optional<MentionTarget>(std::string_view user, std::string_view host)>;

// One mentioned actor, for the Note's `tag` (type Mention) and `cc`.
struct Mention {
  std::string actor_id;  // the tag's href and the cc entry
  std::string name;      // "@user@host", the tag's name
  std::string url;       // the link used in the HTML (profile page)
};

struct FormattedPost {
  std::string html;
  std::vector<Mention> mentions;      // in order of first appearance, one per actor
  std::vector<std::string> hashtags;  // lower case, without '#', in order, no repeats
};

// `base_url` is this instance's, e.g. "https://social.example" (a trailing '/' is ignored);
// hashtag links point to {base_url}/tags/{tag}, the tag lower-cased and percent-encoded.
FormattedPost FormatPost(std::string_view text, std::string_view base_url,
                         const MentionResolver& resolve);

}  // namespace cornerstore::activitypub::content
