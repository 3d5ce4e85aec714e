#include "activitypub/inbox/handlers/common.h"
#include "activitypub/inbox/handlers/handlers.h"

namespace cornerstore::activitypub {

using namespace handlers;

Status BlockHandler::Authorize(const Activity& activity) const {
  if (activity.object.id.empty()) return Malformed("Block without object");
  return OkStatus();
}

Status BlockHandler::Apply(const Activity& activity, const store::InboxItem&,
                           HandlerContext& context) const {
  CS_ASSIGN_OR_RETURN(std::optional<store::Account> account,
                      FindLocalAccount(context, activity.object.id));
  if (!account) return Ignore(activity, "Block of nobody here");
  store::Block block;
  block.account_id = account->id;
  block.actor_uri = activity.actor;
  block.by_remote = true;
  block.activity_uri = activity.id;
  block.created_at = context.clock.NowUnix();
  // The store ends follows both ways with it; delivery skips actors that block the sender.
  return context.federation.AddBlock(block);
}

}  // namespace cornerstore::activitypub
