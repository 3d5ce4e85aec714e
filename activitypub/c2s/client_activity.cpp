#include "activitypub/c2s/client_activity.h"

#include <algorithm>
#include <string>
#include <utility>

#include "activitypub/vocabulary/from_json.h"

namespace cornerstore::activitypub::c2s {
namespace {

// The addressing members the wrapping Create copies from a bare object (§6.2).
constexpr std::array<std::string_view, 4> kAddressingKeys = {"to", "cc", "bto", "bcc"};

template <size_t N>
bool OneOf(const std::array<std::string_view, N>& list, std::string_view value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

Error Invalid(std::string message) {
  return MakeError(ErrorCode::kInvalidInput, std::move(message));
}

// The id a member names: the string itself, or the `id` of an embedded object; "" otherwise.
std::string IdOf(const json::Value* value) {
  if (value == nullptr) return {};
  if (value->is_string()) return value->AsString();
  if (const std::string* id = value->FindString("id")) return *id;
  return {};
}

// Refuses a member (`actor`, `attributedTo`) naming anyone but `actor_id`; an absent one is
// fine, since the server fills it in.
Status RequireSelf(const json::Value& object, std::string_view key, std::string_view actor_id) {
  const json::Value* value = object.Find(key);
  if (value == nullptr || value->is_null()) return OkStatus();
  const std::string named = IdOf(value);
  if (named != actor_id) {
    return MakeError(ErrorCode::kForbidden, "this token may only act as " + std::string(actor_id),
                     std::string(key) + " was " + named);
  }
  return OkStatus();
}

// Makes an embedded post object ours: no client id (unless `keep_id`), our attributedTo.
Status OwnObject(json::Value& object, std::string_view actor_id, bool keep_id) {
  CS_RETURN_IF_ERROR(RequireSelf(object, "attributedTo", actor_id));
  if (!keep_id) object.Erase("id");
  object.Set("attributedTo", std::string(actor_id));
  // The server stamps the time; a client cannot backdate a post.
  object.Erase("published");
  return OkStatus();
}

}  // namespace

Result<ClientActivity> ClientActivityFromJson(const json::Value& body, std::string_view actor_id) {
  if (!body.is_object()) return Invalid("the body must be a JSON object");
  const std::string* type = body.FindString("type");
  if (type == nullptr) return Invalid("an activity or object needs a type");

  ClientActivity out;
  json::Value activity;
  if (OneOf(kOutboxObjectTypes, *type)) {
    // §6.2: a bare object is wrapped in a Create addressed like it.
    out.wrapped = true;
    activity.Set("type", "Create");
    for (std::string_view key : kAddressingKeys) {
      if (const json::Value* value = body.Find(key)) activity.Set(std::string(key), *value);
    }
    activity.Set("object", body);
  } else if (OneOf(kOutboxActivityTypes, *type)) {
    activity = body;
  } else {
    return Invalid("unsupported activity type: " + type->substr(0, 64));
  }

  CS_RETURN_IF_ERROR(RequireSelf(activity, "actor", actor_id));
  activity.Erase("id");
  activity.Set("actor", std::string(actor_id));
  const std::string activity_type = *activity.FindString("type");

  if (json::Value* object = activity.Find("object"); object != nullptr && object->is_object()) {
    const std::string* inner = object->FindString("type");
    out.has_content = object->Find("content") != nullptr || object->Find("contentMap") != nullptr ||
                      object->Find("name") != nullptr;
    out.has_summary = object->Find("summary") != nullptr;
    if (activity_type == "Create") {
      if (inner == nullptr || !OneOf(kOutboxObjectTypes, *inner)) {
        return Invalid("Create carries a Note, Article or Page");
      }
      CS_RETURN_IF_ERROR(OwnObject(*object, actor_id, /*keep_id=*/false));
    } else if (activity_type == "Update") {
      CS_RETURN_IF_ERROR(OwnObject(*object, actor_id, /*keep_id=*/true));
    } else if (activity_type == "Undo" && inner != nullptr && IsActivityType(*inner)) {
      // The activity undone is ours too; its id (if any) is what names it.
      CS_RETURN_IF_ERROR(RequireSelf(*object, "actor", actor_id));
      object->Set("actor", std::string(actor_id));
    }
  } else if (activity_type == "Create") {
    return Invalid("Create carries the post itself, not a link to it");
  }

  CS_ASSIGN_OR_RETURN(out.activity, ActivityFromJson(activity));
  if (out.activity.object.empty()) return Invalid(activity_type + " needs an object");
  return out;
}

std::string_view RequiredScope(std::string_view type, std::string_view undone_type) {
  if (type == "Undo") type = undone_type;
  if (type == "Like") return "write:favourites";
  if (type == "Follow") return "write:follows";
  if (type == "Block") return "write:blocks";
  if (type == "Add" || type == "Remove") return "write:accounts";
  return "write:statuses";
}

}  // namespace cornerstore::activitypub::c2s
