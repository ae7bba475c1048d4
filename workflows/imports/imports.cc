#include "workflows/imports/imports.h"

#include <algorithm>
#include <map>
#include <regex>
#include <set>

#include "engine/command_gateway.h"
#include "engine/sha256.h"
#include "engine/store.h"
#include "engine/time_util.h"
#include "engine/utf8.h"
#include "workflows/campaign/round_views.h"
#include "workflows/campaign/schedule.h"
#include "workflows/imports/breakdown_cells.h"
#include "workflows/imports/import_refusals.h"
#include "workflows/imports/plan_text.h"
#include "workflows/imports/table_text.h"
#include "workflows/rectification/task_views.h"
#include "workflows/scoring/score.h"
#include "workflows/unit/unit_directory.h"

namespace safecity::imports {

namespace {

std::vector<std::string> Split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == sep) {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) out.push_back(cur);
  for (auto& x : out) {
    while (!x.empty() && x.front() == ' ') x.erase(x.begin());
    while (!x.empty() && x.back() == ' ') x.pop_back();
  }
  return out;
}

std::string BaseName(const std::string& path) {
  size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string Where(const std::string& file, int line, int col, const std::string& name) {
  return file + ":" + std::to_string(line) + ":" + std::to_string(col + 1) + " (" + name + ")";
}

// Submits rows whose intake checks have all passed, in order.
Result<ImportReport> SubmitChecked(CommandGateway* engine, const std::vector<std::pair<int, CommandEnvelope>>& cmds,
                                   const std::string& file, const ImportProgress& progress = nullptr) {
  ImportReport rep;
  for (const auto& [line, c] : cmds) {
    CommandResult r = engine->Submit(c);
    ++rep.rows;
    if (progress) progress(rep.rows, static_cast<int64_t>(cmds.size()));
    if (!r.status.ok()) {
      const int64_t written = rep.added + rep.already;
      // Refused at intake (a server checks there what a local store's CheckAll
      // did before the first row): placed at its line as CheckAll places it.
      if (written == 0 && r.status.code() == Status::Code::kInvalid)
        return r.status.Relocated(file + ":" + std::to_string(line) + (r.status.field().empty() ? "" : " (" + r.status.field() + ")"));
      // Written by the edge in its user's language: the engine's refusal in both.
      MessageParams params{{"refusal", r.status.Render(Language::kEn, Edge::kCli)},
                           {"refusal_zh", r.status.Render(Language::kZh, Edge::kCli)}};
      if (written > 0) params.emplace_back("written", std::to_string(written));
      return Status::Refusal(Status::Code::kInvalid, file + ":" + std::to_string(line),
                             written == 0 ? kRowRefusedNothingImported : kRowRefusedSomeImported, std::move(params));
    }
    if (r.body.value("duplicate", false))
      ++rep.already;
    else
      ++rep.added;
  }
  return rep;
}

// The engine's intake checks of every row (schema, names), the first
// failure placed at its line.
Status CheckAll(CommandGateway* engine, const std::vector<std::pair<int, CommandEnvelope>>& cmds, const std::string& file) {
  for (const auto& [line, c] : cmds) {
    CommandEnvelope probe = c;
    Status s = engine->Check(&probe);
    if (!s.ok()) return s.Relocated(file + ":" + std::to_string(line) + (s.field().empty() ? "" : " (" + s.field() + ")"));
  }
  return Status::Ok();
}

Result<ImportReport> SubmitAll(CommandGateway* engine, const std::vector<std::pair<int, CommandEnvelope>>& cmds, const std::string& file,
                               const ImportProgress& progress = nullptr) {
  // Every row checked first; nothing is written if one fails.
  Status checked = CheckAll(engine, cmds, file);
  if (!checked.ok()) return checked;
  return SubmitChecked(engine, cmds, file, progress);
}

CommandEnvelope ImportCommand(const std::string& what, const std::string& text, int line, const std::string& type,
                              const std::string& stream, const Actor& actor, int64_t at, Json data) {
  CommandEnvelope c;
  c.id = "import:" + what + ":" + Sha256Hex(text).substr(0, 16) + ":" + std::to_string(line);
  c.type = type;
  c.stream = stream;
  c.actor = actor;
  c.issued_at = at;
  c.correlation_id = "import:" + what + ":" + Sha256Hex(text).substr(0, 16);
  c.data = std::move(data);
  return c;
}

}  // namespace

Result<int64_t> ParsePoints(const std::string& text, const std::string& field) {
  static const std::regex re("^([0-9]{1,3})(?:\\.([0-9]{1,2}))?$");
  std::smatch m;
  if (!std::regex_match(text, m, re))
    return Status::Refusal(Status::Code::kInvalid, field, kNotPoints, {{"text", text}});
  int64_t v = std::stoll(m[1].str()) * 100;
  if (m[2].matched) v += m[2].str().size() == 1 ? std::stoll(m[2].str()) * 10 : std::stoll(m[2].str());
  return v;
}

