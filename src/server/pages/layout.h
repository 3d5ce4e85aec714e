// The HTML shell shared by our public pages: doctype, meta, a small inline-free stylesheet link,
// and a strict Content-Security-Policy (no scripts at all). Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "src/common/http_message.h"

namespace cornerstore::server::pages {

// `title` and `head_extra` must already be escaped / trusted markup; `body` likewise.
std::string RenderPage(std::string_view title, std::string_view head_extra, std::string_view body);

// An HTML response with our security headers (CSP without script, nosniff, referrer policy).
HttpResponse PageResponse(int status, std::string html);

// The stylesheet served at /static/style.css.
std::string_view Stylesheet();

}  // namespace cornerstore::server::pages
