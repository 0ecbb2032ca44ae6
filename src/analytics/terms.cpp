#include "analytics/terms.h"

#include <algorithm>
#include <array>
#include <functional>
#include <string>

#include "text/utf8.h"

namespace zb::analytics {
namespace {

constexpr std::array<std::string_view, 86> kStopWords{
    "您好", "你好", "尊敬",   "领导", "书记", "市长", "局长", "区长", "县长", "谢谢", "感谢",
    "希望", "问题", "反映",   "请问", "我们", "你们", "他们", "没有", "现在", "已经", "什么",
    "可以", "这个", "一个",   "还是", "情况", "相关", "部门", "处理", "要求", "严重", "附近",
    "居民", "群众", "市民",   "业主", "目前", "一直", "这样", "因为", "所以", "但是", "如果",
    "而且", "怎么", "为什么", "是否", "能否", "不能", "不是", "就是", "的话", "进行", "工作",
    "政府", "有关", "一下",   "多次", "时间", "今年", "去年", "小区", "社区", "街道", "我家",
    "自己", "大家", "非常",   "特别", "这些", "那些", "以来", "之前", "之后", "以后", "然后",
    "其中", "真的", "这里",   "那里", "影响", "解决", "导致", "出现", "发现"};

bool AllHan(std::string_view word, size_t* chars) {
  *chars = 0;
  for (size_t pos = 0; pos < word.size();) {
    text::DecodedChar c = text::DecodeAt(word, pos);
    if (!text::IsJiebaHan(c.code_point)) return false;
    pos += c.length;
    ++*chars;
  }
  return true;
}

bool Overlaps(std::string_view text, std::string_view token, std::span<const Place> places) {
  size_t begin = size_t(token.data() - text.data()), end = begin + token.size();
  for (const Place& p : places)
    if (begin < p.end && p.begin < end) return true;
  return false;
}

}  // namespace

uint32_t WordTable::Find(std::string_view word, uint64_t hash) {
  const uint64_t tag = Tag(word, hash);
  auto same = [&](const Slot& slot) {
    if (slot.tag != tag) return false;
    if (word.size() >= 0xFFFF && ends_[slot.id] != slot.begin + word.size()) return false;
    return std::memcmp(chars_.data() + slot.begin, word.data(), word.size()) == 0;
  };
  if (slots_.empty()) return kNone;
  size_t mask = slots_.size() - 1;
  for (size_t at = (hash >> 16) & mask;; at = (at + 1) & mask) {
    const Slot& slot = slots_[at];
    if (slot.id == kNone) return kNone;
    if (same(slot)) return slot.id;
  }
}

uint32_t WordTable::Add(std::string_view word, uint64_t hash, float weight) {
  if (2 * (weights_.size() + 1) > slots_.size()) {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(std::max<size_t>(1024, old.size() * 2), Slot{});
    size_t mask = slots_.size() - 1;
    for (const Slot& slot : old) {
      if (slot.id == kNone) continue;
      size_t at = (slot.tag >> 16) & mask;
      while (slots_[at].id != kNone) at = (at + 1) & mask;
      slots_[at] = slot;
    }
  }
  uint32_t id = uint32_t(weights_.size());
  uint32_t begin = uint32_t(chars_.size());
  chars_ += word;
  ends_.push_back(uint32_t(chars_.size()));
  weights_.push_back(weight);
  size_t mask = slots_.size() - 1;
  size_t at = (hash >> 16) & mask;
  while (slots_[at].id != kNone) at = (at + 1) & mask;
  slots_[at] = {Tag(word, hash), id, begin};
  return id;
}

TermExtractor::TermExtractor(const text::Segmenter& segmenter, const text::IdfTable& idf)
    : segmenter_(segmenter), idf_(idf) {}

bool TermExtractor::IsStopWord(std::string_view word) const {
  return std::find(kStopWords.begin(), kStopWords.end(), word) != kStopWords.end();
}

void TermExtractor::TopTerms(std::string_view title, std::string_view content,
                             std::span<const Place> title_places,
                             std::span<const Place> content_places, size_t k, WordTable& words,
                             std::vector<WeightedTerm>* out) const {
  thread_local std::vector<std::string_view> tokens;
  thread_local std::vector<std::pair<std::string_view, uint64_t>> hashed;
  std::vector<WeightedTerm>& terms = *out;  // weight: tf, then tf·idf
  terms.clear();
  auto add = [&](std::string_view text, double tf, std::span<const Place> places) {
    tokens.clear();
    segmenter_.Cut(text, {}, &tokens);
    hashed.clear();
    for (std::string_view token : tokens) {
      if (token.size() < 6) continue;  // fewer than two ideographs
      // Words where the text names a place are not counted: they need no lookup (and the table
      // stays free of the many fragments of place names).
      if (!places.empty() && Overlaps(text, token, places)) continue;
      // Nor are words with anything but ideographs (numbers, codes, mixed runs): leaving them out
      // here keeps the table to the few tens of thousands of real words, which stay in the cache.
      size_t chars = 0;
      if (!AllHan(token, &chars) || chars < 2) continue;
      uint64_t hash = WordHash(token);
      words.Prefetch(hash);
      hashed.push_back({token, hash});
    }
    for (auto [token, hash] : hashed) {
      uint32_t id = words.Find(token, hash);
      if (id == WordTable::kNone)
        id = words.Add(token, hash, IsStopWord(token) ? -1.0f : float(idf_.Idf(token)));
      if (words.Weight(id) < 0) continue;
      auto it = std::find_if(terms.begin(), terms.end(),
                             [&](const WeightedTerm& t) { return t.id == id; });
      if (it == terms.end()) {
        terms.push_back({id, token, tf});
      } else {
        it->weight += tf;
      }
    }
  };
  add(title, 2, title_places);
  add(content, 1, content_places);
  for (WeightedTerm& t : terms) t.weight *= words.Weight(t.id);
  auto better = [](const WeightedTerm& a, const WeightedTerm& b) {
    return a.weight != b.weight ? a.weight > b.weight : a.word < b.word;
  };
  size_t keep = std::min(k, terms.size());
  if (keep < terms.size())
    std::nth_element(terms.begin(), terms.begin() + keep, terms.end(), better);
  terms.resize(keep);
  std::sort(terms.begin(), terms.end(), better);
}

}  // namespace zb::analytics
