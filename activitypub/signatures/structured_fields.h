// RFC 8941 Structured Field Values for HTTP: the value types (items, inner lists, parameters,
// lists, dictionaries), a strict parser and the canonical serializer.
//
// Used by RFC 9421 (Signature-Input, Signature, component identifiers) and RFC 9530
// (Content-Digest). Parsing follows RFC 8941 §4.2 step by step and refuses anything malformed;
// sizes are bounded by `SfLimits` because the input comes from peers. Serializing a parsed value
// gives the canonical text, which RFC 9421 signs.
//
// Values are plain data (own their strings); functions are pure and thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "src/common/result.h"

namespace cornerstore::activitypub::sf {

enum class BareItemType { kInteger, kDecimal, kString, kToken, kByteSequence, kBoolean };

// One bare item. Decimals are kept exactly, in thousandths (RFC 8941 allows three fractional
// digits), so parse → serialize round-trips without floating point.
struct BareItem {
  BareItemType type = BareItemType::kBoolean;
  int64_t number = 0;  // kInteger: the value; kDecimal: the value × 1000
  std::string text;    // kString, kToken; kByteSequence: the decoded bytes
  bool boolean = true;

  static BareItem Integer(int64_t v);
  static BareItem DecimalThousandths(int64_t thousandths);
  static BareItem String(std::string s);
  static BareItem Token(std::string t);
  static BareItem Bytes(std::string bytes);
  static BareItem Boolean(bool b);

  bool operator==(const BareItem& o) const = default;
};

// Ordered key → value pairs; keys are unique after parsing (a repeated key overwrites the earlier
// value in place, RFC 8941 §4.2.3.2, unless the limits refuse duplicates).
using Parameters = std::vector<std::pair<std::string, BareItem>>;

// The value of `key` in `params`, or nullptr.
const BareItem* FindParam(const Parameters& params, std::string_view key);

struct Item {
  BareItem value;
  Parameters params;
  bool operator==(const Item& o) const = default;
};

struct InnerList {
  std::vector<Item> items;
  Parameters params;
  bool operator==(const InnerList& o) const = default;
};

// A member of a List or Dictionary: an Item or an Inner List.
struct Member {
  bool is_inner_list = false;
  Item item;             // when !is_inner_list
  InnerList inner_list;  // when is_inner_list
  bool operator==(const Member& o) const = default;
};

using List = std::vector<Member>;
using Dictionary = std::vector<std::pair<std::string, Member>>;

// The member named `key`, or nullptr.
const Member* FindMember(const Dictionary& dict, std::string_view key);

// Bounds for parsing text from peers. Defaults fit every signature and digest field we expect.
struct SfLimits {
  // Signature headers for a few RSA-4096 signatures stay under 4 KiB; cpp-httplib caps a header
  // line at 8 KiB. Anything longer is hostile.
  size_t max_field_bytes = 16 * 1024;
  // Members of one list or dictionary: a request carries one or two signatures and a few digests.
  size_t max_members = 32;
  // Items of one inner list: RFC 9421 covered components; a dozen is typical.
  size_t max_inner_list_items = 64;
  // Parameters on one item or inner list: RFC 9421 defines six signature metadata parameters.
  size_t max_params = 16;
  // RFC 8941 lets a repeated dictionary key or parameter overwrite the earlier one; callers that
  // authenticate (RFC 9421) refuse the ambiguity instead.
  bool allow_duplicate_keys = true;
};

// Parsers. Errors are kInvalidInput with a short message ("malformed structured field") and the
// position in `detail`.
Result<Item> ParseItem(std::string_view text, const SfLimits& limits = {});
Result<List> ParseList(std::string_view text, const SfLimits& limits = {});
Result<Dictionary> ParseDictionary(std::string_view text, const SfLimits& limits = {});

// Canonical serializers (RFC 8941 §4.1). They fail (kInvalidInput) on values that have no
// serialization: integers beyond ±999,999,999,999,999, decimals beyond 12 integer digits, strings
// with characters outside 0x20–0x7E, malformed tokens or keys.
Result<std::string> SerializeBareItem(const BareItem& item);
Result<std::string> SerializeParameters(const Parameters& params);
Result<std::string> SerializeItem(const Item& item);
Result<std::string> SerializeInnerList(const InnerList& list);
Result<std::string> SerializeMember(const Member& member);
Result<std::string> SerializeList(const List& list);
Result<std::string> SerializeDictionary(const Dictionary& dict);

// Syntax checks used by the serializer and by callers building values.
bool IsValidKey(std::string_view key);
bool IsValidToken(std::string_view token);

}  // namespace cornerstore::activitypub::sf
