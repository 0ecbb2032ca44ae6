// zhengban hotline import FILE [--dry-run]; zhengban open311 key create --name NAME
#include <algorithm>
#include <fstream>
#include <iostream>
#include <sstream>

#include <mimalloc.h>

#include "api/text_admin_api.h"
#include "app/app_context.h"
#include "base/sha256.h"
#include "hotline/dispatch_model.h"
#include "hotline/import.h"
#include "hotline/system_user.h"

namespace zb::app {
namespace {

constexpr const char* kImportUser = "hotline_import";
constexpr const char* kOpen311User = "open311";

struct ImportArgs {
  std::string file;
  bool dry_run = false;
  bool strict = false;
  std::string channel = "web";
};

// Whether the file is an .xlsx (a zip), by its first bytes.
bool IsZipFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char sig[4] = {};
  in.read(sig, 4);
  return in.gcount() == 4 && std::string_view(sig, 4) == std::string_view("PK\x03\x04", 4);
}

// An import allocates and frees a batch of tickets' text every second or two. mimalloc would give
// the freed pages back to the system (after 100 ms) and fault fresh ones in for the next batch:
// keeping them halves the page faults (2.0M → 1.0M on 1M tickets, ≈ 5 % of the import's time).
// The command ends with the import, so the memory is returned then.
void KeepFreedMemory() {
  mi_option_disable(mi_option_allow_decommit);
  mi_option_set(mi_option_decommit_delay, 1000000);
  mi_option_set(mi_option_segment_decommit_delay, 1000000);
  mi_option_disable(mi_option_abandoned_page_decommit);
}

void Import(const GlobalOptions& options, const ImportArgs& args) {
  if (!std::ifstream(args.file, std::ios::binary)) {
    Fail("无法读取文件 cannot read file: " + args.file, 2);
  }
  KeepFreedMemory();
  hotline::ImportOptions opts;
  opts.default_channel = args.channel;
  auto ctx = OpenContext(options);
  auto user =
      hotline::EnsureSystemUser(*ctx->store, kImportUser, "历史工单导入", ctx->clock->Now());
  if (!user.ok()) Fail(user.status().ToString());
  auto actor = ctx->engine->LoadActor(*user);
  if (!actor.ok()) Fail(actor.status().ToString());
  hotline::ImportWrite write;
  write.source = args.file;
  write.progress = [](int64_t written) { std::cerr << "已写入 written: " << written << std::endl; };
  hotline::ColumnMapping mapping;
  auto run = [&]() -> Result<hotline::ImportReport> {
    if (!IsZipFile(args.file)) {  // a CSV file is read a part at a time
      return hotline::ImportCsvFile(*ctx->engine, *actor, args.file, mapping, opts, args.dry_run,
                                    args.strict, write);
    }
    // An .xlsx is read whole (it is zipped XML).
    std::ifstream in(args.file, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto table = hotline::ParseTable(bytes);
    std::string().swap(bytes);
    if (!table.ok()) return table.status();
    if (table->rows.empty()) return Invalid("文件为空", "the file is empty");
    mapping = hotline::AutoMapping(table->rows[0]);
    ZB_ASSIGN_OR_RETURN(auto plan, hotline::PlanImport(*table, mapping, opts));
    return hotline::ImportTickets(*ctx->engine, *actor, std::move(plan), args.dry_run, args.strict,
                                  write);
  };
  auto report = run();
  if (!report.ok()) {  // a file that cannot be imported: exit 2, as for bad arguments
    Fail(report.status().ToString(), report.status().code() == ErrorCode::kInvalidArgument ? 2 : 1);
  }
  for (const auto& [target, column] : mapping) {
    std::cout << "列 column " << column << " → " << target << "\n";
  }
  for (const auto& row : report->rows) {
    if (!row.ok)
      std::cout << "第 " << row.line << " 行 line: " << row.reason << " (" << row.reason_en
                << ")\n";
  }
  if (report->blank_rows) std::cout << "空行 blank rows skipped: " << report->blank_rows << "\n";
  if (args.dry_run) std::cout << "试导入，未写入 dry run, nothing written\n";
  if (args.strict && report->rejected)
    std::cout << "严格模式：有被拒绝的行，未导入 strict: nothing imported\n";
  std::cout << "imported=" << report->imported << " rejected=" << report->rejected << "\n";
}

void CreateKey(const GlobalOptions& options, const std::string& name, const std::string& as_user) {
  auto ctx = OpenContext(options);
  Instant now = ctx->clock->Now();
  store::Id user_id = 0;
  if (as_user.empty()) {
    auto id = hotline::EnsureSystemUser(*ctx->store, kOpen311User, "Open311 接口", now);
    if (!id.ok()) Fail(id.status().ToString());
    user_id = *id;
  } else {
    auto u = ctx->store->FindUserByName(as_user);
    if (!u.ok()) Fail(u.status().ToString(), 2);
    user_id = u->id;
  }
  std::string key = RandomHex(24);
  store::ApiToken t;
  t.name = name;
  t.token_hash = Sha256Hex(key);
  t.user_id = user_id;
  t.scopes = {"open311"};
  t.created_at = now;
  auto id = ctx->store->AddApiToken(t);
  if (!id.ok()) Fail(id.status().ToString());
  store::AuditEntry a;
  a.at = now;
  a.action = "api_token.create";
  a.target = "api_token:" + std::to_string(*id);
  a.detail = {{"name", name}, {"scopes", t.scopes}, {"user_id", user_id}};
  (void)ctx->store->AppendAudit(a);
  std::cout << "Open311 API 密钥已创建（只显示这一次）api key created for \"" << name
            << "\" (shown once):\n"
            << key << "\n";
}

// Trains the dispatch-suggestion model from the closed tickets and saves it where `serve` loads it.
void Train(const GlobalOptions& options, const std::string& dir) {
  auto ctx = OpenContext(options);
  // jieba's dictionary with the office's stored words, as the server segments (text_admin_api.h).
  if (Status s = api::ReloadOfficeDictionary(*ctx->store); !s.ok()) Fail(s.ToString());
  std::shared_ptr<const text::Segmenter> segmenter = api::OfficeSegmenter();
  if (!segmenter) Fail("没有分词词典（python3-jieba）/ no segmenter dictionary");
  auto examples = hotline::DispatchModel::ClosedTickets(*ctx->store, 50000);
  if (!examples.ok()) Fail(examples.status().ToString());
  auto model = hotline::DispatchModel::Train(*segmenter, *examples);
  if (!model.ok()) Fail(model.status().ToString());
  if (Status s = model->Save(dir); !s.ok()) Fail(s.ToString());
  std::cout << "已用 " << examples->size() << " 件已办结工单训练分类模型 trained on "
            << examples->size() << " closed tickets: " << dir << "\n";
}

void Setup(CLI::App& app, GlobalOptions& options) {
  auto* hotline = app.add_subcommand("hotline", "市长公开电话 (the mayor's hotline)");
  hotline->require_subcommand(1);
  auto args = std::make_shared<ImportArgs>();
  auto* import = hotline->add_subcommand("import", "导入历史工单 (import tickets from .csv/.xlsx)");
  import->add_option("file", args->file, ".csv 或 .xlsx 文件")->required();
  import->add_flag("--dry-run", args->dry_run, "只检查，不写入 (check only)");
  import->add_flag("--strict", args->strict, "有任何一行被拒绝就全部不导入");
  import->add_option("--channel", args->channel, "没有渠道列时的来源渠道")->capture_default_str();
  import->callback([&options, args] { Import(options, *args);
});
auto model_dir = std::make_shared<std::string>();
auto* train = hotline->add_subcommand("train", "训练派单建议模型 (train dispatch suggestions)");
train->add_option("--model-dir", *model_dir, "模型目录，默认 VAR/models (where serve loads it)");
train->callback([&options, model_dir] {
  Train(options, model_dir->empty() ? options.var_dir + "/models" : *model_dir);
});

auto* open311 = app.add_subcommand("open311", "Open311 接口 (the Open311 GeoReport v2 API)");
open311->require_subcommand(1);
auto* key = open311->add_subcommand("key", "API 密钥 (api keys)");
key->require_subcommand(1);
auto name = std::make_shared<std::string>();
auto as_user = std::make_shared<std::string>();
auto* create = key->add_subcommand("create", "创建密钥 (create a key)");
create->add_option("--name", *name, "使用方名称 the client's name")->required();
create->add_option("--user", *as_user, "以此账号创建工单（默认 open311 系统账号）");
create->callback([&options, name, as_user] { CreateKey(options, *name, *as_user); });
}  // namespace

const CommandRegistrar registrar(&Setup);

}  // namespace zb::app
}  // namespace zb::app
