// Absolute http(s) URLs: parsing, normalisation and origin comparison.
//
// Strict on purpose: only http and https, an authority with a host, no userinfo, no spaces or
// control characters. Remote ids are compared as normalised strings (lower-case scheme and host,
// default port dropped), everything else byte for byte.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace cornerstore {

struct Url {
  std::string scheme;    // "http" | "https"
  std::string host;      // lower case; IPv6 without brackets
  int port = 0;          // explicit or default (80/443)
  std::string path;      // "/" if empty; as given (no decoding)
  std::string query;     // without '?'; empty if none
  std::string fragment;  // without '#'; empty if none
  bool host_is_ipv6 = false;

  // "https://host[:port]" with the default port omitted.
  std::string Origin() const;
  // "host[:port]" as a Host header would carry it (default port omitted).
  std::string Authority() const;
  // path + ("?" + query) — what goes on the request line.
  std::string Target() const;
  // Normalised full URL (without the fragment if `with_fragment` is false).
  std::string ToString(bool with_fragment = true) const;
};

// Parses an absolute http(s) URL; nullopt if anything is off.
std::optional<Url> ParseUrl(std::string_view text);

// True if both parse and share scheme, host and port.
bool SameOrigin(std::string_view a, std::string_view b);

// Host of a URL, lower case, or "" if it does not parse.
std::string HostOf(std::string_view url);
// "host[:port]" of a URL (lower case, default port omitted), or "" if it does not parse: one
// server, as delivery limits, host health and signature-scheme memory count them.
std::string AuthorityOf(std::string_view url);

// Percent-encodes everything outside RFC 3986 unreserved characters.
std::string PercentEncode(std::string_view s);
// Decodes %XX (and '+' as space when `plus_is_space`); nullopt on a malformed escape.
std::optional<std::string> PercentDecode(std::string_view s, bool plus_is_space = false);

// Value of `key` in an application/x-www-form-urlencoded query string, decoded.
std::optional<std::string> QueryParam(std::string_view query, std::string_view key);

}  // namespace cornerstore
