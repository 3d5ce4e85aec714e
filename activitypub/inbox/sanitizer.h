// HtmlSanitizer: the seam through which the inbox cleans peer HTML (post content, content
// warnings, actor bios, profile field values) before storing it (PROTOCOL.md §9).
//
// Production passes ContentSanitizer() (content::SanitizeHtml: an HTML5 parser and Mastodon's
// allowlist); a test may pass a stand-in to observe calls. The function must be thread-safe:
// inbox workers share it.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "activitypub/content/sanitizer.h"

namespace cornerstore::activitypub {

using HtmlSanitizer = std::function<std::string(std::string_view html)>;

// The content sanitizer as an HtmlSanitizer.
inline HtmlSanitizer ContentSanitizer() {
  return [](std::string_view html) { return content::SanitizeHtml(html); };
}

}  // namespace cornerstore::activitypub
