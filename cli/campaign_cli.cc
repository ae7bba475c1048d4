#include "cli/campaign_cli.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <iostream>
#include <optional>

#include "cli/attachments_cli.h"
#include "cli/campaign_reports.h"
#include "cli/pdf_document.h"
#include "cli/progress.h"
#include "cli/report_documents.h"
#include "cli/reports.h"
#include "cli/xlsx_export.h"
#include "connectors/http/http_client.h"
#include "connectors/http/server_gateway.h"
#include "engine/json_field.h"
#include "engine/engine.h"
#include "engine/intake_refusals.h"
#include "engine/intake.h"
#include "engine/reaction_runner.h"
#include "engine/read_models.h"
#include "engine/sha256.h"
#include "engine/store.h"
#include "engine/time_util.h"
#include "workflows/campaign/period_report.h"
#include "workflows/campaign/round_views.h"
#include "workflows/clock/clock.h"
#include "workflows/imports/imports.h"
#include "workflows/imports/schedule_text.h"
#include "workflows/imports/table_file.h"
#include "workflows/notification/recipient.h"
#include "workflows/scoring/score.h"
#include "workflows/scoring/scoring_sheet.h"
#include "workflows/scoring/sheet_refusals.h"
#include "workflows/unit/unit_directory.h"
#include "workflows/registry.h"

#ifndef SAFECITY_SOURCE_DIR
#define SAFECITY_SOURCE_DIR "."
#endif

