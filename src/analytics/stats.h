// Distribution functions the detectors need, in double precision, without external libraries.
#pragma once

#include <cstdint>

namespace zb::analytics {

// P(X >= k) for X ~ Poisson(mean); 1 for k <= 0. Accurate to ~1e-12 relative down to 1e-300.
double PoissonUpperTail(int64_t k, double mean);
// -log10 of PoissonUpperTail, finite even when the tail underflows.
double PoissonSurprise(int64_t k, double mean);
// Standard normal upper tail P(Z >= z).
double NormalUpperTail(double z);
// Regularized incomplete beta I_x(a, b).
double IncompleteBeta(double a, double b, double x);
// P(F >= f) for F ~ F(d1, d2).
double FUpperTail(double f, double d1, double d2);

}  // namespace zb::analytics
