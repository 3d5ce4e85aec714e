// Small UTF-8 and character-class helpers for the content functions (no ICU on purpose).
//
// The classes approximate Unicode's: a "word" code point is a letter, mark, digit or underscore,
// judged by excluding the punctuation, symbol, space and emoji blocks rather than by a full
// property table. Good enough to find where a hashtag or mention ends; not a general library.
// Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace cornerstore::activitypub::content {

inline constexpr char32_t kReplacementChar = 0xFFFD;

// Decodes the code point at `*pos` and advances past it. Invalid or truncated sequences
// (overlong forms, surrogates, values above U+10FFFF) yield U+FFFD and advance one byte.
char32_t DecodeUtf8(std::string_view text, size_t* pos);
void AppendUtf8(std::string& out, char32_t cp);

// Letters, marks, digits and '_' (see the file comment for how this is approximated).
bool IsWordChar(char32_t cp);
// A word character that is not a digit or '_'.
bool IsLetterChar(char32_t cp);
// Lower case for ASCII, Latin-1, Latin Extended-A, Greek, Cyrillic, Armenian and full-width
// Latin; every other code point is returned unchanged.
char32_t ToLowerChar(char32_t cp);
std::string ToLowerUtf8(std::string_view text);

}  // namespace cornerstore::activitypub::content
