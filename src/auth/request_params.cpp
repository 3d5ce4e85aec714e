#include "src/auth/request_params.h"

#include "src/common/json.h"
#include "src/common/url.h"

namespace cornerstore::auth {
namespace {

// A JSON body of an OAuth request is small and flat.
constexpr size_t kMaxJsonBytes = 64 * 1024;
constexpr int kMaxJsonDepth = 4;

Error Invalid(std::string message) {
  return MakeError(ErrorCode::kInvalidInput, std::move(message));
}

std::string_view MediaType(std::string_view content_type) {
  std::string_view type = content_type.substr(0, content_type.find(';'));
  while (!type.empty() && type.back() == ' ') type.remove_suffix(1);
  return type;
}

}  // namespace

Status RequestParams::Add(std::string key, std::string value) {
  if (++count_ > kMaxParams) return Invalid("too many parameters");
  if (key.size() > kMaxParamBytes || value.size() > kMaxParamBytes) {
    return Invalid("a parameter is too long");
  }
  // Rails-style "redirect_uris[]" names the same list as "redirect_uris".
  if (key.size() > 2 && key.ends_with("[]")) key.resize(key.size() - 2);
  values_[std::move(key)].push_back(std::move(value));
  return OkStatus();
}

Status RequestParams::AddForm(std::string_view form) {
  size_t i = 0;
  while (i < form.size()) {
    size_t end = form.find('&', i);
    if (end == std::string_view::npos) end = form.size();
    std::string_view pair = form.substr(i, end - i);
    i = end + 1;
    if (pair.empty()) continue;
    const size_t eq = pair.find('=');
    auto key = PercentDecode(pair.substr(0, eq), true);
    auto value = PercentDecode(eq == std::string_view::npos ? "" : pair.substr(eq + 1), true);
    if (!key || !value) return Invalid("malformed form encoding");
    CS_RETURN_IF_ERROR(Add(std::move(*key), std::move(*value)));
  }
  return OkStatus();
}

Status RequestParams::AddJson(std::string_view body) {
  json::ParseLimits limits;
  limits.max_bytes = kMaxJsonBytes;
  limits.max_depth = kMaxJsonDepth;
  auto doc = json::Parse(body, limits);
  if (!doc.ok()) return Invalid("malformed JSON body");
  if (!doc->is_object()) return Invalid("the JSON body must be an object");
  for (const auto& [key, value] : doc->AsObject()) {
    if (value.is_string()) {
      CS_RETURN_IF_ERROR(Add(key, value.AsString()));
    } else if (value.is_array()) {
      for (const auto& item : value.AsArray()) {
        if (!item.is_string()) return Invalid("'" + key + "' must hold strings");
        CS_RETURN_IF_ERROR(Add(key, item.AsString()));
      }
    } else if (value.is_int() || value.is_bool()) {
      CS_RETURN_IF_ERROR(Add(key, value.is_int() ? std::to_string(value.AsInt())
                                                 : (value.AsBool() ? "true" : "false")));
    } else if (!value.is_null()) {
      return Invalid("'" + key + "' has an unsupported type");
    }
  }
  return OkStatus();
}

Result<RequestParams> RequestParams::FromForm(std::string_view form) {
  RequestParams params;
  CS_RETURN_IF_ERROR(params.AddForm(form));
  return params;
}

Result<RequestParams> RequestParams::FromRequest(const HttpRequest& request) {
  RequestParams params;
  CS_RETURN_IF_ERROR(params.AddForm(request.Query()));
  if (request.body.empty()) return params;
  const std::string type = ToLower(MediaType(request.headers.Get("Content-Type").value_or("")));
  if (type == "application/x-www-form-urlencoded") {
    CS_RETURN_IF_ERROR(params.AddForm(request.body));
  } else if (type == "application/json") {
    CS_RETURN_IF_ERROR(params.AddJson(request.body));
  } else {
    return MakeError(ErrorCode::kUnsupportedType,
                     "send the parameters as application/x-www-form-urlencoded or JSON");
  }
  return params;
}

std::string RequestParams::Get(std::string_view key) const {
  auto it = values_.find(key);
  if (it == values_.end() || it->second.empty()) return "";
  return it->second.front();
}

std::vector<std::string> RequestParams::GetAll(std::string_view key) const {
  auto it = values_.find(key);
  if (it == values_.end()) return {};
  return it->second;
}

}  // namespace cornerstore::auth
