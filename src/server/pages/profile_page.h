// The public HTML profile page of a local account (what a browser gets at /@name and at the
// actor URL): header and avatar, name, bio, fields (links with rel="me"), counts, a follow form
// for visitors from other servers, pinned posts, then one page of public posts with a link to
// older ones. Machine-readable too: OpenGraph and Twitter-card meta, an h-card for the account,
// an h-entry per post, rel="alternate" links to the actor and the Atom and RSS feeds.
//
// What is listed is the caller's business (PageRoutes::LoadProfile asks the store for what an
// anonymous reader may see). Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "activitypub/uris.h"
#include "store/federation_store.h"
#include "store/store.h"

namespace cornerstore::server::pages {

// Posts on one page of a profile (and in a feed): a phone scrolls through this in seconds.
inline constexpr int kProfilePostsPerPage = 20;
// Link previews show about two lines of og:description; a longer bio is cut there.
inline constexpr size_t kProfileDescriptionMaxChars = 200;

struct ProfileView {
  store::Account account;
  std::vector<store::StoredObject> pinned;  // shown on the first page only
  std::vector<store::StoredObject> posts;   // this page, newest first
  int64_t older_max_id = 0;                 // max_id of the next older page; 0 when none
  bool first_page = true;                   // false when the page was asked with ?max_id=
  int64_t followers = 0, following = 0, statuses = 0;
};

// The full HTML document.
std::string RenderProfilePage(const ProfileView& view, const activitypub::Uris& uris);

// The page of the remote follow form (GET /@name/remote_follow without a handle), with `error`
// (plain text, may be empty) above the form and `acct` kept in the field.
std::string RenderRemoteFollowPage(const store::Account& account, const activitypub::Uris& uris,
                                   std::string_view acct, std::string_view error);

// The feed URLs of `username`: {base}/@name.atom and .rss.
std::string AtomFeedUrl(const activitypub::Uris& uris, std::string_view username);
std::string RssFeedUrl(const activitypub::Uris& uris, std::string_view username);
// {base}/@name/remote_follow: where the follow form goes.
std::string RemoteFollowPath(std::string_view username);

}  // namespace cornerstore::server::pages
