#include "activitypub/signatures/rfc9421.h"

#include <algorithm>

#include "src/common/base64.h"
#include "src/common/url.h"

namespace cornerstore::activitypub {
namespace {

// Fields whose structured type we know, for the `sf` and `key` parameters (§2.1.1, §2.1.2).
enum class SfType { kItem, kList, kDictionary };
struct KnownSfField {
  std::string_view name;
  SfType type;
};
constexpr KnownSfField kKnownSfFields[] = {
    {"signature-input", SfType::kDictionary},
    {"signature", SfType::kDictionary},
    {"accept-signature", SfType::kDictionary},
    {"content-digest", SfType::kDictionary},
    {"repr-digest", SfType::kDictionary},
    {"want-content-digest", SfType::kDictionary},
    {"want-repr-digest", SfType::kDictionary},
    {"priority", SfType::kDictionary},
    {"cache-status", SfType::kList},
    {"proxy-status", SfType::kList},
    {"client-cert", SfType::kItem},
    {"client-cert-chain", SfType::kList},
    {"example-dict", SfType::kDictionary},  // RFC 9421 §2.1.2 examples
};

Error Unauthorized(std::string message, std::string detail = {}) {
  return MakeError(ErrorCode::kUnauthorized, std::move(message), std::move(detail));
}

sf::SfLimits StrictLimits() {
  sf::SfLimits limits;
  limits.allow_duplicate_keys = false;  // one meaning per label and parameter
  return limits;
}

std::string_view TrimOws(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string JoinLines(const std::vector<std::string_view>& lines) {
  std::string out;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (i > 0) out += ", ";
    out += lines[i];
  }
  return out;
}

bool IsHeaderNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
         c == '!' || c == '#' || c == '$' || c == '%' || c == '&' || c == '\'' || c == '*' ||
         c == '+' || c == '^' || c == '`' || c == '|' || c == '~';
}

// application/x-www-form-urlencoded percent-encode set, re-encoded with %20 for space
// (RFC 9421 §2.2.8).
std::string QueryParamEncode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '*' ||
        c == '-' || c == '.' || c == '_') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

// Lower-cased Host with the scheme's default port removed (RFC 9110 §4.2.3).
Result<std::string> NormalizedAuthority(const HttpRequest& request) {
  auto hosts = request.headers.GetAll("Host");
  if (hosts.size() != 1) return Unauthorized("header missing: host");
  std::string authority = ToLower(TrimOws(hosts[0]));
  if (authority.empty()) return Unauthorized("header missing: host");
  std::string scheme = ToLower(request.scheme);
  std::string_view suffix = scheme == "https" ? ":443" : scheme == "http" ? ":80" : "";
  if (!suffix.empty() && authority.size() > suffix.size() &&
      authority.compare(authority.size() - suffix.size(), suffix.size(), suffix) == 0) {
    authority.resize(authority.size() - suffix.size());
  }
  return authority;
}

// Checks the component's parameters against what its kind allows.
Status CheckParams(const sf::Item& component, bool derived) {
  for (const auto& [key, value] : component.params) {
    if (key == "req" || key == "tr") {
      return Unauthorized("unsupported component parameter", key);
    }
    bool known = derived ? key == "name" : key == "sf" || key == "key" || key == "bs";
    if (!known) return Unauthorized("unsupported component parameter", key);
  }
  return OkStatus();
}

