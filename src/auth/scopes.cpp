// Scope parsing and the grant rules of Mastodon's OAuth scopes (principal.h).
#include <algorithm>
#include <array>

#include "src/auth/principal.h"

namespace cornerstore::auth {
namespace {

constexpr std::array<std::string_view, 7> kTopLevel = {
    "read", "write", "follow", "push", "admin:read", "admin:write", "profile"};
constexpr std::array<std::string_view, 29> kSubScopes = {
    "read:accounts", "read:blocks", "read:bookmarks", "read:favourites", "read:filters",
    "read:follows", "read:lists", "read:mutes", "read:notifications", "read:search",
    "read:statuses", "write:accounts", "write:blocks", "write:bookmarks", "write:conversations",
    "write:favourites", "write:filters", "write:follows", "write:lists", "write:media",
    "write:mutes", "write:notifications", "write:reports", "write:statuses",
    // Mastodon's admin sub-scopes are many; we accept the two families only through their
    // parents, but keep the report scopes clients commonly ask for.
    "admin:read:reports", "admin:write:reports", "admin:read:accounts", "admin:write:accounts",
    "admin:read:domain_blocks"};
// The legacy "follow" scope grants exactly these (Mastodon doc "OAuth Scopes", follow).
constexpr std::array<std::string_view, 6> kFollowGrants = {
    "read:blocks", "write:blocks", "read:follows", "write:follows", "read:mutes", "write:mutes"};

bool Contains(const auto& list, std::string_view item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '+'; }

}  // namespace

std::vector<std::string> ParseScopes(std::string_view text) {
  std::vector<std::string> scopes;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && IsSpace(text[i])) ++i;
    size_t start = i;
    while (i < text.size() && !IsSpace(text[i])) ++i;
    if (i > start) {
      std::string scope(text.substr(start, i - start));
      if (!Contains(scopes, scope)) scopes.push_back(std::move(scope));
    }
  }
  return scopes;
}

std::string JoinScopes(const std::vector<std::string>& scopes) {
  std::string out;
  for (const auto& s : scopes) {
    if (!out.empty()) out += ' ';
    out += s;
  }
  return out;
}

bool IsKnownScope(std::string_view scope) {
  return Contains(kTopLevel, scope) || Contains(kSubScopes, scope);
}

bool Grants(const std::vector<std::string>& granted, std::string_view required) {
  for (const auto& g : granted) {
    if (g == required) return true;
    // "write" ⊇ "write:statuses"; "admin:read" ⊇ "admin:read:reports". "push" and "profile"
    // have no children.
    if (required.size() > g.size() && required.substr(0, g.size()) == g &&
        required[g.size()] == ':' && g != "push" && g != "profile") {
      return true;
    }
    if (g == "follow" && Contains(kFollowGrants, required)) return true;
  }
  return false;
}

bool GrantsAll(const std::vector<std::string>& allowed, const std::vector<std::string>& requested) {
  return std::all_of(requested.begin(), requested.end(),
                     [&](const std::string& r) { return Grants(allowed, r); });
}

const std::vector<std::string>& SupportedScopes() {
  static const std::vector<std::string> all = [] {
    std::vector<std::string> v(kTopLevel.begin(), kTopLevel.end());
    v.insert(v.end(), kSubScopes.begin(), kSubScopes.end());
    return v;
  }();
  return all;
}

}  // namespace cornerstore::auth
