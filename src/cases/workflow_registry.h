// All kinds known to the engine, loaded once at start-up from config/workflows/*.toml.
#pragma once

#include <filesystem>
#include <map>
#include <string>

#include "cases/workflow.h"

namespace zb::cases {

class WorkflowRegistry {
 public:
  // Loads every *.toml in `dir`. The first invalid file fails the whole load, naming file and
  // line. A file's name must be its kind ("assignment.toml" defines kind "assignment").
  static Result<WorkflowRegistry> LoadDirectory(const std::filesystem::path& dir,
                                                TimeLimitChecker check);
  void Add(Workflow wf) { kinds_[wf.kind] = std::move(wf); }

  const Workflow* Find(const std::string& kind) const;
  const std::map<std::string, Workflow>& all() const { return kinds_; }

 private:
  std::map<std::string, Workflow> kinds_;
};

}  // namespace zb::cases
