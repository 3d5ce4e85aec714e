// SanitizeHtml: HTML from remote servers (post content, summaries, bios, profile field values)
// reduced to Mastodon's allowlist, safe to embed in our pages and to hand to clients.
//
// The input is parsed as an HTML5 fragment (Gumbo) and the tree is written back out with only
//   p br span a del pre code em strong b i u ul ol li blockquote
// h1–h6 become <p><strong>…</strong></p>; script, style, iframe, svg, math, form controls and
// the like are dropped with their content; every other element is unwrapped (its children
// stay). Attributes: a[href class translate], span[class translate], ol[start reversed],
// li[value]; href only with a scheme from kSafeLinkSchemes, always rel="nofollow noopener
// noreferrer" (plus "tag" when the source had it) and target="_blank"; classes only from
// kAllowedClasses. Text and attribute values are re-escaped (& < > " '), control characters
// dropped, and the output is built so that parsing it again yields the same tree: sanitizing
// twice gives the same string.
//
// Work is bounded: input beyond HtmlLimits is cut before parsing, parser memory and time are
// capped (over budget → empty output), output nesting is capped (deeper elements are
// unwrapped), and no step recurses on the document's depth.
//
// Pure functions: no shared state, safe to call from any thread.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

namespace cornerstore::activitypub::content {

// Link schemes kept in href: the web, and addresses people put in bios.
inline constexpr std::array<std::string_view, 7> kSafeLinkSchemes = {
    "http", "https", "mailto", "xmpp", "magnet", "gemini", "matrix"};
// Classes kept (microformats for mentions, and Mastodon's link shortening).
inline constexpr std::array<std::string_view, 6> kAllowedClasses = {
    "h-card", "mention", "hashtag", "u-url", "ellipsis", "invisible"};

// A post is far smaller; long articles fit. Longer input is cut here before parsing.
inline constexpr size_t kMaxHtmlInputBytes = 512 * 1024;
// Tag openings (<x and </x) parsed at most: the parser has quadratic paths in the number of
// open elements times tags, so this bounds its time; the rest of the input is cut.
inline constexpr size_t kMaxHtmlTags = 4096;
// Parser memory beyond this aborts the parse: legitimate input at the size cap needs about
// 6 MiB, while crafted misnesting makes the parser clone elements without end.
inline constexpr size_t kMaxHtmlParseMemoryBytes = 32 * 1024 * 1024;
// A parse still running after this is abandoned, so crafted input cannot hold a worker; the
// size and tag caps keep legitimate input under a tenth of it.
inline constexpr std::chrono::milliseconds kMaxHtmlParseTime{500};
// Nesting kept in the output; deeper elements are unwrapped. Real posts stay under ten.
inline constexpr size_t kMaxHtmlOutputDepth = 64;
// An href longer than this is not a link anyone follows; the <a> is unwrapped.
inline constexpr size_t kMaxHrefBytes = 4096;

// The limits one call works within. Defaults are the constants above; tests shrink them.
struct HtmlLimits {
  size_t max_input_bytes = kMaxHtmlInputBytes;
  size_t max_tags = kMaxHtmlTags;
  size_t max_parse_memory_bytes = kMaxHtmlParseMemoryBytes;
  std::chrono::milliseconds max_parse_time = kMaxHtmlParseTime;
  size_t max_output_depth = kMaxHtmlOutputDepth;
};

struct SanitizedHtml {
  std::string html;
  bool truncated = false;    // input or output was cut at a limit; the rest is missing
  bool over_budget = false;  // the parser hit its memory or time budget or an internal
                             // assertion (see html_tree.cpp); `html` is empty
};

// The allowlisted HTML for `html`. Empty input, or input over the parse budget, gives "".
std::string SanitizeHtml(std::string_view html);
// The same, with explicit limits and a report of what was cut.
SanitizedHtml SanitizeHtmlWithLimits(std::string_view html, const HtmlLimits& limits);

// Readable text for logs, the CLI and notifications: entities decoded, tags and dropped
// elements (script, style, …) removed, whitespace collapsed as a browser would, <br> as one
// newline and paragraphs, headings, lists and quotes separated by a blank line. Control
// characters other than newline and tab are removed (terminal escapes cannot pass).
std::string HtmlToPlainText(std::string_view html);

}  // namespace cornerstore::activitypub::content
