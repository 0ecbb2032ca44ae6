// The demo office's hotline insight: stored runs with findings of every type, so the dashboard and
// the 热点与预警 section show current findings with evidence and a report can be downloaded.
//
// The demo's stored hotline tickets cover a few months: enough for hot issues and emerging
// problems, not for trends (26 weeks) or periodicity (24 whole months). So the demo runs are made
// over a synthetic three-year history up to yesterday (analytics/generator.h, from the real
// messages of attachment2.csv, with planted trending, yearly and weekly signals), with a hot
// issue the week before last and a new one and an emerging matter in the last week added; the
// runs are marked source "synthetic". Two daily runs, a week apart, as the system user, so the
// findings are new, continuing and subsided, and the server's daily job finds yesterday done: its
// first own run (the next day, over the stored tickets) is compared with these. Deterministic for
// a given seed.
#pragma once

#include <string>

#include "app/app_context.h"

namespace zb::app {

struct DemoInsightOptions {
  // The demo's hotline has years of stored tickets (demo --hotline-years): the two runs read them
  // instead of a synthetic history.
  bool stored = false;
  int years = 3;
  double per_day = 40;
  unsigned seed = 2026;
  std::string messages_file = "data/tipdm2020-sample/attachment2.csv";
};

Status CreateDemoInsight(AppContext& ctx, const DemoInsightOptions& options);

}  // namespace zb::app