namespace safecity::cli {

using imports::ImportReport;
using imports::ImportSheet;
using imports::ImportTasks;
using imports::ImportUnits;
using imports::ParsePoints;
using imports::SheetHeader;
using imports::TaskImportOptions;

namespace {

// An import's progress drawn on `bar`.
imports::ImportProgress Tell(Progress& bar) {
  return [&bar](int64_t done, int64_t total) {
    bar.SetTotal(total);
    bar.Update(done);
  };
}

struct Opts {
  std::string id, title, sheet, from_file, unit, item, points, reason, suggestion, comment, inspector, mode, grade,
      deadline, source, location, description, campaign, phase, state, file, version, to, since, bulletin, groups,
      prefix, stage, pending, medium, subject, decision, document_no, on;
  std::vector<std::string> units, reasons, coop, phases, each, photos;
  std::string attachments_dir;  // verification pass|fail --photo, without --server
  std::string pdf;
  bool pdf_given = false;  // --pdf, even as "" (refused)
  DocumentHead head;
  int64_t qualified = -1, sampled = -1, finding = 0, year = 0;
  bool no_task = false, all_units = false, unread = false, active = false, dry_run = false;
};
Opts o;

template <class Fn>
std::function<void()> Run(int& rc, Fn fn) {
  return [&rc, fn]() { rc = fn(); };
}

// Queries: open the store, build a table, print it.
template <class Fn>
int Query(const Globals& g, Fn fn) {
  auto st = OpenExisting(g);
  if (!st.ok()) return Fail(st.status());
  auto t = fn(st.value().get());
  if (!t.ok()) return Fail(t.status());
  return PrintTable(g, t.value());
}

// The inbox owner of the acting principal (workflows/notification/recipient.h).
Result<std::string> Recipient(const Globals& g) {
  auto a = WhoActs(g, "");
  if (!a.ok()) return Status::Invalid("--as", "whose inbox? give --as office, --as UNIT or --as inspector:NAME");
  if (a.value().role != "unit" || ServerMode(g)) return notification::InboxOwner(a.value().role, a.value().id);
  auto unit = ResolveUnit(g, a.value().id, "--as");
  if (!unit.ok()) return unit.status();
  return notification::InboxOwner("unit", unit.value());
}

// The units a round evaluates by default: the departments and districts that
// are members on the day of `at_ms`, of the unit records given
// ({id, kind, member_since, left_on}).
Json EvaluatedUnits(const std::vector<Json>& all, int64_t at_ms) {
  Json ids = Json::array();
  for (const auto& u : all)
    if ((u.value("kind", "") == "department" || u.value("kind", "") == "district") && units::MemberAt(u, at_ms)) ids.push_back(u["id"]);
  return ids;
}

// The unit records EvaluatedUnits reads and the time to read them at: the
// directory's in `local` at --at (or now), or with --server GET /v1/units's
// rows (their membership as the directory keeps it) at the server's now,
// which is when the server checks the round's units.
struct UnitRecordsAt {
  std::vector<Json> records;
  int64_t at_ms = 0;
};
Result<UnitRecordsAt> UnitRecords(const Globals& g, Store* local) {
  if (!ServerMode(g)) {
    auto at = CommandTime(g);
    if (!at.ok()) return at.status();
    ReadModelReader reader(local);
    return UnitRecordsAt{units::All(reader), at.value()};
  }
  auto answer = ServerGet(g, "/v1/units");
  if (!answer.ok()) return answer.status();
  auto as_of = ParseIsoMs(answer.value().value("as_of", ""));
  if (!as_of) return Status::Invalid("as_of", "the server's GET /v1/units gave no as_of; does it run the same version?");
  UnitRecordsAt out{{}, *as_of};
  std::vector<Json>& records = out.records;
  for (const Json& row : answer.value().value("items", std::vector<Json>{})) {
    const Json membership = row.value("membership", Json::object());
    Json u{{"id", row.value("id", "")}, {"kind", row.value("kind", "")}};
    if (membership.value("since", Json()).is_string()) u["member_since"] = membership["since"];
    if (membership.value("left_on", Json()).is_string()) u["left_on"] = membership["left_on"];
    records.push_back(std::move(u));
  }
  return out;
}

// An import acts as the office (or --as) at --at (or now).
struct ImportContext {
  std::unique_ptr<CommandGateway> engine;
  Actor actor;
  int64_t at = 0;
};
Result<ImportContext> OpenForImport(const Globals& g, bool with_replica = true) {
  auto actor = ActingAs(g, "office");
  if (!actor.ok()) return actor.status();
  auto at = CommandTime(g);
  if (!at.ok()) return at.status();
  auto engine = OpenGateway(g, with_replica);
  if (!engine.ok()) return engine.status();
  return ImportContext{std::move(engine.value()), actor.value(), at.value()};
}

// A reporting period from --from and --to (both dates, --to inclusive) as
// [first moment, moment after the last day).
Result<std::pair<int64_t, int64_t>> PeriodOf(const std::string& from_text, const std::string& to_text) {
  auto period = campaign::ParsePeriod(from_text, to_text);
  if (!period.ok()) return period.status().Relocated("--" + period.status().field());
  return period;
}

Result<Json> ReadJsonFile(const std::string& path, const std::string& field) {
  bool ok = false;
  std::string text = ReadFile(path, &ok);
  if (!ok) return Status::Invalid(field, "cannot read " + path + "; give an existing file");
  Json j = Json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Status::Invalid(field, path + " is not a JSON object");
  return j;
}

void AddSheet(CLI::App& app, Globals& g, int& rc) {
  auto* sheet = app.add_subcommand("sheet", "scoring sheets (评价细则), versioned");
  sheet->require_subcommand(1);
  auto* imp = sheet->add_subcommand("import", "define a sheet version from CSV: id,parent,title,points,method,rule");
  imp->add_option("file", o.file, "the CSV file")->required();
  imp->add_option("--id", o.id, "sheet id, e.g. xian-evaluation")->required();
  imp->add_option("--version", o.version, "version, e.g. 2022")->required();
  imp->add_option("--title", o.title, "title")->required();
  imp->callback(Run(rc, [&g] {
    auto read = imports::ReadTableFile(o.file, CurrentLanguage());  // .xlsx, UTF-8 or GB18030
    if (!read.ok()) return Fail(read.status());
    const std::string& text = read.value();
    // A sheet version is one command, checked whole by whoever takes it: a
    // server checks it itself, with no replica.
    auto ctx = OpenForImport(g, /*with_replica=*/false);
    if (!ctx.ok()) return Fail(ctx.status());
    auto& [engine, actor, at] = ctx.value();
    auto rep = ImportSheet(engine.get(), o.file, text, {o.id, o.version, o.title}, actor, at);
    if (!rep.ok()) return Fail(rep.status());
    std::cout << (rep.value().added ? "defined " : "already defined ") << o.id << "@" << o.version << "\n";
    return 0;
  }));
  auto* show = sheet->add_subcommand("show", "the items of a sheet version");
  show->add_option("sheet", o.sheet, "SHEET@VERSION")->required();
  show->callback(Run(rc, [&g] {
    if (ServerMode(g)) {  // GET /v1/sheets/{ref}
      auto sheet = ServerGet(g, "/v1/sheets/" + http::PathSegment(o.sheet));
      return sheet.ok() ? PrintTable(g, SheetTable(sheet.value())) : Fail(sheet.status());
    }
    return Query(g, [](Store* s) { return SheetShow(s, o.sheet); });
  }));
  auto* list = sheet->add_subcommand("list", "the sheet versions defined");
  list->callback(Run(rc, [&g] {
    if (ServerMode(g)) {  // GET /v1/sheets
      auto rows = ServerGet(g, "/v1/sheets");
      if (!rows.ok()) return Fail(rows.status());
      return PrintTable(g, SheetListTable(rows.value().value("items", std::vector<Json>{})));
    }
    return Query(g, [](Store* s) { return SheetList(s); });
  }));
}

void AddCampaign(CLI::App& app, Globals& g, int& rc) {
  auto* c = app.add_subcommand("campaign", "inspection rounds (创建评估轮次): phases, findings, scores");
  c->require_subcommand(1);
  auto* create = c->add_subcommand("create", "draft a round: units, scoring sheet version, phase deadlines");
  create->add_option("--id", o.id, "round id, e.g. xian-2023-self-inspection");
  create->add_option("--title", o.title, "title");
  create->add_option("--sheet", o.sheet, "scoring sheet SHEET@VERSION");
  create->add_option("--from", o.from_file, "a round.json (campaign_id, title, year, phases, sheet_id, sheet_version); flags override it");
  create->add_option("--unit", o.units, "a unit evaluated (id, name or alias), repeatable");
  create->add_flag("--all-units", o.all_units, "evaluate every registered department and district");
  create->add_option("--phase", o.phases, "PHASE=DATE, e.g. rectification=2023-04-15; repeatable");
  create->callback(Run(rc, [&g] {
    Json base = Json::object();
    if (!o.from_file.empty()) {
      auto j = ReadJsonFile(o.from_file, "--from");
      if (!j.ok()) return Fail(j.status());
      base = j.value();
    }
    std::string id = o.id.empty() ? base.value("campaign_id", "") : o.id;
    std::string title = o.title.empty() ? base.value("title", "") : o.title;
    std::string sheet = o.sheet;
    if (sheet.empty() && base.contains("sheet_id")) sheet = base.value("sheet_id", "") + "@" + base.value("sheet_version", "");
    if (id.empty()) return Fail(Status::Invalid("--id", "name the round, e.g. --id xian-2023"));
    if (title.empty()) return Fail(Status::Invalid("--title", "give the round a title"));
    if (sheet.empty()) return Fail(Status::Invalid("--sheet", "name the scoring sheet version, e.g. --sheet xian-evaluation@2022"));
    Json phases = base.value("phases", Json::object());
    for (const auto& p : o.phases) {
      auto eq = p.find('=');
      if (eq == std::string::npos) return Fail(Status::Invalid("--phase", "'" + p + "' must be PHASE=DATE"));
      phases[p.substr(0, eq)] = p.substr(eq + 1);
    }
    Json units = Json::array();
    for (const auto& u : o.units) units.push_back(u);
    if (o.all_units) {  // the reader is closed before the command is sent
      std::unique_ptr<Store> st;
      if (!ServerMode(g)) {
        auto opened = OpenExisting(g);
        if (!opened.ok()) return Fail(opened.status());
        st = std::move(opened.value());
      }
      auto records = UnitRecords(g, st.get());
      if (!records.ok()) return Fail(records.status());
      for (const auto& u : EvaluatedUnits(records.value().records, records.value().at_ms)) units.push_back(u);
    }
    Json data{{"campaign_id", id}, {"title", title}, {"sheet", sheet}, {"units", units}, {"phases", phases}};
    if (base.contains("year")) data["year"] = base["year"];
    return Submit(g, "campaign.create", "campaign-" + id, "office", data);
  }));
  auto simple = [&](const char* name, const char* help, const char* type, bool reason_required) {
    auto* sc = c->add_subcommand(name, help);
    sc->add_option("campaign", o.id, "round id")->required();
    auto* opt = sc->add_option(reason_required ? "--reason" : "--note", o.reason, reason_required ? "why" : "note");
    if (reason_required) opt->required();
    sc->callback(Run(rc, [&g, type, reason_required] {
      Json data = Json::object();
      if (!o.reason.empty()) data[reason_required ? "reason" : "note"] = o.reason;
      return Submit(g, type, "campaign-" + o.id, "office", data);
    }));
  };
  simple("launch", "launch a drafted round (启动)", "campaign.launch", false);
  simple("close", "close the round after reporting (结束)", "campaign.close", false);
  simple("cancel", "cancel the round (取消)", "campaign.cancel", true);
  auto* start = c->add_subcommand("start", "begin a phase: self_check, system_check, spot_check, rectification, reporting");
  start->add_option("campaign", o.id, "round id")->required();
  start->add_option("phase", o.phase, "the phase")->required();
  start->add_option("--note", o.reason, "note");
  start->callback(Run(rc, [&g] {
    Json data = Json::object();
    if (!o.reason.empty()) data["note"] = o.reason;
    return Submit(g, "campaign.start_" + o.phase, "campaign-" + o.id, "office", data);
  }));
  auto* resched = c->add_subcommand("reschedule", "move a phase deadline, with the reason");
  resched->add_option("campaign", o.id, "round id")->required();
  resched->add_option("--phase", o.phase, "the phase")->required();
  resched->add_option("--until", o.deadline, "the new deadline")->required();
  resched->add_option("--reason", o.reason, "why")->required();
  resched->callback(Run(rc, [&g] {
    return Submit(g, "campaign.reschedule_phase", "campaign-" + o.id, "office",
                  Json{{"phase", o.phase}, {"deadline", o.deadline}, {"reason", o.reason}});
  }));
  // The plan's stages (工作阶段), beside the assessment phases above.
  auto* sched = c->add_subcommand("schedule", "the round's schedule: the plan's stages (阶段) with its own names, set, moved and shown");
  sched->require_subcommand(1);
  auto* sched_set = sched->add_subcommand(
      "set", "set the stages from the plan's text (（二）组织实施阶段（2020年10月-2021年5月）, one per line; the paragraphs between are skipped)");
  sched_set->add_option("campaign", o.id, "round id")->required();
  sched_set->add_option("--file", o.file, "the plan's 工作步骤 section as text (UTF-8)")->required();
  sched_set->add_option("--year", o.year, "the year of periods written without one (3月中旬)");
  sched_set->add_option("--reason", o.reason, "why (when the schedule is set again)");
  sched_set->add_flag("--dry-run", o.dry_run, "show the stages read; send nothing");
  sched_set->callback(Run(rc, [&g] {
    bool ok = false;
    const std::string text = ReadFile(o.file, &ok);
    if (!ok) return Fail(Status::Invalid("--file", Label("读不到文件 " + o.file + "；请给出存在的文件", "cannot read " + o.file + "; give an existing file")));
    imports::ScheduleText read = imports::ParseScheduleText(o.file, text, static_cast<int>(o.year), CurrentLanguage());
    if (!read.errors.empty()) {
      if (read.errors.size() == 1) return Fail(read.errors.front());
      std::cerr << Label("error: " + o.file + "：" + std::to_string(read.errors.size()) + " 处错误，未设定任何阶段：\n",
                         "error: " + o.file + ": " + std::to_string(read.errors.size()) + " errors; no stage was set:\n");
      for (const auto& e : read.errors) std::cerr << "  " << e.field() << ": " << e.message() << "\n";
      return 2;
    }
    Json stages = Json::array();
    for (const auto& st : read.stages) {
      Json s{{"name", st.name}};
      if (!st.starts.empty()) s["starts"] = st.starts;
      if (!st.ends.empty()) s["ends"] = st.ends;
      if (!st.ends_pending.empty()) s["ends_pending"] = st.ends_pending;
      if (!st.part_of.empty()) s["part_of"] = st.part_of;
      stages.push_back(s);
    }
    if (o.dry_run) {
      int code = PrintTable(g, StagesTable(stages));
      std::cerr << Label(std::to_string(stages.size()) + " 个阶段；未写入（--dry-run）\n",
                         std::to_string(stages.size()) + " stages; nothing written (--dry-run)\n");
      return code;
    }
    return Submit(g, "campaign.set_schedule", "campaign-" + o.id, "office", Json{{"stages", stages}, {"reason", o.reason}});
  }));
  auto* sched_move = sched->add_subcommand("move", "move a stage (调整阶段时间): a new first day, last day, or an end pending, with the reason");
  sched_move->add_option("campaign", o.id, "round id")->required();
  sched_move->add_option("stage", o.stage, "the stage's name, e.g. 考核验收")->required();
  sched_move->add_option("--from", o.since, "its new first day, e.g. 2020-07-01");
  auto* move_until = sched_move->add_option("--until", o.deadline, "its new last day, e.g. 2020-12-31");
  auto* move_pending = sched_move->add_option("--pending", o.pending, "its end is not known any more: why (国家验收时间待定)");
  move_until->excludes(move_pending);
  sched_move->add_option("--reason", o.reason, "why")->required();
  sched_move->callback(Run(rc, [&g] {
    if (o.since.empty() && o.deadline.empty() && o.pending.empty())
      return Fail(Status::Invalid("--until", Label("请给出新的日期：--from、--until 或 --pending", "give what moves: --from, --until or --pending")));
    Json data{{"stage", o.stage}, {"reason", o.reason}};
    if (!o.since.empty()) data["starts"] = o.since;
    if (!o.deadline.empty()) data["ends"] = o.deadline;
    if (!o.pending.empty()) data["ends_pending"] = o.pending;
    return Submit(g, "campaign.move_stage", "campaign-" + o.id, "office", data);
  }));
  auto* sched_show = sched->add_subcommand("show", "the stages, their days and where each stands today (or --at)");
  sched_show->add_option("campaign", o.id, "round id")->required();
  sched_show->callback(Run(rc, [&g] {
    if (ServerMode(g)) {  // GET /v1/rounds/{id} holds its schedule
      auto round = ServerGet(g, "/v1/rounds/" + http::PathSegment(o.id));
      if (!round.ok()) return Fail(round.status());
      auto t = ScheduleTable(round.value(), QueryNow(g));
      return t.ok() ? PrintTable(g, t.value()) : Fail(t.status());
    }
    return Query(g, [&g](Store* s) { return ScheduleTable(s, o.id, QueryNow(g)); });
  }));

  auto* deduct = c->add_subcommand("deduct", "record a deduction (扣分) against a unit; opens a rectification task");
  deduct->add_option("campaign", o.id, "round id")->required();
  deduct->add_option("--unit", o.unit, "the unit (id, name or alias)")->required();
  deduct->add_option("--item", o.item, "scoring item id, e.g. 2.3")->required();
  deduct->add_option("--points", o.points, "points deducted, e.g. 0.5");
  deduct->add_option("--reason", o.reason, "the problem found")->required();
  deduct->add_option("--suggestion", o.suggestion, "rectification suggestion (整改建议)");
  deduct->add_flag("--no-task", o.no_task, "record only; open no rectification task");
  static bool zero_item = false, veto = false;
  static int64_t checked = 0, found = -1;
  deduct->add_flag("--zero-item", zero_item, "本项不得分: the item scores nothing (no --points needed)");
  deduct->add_flag("--veto", veto, "一票否决: the unit fails the round whatever its points");
  deduct->add_option("--checked", checked, "the sample behind it: how many were checked (随机抽查 10 个)");
  deduct->add_option("--found", found, "… and how many of them fell short");
  deduct->add_option("--of", o.medium, "… of what: 建设项目, 企业, 街道");
  deduct->callback(Run(rc, [&g] {
    Json data{{"unit", o.unit}, {"item", o.item}, {"reason", o.reason}, {"suggestion", o.suggestion}, {"open_task", !o.no_task}};
    if (!o.points.empty()) {
      auto p = ParsePoints(o.points, "--points");
      if (!p.ok()) return Fail(p.status());
      data["points_x100"] = p.value();
    } else if (!zero_item && !veto) {
      return Fail(Status::Invalid("--points", Label("请给出扣分（--points 0.5），或标明 --zero-item（本项不得分）、--veto（一票否决）",
                                                    "give the points (--points 0.5), or --zero-item (本项不得分) or --veto (一票否决)")));
    }
    if (zero_item) data["zero_item"] = true;
    if (veto) data["veto"] = true;
    if (checked > 0 || found >= 0) {
      if (checked <= 0 || found < 0)
        return Fail(Status::Invalid("--checked", Label("抽查须同时给出 --checked 和 --found", "give both --checked and --found")));
      data["sample"] = Json{{"checked", checked}, {"found", found}, {"of", o.medium}};
    }
    return Submit(g, "campaign.record_finding", "campaign-" + o.id, "office", data);
  }));
  auto* assess = c->add_subcommand("assess", "score a ratio item (--qualified, --sampled) or a judgement item (--points)");
  assess->add_option("campaign", o.id, "round id")->required();
  assess->add_option("--unit", o.unit, "the unit")->required();
  assess->add_option("--item", o.item, "scoring item id")->required();
  assess->add_option("--qualified", o.qualified, "qualified of those sampled");
  assess->add_option("--sampled", o.sampled, "how many were sampled");
  assess->add_option("--points", o.points, "points awarded (judgement)");
  assess->add_option("--note", o.comment, "note");
  assess->callback(Run(rc, [&g] {
    Json data{{"unit", o.unit}, {"item", o.item}, {"note", o.comment}};
    if (o.qualified >= 0) data["qualified"] = o.qualified;
    if (o.sampled >= 0) data["sampled"] = o.sampled;
    if (!o.points.empty()) {
      auto p = ParsePoints(o.points, "--points");
      if (!p.ok()) return Fail(p.status());
      data["points_x100"] = p.value();
    }
    return Submit(g, "campaign.record_assessment", "campaign-" + o.id, "office", data);
  }));
  auto* withdraw = c->add_subcommand("withdraw", "withdraw a deduction recorded in error");
  withdraw->add_option("campaign", o.id, "round id")->required();
  withdraw->add_option("--finding", o.finding, "the finding's number")->required();
  withdraw->add_option("--reason", o.reason, "why")->required();
  withdraw->callback(Run(rc, [&g] {
    return Submit(g, "campaign.withdraw_finding", "campaign-" + o.id, "office", Json{{"finding", o.finding}, {"reason", o.reason}});
  }));
  auto* list = c->add_subcommand("list", "the rounds");
  list->callback(Run(rc, [&g] {
    if (ServerMode(g)) {  // GET /v1/rounds (a unit's token: the rounds that evaluate it)
      auto rows = ServerList(g, "/v1/rounds");
      if (!rows.ok()) return Fail(rows.status());
      return PrintTable(g, CampaignTable(rows.value()));
    }
    return Query(g, [](Store* s) { return CampaignList(s); });
  }));
  auto* show = c->add_subcommand("show", "one round: state, sheet, phase deadlines, escalation ladder");
  show->add_option("campaign", o.id, "round id")->required();
  show->callback(Run(rc, [&g] {
    if (ServerMode(g)) {  // GET /v1/rounds/{id} (a unit's token: a round that evaluates it)
      auto round = ServerGet(g, "/v1/rounds/" + http::PathSegment(o.id));
      if (!round.ok()) return Fail(round.status());
      return PrintTable(g, CampaignShowTable(round.value()));
    }
    return Query(g, [](Store* s) { return CampaignShow(s, o.id); });
  }));
}

void AddHazard(CLI::App& app, Globals& g, int& rc) {
  auto* h = app.add_subcommand("hazard", "hazards (隐患): report, confirm, close, list");
  h->require_subcommand(1);
  auto* report = h->add_subcommand("report", "report a hazard");
  report->add_option("--id", o.id, "hazard id, e.g. YT-2023-017")->required();
  report->add_option("--title", o.title, "what was found")->required();
  report->add_option("--source", o.source,
                     "unannounced_inspection (暗访), inspection_round, system_check, self_inspection, monitoring_alarm, citizen_report")
      ->required();
  report->add_option("--unit", o.unit, "responsible unit");
  report->add_option("--location", o.location, "where");
  report->add_option("--description", o.description, "details");
  report->add_option("--campaign", o.campaign, "the round it was found in");
  report->callback(Run(rc, [&g] {
    Json data{{"hazard_id", o.id}, {"title", o.title}, {"source", o.source}, {"location", o.location}, {"description", o.description}};
    if (!o.unit.empty()) data["unit"] = o.unit;
    if (!o.campaign.empty()) data["campaign"] = o.campaign;
    return Submit(g, "hazard.report", "hazard-" + o.id, "office", data);
  }));
  auto* expose = h->add_subcommand("expose", "record an exposure (曝光): where and when the hazard was made public");
  expose->add_option("hazard", o.id, "hazard id")->required();
  expose->add_option("--medium", o.medium, "where: 西安电视台《每日聚焦》, 西安日报, 政府网站 …")->required();
  expose->add_option("--on", o.on, "the day it was published, e.g. 2023-04-12")->required();
  expose->add_option("--ref", o.location, "the programme, issue or address");
  expose->add_option("--note", o.comment, "note");
  expose->callback(Run(rc, [&g] {
    return Submit(g, "hazard.expose", "hazard-" + o.id, "office",
                  Json{{"medium", o.medium}, {"published_on", o.on}, {"ref", o.location}, {"note", o.comment}});
  }));
  auto* acct = h->add_subcommand("accountability", "record an accountability decision (问责): who, the decision, its day and number");
  acct->add_option("hazard", o.id, "hazard id")->required();
  acct->add_option("--subject", o.subject, "who: a person (张某某，雁塔区住建局副局长) or a unit")->required();
  acct->add_option("--unit", o.unit, "the unit held accountable (default the hazard's)");
  acct->add_option("--decision", o.decision, "诫勉谈话, 通报批评, 约谈, 党纪处分 …")->required();
  acct->add_option("--on", o.on, "the day decided, e.g. 2023-05-10")->required();
  acct->add_option("--document-no", o.document_no, "the decision's number as written: 雁纪发〔2023〕12号")->required();
  acct->add_option("--note", o.comment, "note");
  acct->callback(Run(rc, [&g] {
    Json data{{"subject", o.subject}, {"decision", o.decision}, {"decided_on", o.on}, {"document_no", o.document_no}, {"note", o.comment}};
    if (!o.unit.empty()) data["unit"] = o.unit;
    return Submit(g, "hazard.record_accountability", "hazard-" + o.id, "office", data);
  }));
  auto* confirm = h->add_subcommand("confirm", "confirm and grade a hazard; opens its rectification task HZ-<id>");
  confirm->add_option("hazard", o.id, "hazard id")->required();
  confirm->add_option("--grade", o.grade, "general (一般) or major (重大)")->required();
  confirm->add_option("--unit", o.unit, "responsible unit (if the report named none or another)");
  confirm->add_option("--coop", o.coop, "cooperating unit, repeatable");
  confirm->add_option("--deadline", o.deadline, "rectification deadline")->required();
  confirm->add_option("--note", o.comment, "note");
  confirm->callback(Run(rc, [&g] {
    Json data{{"grade", o.grade}, {"deadline", o.deadline}, {"note", o.comment}, {"cooperating_units", o.coop}};
    if (!o.unit.empty()) data["unit"] = o.unit;
    return Submit(g, "hazard.confirm", "hazard-" + o.id, "office", data);
  }));
  auto* dismiss = h->add_subcommand("dismiss", "dismiss a report that is no hazard");
  dismiss->add_option("hazard", o.id, "hazard id")->required();
  dismiss->add_option("--reason", o.reason, "why")->required();
  dismiss->callback(Run(rc, [&g] { return Submit(g, "hazard.dismiss", "hazard-" + o.id, "office", Json{{"reason", o.reason}}); }));
  auto* close = h->add_subcommand("close", "close (销号) a rectified major hazard");
  close->add_option("hazard", o.id, "hazard id")->required();
  close->add_option("--note", o.comment, "note");
  close->callback(Run(rc, [&g] { return Submit(g, "hazard.close", "hazard-" + o.id, "office", Json{{"note", o.comment}}); }));
  auto* list = h->add_subcommand("list", "hazards, optionally in one state");
  list->add_option("--state", o.state, "reported, confirmed, dismissed, assigned, listed, rectified, closed, bulletined");
  list->callback(Run(rc, [&g] {
    if (ServerMode(g)) {  // GET /v1/hazards (the office, auditors and inspectors)
      std::map<std::string, std::string> filter;
      if (!o.state.empty()) filter["state"] = o.state;
      auto server = OpenServer(g);  // one connection for the hazards and the names
      if (!server.ok()) return Fail(server.status());
      auto rows = server.value()->List("/v1/hazards", filter);
      if (!rows.ok()) return Fail(rows.status());
      auto names = ServerUnitNames(*server.value());
      if (!names.ok()) return Fail(names.status());
      return PrintTable(g, HazardTable(rows.value(), names.value()));
    }
    return Query(g, [](Store* s) { return HazardList(s, o.state); });
  }));
}

void AddVerify(CLI::App& app, Globals& g, int& rc) {
  auto* v = app.add_subcommand("verification", "verifications (核查) of submitted work");
  v->require_subcommand(1);
  auto* assign = v->add_subcommand("assign", "assign an inspector (检查组) to a requested verification");
  assign->add_option("verification", o.id, "verification id (TASK-SUBMISSION)")->required();
  assign->add_option("--inspector", o.inspector, "the inspector or expert group")->required();
  assign->add_option("--mode", o.mode, "desk (资料) or on_site (现场)");
  assign->callback(Run(rc, [&g] {
    Json data{{"inspector", o.inspector}};
    if (!o.mode.empty()) data["mode"] = o.mode;
    return Submit(g, "verification.assign", "verification-" + o.id, "office", data);
  }));
  // The photos taken on site (现场照片), kept or uploaded for the verification's task.
  const char* photo_help = "a photo or scan taken on site, kept by its SHA-256 as `task submit --file` keeps evidence; repeatable";
  auto photos = [&g](Json* data) -> Status {
    if (o.photos.empty()) return Status::Ok();
    // A verification is TASK-SUBMISSION.
    const size_t dash = o.id.find_last_of('-');
    const std::string task = dash == std::string::npos ? o.id : o.id.substr(0, dash);
    Json items = Json::array();
    for (const auto& f : o.photos) {
      auto item = KeepEvidenceFile(g, task, f, o.attachments_dir);
      if (!item.ok()) return item.status().Relocated("--photo");
      items.push_back(std::move(item.value()));
    }
    (*data)["photos"] = std::move(items);
    return Status::Ok();
  };
  auto* pass = v->add_subcommand("pass", "pass (核查通过): the task is accepted");
  pass->add_option("verification", o.id, "verification id")->required();
  pass->add_option("--comment", o.comment, "comment");
  pass->add_option("--photo", o.photos, photo_help);
  pass->add_option("--attachments-dir", o.attachments_dir, "without --server: keep the photos here (default DATA/attachments)");
  pass->callback(Run(rc, [&g, photos] {
    if (g.as.empty()) return Fail(Status::Invalid("--as", "say who verifies: --as inspector:NAME or --as office"));
    Json data{{"comment", o.comment}};
    if (Status kept = photos(&data); !kept.ok()) return Fail(kept);
    return Submit(g, "verification.pass", "verification-" + o.id, "", data);
  }));
  auto* fail = v->add_subcommand("fail", "fail, with reasons: the task goes back to the unit");
  fail->add_option("verification", o.id, "verification id")->required();
  fail->add_option("--reason", o.reasons, "why, repeatable")->required();
  fail->add_option("--photo", o.photos, photo_help);
  fail->add_option("--attachments-dir", o.attachments_dir, "without --server: keep the photos here (default DATA/attachments)");
  fail->callback(Run(rc, [&g, photos] {
    if (g.as.empty()) return Fail(Status::Invalid("--as", "say who verifies: --as inspector:NAME or --as office"));
    Json data{{"reasons", o.reasons}};
    if (Status kept = photos(&data); !kept.ok()) return Fail(kept);
    return Submit(g, "verification.fail", "verification-" + o.id, "", data);
  }));
  auto* list = v->add_subcommand("list", "verifications, by state or inspector");
  list->add_option("--state", o.state, "requested, assigned, passed, failed, withdrawn");
  list->add_option("--inspector", o.inspector, "inspector");
  list->callback(Run(rc, [&g] {
    if (ServerMode(g)) {  // GET /v1/verifications (the office, auditors and inspectors)
      std::map<std::string, std::string> filter;
      if (!o.state.empty()) filter["state"] = o.state;
      if (!o.inspector.empty()) filter["inspector"] = o.inspector;
      auto rows = ServerList(g, "/v1/verifications", filter);
      if (!rows.ok()) return Fail(rows.status());
      return PrintTable(g, VerificationTable(rows.value()));
    }
    return Query(g, [](Store* s) { return VerificationList(s, o.state, o.inspector); });
  }));
}

void AddInboxAndClock(CLI::App& app, Globals& g, int& rc) {
  auto* inbox = app.add_subcommand("inbox", "notifications (通知) for --as (a unit, inspector:NAME or office)");
  inbox->add_flag("--unread", o.unread, "only those not yet acknowledged");
  auto* ack = inbox->add_subcommand("ack", "acknowledge (已读确认) a notification");
  ack->add_option("notification", o.id, "notification id")->required();
  ack->callback(Run(rc, [&g] { return Submit(g, "notification.acknowledge", "notification-" + o.id, "", Json::object()); }));
  inbox->callback(Run(rc, [&g, &rc, ack] {
    if (!ack->parsed()) {
      auto who = Recipient(g);
      if (!who.ok()) return Fail(who.status());
      if (ServerMode(g)) {  // the caller's own inbox, whatever its role
        auto entries = ServerList(g, "/v1/inbox");
        if (!entries.ok()) return Fail(entries.status());
        return PrintTable(g, InboxTable(entries.value(), o.unread));
      }
      return Query(g, [&](Store* s) { return Inbox(s, who.value(), o.unread); });
    }
    return rc;
  }));

  auto* clock = app.add_subcommand("clock", "the engine's clock: deadlines escalate when it passes them");
  clock->require_subcommand(1);
  auto* tick = clock->add_subcommand("tick", "advance the clock to --at (default now); overdue work escalates");
  tick->callback(Run(rc, [&g] { return Submit(g, "clock.tick", "clock-city", "office", Json::object()); }));
  auto* show = clock->add_subcommand("show", "the clock's time");
  show->callback(Run(rc, [&g] {
    auto last = [&g]() -> Result<std::optional<int64_t>> {
      if (ServerMode(g)) {  // GET /v1/clock
        auto answer = ServerGet(g, "/v1/clock");
        if (!answer.ok()) return answer.status();
        const Json& at = answer.value().contains("last_tick") ? answer.value()["last_tick"] : Json();
        return at.is_string() ? ParseIsoMs(at.get<std::string>()) : std::nullopt;
      }
      auto st = OpenExisting(g);
      if (!st.ok()) return st.status();
      ReadModelReader r(st.value().get());
      return clock::LastTick(r);
    }();
    if (!last.ok()) return Fail(last.status());
    std::cout << (last.value() ? FormatLocal(*last.value()) : Label("从未推进", "never ticked")) << "\n";
    return 0;
  }));
}

void AddReactions(CLI::App& app, Globals& g, int& rc) {
  auto* re = app.add_subcommand("reactions", "the process manager's follow-up commands that a workflow refused");
  re->callback(Run(rc, [&g] {
    Table t({{"command", "命令"}, {"type", "类型"}, {"cause", "起因"}, {"error", "原因"}});
    auto add = [&t](const RefusedReaction& r) {
      t.Add({r.command_id, r.type, r.cause_type, r.refusal.Words(CurrentLanguage(), Edge::kCli)});
      return true;
    };
    if (ServerMode(g)) {  // GET /v1/reactions: each refusal as a problem, said again in the CLI's words
      auto rows = ServerList(g, "/v1/reactions");
      if (!rows.ok()) return Fail(rows.status());
      for (const Json& row : rows.value()) {
        const Json problem = row.value("refusal", Json::object());
        add(RefusedReaction{row.value("command", ""), row.value("type", ""), row.value("cause", ""), row.value("cause_type", ""),
                            http::StatusFromProblem(problem.value("status", 409), problem, RefusalWords)});
      }
      return PrintTable(g, t);
    }
    return Query(g, [&add, &t](Store* s) -> Result<Table> {
      Status st = ForEachRefusedReaction(s, DefaultWorkflows(), add);
      if (!st.ok()) return st;
      return t;
    });
  }));
}

// --pdf FILE and its letterhead: the report as an official document.
void AddDocumentOptions(CLI::App* cmd, const std::string& number_help) {
  cmd->add_option("--pdf", o.pdf, "also write it as a PDF official document (公文): letterhead, title, charts, tables, date")
      ->each([](const std::string&) { o.pdf_given = true; });
  cmd->add_option("--issuer", o.head.issuer, "发文机关 on the PDF, e.g. 西安市国家安全发展示范城市创建工作领导小组办公室")
      ->envname("SAFECITY_ISSUER");
  cmd->add_option("--number", o.head.number, number_help);
  cmd->add_option("--date", o.head.date, "成文日期 on the PDF (date), e.g. 2023-05-05; default: today");
}

// --pdf and --xlsx are two files: the one written last would replace the other.
Status TwoFiles(const Globals& g) {
  if (o.pdf_given && !g.xlsx.empty() && o.pdf == g.xlsx)
    return Status::Invalid("--pdf", Label("与 --xlsx 是同一个文件；请给两个文件名", "is the same file as --xlsx; give two names"));
  return Status::Ok();
}

// Writes `doc` filled in by `fill` to --pdf, when given; says where.
template <class Fill>
Status WriteDocument(const Globals& g, Fill fill) {
  if (!o.pdf_given) return Status::Ok();
  auto doc = StartDocument(o.head, QueryNow(g));
  if (!doc.ok()) return doc.status();
  fill(doc.value());
  if (Status s = WritePdf(doc.value(), o.pdf); !s.ok()) return s;
  std::cerr << Label("已导出 ", "written to ") << o.pdf << "\n";
  return Status::Ok();
}

void AddReports(CLI::App& app, Globals& g, int& rc) {
  auto* rep = app.add_subcommand("report", "reports: dashboard, feedback list, bulletin");
  rep->require_subcommand(1);
  auto* dash = rep->add_subcommand("dashboard", "per unit: tasks, overdue by level, rectification rate, score, pass");
  dash->add_option("campaign", o.id, "round id")->required();
  dash->add_flag("--active", o.active, "only units with tasks or deductions");
  dash->callback(Run(rc, [&g] {
    if (ServerMode(g)) {  // GET /v1/rounds/{id}/dashboard (a unit's token: its own row)
      auto answer = ServerGet(g, "/v1/rounds/" + http::PathSegment(o.id) + "/dashboard");
      if (!answer.ok()) return Fail(answer.status());
      campaign::RoundDashboard d = campaign::DashboardFromJson(answer.value());
      if (o.active) d.units.erase(std::remove_if(d.units.begin(), d.units.end(), [](const auto& u) { return !campaign::IsActive(u); }),
                                  d.units.end());
      return PrintTable(g, DashboardTable(d));
    }
    return Query(g, [&](Store* s) { return Dashboard(s, o.id, QueryNow(g), o.active); });
  }));
  auto* fb = rep->add_subcommand("feedback", "a unit's feedback list (问题反馈清单) in a round");
  fb->add_option("campaign", o.id, "round id")->required();
  fb->add_option("--unit", o.unit, "the unit")->required();
  AddDocumentOptions(fb, "发文字号 on the PDF, e.g. 市安城创〔2023〕5号");
  fb->callback(Run(rc, [&g] {
    if (Status x = TwoFiles(g); !x.ok()) return Fail(x);
    auto list = [&g]() -> Result<campaign::FeedbackList> {
      if (ServerMode(g)) {  // GET /v1/rounds/{id}/feedback: the server names the unit
        auto answer = ServerGet(g, "/v1/rounds/" + http::PathSegment(o.id) + "/feedback", {{"unit", o.unit}});
        if (!answer.ok()) return answer.status().field() == "unit" ? answer.status().Relocated("--unit") : answer.status();
        return campaign::FeedbackListFromJson(answer.value());
      }
      auto st = OpenExisting(g);
      if (!st.ok()) return st.status();
      ReadModelReader r(st.value().get());
      auto u = units::Resolve(r, o.unit, "--unit");
      if (!u.ok()) return u.status();
      auto list = campaign::ReadFeedbackList(r, o.id, u.value());
      if (!list.ok() && list.status().field() == "unit") return list.status().Relocated("--unit");
      return list;
    }();
    if (!list.ok()) return Fail(list.status());
    const Table t = FeedbackTable(list.value());
    if (Status x = WriteDocument(g, [&](OfficialDocument& doc) { AddFeedback(doc, t, list.value().round_title, list.value().unit_name); });
        !x.ok())
      return Fail(x);
    return PrintTable(g, t);
  }));
  auto* period = rep->add_subcommand(
      "period", "阶段报告 for a month, quarter, half or year: per unit the tasks due and done, the completion rate and its bands, "
                "escalations, hazards found and closed, deductions — the period's facts only");
  period->add_option("--from", o.since, "first day of the period (date), e.g. 2023-01-01")->required();
  period->add_option("--to", o.to, "last day of the period (date, inclusive), e.g. 2023-03-31")->required();
  period->add_option("--campaign", o.campaign, "only this round's tasks, hazards and deductions");
  AddDocumentOptions(period, "发文字号 on the PDF, e.g. 市安城创〔2023〕6号");
  period->callback(Run(rc, [&g] {
    auto period = PeriodOf(o.since, o.to);
    if (!period.ok()) return Fail(period.status());
    if (Status x = TwoFiles(g); !x.ok()) return Fail(x);
    auto report = [&]() -> Result<campaign::PeriodReport> {
      if (ServerMode(g)) {  // GET /v1/reports/period (a unit's token: its own row)
        std::map<std::string, std::string> params{{"from", o.since}, {"to", o.to}};
        if (!o.campaign.empty()) params["round"] = o.campaign;
        auto answer = ServerGet(g, "/v1/reports/period", params);
        if (!answer.ok()) return answer.status();
        return campaign::PeriodReportFromJson(answer.value());
      }
      auto st = OpenExisting(g);
      if (!st.ok()) return st.status();
      ReadModelReader r(st.value().get());
      return campaign::ReadPeriodReport(r, period.value().first, period.value().second, o.campaign);
    }();
    if (!report.ok()) return Fail(report.status());
    const PeriodTables rep = PeriodReportTables(report.value());
    if (Status x = WriteDocument(g, [&](OfficialDocument& doc) {
          AddPeriodReport(doc, rep, period.value().first, period.value().second, report.value().round_title);
        });
        !x.ok())
      return Fail(x);
    if (JsonOutput(g)) {
      if (!g.xlsx.empty())
        if (Status x = WriteXlsx(rep.units, g.xlsx, Label("阶段报告", "period report")); !x.ok()) return Fail(x);
      std::cout << rep.json.dump() << "\n";
      return 0;
    }
    std::cout << Label("阶段报告 ", "period report ") << o.since << " – " << o.to << (o.campaign.empty() ? "" : "  " + o.campaign) << "\n\n";
    int code = PrintTable(g, rep.units);
    std::cout << "\n";
    for (const auto& line : rep.summary) std::cout << line << "\n";
    return code;
  }));
  auto* bul = rep->add_subcommand("bulletin", "通报 for a period: late units and closed hazards");
  bul->add_option("--from", o.since, "start of the period (date)")->required();
  bul->add_option("--to", o.to, "end of the period (date, inclusive)")->required();
  bul->add_option("--issue", o.bulletin, "issue it as bulletin ID: its closed hazards become bulletined");
  AddDocumentOptions(bul, "发文字号 on the PDF, e.g. 市安城创〔2023〕4号; default: the --issue ID");
  bul->callback(Run(rc, [&g] {
    auto period = PeriodOf(o.since, o.to);
    if (!period.ok()) return Fail(period.status());
    auto read = [&]() -> Result<campaign::Bulletin> {
      if (ServerMode(g)) {  // GET /v1/reports/bulletin
        auto answer = ServerGet(g, "/v1/reports/bulletin", {{"from", o.since}, {"to", o.to}});
        if (!answer.ok()) return answer.status();
        return campaign::BulletinFromJson(answer.value());
      }
      auto st = OpenExisting(g);
      if (!st.ok()) return st.status();
      ReadModelReader r(st.value().get());
      return campaign::ReadBulletin(r, period.value().first, period.value().second);
    }();
    if (!read.ok()) return Fail(read.status());
    const BulletinTables b = MakeBulletinTables(read.value());
    // Both files are written before the bulletin is issued: one that cannot
    // be written issues nothing, and leaves neither.
    if (Status x = TwoFiles(g); !x.ok()) return Fail(x);
    if (!g.xlsx.empty()) {
      Status x = WriteXlsx({{Label("逾期单位", "late units"), &b.late_units}, {Label("销号隐患", "hazards closed"), &b.closed_hazards}},
                           g.xlsx);
      if (!x.ok()) return Fail(x);
    }
    if (o.head.number.empty()) o.head.number = o.bulletin;
    if (Status x = WriteDocument(g, [&](OfficialDocument& doc) { AddBulletin(doc, b, period.value().first, period.value().second); });
        !x.ok()) {
      if (!g.xlsx.empty()) std::remove(g.xlsx.c_str());
      return Fail(x);
    }
    if (!g.xlsx.empty()) std::cerr << Label("已导出 ", "written to ") << g.xlsx << "\n";
    if (JsonOutput(g)) {
      std::cout << Json{{"late_units", b.late_units.ToJson()}, {"closed_hazards", b.closed_hazards.ToJson()}}.dump() << "\n";
    } else {
      std::cout << "通报 " << o.since << " – " << o.to << "\n\n逾期单位 units with overdue work:\n";
      b.late_units.Print(std::cout);
      std::cout << "\n销号隐患 hazards closed:\n";
      b.closed_hazards.Print(std::cout);
    }
    if (o.bulletin.empty()) return 0;
    int worst = 0;
    for (const auto& id : b.hazard_ids) {
      Globals one = g;
      one.command_id = "bulletin:" + o.bulletin + ":" + id;
      worst = std::max(worst, Submit(one, "hazard.bulletin", "hazard-" + id, "office", Json{{"bulletin_id", o.bulletin}}));
    }
    return worst;
  }));
}

// A dry run's tasks: what `import tasks --dry-run` prints.
int PrintPlannedTasks(const Globals& g, const Json& planned, const TaskImportOptions& opt, const UnitNames& name_of) {
  if (JsonOutput(g)) {
    std::cout << planned.dump() << "\n";
    return 0;
  }
  Table t({{"task", "任务"}, {"lead", "牵头单位"}, {"cooperating", "配合单位"}, {"deadline", "完成时限"}, {"title", "任务清单"}});
  for (const Json& d : planned) {
    std::string coop;
    size_t n = 0;
    for (const auto& c : Field(d, "cooperating_units")) {
      if (n++ < 3) coop += (coop.empty() ? "" : "、") + name_of(c);
    }
    if (n > 3) coop += " +" + std::to_string(n - 3);
    const std::string due = d.contains("deadline") ? Field(d, "deadline").get<std::string>().substr(0, 10) : PendingDeadline(d);
    t.Add({Field(d, "task_id"), name_of(Field(d, "lead_unit")), coop, due, Field(d, "title")});
  }
  int code = PrintTable(g, t);
  std::cout << planned.size() << " tasks would be assigned" << (opt.groups_file.empty() ? "" : " (groups from " + opt.groups_file + ")")
            << "; nothing written (--dry-run)\n";
  return code;
}

// With --server: the table goes to POST /v1/imports/tasks, which checks every
// row against the server's own directory and assigns the tasks there, all or
// nothing; the laptop keeps no replica. A table with errors is told as on a
// local store: every error, the same ones on many rows on one line.
int ImportTaskTableThroughServer(const Globals& g, const std::string& text, const TaskImportOptions& opt) {
  auto server = OpenServer(g);
  if (!server.ok()) return Fail(server.status());
  Json body{{"table", text},       {"file_name", o.file},        {"prefix", opt.prefix},       {"campaign", opt.campaign},
            {"default_deadline", opt.default_deadline}, {"stage", opt.stage}, {"each", opt.each}, {"dry_run", opt.dry_run}};
  if (!opt.groups_text.empty()) body["groups"] = opt.groups_text;
  // JSON carries UTF-8 only: a file name or flag in another encoding is named here.
  for (const auto& [key, flag] : std::vector<std::pair<std::string, std::string>>{
           {"file_name", "file"}, {"prefix", "--prefix"}, {"campaign", "--campaign"}, {"default_deadline", "--default-deadline"},
           {"stage", "--stage"}, {"each", "--each"}, {"groups", "--groups"}})
    if (!FirstInvalidUtf8(body[key], flag).empty()) return Fail(Status::Refusal(Status::Code::kInvalid, flag, kNotUtf8, {}));
  Json problem;
  auto answer = server.value()->Post("/v1/imports/tasks", body, &problem);
  if (!answer.ok()) {
    if (!problem.is_object() || !problem.contains("errors") || !problem["errors"].is_array()) return Fail(answer.status());
    imports::TaskImportPlan plan;
    for (const Json& e : problem["errors"])
      if (e.is_object()) plan.errors.push_back(Status::FromCodeName("invalid", e.value("field", ""), e.value("message", "")));
    return Fail(plan.Failure(o.file, CurrentLanguage()));
  }
  const Json& r = answer.value();
  if (opt.dry_run) {
    auto names = ServerUnitNames(*server.value());
    if (!names.ok()) return Fail(names.status());
    return PrintPlannedTasks(g, r.value("planned", Json::array()), opt, names.value());
  }
  std::cout << "tasks: " << r.value("added", int64_t{0}) << " added, " << r.value("already", int64_t{0}) << " already there"
            << (opt.groups_file.empty() ? "" : "; groups from " + opt.groups_file) << "\n";
  return 0;
}

int ImportTaskTable(const Globals& g) {
  auto read = imports::ReadTableFile(o.file, CurrentLanguage());  // .xlsx, UTF-8 or GB18030
  if (!read.ok()) return Fail(read.status());
  const std::string& text = read.value();
  bool ok = false;
  TaskImportOptions opt;
  opt.prefix = o.prefix;
  opt.campaign = o.campaign;
  opt.default_deadline = o.deadline;
  opt.stage = o.stage;
  opt.groups_file = o.groups;
  opt.dry_run = o.dry_run;
  opt.each = o.each;
  opt.lang = CurrentLanguage();
  if (opt.groups_file.empty()) {  // groups.csv beside the table, if there
    size_t slash = o.file.find_last_of('/');
    std::string beside = (slash == std::string::npos ? std::string() : o.file.substr(0, slash + 1)) + "groups.csv";
    ReadFile(beside, &ok);
    if (ok) opt.groups_file = beside;
  }
  if (!opt.groups_file.empty()) {  // .xlsx, UTF-8 or GB18030 as the table
    auto groups = imports::ReadTableFile(opt.groups_file, CurrentLanguage());
    if (!groups.ok()) return Fail(groups.status().Relocated("groups"));
    opt.groups_text = groups.value();
  }
  if (ServerMode(g)) return ImportTaskTableThroughServer(g, text, opt);
  auto ctx = OpenForImport(g);
  if (!ctx.ok()) return Fail(ctx.status());
  auto& [engine, actor, at] = ctx.value();
  Progress bar("import " + o.file, 0);
  auto rep = ImportTasks(engine.get(), o.file, text, opt, actor, at, Tell(bar));
  if (!rep.ok()) return Fail(rep.status());
  const ImportReport& r = rep.value();
  if (o.dry_run) {
    ReadModelReader reader(engine->store());
    return PrintPlannedTasks(g, r.planned, opt, [&](const std::string& id) { return units::DisplayName(reader, id); });
  }
  auto settled = engine->Settle();
  if (!settled.ok()) std::cerr << "warning: follow-up reactions stopped: " << settled.status().ToString() << "\n";
  std::cout << "tasks: " << r.added << " added, " << r.already << " already there";
  if (settled.ok() && settled.value().commands) std::cout << " (then " << settled.value().commands << " follow-up commands)";
  std::cout << (opt.groups_file.empty() ? "" : "; groups from " + opt.groups_file) << "\n";
  return 0;
}

void AddImportAndTemplate(CLI::App& app, Globals& g, int& rc) {
  auto* imp = app.add_subcommand("import", "import campaign tables (.xlsx, or CSV/TSV in UTF-8 or GB18030), all or nothing");
  imp->require_subcommand(1);
  auto* units = imp->add_subcommand("units", "units: id,name,kind,aliases,parent,member_since,left_on; units already there follow the file (rename, aliases, leave)");
  units->add_option("file", o.file, "the CSV file")->required();
  units->add_flag("--dry-run", o.dry_run, "show what would change; write nothing");
  units->callback(Run(rc, [&g] {
    auto read = imports::ReadTableFile(o.file, CurrentLanguage());  // .xlsx, UTF-8 or GB18030
    if (!read.ok()) return Fail(read.status());
    const std::string& text = read.value();
    ImportReport r;
    if (ServerMode(g)) {  // POST /v1/imports/units: the server checks the rows against its own directory
      if (!FirstInvalidUtf8(Json(o.file), "file").empty()) return Fail(Status::Refusal(Status::Code::kInvalid, "file", kNotUtf8, {}));
      auto answer = ServerPost(g, "/v1/imports/units", Json{{"table", text}, {"file_name", o.file}, {"dry_run", o.dry_run}});
      if (!answer.ok()) return Fail(answer.status());
      r.added = answer.value().value("added", int64_t{0});
      r.already = answer.value().value("already", int64_t{0});
      if (answer.value().contains("changes") && answer.value()["changes"].is_array()) r.changes = answer.value()["changes"];
    } else {
      auto ctx = OpenForImport(g);
      if (!ctx.ok()) return Fail(ctx.status());
      auto& [engine, actor, at] = ctx.value();
      Progress bar("import " + o.file, 0);
      auto rep = ImportUnits(engine.get(), o.file, text, actor, at, Tell(bar), o.dry_run);
      if (!rep.ok()) return Fail(rep.status());
      r = std::move(rep.value());
    }
    if (JsonOutput(g)) {
      std::cout << Json{{"added", r.added}, {"already", r.already}, {"changes", r.changes}, {"dry_run", o.dry_run}}.dump() << "\n";
      return 0;
    }
    // What changed for units already there, one line each, in the file's order.
    int64_t changed = 0;
    for (const Json& c : r.changes) {
      const std::string what = Field(c, "change"), unit = Field(c, "unit");
      std::string line;
      if (what == "added") continue;
      ++changed;
      if (what == "renamed") line = Label("更名 ", "renamed ") + Field(c, "from").get<std::string>() + " → " + Field(c, "to").get<std::string>();
      if (what == "alias_added") line = Label("添加别名 ", "alias added ") + Field(c, "alias").get<std::string>();
      if (what == "alias_removed") line = Label("删除别名 ", "alias removed ") + Field(c, "alias").get<std::string>();
      if (what == "left") line = Label("退出成员单位 ", "left on ") + Field(c, "on").get<std::string>();
      std::cout << "  " << unit << ": " << line << "\n";
    }
    if (o.dry_run) {
      std::cout << Label("单位：将新增 ", "units: would add ") << (r.changes.size() - static_cast<size_t>(changed))
                << Label(" 个，变更 ", ", change ") << changed << Label(" 处；未写入（--dry-run）", "; nothing written (--dry-run)") << "\n";
      return 0;
    }
    std::cout << "units: " << r.added << " added, " << r.already << " already there";
    if (changed) std::cout << ", " << changed << " changes";
    std::cout << "\n";
    return 0;
  }));
  auto* tasks = imp->add_subcommand("tasks", "a task breakdown table (任务分解表), CSV or tab-separated as printed: 序号,任务清单 (主要目标任务),牵头单位 and 配合单位 or 责任单位,完成时限");
  tasks->add_option("file", o.file, "the table (CSV, or tab-separated text copied from the plan)")->required();
  tasks->add_option("--each", o.each, "a group (from the groups file) whose every member gets its own track on every row; repeatable");
  tasks->add_option("--groups", o.groups, "group aliases (各街道（园区）…): name,members; default: groups.csv beside the file, if there");
  tasks->add_option("--prefix", o.prefix, "task ids start with this (default: the campaign, else the file's name)");
  tasks->add_option("--campaign", o.campaign, "the inspection round the tasks belong to");
  tasks->add_option("--default-deadline", o.deadline, "deadline for rows with none (blank, 长期), e.g. 2020-12-31");
  tasks->add_option("--stage", o.stage,
                    "rows with no date are due when this stage of the --campaign's schedule ends (a 阶段 column names each row's own)");
  tasks->add_flag("--dry-run", o.dry_run, "check and show the tasks; write nothing");
  tasks->callback(Run(rc, [&g] { return ImportTaskTable(g); }));
  auto* tmpl = app.add_subcommand("template", "campaign templates shipped in workflows/templates");
  tmpl->require_subcommand(1);
  auto* install = tmpl->add_subcommand("install", "install a template: its units, scoring sheet and round (e.g. xian2023)");
  install->add_option("name", o.id, "template name")->required();
  install->callback(Run(rc, [&g] { return InstallTemplate(g, TemplateDir(o.id), std::cout); }));
}

}  // namespace

std::string TemplateDir(const std::string& name) {
  const char* env = std::getenv("SAFECITY_TEMPLATES");
  if (env && *env) return std::string(env) + "/" + name;
  // Installed (cmake --install, the container image): <prefix>/bin/safecity
  // beside <prefix>/share/safecity/templates.
  std::error_code ec;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const std::filesystem::path installed = exe.parent_path().parent_path() / "share" / "safecity" / "templates";
    if (std::filesystem::is_directory(installed, ec)) return (installed / name).string();
  }
  return std::string(SAFECITY_SOURCE_DIR) + "/workflows/templates/" + name;
}

