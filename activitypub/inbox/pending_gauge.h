// PendingGauge: how many inbox items are pending, for the endpoint's capacity check, without
// counting the queue on every request.
//
// Counting pending rows walks an index over all of them: under a backlog of tens of thousands
// that costs more than the rest of the accept path, on every POST. The gauge counts in the store
// at most every kRefreshInterval and adds the items this process enqueued since; items processed
// meanwhile are not subtracted, so it errs on the full side (the capacity is a soft limit, and a
// sender turned away retries).
//
// Thread safety: all methods may be called concurrently; one caller at a time refreshes, the
// others use the last figure meanwhile.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>

#include "src/common/result.h"
#include "store/federation_store.h"

namespace cornerstore::activitypub {

class PendingGauge {
 public:
  // Staleness of the stored count: short next to how fast a queue of thousands fills.
  static constexpr std::chrono::milliseconds kRefreshInterval{200};

  explicit PendingGauge(store::FederationStore& federation) : federation_(federation) {}

  // Pending items: the last stored count plus those enqueued since. Store errors pass through
  // when there is no count yet to fall back on.
  Result<int64_t> Pending();
  // Counts in the store now (before refusing for a full queue: the estimate errs high).
  Result<int64_t> Recount();
  // This process enqueued one more item.
  void NoteEnqueued();

 private:
  using SteadyClock = std::chrono::steady_clock;

  // Counts in the store and resets the estimate to that count.
  Result<int64_t> Refresh();

  store::FederationStore& federation_;
  std::mutex mu_;  // guards the fields below
  bool have_count_ = false;
  bool refreshing_ = false;
  int64_t counted_ = 0;      // the store's count at counted_at_
  int64_t added_since_ = 0;  // enqueued by this process since the count was taken
  SteadyClock::time_point counted_at_{};
};

}  // namespace cornerstore::activitypub