Result<std::string> FieldValue(const HttpHeaders& headers, const sf::Item& component) {
  const std::string& name = component.value.text;
  if (name.empty() || !std::all_of(name.begin(), name.end(), IsHeaderNameChar)) {
    return Unauthorized("invalid component name", name);
  }
  CS_RETURN_IF_ERROR(CheckParams(component, /*derived=*/false));
  const sf::BareItem* sf_param = sf::FindParam(component.params, "sf");
  const sf::BareItem* key_param = sf::FindParam(component.params, "key");
  const sf::BareItem* bs_param = sf::FindParam(component.params, "bs");
  auto is_true = [](const sf::BareItem* p) {
    return p != nullptr && p->type == sf::BareItemType::kBoolean && p->boolean;
  };
  if ((sf_param && !is_true(sf_param)) || (bs_param && !is_true(bs_param)) ||
      (key_param && key_param->type != sf::BareItemType::kString)) {
    return Unauthorized("invalid component parameter", name);
  }
  if (bs_param && (sf_param || key_param)) {
    return Unauthorized("bs cannot be combined with sf or key", name);
  }

  auto raw = headers.GetAll(name);
  if (raw.empty()) return Unauthorized("header missing: " + name);
  std::vector<std::string_view> lines;
  for (std::string_view line : raw) {
    line = TrimOws(line);
    if (line.find_first_of("\r\n") != std::string_view::npos || line.find('\0') != line.npos) {
      return Unauthorized("header has a line break: " + name);
    }
    lines.push_back(line);
  }

  if (bs_param) {  // §2.1.3: each line as a byte sequence
    std::string out;
    for (size_t i = 0; i < lines.size(); ++i) {
      if (i > 0) out += ", ";
      out += ":" + Base64Encode(lines[i]) + ":";
    }
    return out;
  }
  std::string joined = JoinLines(lines);
  if (!sf_param && !key_param) return joined;

  const KnownSfField* known = nullptr;
  for (const auto& f : kKnownSfFields) {
    if (f.name == name) known = &f;
  }
  if (key_param) {  // §2.1.2: one member of a dictionary
    if (known && known->type != SfType::kDictionary) {
      return Unauthorized("key used on a field that is not a dictionary", name);
    }
    auto dict = sf::ParseDictionary(joined);
    if (!dict.ok()) return Unauthorized("field is not a dictionary: " + name);
    const sf::Member* member = sf::FindMember(*dict, key_param->text);
    if (!member) return Unauthorized("dictionary key missing: " + name + ";key=" + key_param->text);
    auto out = sf::SerializeMember(*member);
    if (!out.ok()) return Unauthorized("field cannot be serialized: " + name);
    return std::move(*out);
  }
  // §2.1.1: strict serialization of a field of known type
  if (!known) return Unauthorized("sf used on a field of unknown type", name);
  Result<std::string> out = MakeError(ErrorCode::kInternal, "unreachable");
  if (known->type == SfType::kDictionary) {
    auto v = sf::ParseDictionary(joined);
    if (!v.ok()) return Unauthorized("malformed structured field: " + name);
    out = sf::SerializeDictionary(*v);
  } else if (known->type == SfType::kList) {
    auto v = sf::ParseList(joined);
    if (!v.ok()) return Unauthorized("malformed structured field: " + name);
    out = sf::SerializeList(*v);
  } else {
    auto v = sf::ParseItem(joined);
    if (!v.ok()) return Unauthorized("malformed structured field: " + name);
    out = sf::SerializeItem(*v);
  }
  if (!out.ok()) return Unauthorized("field cannot be serialized: " + name);
  return std::move(*out);
}

Result<std::string> QueryParamValue(const HttpRequest& request, const sf::Item& component) {
  const sf::BareItem* name = sf::FindParam(component.params, "name");
  if (!name || name->type != sf::BareItemType::kString) {
    return Unauthorized("@query-param needs a name");
  }
  std::optional<std::string> found;
  std::string_view rest = request.Query();
  while (!rest.empty()) {
    size_t amp = rest.find('&');
    std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    auto key = PercentDecode(pair.substr(0, eq), /*plus_is_space=*/true);
    auto value = PercentDecode(eq == std::string_view::npos ? "" : pair.substr(eq + 1), true);
    if (!key || !value) return Unauthorized("malformed query string");
    if (QueryParamEncode(*key) != name->text) continue;
    // §2.2.8: a repeated parameter is ambiguous; sign @query instead.
    if (found) return Unauthorized("query parameter repeated: " + name->text);
    found = QueryParamEncode(*value);
  }
  if (!found) return Unauthorized("query parameter missing: " + name->text);
  return std::move(*found);
}

