#include "cases/attachment_store.h"

#include "base/sha256.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <sstream>

namespace zb::cases {

Result<std::filesystem::path> AttachmentStore::PathFor(const std::string& sha256) const {
  if (sha256.size() != 64 || sha256.find_first_not_of("0123456789abcdef") != std::string::npos) {
    return NotFound("附件不存在", "no such attachment");
  }
  return root_ / sha256.substr(0, 2) / sha256;
}

Result<std::string> AttachmentStore::Put(std::string_view bytes) const {
  if (bytes.size() > max_bytes_) {
    return Status(ErrorCode::kTooLarge, "附件超过 " + std::to_string(max_bytes_ >> 20) + " MB 上限",
                  "the attachment exceeds the " + std::to_string(max_bytes_ >> 20) + " MB limit");
  }
  std::string sha = Sha256Hex(bytes);
  ZB_ASSIGN_OR_RETURN(std::filesystem::path path, PathFor(sha));
  std::error_code ec;
  if (std::filesystem::exists(path, ec)) return sha;
  std::filesystem::create_directories(path.parent_path(), ec);
  static std::atomic<uint64_t> counter{0};
  std::filesystem::path tmp = path;
  tmp += ".tmp" + std::to_string(::getpid()) + "." + std::to_string(counter++);
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
  if (fd < 0) return Unavailable("无法保存附件", "cannot write the attachment: " + tmp.string());
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n <= 0) {
      ::close(fd);
      std::filesystem::remove(tmp, ec);
      return Unavailable("保存附件失败（磁盘已满？）",
                         "writing the attachment failed (disk full?)");
    }
    done += static_cast<size_t>(n);
  }
  bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!synced || ::rename(tmp.c_str(), path.c_str()) != 0) {
    std::filesystem::remove(tmp, ec);
    return Unavailable("保存附件失败", "storing the attachment failed");
  }
  return sha;
}

Result<std::string> AttachmentStore::Get(const std::string& sha256) const {
  ZB_ASSIGN_OR_RETURN(std::filesystem::path path, PathFor(sha256));
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound("附件不存在", "no such attachment");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace zb::cases
