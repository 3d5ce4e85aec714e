#include "activitypub/signatures/structured_fields.h"

#include <cstdlib>

#include "src/common/base64.h"

namespace cornerstore::activitypub::sf {
namespace {

// RFC 8941 §3.3.1: integers have at most 15 digits.
constexpr int64_t kMaxInteger = 999'999'999'999'999;
// RFC 8941 §3.3.2: at most 12 digits before the decimal point.
constexpr int64_t kMaxDecimalIntegerPart = 999'999'999'999;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsLcAlpha(char c) { return c >= 'a' && c <= 'z'; }

// RFC 9110 tchar.
bool IsTchar(char c) {
  if (IsAlpha(c) || IsDigit(c)) return true;
  switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '.':
    case '^':
    case '_':
    case '`':
    case '|':
    case '~':
      return true;
    default:
      return false;
  }
}

bool IsBase64Char(char c) { return IsAlpha(c) || IsDigit(c) || c == '+' || c == '/' || c == '='; }

Error Malformed(std::string_view what, size_t pos) {
  return MakeError(ErrorCode::kInvalidInput, "malformed structured field",
                   std::string(what) + " at offset " + std::to_string(pos));
}

// A cursor over the input, with the RFC 8941 parsing algorithms as methods.
class Parser {
 public:
  Parser(std::string_view text, const SfLimits& limits) : s_(text), limits_(limits) {}

  // RFC 8941 §4.2 steps 1–2 and 6–7 around a top-level parse.
  Status Begin() {
    if (s_.size() > limits_.max_field_bytes) {
      return MakeError(ErrorCode::kInvalidInput, "structured field too long",
                       std::to_string(s_.size()) + " bytes");
    }
    while (pos_ < s_.size() && s_[pos_] == ' ') ++pos_;
    return OkStatus();
  }
  Status End() {
    while (pos_ < s_.size() && s_[pos_] == ' ') ++pos_;
    if (pos_ != s_.size()) return Malformed("trailing characters", pos_);
    return OkStatus();
  }

  // §4.2.1
  Result<List> ParseListMembers() {
    List members;
    while (!AtEnd()) {
      CS_ASSIGN_OR_RETURN(Member m, ParseItemOrInnerList());
      if (members.size() >= limits_.max_members) return Malformed("too many list members", pos_);
      members.push_back(std::move(m));
      SkipOws();
      if (AtEnd()) return members;
      if (Peek() != ',') return Malformed("expected ','", pos_);
      ++pos_;
      SkipOws();
      if (AtEnd()) return Malformed("trailing comma", pos_);
    }
    return members;
  }

  // §4.2.2
  Result<Dictionary> ParseDictionaryMembers() {
    Dictionary dict;
    while (!AtEnd()) {
      CS_ASSIGN_OR_RETURN(std::string key, ParseKey());
      Member member;
      if (!AtEnd() && Peek() == '=') {
        ++pos_;
        CS_ASSIGN_OR_RETURN(member, ParseItemOrInnerList());
      } else {
        member.item.value = BareItem::Boolean(true);
        CS_ASSIGN_OR_RETURN(member.item.params, ParseParameters());
      }
      bool replaced = false;
      for (auto& [k, v] : dict) {
        if (k == key) {
          if (!limits_.allow_duplicate_keys) return Malformed("duplicate key '" + key + "'", pos_);
          v = std::move(member);
          replaced = true;
          break;
        }
      }
      if (!replaced) {
        if (dict.size() >= limits_.max_members) {
          return Malformed("too many dictionary members", pos_);
        }
        dict.emplace_back(std::move(key), std::move(member));
      }
      SkipOws();
      if (AtEnd()) return dict;
      if (Peek() != ',') return Malformed("expected ','", pos_);
      ++pos_;
      SkipOws();
      if (AtEnd()) return Malformed("trailing comma", pos_);
    }
    return dict;
  }

  // §4.2.1.1
  Result<Member> ParseItemOrInnerList() {
    Member m;
    if (!AtEnd() && Peek() == '(') {
      m.is_inner_list = true;
      CS_ASSIGN_OR_RETURN(m.inner_list, ParseInnerList());
    } else {
      CS_ASSIGN_OR_RETURN(m.item, ParseItemHere());
    }
    return m;
  }