Result<ImportReport> ImportUnits(CommandGateway* engine, const std::string& file, const std::string& text, const Actor& actor,
                                 int64_t at, const ImportProgress& progress, bool dry_run, bool update_existing) {
  auto csv = ParseCsv(file, text);
  if (!csv.ok()) return csv.status();
  const CsvTable& t = csv.value();
  int c_id = t.Column({"id"}), c_name = t.Column({"name", "名称", "单位名称"}), c_kind = t.Column({"kind", "类型"}),
      c_alias = t.Column({"aliases", "别名"}), c_parent = t.Column({"parent", "上级"}),
      c_since = t.Column({"member_since", "加入日期"}), c_left = t.Column({"left_on", "退出日期"});
  if (c_id < 0 || c_name < 0)
    return Status::Refusal(Status::Code::kInvalid, file + ":1", kUnitsHeader, {});
  static const std::regex id_re("^[a-z0-9][a-z0-9_-]{0,63}$"), date_re("^[0-9]{4}-[0-9]{2}-[0-9]{2}$");
  std::map<std::string, int> names;  // every id, name and alias in the file -> line
  std::vector<std::pair<int, CommandEnvelope>> cmds;
  Json changes = Json::array();
  int64_t unchanged = 0;  // units already there as the file has them
  ReadModelReader reader(engine->store());
  for (const CsvRow& row : t.rows) {
    auto cell = [&](int c) { return c < 0 ? std::string() : row.cells[c]; };
    std::string id = cell(c_id), name = cell(c_name), kind = cell(c_kind).empty() ? "department" : cell(c_kind);
    if (!std::regex_match(id, id_re))
      return Status::Refusal(Status::Code::kInvalid, Where(file, row.line, c_id, "id"), kNotAnId, {{"id", id}});
    if (name.empty()) return Status::Refusal(Status::Code::kInvalid, Where(file, row.line, c_name, "name"), kUnitNameEmpty, {});
    Json data{{"id", id}, {"name", name}, {"kind", kind}, {"aliases", Json::array()}, {"parent", cell(c_parent)}};
    std::vector<std::pair<std::string, int>> spellings{{id, c_id}, {name, c_name}};
    for (const auto& a : Split(cell(c_alias), ';')) {
      data["aliases"].push_back(a);
      spellings.emplace_back(a, c_alias);
    }
    for (const auto& [sp, col] : spellings) {
      auto [it, fresh] = names.emplace(sp, row.line);
      if (!fresh && !(sp == id && col == c_id))
        return Status::Refusal(Status::Code::kInvalid, Where(file, row.line, col, col == c_alias ? "aliases" : col == c_name ? "name" : "id"), kSpellingTaken,
                               {{"spelling", sp}, {"line", std::to_string(it->second)}});
    }
    std::string since = cell(c_since);
    if (!since.empty()) {
      if (!std::regex_match(since, date_re))
        return Status::Refusal(Status::Code::kInvalid, Where(file, row.line, c_since, "member_since"), kNotADate, {{"text", since}, {"example", "2023-01-01"}});
      data["member_since"] = since;
    }
    std::string left = cell(c_left);
    if (!left.empty()) {
      if (!std::regex_match(left, date_re))
        return Status::Refusal(Status::Code::kInvalid, Where(file, row.line, c_left, "left_on"), kNotADate, {{"text", left}, {"example", "2021-04-09"}});
      if (left <= since)
        return Status::Refusal(Status::Code::kInvalid, Where(file, row.line, c_left, "left_on"), kLeftNotAfterSince, {{"left", left}, {"since", since}});
      data["left_on"] = left;
    }
    Json known = units::Find(reader, id);
    if (!known.is_object()) {
      cmds.emplace_back(row.line, ImportCommand("units", text, row.line, "unit.register", "unit-" + id, actor, at, data));
      changes.push_back(Json{{"unit", id}, {"line", row.line}, {"change", "added"}, {"name", name}});
      continue;
    }
    if (!update_existing) {
      ++unchanged;
      continue;
    }
    // A unit already there: the file says what it is now. Its name and
    // aliases follow the file, as events; what no event changes is an error.
    auto change = [&](const std::string& what, const std::string& type, Json d, Json shown) {
      CommandEnvelope c = ImportCommand("units", text, row.line, type, "unit-" + id, actor, at, std::move(d));
      c.id += ":" + what + ":" + Sha256Hex(CanonicalJson(c.data)).substr(0, 8);
      cmds.emplace_back(row.line, std::move(c));
      shown["unit"] = id;
      shown["line"] = row.line;
      shown["change"] = what;
      changes.push_back(std::move(shown));
    };
    const std::string reason = "units file " + BaseName(file) + ":" + std::to_string(row.line);
    const size_t changes_before = changes.size();
    for (const char* fixed : {"kind", "parent"}) {
      const std::string was = known.value(fixed, std::string(fixed) == "kind" ? "department" : ""), now = data[fixed];
      if (was != now)
        return Status::Refusal(Status::Code::kInvalid, Where(file, row.line, std::string(fixed) == "kind" ? c_kind : c_parent, fixed), kUnitFieldFixed,
                               {{"unit", id}, {"field", fixed}, {"field_zh", std::string(fixed) == "kind" ? "类型（kind）" : "上级（parent）"},
                                {"was", was}, {"now", now}});
    }
    const std::string old_name = known.value("name", "");
    Json current = known.value("aliases", Json::array());
    std::vector<std::string> have(current.begin(), current.end());
    std::vector<std::string> want(data["aliases"].begin(), data["aliases"].end());
    auto in = [](const std::vector<std::string>& v, const std::string& x) { return std::find(v.begin(), v.end(), x) != v.end(); };
    if (old_name != name) {
      const bool keep = in(want, old_name);
      change("renamed", "unit.rename", Json{{"id", id}, {"name", name}, {"keep_previous", keep}, {"reason", reason}},
             Json{{"from", old_name}, {"to", name}});
      have.erase(std::remove(have.begin(), have.end(), name), have.end());
      if (keep) have.push_back(old_name);
    }
    for (const auto& a : have)
      if (!in(want, a)) change("alias_removed", "unit.remove_alias", Json{{"id", id}, {"alias", a}, {"reason", reason}}, Json{{"alias", a}});
    for (const auto& a : want)
      if (!in(have, a)) change("alias_added", "unit.add_alias", Json{{"id", id}, {"alias", a}, {"reason", reason}}, Json{{"alias", a}});
    const std::string left_was = known.value("left_on", "");
    if (!left.empty() && left_was.empty()) {
      change("left", "unit.leave", Json{{"id", id}, {"on", left}, {"reason", reason}}, Json{{"on", left}});
    } else if (left != left_was) {
      return Status::Refusal(Status::Code::kInvalid, Where(file, row.line, c_left, "left_on"), kLeftOnChanged, {{"unit", id}, {"was", left_was}, {"now", left}});
    }
    if (!since.empty() && since != known.value("member_since", "") && left_was.empty())
      return Status::Refusal(Status::Code::kInvalid, Where(file, row.line, c_since, "member_since"), kSinceChanged,
                             {{"unit", id}, {"was", known.value("member_since", "")}, {"now", since}});
    if (changes.size() == changes_before) ++unchanged;
  }
  int64_t registered = 0;
  for (const Json& c : changes) registered += c["change"] == "added" ? 1 : 0;
  ImportReport checked_rep;
  if (dry_run) {
    checked_rep.rows = static_cast<int64_t>(t.rows.size());
    Status checked = CheckAll(engine, cmds, file);
    if (!checked.ok()) return checked;
    checked_rep.changes = std::move(changes);
    checked_rep.added = registered;
    checked_rep.already = unchanged;
    return checked_rep;
  }
  auto rep = SubmitAll(engine, cmds, file, progress);
  if (!rep.ok()) return rep.status();
  rep.value().rows = static_cast<int64_t>(t.rows.size());
  rep.value().changes = std::move(changes);
  rep.value().added = registered;
  rep.value().already = unchanged;
  return rep;
}

