#include "activitypub/publish/publish_service.h"

#include <openssl/rand.h>

#include <algorithm>
#include <charconv>
#include <optional>
#include <set>
#include <utility>

#include "activitypub/content/post_formatter.h"
#include "activitypub/content/unicode.h"
#include "activitypub/inbox/handlers/local_audience.h"
#include "activitypub/inbox/handlers/posts.h"
#include "activitypub/outgoing/delivery_jobs.h"
#include "activitypub/outgoing/follow_activities.h"
#include "activitypub/publish/activities.h"
#include "activitypub/vocabulary/from_json.h"
#include "src/common/log.h"
#include "src/common/url.h"

namespace cornerstore::activitypub {
namespace {

// Random bytes in a post id: 64 bits (16 hex digits), so ids never collide in practice and do
// not reveal how many posts the instance has.
constexpr size_t kPostIdBytes = 8;
// Attempts at a fresh post id before giving up (a collision at 64 bits means a broken RNG).
constexpr int kPostIdAttempts = 3;

Result<std::string> RandomPostId() {
  unsigned char bytes[kPostIdBytes];
  if (RAND_bytes(bytes, sizeof bytes) != 1) {
    return MakeError(ErrorCode::kInternal, "could not make a post id", "RAND_bytes failed");
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id;
  for (unsigned char b : bytes) {
    id += kHex[b >> 4];
    id += kHex[b & 0xf];
  }
  return id;
}

Error Invalid(std::string message, std::string detail = {}) {
  return MakeError(ErrorCode::kInvalidInput, std::move(message), std::move(detail));
}

// Code points in `text`; nullopt if it is not valid UTF-8.
std::optional<size_t> CountChars(std::string_view text) {
  static constexpr std::string_view kEncodedReplacement = "\xEF\xBF\xBD";
  size_t count = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t start = pos;
    char32_t cp = content::DecodeUtf8(text, &pos);
    if (cp == content::kReplacementChar && text.substr(start, pos - start) != kEncodedReplacement) {
      return std::nullopt;
    }
    ++count;
  }
  return count;
}

// Distinct "@user" / "@user@host" candidates in `text`, counted the way the formatter finds
// them (an '@' not preceded by a word character), before any lookup is spent on them.
size_t CountMentionCandidates(std::string_view text) {
  std::set<std::string> seen;
  size_t pos = 0;
  char32_t previous = U' ';
  while (pos < text.size()) {
    char32_t cp = content::DecodeUtf8(text, &pos);
    if (cp != U'@' || content::IsWordChar(previous) || previous == U'@') {
      previous = cp;
      continue;
    }
    std::string name;
    size_t scan = pos;
    while (scan < text.size()) {
      size_t next = scan;
      char32_t c = content::DecodeUtf8(text, &next);
      bool host_char = c == U'@' || c == U'.' || c == U'-' || c == U':';
      if (!content::IsWordChar(c) && !(host_char && !name.empty())) break;
      content::AppendUtf8(name, content::ToLowerChar(c));
      scan = next;
    }
    while (!name.empty() && (name.back() == '.' || name.back() == '-' || name.back() == ':')) {
      name.pop_back();
    }
    if (!name.empty()) seen.insert(name);
    previous = cp;
  }
  return seen.size();
}

void AddUnique(std::vector<std::string>& list, const std::string& item) {
  if (item.empty()) return;
  if (std::find(list.begin(), list.end(), item) == list.end()) list.push_back(item);
}

std::vector<std::string> MentionedActors(const store::StoredObject& object) {
  std::vector<std::string> actors;
  for (const store::StoredMention& m : object.mentions) AddUnique(actors, m.actor_uri);
  return actors;
}

bool Boostable(store::Visibility v) {
  return v == store::Visibility::kPublic || v == store::Visibility::kUnlisted;
}

// The author of a local post hears of a local account's like or boost of it, as the inbox would
// tell it of a remote one (handlers/reactions.cpp): no delivery reaches it. Not the author
// itself, not when the author blocked the reactor. Keyed by the reaction's activity id, so a
// repeat notifies once.
Status NotifyLocalAuthor(store::FederationStore& federation, const Clock& clock,
                         const store::StoredObject& object, const store::Reaction& reaction,
                         store::NotificationType type) {
  if (object.account_id == 0 || object.account_id == reaction.actor_account_id) {
    return OkStatus();
  }
  CS_ASSIGN_OR_RETURN(bool blocked, federation.IsBlocked(object.account_id, reaction.actor_uri,
                                                         /*by_remote=*/false));
  if (blocked) return OkStatus();
  store::Notification n;
  n.account_id = object.account_id;
  n.type = type;
  n.actor_uri = reaction.actor_uri;
  n.object_uri = object.uri;
  n.activity_uri = reaction.activity_uri;
  n.created_at = clock.NowUnix();
  auto added = federation.AddNotification(n);
  if (!added.ok()) return added.take_error();
  return OkStatus();
}

}  // namespace

struct PublishService::Formatted {
  std::string html;
  std::vector<store::StoredMention> mentions;
  std::vector<std::string> hashtags;
};

PublishService::PublishService(store::Store& store, store::FederationStore& federation,
                               RemoteActorResolver& actors, HttpFetcher& fetcher,
                               HandleLookup lookup, const Uris& uris, const Clock& clock,
                               std::function<void()> on_enqueued)
    : store_(store),
      federation_(federation),
      actors_(actors),
      fetcher_(fetcher),
      lookup_(std::move(lookup)),
      uris_(uris),
      clock_(clock),
      sanitize_(ContentSanitizer()),
      on_enqueued_(std::move(on_enqueued)) {}

void PublishService::Notify() const {
  if (on_enqueued_) on_enqueued_();
}

// ---------------------------------------------------------------- formatting

Result<PublishService::Formatted> PublishService::Format(const std::string& text,
                                                         const std::string& content_warning) {
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Invalid("a post needs some text");
  }
  std::optional<size_t> text_chars = CountChars(text);
  std::optional<size_t> cw_chars = CountChars(content_warning);
  if (!text_chars || !cw_chars) return Invalid("the text is not valid UTF-8");
  if (*text_chars + *cw_chars > kMaxPostChars) {
    return Invalid("a post (with its content warning) is limited to " +
                   std::to_string(kMaxPostChars) + " characters; this one has " +
                   std::to_string(*text_chars + *cw_chars));
  }
  if (CountMentionCandidates(text) > kMaxPostMentions) {
    return Invalid("a post may mention at most " + std::to_string(kMaxPostMentions) + " accounts");
  }

