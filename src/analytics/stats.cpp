#include "analytics/stats.h"

#include <cmath>
#include <limits>

namespace zb::analytics {
namespace {

// log P(X = k) for X ~ Poisson(mean).
double LogPoissonPmf(int64_t k, double mean) {
  return double(k) * std::log(mean) - mean - std::lgamma(double(k) + 1);
}

// log P(X >= k): sum of pmf terms from k upwards (they decrease once k > mean), in log space.
double LogPoissonUpperTail(int64_t k, double mean) {
  if (k <= 0) return 0;
  if (mean <= 0) return -std::numeric_limits<double>::infinity();
  if (double(k) <= mean) {
    // The lower tail is the short sum here: 1 - P(X < k).
    double lower = 0;
    for (int64_t i = 0; i < k; ++i) lower += std::exp(LogPoissonPmf(i, mean));
    return std::log(std::max(1 - lower, 1e-300));
  }
  double first = LogPoissonPmf(k, mean);
  double sum = 1, term = 1;
  for (int64_t i = k + 1; i < k + 10000; ++i) {
    term *= mean / double(i);
    sum += term;
    if (term < sum * 1e-16) break;
  }
  return first + std::log(sum);
}

double BetaContinuedFraction(double a, double b, double x) {
  const double tiny = 1e-300;
  double qab = a + b, qap = a + 1, qam = a - 1;
  double c = 1, d = 1 - qab * x / qap;
  if (std::fabs(d) < tiny) d = tiny;
  d = 1 / d;
  double h = d;
  for (int m = 1; m <= 300; ++m) {
    int m2 = 2 * m;
    double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (std::fabs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (std::fabs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (std::fabs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (std::fabs(c) < tiny) c = tiny;
    d = 1 / d;
    double del = d * c;
    h *= del;
    if (std::fabs(del - 1) < 1e-15) break;
  }
  return h;
}

}  // namespace

double PoissonUpperTail(int64_t k, double mean) {
  return std::exp(LogPoissonUpperTail(k, mean));
}

double PoissonSurprise(int64_t k, double mean) {
  return -LogPoissonUpperTail(k, mean) / std::log(10.0);
}

double NormalUpperTail(double z) {
  return 0.5 * std::erfc(z / std::sqrt(2.0));
}

double IncompleteBeta(double a, double b, double x) {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  double log_front =
      std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * std::log(x) + b * std::log(1 - x);
  if (x < (a + 1) / (a + b + 2)) return std::exp(log_front) * BetaContinuedFraction(a, b, x) / a;
  return 1 - std::exp(log_front) * BetaContinuedFraction(b, a, 1 - x) / b;
}

double FUpperTail(double f, double d1, double d2) {
  if (!(f > 0)) return 1;
  return IncompleteBeta(d2 / 2, d1 / 2, d2 / (d2 + d1 * f));
}

}  // namespace zb::analytics
