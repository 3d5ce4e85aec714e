// cornerstore_bench_inbox: the load tool of bench/inbox.sh (signed Create(Note) POSTs).
//
//   cornerstore_bench_inbox seed --db PATH --base-url URL --account NAME --actors N
//                               [--hosts N] [--key-pairs N] --keys-out FILE
//     Stores N remote actors (on `hosts` hosts), each with its public key in the key cache and
//     followed by ACCOUNT, so a Create from any of them is verified without a fetch and stored
//     (it concerns a local account). Writes the private keys to FILE for `fire`. Generating
//     RSA-2048 keys is slow (≈0.1 s each), so `key-pairs` pairs are made and actor n gets pair
//     n % key-pairs: every actor still has its own key id and cache row, and the cost of a
//     verification does not depend on which key it uses.
//
//   cornerstore_bench_inbox fire --port P --host HOST --actors N [--hosts N] --keys FILE
//                               --requests M [--connections C] [--sign-threads T]
//                               [--target /inbox] [--db PATH] [--tag TEXT]
//     Builds M distinct Create(Note) activities from the N actors in turn, signs each request
//     (draft-cavage, rsa-sha256, headers "(request-target) host date digest content-type", as
//     Mastodon does) on T threads, then fires them over C keep-alive connections. With --db it
//     then waits until the server's inbox queue is empty and counts the stored posts. Prints
//     one line of key=value figures.
//
//   cornerstore_bench_inbox sqlite-baseline --db PATH --rows M [--batch B]
//     SQLite's rate for the same rows (inbox queue rows with the same bodies, the accept path's
//     write), inserted B per transaction with one prepared statement, in a fresh database with
//     the real schema and pragmas. Prints rows_per_s=….
#include <openssl/evp.h>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "activitypub/keys.h"
#include "activitypub/signatures/signer.h"
#include "bench/load_client.h"
#include "src/common/clock.h"
#include "src/common/http_message.h"
#include "store/sqlite/inbox_spool.h"
#include "store/sqlite/transaction.h"
#include "store/sqlite_federation_store.h"
#include "store/sqlite_store.h"