namespace {

// What the server holds at `path` (GET, on the command's one connection),
// or without a server what `local` reads in `store`; nothing when there is
// none (kNotFound).
Result<std::optional<Json>> Existing(const Globals& g, Store* store, const std::string& path,
                                     const std::function<Result<Json>(ReadModelReader&)>& local) {
  Result<Json> found = Status::NotFound("", "");
  if (store) {
    ReadModelReader reader(store);
    found = local(reader);
  } else {
    found = ServerGet(g, path);
  }
  if (found.ok()) return std::optional<Json>(std::move(found.value()));
  if (found.status().code() == Status::Code::kNotFound) return std::optional<Json>();
  return found.status();
}

}  // namespace

int InstallTemplate(const Globals& g, const std::string& dir, std::ostream& out) {
  auto round = ReadJsonFile(dir + "/round.json", "template");
  if (!round.ok()) return Fail(Status::NotFound("template", "no template at " + dir + " (it needs round.json, units.csv, scoring_sheet.csv)"));
  const Json& r = round.value();
  bool ok = false;
  std::string units_csv = ReadFile(dir + "/units.csv", &ok);
  if (!ok) return Fail(Status::NotFound("template", dir + "/units.csv is missing"));
  std::string sheet_csv = ReadFile(dir + "/scoring_sheet.csv", &ok);
  if (!ok) return Fail(Status::NotFound("template", dir + "/scoring_sheet.csv is missing"));
  auto items = imports::ReadSheetItems(dir + "/scoring_sheet.csv", sheet_csv);  // its errors name the line
  if (!items.ok()) return Fail(items.status());
  SheetHeader sh{r.value("sheet_id", ""), r.value("sheet_version", ""), r.value("sheet_title", "")};
  const std::string sheet_ref = sh.sheet_id + "@" + sh.version;
  const std::string round_id = r.value("campaign_id", "");
  // Installed again, by any clerk of the office, a template adds what is
  // missing and leaves the rest as it is: units renamed or given aliases
  // since, the sheet version (which never changes), the drafted round (which
  // keeps the units it was drafted with). Without a server the data
  // directory is opened first and read; with --server each part is read
  // from and sent to the server, which checks it (no replica), all on one
  // connection: the reads first, then the commands.
  std::optional<ImportContext> local;
  if (!ServerMode(g)) {
    auto ctx = OpenForImport(g, /*with_replica=*/false);
    if (!ctx.ok()) return Fail(ctx.status());
    local.emplace(std::move(ctx.value()));
  }
  Store* store = local ? local->engine->store() : nullptr;
  // A sheet version already defined otherwise is refused before anything is written.
  auto defined = Existing(g, store, "/v1/sheets/" + http::PathSegment(sheet_ref),
                          [&](ReadModelReader& reader) { return campaign::ReadSheetOrRefuse(reader, sheet_ref); });
  if (!defined.ok()) return Fail(defined.status());
  if (defined.value()) {
    auto ours = scoring::ValidateSheet(items.value());
    if (!ours.ok()) return Fail(ours.status().Relocated(dir + "/scoring_sheet.csv"));
    const Json& there = *defined.value();
    if (ours.value() != there.value("items", Json()) || there.value("title", "") != sh.title)
      return Fail(Status::Refusal(Status::Code::kConflict, "template", scoring::kSheetVersionExists,
                                  {{"sheet", sh.sheet_id}, {"version", sh.version}}));
  }
  ImportReport u;
  if (local) {
    auto imported = ImportUnits(local->engine.get(), dir + "/units.csv", units_csv, local->actor, local->at, nullptr, false,
                                /*update_existing=*/false);
    if (!imported.ok()) return Fail(imported.status());
    u = std::move(imported.value());
    if (!g.brokers.empty()) {  // a cluster's replica reads the units once it has caught up with them
      auto caught = local->engine->Settle();
      if (!caught.ok()) return Fail(caught.status());
    }
  } else {  // POST /v1/imports/units, checked against the server's directory
    auto answer = ServerPost(g, "/v1/imports/units",
                             Json{{"table", units_csv}, {"file_name", dir + "/units.csv"}, {"update_existing", false}});
    if (!answer.ok()) return Fail(answer.status());
    u.added = answer.value().value("added", int64_t{0});
    u.already = answer.value().value("already", int64_t{0});
  }
  out << "units: " << u.added << " added, " << u.already << " already there\n";
  auto records = UnitRecords(g, store);
  if (!records.ok()) return Fail(records.status());
  const Json units = EvaluatedUnits(records.value().records, records.value().at_ms);
  auto drafted = Existing(g, store, "/v1/rounds/" + http::PathSegment(round_id), [&](ReadModelReader& reader) -> Result<Json> {
    auto summary = campaign::ReadRound(reader, round_id);
    if (!summary.ok()) return summary;
    auto evaluated = campaign::RoundUnits(reader, round_id);
    if (!evaluated.ok()) return evaluated.status();
    Json out = summary.value();
    out["evaluated_units"] = evaluated.value();  // as GET /v1/rounds/{id} answers
    return out;
  });
  if (!drafted.ok()) return Fail(drafted.status());
  if (!local) {  // the commands, on the connection the reads used
    auto ctx = OpenForImport(g, /*with_replica=*/false);
    if (!ctx.ok()) return Fail(ctx.status());
    local.emplace(std::move(ctx.value()));
  }
  auto& [engine, actor, at] = *local;
  if (defined.value()) {
    out << "scoring sheet " << sheet_ref << " already defined\n";
  } else {
    auto s = ImportSheet(engine.get(), dir + "/scoring_sheet.csv", sheet_csv, sh, actor, at);
    if (!s.ok()) return Fail(s.status());
    out << "scoring sheet " << sheet_ref << (s.value().added ? " defined" : " already defined") << "\n";
  }
  if (drafted.value()) {  // said as it is, with what differs from the template now
    const Json& there = *drafted.value();
    const Json in_round = there.value("evaluated_units", Json::array());
    std::vector<std::string> missing;
    for (const Json& unit : units)
      if (std::find(in_round.begin(), in_round.end(), unit) == in_round.end()) missing.push_back(unit.get<std::string>());
    out << "round " << round_id << " already drafted with " << in_round.size() << " units";
    if (there.value("sheet", "") != sheet_ref) out << "; it scores under " << there.value("sheet", "") << ", not the template's " << sheet_ref;
    if (!missing.empty()) {
      out << "; " << missing.size() << (missing.size() == 1 ? " member unit registered since is" : " member units registered since are")
          << " not in it:";
      for (const std::string& id : missing) out << " " << id;
    }
    out << "\n";
    return 0;
  }
  CommandEnvelope c;
  c.id = "template:" + round_id + ":create";
  c.type = "campaign.create";
  c.stream = "campaign-" + round_id;
  c.actor = actor;
  c.issued_at = at;
  c.data = Json{{"campaign_id", Field(r, "campaign_id")}, {"title", Field(r, "title")}, {"year", r.value("year", 0)},
                {"sheet", sheet_ref}, {"units", units}, {"phases", Field(r, "phases")}};
  CommandResult res = engine->Submit(c);
  if (!res.status.ok()) return Fail(res.status);
  out << "round " << round_id << (res.body.value("duplicate", false) ? " already drafted" : " drafted") << " with " << units.size()
      << " units\n";
  return 0;
}

void AddCampaignCommands(CLI::App& app, Globals& g, int& rc) {
  AddSheet(app, g, rc);
  AddCampaign(app, g, rc);
  AddHazard(app, g, rc);
  AddVerify(app, g, rc);
  AddInboxAndClock(app, g, rc);
  AddReports(app, g, rc);
  AddReactions(app, g, rc);
  AddImportAndTemplate(app, g, rc);
}

}  // namespace safecity::cli
