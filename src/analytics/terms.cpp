#include "analytics/terms.h"

#include <algorithm>
#include <array>

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

}  // namespace

TermExtractor::TermExtractor(const text::Segmenter& segmenter, const text::IdfTable& idf)
    : segmenter_(segmenter), idf_(idf) {}

bool TermExtractor::IsStopWord(std::string_view word) const {
  return std::find(kStopWords.begin(), kStopWords.end(), word) != kStopWords.end();
}

std::vector<WeightedTerm> TermExtractor::TopTerms(std::string_view title, std::string_view content,
                                                  size_t k) const {
  thread_local std::vector<std::string_view> tokens;
  std::vector<WeightedTerm> terms;
  auto add = [&](std::string_view text, double tf) {
    tokens.clear();
    segmenter_.Cut(text, {}, &tokens);
    for (std::string_view token : tokens) {
      size_t chars = 0;
      if (token.size() < 6 || !AllHan(token, &chars) || chars < 2 || IsStopWord(token)) continue;
      auto it = std::find_if(terms.begin(), terms.end(),
                             [&](const WeightedTerm& t) { return t.word == token; });
      if (it == terms.end()) {
        terms.push_back({token, tf});
      } else {
        it->weight += tf;
      }
    }
  };
  add(title, 2);
  add(content, 1);
  for (WeightedTerm& t : terms) t.weight *= idf_.Idf(t.word);
  size_t keep = std::min(k, terms.size());
  std::partial_sort(terms.begin(), terms.begin() + keep, terms.end(),
                    [](const WeightedTerm& a, const WeightedTerm& b) {
                      return a.weight != b.weight ? a.weight > b.weight : a.word < b.word;
                    });
  terms.resize(keep);
  return terms;
}

}  // namespace zb::analytics