namespace cornerstore::bench {
namespace {

constexpr const char* kPublic = "https://www.w3.org/ns/activitystreams#Public";
constexpr const char* kPemEnd = "-----END PRIVATE KEY-----";
// How often `fire` looks at the queue while the server drains it, and for how long at most.
constexpr auto kDrainPoll = std::chrono::milliseconds(20);
constexpr auto kDrainTimeout = std::chrono::seconds(600);

constexpr const char* kInsertQueueRow =
    "INSERT INTO inbox_queue (activity_uri, recipient_account_id, signer_key_id, signer_uri, "
    "body, received_at, next_attempt_at) VALUES (?1, NULL, ?2, ?3, ?4, ?5, ?5)";

using Flags = std::map<std::string, std::string>;

[[noreturn]] void Die(const std::string& why) {
  std::fprintf(stderr, "cornerstore_bench_inbox: %s\n", why.c_str());
  std::exit(1);
}

Flags ParseFlags(int argc, char** argv, int first) {
  Flags flags;
  for (int i = first; i < argc; i += 2) {
    std::string flag = argv[i];
    if (flag.rfind("--", 0) != 0 || i + 1 >= argc) Die("flags are --name value pairs: " + flag);
    flags[flag.substr(2)] = argv[i + 1];
  }
  return flags;
}

std::string Need(const Flags& flags, const std::string& name) {
  auto it = flags.find(name);
  if (it == flags.end()) Die("--" + name + " is required");
  return it->second;
}

int64_t Count(const Flags& flags, const std::string& name, int64_t fallback) {
  auto it = flags.find(name);
  if (it == flags.end()) return fallback;
  char* end = nullptr;
  long long v = std::strtoll(it->second.c_str(), &end, 10);
  if (*end != '\0' || v < 1) Die("--" + name + " needs a positive count");
  return v;
}

// The remote actors, shared by `seed` and `fire` (and bench/fanout.sh's hosts are the same form).
std::string ActorHost(int64_t n, int64_t hosts) {
  return "r" + std::to_string(n % hosts) + ".bench.example";
}
std::string ActorUri(int64_t n, int64_t hosts) {
  return "https://" + ActorHost(n, hosts) + "/users/u" + std::to_string(n);
}

template <typename T>
T OrDie(Result<T> result, const char* what) {
  if (!result.ok()) Die(std::string(what) + ": " + result.error().ToLogString());
  return std::move(result).value();
}

void OrDie(const Status& status, const char* what) {
  if (!status.ok()) Die(std::string(what) + ": " + status.error().ToLogString());
}

// ---- seed -------------------------------------------------------------------------------------

int Seed(const Flags& flags) {
  const std::string base_url = Need(flags, "base-url");
  const std::string account_name = Need(flags, "account");
  const int64_t actors = Count(flags, "actors", 1000);
  const int64_t hosts = Count(flags, "hosts", actors);
  const int64_t pairs = Count(flags, "key-pairs", 16);

  std::vector<activitypub::KeyPair> keys;
  std::ofstream out(Need(flags, "keys-out"));
  for (int64_t k = 0; k < pairs; ++k) {
    keys.push_back(OrDie(activitypub::GenerateRsaKeyPair(), "generate key"));
    out << keys.back().private_pem;
  }
  out.close();
  if (!out) Die("cannot write the keys file");

  SystemClock clock;
  auto store = OrDie(store::SqliteStore::Open(Need(flags, "db"), &clock), "open");
  store::Account account = OrDie(store->FindAccountByUsername(account_name), "find account");
  store::SqliteFederationStore federation(store->database());
  const std::string local = base_url + "/users/" + account_name;
  const int64_t now = clock.NowUnix();
  const auto start = std::chrono::steady_clock::now();
  for (int64_t n = 0; n < actors; ++n) {
    store::RemoteActor actor;
    actor.uri = ActorUri(n, hosts);
    actor.username = "u" + std::to_string(n);
    actor.host = ActorHost(n, hosts);
    actor.display_name = actor.username;
    actor.url = actor.uri;
    actor.inbox = actor.uri + "/inbox";
    actor.shared_inbox = "https://" + actor.host + "/inbox";
    actor.outbox = actor.uri + "/outbox";
    actor.followers_uri = actor.uri + "/followers";
    actor.following_uri = actor.uri + "/following";
    actor.public_key_id = actor.uri + "#main-key";
    actor.public_key_pem = keys[static_cast<size_t>(n % pairs)].public_pem;
    actor.raw_json = "{}";
    actor.fetched_at = now;
    OrDie(federation.UpsertRemoteActor(actor), "remote actor");

    store::CachedKey key;
    key.key_id = actor.public_key_id;
    key.owner_uri = actor.uri;
    key.public_key_pem = actor.public_key_pem;
    key.fetched_at = now;
    OrDie(federation.PutKey(key), "key");

    store::Follow follow;
    follow.follower_uri = local;
    follow.follower_account_id = account.id;
    follow.followed_uri = actor.uri;
    follow.state = store::FollowState::kAccepted;
    follow.follow_activity_uri = local + "#follows/" + std::to_string(n);
    OrDie(federation.PutFollow(follow), "follow");
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf(
      "seeded %lld remote actors (keys cached, followed by %s) on %lld hosts, %lld key "
      "pairs, in %.2f s\n",
      static_cast<long long>(actors), account_name.c_str(), static_cast<long long>(hosts),
      static_cast<long long>(pairs), seconds);
  return 0;
}

// ---- fire -------------------------------------------------------------------------------------

std::vector<activitypub::PkeyPtr> ReadKeys(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  const std::string all = text.str();
  std::vector<activitypub::PkeyPtr> keys;
  size_t begin = 0;
  for (size_t end; (end = all.find(kPemEnd, begin)) != std::string::npos;) {
    end += std::string_view(kPemEnd).size();
    keys.push_back(OrDie(activitypub::PrivateKeyFromPem(all.substr(begin, end - begin)), "key"));
    begin = end;
  }
  if (keys.empty()) Die("no private keys in " + path);
  return keys;
}

// One Create(Note) as Mastodon sends it: public, to the author's followers, embedded Note.
std::string CreateBody(const std::string& actor, const std::string& tag, int64_t i,
                       const std::string& published) {
  const std::string note = actor + "/statuses/" + tag + "-" + std::to_string(i);
  return "{\"@context\":[\"https://www.w3.org/ns/activitystreams\"],\"id\":\"" + note +
         "/activity\",\"type\":\"Create\",\"actor\":\"" + actor + "\",\"published\":\"" +
         published + "\",\"to\":[\"" + kPublic + "\"],\"cc\":[\"" + actor +
         "/followers\"],\"object\":{\"id\":\"" + note + "\",\"type\":\"Note\",\"summary\":null," +
         "\"inReplyTo\":null,\"published\":\"" + published + "\",\"url\":\"" + note +
         "\",\"attributedTo\":\"" + actor + "\",\"to\":[\"" + kPublic + "\"],\"cc\":[\"" + actor +
         "/followers\"],\"sensitive\":false,\"content\":\"<p>Benchmark post " + std::to_string(i) +
         ": the tulips are in, and the spring bouquets are back in the shop.</p>\"," +
         "\"contentMap\":{\"en\":\"<p>Benchmark post " + std::to_string(i) +
         "</p>\"},\"attachment\":[],\"tag\":[]}}";
}

std::string Serialize(const HttpRequest& request) {
  std::string out = request.method + " " + request.target + " HTTP/1.1\r\n";
  for (const auto& [name, value] : request.headers.entries) out += name + ": " + value + "\r\n";
  out += "Content-Length: " + std::to_string(request.body.size()) + "\r\n\r\n";
  out += request.body;
  return out;
}

std::string Iso8601(int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

int64_t QueryInt(sqlite3* db, const char* sql) {
  sqlite3_stmt* stmt = nullptr;
  int64_t value = -1;
  if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) == SQLITE_OK &&
      sqlite3_step(stmt) == SQLITE_ROW) {
    value = sqlite3_column_int64(stmt, 0);
  }
  sqlite3_finalize(stmt);
  return value;
}

int Fire(const Flags& flags) {
  const int port = static_cast<int>(Count(flags, "port", 0));
  const std::string host = Need(flags, "host");
  const int64_t actors = Count(flags, "actors", 1000);
  const int64_t hosts = Count(flags, "hosts", actors);
  const int64_t total = Count(flags, "requests", 10000);
  const int connections = static_cast<int>(Count(flags, "connections", 64));
  const int threads = static_cast<int>(Count(flags, "sign-threads", 2));
  const std::string target = flags.count("target") ? flags.at("target") : "/inbox";
  const std::string tag = flags.count("tag") ? flags.at("tag") : "run";
  const std::vector<activitypub::PkeyPtr> keys = ReadKeys(Need(flags, "keys"));

  SystemClock clock;
  const int64_t now = clock.NowUnix();
  const std::string date = FormatHttpDate(now);
  const std::string published = Iso8601(now);
  std::vector<std::string> requests(static_cast<size_t>(total));
  const auto sign_start = std::chrono::steady_clock::now();
  std::vector<std::thread> signers;
  for (int t = 0; t < threads; ++t) {
    signers.emplace_back([&, t] {
      for (int64_t i = t; i < total; i += threads) {
        const int64_t n = i % actors;
        const std::string actor = ActorUri(n, hosts);
        HttpRequest request;
        request.method = "POST";
        request.target = target;
        request.headers.Set("Host", host);
        request.headers.Set("Date", date);
        request.headers.Set("Content-Type", "application/activity+json");
        request.headers.Set("User-Agent", "cornerstore-bench");
        request.body = CreateBody(actor, tag, i, published);
        OrDie(activitypub::SignRequestCavage(&request, actor + "#main-key",
                                             keys[static_cast<size_t>(n) % keys.size()].get()),
              "sign");
        requests[static_cast<size_t>(i)] = Serialize(request);
      }
    });
  }
  for (std::thread& t : signers) t.join();
  const double sign_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - sign_start).count();