  // §4.2.1.2
  Result<InnerList> ParseInnerList() {
    ++pos_;  // '('
    InnerList list;
    while (!AtEnd()) {
      while (!AtEnd() && Peek() == ' ') ++pos_;
      if (AtEnd()) break;
      if (Peek() == ')') {
        ++pos_;
        CS_ASSIGN_OR_RETURN(list.params, ParseParameters());
        return list;
      }
      CS_ASSIGN_OR_RETURN(Item item, ParseItemHere());
      if (list.items.size() >= limits_.max_inner_list_items) {
        return Malformed("too many inner list items", pos_);
      }
      list.items.push_back(std::move(item));
      if (AtEnd()) break;
      if (Peek() != ' ' && Peek() != ')') return Malformed("expected ' ' or ')'", pos_);
    }
    return Malformed("unterminated inner list", pos_);
  }

  // §4.2.3
  Result<Item> ParseItemHere() {
    Item item;
    CS_ASSIGN_OR_RETURN(item.value, ParseBareItem());
    CS_ASSIGN_OR_RETURN(item.params, ParseParameters());
    return item;
  }

  // §4.2.3.1
  Result<BareItem> ParseBareItem() {
    if (AtEnd()) return Malformed("expected an item", pos_);
    char c = Peek();
    if (c == '-' || IsDigit(c)) return ParseNumber();
    if (c == '"') return ParseString();
    if (c == '*' || IsAlpha(c)) return ParseToken();
    if (c == ':') return ParseByteSequence();
    if (c == '?') return ParseBoolean();
    return Malformed("unexpected character", pos_);
  }

  // §4.2.3.2
  Result<Parameters> ParseParameters() {
    Parameters params;
    while (!AtEnd() && Peek() == ';') {
      ++pos_;
      while (!AtEnd() && Peek() == ' ') ++pos_;
      CS_ASSIGN_OR_RETURN(std::string key, ParseKey());
      BareItem value = BareItem::Boolean(true);
      if (!AtEnd() && Peek() == '=') {
        ++pos_;
        CS_ASSIGN_OR_RETURN(value, ParseBareItem());
      }
      bool replaced = false;
      for (auto& [k, v] : params) {
        if (k == key) {
          if (!limits_.allow_duplicate_keys) {
            return Malformed("duplicate parameter '" + key + "'", pos_);
          }
          v = std::move(value);
          replaced = true;
          break;
        }
      }
      if (!replaced) {
        if (params.size() >= limits_.max_params) return Malformed("too many parameters", pos_);
        params.emplace_back(std::move(key), std::move(value));
      }
    }
    return params;
  }

  // §4.2.3.3
  Result<std::string> ParseKey() {
    if (AtEnd() || !(IsLcAlpha(Peek()) || Peek() == '*')) return Malformed("expected a key", pos_);
    size_t start = pos_;
    while (!AtEnd()) {
      char c = Peek();
      if (!(IsLcAlpha(c) || IsDigit(c) || c == '_' || c == '-' || c == '.' || c == '*')) break;
      ++pos_;
    }
    return std::string(s_.substr(start, pos_ - start));
  }

  // §4.2.4
  Result<BareItem> ParseNumber() {
    bool negative = false;
    if (Peek() == '-') {
      negative = true;
      ++pos_;
    }
    if (AtEnd() || !IsDigit(Peek())) return Malformed("expected a digit", pos_);
    bool is_decimal = false;
    size_t int_digits = 0;   // before '.'
    size_t frac_digits = 0;  // after '.'
    int64_t int_part = 0;
    int64_t frac_part = 0;
    while (!AtEnd()) {
      char c = Peek();
      if (IsDigit(c)) {
        ++pos_;
        if (is_decimal) {
          ++frac_digits;
          if (frac_digits > 3) return Malformed("too many fractional digits", pos_);
          frac_part = frac_part * 10 + (c - '0');
        } else {
          ++int_digits;
          if (int_digits > 15) return Malformed("integer too long", pos_);
          int_part = int_part * 10 + (c - '0');
        }
      } else if (c == '.' && !is_decimal) {
        if (int_digits > 12) return Malformed("decimal too long", pos_);
        is_decimal = true;
        ++pos_;
      } else {
        break;
      }
    }
    if (!is_decimal) return BareItem::Integer(negative ? -int_part : int_part);
    if (frac_digits == 0) return Malformed("decimal ends with '.'", pos_);
    for (size_t i = frac_digits; i < 3; ++i) frac_part *= 10;
    int64_t thousandths = int_part * 1000 + frac_part;
    return BareItem::DecimalThousandths(negative ? -thousandths : thousandths);
  }

