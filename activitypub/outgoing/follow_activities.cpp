#include "activitypub/outgoing/follow_activities.h"

#include <openssl/evp.h>

#include <string>

namespace cornerstore::activitypub {
namespace {

// Hex digits of a token: 64 bits, so distinct Follows of one actor never collide in practice.
constexpr size_t kTokenHexDigits = 16;

json::Value FollowObject(const FollowRef& follow) {
  json::Value f;
  if (!follow.id.empty()) f.Set("id", follow.id);
  f.Set("type", "Follow");
  f.Set("actor", follow.actor);
  f.Set("object", follow.object);
  return f;
}

json::Value Answer(std::string_view type, std::string_view id, std::string_view actor_id,
                   const FollowRef& follow) {
  json::Value a;
  a.Set("@context", std::string(kActivityStreamsContext));
  a.Set("id", std::string(id));
  a.Set("type", std::string(type));
  a.Set("actor", std::string(actor_id));
  a.Set("object", FollowObject(follow));
  a.Set("to", json::Array{json::Value(follow.actor)});
  return a;
}

}  // namespace

std::string StableToken(std::string_view text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(text.data(), text.size(), digest, &length, EVP_sha256(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < length && out.size() < kTokenHexDigits; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 0xf];
  }
  return out;
}

std::string AcceptFollowId(std::string_view actor_id, std::string_view follow_id) {
  return std::string(actor_id) + "#accepts/follows/" + StableToken(follow_id);
}

std::string RejectFollowId(std::string_view actor_id, std::string_view follow_id) {
  return std::string(actor_id) + "#rejects/follows/" + StableToken(follow_id);
}

std::string FollowId(std::string_view actor_id, std::string_view token) {
  return std::string(actor_id) + "#follows/" + std::string(token);
}

std::string UndoId(std::string_view activity_id) { return std::string(activity_id) + "/undo"; }

json::Value AcceptFollowToJson(std::string_view accept_id, std::string_view actor_id,
                               const FollowRef& follow) {
  return Answer("Accept", accept_id, actor_id, follow);
}

json::Value RejectFollowToJson(std::string_view reject_id, std::string_view actor_id,
                               const FollowRef& follow) {
  return Answer("Reject", reject_id, actor_id, follow);
}

json::Value FollowToJson(std::string_view follow_id, std::string_view actor_id,
                         std::string_view target_id) {
  json::Value f;
  f.Set("@context", std::string(kActivityStreamsContext));
  f.Set("id", std::string(follow_id));
  f.Set("type", "Follow");
  f.Set("actor", std::string(actor_id));
  f.Set("object", std::string(target_id));
  f.Set("to", json::Array{json::Value(std::string(target_id))});
  return f;
}

json::Value UndoToJson(std::string_view undo_id, std::string_view actor_id,
                       const json::Value& undone) {
  json::Value inner = undone;
  inner.Erase("@context");
  json::Value u;
  u.Set("@context", std::string(kActivityStreamsContext));
  u.Set("id", std::string(undo_id));
  u.Set("type", "Undo");
  u.Set("actor", std::string(actor_id));
  if (const json::Value* to = undone.Find("to")) u.Set("to", *to);
  u.Set("object", std::move(inner));
  return u;
}

}  // namespace cornerstore::activitypub