  const std::string base_host = HostOf(uris_.base_url());
  auto local_target = [&](std::string_view user) -> std::optional<content::MentionTarget> {
    auto account = store_.FindAccountByUsername(user);
    if (!account.ok()) return std::nullopt;
    return content::MentionTarget{uris_.Actor(account->username),
                                  uris_.ProfilePage(account->username),
                                  uris_.Acct(account->username)};
  };
  auto resolve = [&](std::string_view user,
                     std::string_view host) -> std::optional<content::MentionTarget> {
    const std::string lower_host = content::ToLowerUtf8(host);
    if (host.empty() || lower_host == uris_.domain() || lower_host == base_host) {
      return local_target(user);
    }
    if (!lookup_) return std::nullopt;
    auto found = lookup_(std::string(user), lower_host);
    if (!found.ok()) {
      log::Info("publish.mention_unresolved", {{"handle", std::string(user) + "@" + lower_host},
                                               {"error", found.error().ToLogString()}});
      return std::nullopt;
    }
    if (uris_.IsLocal(found->actor_id)) {
      auto name = uris_.UsernameFromActor(found->actor_id);
      return name ? local_target(*name) : std::nullopt;
    }
    auto actor = actors_.Resolve(found->actor_id);
    if (!actor.ok()) {
      log::Info("publish.mention_unresolved",
                {{"actor", found->actor_id}, {"error", actor.error().ToLogString()}});
      return std::nullopt;
    }
    std::string acct = found->acct;
    if (acct.starts_with("acct:")) acct.erase(0, 5);
    if (acct.find('@') == std::string::npos) acct = actor->username + "@" + actor->host;
    return content::MentionTarget{actor->uri, actor->url.empty() ? actor->uri : actor->url, acct};
  };

