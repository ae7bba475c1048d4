#include "cli/reports.h"

#include <map>

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

namespace safecity::cli {

namespace {

Json TaskSummary(ReadModelReader& r, const std::string& id) { return rectification::ReadTaskSummary(r, id); }

std::string StateLabel(const std::string& name) {
  auto s = rectification::TaskStateFromName(name);
  return s && CurrentLanguage() == Language::kZh ? name + " " + rectification::ChineseName(*s) : name;
}

}  // namespace

std::string NormalizeStream(const std::string& s) {
  if (DefaultWorkflows().ForStream(s)) return s;
  return "task-" + s;
}

Result<Table> UnitReport(Store* store, int64_t now_ms) {
  ReadModelReader r(store);
  auto counted = rectification::CountOverdueByLead(r, now_ms);
  if (!counted.ok()) return counted.status();
  std::map<std::string, int64_t>& overdue = counted.value();
  Table table({{"id", "单位ID"}, {"name", "单位"}, {"kind", "类型"}, {"assigned", "交办"}, {"open", "未完成"},
               {"submitted", "待核查"}, {"accepted", "已通过"}, {"closed", "已销号"}, {"overdue", "逾期"},
               {"rate", "整改率"}, {"membership", "成员资格"}});
  for (const Json& u : units::All(r)) {
    std::string id = u.value("id", "");
    const rectification::TaskCounts c = rectification::ReadTaskCounts(r, id);
    table.Add({id, u.value("name", ""), u.value("kind", ""), c.assigned, c.open, c.submitted, c.accepted,
               c.closed, overdue[id], FormatPercent(c.accepted, c.assigned),
               u.contains("member_since") || u.contains("left_on") ? u.value("member_since", "") + " – " + u.value("left_on", "") : ""});
  }
  return table;
}

Result<PlanTrackReport> PlanTrackList(Store* store, const std::string& plan_task, int64_t now_ms) {
  ReadModelReader r(store);
  auto tracks = rectification::ListPlanTracks(r, plan_task, now_ms);
  if (!tracks.ok()) {
    if (tracks.status().code() == Status::Code::kNotFound)
      return Status::Refusal(Status::Code::kNotFound, "plan_task", rectification::kTaskNotFound, {{"task", plan_task}});
    return tracks.status();
  }
  const rectification::PlanTracks& p = tracks.value();
  PlanTrackReport out{Table({{"task_id", "任务编号"}, {"lead_unit", "责任单位"}, {"state", "状态"}, {"deadline", "完成时限"},
                             {"overdue", "逾期"}}),
                      Json::object(), ""};
  std::string late_names;
  for (const auto& u : p.late_units) late_names += (late_names.empty() ? "" : "、") + units::DisplayName(r, u);
  for (const Json& t : p.tracks) {
    auto dl = ParseIsoMs(t.value("deadline", ""));
    out.table.Add({t.value("task_id", ""), units::DisplayName(r, t.value("lead_unit", "")), StateLabel(t.value("state", "")),
                   dl ? FormatLocal(*dl) : "", t.value("overdue", false) ? Label("逾期", "overdue") : ""},
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
  Table table({{"task_id", "任务编号"}, {"title", "任务"}, {"lead_unit", "牵头单位"}, {"state", "状态"},
               {"deadline", "完成时限"}, {"overdue", "逾期"}, {"returns", "退回"}});
  size_t matched = 0, past = 0;
  for (const auto& id : ids) {
    Json t = TaskSummary(r, id);
    if (!t.is_object()) continue;
    if (!f.state.empty() && t.value("state", "") != f.state) continue;
    if (!f.unit.empty() && !rectification::InvolvesUnit(t, f.unit)) continue;
    bool late = rectification::IsOverdue(t, now_ms);
    if (f.overdue && !late) continue;
    if (matched++ < f.offset) continue;
    if (table.size() >= f.limit) {
      ++past;
      continue;
    }
    auto dl = ParseIsoMs(t.value("deadline", ""));
    table.Add({id, t.value("title", ""), units::DisplayName(r, t.value("lead_unit", "")),
               StateLabel(t.value("state", "")), dl ? FormatLocal(*dl) : "", late ? Label("逾期", "overdue") : "",
               t.value("returns", 0)},
              {id, t.value("title", ""), t.value("lead_unit", ""), t.value("state", ""), t.value("deadline", ""), late,
               t.value("returns", 0)});
  }
  if (more) *more = past;
  return table;
}

Result<Json> TaskDetail(Store* store, const std::string& task_id) {
  auto agg = LoadAggregate(store, DefaultWorkflows(), "task-" + task_id);
  if (!agg.ok()) return agg.status();
  if (agg.value().version == 0) return Status::NotFound("task", "no task '" + task_id + "'; list tasks with `safecity task list`");
  Json out = agg.value().StateJson();
  out["version"] = agg.value().version;
  return out;
}

Table TaskDetailTable(Store* store, const Json& t) {
  ReadModelReader r(store);
  auto local = [](const Json& v) -> std::string {
    if (!v.is_string() || v.get<std::string>().empty()) return "";
    auto ms = ParseIsoMs(v.get<std::string>());
    return ms ? FormatLocal(*ms) : v.get<std::string>();
  };
  Table table({{"field", "项目"}, {"value", "内容"}});
  table.Add({"task 任务", t.value("task_id", "") + "  " + t.value("title", "")});
  table.Add({"state 状态", StateLabel(t.value("state", ""))});
  table.Add({"category 类别", t.value("category", "")});
  table.Add({"lead unit 牵头单位", units::DisplayName(r, t.value("lead_unit", ""))});
  std::string coop;
  for (const auto& c : t.value("cooperating_units", Json::array()))
    coop += (coop.empty() ? "" : "、") + units::DisplayName(r, c.get<std::string>());
  table.Add({"cooperating 配合单位", coop});
  std::string deadline = local(t["deadline"]);
  if (t.value("original_deadline", "") != t.value("deadline", ""))
    deadline += "  (originally " + local(t["original_deadline"]) + ", extended " + std::to_string(t.value("extensions", 0)) + "×)";
  table.Add({"deadline 完成时限", deadline});
  table.Add({"assigned 交办时间", local(t["assigned_at"])});
  if (t.contains("plan") && t["plan"].is_object()) {
    std::string plan = t["plan"].value("plan", "");
    std::string by = local(t["plan"]["planned_completion"]);
    table.Add({"plan 整改方案", plan + (by.empty() ? "" : "  (by " + by + ")")});
  }
  for (const auto& ev : t.value("evidence", Json::array())) {
    // Version-2 items also name their media type and, when the sender knew it, their size.
    std::string kind = ev.value("media_type", "");
    if (ev.contains("size_bytes") && ev["size_bytes"].is_number_integer())
      kind += (kind.empty() ? "" : ", ") + std::to_string(ev["size_bytes"].get<int64_t>()) + " 字节 bytes";
    table.Add({"evidence 整改材料", ev.value("name", "") + (kind.empty() ? "" : "  (" + kind + ")") + "  sha256 " +
                                        ev.value("sha256", "") + "  " + ev.value("uri", "")});
  }
  if (t.value("returns", 0) > 0) {
    std::string reasons;
    for (const auto& x : t.value("last_return_reasons", Json::array())) reasons += (reasons.empty() ? "" : "；") + x.get<std::string>();
    table.Add({"returned 退回", std::to_string(t.value("returns", 0)) + "×, last: " + reasons});
  }
  if (t.contains("extension_request") && t["extension_request"].is_object())
    table.Add({"extension 延期申请", "pending: until " + local(t["extension_request"]["new_deadline"]) + ", " +
                                       t["extension_request"].value("reason", "")});
  table.Add({"updated 更新时间", local(t["updated_at"])});
  table.Add({"version 版本", t.value("version", 0)});
  return table;
}

std::string DescribeEvent(Store* store, const EventEnvelope& e) {
  ReadModelReader r(store);
  const Json& d = e.data;
  auto when = [](const Json& v) {
    auto ms = ParseIsoMs(v.get<std::string>());
    return ms ? FormatLocal(*ms) : v.get<std::string>();
  };
  if (e.type == "UnitRegistered")
    return "单位登记 registered " + d.value("name", "") + " (" + d.value("kind", "") + ")";
  if (e.type == "TaskAssigned") {
    std::string s = "交办 assigned to " + units::DisplayName(r, d["lead_unit"]);
    if (!d["cooperating_units"].empty()) {
      s += " with ";
      for (size_t i = 0; i < d["cooperating_units"].size(); ++i)
        s += (i ? "、" : "") + units::DisplayName(r, d["cooperating_units"][i]);
    }
    return s + ", due " + when(d["deadline"]) + ": " + d.value("title", "");
  }
  if (e.type == "TaskAcknowledged") return "签收 acknowledged";
  if (e.type == "RectificationPlanSubmitted") return "报送整改方案 plan: " + d.value("plan", "");
  if (e.type == "RectificationStarted") return "开始整改 started";
  if (e.type == "EvidenceSubmitted") {
    std::string s = "提交整改材料 submission #" + std::to_string(d.value("submission", 0)) + ":";
    for (const auto& ev : d["evidence"]) s += " " + ev.value("name", "") + " (sha256 " + ev.value("sha256", "").substr(0, 12) + "…)";
    return s;
  }
  if (e.type == "TaskAccepted") return "核查通过 accepted" + (d.value("comment", "").empty() ? "" : ": " + d.value("comment", ""));
  if (e.type == "TaskReturned") {
    std::string s = "退回 returned (#" + std::to_string(d.value("returns", 0)) + "):";
    for (const auto& reason : d["reasons"]) s += " " + reason.get<std::string>();
    return s;
  }
  if (e.type == "TaskClosed") return "销号 closed";
  if (e.type == "ExtensionRequested") return "申请延期 asked until " + when(d["new_deadline"]) + ": " + d.value("reason", "");
  if (e.type == "ExtensionGranted") return "同意延期 deadline " + when(d["previous_deadline"]) + " → " + when(d["new_deadline"]);
  if (e.type == "ExtensionRefused") return "不同意延期 refused: " + d.value("reason", "");
  if (e.type == "TaskEscalated")
    return "逾期升级 escalated to " + d.value("level", "") + " (" + std::to_string(d.value("days_overdue", 0)) + "+ days late)";
  if (e.type == "HazardReported") return "上报隐患 reported (" + d.value("source", "") + "): " + d.value("title", "");
  if (e.type == "HazardConfirmed")
    return "确认 confirmed, grade " + d.value("grade", "") + ", " + units::DisplayName(r, d["unit"]) + ", due " + when(d["deadline"]);
  if (e.type == "HazardDismissed") return "排除 dismissed: " + d.value("reason", "");
  if (e.type == "HazardAssigned") return "交办 task " + d.value("task_id", "");
  if (e.type == "HazardListed") return "挂牌督办 listed supervision";
  if (e.type == "HazardRectified") return "整改完成 rectified (task " + d.value("task_id", "") + ")";
  if (e.type == "HazardClosed") return "销号 closed";
  if (e.type == "HazardBulletined") return "通报 named in bulletin " + d.value("bulletin_id", "");
  if (e.type == "VerificationRequested")
    return "申请核查 task " + d.value("task_id", "") + " submission #" + std::to_string(d.value("submission", 0)) + " (" + d.value("mode", "") + ")";
  if (e.type == "VerificationAssigned") return "分派 inspector " + d.value("inspector", "") + " (" + d.value("mode", "") + ")";
  if (e.type == "VerificationPassed") return "核查通过 passed" + (d.value("comment", "").empty() ? "" : ": " + d.value("comment", ""));
  if (e.type == "VerificationFailed") {
    std::string s = "核查不通过 failed:";
    for (const auto& reason : d["reasons"]) s += " " + reason.get<std::string>();
    return s;
  }
  if (e.type == "VerificationWithdrawn") return "撤销 withdrawn: " + d.value("reason", "");
  if (e.type == "CampaignCreated") return "草拟 drafted " + d.value("title", "") + ", " + std::to_string(d["units"].size()) + " units";
  if (e.type == "CampaignLaunched") return "启动 launched";
  if (e.type == "PhaseStarted") return "阶段 phase " + d.value("phase", "") + " began";
  if (e.type == "PhaseRescheduled")
    return "调整 " + d.value("phase", "") + " " + when(d["previous_deadline"]) + " → " + when(d["deadline"]) + ": " + d.value("reason", "");
  if (e.type == "FindingRecorded")
    return "扣分 #" + std::to_string(d.value("finding", 0)) + " " + units::DisplayName(r, d["unit"]) + " item " +
           d.value("item", "") + " −" + FormatPoints(d.value("points_x100", 0)) + ": " + d.value("reason", "");
  if (e.type == "FindingWithdrawn") return "撤回扣分 #" + std::to_string(d.value("finding", 0)) + ": " + d.value("reason", "");
  if (e.type == "AssessmentRecorded")
    return "评分 " + units::DisplayName(r, d["unit"]) + " item " + d.value("item", "") + " = " + FormatPoints(d.value("points_x100", 0));
  if (e.type == "CampaignClosed") return "结束 closed";
  if (e.type == "CampaignCancelled") return "取消 cancelled: " + d.value("reason", "");
  if (e.type == "NotificationQueued") return "通知 to " + d.value("recipient", "") + ": " + d.value("subject", "");
  if (e.type == "NotificationSent") return "发送 attempt " + std::to_string(d.value("attempt", 0));
  if (e.type == "NotificationDelivered") return "送达 delivered";
  if (e.type == "NotificationAcknowledged") return "已读 acknowledged";
  if (e.type == "ClockTicked") return "时钟 now " + when(d["now"]);
  if (e.type == "LogLossAccepted")
    return "日志损坏 lost from position " + std::to_string(d.value("first_lost_position", int64_t{0})) +
           (d.contains("last_known_position") ? " (reached " + std::to_string(d["last_known_position"].get<int64_t>()) + ")" : "") +
           ": " + d.value("damage", "");
  return e.type;
}

Result<Table> History(Store* store, const std::string& stream, int64_t until_ms) {
  auto events = store->ReadStream(stream);
  if (!events.ok()) return events.status();
  if (events.value().empty())
    return Status::NotFound("stream", "no events in '" + stream + "'; name a task id or a stream such as task-XA-001");
  ReadModelReader r(store);
  Table table({{"version", "#"}, {"occurred_at", "时间"}, {"type", "事件"}, {"actor", "操作者"}, {"what", "内容"}});
  for (const auto& e : events.value()) {
    if (e.occurred_at > until_ms) break;  // as FoldStreamAsOf: the prefix that stood then
    std::string who = e.actor.role == "unit" ? units::DisplayName(r, e.actor.id) : e.actor.role + ":" + e.actor.id;
    table.Add({e.version, FormatLocal(e.occurred_at), e.type, who, DescribeEvent(store, e)});
  }
  return table;
}

}  // namespace safecity::cli
