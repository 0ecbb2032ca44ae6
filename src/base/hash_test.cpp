#include "base/hash.h"

#include <gtest/gtest.h>

namespace zb {
namespace {

TEST(Hash, Fnv1a64KnownValuesAndContinuation) {
  EXPECT_EQ(Fnv1a64(""), kFnv1aOffset);
  EXPECT_EQ(Fnv1a64("a"), 0xaf63dc4c8601ec8cull);  // the published FNV-1a test vector
  EXPECT_EQ(Fnv1a64("foobar"), 0x85944171f73967e8ull);
  EXPECT_EQ(Fnv1a64("bar", Fnv1a64("foo")), Fnv1a64("foobar"));
  EXPECT_NE(Fnv1a64("政办"), Fnv1a64("办政"));
}

}  // namespace
}  // namespace zb
