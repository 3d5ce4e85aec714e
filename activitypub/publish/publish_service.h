// PublishService: the one path by which a local account speaks to the fediverse — posting,
// editing and deleting its posts, pinning them, boosting and liking anyone's. The CLI calls it
// today and the client API will tomorrow, so the rules (limits, ownership, addressing, who
// receives what) live here once.
//
// Every operation commits its state change and its delivery rows in one FederationStore call
// (the outbox pattern), then calls `on_enqueued` so the delivery workers wake up. Network work
// (WebFinger for mentions, fetching a remote post or actor) happens before that call, never
// inside a transaction.
//
// Who receives a post (PROTOCOL.md §7):
//   - public, unlisted, followers-only: every follower's shared inbox (else personal inbox);
//   - each mentioned remote actor: its shared inbox, or its personal inbox for a direct post;
//   - the author of the post answered, for a reply that is not direct (a direct reply reaches
//     the parent's author only if it mentions them: Mastodon's rule);
// deduplicated by inbox URL, and never our own inboxes. Edits (Update) and deletions (Delete)
// go to the same set, plus actors mentioned before an edit, plus the remote actors who boosted,
// liked or reacted to the post (for an edit, only of a public or unlisted post), so their servers
// update or drop the boost and like (Mastodon's StatusReachFinder).
//
// Local accounts a post concerns hear of it here, since no delivery reaches them: mentioned
// accounts get a `mention` notification and the author of a local post answered a `reply` one
// (the inbox's rule, handlers/local_audience.h), and they and the author's local followers see it
// in their home timeline.
//
// Errors: kInvalidInput (empty or over-long text, too many mentions, a post that cannot be
// pinned or boosted), kNotFound (no such post), kForbidden (not the account's own post),
// kGone (deleted), kConflict (pin limit), and the stores' and fetcher's errors as they are.
//
// Ownership: borrows every dependency, which must outlive it. Thread safety: all methods may be
// called concurrently as far as the stores, resolver and fetcher allow (it keeps no state).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "activitypub/inbox/remote_actors.h"
#include "activitypub/inbox/sanitizer.h"
#include "activitypub/uris.h"
#include "src/common/clock.h"
#include "src/common/http_fetcher.h"
#include "src/common/result.h"
#include "store/federation_store.h"
#include "store/store.h"

namespace cornerstore::activitypub {

// Characters (code points) of a post's text plus its content warning: Mastodon's default of 500
// is too short for a business announcing hours, menus or terms.
inline constexpr size_t kMaxPostChars = 5'000;
// Distinct @mentions in one post: each costs a WebFinger lookup and a delivery; more is spam.
inline constexpr size_t kMaxPostMentions = 50;
// Pinned posts per account: Mastodon's limit, and what fits the first page of `featured`,
// the only page Mastodon reads (PROTOCOL.md §3).
inline constexpr size_t kMaxPinnedPosts = 5;

// What a handle "@user@host" names, as its server's WebFinger answered.
struct HandleMatch {
  std::string actor_id;
  std::string acct;  // "user@host", canonical (the subject without "acct:")
};
// Looks a handle up (WebFinger; webfinger/ sits above this library, so the composition root
// injects it). kNotFound when the server does not know the account.
using HandleLookup =
    std::function<Result<HandleMatch>(const std::string& user, const std::string& host)>;

// What the owner asks to publish.
struct PostRequest {
  std::string text;  // plain text as typed; formatted by content::FormatPost
  store::Visibility visibility = store::Visibility::kPublic;
  std::string content_warning;  // plain text; empty for none (then not sensitive)
  std::string in_reply_to;      // URL of the post answered (ours or remote); empty for none
  bool pin = false;             // also pin it to the profile (featured)
  // Actors (ids) who receive the post in their personal inbox without being addressed: a
  // client's bto/bcc. They are not notified of later edits or deletion.
  std::vector<std::string> blind_recipients;
};

class PublishService {
 public:
  // `lookup` resolves the @user@host mentions of a post; `fetcher` fetches remote posts being
  // answered, boosted or liked. `on_enqueued` runs after deliveries were committed.
  PublishService(store::Store& store, store::FederationStore& federation,
                 RemoteActorResolver& actors, HttpFetcher& fetcher, HandleLookup lookup,
                 const Uris& uris, const Clock& clock, std::function<void()> on_enqueued = {});

