#include "src/cli/raw_request.h"

#include <string>

namespace cornerstore::cli {
namespace {

std::string_view NextLine(std::string_view* rest) {
  size_t nl = rest->find('\n');
  std::string_view line = rest->substr(0, nl);
  *rest = nl == std::string_view::npos ? std::string_view() : rest->substr(nl + 1);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

Result<HttpRequest> ParseRawRequest(std::string_view text) {
  std::string_view rest = text;
  std::string_view request_line = NextLine(&rest);
  size_t sp1 = request_line.find(' ');
  size_t sp2 = request_line.rfind(' ');
  if (sp1 == std::string_view::npos || sp2 == sp1) {
    return MakeError(ErrorCode::kInvalidInput, "first line must be: METHOD /path HTTP/1.1");
  }
  HttpRequest request;
  request.method = std::string(request_line.substr(0, sp1));
  request.target = std::string(request_line.substr(sp1 + 1, sp2 - sp1 - 1));
  while (true) {
    if (rest.empty()) break;
    std::string_view line = NextLine(&rest);
    if (line.empty()) break;
    size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) {
      return MakeError(ErrorCode::kInvalidInput,
                       "malformed header line: " + std::string(line.substr(0, 80)));
    }
    request.headers.Add(std::string(line.substr(0, colon)),
                        std::string(Trim(line.substr(colon + 1))));
  }
  request.body = std::string(rest);
  return request;
}

}  // namespace cornerstore::cli
