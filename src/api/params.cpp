#include "src/api/params.h"

#include "src/api/multipart.h"
#include "src/common/json.h"
#include "src/common/url.h"

namespace cornerstore::api {
namespace {

bool MediaTypeIs(std::string_view content_type, std::string_view type) {
  std::string_view base = content_type.substr(0, content_type.find(';'));
  while (!base.empty() && base.back() == ' ') base.remove_suffix(1);
  return EqualsIgnoreCase(base, type);
}

std::string Scalar(const json::Value& value) {
  switch (value.type()) {
    case json::Type::kBool:
      return value.AsBool() ? "true" : "false";
    case json::Type::kInt:
      return std::to_string(value.AsInt());
    case json::Type::kDouble:
      return std::to_string(value.AsDouble());
    case json::Type::kString:
      return value.AsString();
    default:
      return {};
  }
}

// Adds `value` under `name` in bracket notation; nulls are skipped (Mastodon apps send
// `"in_reply_to_id": null` for "none").
Status Flatten(const std::string& name, const json::Value& value, Params& out) {
  if (value.is_null()) return OkStatus();
  if (value.is_object()) {
    for (const auto& [key, member] : value.AsObject()) {
      CS_RETURN_IF_ERROR(Flatten(name.empty() ? key : name + "[" + key + "]", member, out));
    }
    return OkStatus();
  }
  if (value.is_array()) {
    const json::Array& items = value.AsArray();
    for (size_t i = 0; i < items.size(); ++i) {
      // Arrays of objects keep their index (fields_attributes[0][name]); arrays of scalars are
      // plain Rails arrays (ids[]).
      const std::string item_name =
          items[i].is_object() ? name + "[" + std::to_string(i) + "]" : name + "[]";
      CS_RETURN_IF_ERROR(Flatten(item_name, items[i], out));
    }
    return OkStatus();
  }
  return out.Add(name, Scalar(value));
}

}  // namespace

Status Params::Add(std::string name, std::string value) {
  if (entries_.size() >= kMaxParams) {
    return MakeError(ErrorCode::kInvalidInput, "Too many parameters");
  }
  entries_.emplace_back(std::move(name), std::move(value));
  return OkStatus();
}

Status Params::AddQuery(std::string_view query) {
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    auto name = PercentDecode(pair.substr(0, eq), /*plus_is_space=*/true);
    auto value = PercentDecode(eq == std::string_view::npos ? "" : pair.substr(eq + 1), true);
    if (!name || !value) {
      return MakeError(ErrorCode::kInvalidInput, "Malformed percent-encoding in parameters");
    }
    if (name->empty()) continue;
    CS_RETURN_IF_ERROR(Add(std::move(*name), std::move(*value)));
  }
  return OkStatus();
}

Status Params::AddJson(std::string_view body) {
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) return OkStatus();
  json::ParseLimits limits;
  limits.max_depth = kMaxParamsJsonDepth;
  limits.max_values = kMaxParams * 4;
  auto parsed = json::Parse(body, limits);
  if (!parsed.ok()) {
    return MakeError(ErrorCode::kInvalidInput, "Malformed JSON body: " + parsed.error().message);
  }
  if (!parsed->is_object())
    return MakeError(ErrorCode::kInvalidInput, "JSON body must be an object");
  return Flatten("", *parsed, *this);
}

Result<Params> Params::FromQuery(std::string_view query) {
  Params params;
  CS_RETURN_IF_ERROR(params.AddQuery(query));
  return params;
}

Result<Params> Params::FromRequest(const HttpRequest& request) {
  Params params;
  CS_RETURN_IF_ERROR(params.AddQuery(request.Query()));
  if (request.body.empty()) return params;
  std::string_view type = request.headers.Get("Content-Type").value_or("");
  if (MediaTypeIs(type, "application/json")) {
    CS_RETURN_IF_ERROR(params.AddJson(request.body));
  } else if (MediaTypeIs(type, "application/x-www-form-urlencoded")) {
    CS_RETURN_IF_ERROR(params.AddQuery(request.body));
  } else if (MediaTypeIs(type, "multipart/form-data")) {
    CS_ASSIGN_OR_RETURN(auto parts, ParseMultipart(request.body, MultipartBoundary(type)));
    for (MultipartPart& part : parts) {
      if (part.is_file) {
        params.AddFile(std::move(part.name));
      } else {
        CS_RETURN_IF_ERROR(params.Add(std::move(part.name), std::move(part.content)));
      }
    }
  }
  return params;
}

std::optional<std::string> Params::Get(std::string_view name) const {
  for (auto it = entries_.rbegin(); it != entries_.rend(); ++it) {
    if (it->first == name) return it->second;
  }
  return std::nullopt;
}

std::vector<std::string> Params::GetAll(std::string_view name) const {
  const std::string array_name = std::string(name) + "[]";
  std::vector<std::string> values;
  for (const auto& [key, value] : entries_) {
    if (key == name || key == array_name) values.push_back(value);
  }
  return values;
}

std::optional<bool> Params::GetBool(std::string_view name) const {
  auto value = Get(name);
  if (!value || value->empty()) return std::nullopt;
  for (std::string_view no : {"0", "f", "false", "off", "no"}) {
    if (EqualsIgnoreCase(*value, no)) return false;
  }
  return true;
}

bool Params::HasFile(std::string_view name) const {
  for (const std::string& file : files_) {
    if (file == name) return true;
  }
  return false;
}

}  // namespace cornerstore::api
