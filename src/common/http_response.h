// Builders for the responses every endpoint shares: JSON bodies and JSON error bodies.
//
// Every error a client or peer sees is `{"error": "<safe sentence>"}` with the matching status,
// never internal detail (that goes to the log). Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "src/common/http_message.h"
#include "src/common/json.h"
#include "src/common/result.h"

namespace cornerstore {

inline constexpr std::string_view kActivityJsonType = "application/activity+json; charset=utf-8";
inline constexpr std::string_view kJsonType = "application/json; charset=utf-8";
inline constexpr std::string_view kHtmlType = "text/html; charset=utf-8";

// A JSON body with the given status and content type.
HttpResponse JsonResponse(int status, const json::Value& body,
                          std::string_view content_type = kJsonType);
// {"error": message} with `status`.
HttpResponse ErrorResponse(int status, std::string_view message);
// The peer-safe face of an Error: its status and message.
HttpResponse ErrorResponse(const Error& error);
// An HTML body.
HttpResponse HtmlResponse(int status, std::string html);

}  // namespace cornerstore
