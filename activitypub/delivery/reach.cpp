#include "activitypub/delivery/reach.h"

#include <algorithm>

#include "src/common/clock.h"

namespace cornerstore::activitypub::delivery {
namespace {

std::string Plural(int64_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

// "in 45 s", "in 4 min", "in 3 h", "in 2 d", or "now" when already due.
std::string Relative(int64_t seconds) {
  if (seconds <= 0) return "now";
  if (seconds < 60) return "in " + std::to_string(seconds) + " s";
  if (seconds < 3600) return "in " + std::to_string(seconds / 60) + " min";
  if (seconds < 86'400) return "in " + std::to_string(seconds / 3600) + " h";
  return "in " + std::to_string(seconds / 86'400) + " d";
}

std::string ErrorOf(const store::DeliveryJob& job) {
  if (!job.last_error.empty()) return job.last_error;
  if (job.last_status != 0) return "HTTP " + std::to_string(job.last_status);
  return "unknown error";
}

}  // namespace

std::string DescribeReach(const store::DeliveryReport& report, int64_t now) {
  if (report.total == 0) return "No deliveries: nobody outside this server was addressed.\n";
  std::string out = "Reached " + std::to_string(report.done) + " of " +
                    Plural(report.total, "inbox", "inboxes") + " on " +
                    std::to_string(report.hosts_done) + " of " +
                    Plural(report.hosts_total, "server", "servers") + ".\n";

  // The store may list only the first retrying and failed jobs; the counts are complete.
  int64_t retrying = static_cast<int64_t>(report.retrying.size());
  int64_t waiting = std::max<int64_t>(0, report.total - report.done - report.failed - retrying);
  if (waiting > 0) {
    out += "Waiting: " + Plural(waiting, "inbox", "inboxes") + " queued or being sent now.\n";
  }

  if (!report.retrying.empty()) {
    out += "Retrying " + std::to_string(retrying) + ":\n";
    size_t shown = 0;
    for (const store::DeliveryJob& job : report.retrying) {
      if (shown++ == kMaxReachLines) break;
      out += "  " + job.inbox_url + ": attempt " + std::to_string(job.attempts) + " failed (" +
             ErrorOf(job) + "); next attempt " + FormatIso8601(job.next_attempt_at);
      if (now > 0) out += " (" + Relative(job.next_attempt_at - now) + ")";
      out += "\n";
    }
    if (report.retrying.size() > kMaxReachLines) {
      out += "  … and " + std::to_string(report.retrying.size() - kMaxReachLines) + " more\n";
    }
  }

  if (report.failed > 0) {
    out += "Gave up on " + std::to_string(report.failed) + ":\n";
    size_t shown = 0;
    for (const store::DeliveryJob& job : report.gave_up) {
      if (shown++ == kMaxReachLines) break;
      out += "  " + job.inbox_url + ": " + ErrorOf(job) + "\n";
    }
    int64_t listed = static_cast<int64_t>(std::min(report.gave_up.size(), kMaxReachLines));
    if (report.failed > listed) {
      out += "  … and " + std::to_string(report.failed - listed) + " more\n";
    }
  }
  return out;
}

}  // namespace cornerstore::activitypub::delivery
