#include "tests/fakes/store_failing.h"

namespace cornerstore::testing {

void FailingStore::FailAll(Error error, Scope scope) {
  std::lock_guard<std::mutex> lock(mu_);
  error_ = std::move(error);
  scope_ = scope;
  remaining_ = -1;
}

void FailingStore::FailNext(int count, Error error, Scope scope) {
  std::lock_guard<std::mutex> lock(mu_);
  error_ = std::move(error);
  scope_ = scope;
  remaining_ = count;
}

void FailingStore::Clear() {
  std::lock_guard<std::mutex> lock(mu_);
  error_.reset();
  remaining_ = 0;
}

int FailingStore::failures() const {
  std::lock_guard<std::mutex> lock(mu_);
  return failures_;
}

Error FailingStore::Unavailable() {
  return MakeError(ErrorCode::kUnavailable, "storage is unavailable, try again later",
                   "injected by FailingStore");
}

std::optional<Error> FailingStore::Take(bool is_write) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!error_.has_value() || remaining_ == 0) return std::nullopt;
  if (scope_ == Scope::kWritesOnly && !is_write) return std::nullopt;
  if (remaining_ > 0) --remaining_;
  ++failures_;
  return error_;
}

Status FailingStore::Ping() {
  if (auto error = Take(false)) return *error;
  return inner_->Ping();
}

Result<store::Account> FailingStore::CreateAccount(const store::Account& account) {
  if (auto error = Take(true)) return *error;
  return inner_->CreateAccount(account);
}

Result<store::Account> FailingStore::FindAccountByUsername(std::string_view username) {
  if (auto error = Take(false)) return *error;
  return inner_->FindAccountByUsername(username);
}

Result<store::Account> FailingStore::FindAccountById(int64_t id) {
  if (auto error = Take(false)) return *error;
  return inner_->FindAccountById(id);
}

Result<std::vector<store::Account>> FailingStore::ListAccounts() {
  if (auto error = Take(false)) return *error;
  return inner_->ListAccounts();
}

Status FailingStore::UpdateAccount(const store::Account& account) {
  if (auto error = Take(true)) return *error;
  return inner_->UpdateAccount(account);
}

Status FailingStore::DeleteAccount(int64_t id) {
  if (auto error = Take(true)) return *error;
  return inner_->DeleteAccount(id);
}

Result<bool> FailingStore::IsAccountDeleted(std::string_view username) {
  if (auto error = Take(false)) return *error;
  return inner_->IsAccountDeleted(username);
}

Result<store::UsageCounts> FailingStore::CountUsage() {
  if (auto error = Take(false)) return *error;
  return inner_->CountUsage();
}

Result<std::optional<std::string>> FailingStore::GetSetting(std::string_view key) {
  if (auto error = Take(false)) return *error;
  return inner_->GetSetting(key);
}

Status FailingStore::PutSetting(std::string_view key, std::string_view value) {
  if (auto error = Take(true)) return *error;
  return inner_->PutSetting(key, value);
}

}  // namespace cornerstore::testing
