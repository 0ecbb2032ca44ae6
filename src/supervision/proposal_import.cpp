#include "supervision/proposal_import.h"

#include <map>
#include <set>

#include "hotline/text_clean.h"
#include "supervision/case_scan.h"

namespace zb::supervision {

namespace {

const std::map<std::string, std::vector<std::string>> kHeaders = {
    {"number", {"number", "编号", "建议编号", "提案编号", "案号"}},
    {"title", {"title", "标题", "案由", "题目", "建议标题", "提案标题"}},
    {"author", {"author", "领衔人", "领衔代表", "提案人", "代表", "委员", "姓名"}},
    {"co_authors", {"co_authors", "附议人", "联名", "联名人", "联名代表", "联名委员"}},
    {"delegation", {"delegation", "代表团", "界别", "所在代表团"}},
    {"category", {"category", "分类", "类别"}},
    {"content", {"content", "内容", "正文", "建议内容", "提案内容"}},
    {"lead_unit", {"lead_unit", "主办单位", "承办单位"}},
    {"co_units", {"co_units", "会办单位", "协办单位"}},
    {"session", {"session", "届次", "会议"}},
};

std::vector<std::string> SplitUnits(const std::string& s) {
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&] {
    std::string t = hotline::TrimCell(cur);
    if (!t.empty()) out.push_back(t);
    cur.clear();
  };
  for (size_t i = 0; i < s.size();) {
    bool sep = false;
    for (const char* d : {"、", "，", "；", ",", ";", " ", "\n"}) {
      size_t n = std::char_traits<char>::length(d);
      if (s.compare(i, n, d) == 0) {
        flush();
        i += n;
        sep = true;
        break;
      }
    }
    if (!sep) cur += s[i++];
  }
  flush();
  return out;
}

}  // namespace

