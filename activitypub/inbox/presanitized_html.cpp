#include "activitypub/inbox/presanitized_html.h"

#include <string>
#include <unordered_map>

#include "activitypub/inbox/handlers/posts.h"

namespace cornerstore::activitypub {
namespace {

// Input HTML → sanitized, for this thread's round. Bounded by a round's posts.
thread_local std::unordered_map<std::string, std::string> t_prepared;

}  // namespace

void PresanitizedHtml::Prepare(const Activity& activity, const HtmlSanitizer& sanitize) {
  if ((activity.type != "Create" && activity.type != "Update") || !activity.object.object) return;
  const ApObject& post = *activity.object.object;
  HtmlSanitizer remember = [&sanitize](std::string_view html) {
    auto [it, inserted] = t_prepared.try_emplace(std::string(html));
    if (inserted) it->second = sanitize(html);
    return it->second;
  };
  // What StoredObjectFromPost sanitizes (handlers/posts.cpp).
  if (!post.summary.empty()) remember(post.summary);
  (void)handlers::PostContentHtml(post, remember);
}

void PresanitizedHtml::Clear() { t_prepared.clear(); }

HtmlSanitizer PresanitizedHtml::Wrap(const HtmlSanitizer& inner) {
  return [&inner](std::string_view html) {
    if (!t_prepared.empty()) {
      auto it = t_prepared.find(std::string(html));
      if (it != t_prepared.end()) return it->second;
    }
    return inner(html);
  };
}

}  // namespace cornerstore::activitypub
