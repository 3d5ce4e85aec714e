// The instance actor's key pair: made once, kept in the store's settings.
// Thread-safe as far as the Store is; the first call on a fresh database generates the key.
#pragma once

#include <cstdint>
#include <string>

#include "src/common/clock.h"
#include "src/common/result.h"
#include "store/store.h"

namespace cornerstore::activitypub {

struct InstanceKey {
  std::string public_key_pem;
  std::string private_key_pem;
  int64_t created_at = 0;
};

// Loads the instance actor's key, generating and storing it on first use.
Result<InstanceKey> EnsureInstanceKey(store::Store& store, const Clock& clock);

}  // namespace cornerstore::activitypub
