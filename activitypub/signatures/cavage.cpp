#include "activitypub/signatures/cavage.h"

#include <algorithm>

#include "src/common/base64.h"

namespace cornerstore::activitypub {
namespace {

// Digits in a created/expires value: Unix seconds need 10; 15 keeps int64 arithmetic safe.
constexpr size_t kMaxTimestampDigits = 15;

Error Malformed(std::string detail) {
  return MakeError(ErrorCode::kUnauthorized, "malformed Signature header", std::move(detail));
}

Error Unauthorized(std::string message, std::string detail = {}) {
  return MakeError(ErrorCode::kUnauthorized, std::move(message), std::move(detail));
}

bool IsOws(char c) { return c == ' ' || c == '\t'; }

std::string_view TrimOws(std::string_view s) {
  while (!s.empty() && IsOws(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsOws(s.back())) s.remove_suffix(1);
  return s;
}

bool HasControl(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) {
    return (static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7F;
  });
}

// "1402170695" or "1402170699.25" → whole seconds.
std::optional<int64_t> ParseTimestamp(std::string_view s) {
  size_t dot = s.find('.');
  std::string_view whole = s.substr(0, dot);
  if (whole.empty() || whole.size() > kMaxTimestampDigits) return std::nullopt;
  int64_t v = 0;
  for (char c : whole) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  if (dot != std::string_view::npos) {
    std::string_view frac = s.substr(dot + 1);
    if (frac.empty() || frac.size() > kMaxTimestampDigits) return std::nullopt;
    for (char c : frac) {
      if (c < '0' || c > '9') return std::nullopt;
    }
  }
  return v;
}

// The value of one covered header: all lines, trimmed, joined with ", " (§2.3 step 4).
Result<std::string> HeaderValue(const HttpRequest& request, const std::string& name) {
  auto values = request.headers.GetAll(name);
  if (values.empty()) return Unauthorized("signed header missing: " + name);
  std::string out;
  for (size_t i = 0; i < values.size(); ++i) {
    std::string_view v = TrimOws(values[i]);
    if (v.find_first_of("\r\n") != std::string_view::npos) {
      return Unauthorized("signed header has a line break: " + name);
    }
    if (i > 0) out += ", ";
    out += v;
  }
  return out;
}

bool AllowsCreatedExpires(std::string_view algorithm) {
  return algorithm.empty() || algorithm == "hs2019";
}

}  // namespace

bool CavageSignature::Covers(std::string_view name) const {
  return std::find(headers.begin(), headers.end(), name) != headers.end();
}

Result<CavageSignature> ParseCavageSignature(std::string_view value) {
  if (value.size() > kMaxCavageHeaderBytes) return Malformed("too long");
  CavageSignature sig;
  bool seen_key = false, seen_sig = false, seen_alg = false, seen_headers = false;
  bool seen_created = false, seen_expires = false;
  std::string_view signature_b64;
  size_t i = 0;
  while (true) {
    while (i < value.size() && IsOws(value[i])) ++i;
    if (i >= value.size()) break;
    // name
    size_t name_start = i;
    while (i < value.size() && value[i] != '=' && value[i] != ',' && !IsOws(value[i])) ++i;
    std::string name = ToLower(value.substr(name_start, i - name_start));
    while (i < value.size() && IsOws(value[i])) ++i;
    if (name.empty() || i >= value.size() || value[i] != '=') {
      return Malformed("expected name=value at offset " + std::to_string(name_start));
    }
    ++i;
    while (i < value.size() && IsOws(value[i])) ++i;
    // value: quoted, or a bare run up to ',' (created/expires are sent bare)
    std::string_view v;
    if (i < value.size() && value[i] == '"') {
      size_t close = value.find('"', i + 1);
      if (close == std::string_view::npos) return Malformed("unterminated quoted value");
      v = value.substr(i + 1, close - i - 1);
      i = close + 1;
    } else {
      size_t end = value.find(',', i);
      if (end == std::string_view::npos) end = value.size();
      v = TrimOws(value.substr(i, end - i));
      i = end;
    }
    if (HasControl(v)) return Malformed("control character in " + name);
    while (i < value.size() && IsOws(value[i])) ++i;
    if (i < value.size()) {
      if (value[i] != ',') return Malformed("expected ',' after " + name);
      ++i;
    }

    auto once = [&](bool* seen) -> Status {
      if (*seen) return Malformed("repeated parameter " + name);
      *seen = true;
      return OkStatus();
    };
    if (name == "keyid") {
      CS_RETURN_IF_ERROR(once(&seen_key));
      sig.key_id = std::string(v);
    } else if (name == "signature") {
      CS_RETURN_IF_ERROR(once(&seen_sig));
      signature_b64 = v;
    } else if (name == "algorithm") {
      CS_RETURN_IF_ERROR(once(&seen_alg));
      sig.algorithm = ToLower(v);
    } else if (name == "headers") {
      CS_RETURN_IF_ERROR(once(&seen_headers));
      std::string_view rest = v;
      while (!rest.empty()) {
        size_t sp = rest.find(' ');
        std::string_view h = rest.substr(0, sp);
        rest = sp == std::string_view::npos ? std::string_view() : rest.substr(sp + 1);
        if (h.empty()) continue;
        if (sig.headers.size() >= kMaxCavageCoveredHeaders) return Malformed("too many headers");
        sig.headers.push_back(ToLower(h));
      }
      if (sig.headers.empty()) return Malformed("empty headers parameter");
      sig.headers_present = true;
    } else if (name == "created" || name == "expires") {
      bool created = name == "created";
      CS_RETURN_IF_ERROR(once(created ? &seen_created : &seen_expires));
      auto t = ParseTimestamp(v);
      if (!t) return Malformed("invalid " + name);
      (created ? sig.created : sig.expires) = *t;
    }
    // Other parameters are extensions we do not use.
  }
  if (sig.key_id.empty()) return Malformed("keyId missing");
  if (!seen_sig) return Malformed("signature missing");
  auto bytes = Base64Decode(signature_b64);
  if (!bytes || bytes->empty()) return Malformed("signature is not base64");
  sig.signature = std::move(*bytes);
  if (!sig.headers_present) sig.headers = {"date"};  // Mastodon's default (and Appendix C.1)
  return sig;
}

bool HasCavageSignature(const HttpRequest& request) {
  if (request.headers.Has("Signature")) return true;
  auto auth = request.headers.Get("Authorization");
  return auth && auth->size() > 10 && EqualsIgnoreCase(auth->substr(0, 10), "Signature ");
}

Result<CavageSignature> CavageSignatureFromRequest(const HttpRequest& request) {
  auto values = request.headers.GetAll("Signature");
  if (values.size() > 1) return Malformed("more than one Signature header");
  if (values.size() == 1) return ParseCavageSignature(values[0]);
  auto auth = request.headers.Get("Authorization");
  if (auth && auth->size() > 10 && EqualsIgnoreCase(auth->substr(0, 10), "Signature ")) {
    return ParseCavageSignature(auth->substr(10));
  }
  return Unauthorized("request is not signed");
}

Result<std::string> CavageSigningString(const HttpRequest& request, const CavageSignature& sig,
                                        CavageQuery query) {
  std::string out;
  for (size_t i = 0; i < sig.headers.size(); ++i) {
    const std::string& name = sig.headers[i];
    if (i > 0) out += '\n';
    if (name == "(request-target)") {
      out += "(request-target): ";
      out += ToLower(request.method);
      out += ' ';
      out += query == CavageQuery::kInclude ? std::string_view(request.target) : request.Path();
    } else if (name == "(created)" || name == "(expires)") {
      bool created = name == "(created)";
      if (!AllowsCreatedExpires(sig.algorithm)) {
        return Unauthorized(name + " not allowed with " + sig.algorithm);
      }
      const auto& value = created ? sig.created : sig.expires;
      if (!value) return Unauthorized(name + " signed but its parameter is missing");
      out += name + ": " + std::to_string(*value);
    } else if (!name.empty() && name.front() == '(') {
      return Unauthorized("unknown pseudo-header " + name);
    } else {
      CS_ASSIGN_OR_RETURN(std::string value, HeaderValue(request, name));
      out += name + ": " + value;
    }
  }
  return out;
}

Result<SignatureAlgorithm> CavageAlgorithmForKey(std::string_view algorithm, const EVP_PKEY* key) {
  KeyType type = TypeOfKey(key);
  if (algorithm == "rsa-sha256") {
    if (type != KeyType::kRsa) return Unauthorized("algorithm does not match key", "rsa-sha256");
    return SignatureAlgorithm::kRsaV15Sha256;
  }
  if (algorithm.empty() || algorithm == "hs2019") {
    if (type == KeyType::kRsa) return SignatureAlgorithm::kRsaV15Sha256;
    if (type == KeyType::kEd25519) return SignatureAlgorithm::kEd25519;
    return Unauthorized("algorithm does not match key", "hs2019 with an unsupported key type");
  }
  return Unauthorized("unsupported signature algorithm", std::string(algorithm));
}

Result<CavageQuery> VerifyCavageSignature(const HttpRequest& request, const CavageSignature& sig,
                                          const EVP_PKEY* public_key, bool try_without_query) {
  CS_ASSIGN_OR_RETURN(SignatureAlgorithm algorithm,
                      CavageAlgorithmForKey(sig.algorithm, public_key));
  CS_ASSIGN_OR_RETURN(std::string with_query,
                      CavageSigningString(request, sig, CavageQuery::kInclude));
  Status first = VerifyBytes(algorithm, public_key, with_query, sig.signature);
  if (first.ok()) return CavageQuery::kInclude;
  if (try_without_query && !request.Query().empty() && sig.Covers("(request-target)")) {
    CS_ASSIGN_OR_RETURN(std::string without,
                        CavageSigningString(request, sig, CavageQuery::kExclude));
    if (VerifyBytes(algorithm, public_key, without, sig.signature).ok()) {
      return CavageQuery::kExclude;
    }
  }
  return first.take_error();
}

Status SignCavage(const HttpRequest& request, const EVP_PKEY* private_key, CavageSignature* sig) {
  auto algorithm = CavageAlgorithmForKey(sig->algorithm, private_key);
  if (!algorithm.ok()) {
    return MakeError(ErrorCode::kInvalidInput, "cannot sign with this key and algorithm",
                     algorithm.error().ToLogString());
  }
  auto text = CavageSigningString(request, *sig, CavageQuery::kInclude);
  if (!text.ok()) {
    return MakeError(ErrorCode::kInvalidInput, "cannot build the signing string",
                     text.error().ToLogString());
  }
  CS_ASSIGN_OR_RETURN(sig->signature, SignBytes(*algorithm, private_key, *text));
  return OkStatus();
}

Result<std::string> FormatCavageSignature(const CavageSignature& sig) {
  auto bad = [](std::string_view s) {
    return s.find('"') != std::string_view::npos || HasControl(s);
  };
  if (sig.key_id.empty() || bad(sig.key_id) || bad(sig.algorithm)) {
    return MakeError(ErrorCode::kInvalidInput, "keyId or algorithm cannot be sent");
  }
  std::string out = "keyId=\"" + sig.key_id + "\"";
  if (!sig.algorithm.empty()) out += ",algorithm=\"" + sig.algorithm + "\"";
  if (sig.created) out += ",created=" + std::to_string(*sig.created);
  if (sig.expires) out += ",expires=" + std::to_string(*sig.expires);
  out += ",headers=\"";
  for (size_t i = 0; i < sig.headers.size(); ++i) {
    if (sig.headers[i].find_first_of("\" ") != std::string::npos) {
      return MakeError(ErrorCode::kInvalidInput, "header name cannot be sent");
    }
    if (i > 0) out += ' ';
    out += sig.headers[i];
  }
  out += "\",signature=\"" + Base64Encode(sig.signature) + "\"";
  return out;
}

}  // namespace cornerstore::activitypub
