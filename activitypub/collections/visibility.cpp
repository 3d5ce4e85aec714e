#include "activitypub/collections/visibility.h"

namespace cornerstore::activitypub::collections {
namespace {

bool Mentions(const store::StoredObject& object, const std::string& actor) {
  if (actor.empty()) return false;
  for (const auto& mention : object.mentions) {
    if (mention.actor_uri == actor) return true;
  }
  return false;
}

}  // namespace

bool MayRead(const store::StoredObject& object, const Reader& reader) {
  if (!reader.actor.empty() && reader.actor == object.attributed_to) return true;
  if (reader.blocked) return false;
  switch (object.visibility) {
    case store::Visibility::kPublic:
    case store::Visibility::kUnlisted:
      return true;
    case store::Visibility::kFollowers:
      return reader.accepted_follower || Mentions(object, reader.actor);
    case store::Visibility::kDirect:
      return Mentions(object, reader.actor);
  }
  return false;
}

std::vector<store::Visibility> ListedVisibilities(const Reader& reader) {
  if (reader.blocked) return {};
  std::vector<store::Visibility> listed = {store::Visibility::kPublic,
                                           store::Visibility::kUnlisted};
  if (reader.accepted_follower) listed.push_back(store::Visibility::kFollowers);
  return listed;
}

}  // namespace cornerstore::activitypub::collections
