#include "src/common/http_response.h"

namespace cornerstore {

HttpResponse JsonResponse(int status, const json::Value& body, std::string_view content_type) {
  HttpResponse r;
  r.status = status;
  r.headers.Set("Content-Type", std::string(content_type));
  r.body = json::Serialize(body);
  return r;
}

HttpResponse ErrorResponse(int status, std::string_view message) {
  json::Value body;
  body.Set("error", std::string(message));
  return JsonResponse(status, body);
}

HttpResponse ErrorResponse(const Error& error) {
  return ErrorResponse(error.http_status(), error.message);
}

HttpResponse HtmlResponse(int status, std::string html) {
  HttpResponse r;
  r.status = status;
  r.headers.Set("Content-Type", std::string(kHtmlType));
  r.body = std::move(html);
  return r;
}

}  // namespace cornerstore
