// Account and CredentialAccount entities (docs.joinmastodon.org/entities/Account).
#include "activitypub/content/sanitizer.h"
#include "activitypub/profile_html.h"
#include "src/api/entities/renderer.h"
#include "src/common/url.h"

namespace cornerstore::api {
namespace {

// Remote profile fields read from the cached actor document: Mastodon shows four; peers send
// up to a few more.
constexpr size_t kMaxRemoteFields = 16;

json::Value Field(const std::string& name, const std::string& value_html) {
  json::Value field;
  field.Set("name", name);
  field.Set("value", value_html);
  field.Set("verified_at", nullptr);
  return field;
}

// The PropertyValue attachments of a remote actor document, sanitized.
json::Value RemoteFields(const std::string& raw_json) {
  json::Value fields = json::Value::MakeArray();
  if (raw_json.empty()) return fields;
  auto doc = json::Parse(raw_json);
  if (!doc.ok()) return fields;
  const json::Array* attachments = doc->FindArray("attachment");
  if (attachments == nullptr) return fields;
  for (const json::Value& item : *attachments) {
    if (fields.size() >= kMaxRemoteFields) break;
    const std::string* type = item.FindString("type");
    const std::string* name = item.FindString("name");
    const std::string* value = item.FindString("value");
    if (type == nullptr || *type != "PropertyValue" || name == nullptr || value == nullptr) {
      continue;
    }
    fields.Push(Field(activitypub::content::HtmlToPlainText(*name),
                      activitypub::content::SanitizeHtml(*value)));
  }
  return fields;
}

}  // namespace

std::string MastodonTime(int64_t unix_seconds) {
  std::string iso = FormatIso8601(unix_seconds);  // "2026-11-28T15:00:00Z"
  if (!iso.empty() && iso.back() == 'Z') iso.pop_back();
  return iso + ".000Z";
}

std::string Renderer::AvatarOr(const std::string& url) const {
  return url.empty() ? ctx_.uris.base_url() + "/avatars/original/missing.png" : url;
}

std::string Renderer::HeaderOr(const std::string& url) const {
  return url.empty() ? ctx_.uris.base_url() + "/headers/original/missing.png" : url;
}

json::Value Renderer::AccountBase(const std::string& id, const std::string& username,
                                  const std::string& acct) {
  json::Value a;
  a.Set("id", id);
  a.Set("username", username);
  a.Set("acct", acct);
  return a;
}

json::Value Renderer::Account(const store::Account& account) {
  json::Value a = AccountBase(LocalAccountId(account.id), account.username, account.username);
  a.Set("display_name", account.display_name);
  a.Set("locked", account.manually_approves_followers);
  a.Set("bot", account.type == store::ActorType::kService);
  a.Set("discoverable", account.discoverable);
  a.Set("indexable", account.indexable);
  a.Set("group", false);
  a.Set("hide_collections", account.hide_collections);
  a.Set("created_at", MastodonTime(account.created_at));
  a.Set("note", account.summary.empty() ? "" : activitypub::PlainTextToHtml(account.summary));
  a.Set("url", ctx_.uris.ProfilePage(account.username));
  a.Set("uri", ctx_.uris.Actor(account.username));
  a.Set("avatar", AvatarOr(account.avatar_url));
  a.Set("avatar_static", AvatarOr(account.avatar_url));
  a.Set("header", HeaderOr(account.header_url));
  a.Set("header_static", HeaderOr(account.header_url));
  auto followers = ctx_.federation.CountFollowers(account.id, store::FollowState::kAccepted);
  auto following = ctx_.federation.CountFollowing(account.id, store::FollowState::kAccepted);
  auto statuses = ctx_.federation.CountAccountObjects(account.id, {});
  a.Set("followers_count", followers.ok() ? *followers : 0);
  a.Set("following_count", following.ok() ? *following : 0);
  a.Set("statuses_count", statuses.ok() ? *statuses : 0);
  store::PageRequest newest;
  newest.limit = 1;
  auto last = ctx_.federation.ListAccountObjects(account.id, {}, newest);
  if (last.ok() && !last->empty()) {
    a.Set("last_status_at", MastodonTime(last->front().published_at).substr(0, 10));
  } else {
    a.Set("last_status_at", nullptr);
  }
  a.Set("emojis", json::Value::MakeArray());
  json::Value fields = json::Value::MakeArray();
  for (const store::ProfileField& f : account.fields) {
    fields.Push(Field(f.name, activitypub::FieldValueToHtml(f.value)));
  }
  a.Set("fields", fields);
  if (!account.moved_to.empty()) a.Set("moved", AccountByUri(account.moved_to));
  return a;
}

json::Value Renderer::RemoteAccount(const store::RemoteActor& actor) {
  json::Value a =
      AccountBase(RemoteAccountId(actor.uri), actor.username, actor.username + "@" + actor.host);
  a.Set("display_name", actor.display_name);
  a.Set("locked", actor.manually_approves_followers);
  a.Set("bot", actor.type == "Service" || actor.type == "Application");
  a.Set("discoverable", nullptr);
  a.Set("group", actor.type == "Group");
  a.Set("created_at", MastodonTime(actor.fetched_at));
  a.Set("note", actor.summary_html);
  a.Set("url", actor.url.empty() ? actor.uri : actor.url);
  a.Set("uri", actor.uri);
  a.Set("avatar", AvatarOr(actor.avatar_url));
  a.Set("avatar_static", AvatarOr(actor.avatar_url));
  a.Set("header", HeaderOr(actor.header_url));
  a.Set("header_static", HeaderOr(actor.header_url));
  // We do not count a remote actor's followers or posts; Mastodon shows what it knows too.
  a.Set("followers_count", 0);
  a.Set("following_count", 0);
  a.Set("statuses_count", 0);
  a.Set("last_status_at", nullptr);
  a.Set("emojis", json::Value::MakeArray());
  a.Set("fields", RemoteFields(actor.raw_json));
  return a;
}

json::Value Renderer::AccountByUri(std::string_view actor_uri) {
  if (auto username = ctx_.uris.UsernameFromActor(actor_uri)) {
    auto account = ctx_.store.FindAccountByUsername(*username);
    if (account.ok()) return Account(*account);
  } else {
    auto actor = ctx_.federation.FindRemoteActor(actor_uri);
    if (actor.ok()) return RemoteAccount(*actor);
  }
  // Unknown to us (never fetched, or gone): enough for a client to show and open it.
  store::RemoteActor minimal;
  minimal.uri = std::string(actor_uri);
  minimal.host = HostOf(actor_uri);
  std::string_view path = actor_uri.substr(actor_uri.find_last_of('/') + 1);
  minimal.username = std::string(path);
  return RemoteAccount(minimal);
}

json::Value Renderer::CredentialAccount(const store::Account& account) {
  json::Value a = Account(account);
  json::Value source;
  source.Set("privacy", "public");
  source.Set("sensitive", false);
  source.Set("language", "");
  source.Set("note", account.summary);
  json::Value fields = json::Value::MakeArray();
  for (const store::ProfileField& f : account.fields) {
    json::Value field;
    field.Set("name", f.name);
    field.Set("value", f.value);
    field.Set("verified_at", nullptr);
    fields.Push(field);
  }
  source.Set("fields", fields);
  auto requests = ctx_.federation.CountFollowers(account.id, store::FollowState::kPending);
  source.Set("follow_requests_count", requests.ok() ? *requests : 0);
  a.Set("source", source);
  // Mastodon's role of an account without special permissions.
  json::Value role;
  role.Set("id", "-99");
  role.Set("name", "");
  role.Set("permissions", "0");
  role.Set("color", "");
  role.Set("highlighted", false);
  a.Set("role", role);
  return a;
}

std::string Renderer::ViewerActor() const {
  return viewer_ == nullptr ? std::string() : ctx_.uris.Actor(viewer_->account.username);
}

}  // namespace cornerstore::api
