#include "base/json_writer.h"

#include <charconv>

#include <nlohmann/json.hpp>

#include "base/utf8.h"

namespace zb {

void JsonWriter::BeforeValue() {
  if (comma_) out_ += ',';
  comma_ = true;
}

JsonWriter& JsonWriter::Open(char c) {
  BeforeValue();
  out_ += c;
  comma_ = false;
  return *this;
}

JsonWriter& JsonWriter::Close(char c) {
  out_ += c;
  comma_ = true;
  return *this;
}

JsonWriter& JsonWriter::Key(std::string_view key) {
  BeforeValue();
  AppendEscaped(key);
  out_ += ':';
  comma_ = false;
  return *this;
}

JsonWriter& JsonWriter::String(std::string_view s) {
  BeforeValue();
  AppendEscaped(s);
  return *this;
}

JsonWriter& JsonWriter::Int(int64_t v) {
  BeforeValue();
  char buf[24];
  auto end = std::to_chars(buf, buf + sizeof buf, v).ptr;
  out_.append(buf, end);
  return *this;
}

JsonWriter& JsonWriter::Bool(bool b) {
  BeforeValue();
  out_ += b ? "true" : "false";
  return *this;
}

JsonWriter& JsonWriter::Null() {
  BeforeValue();
  out_ += "null";
  return *this;
}

JsonWriter& JsonWriter::Value(const nlohmann::json& v) {
  using Type = nlohmann::json::value_t;
  switch (v.type()) {
    case Type::object:
      Open('{');
      for (const auto& [key, item] : v.get_ref<const nlohmann::json::object_t&>()) {
        Key(key);
        Value(item);
      }
      return Close('}');
    case Type::array:
      Open('[');
      for (const nlohmann::json& item : v.get_ref<const nlohmann::json::array_t&>()) Value(item);
      return Close(']');
    case Type::string:
      return String(v.get_ref<const std::string&>());
    case Type::boolean:
      return Bool(v.get<bool>());
    case Type::number_integer:
      return Int(v.get<int64_t>());
    case Type::number_unsigned: {
      BeforeValue();
      char buf[24];
      auto end = std::to_chars(buf, buf + sizeof buf, v.get<uint64_t>()).ptr;
      out_.append(buf, end);
      return *this;
    }
    case Type::null:
      return Null();
    default:  // floats (nlohmann's shortest round-trip form), binary, discarded
      BeforeValue();
      out_ += v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      return *this;
  }
}

namespace {

// About the length of `v`'s text (exact but for escapes and numbers): one walk without
// allocating, where growing the text as it is written would copy it over and again.
size_t TextSize(const nlohmann::json& v) {
  using Type = nlohmann::json::value_t;
  size_t n = 2;
  switch (v.type()) {
    case Type::object:
      for (const auto& [key, item] : v.get_ref<const nlohmann::json::object_t&>()) {
        n += key.size() + 4 + TextSize(item);
      }
      return n;
    case Type::array:
      for (const nlohmann::json& item : v.get_ref<const nlohmann::json::array_t&>()) {
        n += 1 + TextSize(item);
      }
      return n;
    case Type::string:
      return n + v.get_ref<const std::string&>().size();
    default:
      return 20;
  }
}

}  // namespace

std::string DumpJson(const nlohmann::json& v) {
  JsonWriter w;
  w.Reserve(TextSize(v) + 16).Value(v);
  return w.Take();
}

JsonWriter& JsonWriter::Raw(std::string_view json) {
  BeforeValue();
  out_ += json;
  return *this;
}

JsonWriter& JsonWriter::RawMember(std::string_view key_json, std::string_view value_json) {
  BeforeValue();
  out_ += key_json;
  out_ += ':';
  out_ += value_json;
  return *this;
}

JsonWriter& JsonWriter::ExtendObject(std::string_view object_json) {
  BeforeValue();
  size_t end = object_json.rfind('}');
  if (end == std::string_view::npos) end = object_json.size();
  out_.append(object_json.substr(0, end));
  comma_ = object_json.find_first_not_of(" \t\r\n", 1) != end;  // "{}" has no members yet
  return *this;
}

void JsonWriter::AppendEscaped(std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out_ += '"';
  size_t plain = 0;  // start of the bytes not yet copied
  auto flush = [&](size_t i) { out_.append(s.data() + plain, i - plain); };
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  for (size_t i = 0; i < s.size();) {
    unsigned char b = p[i];
    if (b >= 0x20 && b < 0x80 && b != '"' && b != '\\') {
      ++i;
      continue;
    }
    // Most of a Chinese text: three-byte sequences of U+1000–U+CFFF and U+E000–U+FFFF, which
    // need no check beyond their continuation bytes.
    if (b >= 0xE1 && b != 0xED && b <= 0xEF && i + 3 <= s.size() && (p[i + 1] & 0xC0) == 0x80 &&
        (p[i + 2] & 0xC0) == 0x80) {
      i += 3;
      continue;
    }
    if (b >= 0x80) {
      if (size_t n = Utf8SequenceAt(s, i)) {
        i += n;
        continue;
      }
      flush(i);
      out_ += "\xEF\xBF\xBD";  // U+FFFD for each byte that starts no well-formed sequence
      plain = ++i;
      continue;
    }
    flush(i);
    switch (b) {
      case '"':
        out_ += "\\\"";
        break;
      case '\\':
        out_ += "\\\\";
        break;
      case '\b':
        out_ += "\\b";
        break;
      case '\f':
        out_ += "\\f";
        break;
      case '\n':
        out_ += "\\n";
        break;
      case '\r':
        out_ += "\\r";
        break;
      case '\t':
        out_ += "\\t";
        break;
      default:
        out_ += "\\u00";
        out_ += kHex[b >> 4];
        out_ += kHex[b & 0xF];
    }
    plain = ++i;
  }
  flush(s.size());
  out_ += '"';
}

}  // namespace zb
