// Place names read from message text by their suffixes: …市 (city), …区/…县 (district),
// …街道/…镇/…乡 (street), …路/…街/…大道/…巷 (road), …小区/…社区/…村/…花园/…广场/…大厦/…学院/
// …学校/…医院/…市场/… (site). Names in a chain are split, so "A5区劳动东路魅力之城小区" gives
// A5区, 劳动东路, 魅力之城小区.
//
// Rules (heuristic, tested on the real messages): the name before the suffix runs back to the
// previous place, punctuation or a function character (的, 在, 我, 是, 这, 该, 门, 楼, …); it
// has 2–8 characters (2–6 for roads; for cities and districts 2–4 ideographs or 1–3 ASCII letters
// and digits, e.g. A5区, K8县). 小区/社区/城区/景区/校区/辖区/片区 are never districts; generic
// descriptions (老旧小区, 周边小区, 安置小区, …) are not places.
//
// Pure and thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace zb::analytics {

enum class PlaceLevel { kCity, kDistrict, kStreet, kRoad, kSite };

struct Place {
  std::string name;  // as written, suffix included: "魅力之城小区"
  PlaceLevel level;
  // The key that groups spellings of one place: the last (up to) 4 characters before the suffix
  // plus the suffix, so "万科魅力之城小区" and "魅力之城小区" share "魅力之城小区".
  std::string key;
  // Where the name is in the text given to ExtractPlaces: bytes [begin, end).
  size_t begin = 0, end = 0;
};

// The places in `text`, in order of appearance (repeats included).
std::vector<Place> ExtractPlaces(std::string_view text);
// The same into `out`, whose elements are overwritten (their strings' memory reused).
void ExtractPlaces(std::string_view text, std::vector<Place>* out);

// Road, street and site level: specific enough to say where an event happens.
inline bool IsSpecific(PlaceLevel level) {
  return level == PlaceLevel::kStreet || level == PlaceLevel::kRoad || level == PlaceLevel::kSite;
}

}  // namespace zb::analytics
