#include "analytics/generator.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <random>

#include "analytics/place.h"
#include "text/utf8.h"

namespace zb::analytics {
namespace {

constexpr const char* kDistricts[] = {"海陵区", "高港区", "姜堰区",    "兴化市",
                                      "靖江市", "泰兴市", "医药高新区"};
constexpr const char* kSyllables[] = {
    "金", "银", "华", "新", "东", "西", "南", "北", "春", "秋", "锦", "绣", "江", "河", "湖",
    "海", "凤", "凰", "龙", "泰", "和", "平", "安", "康", "福", "寿", "祥", "瑞", "丰", "盛",
    "明", "光", "翠", "竹", "松", "柏", "梅", "兰", "菊", "桂", "荷", "枫", "柳", "杨", "桃",
    "李", "怡", "景", "城", "晖", "宏", "林", "山", "水", "星", "月", "阳", "云", "天", "庭",
    "嘉", "德", "裕", "隆", "兴", "旺", "富", "贵", "宁", "静", "雅", "博", "文", "武", "英",
    "豪", "阁", "府", "湾", "岛", "港", "泉", "溪", "岭", "峰", "坊", "里", "苏", "济", "川",
    "鸿", "鹏", "晨", "曦", "悦", "欣", "乐", "美", "佳", "润"};
constexpr const char* kSiteSuffixes[] = {"小区", "花园", "家园", "新村", "路", "街道"};
// Matters that never occur in the background texts.
constexpr const char* kNewMatters[] = {
    "电动自行车充电桩起火", "共享单车堆积占道", "外卖骑手逆行闯灯", "直播带货噪声扰民",
    "无人机夜间航拍扰民",   "光伏板反光刺眼",   "快递驿站违规收费", "充电宝租借押金难退",
    "剧本杀店消防隐患",     "露营基地垃圾堆放", "宠物医院排放废水", "奶茶店排队堵塞盲道",
    "电梯广告屏幕噪音",     "智能门锁批量失灵", "网约车聚集鸣笛",   "烧烤摊炭火浓烟",
    "玻璃幕墙坠落风险",     "鱼塘承包纠纷械斗", "冷链仓库氨气泄漏", "桥洞流浪犬伤人",
    "自助洗车污水横流",     "校外托管机构无证", "健身房跑路预付卡", "地下车库渗水霉变",
    "光纤施工挖断水管",     "广场舞音响扰民",   "瓶装液化气私灌",   "养蜂场蜜蜂蜇人",
    "预制菜作坊卫生差",     "废旧电池随意丢弃"};

constexpr const char* kTrendMatters[] = {"老旧小区加装电梯", "新能源车充电难", "养老服务预约难",
                                         "网络诈骗被骗",     "煤改气补贴发放", "核酸检测点排队",
                                         "疫苗接种预约",     "渣土车抛洒滴漏", "托育机构收费高",
                                         "二手房交易过户慢", "电瓶车上楼充电", "物业费上涨"};
// Matters with a season: the day of the year they peak on.
constexpr std::pair<const char*, int> kSeasonMatters[] = {
    {"暖气片不热供暖不足", 350}, {"防汛排涝积水倒灌", 175}, {"学位申请入学报名", 200},
    {"高温中暑户外作业", 215},   {"秸秆焚烧烟雾弥漫", 290}, {"春运返乡车票难买", 25},
    {"油菜花节游客拥堵", 80},    {"梅雨季节墙面霉变", 165}};
constexpr const char* kWeekendMatters[] = {"周末装修电钻噪音", "夜市摊贩占道经营",
                                           "钓鱼爱好者占用堤岸", "露天卡拉OK扰民"};

struct Rng {
  std::mt19937_64 engine;
  size_t Index(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(engine); }
  double Uniform() { return std::uniform_real_distribution<double>(0, 1)(engine); }
  int Int(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(engine); }
};

std::string Truncate(const std::string& s, size_t chars) {
  size_t pos = 0;
  for (size_t n = 0; n < chars && pos < s.size(); ++n) pos += text::DecodeAt(s, pos).length;
  return s.substr(0, pos);
}

// Markers for the district and the site in a template's text.
constexpr char kDistrictMark = '\x01', kSiteMark = '\x02';

// `text` with each place replaced: districts by `district`, specific places by `site`.
std::string Relocate(const std::string& text, const std::string& district,
                     const std::string& site) {
  std::string out = text;
  for (const Place& p : ExtractPlaces(text)) {
    if (p.level == PlaceLevel::kCity) continue;
    const std::string& to = p.level == PlaceLevel::kDistrict ? district : site;
    for (size_t at = out.find(p.name); at != std::string::npos;
         at = out.find(p.name, at + to.size()))
      out.replace(at, p.name.size(), to);
  }
  return out;
}

// True when relocating `t` leaves no place of its own behind (a name that ran into a replaced one
// would otherwise tie every copy of the message to one place and make it a hot issue).
bool RelocatesCleanly(const Ticket& t) {
  const std::string district = "海陵区", site = "试验小区";
  for (const std::string& text : {t.title, t.content}) {
    for (const Place& p : ExtractPlaces(Relocate(text, district, site))) {
      if (p.level == PlaceLevel::kCity || p.name.find(site) != std::string::npos ||
          p.name.find(district) != std::string::npos)
        continue;
      return false;
    }
  }
  return true;
}

// A real message relocated once, with markers where the district and the site go.
struct Template {
  std::string title, content, category;
  bool names_site = false;
};

// Appends `text` to `out` with its marks replaced by `district` and `site`.
void FillInto(std::string& out, const std::string& text, const std::string& district,
              const std::string& site) {
  size_t from = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != kDistrictMark && text[i] != kSiteMark) continue;
    out.append(text, from, i - from);
    out += text[i] == kDistrictMark ? district : site;
    from = i + 1;
  }
  out.append(text, from);
}

