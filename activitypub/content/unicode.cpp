#include "activitypub/content/unicode.h"

namespace cornerstore::activitypub::content {
namespace {

bool InRange(char32_t cp, char32_t lo, char32_t hi) { return cp >= lo && cp <= hi; }

bool IsNonAsciiDigit(char32_t cp) {
  return InRange(cp, 0x0660, 0x0669) || InRange(cp, 0x06F0, 0x06F9) ||
         InRange(cp, 0x07C0, 0x07C9) || InRange(cp, 0x0966, 0x096F) ||
         InRange(cp, 0x09E6, 0x09EF) || InRange(cp, 0x0E50, 0x0E59) || InRange(cp, 0xFF10, 0xFF19);
}

// Punctuation scattered through otherwise alphabetic blocks.
bool IsScriptPunctuation(char32_t cp) {
  switch (cp) {
    case 0x037E:
    case 0x0387:
    case 0x0589:
    case 0x05BE:
    case 0x05C0:
    case 0x05C3:
    case 0x060C:
    case 0x060D:
    case 0x061B:
    case 0x061F:
    case 0x066A:
    case 0x066B:
    case 0x066C:
    case 0x066D:
    case 0x06D4:
    case 0x0964:
    case 0x0965:
    case 0x0970:
    case 0x0E4F:
    case 0x0E5A:
    case 0x0E5B:
    case 0x10FB:
    case 0x1680:
      return true;
    default:
      return InRange(cp, 0x055A, 0x055F);
  }
}

}  // namespace

char32_t DecodeUtf8(std::string_view text, size_t* pos) {
  const size_t i = *pos;
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char b0 = byte(i);
  if (b0 < 0x80) {
    *pos = i + 1;
    return b0;
  }
  size_t len = 0;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  char32_t cp = 0;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2, cp = b0 & 0x1F;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3, cp = b0 & 0x0F;
    if (b0 == 0xE0) lo = 0xA0;  // overlong
    if (b0 == 0xED) hi = 0x9F;  // surrogates
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4, cp = b0 & 0x07;
    if (b0 == 0xF0) lo = 0x90;  // overlong
    if (b0 == 0xF4) hi = 0x8F;  // above U+10FFFF
  } else {
    *pos = i + 1;
    return kReplacementChar;
  }
  if (i + len > text.size() || byte(i + 1) < lo || byte(i + 1) > hi) {
    *pos = i + 1;
    return kReplacementChar;
  }
  for (size_t k = 1; k < len; ++k) {
    const unsigned char b = byte(i + k);
    if ((b & 0xC0) != 0x80) {
      *pos = i + 1;
      return kReplacementChar;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  *pos = i + len;
  return cp;
}

void AppendUtf8(std::string& out, char32_t cp) {
  if (cp > 0x10FFFF || InRange(cp, 0xD800, 0xDFFF)) cp = kReplacementChar;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

bool IsWordChar(char32_t cp) {
  if (cp < 0x80) {
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') ||
           cp == '_';
  }
  if (cp < 0xC0) return cp == 0xAA || cp == 0xB5 || cp == 0xBA;  // ª µ º among Latin-1 symbols
  if (cp == 0xD7 || cp == 0xF7) return false;                    // × ÷
  if (IsScriptPunctuation(cp)) return false;
  if (InRange(cp, 0x2000, 0x2BFF)) return false;  // punctuation, symbols, arrows, math, shapes
  if (InRange(cp, 0x2E00, 0x2E7F)) return false;  // supplemental punctuation
  if (InRange(cp, 0x3000, 0x303F)) return InRange(cp, 0x3005, 0x3007);  // CJK punctuation
  if (InRange(cp, 0xD800, 0xF8FF)) return false;                        // surrogates, private use
  if (InRange(cp, 0xFE10, 0xFE6F) || cp == 0xFEFF) return false;        // CJK forms, BOM
  if (InRange(cp, 0xFF00, 0xFF0F) || InRange(cp, 0xFF1A, 0xFF20) || InRange(cp, 0xFF3B, 0xFF40) ||
      InRange(cp, 0xFF5B, 0xFF65)) {
    return false;  // full-width punctuation
  }
  if (InRange(cp, 0xFFF0, 0xFFFF)) return false;     // specials, U+FFFD
  if (InRange(cp, 0x1F000, 0x1FBFF)) return false;   // emoji and pictographs
  if (InRange(cp, 0xE0000, 0x10FFFF)) return false;  // tags, private use planes
  return true;
}

bool IsLetterChar(char32_t cp) {
  return IsWordChar(cp) && !(cp >= '0' && cp <= '9') && cp != '_' && !IsNonAsciiDigit(cp);
}

char32_t ToLowerChar(char32_t cp) {
  if (cp >= 'A' && cp <= 'Z') return cp + 0x20;
  if (cp < 0xC0) return cp;
  if (InRange(cp, 0xC0, 0xDE) && cp != 0xD7) return cp + 0x20;
  if (InRange(cp, 0x100, 0x12F) || InRange(cp, 0x132, 0x137) || InRange(cp, 0x14A, 0x177)) {
    return cp | 1;  // pairs: even upper, odd lower
  }
  if (InRange(cp, 0x139, 0x148) || InRange(cp, 0x179, 0x17E)) {
    return (cp & 1) ? cp + 1 : cp;  // pairs: odd upper, even lower
  }
  if (cp == 0x178) return 0xFF;
  if (InRange(cp, 0x391, 0x3A9) && cp != 0x3A2) return cp + 0x20;
  if (cp == 0x386) return 0x3AC;
  if (InRange(cp, 0x388, 0x38A)) return cp + 0x25;
  if (cp == 0x38C) return 0x3CC;
  if (InRange(cp, 0x38E, 0x38F)) return cp + 0x3F;
  if (InRange(cp, 0x410, 0x42F)) return cp + 0x20;
  if (InRange(cp, 0x400, 0x40F)) return cp + 0x50;
  if (InRange(cp, 0x460, 0x481) || InRange(cp, 0x48A, 0x4BF)) return cp | 1;
  if (InRange(cp, 0x531, 0x556)) return cp + 0x30;
  if (InRange(cp, 0xFF21, 0xFF3A)) return cp + 0x20;
  return cp;
}

std::string ToLowerUtf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) AppendUtf8(out, ToLowerChar(DecodeUtf8(text, &i)));
  return out;
}

}  // namespace cornerstore::activitypub::content