Result<ProposalImportReport> ImportProposals(const cases::CaseEngine& engine,
                                             const cases::Actor& actor, const hotline::Table& table,
                                             const ProposalImportOptions& opt) {
  if (opt.kind != "deputy_suggestion" && opt.kind != "cppcc_proposal") {
    return Invalid("类别应为人大代表建议或政协委员提案：" + opt.kind,
                   "kind must be deputy_suggestion or cppcc_proposal: " + opt.kind);
  }
  if (table.rows.empty()) return Invalid("文件为空", "the file is empty");
  std::map<std::string, size_t> col;
  const hotline::Row& header = table.rows[0];
  for (size_t i = 0; i < header.size(); ++i) {
    std::string h = hotline::TrimCell(header[i]);
    for (const auto& [target, names] : kHeaders) {
      for (const auto& n : names) {
        if (h == n && !col.count(target)) col[target] = i;
      }
    }
  }
  for (const char* need : {"number", "title", "author"}) {
    if (!col.count(need)) {
      return Invalid(std::string("缺少必需的列：") + kHeaders.at(need)[1],
                     std::string("a required column is missing: ") + need);
    }
  }
  if (!col.count("session") && hotline::TrimCell(opt.session).empty()) {
    return Invalid("请指定届次（或在文件中提供“届次”列）",
                   "name the session (or give a 届次 column)");
  }
  store::Store& st = engine.store();
  ZB_ASSIGN_OR_RETURN(auto units, st.ListUnits());
  std::map<std::string, store::Id> unit_by_name;
  for (const auto& u : units) {
    unit_by_name[u.name] = u.id;
    unit_by_name[u.code] = u.id;
  }
  ZB_ASSIGN_OR_RETURN(auto existing, AllCasesOf(st, opt.kind));
  std::set<std::pair<std::string, std::string>> registered;  // (session, number)
  for (const auto& c : existing) registered.insert({StrField(c, "session"), StrField(c, "number")});

  ProposalImportReport rep;
  rep.dry_run = opt.dry_run;
  std::map<std::pair<std::string, std::string>, int> first_line;
  std::vector<store::NewCase> cases;
  Instant now = engine.clock().Now();
  auto problem = [&](int line, const std::string& zh, const std::string& en) {
    rep.problems.push_back({line, "第 " + std::to_string(line) + " 行：" + zh,
                            "row " + std::to_string(line) + ": " + en});
  };
  for (size_t r = 1; r < table.rows.size(); ++r) {
    const hotline::Row& row = table.rows[r];
    int line = r < table.line_of.size() ? table.line_of[r] : static_cast<int>(r + 1);
    auto cell = [&](const char* target) -> std::string {
      auto it = col.find(target);
      if (it == col.end() || it->second >= row.size()) return "";
      return std::string(target) == "content" ? hotline::CleanMultiline(row[it->second])
                                              : hotline::TrimCell(row[it->second]);
    };
    bool blank = true;
    for (const auto& c : row) blank = blank && hotline::TrimCell(c).empty();
    if (blank) continue;
    ++rep.rows;
    std::string number = cell("number"), title = cell("title"), author = cell("author");
    std::string session = col.count("session") ? cell("session") : "";
    if (session.empty()) session = hotline::TrimCell(opt.session);
    size_t before = rep.problems.size();
    if (number.empty()) problem(line, "缺少编号", "the number is missing");
    if (title.empty()) problem(line, "缺少标题", "the title is missing");
    if (author.empty()) problem(line, "缺少领衔人/提案人", "the author is missing");
    if (!number.empty()) {
      auto key = std::make_pair(session, number);
      if (auto it = first_line.find(key); it != first_line.end()) {
        problem(line, "编号 " + number + " 与第 " + std::to_string(it->second) + " 行重复",
                "number " + number + " repeats row " + std::to_string(it->second));
      } else if (registered.count(key)) {
        problem(line, "编号 " + number + " 在“" + session + "”中已登记",
                "number " + number + " is already registered for " + session);
      } else {
        first_line[key] = line;
      }
    }
    std::optional<store::Id> lead;
    std::vector<store::Id> co;
    if (std::string lu = cell("lead_unit"); !lu.empty()) {
      if (auto it = unit_by_name.find(lu); it != unit_by_name.end()) {
        lead = it->second;
      } else {
        problem(line, "未知的主办单位：" + lu, "unknown lead unit: " + lu);
      }
    }
    for (const std::string& name : SplitUnits(cell("co_units"))) {
      if (auto it = unit_by_name.find(name); it != unit_by_name.end()) {
        co.push_back(it->second);
      } else {
        problem(line, "未知的会办单位：" + name, "unknown co-unit: " + name);
      }
    }
    if (!co.empty() && !lead) {
      problem(line, "有会办单位时须填写主办单位", "co-units need a lead unit");
    }
    if (rep.problems.size() != before) continue;

    cases::CreateRequest cr;
    cr.kind = opt.kind;
    cr.title = title;
    cr.request_id = opt.request_id;
    cr.fields = {{"session", session}, {"number", number}, {"author", author}};
    std::string content = cell("content");
    cr.fields["content"] = content.empty() ? title : content;
    for (const char* f : {"co_authors", "delegation", "category"}) {
      if (std::string v = cell(f); !v.empty()) cr.fields[f] = v;
    }
    auto nc = engine.PrepareCreate(actor, cr, now);
    if (!nc.ok()) {
      problem(line, nc.status().message(), nc.status().message_en());
      continue;
    }
    if (lead) {
      ++rep.assigned;
      cases::ActionRequest assign;
      assign.action = "assign";
      assign.lead_unit_id = lead;
      assign.co_unit_ids = co;
      if (!opt.time_limit.empty()) assign.time_limit = opt.time_limit;
      auto ch = engine.Plan(actor, nc->record, assign, now);
      if (!ch.ok()) {
        problem(line, ch.status().message(), ch.status().message_en());
        continue;
      }
      nc->record = ch->updated;
      for (auto& e : ch->events) nc->events.push_back(std::move(e));
    }
    store::AuditEntry a;
    a.at = now;
    a.actor_id = actor.user.id;
    a.action = "case.import";
    a.target = "case:{id}";
    a.request_id = opt.request_id;
    a.detail = {{"kind", opt.kind}, {"session", session}, {"number", number}};
    nc->audit = std::move(a);
    cases.push_back(std::move(*nc));
  }
  if (rep.rows == 0 && rep.problems.empty()) {
    return Invalid("文件中没有数据行", "the file has no data rows");
  }
  if (!rep.problems.empty() || opt.dry_run) return rep;
  ZB_ASSIGN_OR_RETURN(rep.ids, st.CreateCases(cases));
  rep.imported = static_cast<int>(rep.ids.size());
  return rep;
}

nlohmann::json ProposalImportJson(const ProposalImportReport& r) {
  nlohmann::json problems = nlohmann::json::array();
  for (const auto& p : r.problems) {
    problems.push_back({{"line", p.line}, {"message", p.message}, {"message_en", p.message_en}});
  }
  return {{"rows", r.rows},       {"imported", r.imported}, {"assigned", r.assigned},
          {"dry_run", r.dry_run}, {"problems", problems},   {"ids", r.ids}};
}

}  // namespace zb::supervision
