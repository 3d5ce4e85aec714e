#include "activitypub/inbox/pending_gauge.h"

namespace cornerstore::activitypub {

Result<int64_t> PendingGauge::Pending() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    const bool fresh = have_count_ && SteadyClock::now() - counted_at_ < kRefreshInterval;
    if (fresh || (have_count_ && refreshing_)) return counted_ + added_since_;
    refreshing_ = true;
  }
  return Refresh();
}

Result<int64_t> PendingGauge::Recount() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    refreshing_ = true;
  }
  return Refresh();
}

Result<int64_t> PendingGauge::Refresh() {
  // Counted outside the lock; enqueues during the count are in it or in added_since_, possibly
  // both (counted twice until the next refresh: on the full side).
  const SteadyClock::time_point started = SteadyClock::now();
  Result<int64_t> counted = federation_.CountInboxPending();
  std::lock_guard<std::mutex> lock(mu_);
  refreshing_ = false;
  if (!counted.ok()) {
    if (have_count_) return counted_ + added_since_;
    return counted;
  }
  have_count_ = true;
  counted_ = *counted;
  added_since_ = 0;
  counted_at_ = started;
  return counted_;
}

void PendingGauge::NoteEnqueued() {
  std::lock_guard<std::mutex> lock(mu_);
  ++added_since_;
}

}  // namespace cornerstore::activitypub
