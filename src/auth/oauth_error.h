// OAuthError: a refusal in RFC 6749's terms (§5.2): an error code from the RFC's list, a
// sentence for the client developer, and the HTTP status. OAuthResult<T> is a value or one.
//
// Plain values; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <variant>

#include "src/common/http_message.h"
#include "src/common/result.h"

namespace cornerstore::auth {

struct OAuthError {
  int status = 400;
  std::string error;        // "invalid_request", "invalid_client", "invalid_grant", …
  std::string description;  // safe to show
  int64_t retry_after = 0;  // seconds, for 429

  static OAuthError InvalidRequest(std::string description) {
    return {400, "invalid_request", std::move(description)};
  }
  // 401, as Doorkeeper (and so Mastodon) answers a failed client authentication.
  static OAuthError InvalidClient(std::string description) {
    return {401, "invalid_client", std::move(description)};
  }
  static OAuthError InvalidGrant(std::string description) {
    return {400, "invalid_grant", std::move(description)};
  }
  static OAuthError InvalidScope(std::string description) {
    return {400, "invalid_scope", std::move(description)};
  }
  static OAuthError UnsupportedGrantType(std::string description) {
    return {400, "unsupported_grant_type", std::move(description)};
  }
  static OAuthError AccessDenied(std::string description) {
    return {401, "access_denied", std::move(description)};
  }
  static OAuthError Throttled(int64_t retry_after) {
    return {429, "too_many_attempts", "too many failed logins; try again later", retry_after};
  }
  // A store failure: the detail goes to the log, the client hears a retryable sentence.
  static OAuthError FromStore(const Error& error);
};

// {"error": …, "error_description": …} with the error's status, Cache-Control: no-store, and
// Retry-After when set.
HttpResponse OAuthErrorResponse(const OAuthError& error);

template <typename T>
class [[nodiscard]] OAuthResult {
 public:
  OAuthResult(T value) : v_(std::move(value)) {}           // NOLINT: implicit by design
  OAuthResult(OAuthError error) : v_(std::move(error)) {}  // NOLINT: implicit by design

  bool ok() const { return v_.index() == 0; }
  T& value() { return std::get<0>(v_); }
  const T& value() const { return std::get<0>(v_); }
  T* operator->() { return &value(); }
  T& operator*() { return value(); }
  const OAuthError& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, OAuthError> v_;
};

}  // namespace cornerstore::auth
