#include "activitypub/publish/profile_update.h"

#include <vector>

#include "activitypub/accounts.h"
#include "activitypub/actor_document.h"
#include "activitypub/outgoing/delivery_jobs.h"
#include "activitypub/publish/activities.h"
#include "src/common/log.h"

namespace cornerstore::activitypub {

std::string ProfileUpdateId(std::string_view actor_id, int64_t updated_at) {
  return std::string(actor_id) + "#updates/" + std::to_string(updated_at);
}

json::Value ProfileUpdateToJson(const store::Account& account, const Uris& uris) {
  const std::string actor = uris.Actor(account.username);
  json::Value object = ActorToJson(account, uris);
  json::Value doc;
  // The actor document's own context carries the terms its properties need.
  if (const json::Value* context = object.Find("@context")) doc.Set("@context", *context);
  doc.Set("id", ProfileUpdateId(actor, account.updated_at));
  doc.Set("type", "Update");
  doc.Set("actor", actor);
  json::Value to = json::Value::MakeArray();
  to.Push(std::string(publish::kPublicAudience));
  doc.Set("to", std::move(to));
  json::Value cc = json::Value::MakeArray();
  cc.Push(uris.Followers(account.username));
  doc.Set("cc", std::move(cc));
  object.Erase("@context");
  doc.Set("object", std::move(object));
  return doc;
}

Result<store::Account> UpdateProfileAndFederate(store::Store& store,
                                                store::FederationStore& federation,
                                                const store::Account& edited, const Uris& uris,
                                                const Clock& clock,
                                                const std::function<void()>& on_enqueued) {
  CS_RETURN_IF_ERROR(ValidateProfile(edited));
  CS_RETURN_IF_ERROR(store.UpdateAccount(edited));
  CS_ASSIGN_OR_RETURN(store::Account saved, store.FindAccountById(edited.id));
  auto inboxes = federation.FollowerInboxes(saved.id);
  if (!inboxes.ok()) {
    log::Error("profile.update_not_announced",
               {{"account", saved.username}, {"error", inboxes.error().ToLogString()}});
    return saved;
  }
  std::vector<store::DeliveryJob> jobs =
      DeliveryJobsFor(ProfileUpdateToJson(saved, uris), saved, uris, *inboxes, clock.NowUnix());
  if (jobs.empty()) return saved;
  if (Status queued = federation.EnqueueDeliveries(jobs); !queued.ok()) {
    log::Error("profile.update_not_announced",
               {{"account", saved.username}, {"error", queued.error().ToLogString()}});
    return saved;
  }
  log::Info("profile.updated",
            {{"account", saved.username}, {"inboxes", std::to_string(jobs.size())}});
  if (on_enqueued) on_enqueued();
  return saved;
}

}  // namespace cornerstore::activitypub
