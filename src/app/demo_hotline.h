// The demo office's hotline: several months of tickets built from the real citizen messages in
// data/tipdm2020-sample/attachment2.csv, each living its own timeline through the workflow up to
// now, so every state, light, return, extension, callback outcome and merge is present and the
// KPIs are meaningful. With `years` (`zhengban demo --hotline-years 3`), the tickets are instead
// the synthetic stream of analytics/generator.h over that many years up to today — weekly and
// holiday effects, planted emerging, trending, periodic and hot-issue signals — so the insight
// has years of history to work on. Deterministic for a given seed.
#pragma once

#include "app/app_context.h"

namespace zb::app {

struct DemoHotlineOptions {
  int days = 120;            // history length
  int per_working_day = 60;  // average tickets on a working day (a third on days off)
  int years = 0;             // > 0: the generated stream instead (days and per_working_day unused)
  double per_day = 40;       // the stream's average tickets a day
  unsigned seed = 2026;
  std::string messages_file = "data/tipdm2020-sample/attachment2.csv";
  std::string categories_file = "data/tipdm2020-sample/attachment1.csv";
};

// Needs the demo office's units and users (operator1, operator2, chief_sup, liaisons). Adds the
// liaisons the hotline needs that the office lacks.
Status CreateDemoHotline(AppContext& ctx, const DemoHotlineOptions& options);

}  // namespace zb::app
