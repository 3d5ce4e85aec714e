// Base64 (RFC 4648 §4, the standard alphabet with '+' and '/'): encoding and strict or lenient
// decoding. Used by HTTP signatures, digests and structured-field byte sequences.
//
// Pure functions over byte strings (std::string holds arbitrary bytes); no shared state, safe
// from any thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace cornerstore {

// Padded standard base64 of `bytes`.
std::string Base64Encode(std::string_view bytes);

enum class Base64Mode {
  // Padding required, length a multiple of 4, unused trailing bits zero: exactly one text per
  // byte string, so a value cannot be varied without changing what it decodes to.
  kStrict,
  // Padding optional and non-zero trailing bits ignored, as RFC 8941 §4.2.7 asks of structured
  // field parsers. The alphabet and the placement of '=' are still checked.
  kLenient,
};

// Decodes `text`; nullopt on any character outside the alphabet (whitespace included), misplaced
// padding, or an impossible length.
std::optional<std::string> Base64Decode(std::string_view text,
                                        Base64Mode mode = Base64Mode::kStrict);

}  // namespace cornerstore
