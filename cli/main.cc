// safecity: the command-line interface. See README.md for every command.
//
// Exit codes: 0 done, 1 refused by the workflow, 2 bad usage or input,
// 3 storage failure.
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include <CLI/CLI.hpp>

#include "cli/actor_arg.h"
#include "cli/attachments_cli.h"
#include "cli/audit_cli.h"
#include "cli/campaign_cli.h"
#include "cli/context.h"
#include "cli/demo.h"
#include "cli/diagram.h"
#include "cli/export.h"
#include "cli/health_cli.h"
#include "cli/progress.h"
#include "cli/repair.h"
#include "cli/reports.h"
#include "cli/serve.h"
#include "cli/user_cli.h"
#include "cli/token_cli.h"
#include "cli/webhook_cli.h"
#include "connectors/http/http_client.h"
#include "connectors/http/server_gateway.h"
#include "engine/json_field.h"
#include "engine/build_info.h"
#include "engine/data_directory.h"
#include "engine/engine.h"
#include "engine/log_audit.h"
#include "engine/replay.h"
#include "engine/sha256.h"
#include "engine/store.h"
#include "engine/time_util.h"
#include "engine/workflow.h"
#include "workflows/machine.h"
#include "workflows/rectification/task_refusals.h"
#include "workflows/unit/unit_directory.h"
#include "workflows/registry.h"

using namespace safecity::cli;
using safecity::Json;
using safecity::Status;

using safecity::Result;

// With --server: a stream's events as the server gives them (GET
// /v1/streams/{stream}/events, page after page) and, --as-of, the state it
// folds then (GET /v1/streams/{stream}/state): the local history's output.
int PrintServerHistory(const safecity::cli::Globals& g, const std::string& stream, std::optional<int64_t> as_of, bool json_lines) {
  using safecity::Json;
  auto server = safecity::cli::OpenServer(g);  // one connection for every page
  if (!server.ok()) return safecity::cli::Fail(server.status());
  std::vector<safecity::EventEnvelope> events;
  for (int64_t after = 0; after >= 0;) {
    auto page = server.value()->Get("/v1/streams/" + safecity::http::PathSegment(stream) + "/events", {{"after_version", std::to_string(after)}, {"limit", "500"}});
    if (!page.ok()) return safecity::cli::Fail(page.status());
    const Json& next = safecity::Field(page.value(), "next_after_version");
    after = next.is_number_integer() ? next.get<int64_t>() : -1;
    for (const Json& item : page.value().value("items", Json::array())) {
      auto e = safecity::EventFromJson(item);
      if (!e.ok()) return safecity::cli::Fail(e.status());
      if (as_of && e.value().occurred_at > *as_of) {  // as FoldStreamAsOf: the prefix that stood then
        after = -1;
        break;
      }
      events.push_back(std::move(e.value()));
    }
  }
  Json then;
  if (as_of) {
    auto state = server.value()->Get("/v1/streams/" + safecity::http::PathSegment(stream) + "/state", {{"as_of", safecity::FormatIsoMs(*as_of)}});
    if (!state.ok()) return safecity::cli::Fail(state.status());
    then = state.value();
  }
  if (json_lines) {
    for (const auto& e : events) std::cout << safecity::CanonicalJson(safecity::ToJson(e)) << "\n";
    return 0;
  }
  if (as_of && safecity::cli::JsonOutput(g)) {
    std::cout << then.dump() << "\n";
    return 0;
  }
  auto names = safecity::cli::ServerUnitNames(*server.value());
  if (!names.ok()) return safecity::cli::Fail(names.status());
  int rc = safecity::cli::PrintTable(g, safecity::cli::HistoryTable(events, names.value()));
  if (as_of) {
    auto changed = safecity::ParseIsoMs(then.value("last_changed_at", ""));
    std::cout << "\n" << stream << " as of " << safecity::FormatLocal(*as_of) << " (version " << then.value("version", 0)
              << ", last changed " << (changed ? safecity::FormatLocal(*changed) : "") << "):\n"
              << then.value("state", Json::object()).dump(2) << "\n";
  }
  return rc;
}

// A list cut at --limit says how many rows are left and how to see them
// (on stderr, so that JSON on stdout stays an array).
void SayMore(size_t more, const safecity::cli::TaskFilter& f) {
  if (more == 0) return;
  const std::string next = std::to_string(f.offset + f.limit);
  std::cerr << safecity::cli::Label("还有 " + std::to_string(more) + " 个任务未列出；用 --offset " + next + " 看下一页，或加大 --limit",
                                    std::to_string(more) + " more tasks not listed; see the next page with --offset " + next +
                                        ", or raise --limit")
            << "\n";
}

// With --server: the tasks the server lists for the filter (GET path; the
// server resolves a unit's name or alias and keeps a unit's token to its
// own), shown as the local list shows them. No replica is kept.
int PrintServerTasks(const safecity::cli::Globals& g, const std::string& path, const std::string& unit_ref,
                     const safecity::cli::TaskFilter& f) {
  std::map<std::string, std::string> query;
  if (!unit_ref.empty()) query["unit"] = unit_ref;
  if (!f.state.empty()) query["state"] = f.state;
  if (f.open_by_deadline) query["open"] = "true";
  if (f.overdue) query["overdue"] = "true";
  if (f.extension_pending) query["extension_pending"] = "true";
  auto tasks = safecity::cli::ServerList(g, path, query);
  if (!tasks.ok()) {
    const safecity::Status& s = tasks.status();
    return safecity::cli::Fail(s.field() == "unit" ? s.Relocated("--unit") : s);  // the flag the user gave
  }
  safecity::cli::TaskRows rows(f, safecity::NowMs());
  for (const safecity::Json& t : tasks.value())
    if (t.is_object()) rows.Add(t, t.value("lead_unit_name", t.value("lead_unit", "")));
  int rc = safecity::cli::PrintTable(g, rows.table());
  SayMore(rows.more(), f);
  return rc;
}

