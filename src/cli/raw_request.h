// Parsing a captured HTTP/1.1 request (request line, headers, blank line, body) from a file,
// for `cornerstore verify`. Accepts CRLF or LF line ends. Pure; thread-safe.
#pragma once

#include <string_view>

#include "src/common/http_message.h"
#include "src/common/result.h"

namespace cornerstore::cli {

Result<HttpRequest> ParseRawRequest(std::string_view text);

}  // namespace cornerstore::cli
