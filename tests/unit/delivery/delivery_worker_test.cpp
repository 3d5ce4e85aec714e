#include "activitypub/delivery/delivery_worker.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "tests/fakes/store_failing.h"
#include "tests/unit/delivery/delivery_harness.h"

using namespace cornerstore;
using namespace cornerstore::activitypub::delivery;
using cornerstore::testing::DeliveryHarness;
using cornerstore::testing::FakeHttpFetcher;
using cornerstore::testing::kOtherInbox;
using cornerstore::testing::kRemoteInbox;

namespace {

std::string ActivityUri(int n) {
  return "https://shop.example/users/shop/statuses/" + std::to_string(n) + "/activity";
}

// Polls `condition` for up to `limit` of real time (for tests with worker threads).
bool WaitFor(const std::function<bool()>& condition,
             std::chrono::milliseconds limit = std::chrono::seconds(10)) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return condition();
}

FakeHttpFetcher::Reply WithHeader(int status, const std::string& name, const std::string& value) {
  HttpHeaders headers;
  headers.Set(name, value);
  return FakeHttpFetcher::Response(status, {}, headers);
}

// Runs `body` with stderr sent to a temporary file; returns what was written.
std::string CaptureStderr(const std::function<void()>& body) {
  std::fflush(stderr);
  FILE* tmp = std::tmpfile();
  REQUIRE(tmp != nullptr);
  int saved = dup(2);
  dup2(fileno(tmp), 2);
  body();
  std::fflush(stderr);
  dup2(saved, 2);
  close(saved);
  std::string out;
  std::rewind(tmp);
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, tmp)) > 0) out.append(buf, n);
  std::fclose(tmp);
  return out;
}

// A fetcher route whose requests block until released, counting how many run at once.
class Gate {
 public:
  FakeHttpFetcher::Handler Handler(int status = 202) {
    return [this, status](const OutboundRequest&) -> FakeHttpFetcher::Reply {
      std::unique_lock<std::mutex> lock(mu_);
      ++active_;
      ++entered_;
      max_active_ = std::max(max_active_, active_);
      cv_.notify_all();
      cv_.wait_for(lock, std::chrono::seconds(20), [this] { return open_; });
      --active_;
      return FakeHttpFetcher::Response(status);
    };
  }
  void Open() {
    std::lock_guard<std::mutex> lock(mu_);
    open_ = true;
    cv_.notify_all();
  }
  int active() {
    std::lock_guard<std::mutex> lock(mu_);
    return active_;
  }
  int entered() {
    std::lock_guard<std::mutex> lock(mu_);
    return entered_;
  }
  int max_active() {
    std::lock_guard<std::mutex> lock(mu_);
    return max_active_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool open_ = false;
  int active_ = 0, entered_ = 0, max_active_ = 0;
};

DeliveryWorkerOptions Threaded(int threads, std::chrono::milliseconds poll) {
  DeliveryWorkerOptions options;
  options.threads = threads;
  options.poll_interval = poll;
  return options;
}

}  // namespace

