// Store: persistence of everything Cornerstore knows, behind one interface.
//
// The SQLite implementation (store/sqlite_store.h) is the default; tests run it on ":memory:"
// or a temp file; a PostgreSQL implementation must later pass the same conformance tests
// (tests/unit/store). Every method is one transaction unless it says otherwise.
//
// Errors: kNotFound for a missing row, kConflict for a uniqueness violation, kUnavailable when
// the database is busy or the disk is full (callers answer 503), kInternal otherwise.
// Thread safety: all methods may be called from any thread concurrently.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "src/common/result.h"

namespace cornerstore::store {

// The ActivityStreams actor type of a local account.
enum class ActorType { kPerson, kOrganization, kService };

std::string_view ActorTypeName(ActorType type);  // "Person" | "Organization" | "Service"
// Accepts "person" | "organization" | "service" in any case.
std::optional<ActorType> ParseActorType(std::string_view name);

struct ProfileField {
  std::string name;
  std::string value;  // plain text as the owner typed it; rendered to HTML when published
};

struct Account {
  int64_t id = 0;        // assigned by CreateAccount
  std::string username;  // [a-z0-9_]{1,30}; lookups are case-insensitive
  std::string display_name;
  std::string summary;  // bio, plain text
  ActorType type = ActorType::kPerson;
  std::vector<ProfileField> fields;
  bool manually_approves_followers = false;
  bool discoverable = true;
  bool indexable = true;
  bool hide_collections = false;  // followers/following show totals only
  std::string avatar_url;
  std::string header_url;
  std::vector<std::string> also_known_as;
  std::string moved_to;
  std::string public_key_pem;   // RSA-2048, SubjectPublicKeyInfo PEM
  std::string private_key_pem;  // PKCS#8 PEM; never leaves the server
  int64_t created_at = 0;       // unix seconds
  int64_t updated_at = 0;
};

// Figures for NodeInfo.
struct UsageCounts {
  int64_t total_users = 0;
  int64_t active_month = 0;
  int64_t active_halfyear = 0;
  int64_t local_posts = 0;
};

class Store {
 public:
  virtual ~Store() = default;

  // Liveness: the database answers a trivial query.
  virtual Status Ping() = 0;

  // --- Accounts ---
  // Stores a new account; `id`, `created_at`, `updated_at` are set on the returned copy.
  // kConflict if the username is taken (case-insensitively), or was a deleted account's
  // (IsAccountDeleted): a deleted name is never reused.
  virtual Result<Account> CreateAccount(const Account& account) = 0;
  virtual Result<Account> FindAccountByUsername(std::string_view username) = 0;
  virtual Result<Account> FindAccountById(int64_t id) = 0;
  virtual Result<std::vector<Account>> ListAccounts() = 0;
  // Replaces every mutable field of the account with `account.id` (all but username and
  // created_at, which are its identity); bumps updated_at. kNotFound if there is no such id.
  virtual Status UpdateAccount(const Account& account) = 0;
  // Deletes the account and everything it owns. kNotFound if there is no such id. Tells no
  // peer and keeps no record of the name: an account that has federated is deleted through
  // FederationStore::DeleteLocalAccount, which queues its Delete and retires the name.
  virtual Status DeleteAccount(int64_t id) = 0;
  // True if a local account of this username (case-insensitively) was deleted through
  // FederationStore::DeleteLocalAccount: its actor URL answers 410 Gone and the name stays taken.
  virtual Result<bool> IsAccountDeleted(std::string_view username) = 0;
  // A number that changes whenever an account is created, updated or deleted, by this process
  // or another: a cache of documents rendered from accounts is valid while it stays the same.
  // Read it before the account. A store that does not track it fails (callers then do not cache).
  virtual Result<int64_t> AccountsVersion() {
    return MakeError(ErrorCode::kUnavailable, "accounts version not tracked");
  }

  virtual Result<UsageCounts> CountUsage() = 0;

  // --- Instance-wide settings (small key/value pairs, e.g. the instance actor's key) ---
  virtual Result<std::optional<std::string>> GetSetting(std::string_view key) = 0;
  virtual Status PutSetting(std::string_view key, std::string_view value) = 0;
};

}  // namespace cornerstore::store
