#include "src/server/c2s_routes.h"

#include <memory>
#include <string>
#include <string_view>

#include "activitypub/c2s/client_activity.h"
#include "activitypub/c2s/client_outbox.h"
#include "activitypub/collections/note_json.h"
#include "activitypub/collections/paging.h"
#include "src/auth/principal.h"
#include "src/common/http_response.h"
#include "src/common/log.h"

namespace cornerstore::server {
namespace {

namespace c2s = activitypub::c2s;
namespace collections = activitypub::collections;

// Usernames in paths, as App matches them.
constexpr const char* kNameGroup = "([A-Za-z0-9_.\\-]{1,64})";
// Mastodon's sentences for token refusals, which clients already show.
constexpr std::string_view kInvalidToken = "The access token is invalid";
constexpr std::string_view kOutsideScopes = "This action is outside the authorized scopes";
// Any of these lets a token reach the outbox at all; the activity's own scope is checked after
// parsing (c2s::RequiredScope).
constexpr std::string_view kWriteScopes[] = {"write:statuses", "write:favourites", "write:follows",
                                             "write:blocks", "write:accounts"};
// What reading the inbox needs: the home timeline's scope.
constexpr std::string_view kInboxScope = "read:statuses";

HttpResponse Unauthorized(std::string_view challenge) {
  HttpResponse r = ErrorResponse(401, kInvalidToken);
  r.headers.Set("WWW-Authenticate", std::string(challenge));
  r.headers.Set("Cache-Control", "no-store");
  return r;
}

// ActivityPub §6: the outbox takes application/ld+json with the ActivityStreams profile;
// application/activity+json is its usual spelling.
bool IsActivityMediaType(std::string_view content_type) {
  const std::string lower = ToLower(content_type);
  std::string_view type = lower;
  type = type.substr(0, type.find(';'));
  while (!type.empty() && type.back() == ' ') type.remove_suffix(1);
  return type == "application/activity+json" || type == "application/ld+json";
}

// Failures of a parsed submission: the client's mistakes are 422 (the request was well-formed
// JSON but cannot be carried out), the rest keep their own status.
HttpResponse SubmissionError(const Error& error) {
  log::Info("c2s.refused", {{"error", error.ToLogString()}});
  if (error.code == ErrorCode::kInvalidInput) return ErrorResponse(422, error.message);
  return ErrorResponse(error);
}

// A Create for a remote post of the timeline: the Note from what was stored (sanitized), the
// Create without an id, since only its object was kept.
json::Value RemoteCreate(const store::StoredObject& object) {
  json::Value note;
  note.Set("id", object.uri);
  note.Set("type", object.type);
  note.Set("attributedTo", object.attributed_to);
  if (!object.url.empty()) note.Set("url", object.url);
  if (!object.in_reply_to_uri.empty()) note.Set("inReplyTo", object.in_reply_to_uri);
  if (!object.summary.empty()) note.Set("summary", object.summary);
  note.Set("sensitive", object.sensitive);
  note.Set("content", object.content_html);
  note.Set("published", FormatIso8601(object.published_at));
  json::Value to = json::Value::MakeArray(), cc = json::Value::MakeArray();
  for (const auto& t : object.to) to.Push(t);
  for (const auto& c : object.cc) cc.Push(c);
  note.Set("to", to);
  note.Set("cc", cc);
  json::Value create;
  create.Set("type", "Create");
  create.Set("actor", object.attributed_to);
  create.Set("published", FormatIso8601(object.published_at));
  create.Set("to", std::move(to));
  create.Set("cc", std::move(cc));
  create.Set("object", std::move(note));
  return create;
}

class C2sRoutes {
 public:
  explicit C2sRoutes(Services& services)
      : services_(services),
        outbox_(services.federation(), services.publish(), services.follows(), services.actors(),
                services.uris(), services.clock()) {}

