#include "cases/workflow_registry.h"

#include <algorithm>
#include <vector>

namespace zb::cases {

Result<WorkflowRegistry> WorkflowRegistry::LoadDirectory(const std::filesystem::path& dir,
                                                         TimeLimitChecker check) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    return NotFound("流程定义目录不存在：" + dir.string(),
                    "workflow folder not found: " + dir.string());
  }
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.path().extension() == ".toml") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  WorkflowRegistry reg;
  for (const auto& f : files) {
    ZB_ASSIGN_OR_RETURN(Workflow wf, LoadWorkflowFile(f, check));
    if (wf.kind != f.stem().string()) {
      return Invalid(f.string() + ": kind \"" + wf.kind + "\" 与文件名不一致",
                     f.string() + ": kind \"" + wf.kind + "\" does not match the file name");
    }
    reg.Add(std::move(wf));
  }
  if (reg.kinds_.empty()) {
    return NotFound("目录中没有流程定义：" + dir.string(), "no workflow files in " + dir.string());
  }
  return reg;
}

const Workflow* WorkflowRegistry::Find(const std::string& kind) const {
  auto it = kinds_.find(kind);
  return it == kinds_.end() ? nullptr : &it->second;
}

}  // namespace zb::cases
