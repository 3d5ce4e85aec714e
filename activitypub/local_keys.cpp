#include "activitypub/local_keys.h"

namespace cornerstore::activitypub {

Result<SigningKey> LookupLocalSigningKey(store::Store& store, const Uris& uris,
                                         const InstanceKey& instance_key,
                                         const std::string& actor_id) {
  if (actor_id.empty() || actor_id == uris.InstanceActor()) {
    return SigningKey{uris.InstanceKeyId(), instance_key.private_key_pem};
  }
  auto username = uris.UsernameFromActor(actor_id);
  if (!username) {
    return MakeError(ErrorCode::kNotFound, "no local actor to sign as", actor_id);
  }
  CS_ASSIGN_OR_RETURN(store::Account account, store.FindAccountByUsername(*username));
  return SigningKey{uris.KeyId(account.username), account.private_key_pem};
}

}  // namespace cornerstore::activitypub
