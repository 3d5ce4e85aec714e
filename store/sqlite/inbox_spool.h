// InboxSpool: accepted inbox activities on their way from the 202 into the inbox_queue table.
//
// Why it exists: an activity must be durable before its 202, and a SQLite database has one
// writer, which the inbox workers' write batches hold for milliseconds at a time. Appending each
// accepted activity to a file of its own lets the request thread answer without waiting for that
// writer. SqliteFederationStore then moves spooled items into inbox_queue in claims (below): a
// worker's batch that applies them, a lease, a flush. Each move's write transaction also records
// the last sequence number moved (table inbox_spool_state), so a restart replays only later
// records: an item is neither lost nor queued twice.
//
// Durability: Append is one write(2) before it returns, without fsync. The record survives the
// process being killed at any moment, not the machine losing power: the same promise the
// database makes with WAL and synchronous=NORMAL.
//
// File format (host byte order: the file never leaves the machine): records of
//   [u32 payload size][u32 CRC-32 of the payload][payload]
// payload: u64 sequence, i64 recipient_account_id, received_at, next_attempt_at, then
// activity_uri, signer_key_id, signer_uri and body, each as [u32 size][bytes]. Replay stops at
// the first torn or corrupt record (a crash mid-append, a full disk) and cuts the file there.
// The file is emptied when everything in it has been moved, and rewritten with only the records
// still waiting when it has grown past kCompactBytes, mostly of records already moved.
//
// Ownership: owns its file descriptor (kept open by a claim reading it, past a compaction).
// Thread safety: every method may be called from any thread.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "src/common/result.h"
#include "store/federation_store.h"

namespace cornerstore::store::sqlite {

class InboxSpool {
 public:
  // Bytes of waiting records past which the store moves the spool into inbox_queue before
  // appending more: slows accepting down to the writer's pace once the workers fall this far
  // behind. Room for a flood of ordinary activities (≈1.5 KB each) to be admitted by the workers
  // directly, which is cheaper than moving them first. (Memory is not what it bounds: a waiting
  // record's body stays in the file until a claim reads it back.)
  static constexpr size_t kMaxWaitingBytes = 32 << 20;
  // A file this size or more, of which less than half is still waiting, is rewritten.
  static constexpr int64_t kCompactBytes = 4 << 20;
  // Longest record replay accepts: anything longer is a corrupt size field (bodies are bounded
  // by limits.max_request_body_bytes, far below this).
  static constexpr uint32_t kMaxRecordBytes = 256u << 20;

  // Where the spool of the database at `database_path` lives: beside it, like its -wal file.
  static std::string PathBeside(const std::string& database_path) {
    return database_path + "-inbox";
  }

  // Opens (creating, mode 0600) the spool at `path` and replays it: records numbered above
  // `moved_seq` (the last one inbox_queue holds) are waiting again; a torn tail is cut off.
  static Result<std::unique_ptr<InboxSpool>> Open(const std::string& path, uint64_t moved_seq);
  ~InboxSpool();
  InboxSpool(const InboxSpool&) = delete;
  InboxSpool& operator=(const InboxSpool&) = delete;

  // Appends `item` (its received_at and next_attempt_at as given). False, and nothing written,
  // when an item with the same non-empty activity id is waiting already. kUnavailable when the
  // file cannot take it (disk full, I/O error); the file is then as it was.
  Result<bool> Append(InboxItem item);
  // Append for a caller that checked inbox_queue for the id after reading moves(): nothing is
  // written, and nullopt returned, when a move has been recorded since, so that check may have
  // missed an item moved meanwhile and must be made again.
  Result<std::optional<bool>> AppendUnlessMovedSince(InboxItem item, uint64_t moves);
  // How many times Moved has been called: each call follows a commit that put items in the queue.
  uint64_t moves() const;

