// SchemeMemory: which HTTP signature scheme each remote host accepted, so the outbound client
// knocks with the right one first (PROTOCOL.md §4, outgoing).
//
// Keys are URL authorities: the host, plus ":port" when the port is not the scheme's default.
// The in-memory implementation forgets everything on restart; a store-backed one can replace it
// behind this interface. Implementations must be thread-safe (delivery and fetch workers share
// one).
#pragma once

#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "src/common/request_signer.h"

namespace cornerstore::server {

class SchemeMemory {
 public:
  virtual ~SchemeMemory() = default;
  // The scheme `host` accepted last, if known.
  virtual std::optional<SignatureScheme> Get(const std::string& host) const = 0;
  virtual void Put(const std::string& host, SignatureScheme scheme) = 0;
};

class InMemorySchemeMemory final : public SchemeMemory {
 public:
  // Bounds memory when peers are many; forgetting only costs one extra 401 round trip per host.
  static constexpr size_t kMaxHosts = 100'000;

  std::optional<SignatureScheme> Get(const std::string& host) const override;
  void Put(const std::string& host, SignatureScheme scheme) override;

 private:
  mutable std::mutex mu_;
  std::unordered_map<std::string, SignatureScheme> schemes_;  // guarded by mu_
};

}  // namespace cornerstore::server