TEST_CASE("delivery: 500, 500, 202 gives three attempts on the schedule with the same bytes") {
  DeliveryHarness h;
  h.fetcher.RouteStatuses(kRemoteInbox, {500, 500, 202});
  const int64_t t0 = h.clock.NowUnix();
  const int64_t id = h.Enqueue(kRemoteInbox, ActivityUri(1));

  CHECK(h.worker->DeliverDue() == 1);
  CHECK(h.InState(id, "queued"));
  CHECK(h.Attempts(id) == 1);
  CHECK(h.LastStatus(id) == 500);
  CHECK(h.NextAttemptAt(id) == t0 + 15);
  CHECK(h.worker->DeliverDue() == 0);  // not due yet
  h.clock.Advance(14);
  CHECK(h.worker->DeliverDue() == 0);
  h.clock.Advance(1);
  CHECK(h.worker->DeliverDue() == 1);
  CHECK(h.Attempts(id) == 2);
  CHECK(h.NextAttemptAt(id) == t0 + 15 + 16);
  h.clock.Advance(15);
  CHECK(h.worker->DeliverDue() == 0);
  h.clock.Advance(1);
  CHECK(h.worker->DeliverDue() == 1);
  CHECK(h.InState(id, "done"));
  CHECK(h.LastStatus(id) == 202);
  h.clock.Advance(3 * 86'400);
  CHECK(h.worker->DeliverDue() == 0);

  std::vector<FakeHttpFetcher::Recorded> sent = h.fetcher.Requests();
  REQUIRE(sent.size() == 3);
  CHECK(sent[0].at == t0);
  CHECK(sent[1].at == t0 + 15);
  CHECK(sent[2].at == t0 + 31);
  const std::string json = DeliveryHarness::ActivityJson(ActivityUri(1));
  for (const FakeHttpFetcher::Recorded& r : sent) {
    CHECK(r.request.method == "POST");
    CHECK(r.request.url == kRemoteInbox);
    CHECK(r.request.headers.Get("Content-Type") == "application/activity+json");
    CHECK(r.request.body == json);  // the same bytes, so the same activity id, every time
    CHECK(r.request.body.find("\"id\":\"" + ActivityUri(1) + "\"") != std::string::npos);
    CHECK(r.request.signer_actor_id == "https://shop.example/users/shop");
    CHECK(r.request.sign);
    CHECK(r.request.signer_private_key_pem.empty());
  }
  store::HostState host = h.Host("remote.example");
  CHECK(host.consecutive_failures == 0);
  CHECK(host.last_success_at == t0 + 31);
}

TEST_CASE("delivery: 410 fails at once and is never retried") {
  DeliveryHarness h;
  h.fetcher.RouteStatuses(kRemoteInbox, {410, 202});
  const int64_t id = h.Enqueue(kRemoteInbox, ActivityUri(1));
  CHECK(h.worker->DeliverDue() == 1);
  CHECK(h.InState(id, "failed"));
  CHECK(h.LastStatus(id) == 410);
  CHECK(h.Int("SELECT last_error = 'HTTP 410' FROM delivery_jobs WHERE id = " +
              std::to_string(id)) == 1);
  h.clock.Advance(3 * 86'400);
  CHECK(h.worker->DeliverDue() == 0);
  CHECK(h.fetcher.RequestCount() == 1);
  // The host answered: it is alive.
  CHECK(h.Host("remote.example").last_success_at == h.clock.NowUnix() - 3 * 86'400);
}

TEST_CASE("delivery: 401, 408 and 429 are retried") {
  DeliveryHarness h;
  const int64_t t0 = h.clock.NowUnix();
  std::vector<int64_t> ids;
  for (int status : {401, 408, 429}) {
    std::string inbox = "https://h" + std::to_string(status) + ".example/inbox";
    h.fetcher.RouteStatuses(inbox, {status, 202});
    ids.push_back(h.Enqueue(inbox, ActivityUri(status)));
  }
  CHECK(h.worker->DeliverDue() == 3);
  for (int64_t id : ids) {
    CHECK(h.InState(id, "queued"));
    CHECK(h.NextAttemptAt(id) == t0 + 15);
  }
  h.clock.Advance(15);
  CHECK(h.worker->DeliverDue() == 3);
  for (int64_t id : ids) CHECK(h.InState(id, "done"));
}

TEST_CASE("delivery: Retry-After is honoured, in seconds or as an HTTP-date") {
  DeliveryHarness h;
  const int64_t t0 = h.clock.NowUnix();
  h.fetcher.Route(kRemoteInbox,
                  {WithHeader(503, "Retry-After", "600"), FakeHttpFetcher::Response(202)});
  h.fetcher.Route(kOtherInbox, {WithHeader(429, "retry-after", FormatHttpDate(t0 + 7200)),
                                FakeHttpFetcher::Response(202)});
  const int64_t a = h.Enqueue(kRemoteInbox, ActivityUri(1));
  const int64_t b = h.Enqueue(kOtherInbox, ActivityUri(1));
  CHECK(h.worker->DeliverDue() == 2);
  CHECK(h.NextAttemptAt(a) == t0 + 600);
  CHECK(h.NextAttemptAt(b) == t0 + 7200);
  h.clock.Advance(599);
  CHECK(h.worker->DeliverDue() == 0);
  h.clock.Advance(1);
  CHECK(h.worker->DeliverDue() == 1);
  CHECK(h.InState(a, "done"));
  h.clock.Set(t0 + 7200);
  CHECK(h.worker->DeliverDue() == 1);
  CHECK(h.InState(b, "done"));
}

TEST_CASE("delivery: a timeout is retried; the SSRF guard's refusal is not") {
  DeliveryHarness h;
  h.fetcher.Route(kRemoteInbox, {FakeHttpFetcher::Timeout(), FakeHttpFetcher::Unreachable(),
                                 FakeHttpFetcher::Response(202)});
  h.fetcher.Route(kOtherInbox, FakeHttpFetcher::Forbidden());
  const int64_t a = h.Enqueue(kRemoteInbox, ActivityUri(1));
  const int64_t b = h.Enqueue(kOtherInbox, ActivityUri(1));
  CHECK(h.worker->DeliverDue() == 2);
  CHECK(h.InState(a, "queued"));
  CHECK(h.LastStatus(a) == 0);
  CHECK(h.Int("SELECT last_error LIKE '%did not answer in time%' FROM delivery_jobs WHERE id = " +
              std::to_string(a)) == 1);
  CHECK(h.Host("remote.example").consecutive_failures == 1);
  CHECK(h.InState(b, "failed"));
  // We refused to send: that says nothing about the host.
  CHECK(h.Host("other.example").consecutive_failures == 0);
  CHECK(h.Host("other.example").last_success_at == 0);

  h.clock.Advance(15);
  CHECK(h.worker->DeliverDue() == 1);
  CHECK(h.Host("remote.example").consecutive_failures == 2);
  h.clock.Advance(16);
  CHECK(h.worker->DeliverDue() == 1);
  CHECK(h.InState(a, "done"));
  CHECK(h.Host("remote.example").consecutive_failures == 0);
  CHECK(h.fetcher.RequestCount(kOtherInbox) == 1);
}

TEST_CASE("delivery: the breaker opens after 10 consecutive failures and holds the host 60 s") {
  DeliveryHarness h;
  const int64_t t0 = h.clock.NowUnix();
  h.fetcher.RouteStatuses(kRemoteInbox, {503});
  h.fetcher.RouteStatuses(kOtherInbox, {202});
  for (int i = 0; i < kBreakerThreshold; ++i) h.Enqueue(kRemoteInbox, ActivityUri(i));
  h.Enqueue(kOtherInbox, ActivityUri(0));

  CHECK(h.worker->DeliverDue() == kBreakerThreshold + 1);
  store::HostState host = h.Host("remote.example");
  CHECK(host.consecutive_failures == kBreakerThreshold);
  CHECK(host.breaker_until == t0 + kBreakerPauseSeconds);

  // A new job, and the retries once due: none goes out while the breaker is open.
  const int64_t fresh = h.Enqueue(kRemoteInbox, ActivityUri(100));
  CHECK(h.worker->DeliverDue() == 0);
  h.clock.Advance(15);
  CHECK(h.worker->DeliverDue() == 0);
  h.clock.Set(t0 + kBreakerPauseSeconds - 1);
  CHECK(h.worker->DeliverDue() == 0);
  CHECK(h.fetcher.RequestCount(kRemoteInbox) == static_cast<size_t>(kBreakerThreshold));
  CHECK(h.InState(fresh, "queued"));

  SUBCASE("after the pause, one more failure re-opens it at once") {
    h.clock.Set(t0 + kBreakerPauseSeconds);
    CHECK(h.worker->DeliverDue() == 1);
    CHECK(h.Host("remote.example").breaker_until == t0 + 2 * kBreakerPauseSeconds);
  }
  SUBCASE("after the pause, the host answers and everything goes") {
    h.fetcher.RouteStatuses(kRemoteInbox, {202});
    h.clock.Set(t0 + kBreakerPauseSeconds);
    CHECK(h.worker->DeliverDue() == kBreakerThreshold + 1);
    CHECK(h.InState(fresh, "done"));
    CHECK(h.Host("remote.example").consecutive_failures == 0);
  }
  SUBCASE("a restarted worker that did not know the host was paused sends nothing") {
    HostHealth health(h.federation.get(), &h.clock);
    DeliveryDeps deps{h.federation.get(), h.accounts.get(), &h.fetcher, &h.clock, &h.uris,
                      &h.policy,          &health};
    DeliveryWorker restarted(deps, DeliveryHarness::ThreadlessOptions());
    CHECK(restarted.DeliverDue() == 0);
    CHECK(h.fetcher.RequestCount(kRemoteInbox) == static_cast<size_t>(kBreakerThreshold));
    // The job it leased went back, due when the pause ends.
    CHECK(h.Int("SELECT count(*) FROM delivery_jobs WHERE state = 'queued' AND next_attempt_at = " +
                std::to_string(t0 + kBreakerPauseSeconds) + " AND last_error LIKE 'not sent:%'") ==
          1);
    CHECK(h.Int("SELECT count(*) FROM delivery_jobs WHERE state = 'leased'") == 0);
  }
}

TEST_CASE("delivery: a host failing on 7 distinct days becomes unavailable") {
  DeliveryHarness h;
  h.fetcher.RouteStatuses(kRemoteInbox, {503});
  for (int day = 0; day < kUnavailableAfterDays; ++day) {
    h.Enqueue(kRemoteInbox, ActivityUri(day));
    CHECK(h.worker->DeliverDue() >= 1);
    if (day + 1 < kUnavailableAfterDays) {
      CHECK_FALSE(h.Host("remote.example").unavailable);
      h.clock.Advance(kSecondsPerDay);
    }
  }
  store::HostState host = h.Host("remote.example");
  CHECK(host.unavailable);
  CHECK(host.failure_days == kUnavailableAfterDays);

  // Skipped: no attempt even for a new job, hours later.
  const int64_t fresh = h.Enqueue(kRemoteInbox, ActivityUri(100));
  size_t sent = h.fetcher.RequestCount(kRemoteInbox);
  h.clock.Advance(6 * 3600);
  CHECK(h.worker->DeliverDue() == 0);
  CHECK(h.fetcher.RequestCount(kRemoteInbox) == sent);

  SUBCASE("until it sends us a signed request") {
    h.fetcher.RouteStatuses(kRemoteInbox, {202});
    REQUIRE(h.health->MarkHostAlive("remote.example").ok());
    CHECK(h.worker->DeliverDue() >= 1);
    CHECK(h.InState(fresh, "done"));
    CHECK_FALSE(h.Host("remote.example").unavailable);
  }
  SUBCASE("until it answers the daily probe") {
    h.fetcher.RouteStatuses(kRemoteInbox, {202});
    h.clock.Advance(kUnavailableProbeSeconds);
    CHECK(h.worker->DeliverDue() >= 1);
    CHECK(h.InState(fresh, "done"));
    host = h.Host("remote.example");
    CHECK_FALSE(host.unavailable);
    CHECK(host.failure_days == 0);
  }
}

TEST_CASE("delivery: a crashed worker's lease expires and another worker delivers") {
  DeliveryHarness h;
  h.fetcher.RouteStatuses(kRemoteInbox, {202});
  const int64_t id = h.Enqueue(kRemoteInbox, ActivityUri(1));
  // A worker leases the job and dies before sending it.
  auto leased = h.federation->LeaseDeliveries(h.clock.NowUnix(), kLeaseSeconds, 10);
  REQUIRE(leased.ok());
  REQUIRE(leased->size() == 1);

  CHECK(h.worker->DeliverDue() == 0);
  h.clock.Advance(kLeaseSeconds - 1);
  CHECK(h.worker->DeliverDue() == 0);
  h.clock.Advance(1);
  CHECK(h.worker->DeliverDue() == 1);
  CHECK(h.InState(id, "done"));
  CHECK(h.fetcher.RequestCount() == 1);
  CHECK(h.fetcher.Requests()[0].request.body == DeliveryHarness::ActivityJson(ActivityUri(1)));
}

TEST_CASE("delivery: signers — an account, the instance actor, a deleted account's own key") {
  DeliveryHarness h;
  h.fetcher.SetFallback([](const OutboundRequest&) -> FakeHttpFetcher::Reply {
    return FakeHttpFetcher::Response(202);
  });
  store::DeliveryJob instance;
  instance.activity_uri = "https://shop.example/actor#follow/1";
  instance.activity_json = R"({"id":"https://shop.example/actor#follow/1"})";
  instance.inbox_url = "https://a.example/inbox";
  instance.host = "a.example";
  instance.signer_key_id = h.uris.InstanceKeyId();
  h.EnqueueJob(instance);

  store::DeliveryJob gone = instance;
  gone.activity_uri = "https://shop.example/users/gone#delete";
  gone.inbox_url = "https://b.example/inbox";
  gone.host = "b.example";
  gone.signer_key_id = "https://shop.example/users/gone#main-key";
  gone.signer_private_key_pem = "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n";
  h.EnqueueJob(gone);

  CHECK(h.worker->DeliverDue() == 2);
  auto to_a = h.fetcher.RequestsTo("https://a.example/inbox");
  REQUIRE(to_a.size() == 1);
  CHECK(to_a[0].request.signer_actor_id.empty());
  CHECK(to_a[0].request.signer_private_key_pem.empty());
  auto to_b = h.fetcher.RequestsTo("https://b.example/inbox");
  REQUIRE(to_b.size() == 1);
  CHECK(to_b[0].request.signer_actor_id == "https://shop.example/users/gone");
  CHECK(to_b[0].request.signer_key_id == "https://shop.example/users/gone#main-key");
  CHECK(to_b[0].request.signer_private_key_pem == gone.signer_private_key_pem);
}

TEST_CASE("delivery: when the signer cannot be read, nothing is sent") {
  DeliveryHarness h;
  h.fetcher.RouteStatuses(kRemoteInbox, {202});
  testing::FailingStore accounts(h.accounts.get());
  HostHealth health(h.federation.get(), &h.clock);
  DeliveryDeps deps{h.federation.get(), &accounts, &h.fetcher, &h.clock, &h.uris,
                    &h.policy,          &health};
  DeliveryWorker worker(deps, DeliveryHarness::ThreadlessOptions());
  const int64_t id = h.Enqueue(kRemoteInbox, ActivityUri(1));

  SUBCASE("database busy: the job waits for its lease to expire") {
    accounts.FailNext(1, testing::FailingStore::Unavailable());
    CHECK(worker.DeliverDue() == 0);
    CHECK(h.InState(id, "leased"));
    CHECK(h.fetcher.RequestCount() == 0);
    h.clock.Advance(kLeaseSeconds);
    CHECK(worker.DeliverDue() == 1);
    CHECK(h.InState(id, "done"));
  }
  SUBCASE("the account is gone: the job fails, the host is not blamed") {
    accounts.FailNext(1, MakeError(ErrorCode::kNotFound, "no such account"));
    CHECK(worker.DeliverDue() == 1);
    CHECK(h.InState(id, "failed"));
    CHECK(h.fetcher.RequestCount() == 0);
    CHECK(h.Int("SELECT last_error LIKE 'cannot sign: no such account%' FROM delivery_jobs "
                "WHERE id = " +
                std::to_string(id)) == 1);
    CHECK(h.Host("remote.example").consecutive_failures == 0);
  }
}

TEST_CASE("delivery: one log line per attempt with host, status, attempt and next attempt") {
  DeliveryHarness h;
  h.fetcher.RouteStatuses(kRemoteInbox, {503, 202});
  const int64_t t0 = h.clock.NowUnix();
  h.Enqueue(kRemoteInbox, ActivityUri(1));
  testing::QuietLog info(log::Level::kInfo);
  std::string first = CaptureStderr([&] { h.worker->DeliverDue(); });
  CHECK(first.find("delivery_attempt") != std::string::npos);
  CHECK(first.find("host=remote.example") != std::string::npos);
  CHECK(first.find("status=503") != std::string::npos);
  CHECK(first.find("attempt=1") != std::string::npos);
  CHECK(first.find("outcome=retry") != std::string::npos);
  CHECK(first.find("next_attempt=" + FormatIso8601(t0 + 15)) != std::string::npos);
  h.clock.Advance(15);
  std::string second = CaptureStderr([&] { h.worker->DeliverDue(); });
  CHECK(second.find("attempt=2") != std::string::npos);
  CHECK(second.find("status=202") != std::string::npos);
  CHECK(second.find("outcome=delivered") != std::string::npos);
  int lines = 0;
  for (char c : first + second) lines += c == '\n';
  CHECK(lines == 2);
}

TEST_CASE("delivery workers: at most 2 attempts at once per host; other hosts keep flowing") {
  DeliveryHarness h(Threaded(4, std::chrono::milliseconds(20)));
  Gate gate;
  h.fetcher.RouteHandler(kRemoteInbox, gate.Handler());
  h.fetcher.RouteStatuses(kOtherInbox, {202});
  for (int i = 0; i < 6; ++i) h.Enqueue(kRemoteInbox, ActivityUri(i));
  for (int i = 0; i < 3; ++i) h.Enqueue(kOtherInbox, ActivityUri(i));

  h.worker->Start();
  h.worker->Notify();
  CHECK(WaitFor([&] { return gate.active() == kMaxInFlightPerHost; }));
  CHECK(WaitFor([&] {
    return h.Int(
               "SELECT count(*) FROM delivery_jobs WHERE host = 'other.example' AND state = "
               "'done'") == 3;
  }));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // two threads idle, polling
  CHECK(gate.max_active() == kMaxInFlightPerHost);
  CHECK(h.worker->InFlight() == kMaxInFlightPerHost);

  gate.Open();
  CHECK(WaitFor(
      [&] { return h.Int("SELECT count(*) FROM delivery_jobs WHERE state = 'done'") == 9; }));
  h.worker->Stop();
  CHECK(gate.entered() == 6);
  CHECK(gate.max_active() == kMaxInFlightPerHost);
  CHECK(h.worker->InFlight() == 0);
}

TEST_CASE("delivery workers: Notify wakes them; without it they wait for the poll") {
  DeliveryHarness h(Threaded(2, std::chrono::hours(1)));
  h.fetcher.RouteStatuses(kRemoteInbox, {202});
  h.worker->Start();
  std::this_thread::sleep_for(std::chrono::milliseconds(50));  // both threads found nothing
  const int64_t id = h.Enqueue(kRemoteInbox, ActivityUri(1));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  CHECK(h.fetcher.RequestCount() == 0);
  h.worker->Notify();
  CHECK(WaitFor([&] { return h.InState(id, "done"); }));
  h.worker->Stop();
}

TEST_CASE("delivery workers: retries come due by polling") {
  DeliveryHarness h(Threaded(1, std::chrono::milliseconds(10)));
  h.fetcher.RouteStatuses(kRemoteInbox, {500, 202});
  const int64_t id = h.Enqueue(kRemoteInbox, ActivityUri(1));
  h.worker->Start();
  h.worker->Notify();
  CHECK(WaitFor([&] { return h.fetcher.RequestCount() == 1 && h.InState(id, "queued"); }));
  h.clock.Advance(15);
  CHECK(WaitFor([&] { return h.InState(id, "done"); }));
  h.worker->Stop();
  CHECK(h.fetcher.RequestCount() == 2);
}

TEST_CASE("delivery workers: Stop lets the attempt in progress finish") {
  DeliveryHarness h(Threaded(1, std::chrono::milliseconds(10)));
  Gate gate;
  h.fetcher.RouteHandler(kRemoteInbox, gate.Handler());
  const int64_t id = h.Enqueue(kRemoteInbox, ActivityUri(1));
  h.Enqueue(kRemoteInbox, ActivityUri(2));
  h.worker->Start();
  h.worker->Notify();
  REQUIRE(WaitFor([&] { return gate.entered() == 1; }));

  std::atomic<bool> stopped{false};
  std::thread stopper([&] {
    h.worker->Stop();
    stopped = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  CHECK_FALSE(stopped.load());
  gate.Open();
  stopper.join();
  CHECK(h.InState(id, "done"));
  CHECK(gate.entered() == 1);  // nothing new was leased after Stop
  CHECK(h.Int("SELECT count(*) FROM delivery_jobs WHERE state = 'queued'") == 1);
  // Started again, it picks up where it left off.
  h.worker->Start();
  h.worker->Notify();
  CHECK(WaitFor(
      [&] { return h.Int("SELECT count(*) FROM delivery_jobs WHERE state = 'done'") == 2; }));
  h.worker->Stop();
}

TEST_CASE("delivery workers: hanging hosts never hold the last worker; a healthy host is served") {
  // docs/FAULTS.md case 5 in small: two hosts that never answer, two jobs each, ahead of a
  // healthy one in the queue, and 4 workers.
  DeliveryHarness h(Threaded(4, std::chrono::milliseconds(20)));
  const std::string hang_a = "https://hang-a.example/inbox";
  const std::string hang_b = "https://hang-b.example/inbox";
  Gate gate_a, gate_b;
  h.fetcher.RouteHandler(hang_a, gate_a.Handler());
  h.fetcher.RouteHandler(hang_b, gate_b.Handler());
  h.fetcher.RouteStatuses(kOtherInbox, {202});
  for (int i = 0; i < 2; ++i) h.Enqueue(hang_a, ActivityUri(i));
  for (int i = 0; i < 2; ++i) h.Enqueue(hang_b, ActivityUri(i));
  const int64_t healthy = h.Enqueue(kOtherInbox, ActivityUri(9));

  h.worker->Start();
  h.worker->Notify();
  CHECK(WaitFor([&] { return h.InState(healthy, "done"); }));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // idle threads keep polling
  // hang-a took its two slots (crowded: 2 suspect workers); a second attempt to hang-b would
  // have made 4, so it waits.
  CHECK(gate_a.max_active() == 2);
  CHECK(gate_b.max_active() == 1);
  CHECK(h.worker->InFlight() == 3);
  CHECK(h.worker->MaxSuspectInFlight() == 3);
  CHECK(h.worker->SuspectInFlight() == 2);
  // hang-b's attempt runs past kSlowAttemptMs: it is suspect too, and the share is full.
  h.clock.AdvanceMillis(kSlowAttemptMs);
  CHECK(h.worker->SuspectInFlight() == 3);

  // Once they answer, the waiting job goes too: suspect hosts are capped, never starved.
  gate_a.Open();
  gate_b.Open();
  CHECK(WaitFor(
      [&] { return h.Int("SELECT count(*) FROM delivery_jobs WHERE state = 'done'") == 5; }));
  h.worker->Stop();
  CHECK(gate_b.entered() == 2);
  CHECK(h.worker->InFlight() == 0);
}

TEST_CASE("delivery workers: a failing host shares the capped workers, clean hosts keep one") {
  DeliveryHarness h(Threaded(2, std::chrono::milliseconds(20)));
  const std::string failing = "https://failing.example/inbox";
  REQUIRE(h.health->RecordFailure("failing.example").ok());  // a timeout on record
  Gate gate;
  h.fetcher.RouteHandler(failing, gate.Handler());
  h.fetcher.RouteStatuses(kOtherInbox, {202});
  for (int i = 0; i < 2; ++i) h.Enqueue(failing, ActivityUri(i));
  for (int i = 0; i < 3; ++i) h.Enqueue(kOtherInbox, ActivityUri(i));

  h.worker->Start();
  h.worker->Notify();
  CHECK(WaitFor([&] {
    return h.Int(
               "SELECT count(*) FROM delivery_jobs WHERE host = 'other.example' AND state = "
               "'done'") == 3;
  }));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  // The per-host cap would allow 2; the pool of 2 lets suspect hosts have 1.
  CHECK(gate.max_active() == 1);
  CHECK(h.worker->SuspectInFlight() == 1);

  gate.Open();
  CHECK(WaitFor(
      [&] { return h.Int("SELECT count(*) FROM delivery_jobs WHERE state = 'done'") == 5; }));
  h.worker->Stop();
  CHECK(gate.entered() == 2);
  CHECK(gate.max_active() == 1);
}

TEST_CASE("delivery workers: options from the configuration") {
  config::WorkerConfig config;
  config.delivery_workers = 7;
  DeliveryWorkerOptions options = DeliveryWorkerOptionsFromConfig(config);
  CHECK(options.threads == 7);
  CHECK(options.max_in_flight_per_host == kMaxInFlightPerHost);
  CHECK(options.max_suspect_in_flight == 0);  // SuspectWorkerCap(threads)
  CHECK(options.slow_attempt_ms == kSlowAttemptMs);
  CHECK(options.lease_seconds == kLeaseSeconds);
  CHECK(options.lease_seconds * 1000 > FetchLimits{}.total_timeout_ms);
}