  // Publishes a new post: formats it (mentions resolved, hashtags linked), stores it under
  // Uris::Status(username, a random 16-hex-digit id) and queues its Create. With `pin`, also
  // pins it. Returns the stored post.
  Result<store::StoredObject> Post(const store::Account& account, const PostRequest& request);

  // Replaces the text and content warning of `post` (its numeric id or its URL) and queues an
  // Update. Visibility and the post answered stay as they were.
  Status Edit(const store::Account& account, const std::string& post, const std::string& text,
              const std::string& content_warning);
  // Deletes `post` (a tombstone stays, so its URL answers 410) and queues Delete{Tombstone}.
  Status Delete(const store::Account& account, const std::string& post);

  // Pins `post` to the account's profile (Add to featured, to followers). Pinning a pinned post
  // changes nothing. Direct posts cannot be pinned. `activity_id`, when given, receives the
  // Add's id ("" when nothing was sent), for callers that answer with it (the C2S outbox).
  Status Pin(const store::Account& account, const std::string& post,
             std::string* activity_id = nullptr);
  // Unpins it (Remove from featured). Unpinning a post that is not pinned changes nothing.
  // `activity_id` as for Pin.
  Status Unpin(const store::Account& account, const std::string& post,
               std::string* activity_id = nullptr);

  // Boosts the post at `url` (ours or remote; a remote one is fetched and stored if unknown):
  // Announce to followers and the post's author. Only public and unlisted posts can be boosted.
  // Boosting again returns the existing boost and sends nothing.
  Result<store::Reaction> Boost(const store::Account& account, const std::string& url);
  // Undo{Announce} to the same inboxes; kNotFound if the account had not boosted it.
  Status Unboost(const store::Account& account, const std::string& url);
  // Likes the post at `url`: Like to its author's personal inbox. Liking again changes nothing.
  Result<store::Reaction> Like(const store::Account& account, const std::string& url);
  // Undo{Like}; kNotFound if the account had not liked it.
  Status Unlike(const store::Account& account, const std::string& url);

  // One of `account`'s posts by numeric store id or URL: kNotFound if there is none, kForbidden
  // if it is another account's, kGone if it was deleted.
  Result<store::StoredObject> FindOwnPost(const store::Account& account, const std::string& post);

  // A post by URL: ours from the store; a remote one from the store, else fetched, checked and
  // stored. kGone for a tombstone.
  Result<store::StoredObject> ResolvePost(const std::string& url);

 private:
  // The formatted text, mentions and hashtags of a post body, validated.
  struct Formatted;

  Result<Formatted> Format(const std::string& text, const std::string& content_warning);
  // The inboxes a post of `account` reaches, mentioning `mentioned` (actor ids).
  Result<std::vector<std::string>> PostInboxes(const store::Account& account,
                                               const store::StoredObject& object,
                                               const std::vector<std::string>& mentioned);
  // The inboxes an edit or deletion of `object` reaches: PostInboxes for `mentioned`, plus the
  // remote actors who reacted to it when `with_reactors`.
  Result<std::vector<std::string>> ChangeInboxes(const store::Account& account,
                                                 const store::StoredObject& object,
                                                 const std::vector<std::string>& mentioned,
                                                 bool with_reactors);
  // Notifications and home timeline entries for the local accounts `object` (a new post of
  // `account`) concerns.
  Status ReachLocalAccounts(const store::Account& account, const store::StoredObject& object);
  // Where a post about `actor_uri`'s work goes: shared inbox unless `personal`; nothing for a
  // local actor or one that cannot be resolved (logged).
  std::string InboxOf(const std::string& actor_uri, bool personal);
  // The followers of `account` plus the post author's inbox: where a boost goes.
  Result<std::vector<std::string>> BoostInboxes(const store::Account& account,
                                                const store::StoredObject& object);
  // A fresh token for an activity id about `object_uri` (repeatable actions need distinct ids).
  std::string ActionToken(const std::string& object_uri) const;
  json::Value BoostActivity(const store::Account& account, const store::StoredObject& object,
                            const store::Reaction& reaction) const;
  json::Value LikeActivity(const store::Account& account, const store::StoredObject& object,
                           const store::Reaction& reaction) const;
  void Notify() const;

  store::Store& store_;
  store::FederationStore& federation_;
  RemoteActorResolver& actors_;
  HttpFetcher& fetcher_;
  const HandleLookup lookup_;
  const Uris& uris_;
  const Clock& clock_;
  const HtmlSanitizer sanitize_;
  const std::function<void()> on_enqueued_;
};

}  // namespace cornerstore::activitypub
