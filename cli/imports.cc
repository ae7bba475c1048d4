#include "cli/imports.h"

#include <map>
#include <regex>

#include "cli/breakdown_cells.h"
#include "cli/csv.h"
#include "cli/progress.h"
#include "cli/table.h"
#include "engine/command_gateway.h"
#include "engine/sha256.h"
#include "engine/store.h"
#include "engine/time_util.h"
#include "engine/utf8.h"
#include "workflows/scoring/score.h"
#include "workflows/unit/unit_directory.h"
#include "workflows/rectification/task_views.h"

namespace safecity::cli {

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

std::string Where(const std::string& file, int line, int col, const std::string& name) {
  return file + ":" + std::to_string(line) + ":" + std::to_string(col + 1) + " (" + name + ")";
}

// Submits rows whose intake checks have all passed, in order.
Result<ImportReport> SubmitChecked(CommandGateway* engine, const std::vector<std::pair<int, CommandEnvelope>>& cmds,
                                   const std::string& file) {
  ImportReport rep;
  Progress bar("import " + file, static_cast<int64_t>(cmds.size()));
  for (const auto& [line, c] : cmds) {
    CommandResult r = engine->Submit(c);
    ++rep.rows;
    bar.Update(rep.rows);
    if (!r.status.ok())
      return Status::Invalid(file + ":" + std::to_string(line),
                             r.status.ToString() + "; rows before this one were imported, fix it and run the import again");
    if (r.body.value("duplicate", false))
      ++rep.already;
    else
      ++rep.added;
  }
  return rep;
}

Result<ImportReport> SubmitAll(CommandGateway* engine, const std::vector<std::pair<int, CommandEnvelope>>& cmds, const std::string& file) {
  // Intake checks of every row first (schema, names); nothing is written if one fails.
  for (const auto& [line, c] : cmds) {
    CommandEnvelope probe = c;
    Status s = engine->Check(&probe);
    if (!s.ok()) return s.Relocated(file + ":" + std::to_string(line) + (s.field().empty() ? "" : " (" + s.field() + ")"));
  }
  return SubmitChecked(engine, cmds, file);
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
    return Status::Invalid(field, "'" + text + "' is not a number of points; write 3 or 2.5 (at most two decimals)");
  int64_t v = std::stoll(m[1].str()) * 100;
  if (m[2].matched) v += m[2].str().size() == 1 ? std::stoll(m[2].str()) * 10 : std::stoll(m[2].str());
  return v;
}

Result<ImportReport> ImportUnits(CommandGateway* engine, const std::string& file, const std::string& text, const Actor& actor,
                                 int64_t at) {
  auto csv = ParseCsv(file, text);
  if (!csv.ok()) return csv.status();
  const CsvTable& t = csv.value();
  int c_id = t.Column({"id"}), c_name = t.Column({"name", "名称", "单位名称"}), c_kind = t.Column({"kind", "类型"}),
      c_alias = t.Column({"aliases", "别名"}), c_parent = t.Column({"parent", "上级"}),
      c_since = t.Column({"member_since", "加入日期"}), c_left = t.Column({"left_on", "退出日期"});
  if (c_id < 0 || c_name < 0)
    return Status::Invalid(file + ":1", "the header needs columns id and name (and kind, aliases, parent, member_since, left_on)");
  static const std::regex id_re("^[a-z0-9][a-z0-9_-]{0,63}$"), date_re("^[0-9]{4}-[0-9]{2}-[0-9]{2}$");
  std::map<std::string, int> names;  // every id, name and alias in the file -> line
  std::vector<std::pair<int, CommandEnvelope>> cmds;
  for (const CsvRow& row : t.rows) {
    auto cell = [&](int c) { return c < 0 ? std::string() : row.cells[c]; };
    std::string id = cell(c_id), name = cell(c_name), kind = cell(c_kind).empty() ? "department" : cell(c_kind);
    if (!std::regex_match(id, id_re))
      return Status::Invalid(Where(file, row.line, c_id, "id"), "'" + id + "' is not an id; use lower-case letters, digits, - or _");
    if (name.empty()) return Status::Invalid(Where(file, row.line, c_name, "name"), "is empty; give the unit's full name");
    Json data{{"id", id}, {"name", name}, {"kind", kind}, {"aliases", Json::array()}, {"parent", cell(c_parent)}};
    std::vector<std::pair<std::string, int>> spellings{{id, c_id}, {name, c_name}};
    for (const auto& a : Split(cell(c_alias), ';')) {
      data["aliases"].push_back(a);
      spellings.emplace_back(a, c_alias);
    }
    for (const auto& [sp, col] : spellings) {
      auto [it, fresh] = names.emplace(sp, row.line);
      if (!fresh && !(sp == id && col == c_id))
        return Status::Invalid(Where(file, row.line, col, col == c_alias ? "aliases" : col == c_name ? "name" : "id"),
                               "'" + sp + "' already names the unit on line " + std::to_string(it->second) + "; spellings must be unique");
    }
    std::string since = cell(c_since);
    if (!since.empty()) {
      if (!std::regex_match(since, date_re))
        return Status::Invalid(Where(file, row.line, c_since, "member_since"), "'" + since + "' is not a date; write 2023-01-01");
      data["member_since"] = since;
    }
    std::string left = cell(c_left);
    if (!left.empty()) {
      if (!std::regex_match(left, date_re))
        return Status::Invalid(Where(file, row.line, c_left, "left_on"), "'" + left + "' is not a date; write 2021-04-09");
      if (left <= since)
        return Status::Invalid(Where(file, row.line, c_left, "left_on"), "'" + left + "' is not after member_since " + since);
      data["left_on"] = left;
    }
    cmds.emplace_back(row.line, ImportCommand("units", text, row.line, "unit.register", "unit-" + id, actor, at, data));
  }
  return SubmitAll(engine, cmds, file);
}

Result<ImportReport> ImportSheet(CommandGateway* engine, const std::string& file, const std::string& text,
                                 const SheetHeader& sheet, const Actor& actor, int64_t at) {
  auto csv = ParseCsv(file, text);
  if (!csv.ok()) return csv.status();
  const CsvTable& t = csv.value();
  int c_id = t.Column({"id", "编号"}), c_parent = t.Column({"parent", "上级"}), c_title = t.Column({"title", "项目", "评价项目"}),
      c_points = t.Column({"points", "分值"}), c_method = t.Column({"method", "方法"}), c_rule = t.Column({"rule", "评分规则", "扣分规则"});
  if (c_id < 0 || c_title < 0 || c_points < 0)
    return Status::Invalid(file + ":1", "the header needs columns id, parent, title, points, method, rule");
  Json items = Json::array();
  for (const CsvRow& row : t.rows) {
    auto cell = [&](int c) { return c < 0 ? std::string() : row.cells[c]; };
    auto points = ParsePoints(cell(c_points), Where(file, row.line, c_points, "points"));
    if (!points.ok()) return points.status();
    std::string method = cell(c_method);
    if (!method.empty() && method != "deduct" && method != "ratio" && method != "judgement")
      return Status::Invalid(Where(file, row.line, c_method, "method"), "'" + method + "' is not a method; use deduct, ratio or judgement");
    items.push_back(Json{{"id", cell(c_id)}, {"parent", cell(c_parent)}, {"title", cell(c_title)},
                         {"points_x100", points.value()}, {"method", method}, {"rule", cell(c_rule)}});
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
      int c = col == "points" ? c_points : col == "method" ? c_method : col == "parent" ? c_parent : c_id;
      return valid.status().Relocated(Where(file, t.rows[i].line, c, col));
    }
    return valid.status().Relocated(file);
  }
  std::vector<std::pair<int, CommandEnvelope>> cmds;
  cmds.emplace_back(1, ImportCommand("sheet", text, 1, "sheet.define", "sheet-" + sheet.sheet_id + "@" + sheet.version, actor, at,
                                     Json{{"sheet_id", sheet.sheet_id}, {"version", sheet.version}, {"title", sheet.title}, {"items", items}}));
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

std::string BaseName(const std::string& path) {
  size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// An id prefix from a file name: "gongshu_tasks.csv" -> "gongshu_tasks".
std::string PrefixFromFile(const std::string& file) {
  std::string stem = BaseName(file);
  if (stem.size() > 4 && stem.compare(stem.size() - 4, 4, ".csv") == 0) stem.resize(stem.size() - 4);
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
  if (c_name < 0 || c_members < 0) return Status::Invalid(file + ":1", "the header needs columns name and members");
  for (const CsvRow& row : t.rows) {
    const std::string& name = row.cells[c_name];
    if (name.empty()) return Status::Invalid(Where(file, row.line, c_name, "name"), "is empty; give the group's name as the tables write it");
    if (groups.count(name)) return Status::Invalid(Where(file, row.line, c_name, "name"), "'" + name + "' is defined twice");
    if (units::Resolve(reader, name, "name").ok())
      return Status::Invalid(Where(file, row.line, c_name, "name"), "'" + name + "' already names a unit; a group needs a name of its own");
    std::vector<std::string> members;
    for (const auto& ref : Split(row.cells[c_members], ';')) {
      auto id = units::Resolve(reader, ref, "members");
      if (!id.ok()) return id.status().Relocated(Where(file, row.line, c_members, "members"));
      if (std::find(members.begin(), members.end(), id.value()) == members.end()) members.push_back(id.value());
    }
    if (members.empty()) return Status::Invalid(Where(file, row.line, c_members, "members"), "is empty; list the member units, separated by ;");
    groups[name] = members;
  }
  return groups;
}

}  // namespace

Result<ImportReport> ImportTasks(CommandGateway* engine, const std::string& file, const std::string& text,
                                 const TaskImportOptions& opt, const Actor& actor, int64_t at) {
  static const std::regex id_re("^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$");
  auto csv = ParseCsv(file, text);
  if (!csv.ok()) return csv.status();
  const CsvTable& t = csv.value();
  int c_cat = t.Column({"category", "项目", "类别"}), c_wp = t.Column({"work_point", "序号"}),
      c_wp_text = t.Column({"work_point_text", "工作要点"}), c_task = t.Column({"task", "title", "任务清单", "工作任务", "任务"}),
      c_lead = t.Column({"lead_unit", "牵头单位", "责任单位"}), c_coop = t.Column({"cooperating_units", "配合单位"}),
      c_deadline = t.Column({"deadline", "完成时限", "完成时间", "时限"}), c_id = t.Column({"id", "编号", "任务编号"});
  if (c_task < 0 || c_lead < 0)
    return Status::Invalid(file + ":1", "the header needs columns 任务清单 (task) and 牵头单位 (lead_unit); also 项目, 序号, 工作要点, 配合单位, 完成时限");
  if (!opt.prefix.empty() && !std::regex_match(opt.prefix, id_re))
    return Status::Invalid("prefix", "'" + opt.prefix + "' is not an id prefix; use letters, digits, - _ or .");
  const std::string prefix = !opt.prefix.empty() ? opt.prefix : !opt.campaign.empty() ? opt.campaign : PrefixFromFile(file);
  if (!opt.default_deadline.empty() && !ParseDeadlineMs(opt.default_deadline))
    return Status::Invalid("default_deadline", "'" + opt.default_deadline + "' is not a date; write 2020-12-31");

  ReadModelReader reader(engine->store());
  auto groups = ReadGroups(reader, opt.groups_file, opt.groups_text);
  if (!groups.ok()) return groups.status();
  // Exact lookups only: splitting a cell asks about many pieces that are not names.
  auto known = [&](const std::string& name) {
    if (groups.value().count(name)) return true;
    for (const char* model : {"unit/", "ualias/"}) {
      auto hit = reader.Get(model + name);
      if (hit.ok() && hit.value()) return true;
    }
    return false;
  };
  // A responsibility cell -> unit ids by role, groups expanded; the first lead kept apart when it is a group.
  struct Responsible {
    std::vector<std::string> leads, coop;
    std::vector<std::string> group_lead;  // members, when the first lead named is a group
  };
  auto resolve_cell = [&](const CsvRow& row, int col, bool lead_column, const char* field, Responsible* r) -> Status {
    if (col < 0) return Status::Ok();
    for (const ResponsibleRef& ref : SplitResponsibility(row.cells[col], lead_column, known)) {
      if (!ref.matched) {
        auto why = units::Resolve(reader, ref.name, field);
        const std::string advice =
            opt.groups_text.empty()
                ? Label("（若是一组单位，请在分组文件中列出：--groups）", "; if it is a group of units, list it in a groups file (--groups)")
                : Label("（或把它加入 ", "; or add it to ") + BaseName(opt.groups_file) + Label("）", "");
        return Status::Invalid(Where(file, row.line, col, field), why.status().Words(CurrentLanguage(), Edge::kCli) + advice);
      }
      auto g = groups.value().find(ref.name);
      std::vector<std::string> ids;
      if (g != groups.value().end())
        ids = g->second;
      else
        ids.push_back(units::Resolve(reader, ref.name, field).value());
      if (ref.lead && r->leads.empty() && r->group_lead.empty() && g != groups.value().end()) {
        r->group_lead = ids;
        continue;
      }
      for (const auto& id : ids) (ref.lead ? r->leads : r->coop).push_back(id);
    }
    return Status::Ok();
  };

  const std::string import_key = Sha256Hex(text + "\n--groups\n" + opt.groups_text + "\n--prefix " + prefix +
                                           "\n--campaign " + opt.campaign + "\n--default-deadline " + opt.default_deadline);
  std::map<std::string, int> id_lines;             // task id -> line
  std::map<std::string, int> items_in_point;       // work-point key -> rows so far
  std::vector<std::pair<int, CommandEnvelope>> cmds;
  ImportReport rep;
  for (const CsvRow& row : t.rows) {
    auto cell = [&](int c) { return c < 0 ? std::string() : row.cells[c]; };
    NumberedText task = SplitLeadingNumber(cell(c_task));
    if (task.text.empty()) return Status::Invalid(Where(file, row.line, c_task, "task"), "is empty; give the task (任务清单)");
    std::string base_id = cell(c_id);
    if (base_id.empty()) {
      std::string key;
      if (!cell(c_wp).empty()) {
        int wp = ParseOrdinal(cell(c_wp));
        if (wp <= 0) return Status::Invalid(Where(file, row.line, c_wp, "work_point"), "'" + cell(c_wp) + "' is not a work-point number; write 3 or 三");
        key = std::to_string(wp);
      } else {
        std::string cat = cell(c_cat);
        size_t mark = cat.find("、");
        int section = ParseOrdinal(mark == std::string::npos ? cat : cat.substr(0, mark));
        key = "s" + std::to_string(section > 0 ? section : 0);
      }
      int item = task.number > 0 ? task.number : items_in_point[key] + 1;
      items_in_point[key] = std::max(items_in_point[key], item);
      base_id = prefix + "-" + key + "-" + std::to_string(item);
    }
    Responsible resp;
    Status s = resolve_cell(row, c_lead, true, "lead_unit", &resp);
    if (s.ok()) s = resolve_cell(row, c_coop, false, "cooperating_units", &resp);
    if (!s.ok()) return s;
    if (resp.leads.empty() && resp.group_lead.empty())
      return Status::Invalid(Where(file, row.line, c_lead, "lead_unit"), "names no lead unit (牵头单位); give one");
    std::vector<std::pair<std::string, std::string>> tracks;  // (task id, lead)
    std::vector<std::string> coop = resp.coop;
    if (!resp.group_lead.empty()) {
      for (const auto& m : resp.group_lead) tracks.emplace_back(base_id + "-" + m, m);
      coop.insert(coop.begin(), resp.leads.begin(), resp.leads.end());
    } else {
      tracks.emplace_back(base_id, resp.leads.front());
      coop.insert(coop.begin(), resp.leads.begin() + 1, resp.leads.end());
    }
    std::string deadline = opt.default_deadline;
    auto dl = ParseDeadlineCell(cell(c_deadline));
    if (!dl.ok()) return dl.status().Relocated(Where(file, row.line, c_deadline, "deadline"));
    if (!dl.value().open) deadline = dl.value().date;
    if (deadline.empty())
      return Status::Invalid(Where(file, row.line, c_deadline, "deadline"),
                             "'" + cell(c_deadline) + "' gives no date; write one (2020年12月) or give --default-deadline 2020-12-31 for such rows");
    for (const auto& [task_id, lead] : tracks) {
      if (!std::regex_match(task_id, id_re))
        return Status::Invalid(Where(file, row.line, c_id >= 0 ? c_id : c_task, "id"),
                               "'" + task_id + "' is not a task id (letters, digits, - _ . and at most 64); use a shorter --prefix or an id column");
      auto [it, fresh] = id_lines.emplace(task_id, row.line);
      if (!fresh)
        return Status::Invalid(Where(file, row.line, c_id >= 0 ? c_id : c_task, "id"),
                               "task id " + task_id + " is also the id of line " + std::to_string(it->second) + "; number the items (（1）, （2）) or add an id column");
      Json others = Json::array();
      for (const auto& c : coop)
        if (c != lead && std::find(others.begin(), others.end(), c) == others.end()) others.push_back(c);
      if (others.size() > 50)
        return Status::Invalid(Where(file, row.line, c_coop >= 0 ? c_coop : c_lead, "cooperating_units"),
                               std::to_string(others.size()) + " cooperating units; a task takes at most 50, split the row");
      std::string description = cell(c_wp_text).empty() ? "" : "工作要点：" + cell(c_wp_text);
      if (DecodeUtf8(task.text).size() > 200) description = task.text + (description.empty() ? "" : "\n" + description);
      Json data{{"task_id", task_id},
                {"title", Clip(task.text, 200)},
                {"description", Clip(description, 4000)},
                {"category", Clip(cell(c_cat), 100)},
                {"lead_unit", lead},
                {"cooperating_units", others},
                {"deadline", deadline},
                {"source", Json{{"kind", "task_breakdown"}, {"ref", Clip(BaseName(file) + ":" + std::to_string(row.line), 200)}}}};
      if (!opt.campaign.empty()) data["campaign"] = opt.campaign;
      CommandEnvelope c = ImportCommand("tasks", import_key, row.line, "task.assign", "task-" + task_id, actor, at, data);
      if (tracks.size() > 1) c.id += ":" + lead;
      cmds.emplace_back(row.line, std::move(c));
    }
  }
  // Before anything is written: every task is new (or this very import ran
  // before), fits the engine's intake checks, and is due after the import time.
  for (const auto& [line, c] : cmds) {
    auto prior = engine->store()->Get(Cf::kCommands, c.id);
    if (!prior.ok()) return prior.status();
    if (prior.value()) continue;
    CommandEnvelope probe = c;
    Status s = engine->Check(&probe);
    if (!s.ok()) {
      std::string field = s.field().rfind("data.", 0) == 0 ? s.field().substr(5) : s.field();
      int col = field == "deadline" ? c_deadline : field == "lead_unit" ? c_lead : field.rfind("cooperating_units", 0) == 0 ? c_coop : -2;
      return s.Relocated(col >= 0 ? Where(file, line, col, field) : file + ":" + std::to_string(line) + (field.empty() ? "" : " (" + field + ")"));
    }
    const std::string task_id = c.data["task_id"];
    if (!rectification::ReadTaskSummary(reader, task_id).is_null())
      return Status::Invalid(file + ":" + std::to_string(line) + " (id)",
                             "task " + task_id + " already exists; import under another --prefix, or give the row an id");
    auto due = ParseIsoMs(probe.data["deadline"].get<std::string>());
    if (due && *due <= at)
      return Status::Invalid(c_deadline >= 0 ? Where(file, line, c_deadline, "deadline") : file + ":" + std::to_string(line) + " (deadline)",
                             "deadline " + FormatLocal(*due) + " is before the import time " + FormatLocal(at) +
                                 "; import as of the plan's start with --at (e.g. --at 2018-07-01)");
    rep.planned.push_back(probe.data);
  }
  if (opt.dry_run) {
    rep.rows = static_cast<int64_t>(cmds.size());
    return rep;
  }
  // Every row passed the intake checks above (or was imported before).
  auto done = SubmitChecked(engine, cmds, file);
  if (!done.ok()) return done.status();
  done.value().planned = std::move(rep.planned);
  return done;
}

}  // namespace safecity::cli
