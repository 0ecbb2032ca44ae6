// Small ids for strings (terms, places, districts, categories): the first string met gets 0, the
// next new one 1, and so on; `names[id]` gives the string back. Not thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace zb::analytics {

struct Interner {
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  std::unordered_map<std::string, uint32_t, Hash, std::equal_to<>> ids;
  std::vector<std::string> names;
  uint32_t Id(std::string_view name) {
    auto it = ids.find(name);
    if (it != ids.end()) return it->second;
    uint32_t id = uint32_t(names.size());
    ids.emplace(std::string(name), id);
    names.emplace_back(name);
    return id;
  }
};

}  // namespace zb::analytics
