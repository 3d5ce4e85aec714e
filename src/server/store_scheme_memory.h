// StoreSchemeMemory: the signature scheme each remote host accepted, kept in the store's
// HostState so it survives restarts and is shared by every process on one database, with a
// small in-process cache in front. Thread-safe.
#pragma once

#include <mutex>
#include <unordered_map>

#include "src/server/scheme_memory.h"
#include "store/federation_store.h"

namespace cornerstore::server {

class StoreSchemeMemory final : public SchemeMemory {
 public:
  explicit StoreSchemeMemory(store::FederationStore& store) : store_(store) {}

  std::optional<SignatureScheme> Get(const std::string& host) const override;
  void Put(const std::string& host, SignatureScheme scheme) override;

 private:
  // Bounds the cache; a miss costs one indexed read.
  static constexpr size_t kMaxCachedHosts = 10'000;

  store::FederationStore& store_;
  mutable std::mutex mu_;  // guards cache_
  mutable std::unordered_map<std::string, std::optional<SignatureScheme>> cache_;
};

}  // namespace cornerstore::server
