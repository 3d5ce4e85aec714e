#include "src/auth/oauth_error.h"

#include "src/common/http_response.h"
#include "src/common/json.h"
#include "src/common/log.h"

namespace cornerstore::auth {

OAuthError OAuthError::FromStore(const Error& error) {
  log::Error("oauth.store_failed", {{"error", error.ToLogString()}});
  if (error.code == ErrorCode::kUnavailable) {
    return {503, "temporarily_unavailable", "the server is busy; try again"};
  }
  return {500, "server_error", "the server could not complete the request"};
}

HttpResponse OAuthErrorResponse(const OAuthError& error) {
  json::Value body;
  body.Set("error", error.error);
  body.Set("error_description", error.description);
  HttpResponse r = JsonResponse(error.status, body);
  r.headers.Set("Cache-Control", "no-store");
  if (error.retry_after > 0) r.headers.Set("Retry-After", std::to_string(error.retry_after));
  if (error.status == 401 && error.error == "invalid_client") {
    r.headers.Set("WWW-Authenticate", "Basic realm=\"cornerstore\"");
  }
  return r;
}

}  // namespace cornerstore::auth
