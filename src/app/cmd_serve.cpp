// zhengban serve: the HTTP server with the API and the web interface.
#include <spdlog/spdlog.h>

#include <unistd.h>

#include <iostream>
#include <thread>

#include "api/api.h"
#include "api/cases_api.h"
#include "api/cluster_events.h"
#include "api/hotline_api.h"
#include "api/hotline_suggest_api.h"
#include "api/insight_api.h"
#include "api/insight_run.h"
#include "app/app_context.h"
#include "app/buffered_log.h"
#include "app/serve_metrics.h"
#include "cases/deadline_monitor.h"
#include "http/server.h"

namespace zb::app {
namespace {

struct ServeArgs {
  std::string listen = "127.0.0.1:8080";
  std::string static_root = "web/dist";
  int threads = 0;
};

void Setup(CLI::App& app, GlobalOptions& options) {
  auto args = std::make_shared<ServeArgs>();
  auto* serve = app.add_subcommand("serve", "启动服务 (serve the API and the web interface)");
  serve->add_option("--listen", args->listen, "host:port")->capture_default_str();
  serve->add_option("--static-root", args->static_root, "the built web interface")
      ->capture_default_str();
  serve->add_option("--threads", args->threads, "I/O threads (0: one per core)");
  serve->callback([&options, args] {
    UseBufferedLog();
    auto ctx = OpenContext(options);
    http::ServerOptions so;
    so.listen = args->listen;
    so.static_root = args->static_root;
    so.threads = args->threads;
    http::Server server(so);
    // Reminders and escalations at the instants lights change.
    cases::DeadlineMonitor monitor(*ctx->store, ctx->workflows);
    // Sweeps are jobs claimed through the database: one node sweeps at a time.
    char host[256] = "";
    ::gethostname(host, sizeof host - 1);
    cases::Scheduler scheduler(monitor, *ctx->clock, *ctx->store,
                               std::string(host) + ":" + std::to_string(::getpid()));
    api::ApiContext api_ctx{*ctx->store,
                            *ctx->engine,
                            *ctx->attachments,
                            *ctx->clock,
                            server.events(),
                            api::ApiOptions{},
                            [&scheduler] { scheduler.Wake(); }};
    api::SetHotlineCategoryFile(std::filesystem::path(options.data_dir) /
                                "tipdm2020-sample/attachment1.csv");
    api::RegisterApi(server.router(), api_ctx);
    // Alerts reach the live stream (and the users' unread badges) as they are raised.
    monitor.on_raised = [&api_ctx](store::Id id) { api::PublishCaseChange(api_ctx, id); };
    // Dispatch suggestions: the model saved in var/models, then one trained now from the closed
    // tickets (keyword rules until then).
    api::SetHotlineModelDir(std::filesystem::path(options.var_dir) / "models");
    // Changes other nodes commit reach this node's live-update clients (PostgreSQL only).
    auto cluster_events = api::ClusterEvents::Start(api_ctx);
    Status s = server.Listen();
    if (!s.ok()) Fail("无法监听 cannot listen on " + args->listen + ": " + s.ToString());
    std::thread hotline_model([&api_ctx] {
      if (Status trained = api::PrepareHotlineModel(api_ctx); !trained.ok()) {
        spdlog::warn("hotline suggestions use keyword rules: {}", trained.ToString());
      }
    });
    server.StopOnSignals();
    RegisterServeMetrics(server.metrics(), *ctx->store, scheduler, *ctx->clock);
    scheduler.Start();
    // Hotline insight's daily update at 01:00, one node a day (a job claimed through the store).
    api::InsightDaily insight_daily(api::InsightRunner::Shared(), *ctx->store, *ctx->clock,
                                    api::InsightCalendar(*ctx->engine),
                                    std::string(host) + ":" + std::to_string(::getpid()));
    insight_daily.Start();
    spdlog::info("zhengban serving http://{}:{} ({})",
                 args->listen.substr(0, args->listen.rfind(':')), server.port(),
                 ctx->store->Describe());
    server.Run();
    hotline_model.join();
    cluster_events.reset();
    scheduler.Stop();
    insight_daily.Stop();
    ctx->engine.reset();
    ctx->store.reset();  // closes the database cleanly after the last request
    spdlog::info("zhengban stopped");
    FlushLog();
  });
}

const CommandRegistrar registrar(&Setup);

}  // namespace
}  // namespace zb::app
