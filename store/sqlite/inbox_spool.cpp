#include "store/sqlite/inbox_spool.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>
#include <string_view>
#include <utility>

#include "src/common/log.h"
#include "store/private_files.h"
#include "store/sqlite/errors.h"

namespace cornerstore::store::sqlite {
namespace {

constexpr size_t kHeaderBytes = 8;  // u32 payload size, u32 CRC-32
constexpr size_t kFixedPayloadBytes = 4 * 8 + 4 * 4;
// AppendUnlessMovedSince's `moves` for a caller that checked nothing: append whatever moved.
constexpr uint64_t kAnyMoves = UINT64_MAX;
// Compaction copies the waiting tail of the file this much at a time.
constexpr int64_t kCompactChunkBytes = 1 << 20;

Error SpoolError(const std::string& what, const std::string& path, int err) {
  // The message is the storage one, so callers treat a full disk here as they do in SQLite.
  return MakeError(ErrorCode::kUnavailable, std::string(kStorageUnavailableMessage),
                   what + " " + path + ": " + std::strerror(err));
}

size_t RecordBytes(const InboxItem& item) {
  return kHeaderBytes + kFixedPayloadBytes + item.activity_uri.size() + item.signer_key_id.size() +
         item.signer_uri.size() + item.body.size();
}

template <typename T>
void Put(std::string& out, T value) {
  char bytes[sizeof(T)];
  std::memcpy(bytes, &value, sizeof(T));
  out.append(bytes, sizeof(T));
}

void PutText(std::string& out, const std::string& text) {
  Put(out, static_cast<uint32_t>(text.size()));
  out.append(text);
}

uint32_t Crc32(std::string_view bytes) {
  return static_cast<uint32_t>(
      crc32(0L, reinterpret_cast<const Bytef*>(bytes.data()), static_cast<uInt>(bytes.size())));
}

// A record's payload: its sequence number and the item.
struct Decoded {
  uint64_t seq = 0;
  InboxItem item;
};

std::string EncodeRecord(uint64_t seq, const InboxItem& item) {
  std::string record;
  record.reserve(RecordBytes(item));
  record.resize(kHeaderBytes);
  Put(record, seq);
  Put(record, item.recipient_account_id);
  Put(record, item.received_at);
  Put(record, item.next_attempt_at);
  PutText(record, item.activity_uri);
  PutText(record, item.signer_key_id);
  PutText(record, item.signer_uri);
  PutText(record, item.body);
  const std::string_view payload = std::string_view(record).substr(kHeaderBytes);
  const auto size = static_cast<uint32_t>(payload.size());
  const uint32_t crc = Crc32(payload);
  std::memcpy(record.data(), &size, 4);
  std::memcpy(record.data() + 4, &crc, 4);
  return record;
}

// Reads fixed-size values and sized strings from a payload, refusing to run past its end.
class PayloadReader {
 public:
  explicit PayloadReader(std::string_view payload) : rest_(payload) {}
  template <typename T>
  bool Read(T* value) {
    if (rest_.size() < sizeof(T)) return false;
    std::memcpy(value, rest_.data(), sizeof(T));
    rest_.remove_prefix(sizeof(T));
    return true;
  }
  bool ReadText(std::string* text) {
    uint32_t size = 0;
    if (!Read(&size) || rest_.size() < size) return false;
    text->assign(rest_.substr(0, size));
    rest_.remove_prefix(size);
    return true;
  }
  bool done() const { return rest_.empty(); }

