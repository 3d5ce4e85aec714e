// The delivery engine over the real SQLite stores (":memory:"), a FakeClock and a
// FakeHttpFetcher, with helpers to enqueue jobs and read their rows back.
#pragma once

#include <doctest/doctest.h>

#include <cstdint>
#include <memory>
#include <string>

#include "activitypub/delivery/delivery_worker.h"
#include "activitypub/delivery/host_health.h"
#include "activitypub/delivery/retry_policy.h"
#include "activitypub/uris.h"
#include "src/common/log.h"
#include "src/common/url.h"
#include "store/sqlite_federation_store.h"
#include "store/sqlite_store.h"
#include "tests/fakes/fake_clock.h"
#include "tests/fakes/fake_http_fetcher.h"
#include "tests/support/quiet_log.h"

namespace cornerstore::testing {

inline constexpr const char* kRemoteInbox = "https://remote.example/inbox";
inline constexpr const char* kOtherInbox = "https://other.example/inbox";

struct DeliveryHarness {
  explicit DeliveryHarness(
      activitypub::delivery::DeliveryWorkerOptions options = ThreadlessOptions(),
      activitypub::delivery::RetrySchedule schedule = {})
      : policy(schedule, activitypub::delivery::NoJitter()) {
    auto opened = store::SqliteStore::Open(":memory:", &clock);
    REQUIRE_MESSAGE(opened.ok(), opened.error().ToLogString());
    accounts = std::move(opened).value();
    federation = std::make_unique<store::SqliteFederationStore>(accounts->database());
    health = std::make_unique<activitypub::delivery::HostHealth>(federation.get(), &clock);
    activitypub::delivery::DeliveryDeps deps;
    deps.queue = federation.get();
    deps.accounts = accounts.get();
    deps.fetcher = &fetcher;
    deps.clock = &clock;
    deps.uris = &uris;
    deps.policy = &policy;
    deps.health = health.get();
    worker = std::make_unique<activitypub::delivery::DeliveryWorker>(deps, options);

    store::Account shop;
    shop.username = "shop";
    shop.public_key_pem = "pub";
    shop.private_key_pem = "priv";
    auto created = accounts->CreateAccount(shop);
    REQUIRE_MESSAGE(created.ok(), created.error().ToLogString());
    shop_id = created->id;
  }

  // No threads: tests drive the worker with DeliverDue() and the FakeClock.
  static activitypub::delivery::DeliveryWorkerOptions ThreadlessOptions() {
    activitypub::delivery::DeliveryWorkerOptions options;
    options.threads = 0;
    return options;
  }

  static std::string ActivityJson(const std::string& id) {
    return R"({"@context":"https://www.w3.org/ns/activitystreams","id":")" + id +
           R"(","type":"Create","actor":"https://shop.example/users/shop","object":{"id":")" + id +
           R"(/object","type":"Note","content":"<p>Fresh bread</p>"}})";
  }

  // Enqueues one job signed by the shop account; returns its id.
  int64_t Enqueue(const std::string& inbox, const std::string& activity_uri) {
    store::DeliveryJob job;
    job.activity_uri = activity_uri;
    job.activity_json = ActivityJson(activity_uri);
    job.inbox_url = inbox;
    job.host = HostOf(inbox);
    job.signer_account_id = shop_id;
    job.signer_key_id = uris.KeyId("shop");
    return EnqueueJob(job);
  }

  int64_t EnqueueJob(const store::DeliveryJob& job) {
    Status status = federation->EnqueueDeliveries({job});
    REQUIRE_MESSAGE(status.ok(), status.error().ToLogString());
    return Int("SELECT id FROM delivery_jobs WHERE activity_uri = '" + job.activity_uri +
               "' AND inbox_url = '" + job.inbox_url + "'");
  }

  int64_t Int(const std::string& sql) {
    auto value = accounts->QueryIntForTesting(sql);
    REQUIRE_MESSAGE(value.ok(), (value.error().ToLogString() + " in " + sql));
    return *value;
  }
  int64_t Column(int64_t job_id, const std::string& column) {
    return Int("SELECT coalesce(" + column +
               ", 0) FROM delivery_jobs WHERE id = " + std::to_string(job_id));
  }
  bool InState(int64_t job_id, const std::string& state) {
    return Int("SELECT state = '" + state +
               "' FROM delivery_jobs WHERE id = " + std::to_string(job_id)) == 1;
  }
  int64_t Attempts(int64_t job_id) { return Column(job_id, "attempts"); }
  int64_t NextAttemptAt(int64_t job_id) { return Column(job_id, "next_attempt_at"); }
  int64_t LastStatus(int64_t job_id) { return Column(job_id, "last_status"); }

  store::HostState Host(const std::string& host) {
    auto state = federation->GetHostState(host);
    REQUIRE_MESSAGE(state.ok(), state.error().ToLogString());
    return *state;
  }

  QuietLog quiet;
  FakeClock clock;
  FakeHttpFetcher fetcher{&clock};
  activitypub::Uris uris{"https://shop.example", "shop.example"};
  activitypub::delivery::RetryPolicy policy;
  std::unique_ptr<store::SqliteStore> accounts;
  std::unique_ptr<store::SqliteFederationStore> federation;
  std::unique_ptr<activitypub::delivery::HostHealth> health;
  std::unique_ptr<activitypub::delivery::DeliveryWorker> worker;
  int64_t shop_id = 0;
};

}  // namespace cornerstore::testing
