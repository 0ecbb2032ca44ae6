#include "cases/attachment_store.h"

#include "base/sha256.h"

#include <gtest/gtest.h>
#include <unistd.h>

namespace zb::cases {
namespace {

TEST(AttachmentStore, ContentAddressed) {
  auto dir = std::filesystem::temp_directory_path() / ("zb_att_" + std::to_string(::getpid()));
  AttachmentStore store(dir, 1024);
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  auto sha = store.Put("会议纪要正文");
  ASSERT_TRUE(sha.ok());
  EXPECT_EQ(*store.Put("会议纪要正文"), *sha);  // stored once
  EXPECT_EQ(*store.Get(*sha), "会议纪要正文");
  EXPECT_EQ(store.Put(std::string(2048, 'x')).status().code(), ErrorCode::kTooLarge);
  EXPECT_EQ(store.Get("../../etc/passwd").status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(store.Get(std::string(64, 'a')).status().code(), ErrorCode::kNotFound);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace zb::cases