  sqlite3* db = nullptr;
  int64_t stored_before = 0;
  if (flags.count("db")) {
    if (sqlite3_open_v2(flags.at("db").c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
      Die("cannot open the database read-only");
    }
    sqlite3_busy_timeout(db, 5000);
    stored_before = QueryInt(db, "SELECT count(*) FROM objects WHERE account_id IS NULL");
  }

  const auto fire_start = std::chrono::steady_clock::now();
  LoadResult load = FireRequests(port, requests, connections);
  if (!load.error.empty()) Die(load.error);
  const int64_t accepted = load.by_status.count(202) ? load.by_status.at(202) : 0;
  std::string statuses;
  for (const auto& [status, count] : load.by_status) {
    statuses +=
        (statuses.empty() ? "" : ",") + std::to_string(status) + ":" + std::to_string(count);
  }
  std::printf(
      "requests=%lld sign_s=%.2f accepted=%lld statuses=%s accept_s=%.3f "
      "accepted_per_s=%.0f reconnects=%lld",
      static_cast<long long>(total), sign_seconds, static_cast<long long>(accepted),
      statuses.c_str(), load.seconds, accepted / load.seconds,
      static_cast<long long>(load.reconnects));

  if (db != nullptr) {
    // Processing overlaps accepting: how far it got by the last 202 tells the two phases apart.
    std::printf(
        " stored_at_accept=%lld",
        static_cast<long long>(
            QueryInt(db, "SELECT count(*) FROM objects WHERE account_id IS NULL") - stored_before));
    const char* pending_sql =
        "SELECT count(*) FROM inbox_queue WHERE state IN ('queued', 'processing')";
    // Accepted items wait in the spool beside the database until a worker moves them into the
    // queue (store/sqlite/inbox_spool.h); the spool empties only once they are in it.
    const std::string spool = store::sqlite::InboxSpool::PathBeside(Need(flags, "db"));
    auto spooled = [&spool] {
      std::error_code error;
      const auto bytes = std::filesystem::file_size(spool, error);
      return !error && bytes > 0;
    };
    while (spooled() || QueryInt(db, pending_sql) != 0) {
      if (std::chrono::steady_clock::now() - fire_start > kDrainTimeout) Die("queue not drained");
      std::this_thread::sleep_for(kDrainPoll);
    }
    const double processed_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - fire_start).count();
    const int64_t stored =
        QueryInt(db, "SELECT count(*) FROM objects WHERE account_id IS NULL") - stored_before;
    const int64_t failed = QueryInt(db, "SELECT count(*) FROM inbox_queue WHERE state = 'failed'");
    std::printf(" stored=%lld failed=%lld processed_s=%.3f processed_per_s=%.0f",
                static_cast<long long>(stored), static_cast<long long>(failed), processed_seconds,
                stored / processed_seconds);
    sqlite3_close(db);
  }
  std::printf("\n");
  return 0;
}

// ---- sqlite-baseline --------------------------------------------------------------------------

int SqliteBaseline(const Flags& flags) {
  const int64_t rows = Count(flags, "rows", 20000);
  const int64_t batch = Count(flags, "batch", 256);
  const int64_t actors = 1000;
  SystemClock clock;
  auto store = OrDie(store::SqliteStore::Open(Need(flags, "db"), &clock), "open");
  const int64_t now = clock.NowUnix();
  const std::string published = Iso8601(now);
  std::vector<std::string> bodies;
  for (int64_t i = 0; i < rows; ++i) {
    bodies.push_back(CreateBody(ActorUri(i % actors, actors), "baseline", i, published));
  }
  const auto start = std::chrono::steady_clock::now();
  auto writer = store->database().AcquireWriter();
  store::sqlite::Connection& db = writer.db();
  for (int64_t first = 0; first < rows; first += batch) {
    auto tx = OrDie(store::sqlite::Transaction::BeginImmediate(db), "begin");
    for (int64_t i = first; i < std::min(rows, first + batch); ++i) {
      const std::string actor = ActorUri(i % actors, actors);
      auto stmt = OrDie(db.Prepare(kInsertQueueRow), "prepare");
      stmt.BindText(1, actor + "/statuses/baseline-" + std::to_string(i) + "/activity");
      stmt.BindText(2, actor + "#main-key");
      stmt.BindText(3, actor);
      stmt.BindText(4, bodies[static_cast<size_t>(i)]);
      stmt.BindInt(5, now);
      OrDie(stmt.Run(), "insert");
    }
    OrDie(tx.Commit(), "commit");
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("rows=%lld batch=%lld seconds=%.3f rows_per_s=%.0f\n", static_cast<long long>(rows),
              static_cast<long long>(batch), seconds, rows / seconds);
  return 0;
}

}  // namespace
}  // namespace cornerstore::bench

int main(int argc, char** argv) {
  using namespace cornerstore::bench;
  const std::string command = argc > 1 ? argv[1] : "";
  if (command == "seed") return Seed(ParseFlags(argc, argv, 2));
  if (command == "fire") return Fire(ParseFlags(argc, argv, 2));
  if (command == "sqlite-baseline") return SqliteBaseline(ParseFlags(argc, argv, 2));
  std::fprintf(stderr,
               "usage: cornerstore_bench_inbox seed|fire|sqlite-baseline --flag value ...\n"
               "(see the comment at the top of bench/inbox_load.cpp)\n");
  return 2;
}
