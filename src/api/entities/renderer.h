// Renderer: Mastodon's JSON entities (Account, CredentialAccount, Status, Relationship,
// Notification) for one viewer, from what the stores hold (docs.joinmastodon.org/entities).
//
// Viewer-dependent fields (favourited, reblogged, pinned, relationships) are computed for
// `viewer`; an anonymous request (nullptr) sees them false. Ids follow src/api/ids.h; times are
// Mastodon's "2026-11-28T15:00:00.000Z". Remote HTML was sanitized when it arrived.
//
// One per request. Borrows the context and viewer. Thread safety: not shared between threads.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "src/api/api_context.h"
#include "src/api/guard.h"
#include "src/api/ids.h"
#include "src/common/json.h"
#include "src/common/result.h"
#include "store/federation_store.h"
#include "store/store.h"

namespace cornerstore::api {

// Mastodon's timestamp form, with milliseconds ("….000Z"): some clients parse only that.
std::string MastodonTime(int64_t unix_seconds);
// Mastodon's names for visibilities ("private" for followers-only).
std::string_view MastodonVisibility(store::Visibility visibility);
// Mastodon's name for a notification type; nullopt for ours that Mastodon does not have
// (emoji reactions, moves, reports). A reply is a "mention" there.
std::optional<std::string_view> MastodonNotificationType(store::NotificationType type);

class Renderer {
 public:
  Renderer(ApiContext& ctx, const Viewer* viewer) : ctx_(ctx), viewer_(viewer) {}

  json::Value Account(const store::Account& account);
  json::Value RemoteAccount(const store::RemoteActor& actor);
  // The account of an actor URI: a local account, a cached remote actor, or (unknown actor) a
  // minimal entity built from the URI so a status never lacks its account.
  json::Value AccountByUri(std::string_view actor_uri);
  // The viewer's own account with its `source` (the profile as typed) and follow request count.
  json::Value CredentialAccount(const store::Account& account);

  // True if the viewer may see `object` (Mastodon's StatusPolicy#show?); tombstones never.
  bool CanSee(const store::StoredObject& object);
  Result<json::Value> Status(const store::StoredObject& object);
  // A local account's boost of `object`: a status whose `reblog` is the boosted one.
  Result<json::Value> Reblog(const store::Account& booster, const store::Reaction& boost,
                             const store::StoredObject& object);

  // How the viewer relates to the account `target` names.
  Result<json::Value> Relationship(const AccountRef& target);

  // kNotFound for a notification the client API does not show: a type Mastodon does not have
  // (emoji reactions, moves, reports), or one whose post is gone or hidden from the viewer.
  Result<json::Value> Notification(const store::Notification& notification);

  // The viewer's actor URI; empty when anonymous.
  std::string ViewerActor() const;

 private:
  json::Value AccountBase(const std::string& id, const std::string& username,
                          const std::string& acct);
  std::string AvatarOr(const std::string& url) const;
  std::string HeaderOr(const std::string& url) const;
  json::Value Mentions(const store::StoredObject& object);
  json::Value Tags(const store::StoredObject& object);
  std::string ActorUriOf(const AccountRef& ref);

  ApiContext& ctx_;
  const Viewer* viewer_;
};

}  // namespace cornerstore::api