std::string Fill(const std::string& text, const std::string& district, const std::string& site) {
  std::string out;
  out.reserve(text.size() + 24);
  FillInto(out, text, district, site);
  return out;
}

// Planted matters with a daily rate of tickets.
struct RatedMatter {
  std::string matter;
  std::function<double(int)> rate;  // day index -> expected tickets
  Rng rng;
};

struct EmergingMatter {
  std::string matter;
  int first = 0, length = 0;  // day indexes
  Rng rng;
};

struct HotTicket {
  int day;  // day index
  size_t issue;
  int variant;
  int64_t likes;
};

}  // namespace

std::vector<PlantedSignal> GenerateStream(const std::vector<Ticket>& all_templates,
                                          const calendar::WorkingCalendar& calendar,
                                          const GeneratorOptions& o,
                                          const std::function<void(Ticket)>& sink) {
  std::vector<PlantedSignal> truth;
  std::vector<Template> templates;
  const std::string district_mark(1, kDistrictMark), site_mark(1, kSiteMark);
  for (const Ticket& t : all_templates) {
    Ticket cut = t;
    cut.content = Truncate(t.content, 80);
    if (!RelocatesCleanly(cut)) continue;
    Template m{Relocate(cut.title, district_mark, site_mark),
               Relocate(cut.content, district_mark, site_mark), cut.category};
    m.names_site = (m.title + m.content).find(kSiteMark) != std::string::npos;
    templates.push_back(std::move(m));
  }
  if (templates.empty() || o.days <= 0) return truth;
  Rng rng{std::mt19937_64(o.seed)};
  // Each planted signal draws from a generator of its own.
  uint64_t streams = 0;
  auto own_rng = [&] {
    std::seed_seq seq{o.seed, ++streams};
    return Rng{std::mt19937_64(seq)};
  };
  std::vector<std::string> sites;
  for (int i = 0; i < 40000; ++i) {
    std::string name = kSyllables[rng.Index(std::size(kSyllables))];
    name += kSyllables[rng.Index(std::size(kSyllables))];
    if (i % 3 == 0) name += kSyllables[rng.Index(std::size(kSyllables))];
    sites.push_back(name + kSiteSuffixes[i % std::size(kSiteSuffixes)]);
  }
  int32_t start = DayNumber(o.start);
  uint64_t serial = 0, caller = 0;
  auto make = [&](const Template& base, int d, const std::string& district,
                  const std::string& site) {
    Ticket t;
    t.id = std::to_string(++serial);
    t.caller = "C" + std::to_string(++caller);
    t.district = district;
    t.category = base.category;
    t.day = start + d;
    t.title = Fill(base.title, district, site);
    // A message that names no site gets one in front.
    if (!base.names_site) {
      t.content.reserve(district.size() + site.size() + base.content.size() + 32);
      t.content.append(district).append(site).append("：");
    }
    FillInto(t.content, base.content, district, site);
    return t;
  };
  auto random_ticket = [&](Rng& r, int d) {
    const Template& base = templates[r.Index(templates.size())];
    const char* district = kDistricts[r.Index(7)];
    return make(base, d, district, sites[r.Index(sites.size())]);
  };
  auto about = [](Ticket t, const std::string& matter) {
    t.title = matter + "问题";
    t.content = t.district + "市民反映" + matter + "，" + t.content;
    return t;
  };

  // Emerging matters, spread over the period after a 90-day run-in.
  std::vector<EmergingMatter> emerging;
  for (int e = 0; e < o.emerging && o.days > 120; ++e) {
    EmergingMatter m{kNewMatters[e % std::size(kNewMatters)], 0, 0, own_rng()};
    m.length = m.rng.Int(7, 14);
    m.first = 90 + int((o.days - 120) * (e + m.rng.Uniform() * 0.5) / o.emerging);
    truth.push_back(
        {SignalType::kEmerging, m.matter, start + m.first, start + m.first + m.length - 1, {}});
    emerging.push_back(std::move(m));
  }
  // Matters planted with a daily rate.
  std::vector<RatedMatter> rated;
  int ramp_start = std::max(0, o.days - 26 * 7);
  for (int i = 0; i < o.trending; ++i) {
    bool rising = i % 2 == 0;
    std::string matter = kTrendMatters[i % std::size(kTrendMatters)];
    int days = o.days;
    rated.push_back({matter,
                     [=](int d) {
                       double f = d < ramp_start
                                      ? 0
                                      : double(d - ramp_start) / std::max(1, days - 1 - ramp_start);
                       return rising ? 0.3 + 4.7 * f : 5 - 4.7 * f;
                     },
                     own_rng()});
    PlantedSignal p{SignalType::kTrending, matter, start + ramp_start, start + o.days - 1, {}};
    p.rising = rising;
    truth.push_back(p);
  }
  for (int i = 0; i < o.yearly; ++i) {
    auto [matter, peak_day] = kSeasonMatters[i % std::size(kSeasonMatters)];
    rated.push_back({matter,
                     [=](int d) {
                       Date date = DateOfDay(start + d);
                       int doy = DayNumber(date) - DayNumber(Date{date.year(), std::chrono::January,
                                                                  std::chrono::day{1}});
                       double c = std::max(0.0, std::cos(2 * M_PI * (doy - peak_day) / 365.0));
                       return 0.2 + 6 * c * c * c * c;
                     },
                     own_rng()});
    Date peak = DateOfDay(
        DayNumber(Date{std::chrono::year{2023}, std::chrono::January, std::chrono::day{1}}) +
        peak_day);
    PlantedSignal p{SignalType::kYearly, matter, start, start + o.days - 1, {}};
    p.peak_month = int(unsigned(peak.month()));
    truth.push_back(p);
  }
  for (int i = 0; i < o.weekly; ++i) {
    std::string matter = kWeekendMatters[i % std::size(kWeekendMatters)];
    rated.push_back({matter,
                     [&calendar, start](int d) {
                       Date date = DateOfDay(start + d);
                       unsigned wd = std::chrono::weekday(std::chrono::sys_days(date)).c_encoding();
                       return (wd == 0 || wd == 6) && !calendar.IsWorkingDay(date) ? 2.0 : 0.2;
                     },
                     own_rng()});
    truth.push_back({SignalType::kWeekly, matter, start, start + o.days - 1, {}});
  }
  // Hot issues at new places: 5–12 tickets within 10 days.
  struct HotIssuePlan {
    std::string site, district;
    const Template* base;
    size_t truth;
  };
  std::vector<HotIssuePlan> hot;
  std::vector<HotTicket> hot_tickets;
  for (int h = 0; h < o.hot_issues; ++h) {
    Rng r = own_rng();
    std::string site = std::string(kSyllables[h % 100]) + kSyllables[(h * 7 + 3) % 100] +
                       kSyllables[(h * 13 + 5) % 100] + "苑小区";
    const Template* base = &templates[r.Index(templates.size())];
    int first = int(r.Index(size_t(std::max(1, o.days - 10))));
    PlantedSignal p{SignalType::kHotIssue, site, start + first, start + first, {}};
    int n = r.Int(5, 12);
    for (int k = 0; k < n; ++k) {
      int d = std::min(first + r.Int(0, 9), o.days - 1);
      hot_tickets.push_back({d, hot.size(), k % 3, r.Int(0, 5)});
      p.first_day = std::min(p.first_day, start + d);
      p.last_day = std::max(p.last_day, start + d);
    }
    hot.push_back({site, kDistricts[h % 7], base, truth.size()});
    truth.push_back(std::move(p));
  }
  std::stable_sort(hot_tickets.begin(), hot_tickets.end(),
                   [](const HotTicket& a, const HotTicket& b) { return a.day < b.day; });

  size_t next_hot = 0;
  for (int d = 0; d < o.days; ++d) {
    // Background.
    Date date = DateOfDay(start + d);
    unsigned weekday = std::chrono::weekday(std::chrono::sys_days(date)).c_encoding();
    double factor = weekday == 0 ? 0.7 : weekday == 6 ? 0.75 : weekday == 1 ? 1.15 : 1.05;
    bool working = calendar.IsWorkingDay(date);
    if (working && (weekday == 0 || weekday == 6)) factor = 1.05;
    if (!working && weekday != 0 && weekday != 6) factor = 0.45;
    double mean =
        o.tickets_per_day * factor * std::exp(0.1 * std::normal_distribution<>()(rng.engine));
    int n = std::poisson_distribution<int>(mean)(rng.engine);
    for (int k = 0; k < n; ++k) sink(random_ticket(rng, d));
    for (EmergingMatter& m : emerging) {
      if (d < m.first || d >= m.first + m.length) continue;
      int count = m.rng.Int(8, 20);
      for (int k = 0; k < count; ++k) sink(about(random_ticket(m.rng, d), m.matter));
    }
    for (RatedMatter& m : rated) {
      int count = std::poisson_distribution<int>(std::max(m.rate(d), 1e-9))(m.rng.engine);
      for (int k = 0; k < count; ++k) sink(about(random_ticket(m.rng, d), m.matter));
    }
    for (; next_hot < hot_tickets.size() && hot_tickets[next_hot].day == d; ++next_hot) {
      const HotTicket& h = hot_tickets[next_hot];
      const HotIssuePlan& plan = hot[h.issue];
      Ticket t = make(*plan.base, d, plan.district, plan.site);
      if (t.title.find(plan.site) == std::string::npos) t.title = plan.site + t.title;
      if (h.variant == 1) t.content = "您好，" + t.content + "，谢谢！";
      if (h.variant == 2) t.content = Truncate(t.content, text::CharCount(t.content) * 4 / 5);
      t.likes = h.likes;
      truth[plan.truth].ticket_ids.push_back(t.id);
      sink(std::move(t));
    }
  }
  return truth;
}

GeneratedStream GenerateStream(const std::vector<Ticket>& templates,
                               const calendar::WorkingCalendar& calendar,
                               const GeneratorOptions& options) {
  GeneratedStream stream;
  stream.truth = GenerateStream(templates, calendar, options,
                                [&](Ticket t) { stream.tickets.push_back(std::move(t)); });
  return stream;
}

}  // namespace zb::analytics
