// The asynchronous half of receiving (PROTOCOL.md §5, §6): InboxProcessor turns one stored
// inbox item into its effect, and InboxWorker runs processors on threads over the durable queue.
//
// ProcessOne parses the stored body, checks the rules every activity obeys (the verified signer
// is the actor; the activity's id is on the actor's origin; nothing claims a local id; the
// actor's domain is not blocked), then calls the one handler for the type
// (activitypub/inbox/handlers). Unknown types are logged and counted, not errors.
//
// InboxWorker leases due items (and claims spooled ones), processes them, and completes, retries
// (transient errors: kUnavailable, kTimeout — with backoff, up to kMaxAttempts; our own storage
// failing — disk full, I/O error, busy — every kStorageRetryDelaySeconds, without limit) or fails
// them (anything else, reason recorded). It wakes when Notify() is called (wire it to
// InboxEndpoint's on_enqueued) and otherwise polls every kPollInterval.
//
// Ownership: both borrow what they are given, which must outlive them.
// Thread safety: ProcessOne and Stats may be called concurrently. InboxWorker's methods may be
// called from any thread; Start and Stop must not race each other.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "activitypub/inbox/handlers/handlers.h"
#include "src/common/clock.h"
#include "src/common/network_deferral.h"
#include "src/common/result.h"
#include "store/federation_store.h"

namespace cornerstore::activitypub {

struct InboxStats {
  int64_t processed = 0;  // applied or deliberately ignored
  int64_t unknown = 0;    // types without a handler
  int64_t transient_failures = 0;
  int64_t permanent_failures = 0;
  std::map<std::string, int64_t> unknown_types;  // per type name (bounded)
};

class InboxProcessor {
 public:
  // Distinct unknown type names counted one by one; further ones count under "(other)", so a
  // peer inventing types cannot grow the map.
  static constexpr size_t kMaxUnknownTypesTracked = 64;

  // `context` references must outlive the processor. `handlers` defaults to every handler.
  explicit InboxProcessor(HandlerContext context, HandlerTable handlers = DefaultHandlerTable());

  // Processes one stored item. OK when applied or ignored; otherwise the error (transient
  // when IsTransientInboxError).
  Status ProcessOne(const store::InboxItem& item);
  // ProcessOne in two halves, for a caller that may undo an attempt and make it again (the
  // worker's write batch): Apply has the effect, CountOutcome counts and logs it.
  Status Apply(const store::InboxItem& item);
  void CountOutcome(const store::InboxItem& item, const Status& status);
  // Apply in two steps: parsing the stored body needs no store, so the worker does it before
  // taking the writer; Apply(item, parsed) is the rest (a parse error is its outcome).
  static Result<Activity> ParseActivity(const store::InboxItem& item);
  Status Apply(const store::InboxItem& item, const Result<Activity>& parsed);
  // Sanitizes, on the calling thread and before any batch, the HTML applying `activity` will
  // store (PresanitizedHtml); Apply on this thread then uses it until PresanitizedHtml::Clear.
  void Presanitize(const Activity& activity) const;

  InboxStats Stats() const;

 private:
  void Count(const Status& status);
  void CountUnknown(const std::string& type);

  const HtmlSanitizer& sanitize_;     // the context's
  const HtmlSanitizer presanitized_;  // sanitize_, answering first from PresanitizedHtml
  HandlerContext context_;            // with presanitized_
  const HandlerTable handlers_;

  mutable std::mutex mu_;  // guards stats_
  InboxStats stats_;
};

// True for errors that may pass on a later attempt (a peer or our store was unavailable).
bool IsTransientInboxError(const Error& error);
// True when our own storage failed (disk full, I/O error, busy): never a reason to give up.
bool IsStorageInboxError(const Error& error);

// Delay before attempt `attempt` + 1 after a transient failure of attempt `attempt` (1-based):
// 30 s, 90 s, 4.5 min, … tripling, capped at kMaxRetryDelaySeconds.
int64_t InboxRetryDelaySeconds(int attempt);

struct InboxWorkerOptions {
  // A lease longer than any processing (each remote fetch is capped at 30 s): an item still
  // leased after this was held by a worker that died, and is taken again.
  static constexpr int64_t kLeaseSeconds = 5 * 60;
  // Items leased per round, applied in one write batch: enough to amortise the lease and the
  // commit (64 processed ≈1.3x faster than 16 in bench/run inbox), few enough that the batch
  // holds the writer for milliseconds, not longer.
  static constexpr int kBatchSize = 64;
  // Attempts before a transiently failing item is given up (about a day of retries).
  static constexpr int kMaxAttempts = 10;
  static constexpr int64_t kBaseRetryDelaySeconds = 30;
  static constexpr int64_t kMaxRetryDelaySeconds = 6 * 60 * 60;
  // Retry delay after our own storage failed: short and fixed, so processing resumes soon after
  // space returns, and cheap (a failing write fails fast).
  static constexpr int64_t kStorageRetryDelaySeconds = 15;
  // How often an idle worker looks for due items (retries come due without a Notify).
  static constexpr std::chrono::milliseconds kPollInterval{1000};

