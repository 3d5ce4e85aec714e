// RequestParams: the parameters of an OAuth or API request, from its query string and its body
// (application/x-www-form-urlencoded or application/json), as clients send either.
//
// Values are strings; a JSON array of strings, or a form key repeated or written "key[]", gives
// several values. Bounded: at most kMaxParams parameters of at most kMaxParamBytes each.
// Thread safety: a plain value.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "src/common/http_message.h"
#include "src/common/result.h"

namespace cornerstore::auth {

inline constexpr size_t kMaxParams = 64;            // OAuth requests carry about ten
inline constexpr size_t kMaxParamBytes = 8 * 1024;  // beyond any client name, URI or token

class RequestParams {
 public:
  // Query parameters, then body parameters (a body value of the same name comes after).
  // kInvalidInput for a malformed body, kUnsupportedType for a body of another media type.
  static Result<RequestParams> FromRequest(const HttpRequest& request);
  // Parses one application/x-www-form-urlencoded text.
  static Result<RequestParams> FromForm(std::string_view form);

  // The first value of `key`, or "" when absent.
  std::string Get(std::string_view key) const;
  bool Has(std::string_view key) const { return values_.count(std::string(key)) > 0; }
  std::vector<std::string> GetAll(std::string_view key) const;

 private:
  Status Add(std::string key, std::string value);
  Status AddForm(std::string_view form);
  Status AddJson(std::string_view body);

  std::map<std::string, std::vector<std::string>, std::less<>> values_;
  size_t count_ = 0;
};

}  // namespace cornerstore::auth
