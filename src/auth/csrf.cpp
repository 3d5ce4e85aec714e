#include "src/auth/csrf.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <charconv>

#include "src/auth/tokens.h"

namespace cornerstore::auth {
namespace {

// The bytes of a random token (any 32 unpredictable bytes make a key).
std::string RandomKey() { return RandomToken(); }

}  // namespace

CsrfGuard::CsrfGuard(const Clock& clock) : clock_(clock), key_(RandomKey()) {}

std::string CsrfGuard::Mac(std::string_view cookie_value, int64_t expires) const {
  const std::string message = std::string(cookie_value) + "." + std::to_string(expires);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key_.data(), static_cast<int>(key_.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac, &length);
  return Base64UrlEncode(std::string_view(reinterpret_cast<char*>(mac), length));
}

CsrfPair CsrfGuard::Issue() const {
  CsrfPair pair;
  pair.cookie_value = RandomToken();
  const int64_t expires = clock_.NowUnix() + kCsrfLifetimeSeconds;
  pair.form_token = std::to_string(expires) + "." + Mac(pair.cookie_value, expires);
  return pair;
}

bool CsrfGuard::Check(std::string_view cookie_value, std::string_view form_token) const {
  if (cookie_value.empty() || form_token.empty()) return false;
  const size_t dot = form_token.find('.');
  if (dot == std::string_view::npos) return false;
  int64_t expires = 0;
  auto [end, ec] = std::from_chars(form_token.data(), form_token.data() + dot, expires);
  if (ec != std::errc() || end != form_token.data() + dot) return false;
  if (clock_.NowUnix() >= expires) return false;
  return SecretEquals(Mac(cookie_value, expires), form_token.substr(dot + 1));
}

std::string CookieValue(std::string_view header, std::string_view name) {
  size_t i = 0;
  while (i < header.size()) {
    size_t end = header.find(';', i);
    if (end == std::string_view::npos) end = header.size();
    std::string_view pair = header.substr(i, end - i);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    const size_t eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == name) {
      return std::string(pair.substr(eq + 1));
    }
    i = end + 1;
  }
  return "";
}

}  // namespace cornerstore::auth
