#include "tests/fault/fault_support.h"

#include <dirent.h>
#include <sys/resource.h>

#include <sqlite3.h>
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "src/common/clock.h"
#include "store/sqlite/inbox_spool.h"
#include "store/sqlite_federation_store.h"
#include "store/sqlite_store.h"

namespace cornerstore::testing::fault {

bool LongForm() {
  const char* v = std::getenv("CS_FAULT_LONG");
  return v && std::string(v) == "1";
}

int Scale(int short_value, int long_value) { return LongForm() ? long_value : short_value; }

int64_t RssKib(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::atoll(line.c_str() + 6);
  }
  return 0;
}

int OpenFds(pid_t pid) {
  DIR* dir = ::opendir(("/proc/" + std::to_string(pid) + "/fd").c_str());
  if (!dir) return -1;
  int n = 0;
  while (dirent* e = ::readdir(dir)) {
    if (e->d_name[0] != '.') ++n;
  }
  ::closedir(dir);
  return n;
}

int RaiseFileLimit(int wanted) {
  rlimit limit{};
  ::getrlimit(RLIMIT_NOFILE, &limit);
  rlim_t target = static_cast<rlim_t>(wanted);
  if (limit.rlim_max != RLIM_INFINITY) target = std::min(target, limit.rlim_max);
  if (target > limit.rlim_cur) {
    limit.rlim_cur = target;
    ::setrlimit(RLIMIT_NOFILE, &limit);
  }
  ::getrlimit(RLIMIT_NOFILE, &limit);
  return static_cast<int>(std::min<rlim_t>(limit.rlim_cur, 1 << 30));
}

namespace {

// Runs `sql`; appends each row's first column to `out` (rows separated by newlines).
bool Query(const std::string& db_path, const std::string& sql, std::string& out) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    out = db ? sqlite3_errmsg(db) : "cannot open";
    sqlite3_close(db);
    return false;
  }
  sqlite3_busy_timeout(db, 5000);
  sqlite3_stmt* stmt = nullptr;
  bool ok = sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK;
  int rc = SQLITE_ERROR;
  while (ok && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    const unsigned char* text = sqlite3_column_text(stmt, 0);
    if (!out.empty()) out += "\n";
    out += text ? reinterpret_cast<const char*>(text) : "";
  }
  if (!ok || rc != SQLITE_DONE) {
    out = sqlite3_errmsg(db);
    ok = false;
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return ok;
}

}  // namespace

std::string IntegrityCheck(const std::string& db_path) {
  std::string out;
  Query(db_path, "PRAGMA integrity_check", out);
  return out;
}

int64_t QueryInt(const std::string& db_path, const std::string& sql) {
  std::string out;
  if (!Query(db_path, sql, out) || out.empty()) return -1;
  return std::atoll(out.c_str());
}

std::string QueryText(const std::string& db_path, const std::string& sql) {
  std::string out;
  Query(db_path, sql, out);
  return out;
}

bool InboxDrained(const std::string& db_path) {
  // The spool first: it empties only after its items are in the table, so an empty spool then an
  // empty queue means both were empty at the second look.
  std::error_code error;
  const auto spooled =
      std::filesystem::file_size(store::sqlite::InboxSpool::PathBeside(db_path), error);
  if (!error && spooled > 0) return false;
  return QueryInt(db_path,
                  "SELECT count(*) FROM inbox_queue WHERE state IN ('queued','processing')") == 0;
}

int64_t MillisSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                               start)
      .count();
}

void SeedFollowers(const CornerstoreProcess& s, const std::string& username,
                   const std::vector<SeededFollower>& followers) {
  SystemClock clock;
  auto opened = store::SqliteStore::Open(s.data_dir() + "/cornerstore.db", &clock);
  if (!opened.ok()) throw std::runtime_error(opened.error().ToLogString());
  auto account = (*opened)->FindAccountByUsername(username);
  if (!account.ok()) throw std::runtime_error(account.error().ToLogString());
  store::SqliteFederationStore federation((*opened)->database());
  for (const SeededFollower& f : followers) {
    store::RemoteActor actor;
    actor.uri = f.actor_uri;
    actor.username = f.actor_uri.substr(f.actor_uri.rfind('/') + 1);
    actor.inbox = f.inbox;
    actor.fetched_at = clock.NowUnix();
    auto upserted = federation.UpsertRemoteActor(actor);
    if (!upserted.ok()) throw std::runtime_error(upserted.error().ToLogString());
    store::Follow follow;
    follow.follower_uri = actor.uri;
    follow.followed_uri = s.base_url() + "/users/" + username;
    follow.followed_account_id = account->id;
    follow.state = store::FollowState::kAccepted;
    follow.follow_activity_uri = actor.uri + "/follows/1";
    auto put = federation.PutFollow(follow);
    if (!put.ok()) throw std::runtime_error(put.error().ToLogString());
  }
}

json::Value MentionCreate(FakeRemote& remote, const FakeActor& from, const std::string& target,
                          const std::string& text) {
  json::Value note;
  note.Set("id", remote.NewId("notes"));
  note.Set("type", "Note");
  note.Set("attributedTo", from.id);
  note.Set("content",
           "<p><a href=\"" + target + "\" class=\"u-url mention\">@shop</a> " + text + "</p>");
  note.Set("published", "2026-11-28T10:00:00Z");
  json::Value to = json::Value::MakeArray();
  to.Push(target);
  note.Set("to", std::move(to));
  json::Value tag;
  tag.Set("type", "Mention");
  tag.Set("href", target);
  tag.Set("name", "@shop");
  json::Value tags = json::Value::MakeArray();
  tags.Push(std::move(tag));
  note.Set("tag", std::move(tags));
  json::Value create;
  create.Set("@context", "https://www.w3.org/ns/activitystreams");
  create.Set("id", *note.FindString("id") + "/activity");
  create.Set("type", "Create");
  create.Set("actor", from.id);
  create.Set("to", *note.Find("to"));
  create.Set("object", std::move(note));
  return create;
}

}  // namespace cornerstore::testing::fault
