#include "activitypub/inbox/inbox_processor.h"

#include <algorithm>
#include <iterator>
#include <memory>
#include <utility>

#include "activitypub/inbox/presanitized_html.h"
#include "activitypub/vocabulary/from_json.h"
#include "src/common/json.h"
#include "src/common/log.h"
#include "src/common/network_deferral.h"
#include "src/common/url.h"
#include "store/sqlite/errors.h"

namespace cornerstore::activitypub {
namespace {

// Longest type name kept in the unknown-type counts (peer-controlled text).
constexpr size_t kMaxTypeNameInStats = 64;

Error Forbidden(std::string message, std::string detail = {}) {
  return MakeError(ErrorCode::kForbidden, std::move(message), std::move(detail));
}

}  // namespace

bool IsTransientInboxError(const Error& error) {
  // kUnavailable covers our own database busy, the disk full and I/O errors (ErrorFromSqlite).
  return error.code == ErrorCode::kUnavailable || error.code == ErrorCode::kTimeout;
}

bool IsStorageInboxError(const Error& error) { return store::sqlite::IsStorageUnavailable(error); }

int64_t InboxRetryDelaySeconds(int attempt) {
  int64_t delay = InboxWorkerOptions::kBaseRetryDelaySeconds;
  for (int i = 1; i < attempt && delay < InboxWorkerOptions::kMaxRetryDelaySeconds; ++i) {
    delay *= 3;
  }
  return std::min(delay, InboxWorkerOptions::kMaxRetryDelaySeconds);
}

// ---- InboxProcessor ---------------------------------------------------------------------------

InboxProcessor::InboxProcessor(HandlerContext context, HandlerTable handlers)
    : sanitize_(context.sanitize),
      presanitized_(PresanitizedHtml::Wrap(sanitize_)),
      context_{context.store, context.federation, context.actors,
               context.uris,  context.clock,      presanitized_},
      handlers_(std::move(handlers)) {}

void InboxProcessor::Presanitize(const Activity& activity) const {
  PresanitizedHtml::Prepare(activity, sanitize_);
}

Status InboxProcessor::ProcessOne(const store::InboxItem& item) {
  Status status = Apply(item);
  CountOutcome(item, status);
  return status;
}

void InboxProcessor::CountOutcome(const store::InboxItem& item, const Status& status) {
  Count(status);
  if (!status.ok()) {
    log::Write(IsTransientInboxError(status.error()) ? log::Level::kWarn : log::Level::kInfo,
               "inbox.failed",
               {{"item", std::to_string(item.id)},
                {"activity", item.activity_uri},
                {"transient", IsTransientInboxError(status.error()) ? "true" : "false"},
                {"error", status.error().ToLogString()}});
  }
}

Result<Activity> InboxProcessor::ParseActivity(const store::InboxItem& item) {
  CS_ASSIGN_OR_RETURN(json::Value body, json::Parse(item.body));
  return ActivityFromJson(body);
}

Status InboxProcessor::Apply(const store::InboxItem& item) {
  return Apply(item, ParseActivity(item));
}

Status InboxProcessor::Apply(const store::InboxItem& item, const Result<Activity>& parsed) {
  if (!parsed.ok()) return parsed.error();
  const Activity& activity = *parsed;

  // Rules every activity obeys (PROTOCOL.md §5), before any handler runs.
  if (activity.actor != item.signer_uri) {
    return Forbidden("signer does not match actor", item.signer_uri + " / " + activity.actor);
  }
  if (context_.uris.IsLocal(activity.actor)) {
    return Forbidden("actor collides with a local URL", activity.actor);
  }
  if (!activity.id.empty() && !SameOrigin(activity.id, activity.actor)) {
    return Forbidden("activity id is not on the actor's host", activity.id);
  }
  CS_ASSIGN_OR_RETURN(bool blocked, context_.federation.IsDomainBlocked(HostOf(activity.actor)));
  if (blocked) {
    log::Info("inbox.dropped", {{"reason", "domain blocked"}, {"actor", activity.actor}});
    return OkStatus();
  }

  auto handler = handlers_.find(activity.type);
  if (handler == handlers_.end()) {
    CountUnknown(activity.type);
    log::Info("inbox.unknown_type", {{"type", activity.type.substr(0, kMaxTypeNameInStats)},
                                     {"activity", activity.id},
                                     {"actor", activity.actor}});
    return OkStatus();
  }
  CS_RETURN_IF_ERROR(handler->second->Authorize(activity));
  CS_RETURN_IF_ERROR(handler->second->Apply(activity, item, context_));
  log::Debug("inbox.processed", {{"type", activity.type}, {"activity", activity.id}});
  return OkStatus();
}

void InboxProcessor::Count(const Status& status) {
  std::lock_guard<std::mutex> lock(mu_);
  if (status.ok()) {
    ++stats_.processed;
  } else if (IsTransientInboxError(status.error())) {
    ++stats_.transient_failures;
  } else {
    ++stats_.permanent_failures;
  }
}

void InboxProcessor::CountUnknown(const std::string& type) {
  std::lock_guard<std::mutex> lock(mu_);
  ++stats_.unknown;
  std::string key = type.substr(0, kMaxTypeNameInStats);
  if (stats_.unknown_types.count(key) == 0 &&
      stats_.unknown_types.size() >= kMaxUnknownTypesTracked) {
    key = "(other)";
  }
  ++stats_.unknown_types[key];
}

InboxStats InboxProcessor::Stats() const {
  std::lock_guard<std::mutex> lock(mu_);
  return stats_;
}

// ---- InboxWorker ------------------------------------------------------------------------------

InboxWorker::InboxWorker(store::FederationStore& federation, InboxProcessor& processor,
                         const Clock& clock, InboxWorkerOptions options)
    : federation_(federation), processor_(processor), clock_(clock), options_(options) {}

InboxWorker::~InboxWorker() { Stop(); }

void InboxWorker::Start() {
  std::lock_guard<std::mutex> lock(mu_);
  if (!threads_.empty()) return;
  stopping_ = false;
  for (int i = 0; i < std::max(1, options_.threads); ++i) {
    threads_.emplace_back([this] { Loop(); });
  }
}

void InboxWorker::Stop() {
  std::vector<std::thread> threads;
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
    threads.swap(threads_);
  }
  cv_.notify_all();
  for (std::thread& t : threads) t.join();
}