  // §4.2.5
  Result<BareItem> ParseString() {
    ++pos_;  // '"'
    std::string out;
    while (!AtEnd()) {
      char c = s_[pos_++];
      if (c == '\\') {
        if (AtEnd()) return Malformed("unterminated escape", pos_);
        char next = s_[pos_++];
        if (next != '"' && next != '\\') return Malformed("invalid escape", pos_ - 1);
        out += next;
      } else if (c == '"') {
        return BareItem::String(std::move(out));
      } else if (c < 0x20 || c > 0x7E) {
        return Malformed("invalid string character", pos_ - 1);
      } else {
        out += c;
      }
    }
    return Malformed("unterminated string", pos_);
  }

  // §4.2.6
  Result<BareItem> ParseToken() {
    size_t start = pos_++;
    while (!AtEnd() && (IsTchar(Peek()) || Peek() == ':' || Peek() == '/')) ++pos_;
    return BareItem::Token(std::string(s_.substr(start, pos_ - start)));
  }

  // §4.2.7
  Result<BareItem> ParseByteSequence() {
    size_t start = ++pos_;  // after ':'
    while (!AtEnd() && Peek() != ':') {
      if (!IsBase64Char(Peek())) return Malformed("invalid byte sequence character", pos_);
      ++pos_;
    }
    if (AtEnd()) return Malformed("unterminated byte sequence", pos_);
    std::string_view b64 = s_.substr(start, pos_ - start);
    ++pos_;  // ':'
    auto bytes = Base64Decode(b64, Base64Mode::kLenient);
    if (!bytes) return Malformed("invalid base64", start);
    return BareItem::Bytes(std::move(*bytes));
  }

  // §4.2.8
  Result<BareItem> ParseBoolean() {
    ++pos_;  // '?'
    if (!AtEnd() && Peek() == '1') {
      ++pos_;
      return BareItem::Boolean(true);
    }
    if (!AtEnd() && Peek() == '0') {
      ++pos_;
      return BareItem::Boolean(false);
    }
    return Malformed("invalid boolean", pos_);
  }

 private:
  bool AtEnd() const { return pos_ >= s_.size(); }
  char Peek() const { return s_[pos_]; }
  void SkipOws() {
    while (!AtEnd() && (Peek() == ' ' || Peek() == '\t')) ++pos_;
  }

  std::string_view s_;
  const SfLimits& limits_;
  size_t pos_ = 0;
};

Error Unserializable(std::string what) {
  return MakeError(ErrorCode::kInvalidInput, "value cannot be serialized as a structured field",
                   std::move(what));
}

}  // namespace

BareItem BareItem::Integer(int64_t v) {
  BareItem b;
  b.type = BareItemType::kInteger;
  b.number = v;
  return b;
}
BareItem BareItem::DecimalThousandths(int64_t thousandths) {
  BareItem b;
  b.type = BareItemType::kDecimal;
  b.number = thousandths;
  return b;
}
BareItem BareItem::String(std::string s) {
  BareItem b;
  b.type = BareItemType::kString;
  b.text = std::move(s);
  return b;
}
BareItem BareItem::Token(std::string t) {
  BareItem b;
  b.type = BareItemType::kToken;
  b.text = std::move(t);
  return b;
}
BareItem BareItem::Bytes(std::string bytes) {
  BareItem b;
  b.type = BareItemType::kByteSequence;
  b.text = std::move(bytes);
  return b;
}
BareItem BareItem::Boolean(bool v) {
  BareItem b;
  b.type = BareItemType::kBoolean;
  b.boolean = v;
  return b;
}

const BareItem* FindParam(const Parameters& params, std::string_view key) {
  for (const auto& [k, v] : params) {
    if (k == key) return &v;
  }
  return nullptr;
}

const Member* FindMember(const Dictionary& dict, std::string_view key) {
  for (const auto& [k, v] : dict) {
    if (k == key) return &v;
  }
  return nullptr;
}

Result<Item> ParseItem(std::string_view text, const SfLimits& limits) {
  Parser p(text, limits);
  CS_RETURN_IF_ERROR(p.Begin());
  CS_ASSIGN_OR_RETURN(Item item, p.ParseItemHere());
  CS_RETURN_IF_ERROR(p.End());
  return item;
}

Result<List> ParseList(std::string_view text, const SfLimits& limits) {
  Parser p(text, limits);
  CS_RETURN_IF_ERROR(p.Begin());
  CS_ASSIGN_OR_RETURN(List list, p.ParseListMembers());
  CS_RETURN_IF_ERROR(p.End());
  return list;
}

Result<Dictionary> ParseDictionary(std::string_view text, const SfLimits& limits) {
  Parser p(text, limits);
  CS_RETURN_IF_ERROR(p.Begin());
  CS_ASSIGN_OR_RETURN(Dictionary dict, p.ParseDictionaryMembers());
  CS_RETURN_IF_ERROR(p.End());
  return dict;
}

