#include "activitypub/signatures/digest.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <optional>

#include "activitypub/signatures/structured_fields.h"
#include "src/common/base64.h"
#include "src/common/http_message.h"

namespace cornerstore::activitypub {
namespace {

// Digest entries considered in one header: real senders send one, rarely two.
constexpr size_t kMaxDigestEntries = 8;

std::string Hash(std::string_view body, DigestAlgorithm algorithm) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  const EVP_MD* md = algorithm == DigestAlgorithm::kSha256 ? EVP_sha256() : EVP_sha512();
  if (EVP_Digest(body.data(), body.size(), out, &len, md, nullptr) != 1) {
    return {};  // only on allocation failure; an empty digest never matches
  }
  return std::string(reinterpret_cast<char*>(out), len);
}

bool SameBytes(std::string_view a, std::string_view b) {
  return a.size() == b.size() && !a.empty() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::optional<DigestAlgorithm> AlgorithmFromName(std::string_view name) {
  if (EqualsIgnoreCase(name, "sha-256")) return DigestAlgorithm::kSha256;
  if (EqualsIgnoreCase(name, "sha-512")) return DigestAlgorithm::kSha512;
  return std::nullopt;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

Error Unauthorized(std::string message, std::string detail = {}) {
  return MakeError(ErrorCode::kUnauthorized, std::move(message), std::move(detail));
}

}  // namespace

std::string ComputeDigestHeader(std::string_view body, DigestAlgorithm algorithm) {
  const char* name = algorithm == DigestAlgorithm::kSha256 ? "SHA-256=" : "SHA-512=";
  return name + Base64Encode(Hash(body, algorithm));
}

std::string ComputeContentDigest(std::string_view body, DigestAlgorithm algorithm) {
  const char* name = algorithm == DigestAlgorithm::kSha256 ? "sha-256=:" : "sha-512=:";
  return name + Base64Encode(Hash(body, algorithm)) + ":";
}

Status VerifyDigestHeader(std::string_view header_value, std::string_view body) {
  size_t checked = 0;
  size_t entries = 0;
  std::string_view rest = header_value;
  while (!rest.empty()) {
    size_t comma = rest.find(',');
    std::string_view entry = Trim(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    if (entry.empty()) continue;
    if (++entries > kMaxDigestEntries) return Unauthorized("malformed Digest header", "too many");
    size_t eq = entry.find('=');
    if (eq == std::string_view::npos || eq == 0) {
      return Unauthorized("malformed Digest header", std::string(entry));
    }
    auto algorithm = AlgorithmFromName(entry.substr(0, eq));
    if (!algorithm) continue;
    auto expected = Base64Decode(entry.substr(eq + 1));
    if (!expected) return Unauthorized("malformed Digest header", "bad base64");
    if (!SameBytes(*expected, Hash(body, *algorithm))) {
      return Unauthorized("digest mismatch", std::string(entry.substr(0, eq)));
    }
    ++checked;
  }
  if (checked == 0) return Unauthorized("unsupported digest algorithm", std::string(header_value));
  return OkStatus();
}

Status VerifyContentDigest(std::string_view header_value, std::string_view body) {
  sf::SfLimits limits;
  limits.max_members = kMaxDigestEntries;
  limits.allow_duplicate_keys = false;
  auto dict = sf::ParseDictionary(header_value, limits);
  if (!dict.ok()) return Unauthorized("malformed Content-Digest header", dict.error().detail);
  size_t checked = 0;
  for (const auto& [key, member] : *dict) {
    auto algorithm = AlgorithmFromName(key);
    if (!algorithm) continue;
    if (member.is_inner_list || member.item.value.type != sf::BareItemType::kByteSequence) {
      return Unauthorized("malformed Content-Digest header", key + " is not a byte sequence");
    }
    if (!SameBytes(member.item.value.text, Hash(body, *algorithm))) {
      return Unauthorized("content digest mismatch", key);
    }
    ++checked;
  }
  if (checked == 0) {
    return Unauthorized("unsupported digest algorithm", std::string(header_value));
  }
  return OkStatus();
}

}  // namespace cornerstore::activitypub