void InboxWorker::Notify() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    wake_ = true;
  }
  cv_.notify_one();
}

void InboxWorker::Loop() {
  for (;;) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (stopping_) return;
    }
    int handled = RunOnce();
    if (handled > 0) continue;  // more may be due
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait_for(lock, InboxWorkerOptions::kPollInterval, [this] { return wake_ || stopping_; });
    wake_ = false;
  }
}

int InboxWorker::RunOnce() {
  HandBackUnrecorded();
  PresanitizedHtml::Round round;  // what ApplyInBatch prepares serves this round's items only
  // Spooled items (a flood's path: admitted and applied in one batch) and due items of the queue.
  std::unique_ptr<store::FederationStore::SpooledInbox> spooled =
      federation_.ClaimSpooledInbox(InboxWorkerOptions::kBatchSize);
  std::vector<store::InboxItem> items;
  auto leased = federation_.LeaseInbox(clock_.NowUnix(), InboxWorkerOptions::kLeaseSeconds,
                                       InboxWorkerOptions::kBatchSize);
  if (leased.ok()) {
    items = std::move(leased).value();
  } else {
    log::Warn("inbox.lease_failed", {{"error", leased.error().ToLogString()}});
  }
  const size_t first_spooled = items.size();
  if (spooled != nullptr) {
    std::vector<store::InboxItem> taken = spooled->TakeItems();
    items.insert(items.end(), std::make_move_iterator(taken.begin()),
                 std::make_move_iterator(taken.end()));
  }
  for (const store::InboxItem* item : ApplyInBatch(items, first_spooled, std::move(spooled))) {
    Finish(*item, processor_.ProcessOne(*item));
  }
  return static_cast<int>(items.size());
}