int main(int argc, char** argv) {
  CLI::App app{"safecity: safety supervision and inspection campaigns (安全发展示范城市创建) as event-sourced workflows"};
  app.require_subcommand(1);
  // Global options may come after the subcommand too: `task list -o json`.
  app.fallthrough();
  app.set_version_flag("--version", std::string("safecity ") + safecity::BuildVersion() + " (" + safecity::BuildRevision() + ")");
  Globals g;
  const char* env_data = std::getenv("SAFECITY_DATA");
  g.data = env_data && *env_data ? env_data : "safecity-data";
  app.add_option("--data", g.data, "data directory (default $SAFECITY_DATA or ./safecity-data)");
  app.add_option("--xlsx", g.xlsx,
                 "also write the table to this .xlsx workbook (Excel, WPS): header frozen, columns sized, in 宋体 "
                 "(task list, unit list, campaign dashboard, feedback, bulletin …)");
  app.add_option("--output,-o", g.output, "table (for people) or json (for programs)")
      ->check(CLI::IsMember({"table", "json"}));
  app.add_option("--as", g.as, "who acts: office, unit:NAME (or just NAME), inspector:NAME, auditor:NAME");
  app.add_option("--at", g.at, "the command's time (default now), e.g. 2023-03-15T09:00:00+08:00");
  app.add_option("--command-id", g.command_id, "idempotency key: resending the same id returns the first result");
  app.add_option("--correlation-id", g.correlation_id, "ties commands of one piece of work together");
  app.add_option("--partitions", g.partitions, "partition workers (default: one per core)");
  const char* env_brokers = std::getenv("SAFECITY_BROKERS");
  if (env_brokers) g.brokers = env_brokers;
  app.add_option("--brokers", g.brokers,
                 "send commands to the engine cluster on these Kafka brokers (HOST:PORT,…; default $SAFECITY_BROKERS); "
                 "--data is then this CLI's replica of its read models");
  app.add_option("--topic-prefix", g.topic_prefix, "the cluster's topics are PREFIX.commands, .events, .results (default safecity)");
  app.add_option("--server", g.server,
                 "act on a safecity server over HTTP(S), e.g. https://10.0.0.5:8443 (default $SAFECITY_SERVER or the config "
                 "file); the token comes from $SAFECITY_TOKEN or the config file, and --data is then the replica of its log for the queries the server does not answer itself (it answers task lists, task show, history, the unit, hazard, verification and round lists, a round and its dashboard, and inbox)");
  app.add_option("--ca-file", g.ca_file,
                 "with an https:// server: the CA certificate (PEM) that signed its certificate (default $SAFECITY_CA_FILE or "
                 "the config file's \"ca_file\"; without: the system's CAs)");
  app.add_option("--timeout", g.timeout_s, "seconds to wait for a command's result or for the cluster to settle (default 60)")
      ->check(CLI::Range(1, 3600));

  const char* env_lang = std::getenv("SAFECITY_LANG");
  std::string lang = env_lang && std::string(env_lang) == "en" ? "en" : "zh";
  app.add_option("--lang", lang, "zh (default, or $SAFECITY_LANG) or en: the language of table headers and labels")
      ->check(CLI::IsMember({"zh", "en"}));
  g.data_given = env_data && *env_data;
  app.parse_complete_callback([&] {
    // For people only: JSON stays the same whatever the language, for the programs that read it.
    const bool english = lang == "en" && g.output != "json";
    safecity::cli::SetLanguage(english ? safecity::cli::Language::kEn : safecity::cli::Language::kZh);
    if (app.get_option("--data")->count() > 0) g.data_given = true;
    // Checked before any command runs: a query answered "as of" a mistyped
    // time would otherwise be answered as of now.
    if (!g.at.empty() && !safecity::ParseIsoMs(g.at))
      throw CLI::ValidationError("--at", safecity::cli::Label("“" + g.at + "”不是时间；请写成 2023-03-15T09:00:00+08:00 或 2023-03-15",
                                                             "'" + g.at + "' is not a time; write 2023-03-15T09:00:00+08:00 or 2023-03-15"));
    LoadClientConfig(&g);
  });

  int rc = 0;
  auto run = [&rc](auto fn) { return [&rc, fn]() { rc = fn(); }; };

  // init
  auto* init = app.add_subcommand("init", "create a new store in a new or empty data directory");
  init->callback(run([&] {
    // Only where nothing is: RocksDB would take a store that lost its CURRENT
    // for an empty one and delete its table files.
    const safecity::DataDirectory found = safecity::InspectDataDirectory(g.data);
    if (found.exists && !found.empty()) {
      const std::string why =
          found.has_current ? "it already holds a store: use it as it is, without init"
          : found.damaged() ? "it holds the files of a damaged store (CURRENT is missing; " + found.Describe() +
                                  "): run `safecity repair --accept-loss` or restore a backup"
                            : "init creates a store only in a new or empty directory: give another --data";
      return Fail(Status::Invalid("--data", g.data + " is not empty; " + why));
    }
    auto st = safecity::Store::Open(g.data);
    if (!st.ok()) return Fail(st.status());
    std::cout << "initialised " << g.data << "\n";
    return 0;
  }));

  // repair
  static bool rp_accept = false;
  auto* repair = app.add_subcommand("repair", "a store refused as damaged: say what is damaged; with --accept-loss, keep the log up to the damage and record the loss (修复)");
  repair->add_flag("--accept-loss", rp_accept,
                   "cut the log at its first damage (everything before it is kept whole), keep copies of the damaged "
                   "write-ahead logs, record the loss as an event and rebuild the read models");
  repair->callback(run([&] { return RunRepair(g, rp_accept); }));

  // unit
  auto* unit = app.add_subcommand("unit", "member units (成员单位)");
  unit->require_subcommand(1);
  auto* unit_add = unit->add_subcommand("add", "register a unit");
  static std::string u_id, u_name, u_kind = "department", u_parent;
  static std::vector<std::string> u_alias;
  unit_add->add_option("--id", u_id, "short id: lower-case letters, digits, - or _")->required();
  unit_add->add_option("--name", u_name, "full name, e.g. 雁塔区")->required();
  unit_add->add_option("--kind", u_kind, "department, district, sub_district, office or other");
  unit_add->add_option("--alias", u_alias, "another spelling, repeatable (e.g. 城管局)");
  unit_add->add_option("--parent", u_parent, "the unit it belongs to");
  static std::string u_since, u_on, u_reason;
  unit_add->add_option("--since", u_since, "member since (成员资格起始), e.g. 2023-01-01; default: always");
  unit_add->callback(run([&] {
    Json data{{"id", u_id}, {"name", u_name}, {"kind", u_kind}, {"aliases", u_alias}, {"parent", u_parent}};
    if (!u_since.empty()) data["member_since"] = u_since;
    return Submit(g, "unit.register", "unit-" + u_id, "office", data);
  }));
  // Dated membership: merged, dissolved, or off the committee, and back.
  for (const char* verb : {"leave", "rejoin"}) {
    const bool leave = std::string(verb) == "leave";
    auto* sc = unit->add_subcommand(verb, leave ? "record that a unit left the membership (退出成员单位) on a date"
                                                : "record that a unit that left is a member again (恢复成员单位)");
    sc->add_option("unit", u_id, "unit id, name or alias")->required();
    sc->add_option("--on", u_on, leave ? "the day it left: from then on it is not a member, e.g. 2021-04-09"
                                       : "the day it is a member again")->required();
    sc->add_option("--reason", u_reason, leave ? "why, e.g. 并入新拱墅区" : "why")->required();
    sc->callback(run([&g, leave] {
      auto id = ResolveUnit(g, u_id, "unit");
      if (!id.ok()) return Fail(id.status());
      return Submit(g, leave ? "unit.leave" : "unit.rejoin", "unit-" + id.value(), "office",
                    Json{{"id", id.value()}, {"on", u_on}, {"reason", u_reason}});
    }));
  }
  // Units change: another name the documents use, a new name (机构改革).
  static std::string u_new_alias;
  static bool u_drop_old = false;
  auto* alias = unit->add_subcommand("alias", "the other names a unit is known by (别名)");
  alias->require_subcommand(1);
  for (const char* verb : {"add", "remove"}) {
    const bool add = std::string(verb) == "add";
    auto* sc = alias->add_subcommand(verb, add ? "record another name the documents use for a unit (添加别名)"
                                               : "take back an alias given in error (删除别名)");
    sc->add_option("unit", u_id, "unit id, name or alias")->required();
    sc->add_option("alias", u_new_alias, add ? "the other name, e.g. 城管局" : "the alias to remove")->required();
    auto* why = sc->add_option("--reason", u_reason, "why");
    if (!add) why->required();
    sc->callback(run([&g, add] {
      auto id = ResolveUnit(g, u_id, "unit");
      if (!id.ok()) return Fail(id.status());
      Json data{{"id", id.value()}, {"alias", u_new_alias}};
      if (!u_reason.empty()) data["reason"] = u_reason;
      return Submit(g, add ? "unit.add_alias" : "unit.remove_alias", "unit-" + id.value(), "office", data);
    }));
  }
  auto* rename = unit->add_subcommand("rename", "record a unit's new name (单位更名); the old name stays an alias");
  rename->add_option("unit", u_id, "unit id, name or alias")->required();
  rename->add_option("name", u_name, "the new full name, e.g. 区应急管理局")->required();
  rename->add_option("--reason", u_reason, "why, e.g. 机构改革")->required();
  rename->add_flag("--drop-old-name", u_drop_old, "do not keep the old name as an alias");
  rename->callback(run([&] {
    auto id = ResolveUnit(g, u_id, "unit");
    if (!id.ok()) return Fail(id.status());
    return Submit(g, "unit.rename", "unit-" + id.value(), "office",
                  Json{{"id", id.value()}, {"name", u_name}, {"keep_previous", !u_drop_old}, {"reason", u_reason}});
  }));
  auto* unit_list = unit->add_subcommand("list", "units with their task counts and rectification rate");
  unit_list->callback(run([&] {
    if (ServerMode(g)) {  // the server's rows (GET /v1/units; a unit's token: its own)
      auto rows = safecity::cli::ServerList(g, "/v1/units");
      if (!rows.ok()) return Fail(rows.status());
      return PrintTable(g, safecity::cli::UnitTable(rows.value()));
    }
    auto st = OpenExisting(g);
    if (!st.ok()) return Fail(st.status());
    auto t = safecity::cli::UnitReport(st.value().get(), QueryNow(g));
    if (!t.ok()) return Fail(t.status());
    return PrintTable(g, t.value());
  }));

  // task
  auto* task = app.add_subcommand("task", "rectification tasks (整改任务)");
  task->require_subcommand(1);
  static std::string t_id, t_title, t_lead, t_deadline, t_category, t_description, t_text, t_until;
  static std::vector<std::string> t_coop, t_files, t_evidence, t_reasons;
  static std::string t_attachments_dir;
  static bool t_grant = false, t_refuse = false, t_open = false, t_overdue = false;
  static std::string f_unit, f_state;
  static size_t f_limit = 1000;

  auto* assign = task->add_subcommand("assign", "assign a task to a lead unit and cooperating units");
  assign->add_option("--id", t_id, "task id, e.g. XA-2023-001")->required();
  assign->add_option("--title", t_title, "what must be done")->required();
  assign->add_option("--lead", t_lead, "lead unit (牵头单位): id, name or alias")->required();
  assign->add_option("--coop", t_coop, "cooperating unit (配合单位), repeatable");
  static std::string t_pending;
  auto* assign_deadline = assign->add_option("--deadline", t_deadline, "完成时限: 2023-04-15 (end of that day, China time) or a time");
  auto* assign_pending = assign->add_option(
      "--deadline-pending", t_pending, "完成时限待定: why there is no deadline yet, e.g. 按照国家确定时间实施 (set it later: task set-deadline)");
  assign_deadline->excludes(assign_pending);
  assign->add_option("--category", t_category, "category (项目), e.g. 风险防控");
  assign->add_option("--description", t_description, "details");
  static std::string t_campaign;
  assign->add_option("--campaign", t_campaign, "the inspection round it belongs to (its lead unit must be evaluated in it)");
  assign->callback(run([&] {
    if (t_deadline.empty() && t_pending.empty())
      return Fail(Status::Invalid("--deadline", "give the deadline (--deadline 2023-04-15), or say why it is not known yet "
                                                "(--deadline-pending 按照国家确定时间实施)"));
    Json data{{"task_id", t_id}, {"title", t_title}, {"lead_unit", t_lead}, {"cooperating_units", t_coop},
              {"category", t_category}, {"description", t_description}};
    if (!t_deadline.empty()) data["deadline"] = t_deadline;
    else data["deadline_pending"] = t_pending;
    if (!t_campaign.empty()) data["campaign"] = t_campaign;
    return Submit(g, "task.assign", "task-" + t_id, "office", data);
  }));

  auto simple = [&](const char* name, const char* help, const char* type, const char* key, const char* default_as,
                    bool required) {
    auto* sc = task->add_subcommand(name, help);
    sc->add_option("task", t_id, "task id")->required();
    auto* opt = sc->add_option(std::string("--") + key, t_text, key);
    if (required) opt->required();
    sc->callback(run([&g, type, key, default_as] {
      Json data = Json::object();
      if (!t_text.empty()) data[key] = t_text;
      return Submit(g, type, "task-" + t_id, default_as, data);
    }));
    return sc;
  };
  simple("ack", "acknowledge a task (签收) as a responsible unit", "task.acknowledge", "note", "", false);
  simple("start", "start the rectification work", "task.start", "note", "", false);
  simple("accept", "accept submitted work (核查通过) as office or inspector", "task.accept", "comment", "office", false);
  simple("close", "close an accepted task (销号)", "task.close", "note", "office", false);

  auto* plan = task->add_subcommand("plan", "submit a rectification plan (整改方案)");
  plan->add_option("task", t_id, "task id")->required();
  plan->add_option("--plan", t_text, "the plan")->required();
  plan->add_option("--complete-by", t_until, "planned completion date");
  plan->callback(run([&] {
    Json data{{"plan", t_text}};
    if (!t_until.empty()) data["planned_completion"] = t_until;
    return Submit(g, "task.submit_plan", "task-" + t_id, "", data);
  }));

  auto* submit = task->add_subcommand("submit", "submit evidence of the rectification (整改材料)");
  submit->add_option("task", t_id, "task id")->required();
  submit->add_option("--file", t_files,
                     "an evidence file (a photo, a PDF, a scan…), kept by its SHA-256: uploaded to --server, else put in the data "
                     "directory's attachments/; its media type is read from its content; repeatable");
  submit->add_option("--attachments-dir", t_attachments_dir, "without --server: keep the files here (default DATA/attachments; with --brokers, the directory the cluster's nodes share)");
  submit->add_option("--evidence", t_evidence, "evidence held elsewhere: NAME|SHA256|URI; repeatable");
  submit->add_option("--note", t_text, "note for the verifier");
  submit->callback(run([&] {
    Json ev = Json::array();
    for (const auto& f : t_files) {
      auto item = KeepEvidenceFile(g, t_id, f, t_attachments_dir);
      if (!item.ok()) return Fail(item.status());
      ev.push_back(std::move(item.value()));
    }
    for (const auto& e : t_evidence) {
      auto a = e.find('|'), b = e.rfind('|');
      if (a == std::string::npos || a == b)
        return Fail(Status::Invalid("--evidence", "'" + e + "' must be NAME|SHA256|URI"));
      ev.push_back(Json{{"name", e.substr(0, a)}, {"sha256", e.substr(a + 1, b - a - 1)}, {"uri", e.substr(b + 1)}});
    }
    if (ev.empty()) return Fail(Status::Invalid("--file", "no evidence given; add --file PATH or --evidence NAME|SHA256|URI"));
    Json data{{"evidence", ev}};
    if (!t_text.empty()) data["note"] = t_text;
    return Submit(g, "task.submit", "task-" + t_id, "", data);
  }));

  auto* ret = task->add_subcommand("return", "return submitted work for rework (退回), with reasons");
  ret->add_option("task", t_id, "task id")->required();
  ret->add_option("--reason", t_reasons, "why, repeatable")->required();
  ret->callback(run([&] { return Submit(g, "task.return", "task-" + t_id, "office", Json{{"reasons", t_reasons}}); }));

  auto* extend = task->add_subcommand("extend", "ask for (as a unit), grant or refuse (as the office) an extension (延期)");
  extend->add_option("task", t_id, "task id")->required();
  extend->add_option("--until", t_until, "the new deadline asked for or granted");
  extend->add_option("--reason", t_text, "why (to ask or to refuse)");
  extend->add_flag("--grant", t_grant, "grant the pending request");
  extend->add_flag("--refuse", t_refuse, "refuse the pending request");
  extend->callback(run([&] {
    if (t_grant && t_refuse) return Fail(Status::Invalid("--grant", "give --grant or --refuse, not both"));
    if (t_grant) {
      Json data{{"comment", t_text}};
      if (!t_until.empty()) data["new_deadline"] = t_until;
      return Submit(g, "task.grant_extension", "task-" + t_id, "office", data);
    }
    if (t_refuse) {
      if (t_text.empty()) return Fail(Status::Invalid("--reason", "say why the extension is refused"));
      return Submit(g, "task.refuse_extension", "task-" + t_id, "office", Json{{"reason", t_text}});
    }
    if (t_until.empty()) return Fail(Status::Invalid("--until", "name the deadline you ask for, e.g. --until 2023-05-15"));
    if (t_text.empty()) return Fail(Status::Invalid("--reason", "say why you need more time"));
    return Submit(g, "task.request_extension", "task-" + t_id, "", Json{{"new_deadline", t_until}, {"reason", t_text}});
  }));

  auto* set_deadline = task->add_subcommand("set-deadline", "give a task whose deadline was pending (待定) its deadline (确定完成时限), as the office");
  set_deadline->add_option("task", t_id, "task id")->required();
  set_deadline->add_option("--deadline", t_deadline, "完成时限: 2023-04-15 (end of that day, China time) or a time")->required();
  set_deadline->add_option("--note", t_text, "where the date comes from, e.g. 国务院安委办通知");
  set_deadline->callback(run([&] {
    return Submit(g, "task.set_deadline", "task-" + t_id, "office", Json{{"deadline", t_deadline}, {"note", t_text}});
  }));

  auto* show = task->add_subcommand("show", "one task in full");
  show->add_option("task", t_id, "task id")->required();
  show->callback(run([&] {
    if (ServerMode(g)) {
      // The server folds the task (GET /v1/streams/task-ID/state); the units' names it lists.
      auto server = safecity::cli::OpenServer(g);  // one connection for the task and the names
      if (!server.ok()) return Fail(server.status());
      auto then = server.value()->Get("/v1/streams/task-" + safecity::http::PathSegment(t_id) + "/state");
      if (!then.ok() && then.status().code() == Status::Code::kNotFound)  // as a local store says it
        return Fail(Status::Refusal(Status::Code::kNotFound, "task", safecity::rectification::kTaskNotFound, {{"task", t_id}}));
      if (!then.ok()) return Fail(then.status());
      Json task = then.value().value("state", Json::object());
      task["version"] = then.value().value("version", 0);
      if (JsonOutput(g)) {
        std::cout << task.dump() << "\n";
        return 0;
      }
      auto names = safecity::cli::ServerUnitNames(*server.value());
      if (!names.ok()) return Fail(names.status());
      return PrintTable(g, safecity::cli::TaskDetailTable(names.value(), task));
    }
    auto st = OpenExisting(g);
    if (!st.ok()) return Fail(st.status());
    auto d = safecity::cli::TaskDetail(st.value().get(), t_id);
    if (!d.ok()) return Fail(d.status());
    if (JsonOutput(g)) {
      std::cout << d.value().dump() << "\n";
      return 0;
    }
    safecity::ReadModelReader r(st.value().get());
    return PrintTable(g, safecity::cli::TaskDetailTable(
                             [&](const std::string& id) { return safecity::units::DisplayName(r, id); }, d.value()));
  }));

  auto* tracks = task->add_subcommand("tracks", "the tracks of a plan's task several units carry (共同责任): each unit's state, and how many are done or late");
  tracks->add_option("plan_task", t_id, "the row's task id (source.plan_task), e.g. xx-1-1")->required();
  tracks->callback(run([&] {
    auto rep = [&]() -> Result<safecity::cli::PlanTrackReport> {
      if (ServerMode(g)) {  // GET /v1/plan-tasks/{id}/tracks
        auto server = OpenServer(g);
        if (!server.ok()) return server.status();
        auto answer = server.value()->Get("/v1/plan-tasks/" + safecity::http::PathSegment(t_id) + "/tracks");
        if (!answer.ok()) return answer.status();
        auto names = ServerUnitNames(*server.value());
        if (!names.ok()) return names.status();
        return safecity::cli::PlanTrackList(safecity::rectification::PlanTracksFromJson(answer.value()), names.value());
      }
      auto st = OpenExisting(g);
      if (!st.ok()) return st.status();
      safecity::ReadModelReader r(st.value().get());
      auto tracks = safecity::rectification::ListPlanTracks(r, t_id, QueryNow(g));
      if (!tracks.ok()) return tracks.status();
      return safecity::cli::PlanTrackList(tracks.value(), [&](const std::string& id) { return safecity::units::DisplayName(r, id); });
    }();
    if (!rep.ok()) return Fail(rep.status());
    if (JsonOutput(g)) {
      Json out = rep.value().rollup;
      out["rows"] = rep.value().table.ToJson();
      std::cout << out.dump() << "\n";
      return 0;
    }
    int rc = PrintTable(g, rep.value().table);
    std::cout << rep.value().summary << "\n";
    return rc;
  }));

  auto* list = task->add_subcommand("list", "tasks, filtered by unit or state; --open sorts by deadline");
  list->add_option("--unit", f_unit, "lead or cooperating unit: id, name or alias");
  list->add_option("--state", f_state, "assigned, acknowledged, plan_submitted, in_progress, submitted, accepted, closed");
  list->add_flag("--open", t_open, "open tasks only, earliest deadline first");
  list->add_flag("--overdue", t_overdue, "open tasks past their deadline (as of --at or now)");
  static bool t_ext_pending = false;
  list->add_flag("--extension-pending", t_ext_pending, "tasks whose unit asked for more time and awaits the office's answer (延期申请待批)");
  static size_t f_offset = 0;
  list->add_option("--limit", f_limit, "at most this many rows (default 1000)");
  list->add_option("--offset", f_offset, "skip this many rows first: the next page");
  list->callback(run([&] {
    safecity::cli::TaskFilter f;
    f.state = f_state;
    f.open_by_deadline = t_open;
    f.overdue = t_overdue;
    f.extension_pending = t_ext_pending;
    f.limit = f_limit;
    f.offset = f_offset;
    if (ServerMode(g)) return PrintServerTasks(g, "/v1/tasks", f_unit, f);
    auto st = OpenExisting(g);
    if (!st.ok()) return Fail(st.status());
    if (!f_unit.empty()) {
      safecity::ReadModelReader r(st.value().get());
      auto id = safecity::units::Resolve(r, f_unit, "--unit");
      if (!id.ok()) return Fail(id.status());
      f.unit = id.value();
    }
    size_t more = 0;
    auto t = safecity::cli::TaskList(st.value().get(), f, QueryNow(g), &more);
    if (!t.ok()) return Fail(t.status());
    int rc = PrintTable(g, t.value());
    SayMore(more, f);
    return rc;
  }));

  // my tasks: a unit's own work (我的任务)
  static bool my_all = false;
  auto* my = app.add_subcommand("my", "a unit's own work, for --as UNIT (我的任务)");
  my->require_subcommand(1);
  auto* my_tasks = my->add_subcommand("tasks", "the tasks --as leads or cooperates on: open ones, earliest deadline first");
  my_tasks->add_flag("--all", my_all, "every task, finished ones too");
  my_tasks->add_option("--limit", f_limit, "at most this many rows (default 1000)");
  my_tasks->add_option("--offset", f_offset, "skip this many rows first: the next page");
  my_tasks->callback(run([&] {
    auto who = WhoActs(g, "");
    if (!who.ok() && ServerMode(g)) return Fail(who.status());  // the server or the token failed
    if (!who.ok() || who.value().role != "unit")
      return Fail(Status::Invalid("--as", ServerMode(g) ? "my tasks are a unit's; this token is not a unit's"
                                                        : "my tasks are a unit's; give --as UNIT (its id, name or alias)"));
    if (ServerMode(g)) {
      safecity::cli::TaskFilter f;
      f.open_by_deadline = !my_all;
      f.limit = f_limit;
      f.offset = f_offset;
      return PrintServerTasks(g, "/v1/my/tasks", "", f);
    }
    auto st = OpenExisting(g);
    if (!st.ok()) return Fail(st.status());
    safecity::ReadModelReader r(st.value().get());
    auto id = safecity::units::Resolve(r, who.value().id, "--as");
    if (!id.ok()) return Fail(id.status());
    safecity::cli::TaskFilter f;
    f.unit = id.value();
    f.open_by_deadline = !my_all;
    f.limit = f_limit;
    f.offset = f_offset;
    size_t more = 0;
    auto t = safecity::cli::TaskList(st.value().get(), f, QueryNow(g), &more);
    if (!t.ok()) return Fail(t.status());
    int rc = PrintTable(g, t.value());
    SayMore(more, f);
    return rc;
  }));

  // history
  static std::string h_stream;
  static bool h_json = false;
  auto* history = app.add_subcommand("history", "every event of a stream (a task id, task-ID or unit-ID)");
  history->add_option("stream", h_stream, "stream")->required();
  history->add_flag("--json", h_json, "JSON lines: one whole event envelope per line");
  static std::string h_as_of;
  history->add_option("--as-of", h_as_of,
                      "only what had happened by then (a date: the end of that day, China time), and the state it left");
  history->callback(run([&] {
    std::string stream = safecity::cli::NormalizeStream(h_stream);
    std::optional<int64_t> as_of;
    if (!h_as_of.empty()) {
      as_of = safecity::ParseDeadlineMs(h_as_of);
      if (!as_of) return Fail(Status::Invalid("--as-of", "'" + h_as_of + "' is not a date or time; e.g. 2023-04-01 or 2023-04-01T18:00+08:00"));
    }
    if (ServerMode(g)) return PrintServerHistory(g, stream, as_of, h_json);
    auto st = OpenExisting(g, false);
    if (!st.ok()) return Fail(st.status());
    if (as_of) {
      auto at = as_of;
      auto then = safecity::FoldStreamAsOf(st.value().get(), safecity::DefaultWorkflows(), stream, *at);
      if (!then.ok()) return Fail(then.status());
      if (h_json) {
        for (const auto& e : then.value().events) std::cout << safecity::CanonicalJson(safecity::ToJson(e)) << "\n";
        return 0;
      }
      Json out{{"stream", stream}, {"as_of", safecity::FormatIsoMs(*at)}, {"version", then.value().version},
               {"last_changed_at", safecity::FormatIsoMs(then.value().occurred_at)},
               {"last_changed_by", safecity::ToJson(then.value().events.back().actor)}, {"state", then.value().state}};
      if (JsonOutput(g)) {
        std::cout << out.dump() << "\n";
        return 0;
      }
      auto t = safecity::cli::History(st.value().get(), stream, *at);
      if (!t.ok()) return Fail(t.status());
      int rc = PrintTable(g, t.value());
      std::cout << "\n" << stream << " as of " << safecity::FormatLocal(*at) << " (version " << then.value().version
                << ", last changed " << safecity::FormatLocal(then.value().occurred_at) << "):\n"
                << then.value().state.dump(2) << "\n";
      return rc;
    }
    if (h_json) {
      auto events = st.value()->ReadStream(stream);
      if (!events.ok()) return Fail(events.status());
      if (events.value().empty()) return Fail(Status::NotFound("stream", "no events in '" + stream + "'"));
      for (const auto& e : events.value()) std::cout << safecity::CanonicalJson(safecity::ToJson(e)) << "\n";
      return 0;
    }
    auto t = safecity::cli::History(st.value().get(), stream);
    if (!t.ok()) return Fail(t.status());
    return PrintTable(g, t.value());
  }));

  // export (导出): a stream or a whole round, for auditors
  static std::string x_stream, x_campaign, x_format = "jsonl", x_out;
  auto* exp = app.add_subcommand("export", "a stream's or a round's events as JSON lines or CSV, exactly as hashed (导出)");
  exp->add_option("stream", x_stream, "a stream: a task id, task-ID, unit-ID, hazard-ID ...");
  exp->add_option("--campaign", x_campaign, "every event of a round: its own, its tasks', hazards' and verifications'");
  exp->add_option("--format", x_format, "jsonl (default: one canonical event envelope per line) or csv");
  exp->add_option("--out", x_out, "write to this file (replaced whole, never half-written) instead of standard output");
  exp->callback(run([&] {
    auto st = OpenExisting(g, false);
    if (!st.ok()) return Fail(st.status());
    safecity::cli::ExportRequest req;
    req.stream = x_stream.empty() ? "" : safecity::cli::NormalizeStream(x_stream);
    req.campaign = x_campaign;
    req.format = x_format;
    std::ostringstream text;
    safecity::cli::Progress bar("export", 0, !x_out.empty());
    auto rep = safecity::cli::Export(st.value().get(), req, text, [&](int64_t done, int64_t total) {
      bar.SetTotal(total);
      bar.Update(done);
    });
    bar.Done();
    if (!rep.ok()) return Fail(rep.status());
    const std::string bytes = text.str();  // once: an export may be large
    if (x_out.empty()) {
      std::cout << bytes << std::flush;
      return 0;
    }
    const std::string tmp = x_out + ".partial";
    {
      std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
      f << bytes;
      f.flush();
      if (!f) return Fail(Status::Invalid("--out", "cannot write " + tmp + "; give a path in a writable directory"));
    }
    if (std::rename(tmp.c_str(), x_out.c_str()) != 0)
      return Fail(Status::Invalid("--out", "cannot replace " + x_out + "; give a path in a writable directory"));
    std::cerr << "exported " << rep.value().events << " events of " << rep.value().streams << " streams to " << x_out
              << " (sha256 " << safecity::Sha256Hex(bytes) << ")\n";
    return 0;
  }));

  // replay
  static bool r_rebuild = false;
  auto* replay = app.add_subcommand("replay", "rebuild read models from the log and compare checksums");
  replay->add_flag("--rebuild", r_rebuild, "drop the read models and aggregates and rebuild them from the log")->required();
  static bool r_trust = false;
  replay->add_flag("--trust-log", r_trust, "rebuild even from a log that does not verify (the read models then show what it holds)");
  replay->callback(run([&] {
    auto st = OpenWriter(g);
    if (!st.ok()) return Fail(st.status());
    if (!r_trust) {
      // A rebuild adopts whatever the log holds: never from a log that was altered.
      auto verified = safecity::VerifyLog(st.value().get());
      if (!verified.ok()) return Fail(verified.status());
      if (!verified.value().intact) {
        std::cerr << "refused: the log does not verify (" << verified.value().first_broken
                  << "); the read models are left as they are. See `safecity verify`; `replay --rebuild --trust-log` rebuilds from it anyway\n";
        return 1;
      }
    }
    auto before = safecity::StateChecksum(st.value().get());
    if (!before.ok()) return Fail(before.status());
    safecity::cli::Progress bar("replay", 0);
    auto rep = safecity::RebuildReadModels(st.value().get(), safecity::DefaultWorkflows(), [&](int64_t done, int64_t total) {
      bar.SetTotal(total);
      bar.Update(done);
    });
    bar.Done();
    if (!rep.ok()) return Fail(rep.status());
    const safecity::StateDiffReport& diff = rep.value().differences;
    bool same = rep.value().checksum == before.value() && diff.total == 0;
    if (JsonOutput(g)) {
      Json j;
      j["events"] = rep.value().events;
      j["streams"] = rep.value().streams;
      j["checksum_before"] = before.value();
      j["checksum"] = rep.value().checksum;
      j["identical"] = same;
      j["differences_total"] = diff.total;
      j["differences"] = Json::array();
      for (const auto& d : diff.first) j["differences"].push_back(Json{{"family", d.family}, {"key", d.key}, {"change", d.change}});
      std::cout << j.dump() << "\n";
    } else {
      std::cout << "events: " << rep.value().events << "\nstreams: " << rep.value().streams
                << "\nchecksum before: " << before.value() << "\nchecksum after:  " << rep.value().checksum << "\n";
      if (same) {
        std::cout << "identical\n";
      } else {
        std::cout << "DIFFERENT: " << diff.total << " records had drifted from the log; they now match it:\n";
        for (const auto& d : diff.first) std::cout << "  " << d.change << "\t" << d.family << "\t" << d.key << "\n";
        if (diff.total > static_cast<int64_t>(diff.first.size()))
          std::cout << "  … and " << diff.total - static_cast<int64_t>(diff.first.size()) << " more (--output json lists the first "
                    << diff.first.size() << " too)\n";
      }
    }
    return same ? 0 : 1;
  }));

  // workflows
  static std::string w_name, w_format = "mermaid";
  auto* workflows = app.add_subcommand("workflows", "the workflows' state machines");
  workflows->require_subcommand(1);
  auto* wlist = workflows->add_subcommand("list", "the workflows there are");
  wlist->callback(run([&] {
    for (const safecity::Machine* m : safecity::AllMachines())
      std::cout << m->name() << "\t" << m->zh() << "\t" << m->states().size() - 1 << " states, " << m->Table().size()
                << " transitions\n";
    return 0;
  }));
  auto* diagram = workflows->add_subcommand("diagram", "draw a workflow from its real transition table");
  diagram->add_option("name", w_name, "workflow, e.g. task")->required();
  diagram->add_option("--format", w_format, "mermaid (default) or dot");
  diagram->callback(run([&] {
    auto d = safecity::cli::Diagram(w_name, w_format);
    if (!d.ok()) return Fail(d.status());
    std::cout << d.value();
    return 0;
  }));

  AddCampaignCommands(app, g, rc);
  safecity::cli::AddServe(app, g, rc);
  safecity::cli::AddHealth(app, g, rc);
  safecity::cli::AddTokenCommands(app, g, rc);
  safecity::cli::AddUserCommands(app, g, rc);
  safecity::cli::AddWebhookCommands(app, g, rc);
  safecity::cli::AddAuditCommands(app, g, rc);
  safecity::cli::AddAttachmentCommands(app, g, rc);

  // demo
  static std::string d_dir;
  auto* demo = app.add_subcommand("demo", "run a whole rectification round on real units, on a simulated clock");
  demo->add_option("--dir", d_dir, "where to put the demo's data (default ./safecity-demo; replaced if it is an earlier demo)");
  demo->callback(run([&] { return safecity::cli::RunDemo(d_dir.empty() ? "safecity-demo" : d_dir, g, std::cout, std::cerr); }));

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    std::cout << e.what() << "\n";
    return 0;
  } catch (const CLI::ParseError& e) {
    std::cerr << "error: " << e.what() << safecity::cli::Label("；见 safecity --help", "; see safecity --help") << "\n";
    return 2;
  } catch (const nlohmann::json::exception& e) {
    // An answer of another shape than this CLI reads (a server of another
    // version, or something else at that address): said, not a crash.
    std::cerr << "error: " << safecity::cli::Label("读不懂收到的 JSON（" + std::string(e.what()) + "）；服务器的版本是否与本程序相同？",
                                                   "could not read the JSON received (" + std::string(e.what()) +
                                                       "); does the server run the same version as this program?")
              << "\n";
    return 3;
  }
  return rc;
}