Result<Json> ReadSheetItems(const std::string& file, const std::string& text) {
  auto csv = ParseCsv(file, text);
  if (!csv.ok()) return csv.status();
  const CsvTable& t = csv.value();
  int c_id = t.Column({"id", "编号"}), c_parent = t.Column({"parent", "上级"}), c_title = t.Column({"title", "项目", "评价项目"}),
      c_points = t.Column({"points", "分值"}), c_method = t.Column({"method", "方法"}), c_rule = t.Column({"rule", "评分规则", "扣分规则"}),
      c_full_at = t.Column({"full_at", "达标线", "满分线"}), c_shared = t.Column({"shared_cap", "共同上限"});
  if (c_id < 0 || c_title < 0 || c_points < 0)
    return Status::Refusal(Status::Code::kInvalid, file + ":1", kSheetHeader, {});
  Json items = Json::array();
  for (const CsvRow& row : t.rows) {
    auto cell = [&](int c) { return c < 0 ? std::string() : row.cells[c]; };
    auto points = ParsePoints(cell(c_points), Where(file, row.line, c_points, "points"));
    if (!points.ok()) return points.status();
    std::string method = cell(c_method);
    if (!method.empty() && method != "deduct" && method != "ratio" && method != "judgement" && method != "cap")
      return Status::Refusal(Status::Code::kInvalid, Where(file, row.line, c_method, "method"), kNotAMethod, {{"method", method}});
    items.push_back(Json{{"id", cell(c_id)}, {"parent", cell(c_parent)}, {"title", cell(c_title)},
                         {"points_x100", points.value()}, {"method", method}, {"rule", cell(c_rule)}});
    if (std::string line = cell(c_full_at); !line.empty()) {
      // "95", "95%" or "95％": the ratio item's pass line (达标线).
      for (const char* pct : {"%", "％"})
        if (line.size() > std::string(pct).size() && line.compare(line.size() - std::string(pct).size(), std::string(pct).size(), pct) == 0)
          line.resize(line.size() - std::string(pct).size());
      if (line.empty() || line.size() > 3 || line.find_first_not_of("0123456789") != std::string::npos || std::stoi(line) < 1 ||
          std::stoi(line) > 100)
        return Status::Refusal(Status::Code::kInvalid, Where(file, row.line, c_full_at, "full_at"), kNotAPassLine, {{"text", cell(c_full_at)}});
      items.back()["full_at_percent"] = std::stoi(line);
    }
    if (const std::string shared = cell(c_shared); !shared.empty()) {
      // "A:1.5": the group and the points its items lose at most together.
      const size_t colon = shared.find(':') != std::string::npos ? shared.find(':') : shared.find("：");
      auto cap = colon == std::string::npos ? Result<int64_t>(Status::Invalid("", ""))
                                            : ParsePoints(shared.substr(colon + (shared.compare(colon, 1, ":") == 0 ? 1 : 3)), "");
      if (colon == std::string::npos || colon == 0 || !cap.ok() || cap.value() <= 0)
        return Status::Refusal(Status::Code::kInvalid, Where(file, row.line, c_shared, "shared_cap"), kNotASharedCap, {{"text", shared}});
      items.back()["shared_cap"] = Json{{"group", shared.substr(0, colon)}, {"points_x100", cap.value()}};
    }
  }
  // Check the tree here, so that an error points at the CSV line.
  auto valid = scoring::ValidateSheet(items);
  if (!valid.ok()) {
    std::string field = valid.status().field();
    auto open = field.find('['), close = field.find(']');
    if (open != std::string::npos && close != std::string::npos) {
      size_t i = std::stoul(field.substr(open + 1, close - open - 1));
      std::string col = field.substr(close + 2);
      if (col == "points_x100") col = "points";
      int c = col == "points" ? c_points : col == "method" ? c_method : col == "parent" ? c_parent : col == "full_at_percent" ? c_full_at : col == "shared_cap" ? c_shared : c_id;
      return valid.status().Relocated(Where(file, t.rows[i].line, c, col));
    }
    return valid.status().Relocated(file);
  }
  return items;
}

Result<ImportReport> ImportSheet(CommandGateway* engine, const std::string& file, const std::string& text,
                                 const SheetHeader& sheet, const Actor& actor, int64_t at) {
  auto items = ReadSheetItems(file, text);
  if (!items.ok()) return items.status();
  std::vector<std::pair<int, CommandEnvelope>> cmds;
  cmds.emplace_back(1, ImportCommand("sheet", text, 1, "sheet.define", "sheet-" + sheet.sheet_id + "@" + sheet.version, actor, at,
                                     Json{{"sheet_id", sheet.sheet_id}, {"version", sheet.version}, {"title", sheet.title},
                                          {"items", std::move(items.value())}}));
  return SubmitAll(engine, cmds, file);
}

