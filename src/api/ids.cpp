#include "src/api/ids.h"

#include <charconv>

#include "src/common/base64.h"

namespace cornerstore::api {
namespace {

std::string ToBase64Url(std::string_view bytes) {
  std::string text = Base64Encode(bytes);
  while (!text.empty() && text.back() == '=') text.pop_back();
  for (char& c : text) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  return text;
}

std::optional<std::string> FromBase64Url(std::string_view text) {
  std::string standard(text);
  for (char& c : standard) {
    if (c == '-') {
      c = '+';
    } else if (c == '_') {
      c = '/';
    } else if (c == '+' || c == '/' || c == '=') {
      return std::nullopt;  // only the URL-safe alphabet, unpadded, names an account
    }
  }
  while (standard.size() % 4 != 0) standard.push_back('=');
  return Base64Decode(standard);
}

}  // namespace

std::optional<int64_t> ParsePositiveId(std::string_view text) {
  if (text.empty() || text.size() > 19) return std::nullopt;
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value <= 0) return std::nullopt;
  return value;
}

std::string LocalAccountId(int64_t account_id) { return std::to_string(account_id); }

std::string RemoteAccountId(std::string_view actor_uri) { return "r" + ToBase64Url(actor_uri); }

std::optional<AccountRef> ParseAccountId(std::string_view id) {
  if (auto local = ParsePositiveId(id)) return AccountRef{*local, {}};
  if (id.size() < 2 || id.front() != 'r') return std::nullopt;
  if (id.size() > kMaxActorUriLength * 4 / 3 + 4) return std::nullopt;
  auto uri = FromBase64Url(id.substr(1));
  if (!uri || uri->empty() || uri->size() > kMaxActorUriLength) return std::nullopt;
  if (!uri->starts_with("https://") && !uri->starts_with("http://")) return std::nullopt;
  return AccountRef{0, std::move(*uri)};
}

std::string StatusId(int64_t object_id) { return std::to_string(object_id); }

std::string ReblogId(int64_t object_id, int64_t account_id) {
  return std::to_string(object_id) + "b" + std::to_string(account_id);
}

std::optional<StatusRef> ParseStatusId(std::string_view id) {
  if (auto object = ParsePositiveId(id)) return StatusRef{*object, 0};
  size_t b = id.find('b');
  if (b == std::string_view::npos) return std::nullopt;
  auto object = ParsePositiveId(id.substr(0, b));
  auto account = ParsePositiveId(id.substr(b + 1));
  if (!object || !account) return std::nullopt;
  return StatusRef{*object, *account};
}

}  // namespace cornerstore::api
