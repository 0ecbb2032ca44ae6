#include "hotline/dispatch_model.h"

#include <algorithm>
#include <map>
#include <set>

#include "text/calibration.h"
#include "text/evaluation.h"

namespace zb::hotline {

namespace {

constexpr const char* kCategoryFile = "hotline-category.model";
constexpr const char* kUnitFile = "hotline-unit.model";

// Level-1 category, the unit that usually handles it, and words callers use for it.
struct Rule {
  const char* category;
  const char* unit_code;
  std::vector<const char*> keywords;
};

const std::vector<Rule>& Rules() {
  static const std::vector<Rule> rules = {
      {"城乡建设", "dept.housing", {"小区",     "物业", "业主",   "房屋", "住房", "楼盘", "开发商",
                                    "拆迁",     "安置", "施工",   "工地", "烂尾", "电梯", "违建",
                                    "违章建筑", "路灯", "下水道", "积水", "供水", "停水", "燃气"}},
      {"环境保护",
       "dept.ecology",
       {"污染", "噪音", "噪声", "排放", "废气", "废水", "异味", "臭味", "扬尘", "油烟", "垃圾焚烧",
        "环保", "粉尘", "排污"}},
      {"交通运输",
       "dept.transport",
       {"公交", "出租车", "网约车", "客运", "车站", "驾校", "交通", "道路运输", "站台", "线路",
        "班车", "地铁", "停车"}},
      {"教育文体",
       "dept.education",
       {"学校", "学生", "老师", "教师", "幼儿园", "教育", "入学", "学位", "培训", "补课", "校车",
        "招生", "体育", "图书馆"}},
      {"劳动和社会保障",
       "dept.human_resources",
       {"工资", "欠薪", "社保", "养老金", "养老保险", "失业", "就业", "劳动合同", "退休", "医保",
        "公积金", "工伤", "人才"}},
      {"卫生计生",
       "dept.health",
       {"医院", "医生", "看病", "诊所", "卫生院", "疫苗", "生育", "二孩", "计生", "药店", "护士",
        "医疗"}},
      {"商贸旅游",
       "dept.commerce",
       {"商场", "超市", "消费者", "退款", "商家", "景区", "旅游", "门票", "酒店", "价格", "售后",
        "快递"}},
  };
  return rules;
}

size_t CountOccurrences(std::string_view text, std::string_view word) {
  size_t n = 0;
  for (size_t at = text.find(word); at != std::string_view::npos;
       at = text.find(word, at + word.size())) {
    ++n;
  }
  return n;
}

std::string Level1(std::string_view category) {
  auto slash = category.find('/');
  return std::string(category.substr(0, slash));
}

}  // namespace

namespace {

// Cross-validates on (at most kMaxCrossValidated of) the examples and sets the fitted temperature.
Result<ClassifierQuality> Calibrate(const std::vector<std::vector<std::string>>& docs,
                                    const std::vector<std::string>& labels,
                                    text::TextClassifier& model) {
  ClassifierQuality q;
  size_t n = std::min(docs.size(), DispatchModel::kMaxCrossValidated);
  std::set<std::string> classes(labels.begin(), labels.begin() + static_cast<ptrdiff_t>(n));
  if (n < classes.size() * DispatchModel::kFolds) return q;
  std::vector<std::vector<std::string>> d(docs.begin(), docs.begin() + static_cast<ptrdiff_t>(n));
  std::vector<std::string> l(labels.begin(), labels.begin() + static_cast<ptrdiff_t>(n));
  ZB_ASSIGN_OR_RETURN(text::Evaluation e, text::CrossValidate(d, l, DispatchModel::kFolds));
  q.folds = DispatchModel::kFolds;
  q.examples = n;
  q.accuracy = e.accuracy;
  q.macro_f1 = e.macro_f1;
  q.temperature = text::FitTemperature(e.held_out);
  q.calibration_error_raw = text::CalibrationError(text::Reliability(e.held_out, 1.0, 10));
  q.calibration_error = text::CalibrationError(text::Reliability(
      e.held_out, text::CrossFittedTemperatures(e.held_out, DispatchModel::kFolds), 10));
  model.set_temperature(q.temperature);
  return q;
}

}  // namespace

Result<DispatchModel> DispatchModel::Train(const text::Segmenter& segmenter,
                                           const std::vector<DispatchExample>& examples,
                                           const TrainProgress& progress) {
  auto phase = [&](std::string_view p) {
    if (progress) progress(p);
  };
  phase("segmenting");
  std::vector<std::vector<std::string>> cat_docs, unit_docs;
  std::vector<std::string> cat_labels, unit_labels;
  for (const DispatchExample& e : examples) {
    if (e.category.empty() && e.unit_code.empty()) continue;
    auto terms = text::FeatureTerms(segmenter, e.text);
    if (!e.category.empty()) {
      cat_docs.push_back(terms);
      cat_labels.push_back(Level1(e.category));
    }
    if (!e.unit_code.empty()) {
      unit_docs.push_back(std::move(terms));
      unit_labels.push_back(e.unit_code);
    }
  }
  auto distinct = [](const std::vector<std::string>& v) {
    return std::set<std::string>(v.begin(), v.end()).size();
  };
  if (distinct(cat_labels) < 2 || distinct(unit_labels) < 2) {
    return Invalid("已办结工单太少，至少需要两类问题和两个承办单位才能训练",
                   "too few closed tickets: training needs two categories and two units");
  }
  phase("training");
  ZB_ASSIGN_OR_RETURN(text::TextClassifier category,
                      text::TextClassifier::Train(cat_docs, cat_labels));
  ZB_ASSIGN_OR_RETURN(text::TextClassifier unit,
                      text::TextClassifier::Train(unit_docs, unit_labels));
  phase("cross-validating");
  ZB_ASSIGN_OR_RETURN(ClassifierQuality cq, Calibrate(cat_docs, cat_labels, category));
  ZB_ASSIGN_OR_RETURN(ClassifierQuality uq, Calibrate(unit_docs, unit_labels, unit));
  DispatchModel model(std::move(category), std::move(unit), examples.size());
  model.category_quality_ = cq;
  model.unit_quality_ = uq;
  return model;
}

Result<std::vector<DispatchExample>> DispatchModel::ClosedTickets(store::Store& store, int limit) {
  std::vector<DispatchExample> out;
  std::map<store::Id, std::string> unit_codes;
  store::CaseQuery q;
  q.kind = "hotline";
  q.state = "closed";
  q.limit = 500;
  while (static_cast<int>(out.size()) < limit) {
    ZB_ASSIGN_OR_RETURN(store::CasePage page, store.ListCases(q));
    for (const store::CaseRecord& c : page.cases) {
      DispatchExample e;
      e.text = c.title + "\n" + c.fields.value("content", "");
      e.category = Level1(c.fields.value("category", ""));
      if (c.lead_unit_id) {
        auto found = unit_codes.find(*c.lead_unit_id);
        if (found == unit_codes.end()) {
          auto unit = store.GetUnit(*c.lead_unit_id);
          found = unit_codes.emplace(*c.lead_unit_id, unit.ok() ? unit->code : "").first;
        }
        e.unit_code = found->second;
      }
      if (!e.category.empty() || !e.unit_code.empty()) out.push_back(std::move(e));
      if (static_cast<int>(out.size()) >= limit) break;
    }
    if (!page.next_cursor) break;
    q.cursor = page.next_cursor;
  }
  return out;
}

DispatchSuggestion DispatchModel::Suggest(const text::Segmenter& segmenter, std::string_view text,
                                          const CategoryTree* tree) const {
  DispatchSuggestion s;
  s.source = "model";
  auto terms = text::FeatureTerms(segmenter, text);
  text::Prediction c = category_.Predict(terms);
  s.category = RefineCategory(c.label, text, tree);
  s.category_confidence = c.confidence;
  text::Prediction u = unit_.Predict(terms);
  s.unit_code = u.label;
  s.unit_confidence = u.confidence;
  return s;
}

Status DispatchModel::Save(const std::filesystem::path& dir) const {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    return Internal("无法创建模型目录：" + dir.string(),
                    "cannot create the model folder " + dir.string() + ": " + ec.message());
  }
  ZB_RETURN_IF_ERROR(category_.Save((dir / kCategoryFile).string()));
  return unit_.Save((dir / kUnitFile).string());
}

