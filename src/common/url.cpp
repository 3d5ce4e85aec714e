#include "src/common/url.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <charconv>

#include "src/common/http_message.h"

namespace cornerstore {
namespace {

bool IsSchemeChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' ||
         c == '-' || c == '.';
}

bool IsHostChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_';
}

int DefaultPort(std::string_view scheme) { return scheme == "https" ? 443 : 80; }

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string Url::Authority() const {
  // Appends rather than `"[" + host`: GCC 12 -O3 warns falsely (-Wrestrict) on the latter.
  std::string out;
  if (host_is_ipv6) {
    out.append("[").append(host).append("]");
  } else {
    out = host;
  }
  if (port != DefaultPort(scheme)) out.append(":").append(std::to_string(port));
  return out;
}

std::string Url::Origin() const { return scheme + "://" + Authority(); }

std::string Url::Target() const { return query.empty() ? path : path + "?" + query; }

std::string Url::ToString(bool with_fragment) const {
  std::string out = Origin() + Target();
  if (with_fragment && !fragment.empty()) out += "#" + fragment;
  return out;
}

std::optional<Url> ParseUrl(std::string_view text) {
  if (text.empty() || text.size() > 4096) return std::nullopt;
  for (unsigned char c : text) {
    if (c <= 0x20 || c == 0x7f || c >= 0x80) return std::nullopt;
  }
  size_t colon = text.find("://");
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  Url url;
  for (char c : text.substr(0, colon)) {
    if (!IsSchemeChar(c)) return std::nullopt;
  }
  url.scheme = ToLower(text.substr(0, colon));
  if (url.scheme != "http" && url.scheme != "https") return std::nullopt;
  std::string_view rest = text.substr(colon + 3);
  size_t auth_end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, auth_end);
  rest = auth_end == std::string_view::npos ? std::string_view() : rest.substr(auth_end);
  if (authority.empty() || authority.find('@') != std::string_view::npos) return std::nullopt;

  std::string_view port_text;
  if (authority.front() == '[') {
    size_t close = authority.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    // Only a valid IPv6 address, in canonical form so equal addresses compare equal.
    std::string literal(authority.substr(1, close - 1));
    in6_addr addr;
    char canonical[INET6_ADDRSTRLEN];
    if (inet_pton(AF_INET6, literal.c_str(), &addr) != 1 ||
        !inet_ntop(AF_INET6, &addr, canonical, sizeof canonical)) {
      return std::nullopt;
    }
    url.host = canonical;
    url.host_is_ipv6 = true;
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return std::nullopt;
      port_text = after.substr(1);
      if (port_text.empty()) return std::nullopt;
    }
  } else {
    size_t pc = authority.rfind(':');
    std::string_view host = authority;
    if (pc != std::string_view::npos) {
      host = authority.substr(0, pc);
      port_text = authority.substr(pc + 1);
      if (port_text.empty()) return std::nullopt;
    }
    url.host = ToLower(host);
    if (url.host.empty() || url.host.size() > 253) return std::nullopt;
    for (char c : url.host) {
      if (!IsHostChar(c)) return std::nullopt;
    }
    // No empty labels: "a..b" is no host, and "host." would slip past blocks on "host".
    if (url.host.front() == '.' || url.host.back() == '.' ||
        url.host.find("..") != std::string::npos) {
      return std::nullopt;
    }
  }
  if (url.host.empty()) return std::nullopt;
  url.port = DefaultPort(url.scheme);
  if (!port_text.empty()) {
    int port = 0;
    auto [p, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (ec != std::errc() || p != port_text.data() + port_text.size() || port < 1 || port > 65535) {
      return std::nullopt;
    }
    url.port = port;
  }
  size_t hash = rest.find('#');
  if (hash != std::string_view::npos) {
    url.fragment = std::string(rest.substr(hash + 1));
    rest = rest.substr(0, hash);
  }
  size_t q = rest.find('?');
  if (q != std::string_view::npos) {
    url.query = std::string(rest.substr(q + 1));
    rest = rest.substr(0, q);
  }
  url.path = rest.empty() ? "/" : std::string(rest);
  return url;
}

bool SameOrigin(std::string_view a, std::string_view b) {
  auto ua = ParseUrl(a);
  auto ub = ParseUrl(b);
  return ua && ub && ua->scheme == ub->scheme && ua->host == ub->host && ua->port == ub->port;
}

std::string HostOf(std::string_view url) {
  auto u = ParseUrl(url);
  return u ? u->host : std::string();
}

std::string AuthorityOf(std::string_view url) {
  auto u = ParseUrl(url);
  return u ? u->Authority() : std::string();
}

std::string PercentEncode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::optional<std::string> PercentDecode(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '%') {
      if (i + 2 >= s.size()) return std::nullopt;
      int hi = HexValue(s[i + 1]), lo = HexValue(s[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::optional<std::string> QueryParam(std::string_view query, std::string_view key) {
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    size_t eq = pair.find('=');
    auto name = PercentDecode(pair.substr(0, eq), true);
    if (!name || *name != key) continue;
    if (eq == std::string_view::npos) return std::string();
    return PercentDecode(pair.substr(eq + 1), true);
  }
  return std::nullopt;
}

}  // namespace cornerstore
