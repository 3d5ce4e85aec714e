#include "webfinger/resource.h"

#include "src/common/http_message.h"
#include "src/common/url.h"

namespace cornerstore::webfinger {
namespace {

// Longest resource we look at: handles are short; anything longer is noise or an attack.
constexpr size_t kMaxResourceBytes = 512;

bool ValidUsernameChars(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '.' || c == '-';
    if (!ok) return false;
  }
  return true;
}

Error Invalid(std::string message) {
  return MakeError(ErrorCode::kInvalidInput, std::move(message));
}

}  // namespace

Result<ResourceQuery> ParseResource(std::string_view resource) {
  if (resource.empty()) return Invalid("missing resource parameter");
  if (resource.size() > kMaxResourceBytes) return Invalid("resource too long");

  if (resource.starts_with("http://") || resource.starts_with("https://")) {
    auto url = ParseUrl(resource);
    if (!url) return Invalid("resource is not a valid URL");
    std::string_view path = url->path;
    std::string_view name;
    if (path.starts_with("/users/")) {
      name = path.substr(7);
    } else if (path.starts_with("/@")) {
      name = path.substr(2);
    } else {
      return Invalid("resource URL does not name an account");
    }
    if (!name.empty() && name.back() == '/') name.remove_suffix(1);
    if (!ValidUsernameChars(name)) return Invalid("resource URL does not name an account");
    return ResourceQuery{std::string(name), url->Authority(), true};
  }

  std::string_view handle = resource;
  if (handle.size() >= 5 && EqualsIgnoreCase(handle.substr(0, 5), "acct:")) handle.remove_prefix(5);
  if (!handle.empty() && handle.front() == '@') handle.remove_prefix(1);
  size_t at = handle.rfind('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == handle.size()) {
    return Invalid("resource must look like acct:user@domain");
  }
  std::string_view user = handle.substr(0, at);
  std::string_view host = handle.substr(at + 1);
  if (!ValidUsernameChars(user)) return Invalid("resource has an invalid user name");
  // Reuse the URL parser to validate the host (and an optional port).
  auto url = ParseUrl(std::string("https://") + std::string(host) + "/");
  if (!url || url->path != "/" || !url->query.empty())
    return Invalid("resource has an invalid domain");
  return ResourceQuery{std::string(user), url->Authority(), false};
}

}  // namespace cornerstore::webfinger