Result<DispatchModel> DispatchModel::Load(const std::filesystem::path& dir) {
  ZB_ASSIGN_OR_RETURN(text::TextClassifier category,
                      text::TextClassifier::Load((dir / kCategoryFile).string()));
  ZB_ASSIGN_OR_RETURN(text::TextClassifier unit,
                      text::TextClassifier::Load((dir / kUnitFile).string()));
  return DispatchModel(std::move(category), std::move(unit), 0);
}

DispatchSuggestion SuggestByRules(std::string_view text, const CategoryTree* tree) {
  DispatchSuggestion s;
  s.source = "rules";
  size_t total = 0, best = 0;
  const Rule* chosen = nullptr;
  for (const Rule& r : Rules()) {
    size_t hits = 0;
    for (const char* k : r.keywords) hits += CountOccurrences(text, k);
    total += hits;
    if (hits > best) {
      best = hits;
      chosen = &r;
    }
  }
  if (!chosen) return s;
  double share = static_cast<double>(best) / static_cast<double>(total);
  s.category = RefineCategory(chosen->category, text, tree);
  s.category_confidence = std::min(0.6, share * 0.6);
  s.unit_code = chosen->unit_code;
  s.unit_confidence = s.category_confidence;
  return s;
}

std::string RefineCategory(std::string_view level1, std::string_view text,
                           const CategoryTree* tree) {
  std::string best(level1);
  if (!tree || level1.empty()) return best;
  const Category* root = tree->FindPath(level1);
  if (!root) return best;
  size_t best_len = 0;
  int best_level = 1;
  std::vector<const Category*> stack = {root};
  while (!stack.empty()) {
    const Category* c = stack.back();
    stack.pop_back();
    for (const Category& ch : c->children) stack.push_back(&ch);
    if (c == root || c->disabled || c->name.size() < 6) continue;  // two ideographs at least
    if (text.find(c->name) == std::string_view::npos) continue;
    if (c->name.size() > best_len || (c->name.size() == best_len && c->level > best_level)) {
      best = c->path;
      best_len = c->name.size();
      best_level = c->level;
    }
  }
  return best;
}

}  // namespace zb::hotline
