// Well-formed UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF.
#pragma once

#include <cstddef>
#include <string_view>

namespace zb {

// The length (2–4) of the well-formed multi-byte sequence at s[i], or 0 if none starts there.
size_t Utf8SequenceAt(std::string_view s, size_t i);

// Whether all of `s` is well-formed UTF-8.
bool IsValidUtf8(std::string_view s);

}  // namespace zb
