#include "src/common/json.h"

#include <algorithm>
#include <cmath>

#include <rapidjson/error/en.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/reader.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace cornerstore::json {

const Value* Value::Find(std::string_view key) const {
  if (!is_object()) return nullptr;
  for (const auto& [k, v] : AsObject()) {
    if (k == key) return &v;
  }
  return nullptr;
}

Value* Value::Find(std::string_view key) {
  return const_cast<Value*>(static_cast<const Value*>(this)->Find(key));
}

const std::string* Value::FindString(std::string_view key) const {
  const Value* v = Find(key);
  return v && v->is_string() ? &v->AsString() : nullptr;
}

std::optional<int64_t> Value::FindInt(std::string_view key) const {
  const Value* v = Find(key);
  if (!v || !v->is_int()) return std::nullopt;
  return v->AsInt();
}

std::optional<bool> Value::FindBool(std::string_view key) const {
  const Value* v = Find(key);
  if (!v || !v->is_bool()) return std::nullopt;
  return v->AsBool();
}

const Array* Value::FindArray(std::string_view key) const {
  const Value* v = Find(key);
  return v && v->is_array() ? &v->AsArray() : nullptr;
}

const Value* Value::FindObject(std::string_view key) const {
  const Value* v = Find(key);
  return v && v->is_object() ? v : nullptr;
}

Value& Value::Set(std::string key, Value value) {
  if (is_null()) v_ = Object{};
  if (Value* existing = Find(key)) {
    *existing = std::move(value);
    return *existing;
  }
  auto& obj = AsObject();
  obj.emplace_back(std::move(key), std::move(value));
  return obj.back().second;
}

bool Value::Erase(std::string_view key) {
  if (!is_object()) return false;
  auto& obj = AsObject();
  auto it = std::find_if(obj.begin(), obj.end(), [&](const Member& m) { return m.first == key; });
  if (it == obj.end()) return false;
  obj.erase(it);
  return true;
}

Value& Value::Push(Value value) {
  if (is_null()) v_ = Array{};
  auto& arr = AsArray();
  arr.push_back(std::move(value));
  return arr.back();
}

size_t Value::size() const {
  if (is_array()) return AsArray().size();
  if (is_object()) return AsObject().size();
  return 0;
}

namespace {

// Builds Values from RapidJSON SAX events, enforcing ParseLimits as it goes.
class Builder {
 public:
  explicit Builder(const ParseLimits& limits) : limits_(limits) {}

  bool Null() { return Add(Value()); }
  bool Bool(bool b) { return Add(Value(b)); }
  bool Int(int i) { return Add(Value(int64_t{i})); }
  bool Uint(unsigned u) { return Add(Value(int64_t{u})); }
  bool Int64(int64_t i) { return Add(Value(i)); }
  bool Uint64(uint64_t u) {
    if (u > static_cast<uint64_t>(INT64_MAX)) return Add(Value(static_cast<double>(u)));
    return Add(Value(static_cast<int64_t>(u)));
  }
  bool Double(double d) {
    // RapidJSON 1.1.0 refuses 1e309 but turns 1.8e308 into infinity: refuse that too, as JSON
    // has no infinity (our Serialize would write it as null).
    if (!std::isfinite(d)) {
      limit_hit_ = "number too big to be stored in double";
      return false;
    }
    return Add(Value(d));
  }
  bool RawNumber(const char*, rapidjson::SizeType, bool) { return false; }
  bool String(const char* s, rapidjson::SizeType n, bool) {
    if (!ValidText(s, n)) return false;
    return Add(Value(std::string(s, n)));
  }
  bool StartObject() { return Open(Value::MakeObject()); }
  bool Key(const char* s, rapidjson::SizeType n, bool) {
    if (!ValidText(s, n)) return false;
    pending_key_.assign(s, n);
    return true;
  }
  bool EndObject(rapidjson::SizeType) { return Close(); }
  bool StartArray() { return Open(Value::MakeArray()); }
  bool EndArray(rapidjson::SizeType) { return Close(); }

  Value TakeRoot() { return std::move(root_); }
  const char* limit_hit() const { return limit_hit_; }

 private:
  // RapidJSON 1.1.0 validates the raw bytes and pairs \uD800-\uDBFF escapes, but decodes a lone
  // \uDC00-\uDFFF escape into the UTF-8 form of a surrogate (ED B0..BF xx), which is not UTF-8:
  // such a string would reach storage and clients, and our own serialization of it would no
  // longer parse. In otherwise valid UTF-8, ED followed by A0..BF is exactly a surrogate.
  bool ValidText(const char* s, rapidjson::SizeType n) {
    for (rapidjson::SizeType i = 0; i + 1 < n; ++i) {
      if (static_cast<unsigned char>(s[i]) == 0xED &&
          static_cast<unsigned char>(s[i + 1]) >= 0xA0) {
        limit_hit_ = "unpaired surrogate escape in string";
        return false;
      }
    }
    return true;
  }

