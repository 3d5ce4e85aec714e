#include "src/api/errors.h"

#include "src/common/http_response.h"
#include "src/common/log.h"

namespace cornerstore::api {

HttpResponse ApiError(int status, std::string_view message) {
  return ErrorResponse(status, message);
}

HttpResponse ApiErrorFrom(const Error& error) {
  switch (error.code) {
    case ErrorCode::kInvalidInput:
    case ErrorCode::kConflict:
      return ApiError(422, error.message);
    case ErrorCode::kNotFound:
    case ErrorCode::kGone:
      return ApiError(404, kRecordNotFound);
    case ErrorCode::kUnauthorized:
      return ApiError(401, kInvalidToken);
    case ErrorCode::kForbidden:
      return ApiError(403, error.message.empty() ? "This action is not allowed" : error.message);
    case ErrorCode::kTooLarge:
      return ApiError(413, error.message);
    case ErrorCode::kUnsupportedType:
      return ApiError(415, error.message);
    case ErrorCode::kUnavailable:
    case ErrorCode::kTimeout:
      log::Warn("api.unavailable", {{"error", error.ToLogString()}});
      return ApiError(503, "Temporarily unavailable, try again later");
    case ErrorCode::kInternal:
      break;
  }
  log::Error("api.internal_error", {{"error", error.ToLogString()}});
  return ApiError(500, "Internal server error");
}

}  // namespace cornerstore::api
