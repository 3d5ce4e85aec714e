// Shared pieces of the fault and load tests: the short/long switch, process figures read from
// /proc, descriptor limits, direct SQLite checks on a stopped server's database, and signed
// activities a fake remote sends.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "src/common/json.h"
#include "tests/support/cornerstore_process.h"
#include "tests/support/fake_remote.h"

namespace cornerstore::testing::fault {

// Memory bounds are for the plain build. Under AddressSanitizer (the server is built the same
// way as the tests) freed memory sits in ASan's quarantine (256 MiB by default) and shadow memory
// doubles what is touched, so resident growth measures the sanitizer rather than the server.
#if defined(__SANITIZE_ADDRESS__)
inline constexpr int64_t kMemoryBoundFactor = 8;
#else
inline constexpr int64_t kMemoryBoundFactor = 1;
#endif

// CS_FAULT_LONG=1 selects the long form (more rounds, more connections, more requests).
bool LongForm();
// `short_value` in CI, `long_value` under CS_FAULT_LONG=1.
int Scale(int short_value, int long_value);

// Resident set size of `pid` in KiB (VmRSS), 0 if unknown.
int64_t RssKib(pid_t pid);
// Open descriptors of `pid` (entries of /proc/PID/fd).
int OpenFds(pid_t pid);
// Raises this process's RLIMIT_NOFILE soft limit towards `wanted` (capped by the hard limit);
// returns the soft limit in force afterwards. Children inherit it.
int RaiseFileLimit(int wanted);

// Opens `db_path` with the SQLite C API: "ok" when PRAGMA integrity_check passes, else its text.
std::string IntegrityCheck(const std::string& db_path);
// First column of the first row of `sql` as an integer (-1 on error).
int64_t QueryInt(const std::string& db_path, const std::string& sql);
// First column of every row of `sql`, one per line (the error message on error).
std::string QueryText(const std::string& db_path, const std::string& sql);

// True when every activity the server accepted for `db_path` is processed: its inbox spool
// (store/sqlite/inbox_spool.h) is empty and no inbox_queue row is queued or processing.
bool InboxDrained(const std::string& db_path);

// Milliseconds since `start`.
int64_t MillisSince(std::chrono::steady_clock::time_point start);

// A Create of a Note from `from` that mentions `target` (a local actor URI): stored as one
// object and one mention notification when processed.
json::Value MentionCreate(FakeRemote& remote, const FakeActor& from, const std::string& target,
                          const std::string& text);

// A remote follower of a local account: its actor id and the inbox deliveries go to.
struct SeededFollower {
  std::string actor_uri;
  std::string inbox;
};

// Writes `followers` of `username` straight into the stopped server's database, as if each had
// followed and been accepted: fan-outs, not Follow round trips, are under test. Throws on error.
void SeedFollowers(const CornerstoreProcess& s, const std::string& username,
                   const std::vector<SeededFollower>& followers);

}  // namespace cornerstore::testing::fault
