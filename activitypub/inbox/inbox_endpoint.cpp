#include "activitypub/inbox/inbox_endpoint.h"

#include <utility>

#include "activitypub/content_negotiation.h"
#include "activitypub/vocabulary/from_json.h"
#include "src/common/http_response.h"
#include "src/common/log.h"
#include "src/common/url.h"

namespace cornerstore::activitypub {
namespace {

// Store trouble is ours, not the sender's: ask it to come back.
Error Unavailable(const Error& cause) {
  return MakeError(ErrorCode::kUnavailable, "temporarily unavailable", cause.ToLogString());
}

}  // namespace

InboxLimits InboxLimits::FromConfig(const config::Config& config) {
  InboxLimits limits;
  limits.queue_capacity = config.workers.inbox_queue_capacity;
  limits.max_body_bytes = config.limits.max_request_body_bytes;
  limits.json.max_bytes = config.limits.max_request_body_bytes;
  limits.json.max_depth = config.limits.max_json_depth;
  return limits;
}

InboxEndpoint::InboxEndpoint(store::Store& store, store::FederationStore& federation,
                             KeyResolver& keys, const Uris& uris, const Clock& clock,
                             InboxLimits limits, VerificationPolicy policy,
                             std::function<void()> on_enqueued)
    : store_(store),
      federation_(federation),
      keys_(keys),
      uris_(uris),
      clock_(clock),
      limits_(std::move(limits)),
      policy_(std::move(policy)),
      on_enqueued_(std::move(on_enqueued)),
      pending_(federation) {}

HttpResponse InboxEndpoint::Receive(const HttpRequest& request,
                                    const std::optional<std::string>& recipient_username) {
  auto item = Check(request, recipient_username);
  if (!item.ok()) {
    const Error& error = item.error();
    log::Info("inbox.refused", {{"status", std::to_string(error.http_status())},
                                {"reason", error.ToLogString()},
                                {"remote", request.remote_addr}});
    HttpResponse response = ErrorResponse(error);
    if (error.code == ErrorCode::kUnavailable) {
      response.headers.Set("Retry-After", std::to_string(InboxLimits::kRetryAfterSeconds));
    }
    return response;
  }
  auto enqueued = federation_.EnqueueInbox(*item);
  if (!enqueued.ok()) {
    log::Error("inbox.enqueue_failed", {{"error", enqueued.error().ToLogString()}});
    HttpResponse response = ErrorResponse(503, "temporarily unavailable");
    response.headers.Set("Retry-After", std::to_string(InboxLimits::kRetryAfterSeconds));
    return response;
  }
  log::Debug("inbox.accepted", {{"activity", item->activity_uri},
                                {"signer", item->signer_uri},
                                {"duplicate", *enqueued ? "false" : "true"}});
  if (*enqueued) pending_.NoteEnqueued();
  if (*enqueued && on_enqueued_) on_enqueued_();
  HttpResponse response;
  response.status = 202;
  return response;
}

Result<store::InboxItem> InboxEndpoint::Check(
    const HttpRequest& request, const std::optional<std::string>& recipient_username) {
  store::InboxItem item;
  if (recipient_username) {
    auto account = store_.FindAccountByUsername(*recipient_username);
    if (!account.ok()) {
      if (account.error().code == ErrorCode::kNotFound) {
        return MakeError(ErrorCode::kNotFound, "no such account");
      }
      return Unavailable(account.error());
    }
    item.recipient_account_id = account->id;
  }

  auto content_type = request.headers.Get("Content-Type");
  if (!content_type || !IsActivityContentType(*content_type)) {
    return MakeError(ErrorCode::kUnsupportedType,
                     "Content-Type must be application/activity+json or application/ld+json");
  }
  if (request.body.size() > limits_.max_body_bytes) {
    return MakeError(ErrorCode::kTooLarge, "request body too large");
  }

  const auto capacity = static_cast<int64_t>(limits_.queue_capacity);
  auto pending = pending_.Pending();
  // The estimate errs high: refuse only on a fresh count.
  if (pending.ok() && *pending >= capacity) pending = pending_.Recount();
  if (!pending.ok()) return Unavailable(pending.error());
  if (*pending >= capacity) {
    return MakeError(ErrorCode::kUnavailable, "inbox overloaded, retry later",
                     std::to_string(*pending) + " pending");
  }

  CS_ASSIGN_OR_RETURN(json::Value body, json::Parse(request.body, limits_.json));
  CS_ASSIGN_OR_RETURN(Activity activity, ActivityFromJson(body));
  if (!activity.id.empty() && uris_.IsLocal(activity.id)) {
    return MakeError(ErrorCode::kInvalidInput, "activity id collides with a local URL",
                     activity.id);
  }
  if (uris_.IsLocal(activity.actor)) {
    return MakeError(ErrorCode::kInvalidInput, "actor collides with a local URL", activity.actor);
  }

  auto blocked = federation_.IsDomainBlocked(HostOf(activity.actor));
  if (!blocked.ok()) return Unavailable(blocked.error());
  if (*blocked) return MakeError(ErrorCode::kForbidden, "domain blocked", activity.actor);

  auto verified = VerifyRequest(request, keys_, policy_, clock_);
  if (!verified.ok()) {
    const Error& error = verified.error();
    if (error.code == ErrorCode::kUnavailable || error.code == ErrorCode::kInternal) {
      return Unavailable(error);
    }
    return MakeError(ErrorCode::kUnauthorized, error.message, error.detail);
  }
  if (verified->owner_id != activity.actor) {
    return MakeError(ErrorCode::kUnauthorized, "signer does not match actor",
                     verified->owner_id + " signed for " + activity.actor);
  }
  NoteHostAlive(activity.actor);

  item.activity_uri = activity.id;
  item.signer_key_id = verified->key_id;
  item.signer_uri = verified->owner_id;
  item.body = request.body;
  item.received_at = clock_.NowUnix();
  item.state = store::InboxState::kQueued;
  item.next_attempt_at = item.received_at;
  return item;
}

void InboxEndpoint::NoteHostAlive(const std::string& actor_id) {
  std::string host = AuthorityOf(actor_id);
  auto state = federation_.GetHostState(host);
  if (!state.ok() || !state->unavailable) return;
  store::HostState alive = *state;
  alive.unavailable = false;
  alive.failure_days = 0;
  alive.consecutive_failures = 0;
  alive.breaker_until = 0;
  Status put = federation_.PutHostState(alive);
  if (put.ok()) {
    log::Info("delivery.host_available_again", {{"host", host}});
  } else {
    log::Warn("delivery.host_state_failed", {{"host", host}, {"error", put.error().ToLogString()}});
  }
}

}  // namespace cornerstore::activitypub
