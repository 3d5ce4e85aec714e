#include "activitypub/delivery/reach.h"

#include <doctest/doctest.h>

#include <string>

#include "src/common/clock.h"
#include "tests/unit/delivery/delivery_harness.h"

using namespace cornerstore;
using namespace cornerstore::activitypub::delivery;
using cornerstore::testing::DeliveryHarness;

namespace {

constexpr int64_t kNow = 1'800'000'000;

store::DeliveryJob Job(const std::string& inbox, int attempts, int status, std::string error,
                       int64_t next = 0) {
  store::DeliveryJob job;
  job.inbox_url = inbox;
  job.attempts = attempts;
  job.last_status = status;
  job.last_error = std::move(error);
  job.next_attempt_at = next;
  return job;
}

}  // namespace

TEST_CASE("reach: a post nobody else was addressed by") {
  CHECK(DescribeReach(store::DeliveryReport{}) ==
        "No deliveries: nobody outside this server was addressed.\n");
}

TEST_CASE("reach: reached, waiting, retrying and gave up") {
  store::DeliveryReport report;
  report.total = 44;
  report.done = 40;
  report.queued = 2;
  report.failed = 2;
  report.hosts_total = 14;
  report.hosts_done = 12;
  report.retrying = {Job("https://slow.example/inbox", 3, 503, "HTTP 503", kNow + 240)};
  report.gave_up = {Job("https://gone.example/inbox", 1, 410, "HTTP 410"),
                    Job("https://private.example/inbox", 1, 0, "")};
  std::string text = DescribeReach(report, kNow);
  MESSAGE(text);
  CHECK(text ==
        "Reached 40 of 44 inboxes on 12 of 14 servers.\n"
        "Waiting: 1 inbox queued or being sent now.\n"
        "Retrying 1:\n"
        "  https://slow.example/inbox: attempt 3 failed (HTTP 503); next attempt " +
            FormatIso8601(kNow + 240) +
            " (in 4 min)\n"
            "Gave up on 2:\n"
            "  https://gone.example/inbox: HTTP 410\n"
            "  https://private.example/inbox: unknown error\n");
  // Without "now", no relative time.
  CHECK(DescribeReach(report).find("(in 4 min)") == std::string::npos);
}

TEST_CASE("reach: long lists are cut") {
  store::DeliveryReport report;
  report.total = report.failed = kMaxReachLines + 5;
  report.hosts_total = 1;
  for (size_t i = 0; i < kMaxReachLines + 5; ++i) {
    report.gave_up.push_back(Job("https://h" + std::to_string(i) + ".example/inbox", 1, 404, ""));
  }
  std::string text = DescribeReach(report);
  CHECK(text.find("  … and 5 more\n") != std::string::npos);
  // The store lists only the first failures; the count is the whole.
  report.failed = report.total = 1000;
  CHECK(DescribeReach(report).find("  … and 950 more\n") != std::string::npos);
  CHECK(text.find("h" + std::to_string(kMaxReachLines) + ".example") == std::string::npos);
  CHECK(text.find("Reached 0 of 55 inboxes on 0 of 1 server.\n") == 0);
}

TEST_CASE("reach: from the store after real attempts") {
  DeliveryHarness h;
  store::StoredObject post;
  post.uri = "https://shop.example/users/shop/statuses/1";
  post.account_id = h.shop_id;
  post.attributed_to = h.uris.Actor("shop");
  post.content_html = "<p>Fresh bread</p>";
  auto inserted = h.federation->InsertObject(post);
  REQUIRE_MESSAGE(inserted.ok(), inserted.error().ToLogString());

  h.fetcher.RouteStatuses("https://ok.example/inbox", {202});
  h.fetcher.RouteStatuses("https://slow.example/inbox", {503});
  h.fetcher.RouteStatuses("https://gone.example/inbox", {410});
  for (const char* inbox :
       {"https://ok.example/inbox", "https://slow.example/inbox", "https://gone.example/inbox"}) {
    store::DeliveryJob job;
    job.activity_uri = post.uri + "/activity";
    job.activity_json = "{}";
    job.inbox_url = inbox;
    job.host = HostOf(inbox);
    job.signer_account_id = h.shop_id;
    job.signer_key_id = h.uris.KeyId("shop");
    job.object_id = inserted->id;
    h.EnqueueJob(job);
  }
  CHECK(h.worker->DeliverDue() == 3);
  auto report = h.federation->ReportDeliveries(inserted->id);
  REQUIRE(report.ok());
  std::string text = DescribeReach(*report, h.clock.NowUnix());
  MESSAGE(text);
  CHECK(text.find("Reached 1 of 3 inboxes on 1 of 3 servers.") == 0);
  CHECK(text.find("https://slow.example/inbox: attempt 1 failed (HTTP 503); next attempt " +
                  FormatIso8601(h.clock.NowUnix() + 15) + " (in 15 s)") != std::string::npos);
  CHECK(text.find("Gave up on 1:\n  https://gone.example/inbox: HTTP 410\n") != std::string::npos);
}