 private:
  std::string_view rest_;
};

std::optional<Decoded> DecodePayload(std::string_view payload) {
  Decoded entry;
  InboxItem& item = entry.item;
  PayloadReader in(payload);
  if (in.Read(&entry.seq) && in.Read(&item.recipient_account_id) && in.Read(&item.received_at) &&
      in.Read(&item.next_attempt_at) && in.ReadText(&item.activity_uri) &&
      in.ReadText(&item.signer_key_id) && in.ReadText(&item.signer_uri) &&
      in.ReadText(&item.body) && in.done()) {
    return entry;
  }
  return std::nullopt;
}

// A whole record (header and payload) decoded, if its size and CRC-32 match its payload.
std::optional<Decoded> DecodeRecord(std::string_view record) {
  if (record.size() < kHeaderBytes) return std::nullopt;
  uint32_t payload_size = 0, crc = 0;
  std::memcpy(&payload_size, record.data(), 4);
  std::memcpy(&crc, record.data() + 4, 4);
  const std::string_view payload = record.substr(kHeaderBytes);
  if (payload.size() != payload_size || Crc32(payload) != crc) return std::nullopt;
  return DecodePayload(payload);
}

// Reads exactly `size` bytes at `offset`; false on a short read (end of file) or an error.
bool ReadAt(int fd, int64_t offset, size_t size, std::string* out) {
  out->resize(size);
  size_t got = 0;
  while (got < size) {
    ssize_t n = ::pread(fd, out->data() + got, size - got, static_cast<off_t>(offset + got));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    got += static_cast<size_t>(n);
  }
  return true;
}

// Writes all of `bytes`; on failure returns errno (the file may hold a part of them).
int WriteAll(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return errno;
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return 0;
}

}  // namespace

InboxSpool::InboxSpool(std::string path, int fd, uint64_t next_seq)
    : path_(std::move(path)), file_(std::make_shared<File>(fd)), next_seq_(next_seq) {}

InboxSpool::~InboxSpool() = default;

Result<std::unique_ptr<InboxSpool>> InboxSpool::Open(const std::string& path, uint64_t moved_seq) {
  CS_RETURN_IF_ERROR(EnsurePrivateFile(path));
  int fd = ::open(path.c_str(), O_RDWR | O_APPEND | O_CLOEXEC);
  if (fd < 0) return SpoolError("cannot open the inbox spool", path, errno);
  std::unique_ptr<InboxSpool> spool(new InboxSpool(path, fd, moved_seq + 1));

  struct stat st {};
  if (::fstat(fd, &st) != 0) return SpoolError("cannot read the inbox spool", path, errno);
  const int64_t size = st.st_size;
  int64_t offset = 0;
  std::string record;
  while (offset < size) {
    if (!ReadAt(fd, offset, kHeaderBytes, &record)) break;
    uint32_t payload_size = 0;
    std::memcpy(&payload_size, record.data(), 4);
    if (payload_size > kMaxRecordBytes) break;
    const size_t record_bytes = kHeaderBytes + payload_size;
    if (!ReadAt(fd, offset, record_bytes, &record)) break;
    std::optional<Decoded> entry = DecodeRecord(record);
    if (!entry.has_value()) break;
    const int64_t at = offset;
    offset += static_cast<int64_t>(record_bytes);
    spool->next_seq_ = std::max(spool->next_seq_, entry->seq + 1);
    if (entry->seq <= moved_seq) continue;
    spool->AddWaitingLocked(entry->seq, at, static_cast<uint32_t>(record_bytes),
                            std::move(entry->item.activity_uri));
  }
  if (offset < size) {
    log::Warn("inbox.spool_tail_cut", {{"path", path},
                                       {"kept_bytes", std::to_string(offset)},
                                       {"cut_bytes", std::to_string(size - offset)},
                                       {"why", "a torn or corrupt record: a crash mid-append"}});
  }
  // Keep only what is waiting: nothing at all, or the whole valid prefix until the next Moved.
  const int64_t keep = spool->waiting_.empty() ? 0 : offset;
  if (keep < size && ::ftruncate(fd, keep) != 0) {
    return SpoolError("cannot cut the inbox spool", path, errno);
  }
  spool->file_bytes_ = keep;
  return spool;
}

Result<bool> InboxSpool::Append(InboxItem item) {
  CS_ASSIGN_OR_RETURN(std::optional<bool> appended,
                      AppendUnlessMovedSince(std::move(item), kAnyMoves));
  return appended.value_or(false);
}

uint64_t InboxSpool::moves() const {
  std::lock_guard<std::mutex> lock(mu_);
  return moves_;
}

Result<std::optional<bool>> InboxSpool::AppendUnlessMovedSince(InboxItem item, uint64_t moves) {
  const std::string& activity_uri = item.activity_uri;
  std::lock_guard<std::mutex> lock(mu_);
  if (!activity_uri.empty() && waiting_ids_.count(activity_uri) > 0)
    return std::optional<bool>(false);
  if (moves != kAnyMoves && moves != moves_) return std::optional<bool>();
  const std::string record = EncodeRecord(next_seq_, item);
  if (int err = WriteAll(file_->fd, record); err != 0) {
    // Leave no partial record behind: the next append must start on a record boundary.
    if (::ftruncate(file_->fd, file_bytes_) != 0) {
      log::Warn("inbox.spool_cut_failed", {{"path", path_}, {"error", std::strerror(errno)}});
    }
    return SpoolError("cannot append to the inbox spool", path_, err);
  }
  AddWaitingLocked(next_seq_++, file_bytes_, static_cast<uint32_t>(record.size()),
                   std::move(item.activity_uri));
  file_bytes_ += static_cast<int64_t>(record.size());
  return std::optional<bool>(true);
}

void InboxSpool::AddWaitingLocked(uint64_t seq, int64_t offset, uint32_t record_bytes,
                                  std::string activity_uri) {
  if (!activity_uri.empty()) waiting_ids_.insert(activity_uri);
  waiting_bytes_ += record_bytes;
  waiting_.push_back(Entry{seq, offset, record_bytes, std::move(activity_uri)});
}

InboxSpool::File::~File() { ::close(fd); }

InboxSpool::Claim InboxSpool::Take(size_t limit, bool only_if_idle) {
  Claim claim;
  std::shared_ptr<const File> file;
  std::vector<Entry> entries;  // the claimed ones' places (no bodies: cheap to copy)
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (only_if_idle && !waiting_.empty() && waiting_.front().seq <= claimed_seq_) return claim;
    const auto first =
        std::upper_bound(waiting_.begin(), waiting_.end(), claimed_seq_,
                         [](uint64_t seq, const Entry& entry) { return seq < entry.seq; });
    const auto n =
        std::min<std::ptrdiff_t>(static_cast<std::ptrdiff_t>(limit), waiting_.end() - first);
    if (n == 0) return claim;
    entries.assign(first, first + n);
    file = file_;
    claim.generation = generation_;
    claim.first_seq = entries.front().seq;
    claim.last_seq = entries.back().seq;
    claimed_seq_ = claim.last_seq;
  }
  // Read outside the lock, which accepting threads need for every append. The file in hand stays
  // valid: a compaction meanwhile writes a new one, and nothing cuts records not yet moved.
  // The records of consecutive entries are consecutive in the file: one read.
  const int64_t base = entries.front().offset;
  const Entry& last = entries.back();
  std::string bytes;
  errno = 0;
  std::string failure;
  if (!ReadAt(file->fd, base, static_cast<size_t>(last.offset + last.record_bytes - base),
              &bytes)) {
    failure = errno != 0 ? std::strerror(errno) : "the file is shorter than its records";
  }
  for (auto it = entries.begin(); failure.empty() && it != entries.end(); ++it) {
    std::optional<Decoded> decoded = DecodeRecord(
        std::string_view(bytes).substr(static_cast<size_t>(it->offset - base), it->record_bytes));
    if (!decoded.has_value() || decoded->seq != it->seq) {
      failure = "record " + std::to_string(it->seq) + " does not decode";
    } else {
      claim.items.push_back(std::move(decoded->item));
    }
  }
  if (!failure.empty()) {
    log::Error("inbox.spool_read_failed", {{"path", path_}, {"error", failure}});
    Unclaim(claim);
    return Claim{};
  }
  return claim;
}

