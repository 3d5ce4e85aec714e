// How a client's post object becomes a request to the one publish path (PublishService::Post
// and Edit): its visibility from its addressing, and its text from its HTML.
//
// Visibility (Mastodon's reading, PROTOCOL.md §7), with `bto` counted as `to` and `bcc` as `cc`
// (the blind fields address the post; they are never sent, since the publish path builds the
// activities that go out):
//   Public in to/bto → public;  Public in cc/bcc → unlisted;
//   the account's followers collection anywhere → followers;  otherwise → direct.
//
// Text: the publish path takes plain text as typed and formats it itself (paragraphs, links,
// mentions, hashtags), so the client's HTML is reduced with content::HtmlToPlainText (tags
// stripped, paragraphs kept as blank lines, <br> as newlines) rather than stored as sent. The
// actors a post is addressed to, or tags as Mention, are reached the way the publish path
// reaches anyone: by being @mentioned in the text, so their handles are written into it when the
// text does not already name them.
//
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "activitypub/vocabulary/types.h"
#include "store/federation_store.h"

namespace cornerstore::activitypub::c2s {

// Merges the addressing of an activity and of its object (§6.2 asks servers to copy one to the
// other), without repeats.
Addressing MergeAddressing(const Addressing& a, const Addressing& b);

store::Visibility VisibilityFromAddressing(const Addressing& addressing,
                                           std::string_view followers_uri);

// Every actor `addressing` names in to and cc besides Public and `followers_uri`, in order,
// without repeats: they become mentions of the post.
std::vector<std::string> AddressedActors(const Addressing& addressing,
                                         std::string_view followers_uri);
// The actors only bto and bcc name (not also to or cc): they receive the post without being
// addressed or mentioned, so nobody else learns of them.
std::vector<std::string> BlindActors(const Addressing& addressing, std::string_view followers_uri);

// The plain text of a post object: its `name` (an Article's title) as the first paragraph, then
// its content.
std::string PostText(const ApObject& object);
// The content warning: the summary as plain text.
std::string ContentWarning(const ApObject& object);

// `text` naming each of `handles` ("@user@host", or "@user" for a local account): a handle
// already in the text stays; a short "@user" in the text (as HTML mentions read once their tags
// are stripped) is completed to the handle; the rest are put in front, as a reply does.
std::string WithMentions(std::string text, const std::vector<std::string>& handles);

}  // namespace cornerstore::activitypub::c2s
