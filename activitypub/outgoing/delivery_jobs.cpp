#include "activitypub/outgoing/delivery_jobs.h"

#include <algorithm>

#include "activitypub/vocabulary/from_json.h"
#include "src/common/url.h"

namespace cornerstore::activitypub {

std::vector<store::DeliveryJob> DeliveryJobsFor(const json::Value& activity,
                                                const store::Account& signer, const Uris& uris,
                                                const std::vector<std::string>& inboxes,
                                                int64_t now, int64_t object_id) {
  std::vector<store::DeliveryJob> jobs;
  const std::string* id = activity.FindString("id");
  assert(id != nullptr && "outgoing activities always carry an id");
  if (id == nullptr) return jobs;
  std::string body = json::Serialize(activity);
  std::vector<std::string> seen;
  for (const std::string& inbox : inboxes) {
    if (!IsValidId(inbox) || uris.IsLocal(inbox)) continue;
    if (std::find(seen.begin(), seen.end(), inbox) != seen.end()) continue;
    seen.push_back(inbox);
    store::DeliveryJob job;
    job.activity_uri = *id;
    job.activity_json = body;
    job.inbox_url = inbox;
    job.host = AuthorityOf(inbox);
    job.signer_account_id = signer.id;
    job.signer_key_id = uris.KeyId(signer.username);
    job.object_id = object_id;
    job.state = store::DeliveryState::kQueued;
    job.next_attempt_at = now;
    job.created_at = now;
    jobs.push_back(std::move(job));
  }
  return jobs;
}

}  // namespace cornerstore::activitypub
