#include "activitypub/inbox/remote_actors.h"

#include <utility>

#include "activitypub/vocabulary/from_json.h"
#include "src/common/log.h"
#include "src/common/url.h"

namespace cornerstore::activitypub {
namespace {

bool IsTransient(const Error& error) {
  return error.code == ErrorCode::kUnavailable || error.code == ErrorCode::kTimeout;
}

Error StatusError(int status, std::string_view url) {
  std::string detail = "HTTP " + std::to_string(status) + " from " + std::string(url);
  switch (status) {
    case 404:
      return MakeError(ErrorCode::kNotFound, "remote document not found", detail);
    case 410:
      return MakeError(ErrorCode::kGone, "remote document gone", detail);
    case 401:
    case 403:
      return MakeError(ErrorCode::kForbidden, "remote server refused the fetch", detail);
    case 408:
    case 429:
      return MakeError(ErrorCode::kUnavailable, "remote server busy", detail);
    default:
      if (status >= 500) {
        return MakeError(ErrorCode::kUnavailable, "remote server failed", detail);
      }
      return MakeError(ErrorCode::kInvalidInput, "unexpected answer from remote server", detail);
  }
}

}  // namespace

Result<FetchedDocument> FetchActivityDocument(HttpFetcher& fetcher, std::string_view url) {
  OutboundRequest request;
  request.method = "GET";
  request.url = std::string(url);
  request.headers.Set("Accept", std::string(kActivityAcceptHeader));
  CS_ASSIGN_OR_RETURN(FetchResponse response, fetcher.Fetch(request));
  if (response.status != 200) return StatusError(response.status, url);
  std::string final_url = response.final_url.empty() ? std::string(url) : response.final_url;

  auto parsed = json::Parse(response.body);
  if (!parsed.ok()) {
    return MakeError(ErrorCode::kInvalidInput, "remote document is not valid JSON",
                     std::string(url) + ": " + parsed.error().ToLogString());
  }
  if (!parsed->is_object()) {
    return MakeError(ErrorCode::kInvalidInput, "remote document is not a JSON object",
                     std::string(url));
  }
  const std::string* id = parsed->FindString("id");
  if (id == nullptr || !IsValidId(*id)) {
    return MakeError(ErrorCode::kInvalidInput, "remote document has no valid id", std::string(url));
  }
  if (!SameOrigin(*id, final_url)) {
    return MakeError(ErrorCode::kInvalidInput, "remote document id is from another origin",
                     *id + " served by " + final_url);
  }
  return FetchedDocument{std::move(parsed).value(), std::move(final_url)};
}

store::RemoteActor RemoteActorFromDoc(const ActorDoc& doc, const HtmlSanitizer& sanitize,
                                      int64_t now) {
  store::RemoteActor a;
  a.uri = doc.id;
  a.type = doc.type;
  a.username = doc.preferred_username;
  a.host = HostOf(doc.id);
  a.display_name = doc.name;
  a.summary_html = doc.summary.empty() ? std::string() : sanitize(doc.summary);
  a.url = doc.url;
  a.inbox = doc.inbox;
  a.shared_inbox = doc.shared_inbox;
  a.outbox = doc.outbox;
  a.followers_uri = doc.followers;
  a.following_uri = doc.following;
  a.featured_uri = doc.featured;
  a.avatar_url = doc.icon_url;
  a.header_url = doc.image_url;
  // The actor's own key: the one at {actor}#main-key when there are several, else the first.
  for (const PublicKeyDoc& key : doc.public_keys) {
    if (a.public_key_id.empty() || key.id == doc.id + "#main-key") {
      a.public_key_id = key.id;
      a.public_key_pem = key.pem;
    }
  }
  a.manually_approves_followers = doc.manually_approves_followers;
  a.also_known_as = doc.also_known_as;
  a.moved_to = doc.moved_to;
  // The raw document is kept with its HTML sanitized, so nothing that re-reads it can show
  // peer markup unfiltered.
  auto raw = json::Parse(doc.raw_json);
  if (raw.ok() && raw->is_object()) {
    json::Value& value = *raw;
    if (const std::string* summary = value.FindString("summary")) {
      value.Set("summary", sanitize(*summary));
    }
    if (json::Value* fields = value.Find("attachment"); fields != nullptr && fields->is_array()) {
      for (json::Value& field : fields->AsArray()) {
        if (const std::string* v = field.FindString("value")) field.Set("value", sanitize(*v));
      }
    }
    a.raw_json = json::Serialize(value);
  }
  a.fetched_at = now;
  return a;
}

RemoteActorResolver::RemoteActorResolver(store::FederationStore& federation, HttpFetcher& fetcher,
                                         const Uris& uris, const Clock& clock,
                                         HtmlSanitizer sanitize)
    : federation_(federation),
      fetcher_(fetcher),
      uris_(uris),
      clock_(clock),
      sanitize_(std::move(sanitize)) {}

Result<store::RemoteActor> RemoteActorResolver::Resolve(std::string_view uri, bool force_refresh) {
  if (!IsValidId(uri)) return MakeError(ErrorCode::kInvalidInput, "actor id is not a URL");
  if (uris_.IsLocal(uri)) {
    return MakeError(ErrorCode::kInvalidInput, "actor id is local", std::string(uri));
  }
  auto cached = federation_.FindRemoteActor(uri);
  if (!cached.ok() && cached.error().code != ErrorCode::kNotFound) return cached.take_error();
  int64_t now = clock_.NowUnix();
  if (cached.ok() && !force_refresh && now - cached->fetched_at < kRefreshAfterSeconds) {
    return cached;
  }

  auto fetched = [&]() -> Result<ActorDoc> {
    CS_ASSIGN_OR_RETURN(FetchedDocument document, FetchActivityDocument(fetcher_, uri));
    CS_ASSIGN_OR_RETURN(ActorDoc doc, ActorFromJson(document.json));
    if (doc.id != uri) {
      return MakeError(ErrorCode::kInvalidInput, "actor id does not match its URL",
                       doc.id + " fetched as " + std::string(uri));
    }
    return doc;
  }();
  if (!fetched.ok()) {
    if (cached.ok() && IsTransient(fetched.error())) {
      log::Warn("actor.refresh_failed",
                {{"actor", std::string(uri)}, {"error", fetched.error().ToLogString()}});
      return cached;
    }
    return fetched.take_error();
  }
  return Save(*fetched);
}

Result<store::RemoteActor> RemoteActorResolver::Save(const ActorDoc& doc) {
  if (uris_.IsLocal(doc.id)) {
    return MakeError(ErrorCode::kInvalidInput, "actor id is local", doc.id);
  }
  return federation_.UpsertRemoteActor(RemoteActorFromDoc(doc, sanitize_, clock_.NowUnix()));
}

}  // namespace cornerstore::activitypub
