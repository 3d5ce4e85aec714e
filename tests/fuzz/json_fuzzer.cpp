// The JSON reader with the limits every inbound document gets (json::ParseLimits defaults: the
// inbox, actor and key fetches). Invariant: what parses serializes to text that parses again to
// the same value (doubles within rounding: RapidJSON's fast number parser may differ in the
// last bit).
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string_view>

#include "src/common/json.h"
#include "tests/fuzz/fuzz_check.h"

namespace json = cornerstore::json;

namespace {

bool NearlyEqual(const json::Value& a, const json::Value& b) {
  if (a.type() != b.type()) return false;
  switch (a.type()) {
    case json::Type::kDouble: {
      const double x = a.AsDouble(), y = b.AsDouble();
      return x == y || std::fabs(x - y) <= std::fabs(x) * 1e-15;
    }
    case json::Type::kArray: {
      if (a.size() != b.size()) return false;
      for (size_t i = 0; i < a.size(); ++i) {
        if (!NearlyEqual(a.AsArray()[i], b.AsArray()[i])) return false;
      }
      return true;
    }
    case json::Type::kObject: {
      if (a.size() != b.size()) return false;
      for (size_t i = 0; i < a.size(); ++i) {
        if (a.AsObject()[i].first != b.AsObject()[i].first) return false;
        if (!NearlyEqual(a.AsObject()[i].second, b.AsObject()[i].second)) return false;
      }
      return true;
    }
    default:
      return a == b;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = json::Parse(text);
  if (!parsed) return 0;

  const std::string once = json::Serialize(*parsed);
  // The serialization may be longer than the input ("1e5" → "100000.0"): lift the size cap only.
  json::ParseLimits relaxed;
  relaxed.max_bytes = std::numeric_limits<size_t>::max();
  auto again = json::Parse(once, relaxed);
  FUZZ_CHECK(again.ok(), "serialized JSON does not parse");
  FUZZ_CHECK(NearlyEqual(*parsed, *again), "serialize/parse changed the value");
  (void)json::SerializePretty(*parsed);
  return 0;
}