  content::FormattedPost formatted = content::FormatPost(text, uris_.base_url(), resolve);
  Formatted out;
  out.html = std::move(formatted.html);
  out.hashtags = std::move(formatted.hashtags);
  for (const content::Mention& m : formatted.mentions) {
    store::StoredMention mention;
    mention.actor_uri = m.actor_id;
    mention.acct = m.name.starts_with('@') ? m.name.substr(1) : m.name;
    if (auto name = uris_.UsernameFromActor(m.actor_id)) {
      auto account = store_.FindAccountByUsername(*name);
      if (account.ok()) mention.account_id = account->id;
    }
    out.mentions.push_back(std::move(mention));
  }
  return out;
}

// ---------------------------------------------------------------- finding posts

Result<store::StoredObject> PublishService::FindOwnPost(const store::Account& account,
                                                        const std::string& post) {
  int64_t id = 0;
  const char* end = post.data() + post.size();
  auto [ptr, ec] = std::from_chars(post.data(), end, id);
  const bool numeric = !post.empty() && ec == std::errc() && ptr == end && id > 0;
  auto found = numeric ? federation_.FindObjectById(id) : federation_.FindObject(post);
  if (!found.ok()) {
    if (found.error().code == ErrorCode::kNotFound) {
      return MakeError(ErrorCode::kNotFound, "no such post: " + post);
    }
    return found.take_error();
  }
  if (found->account_id != account.id) {
    return MakeError(ErrorCode::kForbidden, "that post is not " + account.username + "'s",
                     found->uri);
  }
  if (found->deleted_at != 0) {
    return MakeError(ErrorCode::kGone, "that post was deleted", found->uri);
  }
  return found;
}

Result<store::StoredObject> PublishService::ResolvePost(const std::string& url) {
  if (!IsValidId(url)) return Invalid("not a post URL: " + url);
  auto known = federation_.FindObject(url);
  if (known.ok()) {
    if (known->deleted_at != 0) return MakeError(ErrorCode::kGone, "that post was deleted", url);
    return known;
  }
  if (known.error().code == ErrorCode::kGone) return known.take_error();
  if (known.error().code != ErrorCode::kNotFound) return known.take_error();
  if (uris_.IsLocal(url)) return MakeError(ErrorCode::kNotFound, "no such post: " + url);

  CS_ASSIGN_OR_RETURN(FetchedDocument doc, FetchActivityDocument(fetcher_, url));
  CS_ASSIGN_OR_RETURN(ApObject post, ObjectFromJson(doc.json));
  if (post.type == "Tombstone") return MakeError(ErrorCode::kGone, "that post was deleted", url);
  if (!IsValidId(post.id) || !IsValidId(post.attributed_to)) {
    return Invalid("that URL does not name a post");
  }
  // Who may say what (PROTOCOL.md §5): the post and its author share an origin.
  if (!SameOrigin(post.id, post.attributed_to) || uris_.IsLocal(post.id)) {
    return Invalid("that post's author is on another server", post.id);
  }
  if (post.id != url) {
    auto again = federation_.FindObject(post.id);
    if (again.ok() || again.error().code != ErrorCode::kNotFound) return again;
  }
  CS_ASSIGN_OR_RETURN(store::RemoteActor author, actors_.Resolve(post.attributed_to));
  store::StoredObject object = handlers::StoredObjectFromPost(
      post, handlers::VisibilityOf(post.addressing, author.followers_uri), sanitize_,
      clock_.NowUnix());
  auto inserted = federation_.InsertObject(object);
  if (!inserted.ok() && inserted.error().code == ErrorCode::kConflict) {
    return federation_.FindObject(object.uri);
  }
  return inserted;
}

