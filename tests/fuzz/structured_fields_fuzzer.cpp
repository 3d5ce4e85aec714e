// The RFC 8941 structured-field parsers (items, lists, dictionaries) that read Signature-Input,
// Signature and Content-Digest. Invariants: whatever parses serializes, and the canonical text
// parses back to the same value and serializes to itself.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "activitypub/signatures/structured_fields.h"
#include "tests/fuzz/fuzz_check.h"

namespace sf = cornerstore::activitypub::sf;

namespace {

template <typename Value, typename Parser, typename Serializer>
void RoundTrip(std::string_view text, Parser parse, Serializer serialize, bool strict) {
  sf::SfLimits limits;
  limits.allow_duplicate_keys = !strict;
  auto parsed = parse(text, limits);
  if (!parsed) return;
  auto canonical = serialize(*parsed);
  FUZZ_CHECK(canonical.ok(), "parsed value does not serialize");
  auto again = parse(*canonical, limits);
  FUZZ_CHECK(again.ok(), "canonical text does not parse");
  FUZZ_CHECK(static_cast<const Value&>(*again) == static_cast<const Value&>(*parsed),
             "round trip changed the value");
  auto twice = serialize(*again);
  FUZZ_CHECK(twice.ok() && *twice == *canonical, "canonical text is not stable");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (bool strict : {false, true}) {
    RoundTrip<sf::Item>(
        text, [](std::string_view t, const sf::SfLimits& l) { return sf::ParseItem(t, l); },
        [](const sf::Item& v) { return sf::SerializeItem(v); }, strict);
    RoundTrip<sf::List>(
        text, [](std::string_view t, const sf::SfLimits& l) { return sf::ParseList(t, l); },
        [](const sf::List& v) { return sf::SerializeList(v); }, strict);
    RoundTrip<sf::Dictionary>(
        text, [](std::string_view t, const sf::SfLimits& l) { return sf::ParseDictionary(t, l); },
        [](const sf::Dictionary& v) { return sf::SerializeDictionary(v); }, strict);
  }
  (void)sf::IsValidKey(text);
  (void)sf::IsValidToken(text);
  return 0;
}
