#include "src/server/scheme_memory.h"

namespace cornerstore::server {

std::optional<SignatureScheme> InMemorySchemeMemory::Get(const std::string& host) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = schemes_.find(host);
  if (it == schemes_.end()) return std::nullopt;
  return it->second;
}

void InMemorySchemeMemory::Put(const std::string& host, SignatureScheme scheme) {
  std::lock_guard<std::mutex> lock(mu_);
  if (schemes_.size() >= kMaxHosts && schemes_.find(host) == schemes_.end()) schemes_.clear();
  schemes_[host] = scheme;
}

}  // namespace cornerstore::server
