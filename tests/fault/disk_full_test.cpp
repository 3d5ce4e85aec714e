// Case 4: the disk fills up under the database. A tmpfs mount needs privileges a container may
// not grant, so the test caps the server's file size instead (RLIMIT_FSIZE, with SIGXFSZ
// ignored so writes fail with EFBIG as on a full disk), then lifts the cap with prlimit(2).
// Writes must fail with a JSON 503 — never 500, never a crash — the database must stay
// intact, and service must resume once space returns.
#include <doctest/doctest.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <csignal>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "tests/fault/fault_support.h"
#include "tests/support/cornerstore_process.h"
#include "tests/support/fake_remote.h"
#include "tests/support/http_test_client.h"

using namespace cornerstore;
using namespace cornerstore::testing;
using namespace cornerstore::testing::fault;

namespace {

using Steady = std::chrono::steady_clock;

// Room left above the files' size at start: a few hundred activities' worth.
constexpr rlim_t kHeadroomBytes = 256 * 1024;
constexpr auto kProcessWait = std::chrono::seconds(60);

off_t FileSize(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 ? st.st_size : 0;
}

}  // namespace

// Activities accepted before the disk filled whose processing (or whose outcome's write) hit the
// full disk are retried, never failed: every one has its effect once space returns.
TEST_CASE("disk full: writes answer 503, nothing is corrupted, service resumes") {
  FakeRemote remote;
  const FakeActor& carol = remote.AddActor("carol");
  CornerstoreProcess s("[unsafe]\nallow_private_addresses = true\n[log]\naccess_log = false\n");
  REQUIRE(s.Cli({"account", "create", "shop"}).exit_code == 0);
  const std::string db = s.data_dir() + "/cornerstore.db";
  const std::string shop = s.base_url() + "/users/shop";

  // The child inherits the ignored SIGXFSZ and the file-size limit; restore ours afterwards.
  rlimit saved{};
  ::getrlimit(RLIMIT_FSIZE, &saved);
  auto saved_handler = std::signal(SIGXFSZ, SIG_IGN);
  rlimit capped = saved;
  capped.rlim_cur = static_cast<rlim_t>(FileSize(db)) + kHeadroomBytes + (4u << 20);
  // The WAL grows to ~4 MiB before a checkpoint: the cap counts it too.
  REQUIRE(::setrlimit(RLIMIT_FSIZE, &capped) == 0);
  s.Start();
  ::setrlimit(RLIMIT_FSIZE, &saved);
  std::signal(SIGXFSZ, saved_handler);
  MESSAGE("disk full simulated with RLIMIT_FSIZE = ", capped.rlim_cur / 1024, " KiB on the server");

  const std::string padding(4000, 'y');
  std::map<int, int> statuses;
  std::vector<std::string> accepted;
  int non_json = 0, sent = 0;
  const int max_sends = Scale(3000, 6000);
  int consecutive_503 = 0;
  while (sent < max_sends && consecutive_503 < 20) {
    json::Value create = MentionCreate(remote, carol, shop, padding + std::to_string(sent));
    TestResponse r = remote.Send(carol, s.port(), create);
    ++sent;
    ++statuses[r.status];
    if (r.status == 202) accepted.push_back(*create.FindString("id"));
    if (r.status >= 400 && r.body.find("\"error\"") == std::string::npos) ++non_json;
    consecutive_503 = r.status == 503 ? consecutive_503 + 1 : 0;
  }
  std::string summary;
  for (const auto& [status, n] : statuses) {
    summary += " " + std::to_string(status) + "x" + std::to_string(n);
  }
  MESSAGE("writes until full: ", sent, " sent:", summary);
  CHECK(statuses[503] > 0);
  CHECK(statuses[500] == 0);
  CHECK(statuses[0] == 0);  // the server never dropped a connection or died
  CHECK(non_json == 0);
  CHECK(s.running());
  TestResponse health = Get(s.port(), "/health");
  CHECK((health.status == 200 || health.status == 503));

  // Space returns.
  rlimit lifted = saved;
  REQUIRE(::prlimit(s.pid(), RLIMIT_FSIZE, &lifted, nullptr) == 0);
  int resumed = 0;
  for (int i = 0; i < 20; ++i) {
    json::Value create = MentionCreate(remote, carol, shop, "after " + std::to_string(i));
    TestResponse r = remote.Send(carol, s.port(), create);
    if (r.status == 202) {
      ++resumed;
      accepted.push_back(*create.FindString("id"));
    }
  }
  CHECK(resumed == 20);
  const auto deadline = Steady::now() + kProcessWait;
  while (!InboxDrained(db) && Steady::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  const std::string log = s.log();
  auto occurrences = [&log](const std::string& needle) {
    int n = 0;
    for (size_t at = log.find(needle); at != std::string::npos; at = log.find(needle, at + 1)) ++n;
    return n;
  };
  MESSAGE("processing hit the full disk ", occurrences("transient=true"),
          " times; outcomes not recorded and handed back: ", occurrences("inbox.record_failed"));
  CHECK(s.Stop() == 0);
  CHECK(IntegrityCheck(db) == "ok");
  CHECK(QueryInt(db, "SELECT count(*) FROM inbox_queue WHERE state <> 'done'") == 0);
  // Why an item did not finish, when one did not.
  CHECK_MESSAGE(QueryText(db,
                          "SELECT state || ' ' || attempts || ' ' || last_error FROM "
                          "inbox_queue WHERE state <> 'done'") == "",
                "unfinished inbox items");
  CHECK(QueryInt(db, "SELECT count(*) FROM notifications WHERE kind = 'mention'") ==
        static_cast<int64_t>(accepted.size()));
}
