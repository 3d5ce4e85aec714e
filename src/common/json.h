// A small owned JSON value, with a bounded, hostile-input-safe parser and a serializer.
//
// json.cpp is the only file that includes RapidJSON: everything else speaks json::Value.
// Objects keep insertion order (what we serialize reads the way we built it). Parse refuses
// duplicate keys, invalid UTF-8, depth beyond the limit and documents with too many values, and
// never recurses (RapidJSON's iterative parser), so a hostile peer cannot crash us with nesting.
//
// Thread safety: a Value is a plain value; share it read-only or copy it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "src/common/result.h"

namespace cornerstore::json {

class Value;
using Array = std::vector<Value>;
using Member = std::pair<std::string, Value>;
using Object = std::vector<Member>;

enum class Type : uint8_t { kNull, kBool, kInt, kDouble, kString, kArray, kObject };

class Value {
 public:
  Value() = default;
  Value(std::nullptr_t) {}                           // NOLINT
  Value(bool b) : v_(b) {}                           // NOLINT
  Value(int i) : v_(int64_t{i}) {}                   // NOLINT
  Value(int64_t i) : v_(i) {}                        // NOLINT
  Value(uint32_t i) : v_(int64_t{i}) {}              // NOLINT
  Value(double d) : v_(d) {}                         // NOLINT
  Value(std::string s) : v_(std::move(s)) {}         // NOLINT
  Value(std::string_view s) : v_(std::string(s)) {}  // NOLINT
  Value(const char* s) : v_(std::string(s)) {}       // NOLINT
  Value(Array a) : v_(std::move(a)) {}               // NOLINT
  Value(Object o) : v_(std::move(o)) {}              // NOLINT

  static Value MakeArray() { return Value(Array{}); }
  static Value MakeObject() { return Value(Object{}); }

  Type type() const { return static_cast<Type>(v_.index()); }
  bool is_null() const { return type() == Type::kNull; }
  bool is_bool() const { return type() == Type::kBool; }
  bool is_int() const { return type() == Type::kInt; }
  bool is_number() const { return type() == Type::kInt || type() == Type::kDouble; }
  bool is_string() const { return type() == Type::kString; }
  bool is_array() const { return type() == Type::kArray; }
  bool is_object() const { return type() == Type::kObject; }

  // Typed access; calling the wrong one is a programming error (asserts via std::get).
  bool AsBool() const { return std::get<bool>(v_); }
  int64_t AsInt() const { return std::get<int64_t>(v_); }
  double AsDouble() const { return is_int() ? static_cast<double>(AsInt()) : std::get<double>(v_); }
  const std::string& AsString() const { return std::get<std::string>(v_); }
  const Array& AsArray() const { return std::get<Array>(v_); }
  Array& AsArray() { return std::get<Array>(v_); }
  const Object& AsObject() const { return std::get<Object>(v_); }
  Object& AsObject() { return std::get<Object>(v_); }

  // Object lookups: nullptr / nullopt when this is not an object, the key is missing, or the
  // member has another type. Safe on any Value.
  const Value* Find(std::string_view key) const;
  Value* Find(std::string_view key);
  const std::string* FindString(std::string_view key) const;
  std::optional<int64_t> FindInt(std::string_view key) const;
  std::optional<bool> FindBool(std::string_view key) const;
  const Array* FindArray(std::string_view key) const;
  const Value* FindObject(std::string_view key) const;

  // Object building: Set replaces an existing member or appends. Turns null into an object.
  Value& Set(std::string key, Value value);
  bool Erase(std::string_view key);
  // Array building: turns null into an array.
  Value& Push(Value value);

  size_t size() const;  // members or elements; 0 for scalars

  bool operator==(const Value& other) const { return v_ == other.v_; }

 private:
  std::variant<std::monostate, bool, int64_t, double, std::string, Array, Object> v_;
};

// Limits for parsing input we did not write. Defaults fit one ActivityPub document.
struct ParseLimits {
  size_t max_bytes = 1 << 20;         // the inbox and fetch body limit (PROTOCOL.md §6, §8)
  int max_depth = 64;                 // deeper nesting is never legitimate in ActivityStreams
  size_t max_values = 100'000;        // bounds memory: a 1 MiB body could hold ~500k tiny values
  bool allow_duplicate_keys = false;  // peers disagree on which duplicate wins: refuse them
};

// Parses `text` as one JSON document. Errors are kInvalidInput (or kTooLarge for max_bytes),
// with a message safe to return to the sender.
Result<Value> Parse(std::string_view text, const ParseLimits& limits = {});

// Compact serialization. Non-finite doubles become null.
std::string Serialize(const Value& value);
// Indented serialization for humans (CLI output).
std::string SerializePretty(const Value& value);

}  // namespace cornerstore::json
