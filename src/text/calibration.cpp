#include "text/calibration.h"

#include <algorithm>
#include <cmath>

namespace zb::text {

namespace {

// −log softmax(scores / t)[label]; the label missing from the scores counts as a large loss.
double Loss(const HeldOutScore& h, double t) {
  if (h.scores.empty()) return 0;
  double best = h.scores[0].second, sum = 0, mine = -HUGE_VAL;
  for (const auto& [label, s] : h.scores) {
    sum += std::exp((s - best) / t);
    if (label == h.label) mine = (s - best) / t;
  }
  if (mine == -HUGE_VAL) return 50;
  return std::log(sum) - mine;
}

double TotalLoss(const std::vector<HeldOutScore>& held_out, double t) {
  double total = 0;
  for (const auto& h : held_out) total += Loss(h, t);
  return total;
}

}  // namespace

double TopConfidence(const std::vector<std::pair<std::string, double>>& scores, double t) {
  if (scores.empty()) return 0;
  double best = scores[0].second, sum = 0;
  for (const auto& s : scores) sum += std::exp((s.second - best) / t);
  return 1.0 / sum;
}

double FitTemperature(const std::vector<HeldOutScore>& held_out) {
  if (held_out.empty()) return 1.0;
  // The loss is convex in 1/t; golden-section search over log t.
  double lo = std::log(0.01), hi = std::log(100.0);
  const double g = (std::sqrt(5.0) - 1) / 2;
  double a = hi - g * (hi - lo), b = lo + g * (hi - lo);
  double fa = TotalLoss(held_out, std::exp(a)), fb = TotalLoss(held_out, std::exp(b));
  for (int i = 0; i < 60; ++i) {
    if (fa < fb) {
      hi = b;
      b = a;
      fb = fa;
      a = hi - g * (hi - lo);
      fa = TotalLoss(held_out, std::exp(a));
    } else {
      lo = a;
      a = b;
      fa = fb;
      b = lo + g * (hi - lo);
      fb = TotalLoss(held_out, std::exp(b));
    }
  }
  return std::exp((lo + hi) / 2);
}

std::vector<double> CrossFittedTemperatures(const std::vector<HeldOutScore>& held_out, int folds) {
  std::vector<double> out;
  for (int f = 0; f < folds; ++f) {
    std::vector<HeldOutScore> others;
    for (const auto& h : held_out) {
      if (h.fold != f) others.push_back(h);
    }
    out.push_back(FitTemperature(others));
  }
  return out;
}

std::vector<ReliabilityBin> Reliability(const std::vector<HeldOutScore>& held_out, double t,
                                        int bins) {
  int folds = 1;
  for (const auto& h : held_out) folds = std::max(folds, h.fold + 1);
  return Reliability(held_out, std::vector<double>(static_cast<size_t>(folds), t), bins);
}

std::vector<ReliabilityBin> Reliability(const std::vector<HeldOutScore>& held_out,
                                        const std::vector<double>& fold_t, int bins) {
  bins = std::max(bins, 1);
  std::vector<ReliabilityBin> out(static_cast<size_t>(bins));
  for (int i = 0; i < bins; ++i) {
    out[static_cast<size_t>(i)].low = static_cast<double>(i) / bins;
    out[static_cast<size_t>(i)].high = static_cast<double>(i + 1) / bins;
  }
  for (const auto& h : held_out) {
    if (h.scores.empty() || h.fold < 0 || static_cast<size_t>(h.fold) >= fold_t.size()) continue;
    double c = TopConfidence(h.scores, fold_t[static_cast<size_t>(h.fold)]);
    auto i = static_cast<size_t>(std::min(bins - 1, static_cast<int>(c * bins)));
    ReliabilityBin& b = out[i];
    ++b.count;
    b.confidence += c;
    b.accuracy += h.scores[0].first == h.label ? 1 : 0;
  }
  for (auto& b : out) {
    if (b.count == 0) continue;
    b.confidence /= b.count;
    b.accuracy /= b.count;
  }
  return out;
}

double CalibrationError(const std::vector<ReliabilityBin>& bins) {
  double err = 0;
  int total = 0;
  for (const auto& b : bins) {
    err += b.count * std::abs(b.accuracy - b.confidence);
    total += b.count;
  }
  return total ? err / total : 0;
}

}  // namespace zb::text