InboxSpool::Claim InboxSpool::ClaimOldest(size_t limit) {
  return Take(limit, /*only_if_idle=*/false);
}

InboxSpool::Claim InboxSpool::ClaimOldestIfIdle(size_t limit) {
  return Take(limit, /*only_if_idle=*/true);
}

bool InboxSpool::AwaitTurn(const Claim& claim) {
  if (claim.empty()) return true;
  std::unique_lock<std::mutex> lock(mu_);
  moved_cv_.wait(lock, [&] {
    return generation_ != claim.generation || waiting_.empty() ||
           waiting_.front().seq >= claim.first_seq;
  });
  return generation_ == claim.generation;
}

void InboxSpool::Unclaim(const Claim& claim) {
  if (claim.empty()) return;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (generation_ != claim.generation) return;  // voided already, with everything after it
    claimed_seq_ = claim.first_seq - 1;
    ++generation_;
  }
  moved_cv_.notify_all();
}

Status InboxSpool::Moved(uint64_t seq) {
  std::lock_guard<std::mutex> lock(mu_);
  // The next claim's turn: its waiter looks once this returns and the lock is free.
  moved_cv_.notify_all();
  ++moves_;
  while (!waiting_.empty() && waiting_.front().seq <= seq) {
    const Entry& entry = waiting_.front();
    if (!entry.activity_uri.empty()) waiting_ids_.erase(entry.activity_uri);
    waiting_bytes_ -= entry.record_bytes;
    waiting_.pop_front();
  }
  if (waiting_.empty()) {
    if (file_bytes_ == 0) return OkStatus();
    if (::ftruncate(file_->fd, 0) != 0)
      return SpoolError("cannot empty the inbox spool", path_, errno);
    file_bytes_ = 0;
    return OkStatus();
  }
  if (file_bytes_ >= kCompactBytes && static_cast<int64_t>(waiting_bytes_) * 2 < file_bytes_) {
    return CompactLocked();
  }
  return OkStatus();
}

