#include "activitypub/inbox/handlers/handlers.h"

namespace cornerstore::activitypub {

HandlerTable DefaultHandlerTable() {
  HandlerTable table;
  table.emplace("Follow", std::make_unique<FollowHandler>());
  table.emplace("Undo", std::make_unique<UndoHandler>());
  table.emplace("Accept", std::make_unique<AcceptHandler>());
  table.emplace("Reject", std::make_unique<RejectHandler>());
  table.emplace("Create", std::make_unique<CreateHandler>());
  table.emplace("Update", std::make_unique<UpdateHandler>());
  table.emplace("Delete", std::make_unique<DeleteHandler>());
  table.emplace("Like", std::make_unique<LikeHandler>());
  table.emplace("EmojiReact", std::make_unique<EmojiReactHandler>());
  table.emplace("Announce", std::make_unique<AnnounceHandler>());
  table.emplace("Block", std::make_unique<BlockHandler>());
  table.emplace("Flag", std::make_unique<FlagHandler>());
  table.emplace("Move", std::make_unique<MoveHandler>());
  return table;
}

}  // namespace cornerstore::activitypub