// ---------------------------------------------------------------- recipients

std::string PublishService::InboxOf(const std::string& actor_uri, bool personal) {
  if (actor_uri.empty() || uris_.IsLocal(actor_uri)) return {};
  auto actor = actors_.Resolve(actor_uri);
  if (!actor.ok()) {
    log::Warn("publish.recipient_unresolved",
              {{"actor", actor_uri}, {"error", actor.error().ToLogString()}});
    return {};
  }
  if (!personal && !actor->shared_inbox.empty()) return actor->shared_inbox;
  return actor->inbox;
}

Result<std::vector<std::string>> PublishService::PostInboxes(
    const store::Account& account, const store::StoredObject& object,
    const std::vector<std::string>& mentioned) {
  const bool direct = object.visibility == store::Visibility::kDirect;
  std::vector<std::string> inboxes;
  if (!direct) {
    CS_ASSIGN_OR_RETURN(inboxes, federation_.FollowerInboxes(account.id));
  }
  for (const std::string& actor : mentioned) AddUnique(inboxes, InboxOf(actor, direct));
  if (!direct && !object.in_reply_to_uri.empty()) {
    auto parent = federation_.FindObject(object.in_reply_to_uri);
    if (parent.ok()) AddUnique(inboxes, InboxOf(parent->attributed_to, false));
  }
  return inboxes;
}

Result<std::vector<std::string>> PublishService::ChangeInboxes(
    const store::Account& account, const store::StoredObject& object,
    const std::vector<std::string>& mentioned, bool with_reactors) {
  CS_ASSIGN_OR_RETURN(std::vector<std::string> inboxes, PostInboxes(account, object, mentioned));
  if (!with_reactors) return inboxes;
  CS_ASSIGN_OR_RETURN(std::vector<std::string> reactors, federation_.ReactorInboxes(object.uri));
  for (const std::string& inbox : reactors) AddUnique(inboxes, inbox);
  return inboxes;
}

Status PublishService::ReachLocalAccounts(const store::Account& account,
                                          const store::StoredObject& object) {
  handlers::LocalAudience audience;
  for (const store::StoredMention& mention : object.mentions) {
    if (mention.account_id == 0) continue;
    audience.mentioned.insert(mention.account_id);
    audience.timeline.insert(mention.account_id);
  }
  if (!object.in_reply_to_uri.empty()) {
    auto parent = federation_.FindObject(object.in_reply_to_uri);
    if (parent.ok() && parent->account_id != 0 && parent->deleted_at == 0) {
      audience.replied.insert(parent->account_id);
      audience.timeline.insert(parent->account_id);
    }
  }
  const std::string author = uris_.Actor(account.username);
  // Followers see what the author addressed to them or to everyone, not direct messages.
  if (object.visibility != store::Visibility::kDirect) {
    CS_ASSIGN_OR_RETURN(std::vector<int64_t> followers, federation_.LocalFollowersOf(author));
    audience.timeline.insert(followers.begin(), followers.end());
  }
  CS_RETURN_IF_ERROR(handlers::ExcludeFromAudience(federation_, author, account.id, &audience));
  if (audience.timeline.empty()) return OkStatus();
  return handlers::ApplyLocalAudience(
      federation_, clock_, audience,
      {object.id, object.uri, author, publish::CreateId(object.uri)});
}

Result<std::vector<std::string>> PublishService::BoostInboxes(const store::Account& account,
                                                              const store::StoredObject& object) {
  CS_ASSIGN_OR_RETURN(std::vector<std::string> inboxes, federation_.FollowerInboxes(account.id));
  AddUnique(inboxes, InboxOf(object.attributed_to, false));
  return inboxes;
}

