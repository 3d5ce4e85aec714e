// The activity handlers, one class per type (see handler.h for the contract), and the dispatch
// table that maps a type name to its handler.
//
// Thread safety: the table is built once and only read afterwards; handlers are stateless.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "activitypub/inbox/handlers/handler.h"

namespace cornerstore::activitypub {

// Follow of a local account: record the follower, then Accept (signed by the followed account,
// to the follower's personal inbox, in the same transaction) or, for accounts that approve
// followers by hand, keep it pending with a follow_request notification. A repeated Follow is
// accepted again; an actor the account blocked gets a Reject.
class FollowHandler final : public ActivityHandler {
 public:
  Status Authorize(const Activity& activity) const override;
  Status Apply(const Activity& activity, const store::InboxItem& item,
               HandlerContext& context) const override;
};

// Undo of Follow, Like, Announce, EmojiReact or Block — only by the actor who did it.
class UndoHandler final : public ActivityHandler {
 public:
  Status Authorize(const Activity& activity) const override;
  Status Apply(const Activity& activity, const store::InboxItem& item,
               HandlerContext& context) const override;
};

// Accept of a Follow we sent, matched by its id or by an embedded Follow whose actor is ours;
// only the followed actor may accept.
class AcceptHandler final : public ActivityHandler {
 public:
  Status Authorize(const Activity& activity) const override;
  Status Apply(const Activity& activity, const store::InboxItem& item,
               HandlerContext& context) const override;
};

// Reject of a Follow we sent (or removal of a local account from a remote actor's followers):
// matched like Accept; the follow ends.
class RejectHandler final : public ActivityHandler {
 public:
  Status Authorize(const Activity& activity) const override;
  Status Apply(const Activity& activity, const store::InboxItem& item,
               HandlerContext& context) const override;
};

// Create of a Note or Question (Article, Page, Event, Image, Video, Audio as title + link),
// stored when it concerns a local account: addressed to it, mentioning it, replying to its post,
// or by an actor it follows. Mentions and replies notify; each concerned account's timeline
// gets the post. A tombstoned id is never created again.
class CreateHandler final : public ActivityHandler {
 public:
  Status Authorize(const Activity& activity) const override;
  Status Apply(const Activity& activity, const store::InboxItem& item,
               HandlerContext& context) const override;
};

// Update of a post (edits, only by its author; stale or repeated edits are ignored) or of the
// actor's own profile (cached immediately, key included).
class UpdateHandler final : public ActivityHandler {
 public:
  Status Authorize(const Activity& activity) const override;
  Status Apply(const Activity& activity, const store::InboxItem& item,
               HandlerContext& context) const override;
};

// Delete of a post (a tombstone, only by its author) or of the actor itself (everything we know
// of it goes).
class DeleteHandler final : public ActivityHandler {
 public:
  Status Authorize(const Activity& activity) const override;
  Status Apply(const Activity& activity, const store::InboxItem& item,
               HandlerContext& context) const override;
};

// Like of a local post: a reaction and a favourite notification.
class LikeHandler final : public ActivityHandler {
 public:
  Status Authorize(const Activity& activity) const override;
  Status Apply(const Activity& activity, const store::InboxItem& item,
               HandlerContext& context) const override;
};

// EmojiReact (Pleroma, Akkoma, Misskey) of a local post: a reaction and an emoji_react
// notification.
class EmojiReactHandler final : public ActivityHandler {
 public:
  Status Authorize(const Activity& activity) const override;
  Status Apply(const Activity& activity, const store::InboxItem& item,
               HandlerContext& context) const override;
};

// Announce (boost) of a local public or unlisted post: a reaction and a reblog notification.
class AnnounceHandler final : public ActivityHandler {
 public:
  Status Authorize(const Activity& activity) const override;
  Status Apply(const Activity& activity, const store::InboxItem& item,
               HandlerContext& context) const override;
};

// Block of a local account by a remote actor: recorded (which ends follows both ways); the
// delivery side stops sending to them.
class BlockHandler final : public ActivityHandler {
 public:
  Status Authorize(const Activity& activity) const override;
  Status Apply(const Activity& activity, const store::InboxItem& item,
               HandlerContext& context) const override;
};

// Flag (a report) naming local accounts or posts: stored as a Report.
class FlagHandler final : public ActivityHandler {
 public:
  Status Authorize(const Activity& activity) const override;
  Status Apply(const Activity& activity, const store::InboxItem& item,
               HandlerContext& context) const override;
};

// Move of an actor to a new account: only if the target lists the source in alsoKnownAs
// (fetched fresh). Local followers of the source then follow the target (Follow sent) and stop
// following the source (Undo sent), and are notified.
class MoveHandler final : public ActivityHandler {
 public:
  Status Authorize(const Activity& activity) const override;
  Status Apply(const Activity& activity, const store::InboxItem& item,
               HandlerContext& context) const override;
};

using HandlerTable = std::map<std::string, std::unique_ptr<ActivityHandler>, std::less<>>;

// Every handler above under its type name ("Follow", "Undo", …).
HandlerTable DefaultHandlerTable();

}  // namespace cornerstore::activitypub
