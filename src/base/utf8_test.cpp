#include "base/utf8.h"

#include <gtest/gtest.h>

namespace zb {
namespace {

TEST(Utf8, WellFormedOnly) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("市长公开电话 12345 é \xF0\x9F\x98\x80 \xEF\xBF\xBD \xE0\xA0\x80"));
  EXPECT_FALSE(IsValidUtf8("\xe4\xb8"));          // cut short
  EXPECT_FALSE(IsValidUtf8("\xe4\xb8\x41"));      // a continuation missing
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xE0\x80\xAF"));      // overlong '/', three bytes
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // a surrogate
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xff"));
  EXPECT_EQ(Utf8SequenceAt("市", 0), 3u);
  EXPECT_EQ(Utf8SequenceAt("a", 0), 0u);
}

}  // namespace
}  // namespace zb
