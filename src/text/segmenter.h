// A Chinese word segmenter compatible with jieba's default ("accurate") mode: jieba.lcut(text)
// with HMM on, or jieba.lcut(text, HMM=False). It reads the dictionary and model that jieba ships
// (dict.txt and finalseg/prob_*.py) and accepts user dictionaries in jieba's format.
//
// Input is UTF-8; a malformed byte is treated as a one-byte character of its own and becomes its
// own token, so any byte string is accepted and every token is a slice of the input.
//
// Thread-safety: Cut() and the other const members may be called from many threads at once.
// AddWord() and LoadUserDict() modify the dictionary and must not run concurrently with anything
// else; to change the dictionary of a segmenter in use, copy it, modify the copy, and swap a
// shared_ptr to it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "base/status.h"
#include "text/hmm_model.h"
#include "text/prefix_dict.h"

namespace zb::text {

// The folder holding jieba's dict.txt and finalseg/: $ZB_JIEBA_DIR if set, else Debian's
// /usr/lib/python3/dist-packages/jieba.
std::string DefaultJiebaDir();

struct CutOptions {
  bool hmm = true;  // recognise unknown words with the HMM (jieba's HMM=True)
};

class Segmenter {
 public:
  // Loads `dir`/dict.txt and `dir`/finalseg/prob_{start,trans,emit}.py.
  static Result<Segmenter> Load(const std::string& dir = DefaultJiebaDir());

  // The tokens of `text`, in order, as views into `text`. Concatenated they give back `text`.
  std::vector<std::string_view> Cut(std::string_view text, CutOptions options = {}) const;
  // The same, appending to `out` (which is not cleared).
  void Cut(std::string_view text, CutOptions options, std::vector<std::string_view>* out) const;

  // Adds or updates a word, as jieba.add_word: without `freq`, the frequency that makes the word
  // come out whole (jieba's suggest_freq). A frequency of 0 deletes the word and forces the HMM to
  // split it.
  void AddWord(std::string_view word, std::optional<int64_t> freq = std::nullopt,
               std::string_view tag = {});
  // jieba.suggest_freq(word, tune=False).
  int64_t SuggestFreq(std::string_view word) const;

  // Loads a user dictionary: one `word [freq] [tag]` per line, UTF-8 (a BOM is ignored).
  Status LoadUserDict(const std::string& path);
  Status LoadUserDictText(std::string_view content, const std::string& name = "<text>");

  // jieba's FREQ.get(word): the frequency, 0 for a prefix only, nullopt if unknown.
  std::optional<int64_t> Frequency(std::string_view word) const;
  // The part-of-speech tag dict.txt or a user dictionary gave the word, or "" if none.
  std::string_view Tag(std::string_view word) const;
  int64_t total() const { return total_; }

 private:
  struct Scratch;
  void CutHanBlock(std::string_view text, size_t begin, size_t end, CutOptions options,
                   Scratch& scratch, std::vector<std::string_view>* out) const;
  void CutUnknown(std::string_view text, size_t begin, size_t end, Scratch& scratch,
                  std::vector<std::string_view>* out) const;
  void SetTotal(int64_t total);

  PrefixDict dict_;
  HmmModel hmm_;
  int64_t total_ = 0;
  double log_total_ = 0;
  std::unordered_set<std::string> force_split_;
};

}  // namespace zb::text
