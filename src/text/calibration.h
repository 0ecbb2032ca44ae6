// Calibrated confidences for the classifier. A linear SVM's softmax over about a dozen classes
// reads 13–26 % whatever its accuracy; temperature scaling (Guo et al. 2017) divides the scores
// by one number T, fitted to minimise the negative log-likelihood of the true labels on held-out
// scores (cross-validation folds at training time), so that "70 %" is right about 70 % of the
// time. The ranking of the classes is unchanged. Pure functions.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "text/evaluation.h"

namespace zb::text {

struct ReliabilityBin {
  double low = 0, high = 0;  // confidence range [low, high)
  int count = 0;
  double confidence = 0;  // mean predicted confidence of the bin's examples
  double accuracy = 0;    // share of them whose top class was right
};

// The top class's softmax(scores / t).
double TopConfidence(const std::vector<std::pair<std::string, double>>& scores, double t);
// The temperature in [0.01, 100] minimising the held-out negative log-likelihood; 1 if there is
// nothing to fit on.
double FitTemperature(const std::vector<HeldOutScore>& held_out);
// For each fold f, the temperature fitted on the other folds' held-out scores: applied to fold f
// it gives confidences that no fitted number has seen (an honest reliability figure).
std::vector<double> CrossFittedTemperatures(const std::vector<HeldOutScore>& held_out, int folds);
// Each example's top confidence at temperature t, in `bins` equal-width bins (empty ones kept).
std::vector<ReliabilityBin> Reliability(const std::vector<HeldOutScore>& held_out, double t,
                                        int bins);
// The same with the temperature of each example's fold.
std::vector<ReliabilityBin> Reliability(const std::vector<HeldOutScore>& held_out,
                                        const std::vector<double>& fold_t, int bins);
// Expected calibration error: the count-weighted mean |accuracy − confidence| over the bins.
double CalibrationError(const std::vector<ReliabilityBin>& bins);

}  // namespace zb::text