Result<std::string> DerivedRequestValue(const HttpRequest& request, const sf::Item& component) {
  const std::string& name = component.value.text;
  CS_RETURN_IF_ERROR(CheckParams(component, /*derived=*/true));
  if (name != "@query-param" && sf::FindParam(component.params, "name")) {
    return Unauthorized("unsupported component parameter", "name on " + name);
  }
  if (name == "@method") return request.method;
  if (name == "@scheme") return ToLower(request.scheme);
  if (name == "@authority") return NormalizedAuthority(request);
  if (name == "@target-uri") {
    CS_ASSIGN_OR_RETURN(std::string authority, NormalizedAuthority(request));
    return ToLower(request.scheme) + "://" + authority + request.target;
  }
  if (name == "@request-target") return request.target;
  if (name == "@path") {
    std::string_view path = request.Path();
    return path.empty() ? std::string("/") : std::string(path);
  }
  if (name == "@query") {
    size_t q = request.target.find('?');
    return q == std::string::npos ? std::string("?") : request.target.substr(q);
  }
  if (name == "@query-param") return QueryParamValue(request, component);
  if (name == "@status") return Unauthorized("@status is only for responses");
  return Unauthorized("unsupported derived component", name);
}

Result<std::string> ValueFor(const HttpRequest* request, const HttpResponse* response,
                             const sf::Item& component) {
  if (component.value.type != sf::BareItemType::kString) {
    return Unauthorized("component identifier is not a string");
  }
  const std::string& name = component.value.text;
  std::string value;
  if (!name.empty() && name[0] == '@') {
    if (name == "@signature-params") return Unauthorized("@signature-params cannot be covered");
    if (request) {
      CS_ASSIGN_OR_RETURN(value, DerivedRequestValue(*request, component));
    } else if (name == "@status") {
      CS_RETURN_IF_ERROR(CheckParams(component, /*derived=*/true));
      if (!component.params.empty()) return Unauthorized("unsupported component parameter");
      if (response->status < 100 || response->status > 999) return Unauthorized("invalid status");
      value = std::to_string(response->status);
    } else {
      return Unauthorized("unsupported derived component for a response", name);
    }
  } else {
    const HttpHeaders& headers = request ? request->headers : response->headers;
    CS_ASSIGN_OR_RETURN(value, FieldValue(headers, component));
  }
  if (value.find_first_of("\r\n") != std::string::npos) {
    return Unauthorized("component value has a line break", name);
  }
  return value;
}

Result<std::string> BaseFor(const HttpRequest* request, const HttpResponse* response,
                            const sf::InnerList& input) {
  std::string base;
  std::vector<std::string> seen;
  for (const sf::Item& component : input.items) {
    auto id = sf::SerializeItem(component);
    if (!id.ok()) return Unauthorized("invalid component identifier");
    if (std::find(seen.begin(), seen.end(), *id) != seen.end()) {
      return Unauthorized("component covered twice", *id);
    }
    CS_ASSIGN_OR_RETURN(std::string value, ValueFor(request, response, component));
    base += *id + ": " + value + "\n";
    seen.push_back(std::move(*id));
  }
  auto params = sf::SerializeInnerList(input);
  if (!params.ok()) return Unauthorized("invalid signature parameters");
  base += "\"@signature-params\": " + *params;
  return base;
}

