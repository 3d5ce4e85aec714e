#include "activitypub/inbox/handlers/common.h"
#include "activitypub/inbox/handlers/handlers.h"
#include "activitypub/outgoing/follow_activities.h"

namespace cornerstore::activitypub {

using namespace handlers;

namespace {

// A report's comment is a few sentences; Mastodon caps it at 1,000 characters.
constexpr size_t kMaxReportCommentBytes = 8 * 1024;

// The first `max` bytes of `text`, not cutting a UTF-8 sequence in two.
std::string TruncateUtf8(const std::string& text, size_t max) {
  if (text.size() <= max) return text;
  size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end);
}

}  // namespace

Status FlagHandler::Authorize(const Activity& activity) const {
  if (activity.object_ids.empty()) return Malformed("Flag without object");
  return OkStatus();
}

Status FlagHandler::Apply(const Activity& activity, const store::InboxItem&,
                          HandlerContext& context) const {
  store::Report report;
  for (const std::string& id : activity.object_ids) {
    if (!context.uris.IsLocal(id)) continue;
    CS_ASSIGN_OR_RETURN(std::optional<store::Account> account, FindLocalAccount(context, id));
    if (account) {
      if (report.account_id == 0) report.account_id = account->id;
      continue;
    }
    CS_ASSIGN_OR_RETURN(std::optional<store::StoredObject> post, FindLocalPost(context, id));
    if (!post) continue;
    if (report.account_id == 0) report.account_id = post->account_id;
    report.object_uris.push_back(post->uri);
  }
  if (report.account_id == 0) return Ignore(activity, "Flag names nothing here");
  report.reporter_uri = activity.actor;
  // Plain text as Mastodon sends it; shown escaped.
  report.content = TruncateUtf8(activity.content, kMaxReportCommentBytes);
  report.activity_uri =
      EffectKey(activity, activity.actor + "#flags/" + StableToken(activity.raw_json));
  report.created_at = context.clock.NowUnix();
  auto added = context.federation.AddReport(report);
  if (!added.ok()) return added.take_error();
  return OkStatus();
}

}  // namespace cornerstore::activitypub
