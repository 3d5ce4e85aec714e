// PageRoutes: the public HTML pages and feeds (docs/PAGES.md) — a local account's profile and
// its Atom and RSS feeds, a post's page with its public replies, the remote follow form
// (/@name/remote_follow), and /authorize_interaction, where our WebFinger's subscribe template
// brings an owner who wants to follow a remote account.
//
// Thin adapters: they read what an anonymous reader may see through the stores and
// ReadEndpoints, resolve remote accounts through the SSRF-guarded client (WebFinger lookup,
// RemoteActorResolver), follow through FollowService, and hand plain values to the renderers in
// src/server/pages/. Failures are pages too (4xx/5xx with a sentence), never JSON.
//
// Ownership: borrows Services and the App's ReadEndpoints, which outlive it.
// Thread safety: no mutable state; handlers may run concurrently.
#pragma once

#include <string>
#include <vector>

#include "activitypub/collections/read_endpoints.h"
#include "src/server/http_server.h"
#include "src/server/pages/status_page.h"
#include "src/server/services.h"

namespace cornerstore::server {

class PageRoutes {
 public:
  PageRoutes(Services& services, activitypub::collections::ReadEndpoints& read);

  // Registers the feeds, the remote follow form, /authorize_interaction and /@name. Must come
  // before any route whose pattern would also match /@name.atom or /@name/remote_follow.
  void Register(HttpServer& server);

  // The profile page of `account` (also what its actor URL shows a browser); ?max_id= pages.
  HttpResponse Profile(const HttpRequest& request, const store::Account& account);
  // The page of post `id` of `name` as an anonymous reader sees it, with its public replies
  // (404 for a missing or hidden post, 410 for a deleted one).
  HttpResponse Status(const std::string& name, const std::string& id);

 private:
  HttpResponse ProfileByName(const HttpRequest& request, const std::string& name);
  HttpResponse Feed(const std::string& name, const std::string& format);
  HttpResponse RemoteFollow(const HttpRequest& request, const std::string& name);
  HttpResponse AuthorizeInteraction(const HttpRequest& request);
  HttpResponse ConfirmInteraction(const HttpRequest& request);
  // The public replies stored for `post`, with their authors; [] if the store fails.
  std::vector<pages::Reply> PublicReplies(const store::StoredObject& post,
                                          const store::Account& author);
  // The account called `name` exactly, or the page to answer instead (404, 301, 503).
  Result<store::Account> FindAccount(const std::string& name);

  Services& services_;
  activitypub::collections::ReadEndpoints& read_;
};

}  // namespace cornerstore::server