std::string PublishService::ActionToken(const std::string& object_uri) const {
  return StableToken(object_uri + "#" + std::to_string(clock_.NowUnixMillis()));
}

// ---------------------------------------------------------------- posts

Result<store::StoredObject> PublishService::Post(const store::Account& account,
                                                 const PostRequest& request) {
  CS_ASSIGN_OR_RETURN(Formatted formatted, Format(request.text, request.content_warning));
  if (request.pin) {
    if (request.visibility == store::Visibility::kDirect) {
      return Invalid("direct posts cannot be pinned");
    }
    CS_ASSIGN_OR_RETURN(std::vector<store::StoredObject> pinned,
                        federation_.ListPinned(account.id));
    if (pinned.size() >= kMaxPinnedPosts) {
      return MakeError(ErrorCode::kConflict, "at most " + std::to_string(kMaxPinnedPosts) +
                                                 " posts can be pinned; unpin one first");
    }
  }

  store::StoredObject object;
  object.account_id = account.id;
  object.attributed_to = uris_.Actor(account.username);
  object.visibility = request.visibility;
  object.summary = request.content_warning;
  object.sensitive = !request.content_warning.empty();
  object.content_html = std::move(formatted.html);
  object.content_source = request.text;
  object.mentions = std::move(formatted.mentions);
  object.hashtags = std::move(formatted.hashtags);
  object.published_at = clock_.NowUnix();
  if (!request.in_reply_to.empty()) {
    CS_ASSIGN_OR_RETURN(store::StoredObject parent, ResolvePost(request.in_reply_to));
    object.in_reply_to_uri = parent.uri;
    object.conversation_uri = parent.conversation_uri;
  }
  const std::vector<std::string> mentioned = MentionedActors(object);
  collections::Audience audience =
      publish::AudienceFor(object.visibility, uris_.Followers(account.username), mentioned);
  object.to = std::move(audience.to);
  object.cc = std::move(audience.cc);
  CS_ASSIGN_OR_RETURN(std::vector<std::string> inboxes, PostInboxes(account, object, mentioned));
  for (const std::string& actor : request.blind_recipients) {
    AddUnique(inboxes, InboxOf(actor, /*personal=*/true));
  }

  Result<store::StoredObject> stored = MakeError(ErrorCode::kInternal, "no attempt");
  for (int attempt = 0; attempt < kPostIdAttempts; ++attempt) {
    CS_ASSIGN_OR_RETURN(std::string id, RandomPostId());
    object.uri = uris_.Status(account.username, id);
    object.url = object.uri;
    json::Value create = publish::CreateToJson(object, account, uris_);
    auto jobs = DeliveryJobsFor(create, account, uris_, inboxes, clock_.NowUnix(),
                                store::kInsertedObjectId);
    stored = federation_.InsertObject(object, jobs);
    if (stored.ok() || stored.error().code != ErrorCode::kConflict) break;
  }
  if (!stored.ok()) return stored.take_error();
  log::Info("publish.posted", {{"account", account.username},
                               {"uri", stored->uri},
                               {"visibility", std::string(VisibilityName(stored->visibility))},
                               {"inboxes", std::to_string(inboxes.size())}});
  Notify();
  if (Status reached = ReachLocalAccounts(account, *stored); !reached.ok()) {
    Error error = reached.take_error();
    error.message =
        "posted " + stored->uri + " but could not notify local accounts: " + error.message;
    return error;
  }
  if (request.pin) {
    Status pinned = Pin(account, stored->uri);
    if (!pinned.ok()) {
      Error error = pinned.take_error();
      error.message = "posted " + stored->uri + " but could not pin it: " + error.message;
      return error;
    }
  }
  return stored;
}