namespace {

// At most `n` code points; a cut text ends in "…".
std::string Clip(const std::string& s, size_t n) {
  if (DecodeUtf8(s).size() <= n) return s;
  size_t bytes = 0, points = 0;
  while (bytes < s.size() && points + 1 < n) {
    unsigned char c = static_cast<unsigned char>(s[bytes]);
    bytes += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    ++points;
  }
  return s.substr(0, std::min(bytes, s.size())) + "…";
}

// An id prefix from a file name: "gongshu_tasks.csv" -> "gongshu_tasks".
std::string PrefixFromFile(const std::string& file) {
  std::string stem = BaseName(file);
  for (const char* ext : {".csv", ".tsv", ".txt"})
    if (stem.size() > 4 && stem.compare(stem.size() - 4, 4, ext) == 0) stem.resize(stem.size() - 4);
  std::string out;
  for (char c : stem)
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.') out += c;
  while (!out.empty() && !std::isalnum(static_cast<unsigned char>(out.front()))) out.erase(out.begin());
  return out.empty() ? "task" : out.substr(0, 40);
}

// groups.csv: name,members. Members are unit ids, names or aliases.
Result<std::map<std::string, std::vector<std::string>>> ReadGroups(ReadModelReader& reader, const std::string& file,
                                                                    const std::string& text) {
  std::map<std::string, std::vector<std::string>> groups;
  if (text.empty()) return groups;
  auto csv = ParseCsv(file, text);
  if (!csv.ok()) return csv.status();
  const CsvTable& t = csv.value();
  int c_name = t.Column({"name", "名称", "分组"}), c_members = t.Column({"members", "成员", "成员单位"});
  if (c_name < 0 || c_members < 0) return Status::Refusal(Status::Code::kInvalid, file + ":1", kGroupsHeader, {});
  for (const CsvRow& row : t.rows) {
    const std::string& name = row.cells[c_name];
    if (name.empty()) return Status::Refusal(Status::Code::kInvalid, Where(file, row.line, c_name, "name"), kGroupNameEmpty, {});
    if (groups.count(name)) return Status::Refusal(Status::Code::kInvalid, Where(file, row.line, c_name, "name"), kGroupTwice, {{"name", name}});
    if (units::Resolve(reader, name, "name").ok())
      return Status::Refusal(Status::Code::kInvalid, Where(file, row.line, c_name, "name"), kGroupIsAUnit, {{"name", name}});
    std::vector<std::string> members;
    for (const auto& ref : Split(row.cells[c_members], ';')) {
      auto id = units::Resolve(reader, ref, "members");
      if (!id.ok()) return id.status().Relocated(Where(file, row.line, c_members, "members"));
      if (std::find(members.begin(), members.end(), id.value()) == members.end()) members.push_back(id.value());
    }
    if (members.empty()) return Status::Refusal(Status::Code::kInvalid, Where(file, row.line, c_members, "members"), kGroupMembersEmpty, {});
    groups[name] = members;
  }
  return groups;
}

}  // namespace

namespace {

// The headers a task breakdown table is printed with.
const std::initializer_list<const char*> kTaskHeaders = {
    "task", "title", "任务清单", "主要目标任务", "阶段性工作任务", "工作任务", "具体任务", "重点任务", "主要任务", "任务内容", "工作内容", "任务",
    // A rectification list (问题整改清单) heads its task column so.
    "整改任务", "整改事项", "整改内容"};
const std::initializer_list<const char*> kLeadHeaders = {"lead_unit", "牵头单位", "牵头部门", "牵头责任单位"};
const std::initializer_list<const char*> kCoopHeaders = {"cooperating_units", "配合单位", "配合部门", "协办单位"};
// Every unit named is responsible, each for its own track, unless the cell
// marks a lead (…牵头) itself.
const std::initializer_list<const char*> kResponsibleHeaders = {"responsible_units", "责任单位", "责任部门", "责任主体"};
const std::initializer_list<const char*> kDeadlineHeaders = {"deadline", "完成时限", "完成时间", "时限", "时间节点",
                                                             "完成期限", "时间要求", "进度安排", "整改时限", "整改期限"};

bool HasAny(const std::vector<std::string>& cells, std::initializer_list<const char*> names) {
  for (const auto& c : cells)
    for (const char* n : names)
      if (c == n) return true;
  return false;
}

// "一、城市安全状况显著改善" or "（三）…": a heading row of the plan's sections.
bool IsSectionHeading(const std::string& text) {
  static const std::regex re("^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）).*");
  return std::regex_match(text, re);
}

// "备注：1. 此表依据…": the notes printed under a table.
bool IsNotesHeading(const std::string& text) {
  for (const char* head : {"备注", "注：", "注:", "说明：", "说明:"})
    if (text.compare(0, std::string(head).size(), head) == 0) return true;
  return false;
}

}  // namespace