  // A run of waiting entries (read back from the file, oldest first) handed to one consumer,
  // which moves them into inbox_queue. Claims are settled in the order they were handed out, so the
  // moved number only ever covers a prefix: the consumer calls AwaitTurn before it takes the
  // database's writer, then Moved(its last seq) once its transaction committed, or Unclaim if it
  // did not. Claimed entries keep waiting (and deduplicating) until Moved.
  struct Claim {
    uint64_t generation = 0;  // bumped by Unclaim: a claim of an older generation is void
    uint64_t first_seq = 0;   // numbers of its first and last entries; 0 when empty
    uint64_t last_seq = 0;
    std::vector<InboxItem> items;  // a consumer may take them: empty() goes by the numbers

    bool empty() const { return first_seq == 0; }
  };
  // The oldest waiting entries not claimed yet, at most `limit` (none: an empty claim, also when
  // their records cannot be read back: logged, and they stay unclaimed).
  Claim ClaimOldest(size_t limit);
  // ClaimOldest when no other claim is outstanding (so it is already this claim's turn);
  // otherwise an empty claim.
  Claim ClaimOldestIfIdle(size_t limit);
  // Blocks until every entry older than the claim's is moved. False when the claim was voided
  // meanwhile (an older claim was unclaimed): drop it without writing anything.
  bool AwaitTurn(const Claim& claim);
  // The claim will not be moved: its entries, and those of every later claim (now void), are
  // unclaimed again. Does nothing for a void or empty claim.
  void Unclaim(const Claim& claim);
  // Every entry up to `seq` is now in inbox_queue: forget them, then empty or compact the file.
  // An error here loses nothing (replay skips what inbox_spool_state says was moved); the file
  // just keeps its size until the next Moved.
  Status Moved(uint64_t seq);

  // True when an item with this non-empty activity id is waiting.
  bool Holds(const std::string& activity_uri) const;
  // Entries waiting, and the bytes of their records in the file.
  size_t size() const;
  size_t bytes() const;
  // Bytes in the file (waiting records and moved ones not yet compacted away).
  int64_t file_bytes() const;

 private:
  // A waiting record: where it is in the file, and its id (for Holds). The rest of the item is
  // read back from the file when the entry is claimed, so a flood waiting for the writer costs
  // file space, not memory.
  struct Entry {
    uint64_t seq = 0;  // sequence numbers only grow, in file order
    int64_t offset = 0;
    uint32_t record_bytes = 0;
    std::string activity_uri;
  };

  InboxSpool(std::string path, int fd, uint64_t next_seq);
  // Adds the record of `activity_uri` at `offset` to the waiting ones. Requires mu_.
  void AddWaitingLocked(uint64_t seq, int64_t offset, uint32_t record_bytes,
                        std::string activity_uri);
  // The file, shared with claims reading from it while a compaction replaces it.
  struct File {
    explicit File(int fd_in) : fd(fd_in) {}
    ~File();
    File(const File&) = delete;
    File& operator=(const File&) = delete;
    const int fd;  // O_APPEND
  };

  // ClaimOldest, or ClaimOldestIfIdle when `only_if_idle`. Takes mu_ to claim, not to read.
  Claim Take(size_t limit, bool only_if_idle);
  // Rewrites the file with the waiting records only. Requires mu_.
  Status CompactLocked();

  const std::string path_;

  mutable std::mutex mu_;             // guards everything below
  std::condition_variable moved_cv_;  // signalled by Moved and Unclaim
  std::shared_ptr<const File> file_;
  uint64_t next_seq_;
  uint64_t claimed_seq_ = 0;  // entries numbered up to this are claimed
  uint64_t moves_ = 0;        // Moved calls so far
  uint64_t generation_ = 0;   // bumped by Unclaim
  std::deque<Entry> waiting_;
  std::unordered_set<std::string> waiting_ids_;  // non-empty activity ids in waiting_
  size_t waiting_bytes_ = 0;
  int64_t file_bytes_ = 0;
};

}  // namespace cornerstore::store::sqlite
