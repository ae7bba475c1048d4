#include "cli/imports.h"

#include <map>
#include <regex>

#include "cli/csv.h"
#include "engine/engine.h"
#include "engine/sha256.h"
#include "workflows/scoring/score.h"

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

Result<ImportReport> SubmitAll(Engine* engine, std::vector<std::pair<int, CommandEnvelope>> cmds, const std::string& file) {
  ImportReport rep;
  // Intake checks of every row first (schema, names); nothing is written if one fails.
  for (auto& [line, c] : cmds) {
    CommandEnvelope probe = c;
    Status s = engine->Check(&probe);
    if (!s.ok()) return Status::Invalid(file + ":" + std::to_string(line) + (s.field().empty() ? "" : " (" + s.field() + ")"), s.message());
  }
  for (auto& [line, c] : cmds) {
    CommandResult r = engine->Submit(c);
    ++rep.rows;
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

Result<ImportReport> ImportUnits(Engine* engine, const std::string& file, const std::string& text, const Actor& actor,
                                 int64_t at) {
  auto csv = ParseCsv(file, text);
  if (!csv.ok()) return csv.status();
  const CsvTable& t = csv.value();
  int c_id = t.Column({"id"}), c_name = t.Column({"name", "名称", "单位名称"}), c_kind = t.Column({"kind", "类型"}),
      c_alias = t.Column({"aliases", "别名"}), c_parent = t.Column({"parent", "上级"}),
      c_since = t.Column({"member_since", "加入日期"});
  if (c_id < 0 || c_name < 0) return Status::Invalid(file + ":1", "the header needs columns id and name (and kind, aliases, parent, member_since)");
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
    cmds.emplace_back(row.line, ImportCommand("units", text, row.line, "unit.register", "unit-" + id, actor, at, data));
  }
  return SubmitAll(engine, std::move(cmds), file);
}

Result<ImportReport> ImportSheet(Engine* engine, const std::string& file, const std::string& text,
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
      return Status::Invalid(Where(file, t.rows[i].line, c, col), valid.status().message());
    }
    return Status::Invalid(file, valid.status().message());
  }
  std::vector<std::pair<int, CommandEnvelope>> cmds;
  cmds.emplace_back(1, ImportCommand("sheet", text, 1, "sheet.define", "sheet-" + sheet.sheet_id + "@" + sheet.version, actor, at,
                                     Json{{"sheet_id", sheet.sheet_id}, {"version", sheet.version}, {"title", sheet.title}, {"items", items}}));
  return SubmitAll(engine, std::move(cmds), file);
}

}  // namespace safecity::cli