Result<TaskImportPlan> PlanTaskImport(CommandGateway* engine, const std::string& file, const std::string& text,
                                      const TaskImportOptions& opt, const Actor& actor, int64_t at) {
  static const std::regex id_re("^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$");
  const Language lang = opt.lang;
  auto csv = ParseCsv(file, text, [](const std::vector<std::string>& cells) {
    return HasAny(cells, kTaskHeaders) && (HasAny(cells, kLeadHeaders) || HasAny(cells, kResponsibleHeaders));
  });
  if (!csv.ok()) return csv.status();
  const CsvTable& t = csv.value();
  int c_cat = t.Column({"category", "项目", "类别"}), c_wp = t.Column({"work_point", "序号"}),
      c_wp_text = t.Column({"work_point_text", "工作要点"}), c_task = t.Column(kTaskHeaders),
      c_lead = t.Column(kLeadHeaders), c_coop = t.Column(kCoopHeaders), c_resp = t.Column(kResponsibleHeaders),
      c_deadline = t.Column(kDeadlineHeaders), c_id = t.Column({"id", "编号", "任务编号"});
  if (c_task < 0 || (c_lead < 0 && c_resp < 0))
    return Status::Invalid(file + ":" + std::to_string(t.header_line),
                           L(lang, "表头需要任务列（任务清单、主要目标任务、工作任务）和责任列（牵头单位，或责任单位）；另可有 项目、序号、工作要点、配合单位、完成时限",
                             "the header needs a task column (任务清单, 主要目标任务, 工作任务 or task) and a responsibility column "
                             "(牵头单位 or 责任单位); also 项目, 序号, 工作要点, 配合单位, 完成时限"));
  if (c_lead >= 0 && c_resp == c_lead) c_resp = -1;
  if (!opt.prefix.empty() && !std::regex_match(opt.prefix, id_re))
    return Status::Invalid("prefix", "'" + opt.prefix + "' is not an id prefix; use letters, digits, - _ or .");
  const std::string prefix = !opt.prefix.empty() ? opt.prefix : !opt.campaign.empty() ? opt.campaign : PrefixFromFile(file);
  if (!opt.default_deadline.empty() && !ParseDeadlineMs(opt.default_deadline))
    return Status::Invalid("default_deadline", "'" + opt.default_deadline + "' is not a date; write 2020-12-31");

  ReadModelReader reader(engine->store());
  // The round's stages (campaign/schedule.h): a row with no date is due when
  // its stage ends (the row's 阶段 cell, else --stage), or pending with it.
  const int c_stage = t.Column({"stage", "阶段", "所属阶段", "实施阶段"});
  Json schedule = Json::array();
  const std::string needs_round = L(lang, "按阶段确定完成时限需要 --campaign：阶段是评估轮次的工作阶段",
                                     "dating rows by their stage needs --campaign: the stages are the round's schedule");
  if (!opt.stage.empty() && opt.campaign.empty()) return Status::Invalid("stage", needs_round);
  if (!opt.campaign.empty() && (!opt.stage.empty() || c_stage >= 0)) {
    auto round = reader.Get(campaign::RoundKey(opt.campaign));
    if (!round.ok()) return round.status();
    if (round.value()) schedule = Json::parse(*round.value(), nullptr, false).value("schedule", Json::array());
    if (!opt.stage.empty() && !campaign::FindStage(schedule, opt.stage))
      return Status::Invalid("stage", schedule.empty()
                                          ? L(lang, "评估轮次 " + opt.campaign + " 还没有工作阶段；请先设定（campaign.set_schedule）",
                                              "round " + opt.campaign + " has no schedule yet; set it first (campaign.set_schedule)")
                                          : L(lang, "评估轮次 " + opt.campaign + " 没有阶段“" + opt.stage + "”；它的阶段有：" + campaign::StageNames(schedule),
                                              "round " + opt.campaign + " has no stage '" + opt.stage + "'; its stages are: " +
                                                  campaign::StageNames(schedule)));
  }
  auto groups = ReadGroups(reader, opt.groups_file, opt.groups_text);
  if (!groups.ok()) return groups.status();
  std::vector<std::string> each_members;  // --each: a track for each of them on every row
  for (const auto& g : opt.each) {
    std::vector<std::string> members;
    if (auto found = groups.value().find(g); found != groups.value().end()) {
      members = found->second;
    } else if (auto unit = units::Resolve(reader, g, "each"); unit.ok()) {
      members.push_back(unit.value());
    } else {
      return Status::Invalid("each", L(lang, "“" + g + "”既不是分组文件中的分组，也不是单位；在 groups.csv 中列出它的成员单位",
                                       "'" + g + "' is neither a group of the groups file nor a unit; list its member units in groups.csv"));
    }
    for (const auto& m : members)
      if (std::find(each_members.begin(), each_members.end(), m) == each_members.end()) each_members.push_back(m);
  }
  // Exact lookups only: splitting a cell asks about many pieces that are not names.
  auto known = [&](const std::string& name) {
    if (groups.value().count(name)) return true;
    for (const char* model : {"unit/", "ualias/"}) {
      auto hit = reader.Get(model + name);
      if (hit.ok() && hit.value()) return true;
    }
    return false;
  };

  TaskImportPlan plan;
  auto fail = [&](Status s) { plan.errors.push_back(std::move(s)); };

  // The rows as the plan means them: a header printed again on a new page is
  // left out, a heading row (一、…) is the category of the rows below it, and
  // a row that carries on the row above (a row broken by a page: "…新区消" +
  // "防救援支队…") is joined to it, cell by cell.
  struct PlanRow {
    int line;
    std::vector<std::string> cells;
    std::string section;
  };
  std::vector<PlanRow> rows;
  std::string section;
  bool new_page = false;  // the header was printed again just above
  for (const CsvRow& row : t.rows) {
    if (row.cells == t.header) {
      new_page = true;
      continue;
    }
    const bool first_on_page = new_page;
    new_page = false;
    int filled = 0;
    std::string only;
    for (const auto& c : row.cells)
      if (!c.empty()) ++filled, only = c;
    // 备注 (notes) under the table end it.
    if (filled == 1 && IsNotesHeading(only)) break;
    if (filled == 1 && IsSectionHeading(only) && (c_task < 0 || row.cells[c_task] != only || c_cat < 0)) {
      section = only;
      continue;
    }
    const bool unnumbered = (c_wp < 0 || row.cells[c_wp].empty()) && (c_id < 0 || row.cells[c_id].empty());
    // The first row of a page with no number, in a numbered table, carries on
    // the row the page broke (its task text and its cells), as does any row
    // with no task at all.
    const bool carries_on = unnumbered && (row.cells[c_task].empty() || (first_on_page && c_wp >= 0));
    if (carries_on && !rows.empty()) {
      for (size_t k = 0; k < row.cells.size(); ++k) rows.back().cells[k] += row.cells[k];
      continue;
    }
    rows.push_back({row.line, row.cells, section});
  }

  // A responsibility cell -> tracks (one per responsible unit) and cooperating units.
  struct Responsible {
    std::vector<std::string> leads, coop;  // named as lead (first) and as cooperating
    std::vector<std::string> tracks;       // each of them responsible on its own track
    bool group_led = false;                // the first lead named is a group: its members are the tracks
  };
  auto resolve_cell = [&](const PlanRow& row, int col, int role, const char* field, Responsible* r) -> bool {
    // role: 1 lead column, 0 cooperating column, -1 a 责任单位 column
    if (col < 0) return true;
    const std::string& cell = row.cells[col];
    const auto refs = SplitResponsibility(cell, role != 0, known);
    bool marked = role >= 0 || cell.find("牵头") != std::string::npos || cell.find("负责") != std::string::npos;
    for (const auto& ref : refs) marked = marked || !ref.lead;
    bool ok = true;
    for (const ResponsibleRef& ref : refs) {
      if (!ref.matched) {
        auto why = units::Resolve(reader, ref.name, field);
        const std::string advice =
            opt.groups_text.empty()
                ? L(lang, "（若是一组单位，请在分组文件中列出：--groups）", "; if it is a group of units, list it in a groups file (--groups)")
                : L(lang, "（或把它加入 ", "; or add it to ") + BaseName(opt.groups_file) + L(lang, "）", "");
        fail(Status::Invalid(Where(file, row.line, col, field), why.status().Words(lang, Edge::kCli) + advice));
        ok = false;
        continue;
      }
      auto g = groups.value().find(ref.name);
      std::vector<std::string> ids;
      if (g != groups.value().end())
        ids = g->second;
      else
        ids.push_back(units::Resolve(reader, ref.name, field).value());
      if (!marked) {
        // Shared responsibility: every unit named, and every member of a group named, has its own track.
        for (const auto& id : ids)
          if (std::find(r->tracks.begin(), r->tracks.end(), id) == r->tracks.end()) r->tracks.push_back(id);
      } else if (ref.lead && r->leads.empty() && r->tracks.empty() && g != groups.value().end()) {
        r->tracks = ids;  // a group leads: one track per member
        r->group_led = true;
      } else {
        for (const auto& id : ids) (ref.lead ? r->leads : r->coop).push_back(id);
      }
    }
    return ok;
  };

  const std::string import_key = Sha256Hex(text + "\n--groups\n" + opt.groups_text + "\n--prefix " + prefix +
                                           "\n--campaign " + opt.campaign + "\n--default-deadline " + opt.default_deadline +
                                           (opt.stage.empty() ? std::string() : "\n--stage " + opt.stage) +
                                           (opt.each.empty() ? std::string() : "\n--each " + Json(opt.each).dump()));
  std::map<std::string, int> id_lines;        // task id -> line
  std::map<std::string, int> items_in_point;  // work-point key -> rows so far
  std::vector<std::pair<int, int>> deadline_col;  // per command: (line, deadline column), for errors after intake
  // A row's work point: its 序号, else the numeral of its section; "" when
  // the 序号 is not a number.
  auto point_of = [&](const PlanRow& row) -> std::string {
    const std::string wp_cell = c_wp < 0 ? std::string() : row.cells[c_wp];
    if (!wp_cell.empty()) {
      const int wp = ParseOrdinal(wp_cell);
      return wp > 0 ? std::to_string(wp) : std::string();
    }
    const std::string category = c_cat >= 0 && !row.cells[c_cat].empty() ? row.cells[c_cat] : row.section;
    const size_t mark = category.find("、");
    const int sec = ParseOrdinal(mark == std::string::npos ? category : category.substr(0, mark));
    return "s" + std::to_string(sec > 0 ? sec : 0);
  };
  // Where numbered items (（1）, （2）) and unnumbered paragraphs mix in one
  // work point, the paragraphs are p1, p2 … so that no number is taken twice.
  std::set<std::string> numbered_points;
  for (const PlanRow& row : rows)
    if (SplitLeadingNumber(row.cells[c_task]).number > 0) numbered_points.insert(point_of(row));
  std::map<std::string, int> paragraphs_in_point;
  for (const PlanRow& row : rows) {
    auto cell = [&](int c) { return c < 0 ? std::string() : row.cells[c]; };
    NumberedText task = SplitLeadingNumber(cell(c_task));
    if (task.text.empty()) {
      fail(Status::Invalid(Where(file, row.line, c_task, "task"), L(lang, "为空；请填写任务内容", "is empty; give the task (任务清单)")));
      continue;
    }
    const std::string category = !cell(c_cat).empty() ? cell(c_cat) : row.section;
    std::string base_id = cell(c_id);
    if (base_id.empty()) {
      const std::string key = point_of(row);
      if (key.empty()) {
        fail(Status::Invalid(Where(file, row.line, c_wp, "work_point"), "'" + cell(c_wp) + "' is not a work-point number; write 3 or 三"));
        continue;
      }
      if (task.number == 0 && numbered_points.count(key)) {
        base_id = prefix + "-" + key + "-p" + std::to_string(++paragraphs_in_point[key]);
      } else {
        int item = task.number > 0 ? task.number : items_in_point[key] + 1;
        items_in_point[key] = std::max(items_in_point[key], item);
        base_id = prefix + "-" + key + "-" + std::to_string(item);
      }
    }
    Responsible resp;
    bool ok = c_lead >= 0 ? resolve_cell(row, c_lead, 1, "lead_unit", &resp) : resolve_cell(row, c_resp, -1, "responsible_units", &resp);
    ok = resolve_cell(row, c_coop, 0, "cooperating_units", &resp) && ok;
    std::string deadline = opt.default_deadline, pending;
    auto dl = ParseDeadlineCell(cell(c_deadline));
    if (!dl.ok()) {
      fail(dl.status().Relocated(Where(file, row.line, c_deadline, "deadline")));
      ok = false;
    } else if (!dl.value().pending.empty()) {
      pending = Clip(dl.value().pending, 200);  // set later: task set-deadline
    } else if (!dl.value().open) {
      deadline = dl.value().date;
    } else if (const std::string stage = c_stage >= 0 && !cell(c_stage).empty() ? cell(c_stage) : opt.stage; !stage.empty()) {
      // No date: due when the row's stage ends, or pending while its end is.
      auto st = campaign::FindStage(schedule, stage);
      if (opt.campaign.empty()) {
        fail(Status::Invalid(Where(file, row.line, c_stage, "stage"), needs_round));
        ok = false;
      } else if (!st) {
        fail(Status::Invalid(Where(file, row.line, c_stage >= 0 && !cell(c_stage).empty() ? c_stage : c_deadline, "stage"),
                             L(lang, "没有阶段“" + stage + "”；评估轮次 " + opt.campaign + " 的阶段有：" + campaign::StageNames(schedule),
                               "no stage '" + stage + "'; the stages of round " + opt.campaign + " are: " + campaign::StageNames(schedule))));
        ok = false;
      } else if (!(*st)["ends"].get<std::string>().empty()) {
        deadline = (*st)["ends"];
      } else {
        // In the plan's words, whatever the importer's language: it goes into the log.
        pending = Clip("随“" + (*st)["name"].get<std::string>() + "”阶段待定（" + (*st)["ends_pending"].get<std::string>() + "）", 200);
      }
    } else if (deadline.empty()) {
      fail(Status::Invalid(Where(file, row.line, c_deadline, "deadline"),
                           "'" + cell(c_deadline) + "' gives no date; write one (2020年12月) or give --default-deadline 2020-12-31 for such rows"));
      ok = false;
    }
    if (!ok) continue;
    for (const auto& m : each_members)
      if (std::find(resp.tracks.begin(), resp.tracks.end(), m) == resp.tracks.end()) resp.tracks.push_back(m);
    const int resp_col = c_lead >= 0 ? c_lead : c_resp;
    if (resp.leads.empty() && resp.tracks.empty()) {
      fail(Status::Invalid(Where(file, row.line, resp_col, c_lead >= 0 ? "lead_unit" : "responsible_units"),
                           L(lang, "没有写责任单位；请填写", "names no responsible unit (牵头单位 or 责任单位); give one")));
      continue;
    }
    // The tracks of the row: (task id, responsible unit). A lead named in a
    // 牵头单位 column keeps the row's id and its cooperating units; a group
    // that leads, a shared responsibility and --each give every unit a track
    // of its own, `<row id>-<unit id>`, with the row's cooperating units.
    std::vector<std::string> coop = resp.coop;
    std::vector<std::pair<std::string, std::string>> tracks;
    const bool lead_model = !resp.leads.empty() && !resp.group_led;
    if (lead_model) {
      tracks.emplace_back(base_id, resp.leads.front());
      coop.insert(coop.begin(), resp.leads.begin() + 1, resp.leads.end());
    } else {
      coop.insert(coop.begin(), resp.leads.begin(), resp.leads.end());
    }
    for (const auto& u : resp.tracks)
      if (!lead_model || u != resp.leads.front()) tracks.emplace_back(base_id + "-" + u, u);
    if (tracks.size() == 1) tracks.front().first = base_id;
    const bool shared = tracks.size() > 1;
    for (const auto& [task_id, lead] : tracks) {
      const bool own_coop = !lead_model || task_id == base_id;
      if (!std::regex_match(task_id, id_re)) {
        fail(Status::Invalid(Where(file, row.line, c_id >= 0 ? c_id : c_task, "id"),
                             "'" + task_id + "' is not a task id (letters, digits, - _ . and at most 64); use a shorter --prefix or an id column"));
        continue;
      }
      auto [it, fresh] = id_lines.emplace(task_id, row.line);
      if (!fresh) {
        fail(Status::Invalid(Where(file, row.line, c_id >= 0 ? c_id : c_task, "id"),
                             "task id " + task_id + " is also the id of line " + std::to_string(it->second) +
                                 "; number the items (（1）, （2）) or add an id column"));
        continue;
      }
      Json others = Json::array();
      if (own_coop)
        for (const auto& c : coop)
          if (c != lead && std::find(others.begin(), others.end(), c) == others.end()) others.push_back(c);
      if (others.size() > 50) {
        fail(Status::Invalid(Where(file, row.line, c_coop >= 0 ? c_coop : resp_col, "cooperating_units"),
                             L(lang, std::to_string(others.size()) + " 个配合单位；一项任务最多 50 个，请拆分该行",
                               std::to_string(others.size()) + " cooperating units; a task takes at most 50, split the row")));
        continue;
      }
      std::string description = cell(c_wp_text).empty() ? "" : "工作要点：" + cell(c_wp_text);
      if (DecodeUtf8(task.text).size() > 200) description = task.text + (description.empty() ? "" : "\n" + description);
      Json source{{"kind", "task_breakdown"}, {"ref", Clip(BaseName(file) + ":" + std::to_string(row.line), 200)}};
      if (shared) source["plan_task"] = base_id;
      Json data{{"task_id", task_id},
                {"title", Clip(task.text, 200)},
                {"description", Clip(description, 4000)},
                {"category", Clip(category, 100)},
                {"lead_unit", lead},
                {"cooperating_units", others},
                {"source", source}};
      if (pending.empty()) data["deadline"] = deadline;
      else data["deadline_pending"] = pending;
      if (!opt.campaign.empty()) data["campaign"] = opt.campaign;
      CommandEnvelope c = ImportCommand("tasks", import_key, row.line, "task.assign", "task-" + task_id, actor, at, data);
      if (shared) c.id += ":" + lead;
      plan.commands.emplace_back(row.line, std::move(c));
      deadline_col.emplace_back(row.line, c_deadline);
    }
  }
  // Every task is new (or this very import ran before), fits the engine's
  // intake checks, and is due after the import time.
  for (size_t k = 0; k < plan.commands.size(); ++k) {
    const auto& [line, c] = plan.commands[k];
    auto prior = engine->store()->Get(Cf::kCommands, c.id);
    if (!prior.ok()) return prior.status();
    if (prior.value()) continue;
    CommandEnvelope probe = c;
    Status s = engine->Check(&probe);
    if (!s.ok()) {
      std::string field = s.field().rfind("data.", 0) == 0 ? s.field().substr(5) : s.field();
      int col = field == "deadline" ? c_deadline
                : field == "lead_unit" ? (c_lead >= 0 ? c_lead : c_resp)
                : field.rfind("cooperating_units", 0) == 0 ? c_coop : -2;
      Status at_row = s.Relocated(col >= 0 ? Where(file, line, col, field) : file + ":" + std::to_string(line) + (field.empty() ? "" : " (" + field + ")"));
      // The round given by --campaign is every row's: one error, not one per row.
      if (field == "campaign") return at_row;
      fail(std::move(at_row));
      continue;
    }
    const std::string task_id = c.data["task_id"];
    if (!rectification::ReadTaskSummary(reader, task_id).is_null()) {
      fail(Status::Invalid(file + ":" + std::to_string(line) + " (id)",
                           L(lang, "任务 " + task_id + " 已存在；请换一个任务编号前缀（prefix）导入，或在该行给出编号",
                             "task " + task_id + " already exists; import under another prefix, or give the row an id")));
      continue;
    }
    auto due = ParseIsoMs(probe.data.value("deadline", ""));
    if (due && *due <= at) {
      fail(Status::Invalid(c_deadline >= 0 ? Where(file, line, c_deadline, "deadline") : file + ":" + std::to_string(line) + " (deadline)",
                           L(lang,
                             "完成时限 " + FormatLocal(*due) + " 早于导入时间 " + FormatLocal(at) +
                                 "；请核对日期（补录往年的计划时，命令行可按计划的开始日期导入：--at 2018-07-01）",
                             "deadline " + FormatLocal(*due) + " is before the import time " + FormatLocal(at) +
                                 "; check the date (to enter a past plan, the CLI imports as of its start: --at 2018-07-01)")));
      continue;
    }
    plan.planned.push_back(probe.data);
  }
  return plan;
}

