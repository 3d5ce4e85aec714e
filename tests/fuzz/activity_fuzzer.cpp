// The activity parser behind the inbox: peer JSON (parsed with the inbox's limits) read as an
// activity, an object, an actor and a key document, as the inbox, the object fetcher and the key
// resolver each do. Invariants: ids that come out are valid ids, and every raw_json kept for
// later re-reading parses again.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "activitypub/vocabulary/from_json.h"
#include "src/common/json.h"
#include "tests/fuzz/fuzz_check.h"

namespace ap = cornerstore::activitypub;
namespace json = cornerstore::json;

namespace {

void CheckRawJson(const std::string& raw) {
  if (raw.empty()) return;
  FUZZ_CHECK(json::Parse(raw).ok(), "raw_json does not parse");
}

void CheckObject(const ap::ApObject& object) {
  FUZZ_CHECK(object.id.empty() || ap::IsValidId(object.id), "object id not valid");
  CheckRawJson(object.raw_json);
}

void CheckActor(const ap::ActorDoc& actor) {
  FUZZ_CHECK(ap::IsValidId(actor.id), "actor id not valid");
  CheckRawJson(actor.raw_json);
}

void CheckActivity(const ap::Activity& activity, int depth) {
  FUZZ_CHECK(depth <= ap::kMaxEmbeddingDepth + 1, "activities embedded beyond the cap");
  FUZZ_CHECK(activity.id.empty() || ap::IsValidId(activity.id), "activity id not valid");
  FUZZ_CHECK(!activity.type.empty(), "activity without type");
  FUZZ_CHECK(activity.object_ids.size() <= ap::kMaxObjectsPerActivity, "too many object ids");
  CheckRawJson(activity.raw_json);
  for (const ap::ObjectRef* ref : {&activity.object, &activity.target}) {
    if (ref->object) CheckObject(*ref->object);
    if (ref->actor) CheckActor(*ref->actor);
    if (ref->activity) CheckActivity(*ref->activity, depth + 1);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)ap::NormalizeAddressee(text);
  (void)ap::IsValidId(text);

  auto parsed = json::Parse(text);
  if (!parsed) return 0;
  if (auto activity = ap::ActivityFromJson(*parsed)) CheckActivity(*activity, 0);
  if (auto object = ap::ObjectFromJson(*parsed)) CheckObject(*object);
  if (auto actor = ap::ActorFromJson(*parsed)) CheckActor(*actor);
  if (auto key = ap::KeyDocumentFromJson(*parsed)) {
    for (const auto& k : key->keys) (void)k.pem.size();
  }
  return 0;
}