std::vector<const store::InboxItem*> InboxWorker::ApplyInBatch(
    std::vector<store::InboxItem>& items, size_t first_spooled,
    std::unique_ptr<store::FederationStore::SpooledInbox> spooled) {
  // A spooled item can only be applied in a batch, which admits it; one leased item alone has
  // nothing to share a commit with.
  std::vector<const store::InboxItem*> alone;
  if (spooled == nullptr && items.size() < 2) {
    for (const store::InboxItem& item : items) alone.push_back(&item);
    return alone;
  }
  // Parsed, and their HTML sanitized, before the batch begins: the other worker's batch can hold
  // the writer meanwhile.
  std::vector<Result<Activity>> parsed;
  parsed.reserve(items.size());
  for (const store::InboxItem& item : items) {
    parsed.push_back(InboxProcessor::ParseActivity(item));
    if (parsed.back().ok()) processor_.Presanitize(*parsed.back());
  }
  if (spooled != nullptr && !spooled->AwaitTurn()) {
    // An older claim was handed back, and this one with it: claimed again later.
    items.resize(first_spooled);
    spooled.reset();
  }
  std::unique_ptr<store::FederationStore::WriteBatch> batch;
  if (spooled != nullptr || items.size() >= 2) {
    auto begun = federation_.BeginWriteBatch();
    if (begun.ok()) {
      batch = std::move(begun).value();
    } else {
      log::Warn("inbox.batch_failed", {{"error", begun.error().ToLogString()}});
    }
  }
  if (batch == nullptr) {
    // Spooled items go back to the spool with the claim; leased ones are applied on their own.
    items.resize(first_spooled);
    for (const store::InboxItem& item : items) alone.push_back(&item);
    return alone;
  }

  BatchRound round{*batch, {}, {}, {}, false};
  const int64_t lease_until = clock_.NowUnix() + InboxWorkerOptions::kLeaseSeconds;
  {
    NetworkDeferral no_network;
    for (size_t i = 0; i < first_spooled; ++i) ApplyLeased(round, items[i], parsed[i], no_network);
    for (size_t i = first_spooled; i < items.size() && !round.spool_lost; ++i) {
      ApplySpooled(round, *spooled, lease_until, items[i], parsed[i], no_network);
    }
  }
  if (!round.spool_lost) {
    if (Status recorded = CompleteInBatch(*batch, round.completed); !recorded.ok()) {
      log::Warn("inbox.record_failed", {{"items", std::to_string(round.completed.size())},
                                        {"error", recorded.error().ToLogString()}});
      HandBackLater(round.completed);
    }
    if (spooled != nullptr) round.spool_lost = !MarkMovedInBatch(*batch, *spooled).ok();
  }
  // A claim is recorded as moved with all of its items, or not at all.
  Status committed = round.spool_lost
                         ? MakeError(ErrorCode::kUnavailable, "a spooled item was not admitted")
                         : batch->Commit();
  batch.reset();  // without a commit: rolled back
  if (!committed.ok()) {
    // Nothing of the batch was kept, outcomes and admissions included: spooled items go back to
    // the spool with the claim, leased ones are handed back.
    log::Warn("inbox.batch_commit_failed", {{"items", std::to_string(items.size())},
                                            {"error", committed.error().ToLogString()}});
    HandBackLater(round.leased_in_batch);
    const store::InboxItem* first_spooled_item = items.data() + first_spooled;
    std::erase_if(round.alone,
                  [&](const store::InboxItem* item) { return item >= first_spooled_item; });
    items.resize(first_spooled);  // not handled: RunOnce does not count them
    return std::move(round.alone);
  }
  if (spooled != nullptr) spooled->Committed();
  return std::move(round.alone);
}

void InboxWorker::ApplyLeased(BatchRound& round, const store::InboxItem& item,
                              const Result<Activity>& parsed, NetworkDeferral& no_network) {
  if (!round.batch.BeginStep().ok()) {
    round.alone.push_back(&item);  // SQLite rolled the batch back: apply it on its own
    return;
  }
  Status status = processor_.Apply(item, parsed);
  if (no_network.refused()) {
    // It needs a remote fetch: drop what it wrote and apply it after the commit.
    no_network.Reset();
    UndoStep(round.batch);
    round.alone.push_back(&item);
    return;
  }
  processor_.CountOutcome(item, status);
  if (status.ok()) {
    round.completed.push_back(item.id);  // recorded together after the loop
  } else {
    Finish(item, status);
  }
  Status kept = round.batch.KeepStep();
  if (!kept.ok()) log::Warn("inbox.batch_step_failed", {{"error", kept.error().ToLogString()}});
  round.leased_in_batch.push_back(item.id);
}

