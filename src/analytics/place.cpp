#include "analytics/place.h"

#include <array>
#include <bitset>
#include <cstdint>
#include <utility>
#include <vector>

#include "text/utf8.h"

namespace zb::analytics {
namespace {

struct Suffix {
  std::u32string_view text;
  PlaceLevel level;
};

// Longest first where one ends another (街道 before 道 is not a suffix; 市场 before 市).
constexpr std::array<Suffix, 30> kSuffixes{{
    {U"街道", PlaceLevel::kStreet}, {U"小区", PlaceLevel::kSite},   {U"社区", PlaceLevel::kSite},
    {U"花园", PlaceLevel::kSite},   {U"家园", PlaceLevel::kSite},   {U"公园", PlaceLevel::kSite},
    {U"广场", PlaceLevel::kSite},   {U"大厦", PlaceLevel::kSite},   {U"学院", PlaceLevel::kSite},
    {U"学校", PlaceLevel::kSite},   {U"中学", PlaceLevel::kSite},   {U"小学", PlaceLevel::kSite},
    {U"幼儿园", PlaceLevel::kSite}, {U"医院", PlaceLevel::kSite},   {U"市场", PlaceLevel::kSite},
    {U"新村", PlaceLevel::kSite},   {U"大道", PlaceLevel::kRoad},   {U"工地", PlaceLevel::kSite},
    {U"商场", PlaceLevel::kSite},   {U"车站", PlaceLevel::kSite},   {U"村", PlaceLevel::kSite},
    {U"苑", PlaceLevel::kSite},     {U"镇", PlaceLevel::kStreet},   {U"乡", PlaceLevel::kStreet},
    {U"路", PlaceLevel::kRoad},     {U"街", PlaceLevel::kRoad},     {U"巷", PlaceLevel::kRoad},
    {U"区", PlaceLevel::kDistrict}, {U"县", PlaceLevel::kDistrict}, {U"市", PlaceLevel::kCity},
}};

// Characters that end a name when read backwards: function words, pronouns, verbs that introduce
// a place, and words for parts of a building.
constexpr std::u32string_view kStopChars =
    U"的了在是我你他她它们和与及或对把被向给从到于请有无不也都很就还这那个该此其各每本等让为以"
    U"因所而且但如要能会可将已至离近旁边着过啊吗呢吧呀么什怎谁哪几多少位住家附面门口楼号栋层室"
    U"说称称问求反映关于经过通过整个所有整条";

// Last characters that make 区 something other than a district (小区, 社区, 景区, …).
constexpr std::u32string_view kNotDistrictBefore = U"小社城景校辖片园厂营矿牧";

// Words before a suffix that describe rather than name ("老旧小区" is any old estate).
constexpr std::u32string_view kGenericNames[] = {U"老旧", U"周边", U"新建", U"周围", U"部分",
                                                 U"多个", U"各个", U"所在", U"整个", U"商品",
                                                 U"安置", U"农村", U"城中"};

// Sets of characters of the Basic Multilingual Plane, looked up in one step.
using CharSet = std::bitset<0x10000>;

// The suffixes that start with a character, in kSuffixes order (at most 4 share one).
struct SuffixGroup {
  std::array<uint8_t, 4> index{};
  uint8_t size = 0;
};

// For each character of the Basic Multilingual Plane, 0 or 1 + its group in SuffixGroups().
const std::vector<SuffixGroup>& SuffixGroups(const std::vector<uint8_t>** group_of) {
  static std::vector<uint8_t> of(0x10000, 0);
  static const std::vector<SuffixGroup> groups = [] {
    std::vector<SuffixGroup> g;
    for (size_t k = 0; k < kSuffixes.size(); ++k) {
      char32_t first = kSuffixes[k].text[0];
      if (of[first] == 0) {
        g.emplace_back();
        of[first] = uint8_t(g.size());
      }
      SuffixGroup& group = g[of[first] - 1];
      group.index[group.size++] = uint8_t(k);
    }
    return g;
  }();
  *group_of = &of;
  return groups;
}

bool IsStop(char32_t c) {
  static const CharSet stops = [] {
    CharSet set;
    for (char32_t s : kStopChars) set.set(s);
    return set;
  }();
  return c < 0x10000 && stops.test(c);
}

bool IsNameChar(char32_t c) {
  return text::IsJiebaHan(c) || text::IsAsciiAlnum(c);
}

bool AllAscii(const std::u32string& s, size_t begin, size_t end) {
  for (size_t i = begin; i < end; ++i)
    if (s[i] >= 0x80) return false;
  return true;
}

// The accepted start of a name ending at `end` (exclusive) with suffix level `level`, or npos.
size_t NameStart(const std::u32string& s, size_t boundary, size_t end, PlaceLevel level) {
  size_t max_len = level == PlaceLevel::kRoad ? 6 : 8;
  if (level == PlaceLevel::kCity || level == PlaceLevel::kDistrict) max_len = 4;
  size_t begin = end;
  while (begin > boundary && end - begin < max_len && IsNameChar(s[begin - 1]) &&
         !IsStop(s[begin - 1]))
    --begin;
  size_t len = end - begin;
  if (level == PlaceLevel::kCity || level == PlaceLevel::kDistrict) {
    // ASCII names are whole runs (A5区, not 5区).
    if (begin > 0 && s[begin - 1] < 0x80 && text::IsAsciiAlnum(s[begin - 1]))
      return std::string::npos;
    if (AllAscii(s, begin, end)) return len >= 1 && len <= 3 ? begin : std::string::npos;
    if (len < 2) return std::string::npos;
    if (level == PlaceLevel::kDistrict &&
        kNotDistrictBefore.find(s[end - 1]) != std::u32string_view::npos)
      return std::string::npos;
    return begin;
  }
  if (len < 2) return std::string::npos;
  std::u32string_view name(s.data() + begin, len);
  for (std::u32string_view generic : kGenericNames)
    if (name == generic) return std::string::npos;
  return begin;
}

}  // namespace

std::vector<Place> ExtractPlaces(std::string_view utf8) {
  std::vector<Place> places;
  ExtractPlaces(utf8, &places);
  return places;
}

void ExtractPlaces(std::string_view utf8, std::vector<Place>* out) {
  thread_local std::u32string chars;
  thread_local std::vector<size_t> offsets;  // character index -> byte offset
  std::u32string& s = chars;
  std::vector<size_t>& offset = offsets;
  s.resize(utf8.size());
  offset.resize(utf8.size() + 1);
  size_t n = 0;
  for (size_t pos = 0; pos < utf8.size(); ++n) {
    text::DecodedChar c = text::DecodeAt(utf8, pos);
    s[n] = c.code_point;
    offset[n] = pos;
    pos += c.length;
  }
  s.resize(n);
  offset[n] = utf8.size();
  const std::vector<uint8_t>* group_of = nullptr;
  const std::vector<SuffixGroup>& groups = SuffixGroups(&group_of);
  size_t count = 0;  // the places found so far; `out`'s strings are reused
  size_t boundary = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (!IsNameChar(s[i])) {
      boundary = i + 1;
      continue;
    }
    uint8_t group = s[i] < 0x10000 ? (*group_of)[s[i]] : 0;
    if (group == 0) continue;
    const SuffixGroup& candidates = groups[group - 1];
    for (uint8_t k = 0; k < candidates.size; ++k) {
      const Suffix& suffix = kSuffixes[candidates.index[k]];
      if (i + suffix.text.size() > s.size() ||
          std::u32string_view(s.data() + i + 1, suffix.text.size() - 1) != suffix.text.substr(1))
        continue;
      size_t begin = NameStart(s, boundary, i, suffix.level);
      if (begin == std::string::npos) continue;
      size_t end = i + suffix.text.size();
      size_t key_begin = i - begin > 4 ? i - 4 : begin;
      // Names are ideographs and ASCII letters only, so they are the input's bytes.
      if (count == out->size()) out->emplace_back();
      Place& place = (*out)[count++];
      place.name.assign(utf8.substr(offset[begin], offset[end] - offset[begin]));
      place.level = suffix.level;
      place.key.assign(utf8.substr(offset[key_begin], offset[end] - offset[key_begin]));
      place.begin = offset[begin];
      place.end = offset[end];
      boundary = end;
      i = end - 1;
      break;
    }
  }
  out->resize(count);
}

}  // namespace zb::analytics