Status PublishService::Edit(const store::Account& account, const std::string& post,
                            const std::string& text, const std::string& content_warning) {
  CS_ASSIGN_OR_RETURN(store::StoredObject object, FindOwnPost(account, post));
  CS_ASSIGN_OR_RETURN(Formatted formatted, Format(text, content_warning));
  std::vector<std::string> reached = MentionedActors(object);

  object.summary = content_warning;
  object.sensitive = !content_warning.empty();
  object.content_html = std::move(formatted.html);
  object.content_source = text;
  object.mentions = std::move(formatted.mentions);
  object.hashtags = std::move(formatted.hashtags);
  // Distinct edit times keep Update ids distinct (they are minted from it).
  object.edited_at = std::max(clock_.NowUnix(), object.edited_at + 1);
  const std::vector<std::string> mentioned = MentionedActors(object);
  collections::Audience audience =
      publish::AudienceFor(object.visibility, uris_.Followers(account.username), mentioned);
  object.to = std::move(audience.to);
  object.cc = std::move(audience.cc);
  for (const std::string& actor : mentioned) AddUnique(reached, actor);

  // Boosters and likers of a public or unlisted post hear of the edit (Mastodon sends it to
  // everyone the post reached); of a private one, only its audience does.
  CS_ASSIGN_OR_RETURN(
      std::vector<std::string> inboxes,
      ChangeInboxes(account, object, reached, /*with_reactors=*/Boostable(object.visibility)));
  json::Value update = publish::UpdateToJson(object, account, uris_);
  auto jobs = DeliveryJobsFor(update, account, uris_, inboxes, clock_.NowUnix(), object.id);
  CS_RETURN_IF_ERROR(federation_.UpdateObject(object, jobs));
  log::Info("publish.edited", {{"account", account.username}, {"uri", object.uri}});
  Notify();
  return OkStatus();
}

Status PublishService::Delete(const store::Account& account, const std::string& post) {
  CS_ASSIGN_OR_RETURN(store::StoredObject object, FindOwnPost(account, post));
  // Read before the tombstone, which takes the reactions with it.
  CS_ASSIGN_OR_RETURN(
      std::vector<std::string> inboxes,
      ChangeInboxes(account, object, MentionedActors(object), /*with_reactors=*/true));
  json::Value del = publish::DeleteToJson(object, account, uris_);
  const int64_t now = clock_.NowUnix();
  auto jobs = DeliveryJobsFor(del, account, uris_, inboxes, now, object.id);
  CS_RETURN_IF_ERROR(federation_.TombstoneObject(object.uri, now, jobs));
  log::Info("publish.deleted", {{"account", account.username}, {"uri", object.uri}});
  Notify();
  return OkStatus();
}

// ---------------------------------------------------------------- pins

Status PublishService::Pin(const store::Account& account, const std::string& post,
                           std::string* activity_id) {
  if (activity_id != nullptr) activity_id->clear();
  CS_ASSIGN_OR_RETURN(store::StoredObject object, FindOwnPost(account, post));
  if (object.visibility == store::Visibility::kDirect) {
    return Invalid("direct posts cannot be pinned");
  }
  CS_ASSIGN_OR_RETURN(std::vector<store::StoredObject> pinned, federation_.ListPinned(account.id));
  for (const store::StoredObject& p : pinned) {
    if (p.id == object.id) return OkStatus();
  }
  if (pinned.size() >= kMaxPinnedPosts) {
    return MakeError(ErrorCode::kConflict, "at most " + std::to_string(kMaxPinnedPosts) +
                                               " posts can be pinned; unpin one first");
  }
  const std::string actor = uris_.Actor(account.username);
  const std::string add_id = publish::AddId(actor, ActionToken(object.uri));
  json::Value add = publish::AddToJson(add_id, account, object, uris_);
  CS_ASSIGN_OR_RETURN(std::vector<std::string> inboxes, federation_.FollowerInboxes(account.id));
  auto jobs = DeliveryJobsFor(add, account, uris_, inboxes, clock_.NowUnix(), object.id);
  CS_RETURN_IF_ERROR(federation_.Pin(account.id, object.id, jobs));
  if (activity_id != nullptr) *activity_id = add_id;
  log::Info("publish.pinned", {{"account", account.username}, {"uri", object.uri}});
  Notify();
  return OkStatus();
}

