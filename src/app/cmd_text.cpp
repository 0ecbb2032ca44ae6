// `zhengban text ...`: the Chinese text engine from the shell. Both commands read UTF-8 lines on
// standard input and write one line of output per input line.
//
//   text segment [--no-hmm]            the line's tokens separated by single spaces (as
//                                      ' '.join(jieba.lcut(line)))
//   text keywords [--top N] [--textrank] [--weights]
//                                      the line's keywords, best first, separated by spaces
//   text eval FILE.csv --text-columns A,B --label-column L [--folds 5]
//                                      k-fold cross-validation of the classifier; the last line
//                                      is "accuracy=<a> macro_f1=<f>"; before it, the
//                                      reliability of the held-out confidences, raw and calibrated
//   text train FILE.csv --text-columns A,B --label-column L --model OUT
//   text classify --model FILE         "label<TAB>confidence" for each stdin line
// Both take --dict-dir DIR (jieba's data; default $ZB_JIEBA_DIR or Debian's python3-jieba) and
// --user-dict FILE (repeatable; e.g. data/text/userdict.txt). Bad input exits with code 2.
#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "app/command.h"
#include "text/calibration.h"
#include "text/classifier.h"
#include "text/csv.h"
#include "text/evaluation.h"
#include "text/keywords.h"
#include "text/segmenter.h"