  int threads = 2;  // config::WorkerConfig::inbox_workers
};

class InboxWorker {
 public:
  InboxWorker(store::FederationStore& federation, InboxProcessor& processor, const Clock& clock,
              InboxWorkerOptions options = {});
  ~InboxWorker();  // stops
  InboxWorker(const InboxWorker&) = delete;
  InboxWorker& operator=(const InboxWorker&) = delete;

  // Starts options.threads threads. Idempotent.
  void Start();
  // Wakes the threads, waits for them to finish the batch in hand, joins. Idempotent.
  void Stop();
  // New items were enqueued: wake an idle thread now.
  void Notify();

  // Leases and processes one batch on the calling thread; returns how many items it handled.
  // The threads call this; tests call it directly for a deterministic run.
  int RunOnce();

 private:
  void Loop();
  void Finish(const store::InboxItem& item, const Status& status);
  // Applies `items` in one write batch, a step each, and returns those left to apply on their
  // own: the ones that needed the network (a batch must not wait on it), or all leased ones when
  // the store has no batches or the batch could not begin. Items from `first_spooled` on are
  // `spooled`'s, admitted into the queue inside the batch; when they cannot all be, or the batch
  // fails, they go back to the spool and are removed from `items` (not handled this round).
  std::vector<const store::InboxItem*> ApplyInBatch(
      std::vector<store::InboxItem>& items, size_t first_spooled,
      std::unique_ptr<store::FederationStore::SpooledInbox> spooled);
  // One ApplyInBatch round's batch and what it gathered.
  struct BatchRound {
    store::FederationStore::WriteBatch& batch;
    std::vector<const store::InboxItem*> alone;  // to apply after the commit
    std::vector<int64_t> completed;              // applied: completed in one statement
    std::vector<int64_t> leased_in_batch;        // leased items whose outcome the batch holds
    bool spool_lost;                             // a spooled item could not be admitted
  };
  // A leased item as a step of the round's batch.
  void ApplyLeased(BatchRound& round, const store::InboxItem& item, const Result<Activity>& parsed,
                   NetworkDeferral& no_network);
  // A spooled item as a step of the round's batch: applied, then admitted as done; or, when it
  // failed or needs the network, its effect dropped and admitted leased with its body (item.id
  // is set; 0 when a replay or a deleted recipient leaves nothing to do).
  void ApplySpooled(BatchRound& round, store::FederationStore::SpooledInbox& spooled,
                    int64_t lease_until, store::InboxItem& item, const Result<Activity>& parsed,
                    NetworkDeferral& no_network);
  static void UndoStep(store::FederationStore::WriteBatch& batch);
  // Records the claim as moved, in a step of its own: the batch's last write.
  Status MarkMovedInBatch(store::FederationStore::WriteBatch& batch,
                          store::FederationStore::SpooledInbox& spooled);
  // Marks the batch's applied items done, in a step of its own.
  Status CompleteInBatch(store::FederationStore::WriteBatch& batch,
                         const std::vector<int64_t>& ids);
  // Items whose outcome could not be written: HandBackUnrecorded hands them back next round.
  void HandBackLater(const std::vector<int64_t>& ids);
  // Hands back, as due now, items whose outcome could not be written (the disk was full), so
  // they do not sit out their lease; keeps those that still cannot be written.
  void HandBackUnrecorded();

  store::FederationStore& federation_;
  InboxProcessor& processor_;
  const Clock& clock_;
  const InboxWorkerOptions options_;

  std::mutex mu_;  // guards wake_, stopping_ and threads_
  std::condition_variable cv_;
  bool wake_ = false;
  bool stopping_ = false;
  std::vector<std::thread> threads_;

  std::mutex unrecorded_mu_;  // guards unrecorded_
  // Leased items processed (or not) whose outcome the store refused: bounded by the leases held.
  std::vector<int64_t> unrecorded_;
};

}  // namespace cornerstore::activitypub
