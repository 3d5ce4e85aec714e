#include "activitypub/inbox/parsed_key_cache.h"

#include <utility>

namespace cornerstore::activitypub {

Result<PkeyPtr> ParsedKeyCache::Get(const std::string& key_id, std::string_view pem) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = entries_.find(key_id);
    if (it != entries_.end() && it->second.pem == pem) return SharePkey(it->second.key.get());
  }
  // Parsed outside the lock: two threads may parse the same key once each, harmlessly.
  CS_ASSIGN_OR_RETURN(PkeyPtr parsed, PublicKeyFromPem(pem));
  PkeyPtr shared = SharePkey(parsed.get());
  std::lock_guard<std::mutex> lock(mu_);
  if (entries_.size() >= kMaxEntries) entries_.clear();
  entries_[key_id] = Entry{std::string(pem), std::move(parsed)};
  return shared;
}

}  // namespace cornerstore::activitypub