bool IsValidKey(std::string_view key) {
  if (key.empty() || !(IsLcAlpha(key[0]) || key[0] == '*')) return false;
  for (char c : key) {
    if (!(IsLcAlpha(c) || IsDigit(c) || c == '_' || c == '-' || c == '.' || c == '*')) return false;
  }
  return true;
}

bool IsValidToken(std::string_view token) {
  if (token.empty() || !(IsAlpha(token[0]) || token[0] == '*')) return false;
  for (char c : token) {
    if (!(IsTchar(c) || c == ':' || c == '/')) return false;
  }
  return true;
}

Result<std::string> SerializeBareItem(const BareItem& item) {
  switch (item.type) {
    case BareItemType::kInteger:
      if (item.number > kMaxInteger || item.number < -kMaxInteger) {
        return Unserializable("integer out of range");
      }
      return std::to_string(item.number);
    case BareItemType::kDecimal: {
      int64_t abs = item.number < 0 ? -item.number : item.number;
      int64_t int_part = abs / 1000;
      int64_t frac = abs % 1000;
      if (int_part > kMaxDecimalIntegerPart) return Unserializable("decimal out of range");
      std::string out = item.number < 0 ? "-" : "";
      out += std::to_string(int_part);
      out += '.';
      // Shortest fraction with at least one digit (§4.1.5).
      std::string digits = {static_cast<char>('0' + frac / 100),
                            static_cast<char>('0' + frac / 10 % 10),
                            static_cast<char>('0' + frac % 10)};
      while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
      return out + digits;
    }
    case BareItemType::kString: {
      std::string out = "\"";
      for (char c : item.text) {
        if (c < 0x20 || c > 0x7E) return Unserializable("string has a non-printable character");
        if (c == '"' || c == '\\') out += '\\';
        out += c;
      }
      return out + "\"";
    }
    case BareItemType::kToken:
      if (!IsValidToken(item.text)) return Unserializable("invalid token");
      return item.text;
    case BareItemType::kByteSequence:
      return ":" + Base64Encode(item.text) + ":";
    case BareItemType::kBoolean:
      return std::string(item.boolean ? "?1" : "?0");
  }
  return Unserializable("unknown item type");
}

Result<std::string> SerializeParameters(const Parameters& params) {
  std::string out;
  for (const auto& [key, value] : params) {
    if (!IsValidKey(key)) return Unserializable("invalid key");
    out += ';';
    out += key;
    if (!(value.type == BareItemType::kBoolean && value.boolean)) {
      CS_ASSIGN_OR_RETURN(std::string v, SerializeBareItem(value));
      out += '=';
      out += v;
    }
  }
  return out;
}

Result<std::string> SerializeItem(const Item& item) {
  CS_ASSIGN_OR_RETURN(std::string out, SerializeBareItem(item.value));
  CS_ASSIGN_OR_RETURN(std::string params, SerializeParameters(item.params));
  return out + params;
}

Result<std::string> SerializeInnerList(const InnerList& list) {
  std::string out = "(";
  for (size_t i = 0; i < list.items.size(); ++i) {
    if (i > 0) out += ' ';
    CS_ASSIGN_OR_RETURN(std::string item, SerializeItem(list.items[i]));
    out += item;
  }
  out += ')';
  CS_ASSIGN_OR_RETURN(std::string params, SerializeParameters(list.params));
  return out + params;
}

Result<std::string> SerializeMember(const Member& member) {
  return member.is_inner_list ? SerializeInnerList(member.inner_list) : SerializeItem(member.item);
}

Result<std::string> SerializeList(const List& list) {
  std::string out;
  for (size_t i = 0; i < list.size(); ++i) {
    if (i > 0) out += ", ";
    CS_ASSIGN_OR_RETURN(std::string m, SerializeMember(list[i]));
    out += m;
  }
  return out;
}

Result<std::string> SerializeDictionary(const Dictionary& dict) {
  std::string out;
  for (size_t i = 0; i < dict.size(); ++i) {
    const auto& [key, member] = dict[i];
    if (!IsValidKey(key)) return Unserializable("invalid key");
    if (i > 0) out += ", ";
    out += key;
    if (!member.is_inner_list && member.item.value.type == BareItemType::kBoolean &&
        member.item.value.boolean) {
      CS_ASSIGN_OR_RETURN(std::string params, SerializeParameters(member.item.params));
      out += params;
    } else {
      CS_ASSIGN_OR_RETURN(std::string m, SerializeMember(member));
      out += '=';
      out += m;
    }
  }
  return out;
}

}  // namespace cornerstore::activitypub::sf
