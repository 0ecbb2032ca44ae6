// JsonWriter: JSON text written straight into a string.
//
// For the answers read most often (a case with its history and actions): building
// nlohmann::json values and then dumping them took most of such a request's time. The output is
// what nlohmann's dump(-1, ' ', false, replace) gives for the same values: compact, UTF-8 kept as
// is, invalid UTF-8 replaced by U+FFFD (one for each byte that starts no well-formed sequence).
// DumpJson writes a stored value (a case's fields, an event's data) so, faster than dump(). Commas
// are placed by the writer; keys and values must alternate inside an object (a programming error
// otherwise, not checked).
//
//   JsonWriter w;
//   w.BeginObject().Key("id").Int(7).Key("tags").BeginArray().String("a").EndArray().EndObject();
//   w.str() == R"({"id":7,"tags":["a"]})"
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

namespace zb {

class JsonWriter {
 public:
  JsonWriter& BeginObject() { return Open('{'); }
  JsonWriter& EndObject() { return Close('}'); }
  JsonWriter& BeginArray() { return Open('['); }
  JsonWriter& EndArray() { return Close(']'); }
  JsonWriter& Key(std::string_view key);
  JsonWriter& String(std::string_view s);
  JsonWriter& Int(int64_t v);
  JsonWriter& Bool(bool b);
  JsonWriter& Null();
  // Any nlohmann value, written in place (object keys in nlohmann's order).
  JsonWriter& Value(const nlohmann::json& v);
  // Text that is already JSON (one complete value), written as it is.
  JsonWriter& Raw(std::string_view json);
  // A member whose key (with its quotes) and value are already JSON text (ScanJsonObject).
  JsonWriter& RawMember(std::string_view key_json, std::string_view value_json);
  // A complete object from elsewhere (`{…}`), left open to add members; EndObject closes it.
  JsonWriter& ExtendObject(std::string_view object_json);

  // Room for `bytes` more of text, so that a long one is not copied as it grows.
  JsonWriter& Reserve(size_t bytes) {
    out_.reserve(out_.size() + bytes);
    return *this;
  }

  // Empties the text, keeping its buffer (a writer reused for many small texts).
  JsonWriter& Clear() {
    out_.clear();
    comma_ = false;
    return *this;
  }

  const std::string& str() const { return out_; }
  std::string Take() { return std::move(out_); }

 private:
  JsonWriter& Open(char c);
  JsonWriter& Close(char c);
  void BeforeValue();
  void AppendEscaped(std::string_view s);

  std::string out_;
  bool comma_ = false;  // a value was written at this level: the next one needs a comma
};

// `v` as compact JSON text: for valid UTF-8 what v.dump() gives, faster.
std::string DumpJson(const nlohmann::json& v);

}  // namespace zb