Status DecodeMetadata(Rfc9421Signature* sig) {
  for (const auto& param : sig->input.params) {
    // Named references, not a structured binding: clang 14 cannot capture bindings in a lambda
    // (P1091 arrived in clang 16).
    const std::string& key = param.first;
    const sf::BareItem& value = param.second;
    auto integer = [&](std::optional<int64_t>* out) -> Status {
      if (value.type != sf::BareItemType::kInteger || value.number < 0) {
        return Unauthorized("malformed Signature-Input header", key + " is not a time");
      }
      *out = value.number;
      return OkStatus();
    };
    auto string = [&](std::string* out) -> Status {
      if (value.type != sf::BareItemType::kString) {
        return Unauthorized("malformed Signature-Input header", key + " is not a string");
      }
      *out = value.text;
      return OkStatus();
    };
    if (key == "created") {
      CS_RETURN_IF_ERROR(integer(&sig->created));
    } else if (key == "expires") {
      CS_RETURN_IF_ERROR(integer(&sig->expires));
    } else if (key == "keyid") {
      CS_RETURN_IF_ERROR(string(&sig->keyid));
    } else if (key == "alg") {
      CS_RETURN_IF_ERROR(string(&sig->alg));
    } else if (key == "nonce") {
      CS_RETURN_IF_ERROR(string(&sig->nonce));
    } else if (key == "tag") {
      CS_RETURN_IF_ERROR(string(&sig->tag));
    }
  }
  for (const sf::Item& c : sig->input.items) {
    if (c.value.type != sf::BareItemType::kString) {
      return Unauthorized("malformed Signature-Input header", "component is not a string");
    }
  }
  return OkStatus();
}

}  // namespace

bool Rfc9421Signature::Covers(std::string_view name) const {
  return std::any_of(input.items.begin(), input.items.end(),
                     [&](const sf::Item& c) { return c.value.text == name; });
}

std::vector<std::string> Rfc9421Signature::CoveredComponents() const {
  std::vector<std::string> out;
  for (const sf::Item& c : input.items) {
    auto s = sf::SerializeItem(c);
    out.push_back(s.ok() ? *s : c.value.text);
  }
  return out;
}

Result<std::vector<Rfc9421Signature>> ParseRfc9421Signatures(const HttpHeaders& headers) {
  auto inputs = sf::ParseDictionary(JoinLines(headers.GetAll("Signature-Input")), StrictLimits());
  if (!inputs.ok()) {
    return Unauthorized("malformed Signature-Input header", inputs.error().detail);
  }
  auto values = sf::ParseDictionary(JoinLines(headers.GetAll("Signature")), StrictLimits());
  if (!values.ok()) return Unauthorized("malformed Signature header", values.error().detail);
  if (inputs->empty()) return Unauthorized("request is not signed");

  std::vector<Rfc9421Signature> out;
  for (auto& [label, member] : *inputs) {
    if (!member.is_inner_list) {
      return Unauthorized("malformed Signature-Input header", label + " is not an inner list");
    }
    const sf::Member* value = sf::FindMember(*values, label);
    if (!value) return Unauthorized("signature label without signature value", label);
    if (value->is_inner_list || value->item.value.type != sf::BareItemType::kByteSequence ||
        value->item.value.text.empty()) {
      return Unauthorized("malformed Signature header", label + " is not a byte sequence");
    }
    Rfc9421Signature sig;
    sig.label = label;
    sig.input = std::move(member.inner_list);
    sig.signature = value->item.value.text;
    CS_RETURN_IF_ERROR(DecodeMetadata(&sig));
    out.push_back(std::move(sig));
  }
  return out;
}

sf::Item ComponentId(std::string name, sf::Parameters params) {
  return sf::Item{sf::BareItem::String(std::move(name)), std::move(params)};
}

Result<std::string> ComponentValue(const HttpRequest& request, const sf::Item& component) {
  return ValueFor(&request, nullptr, component);
}

Result<std::string> ComponentValue(const HttpResponse& response, const sf::Item& component) {
  return ValueFor(nullptr, &response, component);
}

Result<std::string> SignatureBase(const HttpRequest& request, const sf::InnerList& input) {
  return BaseFor(&request, nullptr, input);
}

