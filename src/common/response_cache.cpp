#include "src/common/response_cache.h"

#include <mutex>
#include <utility>

namespace cornerstore {

std::optional<HttpResponse> ResponseCache::Find(std::string_view key, int64_t version) const {
  std::shared_lock lock(mutex_);
  auto it = entries_.find(key);
  if (it == entries_.end() || it->second.version != version) return std::nullopt;
  return it->second.response;
}

void ResponseCache::Put(std::string key, int64_t version, HttpResponse response) {
  std::unique_lock lock(mutex_);
  if (entries_.size() >= kMaxEntries && !entries_.contains(key)) entries_.clear();
  entries_.insert_or_assign(std::move(key), Entry{version, std::move(response)});
}

}  // namespace cornerstore