  HttpResponse PostOutbox(const HttpRequest& request, const std::string& name) {
    auth::Principal principal;
    if (auto refused = Authorize(request, name, &principal)) return *refused;
    bool may_write = false;
    for (std::string_view scope : kWriteScopes) may_write |= auth::Grants(principal.scopes, scope);
    if (!may_write) return ErrorResponse(403, kOutsideScopes);

    auto content_type = request.headers.Get("Content-Type");
    if (!content_type || !IsActivityMediaType(*content_type)) {
      return ErrorResponse(415, "post application/activity+json or application/ld+json");
    }
    auto body = json::Parse(request.body);
    if (!body.ok()) return ErrorResponse(body.error());
    if (!body->is_object()) return ErrorResponse(400, "the body must be a JSON object");

    auto account = services_.store().FindAccountByUsername(name);
    if (!account.ok()) return ErrorResponse(account.error());
    const std::string actor = services_.uris().Actor(account->username);
    auto submission = c2s::ClientActivityFromJson(*body, actor);
    if (!submission.ok()) return SubmissionError(submission.error());

    std::string undone;
    if (submission->activity.type == "Undo") {
      auto target = outbox_.ResolveUndo(*account, submission->activity);
      if (!target.ok()) return SubmissionError(target.error());
      undone = target->type;
    }
    if (!auth::Grants(principal.scopes, c2s::RequiredScope(submission->activity.type, undone))) {
      return ErrorResponse(403, kOutsideScopes);
    }

    auto outcome = outbox_.Submit(*account, *submission);
    if (!outcome.ok()) return SubmissionError(outcome.error());
    json::Value answer;
    if (!outcome->activity_id.empty()) answer.Set("id", outcome->activity_id);
    answer.Set("type", outcome->type);
    answer.Set("object", outcome->object_id);
    // Nothing new was sent (pinning a pinned post, blocking a blocked actor): 200, no Location.
    if (outcome->activity_id.empty()) return JsonResponse(200, answer, kActivityJsonType);
    HttpResponse r = JsonResponse(201, answer, kActivityJsonType);
    r.headers.Set("Location", outcome->activity_id);
    return r;
  }

  HttpResponse GetInbox(const HttpRequest& request, const std::string& name) {
    auth::Principal principal;
    if (auto refused = Authorize(request, name, &principal)) return *refused;
    if (!auth::Grants(principal.scopes, kInboxScope)) return ErrorResponse(403, kOutsideScopes);
    auto account = services_.store().FindAccountByUsername(name);
    if (!account.ok()) return ErrorResponse(account.error());
    auto query = collections::ParsePageQuery(request.Query());
    if (!query.ok()) return ErrorResponse(query.error());

    const std::string inbox = services_.uris().Inbox(account->username);
    collections::PageQuery page_query = *query;
    page_query.page = true;
    auto page = collections::FetchPage<store::StoredObject>(
        [&](const store::PageRequest& req) {
          return services_.federation().ListTimeline(account->id, req);
        },
        [](const store::StoredObject& o) { return o.id; }, page_query,
        collections::kCollectionPageSize);
    if (!page.ok()) return ErrorResponse(page.error());

    json::Value items = json::Value::MakeArray();
    for (const store::StoredObject& object : page->items) {
      if (object.deleted_at != 0) continue;
      if (object.account_id != 0) {
        auto author = services_.store().FindAccountById(object.account_id);
        if (!author.ok()) continue;
        items.Push(collections::CreateToJson(object, *author, services_.uris()));
      } else {
        items.Push(RemoteCreate(object));
      }
    }
    json::Value doc;
    doc.Set("@context", collections::NoteContext());
    json::Value body;
    body.Set("id", collections::PageUrl(inbox, page_query));
    body.Set("type", "OrderedCollectionPage");
    body.Set("partOf", inbox);
    if (page->has_older && !page->items.empty()) {
      collections::PageQuery next;
      next.page = true;
      next.max_id = page->items.back().id;
      body.Set("next", collections::PageUrl(inbox, next));
    }
    body.Set("orderedItems", std::move(items));
    if (query->page) {
      for (auto& [key, value] : body.AsObject()) doc.Set(key, std::move(value));
    } else {
      // The collection itself, with its newest page embedded so one request shows the news.
      doc.Set("id", inbox);
      doc.Set("type", "OrderedCollection");
      doc.Set("first", std::move(body));
    }
    HttpResponse r = JsonResponse(200, doc, kActivityJsonType);
    r.headers.Set("Cache-Control", "private, no-store");
    return r;
  }

 private:
  // The principal of a user token of account `name`, or the refusal to answer with.
  std::optional<HttpResponse> Authorize(const HttpRequest& request, const std::string& name,
                                        auth::Principal* principal) {
    auto who = services_.auth().Authenticate(request);
    if (!who.ok()) return Unauthorized("Bearer error=\"invalid_token\"");
    if (!who->has_value()) return Unauthorized("Bearer");
    *principal = **who;
    if (principal->account_id == 0 || !EqualsIgnoreCase(principal->username, name)) {
      log::Info("c2s.wrong_account",
                {{"path_account", name}, {"token_account", principal->username}});
      return ErrorResponse(403, "this token may act only for its own account");
    }
    return std::nullopt;
  }

  Services& services_;
  c2s::ClientOutbox outbox_;
};

}  // namespace

void RegisterC2sRoutes(HttpServer& server, Services& services) {
  auto routes = std::make_shared<C2sRoutes>(services);
  const std::string user = std::string("/users/") + kNameGroup;
  server.Route("POST", user + "/outbox", [routes](const HttpRequest& r, const PathParams& p) {
    return routes->PostOutbox(r, p[0]);
  });
  server.Route("GET", user + "/inbox", [routes](const HttpRequest& r, const PathParams& p) {
    return routes->GetInbox(r, p[0]);
  });
}

}  // namespace cornerstore::server
