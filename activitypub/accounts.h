// Local accounts: the rules for creating and changing them (names, fields, keys).
//
// The CLI, the dashboard and the client API all go through here, so the rules live once.
// Thread-safe as far as the Store is.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "src/common/clock.h"
#include "src/common/result.h"
#include "store/store.h"

namespace cornerstore::activitypub {

inline constexpr size_t kMaxUsernameLength = 30;      // Mastodon's limit
inline constexpr size_t kMaxDisplayNameLength = 100;  // Mastodon allows 30; businesses need more
inline constexpr size_t kMaxSummaryLength = 5000;     // a bio, not an essay
inline constexpr size_t kMaxProfileFields = 8;        // Mastodon shows 4; peers accept more
inline constexpr size_t kMaxFieldNameLength = 255;
inline constexpr size_t kMaxFieldValueLength = 2047;

// Checks a username: 1–30 characters of a–z, 0–9 and '_' (lower case only, so that actor URLs
// are canonical). The message says what is wrong.
Status ValidateUsername(std::string_view username);

// Parses "Name=Value" into a field (both sides trimmed, both non-empty).
Result<store::ProfileField> ParseProfileField(std::string_view text);

// Checks the owner-editable parts of an account (lengths, counts, URLs).
Status ValidateProfile(const store::Account& account);

struct NewAccount {
  std::string username;
  std::string display_name;
  std::string summary;
  store::ActorType type = store::ActorType::kPerson;
  std::vector<store::ProfileField> fields;
  bool manually_approves_followers = false;
};

// Validates, generates an RSA-2048 key pair, and stores the account.
Result<store::Account> CreateLocalAccount(store::Store& store, const NewAccount& request);

}  // namespace cornerstore::activitypub
