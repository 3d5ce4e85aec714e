// Escaping text for HTML output (element content and quoted attribute values alike).
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace cornerstore {

// Escapes & < > " ' so the result is safe in element content and in quoted attributes.
std::string EscapeHtml(std::string_view text);

// EscapeHtml appended to `out`, for callers that build a page in one buffer.
void AppendEscapedHtml(std::string& out, std::string_view text);

}  // namespace cornerstore
