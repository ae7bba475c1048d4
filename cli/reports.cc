#include "cli/reports.h"

#include <map>

#include "engine/json_field.h"
#include "engine/aggregate.h"
#include "engine/read_models.h"
#include "engine/store.h"
#include "engine/time_util.h"
#include "engine/workflow.h"
#include "workflows/common.h"
#include "workflows/rectification/task_machine.h"
#include "workflows/unit/unit_directory.h"
#include "workflows/rectification/task_refusals.h"
#include "workflows/rectification/task_views.h"
#include "workflows/rectification/unit_rates.h"
#include "workflows/registry.h"

namespace safecity::cli {

namespace {

Json TaskSummary(ReadModelReader& r, const std::string& id) { return rectification::ReadTaskSummary(r, id); }

}  // namespace

std::string TaskStateLabel(const std::string& name) {
  auto s = rectification::TaskStateFromName(name);
  return s && CurrentLanguage() == Language::kZh ? name + " " + rectification::ChineseName(*s) : name;
}

// A task without a deadline yet: "待定（按照国家确定时间实施）".
std::string PendingDeadline(const Json& t) {
  const std::string why = t.value("deadline_pending", "");
  return Label("待定", "pending") + (why.empty() ? "" : Label("（", " (") + why + Label("）", ")"));
}

// A stage's days as a line: "2020-10-01 – 2021-05-31", "– 2019-12-31", "2021-08-01 – 待定（…）".
std::string StageDays(const Json& stage) {
  const std::string starts = stage.value("starts", ""), ends = stage.value("ends", "");
  return (starts.empty() ? "" : starts + " ") + "– " +
         (ends.empty() ? Label("待定（", "pending (") + stage.value("ends_pending", "") + Label("）", ")") : ends);
}

std::string NormalizeStream(const std::string& s) {
  if (DefaultWorkflows().ForStream(s)) return s;
  return "task-" + s;
}

Result<Table> UnitReport(Store* store, int64_t now_ms) {
  ReadModelReader r(store);
  auto rates = rectification::ReadUnitRates(r, now_ms);
  if (!rates.ok()) return rates.status();
  std::vector<Json> rows;
  for (const rectification::UnitRate& u : rates.value()) rows.push_back(rectification::ToJson(u));
  return UnitTable(rows);
}

Table UnitTable(const std::vector<Json>& rows) {
  Table table({{"id", "单位ID"}, {"name", "单位"}, {"kind", "类型"}, {"assigned", "交办"}, {"open", "未完成"},
               {"submitted", "待核查"}, {"accepted", "已通过"}, {"closed", "已销号"}, {"overdue", "逾期"},
               {"rate", "整改率"}, {"membership", "成员资格"}});
  auto text = [](const Json& v) { return v.is_string() ? v.get<std::string>() : std::string(); };
  for (const Json& raw : rows) {
    // For programs: the row as GET /v1/units gives it (rectification::ToJson).
    std::vector<Json> raw_row;
    for (const char* key : {"id", "name", "kind", "assigned", "open", "submitted", "accepted", "closed", "overdue", "rate", "membership"})
      raw_row.push_back(raw.value(key, Json()));
    const Json membership = raw.value("membership", Json::object());
    const std::string since = text(membership.value("since", Json())), left_on = text(membership.value("left_on", Json()));
    const int64_t assigned = raw.value("assigned", int64_t{0}), accepted = raw.value("accepted", int64_t{0});
    table.Add({raw.value("id", ""), raw.value("name", ""), Term(raw.value("kind", "")), assigned, raw.value("open", int64_t{0}),
               raw.value("submitted", int64_t{0}), accepted, raw.value("closed", int64_t{0}), raw.value("overdue", int64_t{0}),
               FormatPercent(accepted, assigned), since.empty() && left_on.empty() ? "" : since + " – " + left_on},
              std::move(raw_row));
  }
  return table;
}

PlanTrackReport PlanTrackList(const rectification::PlanTracks& p, const UnitNames& name_of) {
  PlanTrackReport out{Table({{"task_id", "任务编号"}, {"lead_unit", "责任单位"}, {"state", "状态"}, {"deadline", "完成时限"},
                             {"overdue", "逾期"}}),
                      Json::object(), ""};
  std::string late_names;
  for (const auto& u : p.late_units) late_names += (late_names.empty() ? "" : "、") + name_of(u);
  for (const Json& t : p.tracks) {
    auto dl = ParseIsoMs(t.value("deadline", ""));
    out.table.Add({t.value("task_id", ""), name_of(t.value("lead_unit", "")), TaskStateLabel(t.value("state", "")),
                   dl ? FormatLocal(*dl) : PendingDeadline(t), t.value("overdue", false) ? Label("逾期", "overdue") : ""},
                  {t.value("task_id", ""), t.value("lead_unit", ""), t.value("state", ""), t.value("deadline", ""),
                   t.value("overdue", false)});
  }
  out.rollup = Json{{"plan_task", p.plan_task}, {"tracks", p.tracks.size()}, {"done", p.done}, {"open", p.open},
                    {"late", p.late}, {"late_units", p.late_units}};
  out.summary = Label(std::to_string(p.tracks.size()) + " 个单位中 " + std::to_string(p.done) + " 个已完成，" +
                          std::to_string(p.late) + " 个逾期" + (late_names.empty() ? "" : "（" + late_names + "）"),
                      std::to_string(p.done) + " of " + std::to_string(p.tracks.size()) + " units done, " +
                          std::to_string(p.late) + " late" + (late_names.empty() ? "" : " (" + late_names + ")"));
  return out;
}

Result<Table> TaskList(Store* store, const TaskFilter& f, int64_t now_ms, size_t* more) {
  ReadModelReader r(store);
  std::vector<std::string> ids;
  Status s;
  if (f.open_by_deadline || f.overdue) {
    s = r.Scan(rectification::kDuePrefix, [&](const std::string& key, const std::string&) {
      if (f.overdue && rectification::DueKeyDeadline(key) >= now_ms) return false;
      ids.push_back(rectification::DueKeyTask(key));
      return true;
    });
    // Open tasks whose deadline is still pending (待定) come after every dated one.
    if (s.ok() && !f.overdue)
      s = r.Scan(rectification::kDeadlinePendingPrefix, [&](const std::string& key, const std::string&) {
        ids.push_back(key.substr(std::string(rectification::kDeadlinePendingPrefix).size()));
        return true;
      });
  } else if (!f.unit.empty()) {
    const std::string prefix = rectification::TasksByUnitPrefix(f.unit);
    s = r.Scan(prefix, [&](const std::string& key, const std::string&) {
      ids.push_back(key.substr(prefix.size()));
      return true;
    });
  } else if (!f.state.empty()) {
    const std::string prefix = rectification::TasksByStatePrefix(f.state);
    s = r.Scan(prefix, [&](const std::string& key, const std::string&) {
      ids.push_back(key.substr(prefix.size()));
      return true;
    });
  } else {
    const std::string prefix = rectification::kTaskCardPrefix;
    s = r.Scan(prefix, [&](const std::string& key, const std::string&) {
      ids.push_back(key.substr(prefix.size()));
      return true;
    });
  }
  if (!s.ok()) return s;
  TaskRows rows(f, now_ms);
  for (const auto& id : ids) {
    Json t = TaskSummary(r, id);
    if (!t.is_object()) continue;
    if (!f.state.empty() && t.value("state", "") != f.state) continue;
    if (!f.unit.empty() && !rectification::InvolvesUnit(t, f.unit)) continue;
    if (f.overdue && !rectification::IsOverdue(t, now_ms)) continue;
    if (f.extension_pending && !t.value("extension_pending", false)) continue;
    rows.Add(t, units::DisplayName(r, t.value("lead_unit", "")));
  }
  if (more) *more = rows.more();
  return rows.table();
}

TaskRows::TaskRows(const TaskFilter& filter, int64_t now_ms)
    : filter_(filter),
      now_ms_(now_ms),
      table_({{"task_id", "任务编号"}, {"title", "任务"}, {"lead_unit", "牵头单位"}, {"state", "状态"},
              {"deadline", "完成时限"}, {"overdue", "逾期"}, {"returns", "退回"}}) {}

void TaskRows::Add(const Json& t, const std::string& lead_unit_name) {
  if (matched_++ < filter_.offset) return;
  if (table_.size() >= filter_.limit) {
    ++more_;
    return;
  }
  const std::string id = t.value("task_id", "");
  const bool late = rectification::IsOverdue(t, now_ms_);
  auto dl = ParseIsoMs(t.value("deadline", ""));
  table_.Add({id, t.value("title", ""), lead_unit_name, TaskStateLabel(t.value("state", "")),
              dl ? FormatLocal(*dl) : PendingDeadline(t), late ? Label("逾期", "overdue") : "", t.value("returns", 0)},
             {id, t.value("title", ""), t.value("lead_unit", ""), t.value("state", ""), t.value("deadline", ""), late,
              t.value("returns", 0)});
}

Result<Json> TaskDetail(Store* store, const std::string& task_id) {
  auto agg = LoadAggregate(store, DefaultWorkflows(), "task-" + task_id);
  if (!agg.ok()) return agg.status();
  if (agg.value().version == 0) return Status::Refusal(Status::Code::kNotFound, "task", rectification::kTaskNotFound, {{"task", task_id}});
  Json out = agg.value().StateJson();
  out["version"] = agg.value().version;
  return out;
}

Table TaskDetailTable(const UnitNames& name_of, const Json& t) {
  auto local = [](const Json& v) -> std::string {
    if (!v.is_string() || v.get<std::string>().empty()) return "";
    auto ms = ParseIsoMs(v.get<std::string>());
    return ms ? FormatLocal(*ms) : v.get<std::string>();
  };
  Table table({{"field", "项目"}, {"value", "内容"}});
  table.Add({"task 任务", t.value("task_id", "") + "  " + t.value("title", "")});
  table.Add({"state 状态", TaskStateLabel(t.value("state", ""))});
  table.Add({"category 类别", t.value("category", "")});
  table.Add({"lead unit 牵头单位", name_of(t.value("lead_unit", ""))});
  std::string coop;
  for (const auto& c : t.value("cooperating_units", Json::array())) coop += (coop.empty() ? "" : "、") + name_of(c.get<std::string>());
  table.Add({"cooperating 配合单位", coop});
  std::string deadline = t.value("deadline", "").empty() ? PendingDeadline(t) : local(Field(t, "deadline"));
  if (!t.value("original_deadline", "").empty() && t.value("original_deadline", "") != t.value("deadline", ""))
    deadline += "  (originally " + local(Field(t, "original_deadline")) + ", extended " + std::to_string(t.value("extensions", 0)) + "×)";
  table.Add({"deadline 完成时限", deadline});
  table.Add({"assigned 交办时间", local(Field(t, "assigned_at"))});
  if (t.contains("plan") && Field(t, "plan").is_object()) {
    std::string plan = Field(t, "plan").value("plan", "");
    std::string by = local(Field(Field(t, "plan"), "planned_completion"));
    // A plan that means to finish after the deadline is flagged: the unit
    // should ask for more time, not plan past it.
    auto planned = ParseIsoMs(Field(t, "plan").value("planned_completion", ""));
    auto due = ParseIsoMs(t.value("deadline", ""));
    const std::string late = planned && due && *planned > *due ? "  ⚠ 计划完成时间晚于完成时限 planned after the deadline" : "";
    table.Add({"plan 整改方案", plan + (by.empty() ? "" : "  (by " + by + ")") + late});
  }
  for (const auto& ev : t.value("evidence", Json::array())) {
    // Version-2 items also name their media type and, when the sender knew it, their size.
    std::string kind = ev.value("media_type", "");
    if (ev.contains("size_bytes") && Field(ev, "size_bytes").is_number_integer())
      kind += (kind.empty() ? "" : ", ") + std::to_string(Field(ev, "size_bytes").get<int64_t>()) + " 字节 bytes";
    table.Add({"evidence 整改材料", ev.value("name", "") + (kind.empty() ? "" : "  (" + kind + ")") + "  sha256 " +
                                        ev.value("sha256", "") + "  " + ev.value("uri", "")});
  }
  if (t.value("returns", 0) > 0) {
    std::string reasons;
    for (const auto& x : t.value("last_return_reasons", Json::array())) reasons += (reasons.empty() ? "" : "；") + x.get<std::string>();
    table.Add({"returned 退回", std::to_string(t.value("returns", 0)) + "×, last: " + reasons});
  }
  if (t.contains("extension_request") && Field(t, "extension_request").is_object())
    table.Add({"extension 延期申请", "pending: until " + local(Field(Field(t, "extension_request"), "new_deadline")) + ", " +
                                       Field(t, "extension_request").value("reason", "")});
  table.Add({"updated 更新时间", local(Field(t, "updated_at"))});
  table.Add({"version 版本", t.value("version", 0)});
  return table;
}

// A value of the domain's vocabulary in the current language: "major" is
// 重大 in Chinese and "major" in English.
std::string Term(const std::string& v) {
  static const std::map<std::string, std::string> kZh = {
      {"general", "一般"},          {"major", "重大"},           {"reminder", "催办"},
      {"warning", "警示通报"},      {"interview", "约谈"},       {"accountability", "问责"},
      {"desk", "资料核查"},         {"on_site", "现场核查"},     {"department", "部门"},
      {"district", "区县"},         {"sub_district", "街道"},    {"office", "创建办"},
      {"other", "其他"},            {"self_check", "自评"},      {"system_check", "系统核查"},
      {"spot_check", "实地抽查"},   {"rectification", "整改"},   {"reporting", "总结上报"},
      {"unannounced_inspection", "暗访"}, {"inspection_round", "检查"}, {"self_inspection", "自查"},
      {"monitoring_alarm", "监测报警"}, {"citizen_report", "群众举报"}, {"manual", "手工"},
      // roles of tokens, states of tokens, keys and subscriptions
      {"unit", "成员单位"},         {"inspector", "检查组"},     {"auditor", "审计"},
      {"operator", "运维"},         {"active", "有效"},          {"revoked", "已吊销"},
      {"cancelled", "已取消"},         {"disabled", "已停用"},
      // kinds of notification (通知类别)
      {"task_assigned", "任务交办"},    {"task_deadline_set", "时限确定"},   {"task_returned", "任务退回"},
      {"task_closed", "任务销号"},      {"task_reminder", "逾期催办"},       {"task_warning", "警示通报"},
      {"task_interview", "约谈"},       {"task_accountability", "问责"},     {"verification_requested", "核查申请"},
      {"verification_assigned", "核查指派"}, {"extension_requested", "延期申请"}, {"hazard_listed", "挂牌督办"},
      {"hazard_closed", "隐患销号"},
      // states of a notification
      {"queued", "待发送"},         {"sent", "已发送"},          {"delivered", "已送达"},
      {"acknowledged", "已确认"},   {"failed", "发送失败"},      {"retry_scheduled", "待重试"},
      {"dead_lettered", "投递失败"},
  };
  if (CurrentLanguage() != Language::kZh) return v;
  auto it = kZh.find(v);
  return it == kZh.end() ? v : it->second;
}

namespace {

std::string Reasons(const Json& reasons) {
  std::string out;
  for (size_t i = 0; i < reasons.size(); ++i) out += (i ? Label("；", "; ") : "") + reasons[i].get<std::string>();
  return out;
}

std::string Joined(const UnitNames& name_of, const Json& ids) {
  std::string out;
  for (size_t i = 0; i < ids.size(); ++i) out += (i ? Label("、", ", ") : "") + name_of(ids[i].get<std::string>());
  return out;
}

}  // namespace

std::string DescribeEvent(const UnitNames& name_of, const EventEnvelope& e) {
  const Json& d = e.data;
  auto when = [](const Json& v) {
    auto ms = ParseIsoMs(v.get<std::string>());
    return ms ? FormatLocal(*ms) : v.get<std::string>();
  };
  auto str = [&](const char* key) { return d.value(key, ""); };
  auto num = [&](const char* key) { return std::to_string(d.value(key, int64_t{0})); };
  auto with = [&](const std::string& text, const char* key, const std::string& zh_sep, const std::string& en_sep) {
    return str(key).empty() ? text : text + Label(zh_sep, en_sep) + str(key);
  };
  auto unit = [&](const char* key) { return name_of(d.value(key, "")); };
  if (e.type == "UnitRegistered") return Label("登记单位 ", "registered ") + str("name") + " (" + Term(str("kind")) + ")";
  if (e.type == "UnitLeft") return Label("退出成员单位 ", "left the membership on ") + str("on") + Label("：", ": ") + str("reason");
  if (e.type == "UnitRejoined") return Label("恢复成员单位 ", "a member again from ") + str("on") + Label("：", ": ") + str("reason");
  if (e.type == "UnitAliasAdded") return Label("添加别名 ", "alias added: ") + str("alias");
  if (e.type == "UnitAliasRemoved") return Label("删除别名 ", "alias removed: ") + str("alias") + Label("：", ": ") + str("reason");
  if (e.type == "UnitRenamed")
    return Label("更名 ", "renamed ") + str("previous_name") + " → " + str("name") + Label("：", ": ") + str("reason");
  if (e.type == "TaskAssigned") {
    std::string s = Label("交办给 ", "assigned to ") + unit("lead_unit");
    if (!Field(d, "cooperating_units").empty()) s += Label("，配合单位 ", " with ") + Joined(name_of, Field(d, "cooperating_units"));
    const std::string due = d.contains("deadline") ? when(Field(d, "deadline")) : PendingDeadline(d);
    return s + Label("，完成时限 ", ", due ") + due + Label("：", ": ") + str("title");
  }
  if (e.type == "DeadlineSet") return with(Label("确定完成时限 ", "deadline set: ") + when(Field(d, "deadline")), "note", "：", ": ");
  if (e.type == "TaskAcknowledged") return Label("签收", "acknowledged");
  if (e.type == "RectificationPlanSubmitted") return Label("报送整改方案：", "plan: ") + str("plan");
  if (e.type == "RectificationStarted") return Label("开始整改", "started");
  if (e.type == "EvidenceSubmitted") {
    std::string s = Label("第 " + num("submission") + " 次提交整改材料：", "submission #" + num("submission") + ": ");
    for (size_t i = 0; i < Field(d, "evidence").size(); ++i) {
      const Json& ev = Field(d, "evidence")[i];
      s += (i ? "; " : "") + ev.value("name", "") + " (sha256 " + ev.value("sha256", "").substr(0, 12) + "…)";
    }
    return s;
  }
  if (e.type == "TaskAccepted") return with(Label("核查通过", "accepted"), "comment", "：", ": ");
  if (e.type == "TaskReturned") {
    return Label("第 " + num("returns") + " 次退回：", "returned (#" + num("returns") + "): ") + Reasons(Field(d, "reasons"));
  }
  if (e.type == "TaskClosed") return Label("销号", "closed");
  if (e.type == "ExtensionRequested")
    return Label("申请延期至 ", "asked for more time until ") + when(Field(d, "new_deadline")) + Label("：", ": ") + str("reason");
  if (e.type == "ExtensionGranted")
    return Label("同意延期，完成时限 ", "extension granted, deadline ") + when(Field(d, "previous_deadline")) + " → " + when(Field(d, "new_deadline"));
  if (e.type == "ExtensionRefused") return Label("不同意延期：", "extension refused: ") + str("reason");
  if (e.type == "TaskEscalated") {
    const int64_t days = d.value("days_overdue", int64_t{0});
    const std::string late = days > 0 ? Label("逾期 " + std::to_string(days) + " 天以上", std::to_string(days) + "+ days late")
                                      : Label("逾期不足 1 天", "less than a day late");
    return Label("逾期升级为", "escalated to ") + Term(str("level")) + Label("（", " (") + late + Label("）", ")");
  }
  if (e.type == "HazardReported") return Label("上报隐患（", "reported (") + Term(str("source")) + Label("）：", "): ") + str("title");
  if (e.type == "HazardConfirmed")
    return Label("确认为", "confirmed, grade ") + Term(str("grade")) + Label("隐患，责任单位 ", ", ") + unit("unit") +
           Label("，完成时限 ", ", due ") + when(Field(d, "deadline"));
  if (e.type == "HazardDismissed") return Label("排除：", "dismissed: ") + str("reason");
  if (e.type == "HazardAssigned") return Label("交办整改任务 ", "task assigned: ") + str("task_id");
  if (e.type == "HazardListed") return Label("挂牌督办", "under listed supervision");
  if (e.type == "HazardRectified") return Label("整改完成（任务 ", "rectified (task ") + str("task_id") + Label("）", ")");
  if (e.type == "HazardClosed") return Label("销号", "closed");
  if (e.type == "HazardExposed")
    return with(Label("曝光（", "exposed (") + str("medium") + Label("，", ", ") + str("published_on") + Label("）", ")"), "ref", "：", ": ");
  if (e.type == "AccountabilityRecorded")
    return Label("问责：", "accountability: ") + str("subject") + Label("（", " (") + unit("unit") + Label("），", "), ") + str("decision") +
           Label("，", ", ") + str("decided_on") + Label("，文号 ", ", document ") + str("document_no");
  if (e.type == "HazardBulletined") return Label("通报，通报编号 ", "named in bulletin ") + str("bulletin_id");
  if (e.type == "VerificationRequested")
    return Label("申请核查任务 ", "verification of task ") + str("task_id") +
           Label("第 " + num("submission") + " 次提交（", " submission #" + num("submission") + " (") + Term(str("mode")) +
           Label("）", ")");
  if (e.type == "VerificationAssigned")
    return Label("分派核查人 ", "inspector ") + str("inspector") + Label("（", " (") + Term(str("mode")) + Label("）", ")");
  if (e.type == "VerificationPassed") return with(Label("核查通过", "passed"), "comment", "：", ": ");
  if (e.type == "VerificationFailed") {
    return Label("核查不通过：", "failed: ") + Reasons(Field(d, "reasons"));
  }
  if (e.type == "VerificationWithdrawn") return Label("撤销：", "withdrawn: ") + str("reason");
  if (e.type == "CampaignCreated")
    return Label("草拟 ", "drafted ") + str("title") + Label("，" + std::to_string(Field(d, "units").size()) + " 个单位",
                                                              ", " + std::to_string(Field(d, "units").size()) + " units");
  if (e.type == "CampaignLaunched") return Label("启动", "launched");
  if (e.type == "PhaseStarted") return Label("进入阶段 ", "phase ") + Term(str("phase")) + Label("", " began");
  if (e.type == "ScheduleSet" || e.type == "StageMoved") {
    if (e.type == "StageMoved")
      return Label("调整阶段 ", "stage moved: ") + str("stage") + " " + StageDays(d.value("previous", Json::object())) + " → " + StageDays(d) +
             Label("：", ": ") + str("reason");
    std::string s = Label("设定工作阶段：", "schedule set: ");
    size_t n = 0;
    for (const auto& st : d.value("stages", Json::array())) {
      if (!st.value("part_of", "").empty()) continue;
      s += (n++ ? Label("、", ", ") : "") + st.value("name", "") + Label("（", " (") + StageDays(st) + Label("）", ")");
    }
    return with(s, "reason", "；", "; ");
  }
  if (e.type == "PhaseRescheduled")
    return Label("调整阶段 ", "rescheduled ") + Term(str("phase")) + " " + when(Field(d, "previous_deadline")) + " → " + when(Field(d, "deadline")) +
           Label("：", ": ") + str("reason");
  if (e.type == "FindingRecorded")
    return Label("扣分 #", "finding #") + num("finding") + " " + unit("unit") + Label(" 第 ", " item ") + str("item") +
           Label(" 项 −", " −") + FormatPoints(d.value("points_x100", 0)) + Label("：", ": ") + str("reason");
  if (e.type == "FindingWithdrawn") return Label("撤回扣分 #", "finding withdrawn #") + num("finding") + Label("：", ": ") + str("reason");
  if (e.type == "AssessmentRecorded")
    return Label("评分 ", "assessed ") + unit("unit") + Label(" 第 ", " item ") + str("item") + Label(" 项 = ", " = ") +
           FormatPoints(d.value("points_x100", 0));
  if (e.type == "CampaignClosed") return Label("结束", "closed");
  if (e.type == "CampaignCancelled") return Label("取消：", "cancelled: ") + str("reason");
  if (e.type == "NotificationQueued") return Label("通知 ", "notice to ") + str("recipient") + Label("：", ": ") + str("subject");
  if (e.type == "NotificationSent") return Label("第 " + num("attempt") + " 次发送", "attempt " + num("attempt"));
  if (e.type == "NotificationDelivered") return Label("送达", "delivered");
  if (e.type == "NotificationAcknowledged") return Label("已读", "read");
  if (e.type == "ClockTicked") return Label("时钟 ", "clock at ") + when(Field(d, "now"));
  if (e.type == "LogLossAccepted")
    return Label("日志损坏：自位置 ", "log lost from position ") + std::to_string(d.value("first_lost_position", int64_t{0})) +
           Label(" 起丢失", "") +
           (d.contains("last_known_position")
                ? Label("（曾到 " + std::to_string(Field(d, "last_known_position").get<int64_t>()) + "）",
                        " (reached " + std::to_string(Field(d, "last_known_position").get<int64_t>()) + ")")
                : "") +
           Label("：", ": ") + str("damage");
  return e.type;
}

Result<Table> History(Store* store, const std::string& stream, int64_t until_ms) {
  auto events = store->ReadStream(stream);
  if (!events.ok()) return events.status();
  if (events.value().empty())
    return Status::NotFound("stream", "no events in '" + stream + "'; name a task id or a stream such as task-XA-001");
  ReadModelReader r(store);
  return HistoryTable(events.value(), [&](const std::string& id) { return units::DisplayName(r, id); }, until_ms);
}

Table HistoryTable(const std::vector<EventEnvelope>& events, const UnitNames& name_of, int64_t until_ms) {
  Table table({{"version", "#"}, {"occurred_at", "时间"}, {"type", "事件"}, {"actor", "操作者"}, {"what", "内容"}});
  for (const auto& e : events) {
    if (e.occurred_at > until_ms) break;  // as FoldStreamAsOf: the prefix that stood then
    std::string who = e.actor.role == "unit" ? name_of(e.actor.id) : e.actor.role + ":" + e.actor.id;
    table.Add({e.version, FormatLocal(e.occurred_at), e.type, who, DescribeEvent(name_of, e)});
  }
  return table;
}

}  // namespace safecity::cli
