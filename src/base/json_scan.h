// The members of a JSON object's text, each as its key's and its value's own text, found
// without building any value: for stored JSON written out again nearly as it is (a case's
// history shows each event's data, read far more often than looked into).
//
//   std::vector<JsonMember> m;
//   ScanJsonObject(R"({"a": [1, 2], "b\n": "x"})", &m);  // true
//   m[0].key == R"("a")", m[0].value == "[1, 2]", m[1].key == R"("b\n")"
#pragma once

#include <string_view>
#include <vector>

namespace zb {

struct JsonMember {
  std::string_view key;    // with its quotes, as written (escapes kept)
  std::string_view value;  // as written
};

// Fills `members` with those of `json` in their order and returns true if `json` is one
// well-formed JSON object (RFC 8259, nested at most 128 deep) in valid UTF-8; otherwise returns
// false, `members` then holding nothing useful.
bool ScanJsonObject(std::string_view json, std::vector<JsonMember>* members);

}  // namespace zb
