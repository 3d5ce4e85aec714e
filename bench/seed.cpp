// cornerstore_bench_seed: fills a Cornerstore database with posts, remote actors and followers
// for the benchmarks (bench/memory.sh, bench/scale.sh).
//
// The account must exist already (made with `cornerstore account create`, so it has real keys).
// Rows go in through the store's own connection (the real migrations, pragmas and file modes),
// in one write transaction with prepared statements: a million posts take seconds, where one
// FederationStore::InsertObject per post (a transaction each) would take minutes. The rows
// match what PublishService and the inbox write; the tool reads a few back through
// FederationStore to prove it.
//
//   cornerstore_bench_seed --db PATH --base-url URL --account NAME
//                          [--posts N] [--remote-actors N] [--followers N] [--hosts N]
//                          [--sample-paths FILE [--samples N]]
// --sample-paths writes the URL paths of N posts drawn at random (repeatably), one a line, for
// wrk (bench/paths.lua).
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include "src/common/clock.h"
#include "store/sqlite/transaction.h"
#include "store/sqlite_federation_store.h"
#include "store/sqlite_store.h"

namespace cornerstore::bench {
namespace {

constexpr const char* kPublic = "https://www.w3.org/ns/activitystreams#Public";

// 512 MiB (negative: KiB), for this connection only; the server keeps SQLite's default.
constexpr const char* kSeedCacheSize = "PRAGMA cache_size = -524288";

constexpr const char* kInsertPost =
    "INSERT INTO objects (uri, url, object_type, account_id, attributed_to, visibility, "
    "content_html, content_source, language, to_json, cc_json, published_at, created_at) "
    "VALUES (?1, ?1, 'Note', ?2, ?3, 'public', ?4, ?5, 'en', ?6, ?7, ?8, ?8)";
constexpr const char* kInsertActor =
    "INSERT INTO remote_actors (uri, actor_type, username, host, display_name, url, inbox, "
    "shared_inbox, outbox, followers_uri, following_uri, public_key_id, raw_json, fetched_at, "
    "created_at, updated_at) "
    "VALUES (?1, 'Person', ?2, ?3, ?2, ?1, ?4, ?5, ?6, ?7, ?8, ?9, '{}', ?10, ?10, ?10)";
constexpr const char* kInsertFollower =
    "INSERT INTO follows (follower_uri, followed_uri, followed_account_id, state, "
    "follow_activity_uri, created_at, updated_at) VALUES (?1, ?2, ?3, 'accepted', ?4, ?5, ?5)";

struct Options {
  std::string db;
  std::string base_url;
  std::string account;
  int64_t posts = 0;
  int64_t remote_actors = 0;
  int64_t followers = 0;
  int64_t hosts = 1000;
  std::string sample_paths;  // file for the paths of random posts (bench/paths.lua reads it)
  int64_t samples = 10000;
};

[[noreturn]] void Usage(const char* why) {
  std::fprintf(
      stderr,
      "cornerstore_bench_seed: %s\n"
      "usage: cornerstore_bench_seed --db PATH --base-url URL --account NAME [--posts N] "
      "[--remote-actors N] [--followers N] [--hosts N] [--sample-paths FILE [--samples N]]\n",
      why);
  std::exit(2);
}

int64_t ParseCount(const char* flag, const char* text) {
  char* end = nullptr;
  long long value = std::strtoll(text, &end, 10);
  if (*text == '\0' || *end != '\0' || value < 0) {
    Usage((std::string(flag) + " needs a count").c_str());
  }
  return value;
}

Options ParseOptions(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string_view flag = argv[i];
    if (i + 1 >= argc) Usage("every flag takes a value");
    const char* value = argv[++i];
    if (flag == "--db") {
      o.db = value;
    } else if (flag == "--base-url") {
      o.base_url = value;
    } else if (flag == "--account") {
      o.account = value;
    } else if (flag == "--posts") {
      o.posts = ParseCount(argv[i - 1], value);
    } else if (flag == "--remote-actors") {
      o.remote_actors = ParseCount(argv[i - 1], value);
    } else if (flag == "--followers") {
      o.followers = ParseCount(argv[i - 1], value);
    } else if (flag == "--hosts") {
      o.hosts = ParseCount(argv[i - 1], value);
    } else if (flag == "--sample-paths") {
      o.sample_paths = value;
    } else if (flag == "--samples") {
      o.samples = ParseCount(argv[i - 1], value);
    } else {
      Usage("unknown flag");
    }
  }
  if (o.db.empty() || o.base_url.empty() || o.account.empty()) {
    Usage("--db, --base-url and --account are required");
  }
  if (o.followers > o.remote_actors) o.remote_actors = o.followers;
  if (o.hosts < 1) o.hosts = 1;
  return o;
}

// A bijection on 64 bits (SplitMix64's finaliser): distinct, random-looking post ids shaped like
// PublishService's (16 hex digits), without a random source, so runs are repeatable.
uint64_t Mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

std::string PostId(int64_t n) {
  char id[17];
  std::snprintf(id, sizeof id, "%016llx", static_cast<unsigned long long>(Mix(n)));
  return id;
}

std::string ActorHost(const Options& o, int64_t n) {
  return "h" + std::to_string(n % o.hosts) + ".bench.example";
}

std::string ActorUri(const Options& o, int64_t n) {
  return "https://" + ActorHost(o, n) + "/users/u" + std::to_string(n);
}

// Writes the paths of `samples` posts picked at random (a fixed seed: repeatable runs).
bool WriteSamplePaths(const Options& o) {
  std::FILE* out = std::fopen(o.sample_paths.c_str(), "w");
  if (out == nullptr) return false;
  for (int64_t k = 0; k < o.samples && o.posts > 0; ++k) {
    const int64_t n = static_cast<int64_t>(Mix(~static_cast<uint64_t>(k)) % o.posts);
    std::fprintf(out, "/users/%s/statuses/%s\n", o.account.c_str(), PostId(n).c_str());
  }
  return std::fclose(out) == 0;
}

void Fail(const char* what, const Error& error) {
  std::fprintf(stderr, "cornerstore_bench_seed: %s: %s\n", what, error.ToLogString().c_str());
  std::exit(1);
}

void Check(const char* what, const Status& status) {
  if (!status.ok()) Fail(what, status.error());
}

Status InsertPosts(store::sqlite::Connection& db, const Options& o, int64_t account_id,
                   int64_t now) {
  const std::string actor = o.base_url + "/users/" + o.account;
  const std::string to = std::string("[\"") + kPublic + "\"]";
  const std::string cc = "[\"" + actor + "/followers\"]";
  for (int64_t n = 0; n < o.posts; ++n) {
    const std::string text = "Post " + std::to_string(n) +
                             " of the benchmark seed: new stock arrived today, come and see the "
                             "spring collection in the shop or online.";
    CS_ASSIGN_OR_RETURN(store::sqlite::Statement stmt, db.Prepare(kInsertPost));
    stmt.BindText(1, actor + "/statuses/" + PostId(n));
    stmt.BindInt(2, account_id);
    stmt.BindText(3, actor);
    stmt.BindText(4, "<p>" + text + "</p>");
    stmt.BindText(5, text);
    stmt.BindText(6, to);
    stmt.BindText(7, cc);
    stmt.BindInt(8, now - o.posts + n);  // one post a second, oldest first
    CS_RETURN_IF_ERROR(stmt.Run());
  }
  return OkStatus();
}

Status InsertActors(store::sqlite::Connection& db, const Options& o, int64_t account_id,
                    int64_t now) {
  const std::string followed = o.base_url + "/users/" + o.account;
  for (int64_t n = 0; n < o.remote_actors; ++n) {
    const std::string uri = ActorUri(o, n);
    const std::string host = ActorHost(o, n);
    {
      CS_ASSIGN_OR_RETURN(store::sqlite::Statement stmt, db.Prepare(kInsertActor));
      stmt.BindText(1, uri);
      stmt.BindText(2, "u" + std::to_string(n));
      stmt.BindText(3, host);
      stmt.BindText(4, uri + "/inbox");
      stmt.BindText(5, "https://" + host + "/inbox");
      stmt.BindText(6, uri + "/outbox");
      stmt.BindText(7, uri + "/followers");
      stmt.BindText(8, uri + "/following");
      stmt.BindText(9, uri + "#main-key");
      stmt.BindInt(10, now);
      CS_RETURN_IF_ERROR(stmt.Run());
    }
    if (n >= o.followers) continue;
    CS_ASSIGN_OR_RETURN(store::sqlite::Statement stmt, db.Prepare(kInsertFollower));
    stmt.BindText(1, uri);
    stmt.BindText(2, followed);
    stmt.BindInt(3, account_id);
    stmt.BindText(4, uri + "#follows/" + std::to_string(n));
    stmt.BindInt(5, now);
    CS_RETURN_IF_ERROR(stmt.Run());
  }
  return OkStatus();
}

int Run(int argc, char** argv) {
  const Options o = ParseOptions(argc, argv);
  SystemClock clock;
  auto opened = store::SqliteStore::Open(o.db, &clock);
  if (!opened.ok()) Fail("open", opened.error());
  store::SqliteStore& store = **opened;
  auto account = store.FindAccountByUsername(o.account);
  if (!account.ok()) Fail("find account", account.error());

  const auto start = std::chrono::steady_clock::now();
  {
    auto writer = store.database().AcquireWriter();
    // The whole seed is one transaction: a page cache big enough for its indexes keeps SQLite
    // from spilling dirty pages to the WAL mid-way (random post ids land all over the uri index).
    Check("cache size", writer.db().Exec(kSeedCacheSize));
    auto tx = store::sqlite::Transaction::BeginImmediate(writer.db());
    if (!tx.ok()) Fail("begin", tx.error());
    const int64_t now = clock.NowUnix();
    Check("posts", InsertPosts(writer.db(), o, account->id, now));
    Check("remote actors", InsertActors(writer.db(), o, account->id, now));
    Check("commit", tx->Commit());
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  // Read back through the real store: the rows must be what the server reads.
  store::SqliteFederationStore federation(store.database());
  if (o.posts > 0) {
    const std::string uri = o.base_url + "/users/" + o.account + "/statuses/" + PostId(o.posts - 1);
    auto post = federation.FindObject(uri);
    if (!post.ok()) Fail("read back a post", post.error());
  }
  auto followers = federation.CountFollowers(account->id, store::FollowState::kAccepted);
  if (!followers.ok()) Fail("count followers", followers.error());
  if (*followers < o.followers) {
    std::fprintf(stderr, "cornerstore_bench_seed: %lld followers read back, %lld written\n",
                 static_cast<long long>(*followers), static_cast<long long>(o.followers));
    return 1;
  }
  if (!o.sample_paths.empty() && !WriteSamplePaths(o)) {
    std::fprintf(stderr, "cornerstore_bench_seed: cannot write %s\n", o.sample_paths.c_str());
    return 1;
  }
  const int64_t rows = o.posts + o.remote_actors + o.followers;
  std::printf("seeded %lld posts, %lld remote actors, %lld followers in %.2f s (%.0f rows/s)\n",
              static_cast<long long>(o.posts), static_cast<long long>(o.remote_actors),
              static_cast<long long>(o.followers), seconds, seconds > 0 ? rows / seconds : 0.0);
  if (o.posts > 0) {
    std::printf("last post: %s/users/%s/statuses/%s\n", o.base_url.c_str(), o.account.c_str(),
                PostId(o.posts - 1).c_str());
  }
  return 0;
}

}  // namespace
}  // namespace cornerstore::bench

int main(int argc, char** argv) { return cornerstore::bench::Run(argc, argv); }
