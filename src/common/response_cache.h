// ResponseCache: rendered responses kept by key, each valid while a version number the caller
// reads from its source (e.g. Store::AccountsVersion) stays the one it was rendered at.
//
// For documents that are read far more often than they change (actor documents, WebFinger
// answers): a hit is a map lookup and a copy, with no store read of the document's parts, no
// JSON tree and no serialization. The caller reads the version before the data it renders from,
// so a change made in between leaves the entry already stale.
//
// Bounded: when kMaxEntries is reached the cache starts over empty (entries are cheap to
// rebuild; this keeps a crawler enumerating names from growing it without limit).
// Thread safety: every method may be called from any thread concurrently.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "src/common/http_message.h"

namespace cornerstore {

class ResponseCache {
 public:
  static constexpr size_t kMaxEntries = 1024;

  // The response stored for `key` at `version`, if there is one.
  std::optional<HttpResponse> Find(std::string_view key, int64_t version) const;
  // Stores `response` for `key`, rendered from data read at `version` (replacing an older one).
  void Put(std::string key, int64_t version, HttpResponse response);

 private:
  struct Entry {
    int64_t version = 0;
    HttpResponse response;
  };
  // Transparent hashing, so Find takes a string_view without building a string.
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  mutable std::shared_mutex mutex_;
  std::unordered_map<std::string, Entry, Hash, std::equal_to<>> entries_;
};

}  // namespace cornerstore