Status InboxSpool::CompactLocked() {
  // What waits is the file's tail (entries are moved oldest first): copy it to a new file, which
  // claims read back from (so not write-only).
  const int64_t base = waiting_.front().offset;
  const std::string tmp = path_ + ".tmp";
  int fd = ::open(tmp.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, kPrivateFileMode);
  if (fd < 0) return SpoolError("cannot create", tmp, errno);
  int err = 0;
  std::string chunk;
  for (int64_t at = base; err == 0 && at < file_bytes_; at += kCompactChunkBytes) {
    const auto n = static_cast<size_t>(std::min<int64_t>(kCompactChunkBytes, file_bytes_ - at));
    errno = 0;
    if (!ReadAt(file_->fd, at, n, &chunk)) {
      err = errno != 0 ? errno : EIO;  // 0: the file was shorter than recorded
    } else {
      err = WriteAll(fd, chunk);
    }
  }
  if (err == 0 && ::rename(tmp.c_str(), path_.c_str()) != 0) err = errno;
  if (err != 0) {
    ::close(fd);
    ::unlink(tmp.c_str());
    return SpoolError("cannot compact the inbox spool into", tmp, err);
  }
  file_ = std::make_shared<File>(fd);  // the old one closes with its last reader
  for (Entry& entry : waiting_) entry.offset -= base;
  file_bytes_ -= base;
  return OkStatus();
}

bool InboxSpool::Holds(const std::string& activity_uri) const {
  std::lock_guard<std::mutex> lock(mu_);
  return waiting_ids_.count(activity_uri) > 0;
}

size_t InboxSpool::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return waiting_.size();
}

size_t InboxSpool::bytes() const {
  std::lock_guard<std::mutex> lock(mu_);
  return waiting_bytes_;
}

int64_t InboxSpool::file_bytes() const {
  std::lock_guard<std::mutex> lock(mu_);
  return file_bytes_;
}

}  // namespace cornerstore::store::sqlite
