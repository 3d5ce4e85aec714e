// JSON text encodings of an Account's list fields (profile fields, alsoKnownAs), as the
// accounts table stores them in fields_json and also_known_as_json.
//
// Pure functions over values; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "src/common/result.h"
#include "store/store.h"

namespace cornerstore::store {

// [{"name":"…","value":"…"}, …]
std::string ProfileFieldsToJson(const std::vector<ProfileField>& fields);
Result<std::vector<ProfileField>> ProfileFieldsFromJson(std::string_view text);

// ["…", …]
std::string StringListToJson(const std::vector<std::string>& values);
Result<std::vector<std::string>> StringListFromJson(std::string_view text);

}  // namespace cornerstore::store
