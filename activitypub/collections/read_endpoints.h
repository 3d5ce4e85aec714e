// ReadEndpoints: what peers can read of our accounts over ActivityPub besides the actor
// document — a post (Note) and the Create that published it, the outbox, followers, following,
// featured (pinned posts, embedded) and featured tags. Thin adapters from HttpRequest to
// HttpResponse; the server registers them as routes and passes the verified signer of a signed
// GET (`requester`, "" when unsigned; App::SignedRequester computes it).
//
// Rules every method applies, in this order:
//   - authorized fetch (config instance.authorized_fetch): an unsigned request is refused, 401;
//   - a signer on a blocked domain is refused, 403 (whether or not authorized fetch is on);
//   - the account must exist (404), then the visibility rules of collections/visibility.h per
//     requester: hidden posts answer 404, deleted ones 410 with a Tombstone.
// Successful answers are `application/activity+json; charset=utf-8` with `Vary: Accept`;
// answers to unsigned requests may be cached publicly, answers to signed ones only privately
// (they can show followers-only posts). Browsers (content negotiation wanting HTML) are the
// caller's business: FindVisibleStatus gives it the post with the same rules.
//
// Ownership: borrows the stores, Uris and Config, which must outlive it.
// Thread safety: no mutable state of its own; as thread-safe as the stores (which are).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "activitypub/collections/visibility.h"
#include "activitypub/uris.h"
#include "config/config.h"
#include "src/common/http_message.h"
#include "src/common/result.h"
#include "store/federation_store.h"
#include "store/store.h"

namespace cornerstore::activitypub::collections {

class ReadEndpoints {
 public:
  ReadEndpoints(store::Store& store, store::FederationStore& federation, const Uris& uris,
                const config::Config& config);

  // GET /users/{name}/statuses/{id}: the Note. 410 Tombstone if deleted; 404 if hidden.
  HttpResponse Status(const HttpRequest& request, const std::string& username,
                      const std::string& status_id, const std::string& requester);
  // GET /users/{name}/statuses/{id}/activity: the Create wrapping the Note.
  HttpResponse StatusActivity(const HttpRequest& request, const std::string& username,
                              const std::string& status_id, const std::string& requester);
  // GET /users/{name}/outbox[?page=true&max_id=N|min_id=N]: the OrderedCollection, or a page
  // of Create activities with the Notes embedded.
  HttpResponse Outbox(const HttpRequest& request, const std::string& username,
                      const std::string& requester);
  // GET /users/{name}/followers[?page=…] and /following: accepted follows as actor ids. With
  // hide_collections only totalItems (no `first`, which Mastodon reads as hidden).
  HttpResponse Followers(const HttpRequest& request, const std::string& username,
                         const std::string& requester);
  HttpResponse Following(const HttpRequest& request, const std::string& username,
                         const std::string& requester);
  // GET /users/{name}/collections/featured: the pinned posts the requester may see, embedded.
  HttpResponse Featured(const HttpRequest& request, const std::string& username,
                        const std::string& requester);
  // GET /users/{name}/collections/tags: an empty Collection (we feature no hashtags).
  HttpResponse FeaturedTags(const HttpRequest& request, const std::string& username,
                            const std::string& requester);

  // The post at Uris::Status(username, status_id) if `requester` may see it, for the HTML
  // page: kNotFound if there is no such account or post or it is hidden, kGone if deleted,
  // kUnavailable if the store fails. Does not apply authorized fetch (browsers never sign).
  Result<store::StoredObject> FindVisibleStatus(const std::string& username,
                                                const std::string& status_id,
                                                const std::string& requester);

 private:
  struct Visible {
    store::Account account;
    store::StoredObject object;
    bool deleted = false;  // a tombstone: only `object.uri` is meaningful
  };

  // The refusal for this requester (401 under authorized fetch, 403 for a blocked domain), or
  // nullopt when it may read.
  std::optional<HttpResponse> Refusal(const std::string& requester);
  Result<store::Account> FindAccount(const std::string& username);
  Result<Reader> ReaderFor(const store::Account& account, const std::string& requester);
  // The post if `requester` may see it, or its tombstone; kNotFound if missing or hidden.
  Result<Visible> FindVisible(const std::string& username, const std::string& status_id,
                              const std::string& requester);
  HttpResponse FollowCollection(const HttpRequest& request, const std::string& username,
                                const std::string& requester, bool followers);

  store::Store& store_;
  store::FederationStore& federation_;
  const Uris& uris_;
  const config::Config& config_;
};

}  // namespace cornerstore::activitypub::collections
