#include "src/server/store_scheme_memory.h"

#include "src/common/log.h"

namespace cornerstore::server {
namespace {

constexpr const char* kCavage = "cavage";
constexpr const char* kRfc9421 = "rfc9421";

std::optional<SignatureScheme> FromName(const std::string& name) {
  if (name == kCavage) return SignatureScheme::kCavage;
  if (name == kRfc9421) return SignatureScheme::kRfc9421;
  return std::nullopt;
}

}  // namespace

std::optional<SignatureScheme> StoreSchemeMemory::Get(const std::string& host) const {
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = cache_.find(host);
    if (it != cache_.end()) return it->second;
  }
  auto state = store_.GetHostState(host);
  std::optional<SignatureScheme> scheme;
  if (state.ok()) scheme = FromName(state->signature_scheme);
  std::lock_guard<std::mutex> lock(mu_);
  if (cache_.size() >= kMaxCachedHosts) cache_.clear();
  cache_[host] = scheme;
  return scheme;
}

void StoreSchemeMemory::Put(const std::string& host, SignatureScheme scheme) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = cache_.find(host);
    if (it != cache_.end() && it->second == scheme) return;
    if (cache_.size() >= kMaxCachedHosts) cache_.clear();
    cache_[host] = scheme;
  }
  auto state = store_.GetHostState(host);
  if (!state.ok()) return;
  state->signature_scheme = scheme == SignatureScheme::kCavage ? kCavage : kRfc9421;
  if (Status saved = store_.PutHostState(*state); !saved.ok()) {
    log::Warn("scheme_memory.save_failed",
              {{"host", host}, {"error", saved.error().ToLogString()}});
  }
}

}  // namespace cornerstore::server