namespace zb::app {
namespace {

constexpr int kBadInput = 2;

struct TextOptions {
  std::string dict_dir = text::DefaultJiebaDir();
  std::vector<std::string> user_dicts;
  bool no_hmm = false;
  size_t top = 20;
  bool textrank = false;
  bool weights = false;
  std::string csv;
  std::vector<std::string> text_columns;
  std::string label_column;
  int folds = 5;
  std::string model;
  double c = 1.0;
  int min_df = 2;
};

text::Segmenter LoadSegmenter(const TextOptions& o) {
  auto loaded = text::Segmenter::Load(o.dict_dir);
  if (!loaded.ok()) Fail(loaded.status().ToString(), 1);
  for (const std::string& path : o.user_dicts) {
    Status status = loaded->LoadUserDict(path);
    if (!status.ok()) Fail(status.ToString(), kBadInput);
  }
  return std::move(loaded).value();
}

// Calls `per_line` for each line of standard input (without its line ending) and prints what it
// appends to the output buffer, followed by a newline.
template <typename F>
void ForEachLine(F per_line) {
  std::ios::sync_with_stdio(false);
  std::string line, out;
  while (std::getline(std::cin, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    per_line(line, &out);
    out += '\n';
    if (out.size() > (1 << 16)) {
      std::fwrite(out.data(), 1, out.size(), stdout);
      out.clear();
    }
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  std::fflush(stdout);
}

void RunSegment(const TextOptions& o) {
  text::Segmenter segmenter = LoadSegmenter(o);
  std::vector<std::string_view> tokens;
  ForEachLine([&](const std::string& line, std::string* out) {
    tokens.clear();
    segmenter.Cut(line, {.hmm = !o.no_hmm}, &tokens);
    for (size_t i = 0; i < tokens.size(); ++i) {
      if (i > 0) *out += ' ';
      *out += tokens[i];
    }
  });
}

void RunKeywords(const TextOptions& o) {
  text::Segmenter segmenter = LoadSegmenter(o);
  auto idf = text::IdfTable::LoadFromJiebaDir(o.dict_dir);
  if (!idf.ok()) Fail(idf.status().ToString(), 1);
  text::KeywordExtractor extractor(segmenter, *idf);
  ForEachLine([&](const std::string& line, std::string* out) {
    auto keywords = o.textrank ? extractor.TextRank(line, o.top) : extractor.TfIdf(line, o.top);
    for (size_t i = 0; i < keywords.size(); ++i) {
      if (i > 0) *out += ' ';
      *out += keywords[i].word;
      if (o.weights) {
        char weight[32];
        std::snprintf(weight, sizeof weight, ":%.6f", keywords[i].weight);
        *out += weight;
      }
    }
  });
}

struct LabelledTexts {
  std::vector<std::vector<std::string>> documents;  // feature terms
  std::vector<std::string> labels;
};

LabelledTexts ReadLabelled(const TextOptions& o, const text::Segmenter& segmenter) {
  auto texts = text::ReadCsvColumns(o.csv, o.text_columns);
  if (!texts.ok()) Fail(texts.status().ToString(), kBadInput);
  auto labels = text::ReadCsvColumns(o.csv, {o.label_column});
  if (!labels.ok()) Fail(labels.status().ToString(), kBadInput);
  LabelledTexts out;
  for (size_t i = 0; i < texts->size(); ++i) {
    if ((*labels)[i].empty()) continue;  // unlabelled rows take no part
    out.documents.push_back(text::FeatureTerms(segmenter, (*texts)[i]));
    out.labels.push_back((*labels)[i]);
  }
  return out;
}

void RunEval(const TextOptions& o) {
  text::Segmenter segmenter = LoadSegmenter(o);
  auto start = std::chrono::steady_clock::now();
  LabelledTexts data = ReadLabelled(o, segmenter);
  double featurise =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  text::TrainOptions train{.c = o.c, .min_df = o.min_df};
  auto e = text::CrossValidate(data.documents, data.labels, o.folds, train);
  if (!e.ok()) Fail(e.status().ToString(), kBadInput);
  std::printf("%zu examples, %zu classes, %d folds (fold = row %% %d)\n", data.labels.size(),
              e->labels.size(), o.folds, o.folds);
  std::printf("%s", text::FormatConfusion(*e).c_str());
  std::printf("seconds: features %.3f, training %.3f, prediction %.3f\n", featurise,
              e->train_seconds, e->predict_seconds);
  // Reliability of the held-out confidences: the raw softmax, and with the temperature fitted on
  // the other folds' held-out scores (text/calibration.h).
  auto raw = text::Reliability(e->held_out, 1.0, 10);
  auto fold_t = text::CrossFittedTemperatures(e->held_out, o.folds);
  auto calibrated = text::Reliability(e->held_out, fold_t, 10);
  std::printf(
      "reliability (held out)  raw: n  confidence accuracy | calibrated: n  confidence "
      "accuracy\n");
  for (size_t i = 0; i < raw.size(); ++i) {
    std::printf("  %3.0f–%3.0f %%            %4d %6.3f %8.3f  |             %4d %6.3f %8.3f\n",
                raw[i].low * 100, raw[i].high * 100, raw[i].count, raw[i].confidence,
                raw[i].accuracy, calibrated[i].count, calibrated[i].confidence,
                calibrated[i].accuracy);
  }
  std::printf("temperature %.4f (all folds); calibration error raw %.4f, calibrated %.4f\n",
              text::FitTemperature(e->held_out), text::CalibrationError(raw),
              text::CalibrationError(calibrated));
  std::printf("accuracy=%.4f macro_f1=%.4f\n", e->accuracy, e->macro_f1);
}

void RunTrain(const TextOptions& o) {
  text::Segmenter segmenter = LoadSegmenter(o);
  LabelledTexts data = ReadLabelled(o, segmenter);
  auto model = text::TextClassifier::Train(data.documents, data.labels,
                                           text::TrainOptions{.c = o.c, .min_df = o.min_df});
  if (!model.ok()) Fail(model.status().ToString(), kBadInput);
  Status saved = model->Save(o.model);
  if (!saved.ok()) Fail(saved.ToString(), 1);
  std::printf("trained on %zu examples, %zu classes: %s\n", data.labels.size(),
              model->labels().size(), o.model.c_str());
}

void RunClassify(const TextOptions& o) {
  text::Segmenter segmenter = LoadSegmenter(o);
  auto model = text::TextClassifier::Load(o.model);
  if (!model.ok()) Fail(model.status().ToString(), kBadInput);
  ForEachLine([&](const std::string& line, std::string* out) {
    text::Prediction p = model->PredictText(segmenter, line);
    char confidence[32];
    std::snprintf(confidence, sizeof confidence, "\t%.4f", p.confidence);
    *out += p.label + confidence;
  });
}

void AddClassifierOptions(CLI::App* cmd, TextOptions& o) {
  cmd->add_option("FILE.csv", o.csv, "UTF-8 CSV with a header row")->required();
  cmd->add_option("--text-columns", o.text_columns, "columns holding the text")
      ->delimiter(',')
      ->required();
  cmd->add_option("--label-column", o.label_column, "column holding the label")->required();
  cmd->add_option("--c", o.c, "SVM regularisation C")->capture_default_str();
  cmd->add_option("--min-df", o.min_df, "minimum document frequency of a feature")
      ->capture_default_str();
}

void AddDictionaryOptions(CLI::App* cmd, TextOptions& o) {
  cmd->add_option("--dict-dir", o.dict_dir, "jieba's data folder (dict.txt, finalseg/, analyse/)")
      ->capture_default_str();
  cmd->add_option("--user-dict", o.user_dicts, "a user dictionary in jieba's format (repeatable)");
}

void Setup(CLI::App& app, GlobalOptions&) {
  auto options = std::make_shared<TextOptions>();
  TextOptions& o = *options;
  CLI::App* group =
      app.add_subcommand("text", "Chinese text: segmentation, keywords, classification");
  group->require_subcommand(1);

  CLI::App* segment = group->add_subcommand("segment", "segment each stdin line into words");
  AddDictionaryOptions(segment, o);
  segment->add_flag("--no-hmm", o.no_hmm, "do not guess unknown words (jieba HMM=False)");
  segment->callback([options] { RunSegment(*options); });

  CLI::App* keywords = group->add_subcommand("keywords", "top keywords of each stdin line");
  AddDictionaryOptions(keywords, o);
  keywords->add_option("--top", o.top, "how many keywords per line")->capture_default_str();
  keywords->add_flag("--textrank", o.textrank, "TextRank instead of TF-IDF");
  keywords->add_flag("--weights", o.weights, "print word:weight");
  keywords->callback([options] { RunKeywords(*options); });

  CLI::App* eval = group->add_subcommand("eval", "cross-validate the classifier on a CSV");
  AddDictionaryOptions(eval, o);
  AddClassifierOptions(eval, o);
  eval->add_option("--folds", o.folds, "number of folds")->capture_default_str();
  eval->callback([options] { RunEval(*options); });

  CLI::App* train = group->add_subcommand("train", "train the classifier and save the model");
  AddDictionaryOptions(train, o);
  AddClassifierOptions(train, o);
  train->add_option("--model", o.model, "where to write the model")->required();
  train->callback([options] { RunTrain(*options); });

  CLI::App* classify = group->add_subcommand("classify", "label each stdin line with a model");
  AddDictionaryOptions(classify, o);
  classify->add_option("--model", o.model, "a model written by `text train`")->required();
  classify->callback([options] { RunClassify(*options); });
}

const CommandRegistrar registrar(Setup);

}  // namespace
}  // namespace zb::app