Result<std::string> SignatureBase(const HttpResponse& response, const sf::InnerList& input) {
  return BaseFor(nullptr, &response, input);
}

Result<SignatureAlgorithm> Rfc9421AlgorithmForKey(const Rfc9421Signature& sig,
                                                  const EVP_PKEY* key) {
  if (!sig.alg.empty()) {
    auto algorithm = AlgorithmFromName(sig.alg);
    if (!algorithm) return Unauthorized("unsupported signature algorithm", sig.alg);
    if (!KeyFitsAlgorithm(*algorithm, key)) {
      return Unauthorized("algorithm does not match key", sig.alg);
    }
    return *algorithm;
  }
  switch (TypeOfKey(key)) {
    case KeyType::kRsa:
      return SignatureAlgorithm::kRsaV15Sha256;
    case KeyType::kRsaPss:
      return SignatureAlgorithm::kRsaPssSha512;
    case KeyType::kEcP256:
      return SignatureAlgorithm::kEcdsaP256Sha256;
    case KeyType::kEd25519:
      return SignatureAlgorithm::kEd25519;
    case KeyType::kHmac:
      return SignatureAlgorithm::kHmacSha256;
    case KeyType::kOther:
      break;
  }
  return Unauthorized("unsupported signature algorithm", "key type");
}

Result<SignatureAlgorithm> VerifyRfc9421Signature(const HttpRequest& request,
                                                  const Rfc9421Signature& sig,
                                                  const EVP_PKEY* key) {
  CS_ASSIGN_OR_RETURN(SignatureAlgorithm algorithm, Rfc9421AlgorithmForKey(sig, key));
  CS_ASSIGN_OR_RETURN(std::string base, SignatureBase(request, sig.input));
  CS_RETURN_IF_ERROR(VerifyBytes(algorithm, key, base, sig.signature));
  return algorithm;
}

Result<SignatureAlgorithm> VerifyRfc9421Signature(const HttpResponse& response,
                                                  const Rfc9421Signature& sig,
                                                  const EVP_PKEY* key) {
  CS_ASSIGN_OR_RETURN(SignatureAlgorithm algorithm, Rfc9421AlgorithmForKey(sig, key));
  CS_ASSIGN_OR_RETURN(std::string base, SignatureBase(response, sig.input));
  CS_RETURN_IF_ERROR(VerifyBytes(algorithm, key, base, sig.signature));
  return algorithm;
}

Status SignRfc9421(HttpRequest* request, std::string_view label, const sf::InnerList& input,
                   SignatureAlgorithm algorithm, const EVP_PKEY* private_key) {
  if (!sf::IsValidKey(label)) return MakeError(ErrorCode::kInvalidInput, "invalid signature label");
  auto existing =
      sf::ParseDictionary(JoinLines(request->headers.GetAll("Signature-Input")), StrictLimits());
  if (!existing.ok()) {
    return MakeError(ErrorCode::kInvalidInput, "existing Signature-Input is malformed");
  }
  if (sf::FindMember(*existing, label)) {
    return MakeError(ErrorCode::kInvalidInput, "signature label already used", std::string(label));
  }
  auto base = SignatureBase(*request, input);
  if (!base.ok()) {
    return MakeError(ErrorCode::kInvalidInput, "cannot build the signature base",
                     base.error().ToLogString());
  }
  CS_ASSIGN_OR_RETURN(std::string signature, SignBytes(algorithm, private_key, *base));
  CS_ASSIGN_OR_RETURN(std::string input_text, sf::SerializeInnerList(input));
  auto append = [&](std::string_view header, std::string member) {
    std::string joined = JoinLines(request->headers.GetAll(header));
    request->headers.Set(std::string(header), joined.empty() ? member : joined + ", " + member);
  };
  append("Signature-Input", std::string(label) + "=" + input_text);
  append("Signature", std::string(label) + "=:" + Base64Encode(signature) + ":");
  return OkStatus();
}

}  // namespace cornerstore::activitypub
