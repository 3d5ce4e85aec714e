// ParsedKeyCache: public keys already parsed from their PEM, by keyId, for the key resolver.
//
// Parsing a PEM public key goes through OpenSSL's decoder machinery and costs more than the RSA
// verification it serves, once per signed request. The store stays the authority: an entry is
// used only when its PEM equals the one the store holds now, so a rotated or deleted key is
// never served from here; the cache only spares the parse.
//
// Bounded by kMaxEntries: when full it is emptied (every key is one parse away from coming
// back), which keeps it simple and lock hold times short.
//
// Thread safety: all methods may be called concurrently.
#pragma once

#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "activitypub/keys.h"
#include "src/common/result.h"

namespace cornerstore::activitypub {

class ParsedKeyCache {
 public:
  // Distinct keys kept: the peers of a busy instance, at a few KiB each.
  static constexpr size_t kMaxEntries = 20'000;

  // The key parsed from `pem` (another handle to the cached one when `key_id` was parsed from
  // the same PEM before). Errors as PublicKeyFromPem.
  Result<PkeyPtr> Get(const std::string& key_id, std::string_view pem);

 private:
  struct Entry {
    std::string pem;
    PkeyPtr key;
  };

  std::mutex mu_;  // guards entries_
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace cornerstore::activitypub