Status TaskImportPlan::Failure(const std::string& file, Language lang) const {
  if (errors.empty()) return Status::Ok();
  if (errors.size() == 1) return errors.front();
  // The same error on many rows (a unit the directory lacks, named on 96
  // rows) is one line: its first place and how many more, with their lines.
  struct Same {
    std::string first_place, field, words;
    std::vector<std::string> more;  // lines of the others
  };
  std::vector<Same> lines;
  std::map<std::string, size_t> index;  // field + words -> lines[i]
  for (const Status& e : errors) {
    const std::string& place = e.field();
    const size_t open = place.rfind(" (");
    const std::string field = open == std::string::npos ? "" : place.substr(open);
    const std::string words = e.Words(lang, Edge::kCli);
    auto [it, fresh] = index.emplace(field + "\n" + words, lines.size());
    if (fresh) {
      lines.push_back({place, field, words, {}});
      continue;
    }
    // "<file>:<line>:<column>" -> "<line>"
    std::string line = place.substr(0, open);
    if (line.size() > file.size() + 1 && line.compare(0, file.size(), file) == 0) line = line.substr(file.size() + 1);
    if (const size_t c = line.find(':'); c != std::string::npos) line.resize(c);
    lines[it->second].more.push_back(line);
  }
  std::string all = L(lang, std::to_string(errors.size()) + " 处错误，未导入任何任务：",
                      std::to_string(errors.size()) + " errors; nothing was imported:");
  for (const Same& l : lines) {
    std::string more;
    if (!l.more.empty()) {
      std::string which;
      for (size_t k = 0; k < l.more.size() && k < 8; ++k) which += (k ? L(lang, "、", ", ") : "") + l.more[k];
      if (l.more.size() > 8) which += "…";
      more = L(lang, "（另有 " + std::to_string(l.more.size()) + " 处：第 " + which + " 行）",
               " (and " + std::to_string(l.more.size()) + " more: lines " + which + ")");
    }
    all += "\n  " + l.first_place + more + ": " + l.words;
  }
  return Status::Invalid(file, all);
}

Result<ImportReport> SubmitTaskImport(CommandGateway* engine, const std::string& file, TaskImportPlan plan,
                                      const ImportProgress& progress) {
  // Every row passed the intake checks of the plan (or was imported before).
  auto done = SubmitChecked(engine, plan.commands, file, progress);
  if (!done.ok()) return done.status();
  done.value().planned = std::move(plan.planned);
  return done;
}

Result<ImportReport> ImportTasks(CommandGateway* engine, const std::string& file, const std::string& text,
                                 const TaskImportOptions& opt, const Actor& actor, int64_t at,
                                 const ImportProgress& progress) {
  auto plan = PlanTaskImport(engine, file, text, opt, actor, at);
  if (!plan.ok()) return plan.status();
  Status failed = plan.value().Failure(file, opt.lang);
  if (!failed.ok()) return failed;
  if (opt.dry_run) {
    ImportReport rep;
    rep.rows = static_cast<int64_t>(plan.value().commands.size());
    rep.planned = std::move(plan.value().planned);
    return rep;
  }
  return SubmitTaskImport(engine, file, std::move(plan.value()), progress);
}

}  // namespace safecity::imports
