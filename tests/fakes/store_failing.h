// FailingStore: a Store that forwards to a real one and fails on demand, for error-path tests
// (503 when the database is busy, conflicts, …) without provoking them in SQLite.
//
// Ownership: borrows the wrapped Store, which must outlive it.
// Thread safety: as the wrapped Store; the failure switches may be flipped from any thread.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "src/common/result.h"
#include "store/store.h"

namespace cornerstore::testing {

class FailingStore final : public store::Store {
 public:
  enum class Scope { kAll, kWritesOnly };

  explicit FailingStore(store::Store* inner) : inner_(inner) {}

  // Every matching call fails with `error` until Clear().
  void FailAll(Error error, Scope scope = Scope::kAll);
  // The next `count` matching calls fail with `error`; later calls pass through.
  void FailNext(int count, Error error, Scope scope = Scope::kAll);
  void Clear();
  // How many calls have been failed so far.
  int failures() const;

  // The error a busy or full database gives (kUnavailable).
  static Error Unavailable();

  Status Ping() override;
  Result<store::Account> CreateAccount(const store::Account& account) override;
  Result<store::Account> FindAccountByUsername(std::string_view username) override;
  Result<store::Account> FindAccountById(int64_t id) override;
  Result<std::vector<store::Account>> ListAccounts() override;
  Status UpdateAccount(const store::Account& account) override;
  Status DeleteAccount(int64_t id) override;
  Result<bool> IsAccountDeleted(std::string_view username) override;
  Result<store::UsageCounts> CountUsage() override;
  Result<std::optional<std::string>> GetSetting(std::string_view key) override;
  Status PutSetting(std::string_view key, std::string_view value) override;

 private:
  // The error this call must fail with, if any (and counts it).
  std::optional<Error> Take(bool is_write);

  store::Store* const inner_;

  mutable std::mutex mu_;  // guards the members below
  std::optional<Error> error_;
  Scope scope_ = Scope::kAll;
  int remaining_ = 0;  // < 0: unlimited
  int failures_ = 0;
};

}  // namespace cornerstore::testing
