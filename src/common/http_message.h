// Plain HTTP request and response values, free of any HTTP library's types, so that protocol
// code (signatures, inbox, WebFinger) is pure and testable. The server and the outbound client
// in src/server translate to and from them.
//
// Header names compare case-insensitively; order and repeats are kept as received.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cornerstore {

bool EqualsIgnoreCase(std::string_view a, std::string_view b);
std::string ToLower(std::string_view s);

struct HttpHeaders {
  std::vector<std::pair<std::string, std::string>> entries;

  // The first value of `name`, if present.
  std::optional<std::string_view> Get(std::string_view name) const;
  // All values of `name`, in order.
  std::vector<std::string_view> GetAll(std::string_view name) const;
  bool Has(std::string_view name) const { return Get(name).has_value(); }
  // Replaces every `name` entry with one.
  void Set(std::string name, std::string value);
  void Add(std::string name, std::string value) {
    entries.emplace_back(std::move(name), std::move(value));
  }
  void Remove(std::string_view name);
};

struct HttpRequest {
  std::string method;  // upper case: "GET", "POST"
  std::string target;  // origin-form as on the wire: path plus "?query" if any
  HttpHeaders headers;
  std::string body;
  // Set by the receiving server (not on the wire): the peer's address.
  std::string remote_addr;
  // Scheme and authority the request was addressed to, when known ("https", "shop.example").
  std::string scheme = "https";

  std::string_view Path() const;   // target up to '?'
  std::string_view Query() const;  // after '?', without it; empty if none
};

struct HttpResponse {
  int status = 200;
  HttpHeaders headers;
  std::string body;
};

}  // namespace cornerstore
