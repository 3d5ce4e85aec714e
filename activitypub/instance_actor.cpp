#include "activitypub/instance_actor.h"

#include "activitypub/keys.h"

namespace cornerstore::activitypub {
namespace {

constexpr const char* kPublicKeySetting = "instance_actor.public_key_pem";
constexpr const char* kPrivateKeySetting = "instance_actor.private_key_pem";
constexpr const char* kCreatedSetting = "instance_actor.created_at";

}  // namespace

Result<InstanceKey> EnsureInstanceKey(store::Store& store, const Clock& clock) {
  CS_ASSIGN_OR_RETURN(auto pub, store.GetSetting(kPublicKeySetting));
  CS_ASSIGN_OR_RETURN(auto priv, store.GetSetting(kPrivateKeySetting));
  CS_ASSIGN_OR_RETURN(auto created, store.GetSetting(kCreatedSetting));
  if (pub && priv) {
    int64_t at = created ? std::stoll(*created) : 0;
    return InstanceKey{*pub, *priv, at};
  }
  CS_ASSIGN_OR_RETURN(KeyPair pair, GenerateRsaKeyPair());
  InstanceKey key{pair.public_pem, pair.private_pem, clock.NowUnix()};
  // Private key first: a crash between the writes leaves no public key without its private half.
  CS_RETURN_IF_ERROR(store.PutSetting(kPrivateKeySetting, key.private_key_pem));
  CS_RETURN_IF_ERROR(store.PutSetting(kCreatedSetting, std::to_string(key.created_at)));
  CS_RETURN_IF_ERROR(store.PutSetting(kPublicKeySetting, key.public_key_pem));
  return key;
}

}  // namespace cornerstore::activitypub