Status PublishService::Unpin(const store::Account& account, const std::string& post,
                             std::string* activity_id) {
  if (activity_id != nullptr) activity_id->clear();
  CS_ASSIGN_OR_RETURN(store::StoredObject object, FindOwnPost(account, post));
  CS_ASSIGN_OR_RETURN(std::vector<store::StoredObject> pinned, federation_.ListPinned(account.id));
  bool is_pinned = std::any_of(pinned.begin(), pinned.end(),
                               [&](const store::StoredObject& p) { return p.id == object.id; });
  if (!is_pinned) return OkStatus();
  const std::string actor = uris_.Actor(account.username);
  const std::string remove_id = publish::RemoveId(actor, ActionToken(object.uri));
  json::Value remove = publish::RemoveToJson(remove_id, account, object, uris_);
  CS_ASSIGN_OR_RETURN(std::vector<std::string> inboxes, federation_.FollowerInboxes(account.id));
  auto jobs = DeliveryJobsFor(remove, account, uris_, inboxes, clock_.NowUnix(), object.id);
  CS_RETURN_IF_ERROR(federation_.Unpin(account.id, object.id, jobs));
  if (activity_id != nullptr) *activity_id = remove_id;
  log::Info("publish.unpinned", {{"account", account.username}, {"uri", object.uri}});
  Notify();
  return OkStatus();
}

// ---------------------------------------------------------------- boosts and likes

json::Value PublishService::BoostActivity(const store::Account& account,
                                          const store::StoredObject& object,
                                          const store::Reaction& reaction) const {
  return publish::AnnounceToJson(
      reaction.activity_uri, uris_.Actor(account.username), uris_.Followers(account.username),
      publish::ReactionTarget{object.uri, object.attributed_to}, reaction.created_at);
}

json::Value PublishService::LikeActivity(const store::Account& account,
                                         const store::StoredObject& object,
                                         const store::Reaction& reaction) const {
  return publish::LikeToJson(reaction.activity_uri, uris_.Actor(account.username),
                             publish::ReactionTarget{object.uri, object.attributed_to});
}

Result<store::Reaction> PublishService::Boost(const store::Account& account,
                                              const std::string& url) {
  CS_ASSIGN_OR_RETURN(store::StoredObject object, ResolvePost(url));
  if (!Boostable(object.visibility)) {
    return Invalid("only public and unlisted posts can be boosted");
  }
  const std::string actor = uris_.Actor(account.username);
  auto existing = federation_.FindReaction(store::ReactionType::kAnnounce, actor, object.uri);
  if (existing.ok()) return existing;
  if (existing.error().code != ErrorCode::kNotFound) return existing.take_error();

  store::Reaction reaction;
  reaction.type = store::ReactionType::kAnnounce;
  reaction.activity_uri = publish::AnnounceId(actor, ActionToken(object.uri));
  reaction.actor_uri = actor;
  reaction.actor_account_id = account.id;
  reaction.object_uri = object.uri;
  reaction.created_at = clock_.NowUnix();
  CS_ASSIGN_OR_RETURN(std::vector<std::string> inboxes, BoostInboxes(account, object));
  auto jobs = DeliveryJobsFor(BoostActivity(account, object, reaction), account, uris_, inboxes,
                              clock_.NowUnix());
  CS_ASSIGN_OR_RETURN(bool added, federation_.AddReaction(reaction, jobs));
  if (!added) return federation_.FindReaction(store::ReactionType::kAnnounce, actor, object.uri);
  log::Info("publish.boosted", {{"account", account.username}, {"uri", object.uri}});
  Notify();
  CS_RETURN_IF_ERROR(
      NotifyLocalAuthor(federation_, clock_, object, reaction, store::NotificationType::kReblog));
  return reaction;
}

