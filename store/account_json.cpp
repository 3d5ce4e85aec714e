#include "store/account_json.h"

#include "src/common/json.h"

namespace cornerstore::store {
namespace {

Error CorruptRow(std::string_view what) {
  return MakeError(ErrorCode::kInternal, "storage error",
                   "corrupt " + std::string(what) + " JSON in a stored row");
}

}  // namespace

std::string ProfileFieldsToJson(const std::vector<ProfileField>& fields) {
  json::Value array = json::Value::MakeArray();
  for (const ProfileField& field : fields) {
    json::Value item = json::Value::MakeObject();
    item.Set("name", field.name);
    item.Set("value", field.value);
    array.Push(std::move(item));
  }
  return json::Serialize(array);
}

Result<std::vector<ProfileField>> ProfileFieldsFromJson(std::string_view text) {
  // The row was written by us; the default limits only guard against a damaged file.
  Result<json::Value> parsed = json::Parse(text);
  if (!parsed.ok() || !parsed->is_array()) return CorruptRow("fields");
  std::vector<ProfileField> fields;
  for (const json::Value& item : parsed->AsArray()) {
    const std::string* name = item.FindString("name");
    const std::string* value = item.FindString("value");
    if (name == nullptr || value == nullptr) return CorruptRow("fields");
    fields.push_back(ProfileField{*name, *value});
  }
  return fields;
}

std::string StringListToJson(const std::vector<std::string>& values) {
  json::Value array = json::Value::MakeArray();
  for (const std::string& value : values) array.Push(value);
  return json::Serialize(array);
}

Result<std::vector<std::string>> StringListFromJson(std::string_view text) {
  Result<json::Value> parsed = json::Parse(text);
  if (!parsed.ok() || !parsed->is_array()) return CorruptRow("string list");
  std::vector<std::string> values;
  for (const json::Value& item : parsed->AsArray()) {
    if (!item.is_string()) return CorruptRow("string list");
    values.push_back(item.AsString());
  }
  return values;
}

}  // namespace cornerstore::store
