// Error answers of the client API, in Mastodon's shapes: `{"error": "…"}` with Mastodon's status
// codes — 401 for a bad token, 403 for a missing scope, 404 "Record not found", 422 for input
// that does not validate, 503 when the database is busy.
//
// Internal detail never reaches the client; 5xx errors are logged here. Pure functions;
// thread-safe.
#pragma once

#include <string_view>

#include "src/common/http_message.h"
#include "src/common/result.h"

namespace cornerstore::api {

inline constexpr std::string_view kRecordNotFound = "Record not found";
inline constexpr std::string_view kInvalidToken = "The access token is invalid";
inline constexpr std::string_view kOutsideScopes = "This action is outside the authorized scopes";
inline constexpr std::string_view kUserRequired = "This method requires an authenticated user";
inline constexpr std::string_view kMediaUnsupported = "Media uploads are not supported yet";

// {"error": message} with `status`.
HttpResponse ApiError(int status, std::string_view message);

// The client-facing face of an Error, with Mastodon's status codes:
// kInvalidInput and kConflict → 422 (the message says what to fix), kNotFound and kGone → 404
// "Record not found", kUnauthorized → 401, kForbidden → 403, kTooLarge → 413,
// kUnsupportedType → 415, kUnavailable and kTimeout → 503, kInternal → 500.
HttpResponse ApiErrorFrom(const Error& error);

}  // namespace cornerstore::api