Status PublishService::Unboost(const store::Account& account, const std::string& url) {
  CS_ASSIGN_OR_RETURN(store::StoredObject object, ResolvePost(url));
  const std::string actor = uris_.Actor(account.username);
  auto reaction = federation_.FindReaction(store::ReactionType::kAnnounce, actor, object.uri);
  if (!reaction.ok()) {
    if (reaction.error().code == ErrorCode::kNotFound) {
      return MakeError(ErrorCode::kNotFound, account.username + " has not boosted " + object.uri);
    }
    return reaction.take_error();
  }
  json::Value undo = publish::UndoToJson(actor, BoostActivity(account, object, *reaction));
  CS_ASSIGN_OR_RETURN(std::vector<std::string> inboxes, BoostInboxes(account, object));
  auto jobs = DeliveryJobsFor(undo, account, uris_, inboxes, clock_.NowUnix());
  CS_RETURN_IF_ERROR(federation_.RemoveReaction(reaction->id, jobs));
  log::Info("publish.unboosted", {{"account", account.username}, {"uri", object.uri}});
  Notify();
  return OkStatus();
}

Result<store::Reaction> PublishService::Like(const store::Account& account,
                                             const std::string& url) {
  CS_ASSIGN_OR_RETURN(store::StoredObject object, ResolvePost(url));
  const std::string actor = uris_.Actor(account.username);
  auto existing = federation_.FindReaction(store::ReactionType::kLike, actor, object.uri);
  if (existing.ok()) return existing;
  if (existing.error().code != ErrorCode::kNotFound) return existing.take_error();

  store::Reaction reaction;
  reaction.type = store::ReactionType::kLike;
  reaction.activity_uri = publish::LikeId(actor, ActionToken(object.uri));
  reaction.actor_uri = actor;
  reaction.actor_account_id = account.id;
  reaction.object_uri = object.uri;
  reaction.created_at = clock_.NowUnix();
  // Likes go to the author's personal inbox only (Mastodon's FavouriteService).
  std::vector<std::string> inboxes;
  AddUnique(inboxes, InboxOf(object.attributed_to, true));
  auto jobs = DeliveryJobsFor(LikeActivity(account, object, reaction), account, uris_, inboxes,
                              clock_.NowUnix());
  CS_ASSIGN_OR_RETURN(bool added, federation_.AddReaction(reaction, jobs));
  if (!added) return federation_.FindReaction(store::ReactionType::kLike, actor, object.uri);
  log::Info("publish.liked", {{"account", account.username}, {"uri", object.uri}});
  Notify();
  CS_RETURN_IF_ERROR(NotifyLocalAuthor(federation_, clock_, object, reaction,
                                       store::NotificationType::kFavourite));
  return reaction;
}

Status PublishService::Unlike(const store::Account& account, const std::string& url) {
  CS_ASSIGN_OR_RETURN(store::StoredObject object, ResolvePost(url));
  const std::string actor = uris_.Actor(account.username);
  auto reaction = federation_.FindReaction(store::ReactionType::kLike, actor, object.uri);
  if (!reaction.ok()) {
    if (reaction.error().code == ErrorCode::kNotFound) {
      return MakeError(ErrorCode::kNotFound, account.username + " has not liked " + object.uri);
    }
    return reaction.take_error();
  }
  json::Value undo = publish::UndoToJson(actor, LikeActivity(account, object, *reaction));
  std::vector<std::string> inboxes;
  AddUnique(inboxes, InboxOf(object.attributed_to, true));
  auto jobs = DeliveryJobsFor(undo, account, uris_, inboxes, clock_.NowUnix());
  CS_RETURN_IF_ERROR(federation_.RemoveReaction(reaction->id, jobs));
  log::Info("publish.unliked", {{"account", account.username}, {"uri", object.uri}});
  Notify();
  return OkStatus();
}

}  // namespace cornerstore::activitypub
