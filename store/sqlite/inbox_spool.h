// InboxSpool: accepted inbox activities on their way from the 202 into the inbox_queue table.
//
// Why it exists: an activity must be durable before its 202, and a SQLite database has one
// writer, which the inbox workers' write batches hold for milliseconds at a time. Appending each
// accepted activity to a file of its own lets the request thread answer without waiting for that
// writer; SqliteFederationStore moves what is spooled into inbox_queue when a worker leases (or
// when the spool grows past its byte bound), in one write transaction that also records the last
// sequence number moved (table inbox_spool_state). A restart replays only later records, so an
// item is neither lost nor queued twice.
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
// Ownership: owns its file descriptor. Thread safety: every method may be called from any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_set>
#include <vector>

#include "src/common/result.h"
#include "store/federation_store.h"

namespace cornerstore::store::sqlite {

class InboxSpool {
 public:
  // A spooled item and its place in the spool (sequence numbers only grow).
  struct Entry {
    uint64_t seq = 0;
    InboxItem item;  // activity_uri, recipient, signer, body, received_at, next_attempt_at
  };

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

  // Copies of the oldest waiting entries, at most `limit`; they keep waiting (and deduplicating)
  // until Moved.
  std::vector<Entry> Oldest(size_t limit) const;
  // Every entry up to `seq` is now in inbox_queue: forget them, then empty or compact the file.
  // An error here loses nothing (replay skips what inbox_spool_state says was moved); the file
  // just keeps its size until the next Moved.
  Status Moved(uint64_t seq);

  // True when an item with this non-empty activity id is waiting.
  bool Holds(const std::string& activity_uri) const;
  // Entries waiting, and the bytes of their records (what they hold in memory).
  size_t size() const;
  size_t bytes() const;
  // Bytes in the file (waiting records and moved ones not yet compacted away).
  int64_t file_bytes() const;

 private:
  InboxSpool(std::string path, int fd, uint64_t next_seq);
  // Rewrites the file with the waiting records only. Requires mu_.
  Status CompactLocked();

  const std::string path_;

  mutable std::mutex mu_;  // guards everything below
  int fd_;                 // O_APPEND
  uint64_t next_seq_;
  std::deque<Entry> waiting_;
  std::unordered_set<std::string> waiting_ids_;  // non-empty activity ids in waiting_
  size_t waiting_bytes_ = 0;
  int64_t file_bytes_ = 0;
};

}  // namespace cornerstore::store::sqlite
