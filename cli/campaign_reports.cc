#include "cli/campaign_reports.h"

#include <cstdio>
#include <map>

#include "cli/reports.h"
#include "engine/json_field.h"
#include "engine/read_models.h"
#include "engine/store.h"
#include "engine/time_util.h"
#include "workflows/campaign/bulletin.h"
#include "workflows/campaign/campaign_refusals.h"
#include "workflows/campaign/period_report.h"
#include "workflows/campaign/round_views.h"
#include "workflows/campaign/round_dashboard.h"
#include "workflows/campaign/schedule.h"
#include "workflows/common.h"
#include "workflows/hazard/hazard_machine.h"
#include "workflows/hazard/hazard_views.h"
#include "workflows/machine.h"
#include "workflows/notification/notification_views.h"
#include "workflows/verification/verification_machine.h"
#include "workflows/unit/unit_directory.h"
#include "workflows/rectification/task_views.h"
#include "workflows/scoring/scoring_sheet.h"
#include "workflows/verification/verification_views.h"

namespace safecity::cli {

namespace {

// A hazard's or a verification's state as people read it: 已通报 (bulletined in English).
std::string StateOf(const Machine& machine, const Json& state) {
  const std::string name = state.is_string() ? state.get<std::string>() : "";
  const char* zh = machine.Zh(name);
  return CurrentLanguage() == Language::kZh && *zh ? zh : name;
}
std::string HazardState(const Json& state) { return StateOf(HazardMachine(), state); }

std::string Local(const Json& iso) {
  if (!iso.is_string() || iso.get<std::string>().empty()) return "";
  auto ms = ParseIsoMs(iso.get<std::string>());
  return ms ? FormatLocal(*ms) : iso.get<std::string>();
}

}  // namespace

Result<Table> CampaignList(Store* store) {
  ReadModelReader r(store);
  std::vector<Json> rounds;
  Status s = campaign::ForEachRound(r, [&](const Json& c) {
    rounds.push_back(c);
    return true;
  });
  if (!s.ok()) return s;
  return CampaignTable(rounds);
}

Table CampaignTable(const std::vector<Json>& rounds) {
  Table t({{"campaign_id", "轮次"}, {"title", "名称"}, {"state", "阶段"}, {"sheet", "评价细则"}, {"units", "单位数"},
           {"findings", "扣分项"}, {"ends", "报告截止"}});
  for (const Json& c : rounds)
    t.Add({Field(c, "campaign_id"), Field(c, "title"), Field(c, "state"), Field(c, "sheet"), Field(c, "units"), Field(c, "findings"), Local(Field(Field(c, "phases"), "reporting"))},
          {Field(c, "campaign_id"), Field(c, "title"), Field(c, "state"), Field(c, "sheet"), Field(c, "units"), Field(c, "findings"), Field(Field(c, "phases"), "reporting")});
  return t;
}

Result<Table> CampaignShow(Store* store, const std::string& campaign) {
  ReadModelReader r(store);
  auto c = campaign::ReadRound(r, campaign);
  if (!c.ok()) return c.status();
  return CampaignShowTable(c.value());
}

Table CampaignShowTable(const Json& j) {
  Table t({{"field", "项目"}, {"value", "内容"}});
  t.Add({"round 轮次", Field(j, "campaign_id")});
  t.Add({"title 名称", Field(j, "title")});
  t.Add({"state 阶段", Field(j, "state")});
  t.Add({"sheet 评价细则", Field(j, "sheet")});
  t.Add({"units 单位", Field(j, "units")});
  t.Add({"findings 扣分项", Field(j, "findings")});
  for (const char* p : {"self_check", "system_check", "spot_check", "rectification", "reporting"})
    t.Add({std::string("ends ") + p, Local(Field(j, "phases")[p])});
  std::string ladder;
  for (const auto& step : Field(j, "escalation"))
    ladder += (ladder.empty() ? "" : ", ") + Field(step, "level").get<std::string>() + " +" + std::to_string(Field(step, "after_days").get<int>()) + "d";
  t.Add({"escalation 逾期升级", ladder});
  for (const auto& stage : j.value("schedule", Json::array()))
    if (stage.value("part_of", "").empty()) t.Add({Label("阶段 ", "stage ") + stage.value("name", ""), StageDays(stage)});
  return t;
}

Table StagesTable(const Json& stages) {
  Table t({{"stage", "阶段"}, {"part_of", "所属阶段"}, {"starts", "开始"}, {"ends", "结束"}});
  for (const auto& s : stages)
    t.Add({(s.value("part_of", "").empty() ? "" : "  ") + s.value("name", ""), s.value("part_of", ""), s.value("starts", ""),
           s.value("ends", "").empty() ? Label("待定：", "pending: ") + s.value("ends_pending", "") : s.value("ends", "")},
          {s.value("name", ""), s.value("part_of", ""), s.value("starts", ""), s.value("ends", "")});
  return t;
}

Result<Table> ScheduleTable(Store* store, const std::string& campaign, int64_t now_ms) {
  ReadModelReader r(store);
  auto c = campaign::ReadRound(r, campaign);
  if (!c.ok()) return c.status();
  return ScheduleTable(c.value(), now_ms);
}

Result<Table> ScheduleTable(const Json& round, int64_t now_ms) {
  const std::string campaign = round.value("campaign_id", "");
  const Json schedule = round.value("schedule", Json::array());
  if (schedule.empty())
    return Status::NotFound("campaign", Label("评估轮次 " + campaign + " 还没有工作阶段；用 `safecity campaign schedule set " + campaign +
                                                  " --file 阶段.txt` 设定",
                                              "round " + campaign + " has no schedule yet; set it with `safecity campaign schedule set " +
                                                  campaign + " --file stages.txt`"));
  const std::string today = FormatLocal(now_ms).substr(0, 10);
  Table t({{"stage", "阶段"}, {"part_of", "所属阶段"}, {"starts", "开始"}, {"ends", "结束"}, {"status", "状况"}});
  for (const auto& s : schedule) {
    const std::string status = campaign::StageStatus(s, today);
    t.Add({(s.value("part_of", "").empty() ? "" : "  ") + s.value("name", ""), s.value("part_of", ""), s.value("starts", ""),
           s.value("ends", "").empty() ? Label("待定：", "pending: ") + s.value("ends_pending", "") : s.value("ends", ""),
           Label(campaign::StageStatusZh(status), status)},
          {s.value("name", ""), s.value("part_of", ""), s.value("starts", ""), s.value("ends", ""), status});
  }
  return t;
}

Result<Table> Dashboard(Store* store, const std::string& campaign, int64_t now_ms, bool active_only) {
  ReadModelReader r(store);
  auto d = campaign::ReadRoundDashboard(r, campaign, now_ms, active_only);
  if (!d.ok()) return d.status();
  return DashboardTable(d.value());
}

Table DashboardTable(const campaign::RoundDashboard& d) {
  Table t({{"unit", "单位"},          {"tasks", "任务"},     {"open", "未完成"},     {"submitted", "待核查"},
           {"accepted", "已通过"},    {"overdue", "逾期"},   {"reminder", "催办"},   {"warning", "警示"},
           {"interview", "约谈"},     {"accountability", "问责"}, {"rate", "整改率"}, {"score", "得分"},
           {"findings", "扣分项"},    {"pass", "达标"}});
  for (const campaign::DashboardRow& u : d.units) {
    auto level = [&](const char* name) {
      auto at = u.open_at_level.find(name);
      return at == u.open_at_level.end() ? int64_t{0} : at->second;
    };
    // Items not yet assessed count in full (score.h), so assessing them can
    // only lower a score: a unit at or below the pass line has failed, but
    // one above it with items pending has not yet passed (not "passing" on
    // 100 points of nothing assessed). No score at all: not evaluated.
    const bool scored = u.score.has_value();
    const scoring::UnitScore score = u.score.value_or(scoring::UnitScore{0, 0, 0, 0, false, false});
    const bool settled = scored && (score.pending_items == 0 || !score.pass);
    const std::string shown_score =
        !scored ? Label("未评价", "not evaluated") : FormatPoints(score.score_x100) + (score.pending_items ? "*" : "");
    const std::string shown_pass = !scored    ? "-"
                                   : !settled ? Label("待定（" + std::to_string(score.pending_items) + " 项未评）",
                                                      "pending (" + std::to_string(score.pending_items) + " items not assessed)")
                                   : score.pass   ? Label("是", "yes")
                                   : score.vetoed ? Label("否（一票否决）", "no (veto)")
                                                  : Label("否", "no");
    Json rate = u.tasks ? Json(static_cast<double>(u.accepted) / static_cast<double>(u.tasks)) : Json(nullptr);
    t.Add({u.name, u.tasks, u.open, u.submitted, u.accepted, u.overdue, level("reminder"), level("warning"), level("interview"),
           level("accountability"), FormatPercent(u.accepted, u.tasks), shown_score, score.findings, shown_pass},
          {u.unit, u.tasks, u.open, u.submitted, u.accepted, u.overdue, level("reminder"), level("warning"), level("interview"),
           level("accountability"), rate, scored ? Json(static_cast<double>(score.score_x100) / 100.0) : Json(nullptr),
           score.findings, settled ? Json(score.pass) : Json(nullptr)});
  }
  return t;
}

Table FeedbackTable(const campaign::FeedbackList& list) {
  Table t({{"finding", "序号"}, {"item", "评价项目"}, {"points", "扣分"}, {"counted", "计入"}, {"reason", "问题"}, {"sample", "抽查"},
           {"suggestion", "整改建议"}, {"task", "整改任务"}, {"task_state", "整改状态"}});
  for (const auto& f : list.entries) {
    // 本项不得分 and 一票否决 said beside the points; the sample behind the finding.
    std::string points = "-" + FormatPoints(f.points_x100);
    if (f.counted_x100 < f.points_x100 && list.capped)
      points += Label("（已扣满，计 " + FormatPoints(f.counted_x100) + " 分）", " (cap reached: " + FormatPoints(f.counted_x100) + " counted)");
    if (f.zero_item) points += Label("（本项不得分）", " (item zeroed)");
    if (f.veto) points += Label("（一票否决）", " (veto)");
    std::string sample;
    if (f.sample.is_object()) {
      const Json& sm = f.sample;
      sample = Label("抽查 " + std::to_string(Field(sm, "checked").get<int64_t>()) + " 个" + sm.value("of", "") + "，发现 " +
                         std::to_string(Field(sm, "found").get<int64_t>()) + " 个",
                     std::to_string(Field(sm, "found").get<int64_t>()) + " of " + std::to_string(Field(sm, "checked").get<int64_t>()) + " " +
                         sm.value("of", "") + " checked");
    }
    t.Add({f.finding, f.item + " " + f.item_title, points, "-" + FormatPoints(f.counted_x100), f.reason, sample, f.suggestion, f.task,
           f.task_state.empty() ? "" : TaskStateLabel(f.task_state)},
          {f.finding, f.rule.empty() ? f.item : f.rule, static_cast<double>(f.points_x100) / 100.0,
           static_cast<double>(f.counted_x100) / 100.0, f.reason, f.sample, f.suggestion,
           f.task.empty() ? Json(nullptr) : Json(f.task), f.task_state.empty() ? Json(nullptr) : Json(f.task_state)});
  }
  return t;
}

BulletinTables MakeBulletinTables(const campaign::Bulletin& b) {
  BulletinTables out;
  out.late_units = Table({{"unit", "单位"}, {"overdue", "逾期任务"}, {"worst", "最高升级"}, {"oldest", "最早时限"}});
  for (const campaign::LateUnit& u : b.late_units)
    out.late_units.Add({u.name, u.overdue, u.worst.empty() ? "-" : Term(u.worst), FormatLocal(u.oldest_deadline_ms)},
                       {u.unit, u.overdue, u.worst.empty() ? Json(nullptr) : Json(u.worst), FormatIsoMs(u.oldest_deadline_ms)});
  out.closed_hazards = Table({{"hazard", "隐患"}, {"title", "名称"}, {"grade", "等级"}, {"unit", "责任单位"},
                              {"closed_at", "销号时间"}, {"state", "状态"}});
  for (const campaign::ClosedHazard& h : b.closed_hazards)
    out.closed_hazards.Add({h.hazard, h.title, Term(h.grade), h.unit_name, FormatLocal(h.closed_at_ms), HazardState(h.state)},
                           {h.hazard, h.title, h.grade, h.unit, FormatIsoMs(h.closed_at_ms), h.state});
  out.hazard_ids = b.NotYetBulletined();
  return out;
}

PeriodTables PeriodReportTables(const campaign::PeriodReport& report) {
  PeriodTables out;
  out.json = campaign::ToJson(report);
  out.units = Table({{"unit", "单位"},           {"kind", "类别"},       {"due", "到期任务"},     {"done", "已完成"},
                     {"on_time", "按期完成"},    {"rate", "完成率"},     {"undone", "未完成"},    {"escalations", "期内升级"},
                     {"hazards_found", "发现隐患"}, {"hazards_closed", "销号隐患"}, {"findings", "扣分项"}, {"deducted", "扣分"},
                     {"accountability", "问责"}});
  auto percent = [](const std::optional<double>& x) {
    if (!x) return std::string("-");
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f%%", *x * 100);
    return std::string(buf);
  };
  auto escalations = [](const std::map<std::string, int64_t>& m) {
    std::string s;
    for (const char* level : {"reminder", "warning", "interview", "accountability"})
      if (auto it = m.find(level); it != m.end()) s += (s.empty() ? "" : Label("、", ", ")) + Term(level) + " " + std::to_string(it->second);
    return s.empty() ? std::string("-") : s;
  };
  const Json& raw_units = Field(out.json, "units");
  for (size_t i = 0; i < report.units.size(); ++i) {
    const campaign::PeriodRow& u = report.units[i];
    const Json& j = raw_units[i];
    out.units.Add({u.name, Term(u.kind), u.due, u.done, u.on_time, percent(u.Rate()), u.undone, escalations(u.escalations),
                   u.hazards_found, u.hazards_closed, u.findings, FormatPoints(u.deducted_x100), u.accountability},
                  {Field(j, "unit"), Field(j, "kind"), Field(j, "due"), Field(j, "done"), Field(j, "on_time"), Field(j, "rate"), Field(j, "undone"), Field(j, "escalations"),
                   Field(j, "hazards_found"), Field(j, "hazards_closed"), Field(j, "findings"), Field(j, "deducted"), Field(j, "accountability")});
  }
  // As Xi'an's 工作进展情况通报: 市级部门创建工作平均完成率为96.29%，其中：19个部门达到100%，6个部门达到90%以上，3个部门达到70%以上。
  for (const campaign::RateBands& b : report.bands)
    out.summary.push_back(Label(Term(b.kind) + " " + std::to_string(b.units) + " 个：平均完成率 " + percent(b.average) + "，其中 " +
                                    std::to_string(b.full) + " 个达到 100%，" + std::to_string(b.ninety) + " 个达到 90% 以上，" +
                                    std::to_string(b.seventy) + " 个达到 70% 以上，" + std::to_string(b.below) + " 个低于 70%",
                                b.kind + ": " + std::to_string(b.units) + " units, average completion " + percent(b.average) + "; " +
                                    std::to_string(b.full) + " at 100%, " + std::to_string(b.ninety) + " at 90% or more, " +
                                    std::to_string(b.seventy) + " at 70% or more, " + std::to_string(b.below) + " below 70%"));
  const campaign::PeriodRow& t = report.total;
  out.summary.push_back(Label("合计：到期任务 " + std::to_string(t.due) + " 项，已完成 " + std::to_string(t.done) + " 项（按期 " +
                                  std::to_string(t.on_time) + " 项），未完成 " + std::to_string(t.undone) + " 项；期内升级 " +
                                  escalations(t.escalations) + "；发现隐患 " + std::to_string(t.hazards_found) + " 处，销号 " +
                                  std::to_string(t.hazards_closed) + " 处；扣分项 " + std::to_string(t.findings) + " 项；问责 " +
                                  std::to_string(t.accountability) + " 人次",
                              "total: " + std::to_string(t.due) + " tasks due, " + std::to_string(t.done) + " done (" +
                                  std::to_string(t.on_time) + " on time), " + std::to_string(t.undone) + " undone; escalations " +
                                  escalations(t.escalations) + "; hazards found " + std::to_string(t.hazards_found) + ", closed " +
                                  std::to_string(t.hazards_closed) + "; deductions " + std::to_string(t.findings) + "; accountability " +
                                  std::to_string(t.accountability)));
  return out;
}

Result<Table> HazardList(Store* store, const std::string& state) {
  ReadModelReader r(store);
  std::vector<Json> rows;
  Status s = hazard::ForEachHazard(r, state, [&](const Json& h) {
    rows.push_back(h);
    return true;
  });
  if (!s.ok()) return s;
  return HazardTable(rows, [&](const std::string& id) { return units::DisplayName(r, id); });
}

Table HazardTable(const std::vector<Json>& hazards, const UnitNames& name_of) {
  Table t({{"hazard", "隐患"}, {"title", "名称"}, {"source", "来源"}, {"grade", "等级"}, {"unit", "责任单位"},
           {"state", "状态"}, {"task", "整改任务"}, {"deadline", "时限"}});
  for (const Json& h : hazards) {
    const std::string unit = h.value("unit", "");
    t.Add({Field(h, "hazard_id"), Field(h, "title"), Term(Field(h, "source")), Term(Field(h, "grade")), unit.empty() ? "" : name_of(unit), HazardState(Field(h, "state")),
           Field(h, "task_id"), Local(Field(h, "deadline"))},
          {Field(h, "hazard_id"), Field(h, "title"), Field(h, "source"), Field(h, "grade"), Field(h, "unit"), Field(h, "state"), Field(h, "task_id"),
           h.value("deadline", "").empty() ? Json(nullptr) : Field(h, "deadline")});
  }
  return t;
}

Result<Table> VerificationList(Store* store, const std::string& state, const std::string& inspector) {
  ReadModelReader r(store);
  std::vector<Json> rows;
  Status s = verification::ForEachVerification(r, state, inspector, [&](const Json& j) {
    rows.push_back(j);
    return true;
  });
  if (!s.ok()) return s;
  return VerificationTable(rows);
}

Table VerificationTable(const std::vector<Json>& verifications) {
  Table t({{"verification", "核查"}, {"task", "任务"}, {"submission", "次数"}, {"mode", "方式"}, {"state", "状态"},
           {"inspector", "检查组"}, {"requested_at", "申请时间"}});
  for (const Json& j : verifications)
    t.Add({Field(j, "verification_id"), Field(j, "task_id"), Field(j, "submission"), Term(Field(j, "mode")), StateOf(VerificationMachine(), Field(j, "state")), Field(j, "inspector"),
           Local(Field(j, "requested_at"))},
          {Field(j, "verification_id"), Field(j, "task_id"), Field(j, "submission"), Field(j, "mode"), Field(j, "state"), Field(j, "inspector"), Field(j, "requested_at")});
  return t;
}

Table InboxTable(const std::vector<Json>& entries, bool unread_only) {
  Table t({{"notification", "通知"}, {"queued_at", "时间"}, {"kind", "类别"}, {"subject", "标题"}, {"body", "内容"}, {"state", "状态"}});
  for (const Json& n : entries) {
    if (!n.is_object() || (unread_only && n.value("state", "") != "delivered")) continue;
    t.Add({n.value("notification_id", ""), Local(n.value("queued_at", "")), Term(n.value("kind", "")), n.value("subject", ""),
           n.value("body", ""), Term(n.value("state", ""))},
          {n.value("notification_id", ""), n.value("queued_at", ""), n.value("kind", ""), n.value("subject", ""),
           n.value("body", ""), n.value("state", "")});
  }
  return t;
}

Result<Table> Inbox(Store* store, const std::string& recipient, bool unread_only) {
  ReadModelReader r(store);
  std::vector<Json> entries;
  Status s = notification::ForEachInInbox(r, recipient, [&](const Json& n) {
    entries.push_back(n);
    return true;
  });
  if (!s.ok()) return s;
  return InboxTable(entries, unread_only);
}

Result<Table> SheetShow(Store* store, const std::string& ref) {
  ReadModelReader r(store);
  auto sheet = campaign::ReadSheetOrRefuse(r, ref);
  if (!sheet.ok()) return sheet.status();
  return SheetTable(sheet.value());
}

Result<Table> SheetList(Store* store) {
  ReadModelReader r(store);
  auto rows = campaign::SheetSummaries(r);
  if (!rows.ok()) return rows.status();
  return SheetListTable(rows.value());
}

Table SheetListTable(const std::vector<Json>& rows) {
  Table t({{"sheet", "评价细则"}, {"title", "名称"}, {"items", "项目数"}});
  for (const Json& j : rows) t.Add({j.value("sheet", ""), j.value("title", ""), j.value("items", int64_t{0})});
  return t;
}

Table SheetTable(const Json& sheet) {
  Table t({{"id", "编号"}, {"title", "评价项目"}, {"points", "分值"}, {"method", "方法"}, {"full_at", "达标线"}, {"rule", "评分规则"}});
  for (const auto& it : Field(sheet, "items")) {
    const bool line = it.contains("full_at_percent");
    t.Add({Field(it, "id"), Field(it, "title"), FormatPoints(Field(it, "points_x100")), Field(it, "method"),
           line ? std::to_string(Field(it, "full_at_percent").get<int>()) + "%" : "", Field(it, "rule")},
          {Field(it, "id"), Field(it, "title"), static_cast<double>(Field(it, "points_x100").get<int64_t>()) / 100.0, Field(it, "method"),
           line ? Field(it, "full_at_percent") : Json(nullptr), Field(it, "rule")});
  }
  return t;
}

}  // namespace safecity::cli
