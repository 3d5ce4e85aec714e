#include "activitypub/collections/read_endpoints.h"

#include <functional>
#include <string_view>
#include <utility>
#include <vector>

#include "activitypub/collections/note_json.h"
#include "activitypub/collections/paging.h"
#include "src/common/http_response.h"
#include "src/common/json.h"
#include "src/common/log.h"
#include "src/common/url.h"

namespace cornerstore::activitypub::collections {
namespace {

// How long a shared cache may keep an answer to an unsigned request: public documents change
// rarely, and big servers fetch the same ones many times.
constexpr std::string_view kPublicCacheControl = "max-age=180, public";
// Answers to signed requests depend on the signer (followers-only posts): never shared.
constexpr std::string_view kPrivateCacheControl = "max-age=0, private";

HttpResponse WithVary(HttpResponse response) {
  response.headers.Set("Vary", "Accept");
  return response;
}

HttpResponse ActivityResponse(int status, const json::Value& doc, const std::string& requester) {
  HttpResponse response = JsonResponse(status, doc, kActivityJsonType);
  response.headers.Set("Cache-Control",
                       std::string(requester.empty() ? kPublicCacheControl : kPrivateCacheControl));
  return WithVary(std::move(response));
}

// The peer-facing answer to a failed lookup: its own status for what a peer can cause, 503 (and
// a log line) for a store failure.
HttpResponse FailureResponse(const Error& error, std::string_view event) {
  switch (error.code) {
    case ErrorCode::kNotFound:
    case ErrorCode::kInvalidInput:
    case ErrorCode::kGone:
    case ErrorCode::kUnauthorized:
    case ErrorCode::kForbidden:
      return WithVary(ErrorResponse(error));
    default:
      log::Error(event, {{"error", error.ToLogString()}});
      return WithVary(ErrorResponse(503, "temporarily unavailable"));
  }
}

// `body` served on its own: "@context": NoteContext() first, then its members.
json::Value WithNoteContext(json::Value body) {
  json::Value doc;
  doc.Set("@context", NoteContext());
  for (auto& member : body.AsObject()) doc.Set(std::move(member.first), std::move(member.second));
  return doc;
}

json::Value CollectionDoc(const std::string& id, std::string_view type, int64_t total) {
  json::Value doc;
  doc.Set("@context", kActivityStreams);
  doc.Set("id", id);
  doc.Set("type", type);
  doc.Set("totalItems", total);
  return doc;
}

// The OrderedCollectionPage shell for `query` in collection `collection_id`; the caller adds
// orderedItems.
json::Value PageDoc(json::Value context, const std::string& collection_id, const PageQuery& query) {
  json::Value doc;
  doc.Set("@context", std::move(context));
  doc.Set("id", PageUrl(collection_id, query));
  doc.Set("type", "OrderedCollectionPage");
  doc.Set("partOf", collection_id);
  return doc;
}

// next (older) and prev (newer) cursors of a page whose items span ids first_id … last_id.
void SetCursors(json::Value& doc, const std::string& collection_id, bool has_older,
                int64_t first_id, int64_t last_id) {
  if (has_older) {
    PageQuery next;
    next.page = true;
    next.max_id = last_id;
    doc.Set("next", PageUrl(collection_id, next));
  }
  PageQuery prev;
  prev.page = true;
  prev.min_id = first_id;
  doc.Set("prev", PageUrl(collection_id, prev));
}

}  // namespace

ReadEndpoints::ReadEndpoints(store::Store& store, store::FederationStore& federation,
                             const Uris& uris, const config::Config& config)
    : store_(store), federation_(federation), uris_(uris), config_(config) {}

std::optional<HttpResponse> ReadEndpoints::Refusal(const std::string& requester) {
  if (requester.empty()) {
    if (!config_.instance.authorized_fetch) return std::nullopt;
    return WithVary(ErrorResponse(401, "signature required"));
  }
  const std::string host = HostOf(requester);
  if (host.empty()) return std::nullopt;
  auto blocked = federation_.IsDomainBlocked(host);
  if (!blocked.ok()) return FailureResponse(blocked.error(), "read.domain_block_check_failed");
  if (*blocked) {
    log::Info("read.blocked_domain", {{"signer", requester}});
    return WithVary(ErrorResponse(403, "forbidden"));
  }
  return std::nullopt;
}

Result<store::Account> ReadEndpoints::FindAccount(const std::string& username) {
  auto account = store_.FindAccountByUsername(username);
  if (!account.ok() && account.error().code == ErrorCode::kNotFound) {
    return MakeError(ErrorCode::kNotFound, "no such account", username);
  }
  return account;
}

Result<Reader> ReadEndpoints::ReaderFor(const store::Account& account,
                                        const std::string& requester) {
  Reader reader;
  reader.actor = requester;
  if (requester.empty()) return reader;
  auto follow = federation_.FindFollow(requester, uris_.Actor(account.username));
  if (follow.ok()) {
    reader.accepted_follower = follow->state == store::FollowState::kAccepted;
  } else if (follow.error().code != ErrorCode::kNotFound) {
    return follow.take_error();
  }
  CS_ASSIGN_OR_RETURN(reader.blocked, federation_.IsBlocked(account.id, requester, false));
  return reader;
}

Result<ReadEndpoints::Visible> ReadEndpoints::FindVisible(const std::string& username,
                                                          const std::string& status_id,
                                                          const std::string& requester) {
  CS_ASSIGN_OR_RETURN(store::Account account, FindAccount(username));
  const std::string uri = uris_.Status(account.username, status_id);
  const Error not_found = MakeError(ErrorCode::kNotFound, "no such post", uri);
  auto object = federation_.FindObject(uri);
  if (!object.ok()) {
    if (object.error().code == ErrorCode::kNotFound) return not_found;
    if (object.error().code == ErrorCode::kGone) {
      store::StoredObject tombstone;
      tombstone.uri = uri;
      tombstone.account_id = account.id;
      tombstone.deleted_at = 1;
      object = std::move(tombstone);
    } else {
      return object.take_error();
    }
  }
  if (object->account_id != account.id) return not_found;
  // A tombstone answers 410 to anyone: it shows nothing of what was there.
  if (object->deleted_at != 0) return Visible{std::move(account), std::move(object).value(), true};
  CS_ASSIGN_OR_RETURN(Reader reader, ReaderFor(account, requester));
  if (!MayRead(*object, reader)) return not_found;
  return Visible{std::move(account), std::move(object).value(), false};
}

Result<store::StoredObject> ReadEndpoints::FindVisibleStatus(const std::string& username,
                                                             const std::string& status_id,
                                                             const std::string& requester) {
  auto found = FindVisible(username, status_id, requester);
  if (!found.ok()) {
    Error error = found.take_error();
    if (error.code != ErrorCode::kNotFound) error.code = ErrorCode::kUnavailable;
    return error;
  }
  if (found->deleted) {
    return MakeError(ErrorCode::kGone, "that post was deleted", found->object.uri);
  }
  return std::move(found->object);
}

HttpResponse ReadEndpoints::Status(const HttpRequest&, const std::string& username,
                                   const std::string& status_id, const std::string& requester) {
  if (auto refusal = Refusal(requester)) return *refusal;
  auto found = FindVisible(username, status_id, requester);
  if (!found.ok()) return FailureResponse(found.error(), "read.status_failed");
  if (found->deleted) return ActivityResponse(410, TombstoneToJson(found->object.uri), requester);
  return ActivityResponse(200, WithNoteContext(NoteToJson(found->object, found->account, uris_)),
                          requester);
}

HttpResponse ReadEndpoints::StatusActivity(const HttpRequest&, const std::string& username,
                                           const std::string& status_id,
                                           const std::string& requester) {
  if (auto refusal = Refusal(requester)) return *refusal;
  auto found = FindVisible(username, status_id, requester);
  if (!found.ok()) return FailureResponse(found.error(), "read.status_activity_failed");
  if (found->deleted) {
    return ActivityResponse(410, TombstoneToJson(CreateActivityId(found->object.uri)), requester);
  }
  return ActivityResponse(200, WithNoteContext(CreateToJson(found->object, found->account, uris_)),
                          requester);
}

HttpResponse ReadEndpoints::Outbox(const HttpRequest& request, const std::string& username,
                                   const std::string& requester) {
  if (auto refusal = Refusal(requester)) return *refusal;
  auto account = FindAccount(username);
  if (!account.ok()) return FailureResponse(account.error(), "read.outbox_failed");
  auto query = ParsePageQuery(request.Query());
  if (!query.ok()) return FailureResponse(query.error(), "read.outbox_failed");
  auto reader = ReaderFor(*account, requester);
  if (!reader.ok()) return FailureResponse(reader.error(), "read.outbox_failed");
  const std::string id = uris_.Outbox(account->username);
  const std::vector<store::Visibility> visibilities = ListedVisibilities(*reader);

  if (!query->page) {
    int64_t total = 0;
    if (!visibilities.empty()) {
      auto count = federation_.CountAccountObjects(account->id, visibilities);
      if (!count.ok()) return FailureResponse(count.error(), "read.outbox_failed");
      total = *count;
    }
    json::Value doc = CollectionDoc(id, "OrderedCollection", total);
    PageQuery first;
    first.page = true;
    doc.Set("first", PageUrl(id, first));
    PageQuery last;
    last.page = true;
    last.min_id = 0;
    doc.Set("last", PageUrl(id, last));
    return ActivityResponse(200, doc, requester);
  }

  Page<store::StoredObject> page;
  if (!visibilities.empty()) {
    const int64_t account_id = account->id;
    std::function<Result<std::vector<store::StoredObject>>(const store::PageRequest&)> list =
        [&](const store::PageRequest& request_page) {
          return federation_.ListAccountObjects(account_id, visibilities, request_page);
        };
    std::function<int64_t(const store::StoredObject&)> id_of = [](const store::StoredObject& o) {
      return o.id;
    };
    auto fetched = FetchPage(list, id_of, *query, kCollectionPageSize);
    if (!fetched.ok()) return FailureResponse(fetched.error(), "read.outbox_failed");
    page = std::move(fetched).value();
  }
  json::Value doc = PageDoc(NoteContext(), id, *query);
  if (!page.items.empty()) {
    SetCursors(doc, id, page.has_older, page.items.front().id, page.items.back().id);
  }
  json::Value items = json::Value::MakeArray();
  for (const auto& object : page.items) items.Push(CreateToJson(object, *account, uris_));
  doc.Set("orderedItems", std::move(items));
  return ActivityResponse(200, doc, requester);
}

HttpResponse ReadEndpoints::Followers(const HttpRequest& request, const std::string& username,
                                      const std::string& requester) {
  return FollowCollection(request, username, requester, true);
}

HttpResponse ReadEndpoints::Following(const HttpRequest& request, const std::string& username,
                                      const std::string& requester) {
  return FollowCollection(request, username, requester, false);
}

HttpResponse ReadEndpoints::FollowCollection(const HttpRequest& request,
                                             const std::string& username,
                                             const std::string& requester, bool followers) {
  const char* event = followers ? "read.followers_failed" : "read.following_failed";
  if (auto refusal = Refusal(requester)) return *refusal;
  auto account = FindAccount(username);
  if (!account.ok()) return FailureResponse(account.error(), event);
  auto query = ParsePageQuery(request.Query());
  if (!query.ok()) return FailureResponse(query.error(), event);
  const std::string id =
      followers ? uris_.Followers(account->username) : uris_.Following(account->username);
  const int64_t account_id = account->id;
  auto total = followers ? federation_.CountFollowers(account_id, store::FollowState::kAccepted)
                         : federation_.CountFollowing(account_id, store::FollowState::kAccepted);
  if (!total.ok()) return FailureResponse(total.error(), event);
  const bool hidden = account->hide_collections;

  if (!query->page) {
    json::Value doc = CollectionDoc(id, "OrderedCollection", *total);
    // Without `first` Mastodon shows the collection as hidden (PROTOCOL.md §3).
    if (!hidden) {
      PageQuery first;
      first.page = true;
      doc.Set("first", PageUrl(id, first));
    }
    return ActivityResponse(200, doc, requester);
  }

  Page<store::Follow> page;
  if (!hidden) {
    std::function<Result<std::vector<store::Follow>>(const store::PageRequest&)> list =
        [&](const store::PageRequest& request_page) {
          return followers ? federation_.ListFollowers(account_id, store::FollowState::kAccepted,
                                                       request_page)
                           : federation_.ListFollowing(account_id, store::FollowState::kAccepted,
                                                       request_page);
        };
    std::function<int64_t(const store::Follow&)> id_of = [](const store::Follow& f) {
      return f.id;
    };
    auto fetched = FetchPage(list, id_of, *query, kCollectionPageSize);
    if (!fetched.ok()) return FailureResponse(fetched.error(), event);
    page = std::move(fetched).value();
  }
  json::Value doc = PageDoc(json::Value(kActivityStreams), id, *query);
  doc.Set("totalItems", *total);
  if (!page.items.empty()) {
    SetCursors(doc, id, page.has_older, page.items.front().id, page.items.back().id);
  }
  json::Value items = json::Value::MakeArray();
  for (const auto& follow : page.items) {
    items.Push(followers ? follow.follower_uri : follow.followed_uri);
  }
  doc.Set("orderedItems", std::move(items));
  return ActivityResponse(200, doc, requester);
}

HttpResponse ReadEndpoints::Featured(const HttpRequest&, const std::string& username,
                                     const std::string& requester) {
  if (auto refusal = Refusal(requester)) return *refusal;
  auto account = FindAccount(username);
  if (!account.ok()) return FailureResponse(account.error(), "read.featured_failed");
  auto reader = ReaderFor(*account, requester);
  if (!reader.ok()) return FailureResponse(reader.error(), "read.featured_failed");
  auto pinned = federation_.ListPinned(account->id);
  if (!pinned.ok()) return FailureResponse(pinned.error(), "read.featured_failed");
  json::Value items = json::Value::MakeArray();
  for (const auto& object : *pinned) {
    // Direct messages are never featured, even to those they mention (as Mastodon).
    if (object.visibility == store::Visibility::kDirect || !MayRead(object, *reader)) continue;
    items.Push(NoteToJson(object, *account, uris_));
  }
  json::Value doc;
  doc.Set("@context", NoteContext());
  doc.Set("id", uris_.Featured(account->username));
  doc.Set("type", "OrderedCollection");
  doc.Set("totalItems", static_cast<int64_t>(items.size()));
  doc.Set("orderedItems", std::move(items));
  return ActivityResponse(200, doc, requester);
}

HttpResponse ReadEndpoints::FeaturedTags(const HttpRequest&, const std::string& username,
                                         const std::string& requester) {
  if (auto refusal = Refusal(requester)) return *refusal;
  auto account = FindAccount(username);
  if (!account.ok()) return FailureResponse(account.error(), "read.featured_tags_failed");
  json::Value doc = CollectionDoc(uris_.FeaturedTags(account->username), "Collection", 0);
  doc.Set("items", json::Value::MakeArray());
  return ActivityResponse(200, doc, requester);
}

}  // namespace cornerstore::activitypub::collections
