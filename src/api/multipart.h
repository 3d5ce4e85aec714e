// A multipart/form-data reader (RFC 7578), enough for the text fields and file parts Mastodon
// apps send with profile edits (Tusky sends every profile edit this way).
//
// Pure function over the body already bounded by the server's size limit; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "src/common/result.h"

namespace cornerstore::api {

struct MultipartPart {
  std::string name;
  std::string filename;  // empty for a text field
  bool is_file = false;  // a filename was given (even an empty one)
  std::string content;
};

// The boundary parameter of a multipart Content-Type, or "" if there is none.
std::string MultipartBoundary(std::string_view content_type);
// The parts of `body`; kInvalidInput when it is not a well-formed multipart body.
Result<std::vector<MultipartPart>> ParseMultipart(std::string_view body, std::string_view boundary);

}  // namespace cornerstore::api
