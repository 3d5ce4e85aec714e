// Params: the parameters of a client API request, wherever the client put them.
//
// Mastodon apps send the same parameters as a query string, a form body
// (application/x-www-form-urlencoded), a JSON body or a multipart/form-data body (profile
// edits), so all four are read into one flat list of (name, value) pairs in Rails' bracket
// notation: JSON `{"ids": ["1","2"]}` becomes `ids[]=1, ids[]=2`, and
// `{"fields_attributes": [{"name": "a"}]}` becomes `fields_attributes[0][name]=a`. Body values
// come after query values, so the body wins where both name the same parameter.
//
// Values only; thread-safe to read.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "src/common/http_message.h"
#include "src/common/result.h"

namespace cornerstore::api {

// Parameters one request may carry: far beyond any real client, bounded so a body of tiny
// pairs cannot cost unbounded work.
inline constexpr size_t kMaxParams = 1000;
// JSON nesting a client API body may use (fields_attributes is the deepest Mastodon has: 3).
inline constexpr int kMaxParamsJsonDepth = 8;

class Params {
 public:
  // The query string plus the body, read by its Content-Type (a body of another type is
  // ignored, as Rails does). kInvalidInput (answered 422) for a malformed body.
  static Result<Params> FromRequest(const HttpRequest& request);
  // `a=1&b=2` (percent-decoded, '+' as space).
  static Result<Params> FromQuery(std::string_view query);

  // The last value given for `name` (so the body wins over the query); nullopt if absent.
  std::optional<std::string> Get(std::string_view name) const;
  // Every value of the array parameter `name`: `name[]=…` and `name=…` entries, in order.
  std::vector<std::string> GetAll(std::string_view name) const;
  // Rails' reading of a boolean: "0", "f", "false", "off", "no" (any case) are false, any other
  // non-empty value is true; nullopt when absent or empty.
  std::optional<bool> GetBool(std::string_view name) const;
  bool Has(std::string_view name) const { return Get(name).has_value(); }
  // True if the request carried a file (multipart part with a filename) named `name`.
  bool HasFile(std::string_view name) const;

  const std::vector<std::pair<std::string, std::string>>& entries() const { return entries_; }

  // Building (parsers and tests). kInvalidInput past kMaxParams.
  Status Add(std::string name, std::string value);
  void AddFile(std::string name) { files_.push_back(std::move(name)); }

 private:
  Status AddQuery(std::string_view query);
  Status AddJson(std::string_view body);

  std::vector<std::pair<std::string, std::string>> entries_;
  std::vector<std::string> files_;
};

}  // namespace cornerstore::api
