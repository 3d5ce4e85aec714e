#include "src/api/multipart.h"

#include "src/common/http_message.h"

namespace cornerstore::api {
namespace {

// Parts one body may hold: a profile edit has a dozen; more is not a client.
constexpr size_t kMaxParts = 200;
// Longest boundary RFC 2046 allows.
constexpr size_t kMaxBoundaryLength = 70;

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

// The value of `key` (name, filename) in a Content-Disposition header; `found` says whether it
// was present at all.
std::string DispositionParam(std::string_view header, std::string_view key, bool* found) {
  *found = false;
  size_t pos = 0;
  while ((pos = header.find(';', pos)) != std::string_view::npos) {
    ++pos;
    std::string_view rest = Trim(header.substr(pos));
    if (rest.size() <= key.size() || !EqualsIgnoreCase(rest.substr(0, key.size()), key) ||
        rest[key.size()] != '=') {
      continue;
    }
    *found = true;
    std::string_view value = rest.substr(key.size() + 1);
    if (!value.empty() && value.front() == '"') {
      value.remove_prefix(1);
      size_t end = value.find('"');
      return std::string(value.substr(0, end));
    }
    size_t end = value.find(';');
    return std::string(Trim(value.substr(0, end)));
  }
  return {};
}

}  // namespace

std::string MultipartBoundary(std::string_view content_type) {
  bool found = false;
  std::string boundary = DispositionParam(content_type, "boundary", &found);
  if (boundary.size() > kMaxBoundaryLength) return {};
  return boundary;
}

Result<std::vector<MultipartPart>> ParseMultipart(std::string_view body,
                                                  std::string_view boundary) {
  auto invalid = [] { return MakeError(ErrorCode::kInvalidInput, "Malformed multipart body"); };
  if (boundary.empty()) return invalid();
  const std::string delimiter = "--" + std::string(boundary);
  size_t pos = body.find(delimiter);
  if (pos == std::string_view::npos) return invalid();
  std::vector<MultipartPart> parts;
  while (true) {
    pos += delimiter.size();
    if (body.substr(pos, 2) == "--") return parts;  // the closing delimiter
    if (body.substr(pos, 2) != "\r\n") return invalid();
    pos += 2;
    size_t headers_end = body.find("\r\n\r\n", pos);
    if (headers_end == std::string_view::npos) return invalid();
    std::string_view headers = body.substr(pos, headers_end - pos);
    size_t content_start = headers_end + 4;
    size_t next = body.find("\r\n" + delimiter, content_start);
    if (next == std::string_view::npos) return invalid();
    if (parts.size() >= kMaxParts) {
      return MakeError(ErrorCode::kInvalidInput, "Too many parameters");
    }
    MultipartPart part;
    bool has_name = false;
    size_t line_start = 0;
    while (line_start <= headers.size()) {
      size_t line_end = headers.find("\r\n", line_start);
      if (line_end == std::string_view::npos) line_end = headers.size();
      std::string_view line = headers.substr(line_start, line_end - line_start);
      size_t colon = line.find(':');
      if (colon != std::string_view::npos &&
          EqualsIgnoreCase(Trim(line.substr(0, colon)), "Content-Disposition")) {
        std::string_view value = line.substr(colon + 1);
        part.name = DispositionParam(value, "name", &has_name);
        part.filename = DispositionParam(value, "filename", &part.is_file);
      }
      line_start = line_end + 2;
    }
    if (!has_name) return invalid();
    part.content = std::string(body.substr(content_start, next - content_start));
    parts.push_back(std::move(part));
    pos = next + 2;
  }
}

}  // namespace cornerstore::api
