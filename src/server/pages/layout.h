// The HTML shell shared by our public pages: doctype, lang, viewport, a small stylesheet link,
// and a strict Content-Security-Policy: no script at all, no inline style, so nothing a user or a
// peer typed can run even if it slipped past escaping. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "src/common/http_message.h"

namespace cornerstore::server::pages {

// `title` and `head_extra` must already be escaped / trusted markup; `body` likewise.
std::string RenderPage(std::string_view title, std::string_view head_extra, std::string_view body);

// A short page saying what went wrong (`title` and `message` are plain text), with `status`.
HttpResponse MessagePage(int status, std::string_view title, std::string_view message);

// An HTML response with our security headers (CSP without script, nosniff, referrer policy).
HttpResponse PageResponse(int status, std::string html);

// The stylesheet served at /static/style.css.
std::string_view Stylesheet();

}  // namespace cornerstore::server::pages
