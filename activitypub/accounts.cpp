#include "activitypub/accounts.h"

#include "activitypub/keys.h"
#include "src/common/url.h"

namespace cornerstore::activitypub {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

Error Invalid(std::string message) {
  return MakeError(ErrorCode::kInvalidInput, std::move(message));
}

bool HasControlCharacters(std::string_view s, bool allow_newlines) {
  for (unsigned char c : s) {
    if (c == '\n' && allow_newlines) continue;
    if (c == '\r' && allow_newlines) continue;
    if (c < 0x20 || c == 0x7f) return true;
  }
  return false;
}

Status CheckImageUrl(const std::string& url, const char* what) {
  if (url.empty()) return OkStatus();
  if (!ParseUrl(url)) return Invalid(std::string(what) + " must be an absolute http(s) URL");
  return OkStatus();
}

}  // namespace

Status ValidateUsername(std::string_view username) {
  if (username.empty()) return Invalid("username must not be empty");
  if (username.size() > kMaxUsernameLength) {
    return Invalid("username must be at most " + std::to_string(kMaxUsernameLength) +
                   " characters");
  }
  for (char c : username) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
      return Invalid("username may contain only a-z, 0-9 and _ (lower case)");
    }
  }
  return OkStatus();
}

Result<store::ProfileField> ParseProfileField(std::string_view text) {
  size_t eq = text.find('=');
  if (eq == std::string_view::npos) return Invalid("profile field must look like Name=Value");
  store::ProfileField field{std::string(Trim(text.substr(0, eq))),
                            std::string(Trim(text.substr(eq + 1)))};
  if (field.name.empty() || field.value.empty()) {
    return Invalid("profile field needs both a name and a value (Name=Value)");
  }
  return field;
}

Status ValidateProfile(const store::Account& account) {
  if (account.display_name.size() > kMaxDisplayNameLength) {
    return Invalid("display name must be at most " + std::to_string(kMaxDisplayNameLength) +
                   " bytes");
  }
  if (HasControlCharacters(account.display_name, false)) {
    return Invalid("display name must not contain control characters");
  }
  if (account.summary.size() > kMaxSummaryLength) {
    return Invalid("bio must be at most " + std::to_string(kMaxSummaryLength) + " bytes");
  }
  if (HasControlCharacters(account.summary, true)) {
    return Invalid("bio must not contain control characters");
  }
  if (account.fields.size() > kMaxProfileFields) {
    return Invalid("at most " + std::to_string(kMaxProfileFields) + " profile fields");
  }
  for (const auto& f : account.fields) {
    if (f.name.empty() || f.value.empty()) return Invalid("profile fields need a name and a value");
    if (f.name.size() > kMaxFieldNameLength || f.value.size() > kMaxFieldValueLength) {
      return Invalid("profile field \"" + f.name + "\" is too long");
    }
    if (HasControlCharacters(f.name, false) || HasControlCharacters(f.value, false)) {
      return Invalid("profile field \"" + f.name + "\" contains control characters");
    }
  }
  CS_RETURN_IF_ERROR(CheckImageUrl(account.avatar_url, "avatar URL"));
  CS_RETURN_IF_ERROR(CheckImageUrl(account.header_url, "header URL"));
  return OkStatus();
}

Result<store::Account> CreateLocalAccount(store::Store& store, const NewAccount& request) {
  CS_RETURN_IF_ERROR(ValidateUsername(request.username));
  store::Account account;
  account.username = request.username;
  account.display_name = request.display_name;
  account.summary = request.summary;
  account.type = request.type;
  account.fields = request.fields;
  account.manually_approves_followers = request.manually_approves_followers;
  CS_RETURN_IF_ERROR(ValidateProfile(account));
  auto existing = store.FindAccountByUsername(request.username);
  if (existing.ok()) return MakeError(ErrorCode::kConflict, "username is already taken");
  CS_ASSIGN_OR_RETURN(KeyPair keys, GenerateRsaKeyPair());
  account.public_key_pem = std::move(keys.public_pem);
  account.private_key_pem = std::move(keys.private_pem);
  return store.CreateAccount(account);
}

}  // namespace cornerstore::activitypub
