#include "activitypub/publish/account_deletion.h"

#include <set>
#include <vector>

#include "activitypub/outgoing/delivery_jobs.h"
#include "activitypub/publish/activities.h"
#include "src/common/log.h"

namespace cornerstore::activitypub {

std::string AccountDeleteId(std::string_view actor_id) { return std::string(actor_id) + "#delete"; }

json::Value DeleteActorToJson(const store::Account& account, const Uris& uris) {
  const std::string actor = uris.Actor(account.username);
  json::Value doc;
  doc.Set("@context", "https://www.w3.org/ns/activitystreams");
  doc.Set("id", AccountDeleteId(actor));
  doc.Set("type", "Delete");
  doc.Set("actor", actor);
  json::Value to = json::Value::MakeArray();
  to.Push(std::string(publish::kPublicAudience));
  doc.Set("to", std::move(to));
  doc.Set("object", actor);
  return doc;
}

json::Value DeletedActorToJson(std::string_view username, const Uris& uris) {
  json::Value doc;
  doc.Set("@context", "https://www.w3.org/ns/activitystreams");
  doc.Set("id", uris.Actor(username));
  doc.Set("type", "Tombstone");
  return doc;
}

Result<AccountDeletionReport> DeleteAccountAndFederate(store::FederationStore& federation,
                                                       const store::Account& account,
                                                       const Uris& uris, const Clock& clock) {
  // Read before the deletion, which takes the follows and posts it is computed from. A follow
  // recorded in between misses the Delete; that server learns of it at its next fetch (410).
  CS_ASSIGN_OR_RETURN(std::vector<std::string> inboxes,
                      federation.AccountAudienceInboxes(account.id));
  std::vector<store::DeliveryJob> jobs =
      DeliveryJobsFor(DeleteActorToJson(account, uris), account, uris, inboxes, clock.NowUnix());
  std::set<std::string> hosts;
  for (store::DeliveryJob& job : jobs) {
    // The account row goes in the same transaction: the job signs with the key it carries.
    job.signer_account_id = 0;
    job.signer_private_key_pem = account.private_key_pem;
    hosts.insert(job.host);
  }
  CS_RETURN_IF_ERROR(federation.DeleteLocalAccount(account.id, jobs));
  AccountDeletionReport report;
  report.inboxes = static_cast<int64_t>(jobs.size());
  report.servers = static_cast<int64_t>(hosts.size());
  log::Info("account.deleted", {{"account", account.username},
                                {"inboxes", std::to_string(report.inboxes)},
                                {"servers", std::to_string(report.servers)}});
  return report;
}

}  // namespace cornerstore::activitypub