  bool Count() {
    if (++values_ > limits_.max_values) {
      limit_hit_ = "too many values";
      return false;
    }
    return true;
  }

  // Places a value in the current container (or as the root); returns where it went.
  Value* Place(Value v) {
    if (stack_.empty()) {
      root_ = std::move(v);
      return &root_;
    }
    Value* top = stack_.back();
    if (top->is_array()) {
      top->AsArray().push_back(std::move(v));
      return &top->AsArray().back();
    }
    top->AsObject().emplace_back(std::move(pending_key_), std::move(v));
    pending_key_.clear();
    return &top->AsObject().back().second;
  }

  bool Add(Value v) {
    if (!Count()) return false;
    Place(std::move(v));
    return true;
  }

  bool Open(Value container) {
    if (!Count()) return false;
    if (static_cast<int>(stack_.size()) >= limits_.max_depth) {
      limit_hit_ = "nesting too deep";
      return false;
    }
    stack_.push_back(Place(std::move(container)));
    return true;
  }

  bool Close() {
    Value* top = stack_.back();
    stack_.pop_back();
    if (top->is_object() && !limits_.allow_duplicate_keys && HasDuplicateKeys(top->AsObject())) {
      limit_hit_ = "duplicate key in object";
      return false;
    }
    return true;
  }

  static bool HasDuplicateKeys(const Object& obj) {
    if (obj.size() < 2) return false;
    if (obj.size() <= 16) {
      for (size_t i = 0; i < obj.size(); ++i) {
        for (size_t j = i + 1; j < obj.size(); ++j) {
          if (obj[i].first == obj[j].first) return true;
        }
      }
      return false;
    }
    std::vector<std::string_view> keys;
    keys.reserve(obj.size());
    for (const auto& m : obj) keys.push_back(m.first);
    std::sort(keys.begin(), keys.end());
    return std::adjacent_find(keys.begin(), keys.end()) != keys.end();
  }

  const ParseLimits& limits_;
  Value root_;
  // Pointers into containers stay valid: a container is only appended to while it is on top,
  // and its parent is not touched until it closes.
  std::vector<Value*> stack_;
  std::string pending_key_;
  size_t values_ = 0;
  const char* limit_hit_ = nullptr;
};

template <typename Writer>
void Write(const Value& v, Writer& w) {
  switch (v.type()) {
    case Type::kNull:
      w.Null();
      break;
    case Type::kBool:
      w.Bool(v.AsBool());
      break;
    case Type::kInt:
      w.Int64(v.AsInt());
      break;
    case Type::kDouble:
      if (std::isfinite(v.AsDouble())) {
        w.Double(v.AsDouble());
      } else {
        w.Null();
      }
      break;
    case Type::kString:
      w.String(v.AsString().data(), static_cast<rapidjson::SizeType>(v.AsString().size()));
      break;
    case Type::kArray:
      w.StartArray();
      for (const auto& e : v.AsArray()) Write(e, w);
      w.EndArray();
      break;
    case Type::kObject:
      w.StartObject();
      for (const auto& [k, e] : v.AsObject()) {
        w.Key(k.data(), static_cast<rapidjson::SizeType>(k.size()));
        Write(e, w);
      }
      w.EndObject();
      break;
  }
}

}  // namespace

Result<Value> Parse(std::string_view text, const ParseLimits& limits) {
  if (text.size() > limits.max_bytes) {
    return MakeError(ErrorCode::kTooLarge, "JSON document too large");
  }
  Builder builder(limits);
  rapidjson::Reader reader;
  rapidjson::MemoryStream stream(text.data(), text.size());
  constexpr unsigned kFlags = rapidjson::kParseIterativeFlag |
                              rapidjson::kParseValidateEncodingFlag |
                              rapidjson::kParseStopWhenDoneFlag;
  rapidjson::ParseResult ok = reader.Parse<kFlags>(stream, builder);
  if (!ok) {
    if (builder.limit_hit()) {
      return MakeError(ErrorCode::kInvalidInput,
                       std::string("invalid JSON: ") + builder.limit_hit());
    }
    return MakeError(ErrorCode::kInvalidInput,
                     std::string("invalid JSON: ") + rapidjson::GetParseError_En(ok.Code()),
                     "at offset " + std::to_string(ok.Offset()));
  }
  // kParseStopWhenDoneFlag stops after the root; anything but whitespace after it is an error.
  for (size_t i = stream.Tell(); i < text.size(); ++i) {
    char c = text[i];
    if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
      return MakeError(ErrorCode::kInvalidInput, "invalid JSON: trailing characters");
    }
  }
  return builder.TakeRoot();
}

std::string Serialize(const Value& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  Write(value, writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::string SerializePretty(const Value& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> writer(buffer);
  writer.SetIndent(' ', 2);
  Write(value, writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace cornerstore::json