void InboxWorker::ApplySpooled(BatchRound& round, store::FederationStore::SpooledInbox& spooled,
                               int64_t lease_until, store::InboxItem& item,
                               const Result<Activity>& parsed, NetworkDeferral& no_network) {
  if (!round.batch.BeginStep().ok()) {
    round.spool_lost = true;  // SQLite rolled the batch back
    return;
  }
  Status status = processor_.Apply(item, parsed);
  if (!no_network.refused() && status.ok()) {
    // Applied: its row is written as done, in the same step (no body, no later update).
    Result<int64_t> admitted = spooled.AdmitDone(item);
    if (!admitted.ok() || *admitted == 0) {
      // 0: a replay of an activity queued meanwhile, or its recipient was deleted: the effect
      // goes with the step.
      UndoStep(round.batch);
      round.spool_lost = !admitted.ok();
      return;
    }
    item.id = *admitted;
    processor_.CountOutcome(item, status);
    Status kept = round.batch.KeepStep();
    if (!kept.ok()) log::Warn("inbox.batch_step_failed", {{"error", kept.error().ToLogString()}});
    return;
  }
  // It needs a remote fetch (applied after the commit), or it failed (its outcome recorded): drop
  // what it wrote and give it a leased row of its own, body kept, in a fresh step.
  const bool needs_network = no_network.refused();
  no_network.Reset();
  UndoStep(round.batch);
  if (!round.batch.BeginStep().ok()) {
    round.spool_lost = true;
    return;
  }
  Result<int64_t> admitted = spooled.AdmitLeased(item, lease_until);
  if (!admitted.ok()) {
    UndoStep(round.batch);
    round.spool_lost = true;
    return;
  }
  item.id = *admitted;
  if (item.id != 0 && needs_network) {
    round.alone.push_back(&item);
  } else if (item.id != 0) {
    processor_.CountOutcome(item, status);
    Finish(item, status);
  }
  round.spool_lost = !round.batch.KeepStep().ok();
}

void InboxWorker::UndoStep(store::FederationStore::WriteBatch& batch) {
  Status undone = batch.UndoStep();
  if (!undone.ok()) log::Warn("inbox.batch_undo_failed", {{"error", undone.error().ToLogString()}});
}

Status InboxWorker::MarkMovedInBatch(store::FederationStore::WriteBatch& batch,
                                     store::FederationStore::SpooledInbox& spooled) {
  CS_RETURN_IF_ERROR(batch.BeginStep());
  Status marked = spooled.MarkMoved();
  if (!marked.ok()) {
    (void)batch.UndoStep();
    return marked;
  }
  return batch.KeepStep();
}

Status InboxWorker::CompleteInBatch(store::FederationStore::WriteBatch& batch,
                                    const std::vector<int64_t>& ids) {
  if (ids.empty()) return OkStatus();
  // A step of its own, so it is refused if SQLite rolled the batch back by itself rather than
  // committing "done" without the effects.
  CS_RETURN_IF_ERROR(batch.BeginStep());
  Status completed = federation_.CompleteInboxItems(ids);
  if (!completed.ok()) {
    (void)batch.UndoStep();
    return completed;
  }
  return batch.KeepStep();
}

void InboxWorker::HandBackLater(const std::vector<int64_t>& ids) {
  // Handed back, as due now, at the next round: applying is idempotent.
  std::lock_guard<std::mutex> lock(unrecorded_mu_);
  unrecorded_.insert(unrecorded_.end(), ids.begin(), ids.end());
}

void InboxWorker::Finish(const store::InboxItem& item, const Status& status) {
  Status recorded;
  if (status.ok()) {
    recorded = federation_.CompleteInbox(item.id);
  } else if (IsStorageInboxError(status.error())) {
    // Our own storage failed (disk full, I/O error, busy): the activity was accepted with a 202
    // and must not be lost to it, so it is retried soon and however many attempts it has had.
    int64_t next = clock_.NowUnix() + InboxWorkerOptions::kStorageRetryDelaySeconds;
    recorded = federation_.RetryInbox(item.id, next, status.error().ToLogString());
  } else if (IsTransientInboxError(status.error()) &&
             item.attempts < InboxWorkerOptions::kMaxAttempts) {
    // The lease counted this attempt: item.attempts is 1 on the first.
    int64_t next = clock_.NowUnix() + InboxRetryDelaySeconds(std::max(1, item.attempts));
    recorded = federation_.RetryInbox(item.id, next, status.error().ToLogString());
  } else {
    recorded = federation_.FailInbox(item.id, status.error().ToLogString());
  }
  if (!recorded.ok()) {
    // Handed back at the next round (or, should this process die, when its lease expires or
    // the next start releases it): processing is idempotent.
    log::Warn("inbox.record_failed",
              {{"item", std::to_string(item.id)}, {"error", recorded.error().ToLogString()}});
    HandBackLater({item.id});
  }
}

void InboxWorker::HandBackUnrecorded() {
  std::vector<int64_t> ids;
  {
    std::lock_guard<std::mutex> lock(unrecorded_mu_);
    ids.swap(unrecorded_);
  }
  if (ids.empty()) return;
  std::vector<int64_t> still;
  for (int64_t id : ids) {
    Status handed_back =
        federation_.RetryInbox(id, clock_.NowUnix(), "outcome not recorded: storage unavailable");
    if (!handed_back.ok() && IsStorageInboxError(handed_back.error())) still.push_back(id);
  }
  HandBackLater(still);
}

}  // namespace cornerstore::activitypub
