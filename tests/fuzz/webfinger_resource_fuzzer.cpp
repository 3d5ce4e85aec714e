// The WebFinger `resource` parameter parser (acct: handles and actor/profile URLs). Invariants:
// an accepted resource names a user of [A-Za-z0-9_.-] (at most 64 characters) and a lower-case,
// non-empty host.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "tests/fuzz/fuzz_check.h"
#include "webfinger/resource.h"

namespace wf = cornerstore::webfinger;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view resource(reinterpret_cast<const char*>(data), size);
  auto query = wf::ParseResource(resource);
  if (!query) return 0;
  FUZZ_CHECK(!query->username.empty() && query->username.size() <= 64, "user name length");
  for (char c : query->username) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '.' || c == '-';
    FUZZ_CHECK(ok, "user name character");
  }
  FUZZ_CHECK(!query->host.empty(), "empty host");
  for (char c : query->host) {
    FUZZ_CHECK(!(c >= 'A' && c <= 'Z'), "host not lower case");
    FUZZ_CHECK(static_cast<unsigned char>(c) > 0x20 && c != '/' && c != '@', "host character");
  }
  return 0;
}
