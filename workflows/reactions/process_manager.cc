#include "workflows/reactions/process_manager.h"

#include "engine/sha256.h"
#include "engine/time_util.h"
#include "engine/utf8.h"
#include "workflows/access/access_views.h"
#include "workflows/common.h"
#include "workflows/hazard/hazard_views.h"
#include "workflows/rectification/task_views.h"
#include "workflows/verification/verification_views.h"

namespace safecity::reactions {

namespace {

constexpr const char* kName = "pm";

std::string Truncate(const std::string& s, size_t max_bytes) { return TruncateUtf8(s, max_bytes); }

const Actor kOffice{"office", "office"};

Actor Unit(const Json& id) { return Actor{id.get<std::string>(), "unit"}; }

const char* LevelZh(const std::string& level) {
  if (level == "reminder") return "催办";
  if (level == "warning") return "警示通报";
  if (level == "interview") return "约谈";
  return "问责";
}

class ProcessManager final : public Reactor {
 public:
  std::string name() const override { return "process-manager"; }

  std::vector<CommandEnvelope> React(const EventEnvelope& e, ReadModelReader& r) const override {
    std::vector<CommandEnvelope> out;
    const Json& d = e.data;
    const Actor pm = SystemActor("process-manager");
    auto cmd = [&](const std::string& type, const std::string& stream, const Actor& a, Json data) {
      out.push_back(Reaction(kName, e, type, stream, a, std::move(data)));
    };
    // Notifications go to a role and a principal: a unit, the office, an inspector.
    auto notify = [&](const Actor& to, const std::string& kind, const std::string& subject, const std::string& body) {
      if (to.id.empty()) return;
      out.push_back(Notify(kName, e, to, kind, subject, body, e.stream));
      if (to.role != "unit") return;
      // And a webhook copy for each of the unit's subscriptions that wants this kind.
      access::ForEachSubscriptionOf(r, to.id, [&](const Json& s) {
        if (s.value("state", "") != "active") return true;
        const std::string sub = s.value("subscription_id", "");
        const Json kinds = s.value("kinds", Json::array());
        bool wanted = kinds.empty();
        for (const auto& k : kinds) wanted = wanted || k == kind;
        if (wanted) out.push_back(Notify(kName, e, to, kind, subject, body, e.stream, sub));
        return true;
      });
    };

    // A task's responsible units: the lead, and each cooperating unit told it cooperates.
    auto notify_responsible = [&](const Json& task, const std::string& kind, const std::string& subject, const std::string& body) {
      notify(Unit(task["lead_unit"]), kind, subject, Truncate(body, 4000));
      for (const auto& c : task.value("cooperating_units", Json::array())) notify(Unit(c), kind, subject, Truncate("（配合单位）" + body, 4000));
    };

    if (e.type == "HazardConfirmed") {
      const std::string hazard = StreamId(e.stream);
      Json hz = hazard::ReadHazard(r, hazard);
      std::string title = hz.is_object() ? hz["title"].get<std::string>() : hazard;
      Json data{{"task_id", "HZ-" + hazard},
                {"title", Truncate("隐患整改：" + title, 200)},
                {"description", Truncate((d["grade"] == "major" ? "重大隐患。" : "一般隐患。") + d.value("note", std::string()), 4000)},
                {"category", "隐患整改"},
                {"lead_unit", d["unit"]},
                {"cooperating_units", d["cooperating_units"]},
                {"deadline", d["deadline"]},
                {"source", {{"kind", "hazard"}, {"ref", hazard}}}};
      // A hazard found in a round is rectified within that round.
      if (hz.is_object() && !hz.value("campaign", "").empty()) data["campaign"] = hz["campaign"];
      cmd("task.assign", "task-HZ-" + hazard, pm, data);
    } else if (e.type == "TaskAssigned") {
      const std::string task = d["task_id"];
      if (d["source"].value("kind", "") == "hazard")
        cmd("hazard.assign", "hazard-" + d["source"]["ref"].get<std::string>(), pm, Json{{"task_id", task}});
      std::string subject = Truncate("新交办任务 " + task + "：" + d["title"].get<std::string>(), 300);
      std::string body = d.contains("deadline")
                             ? "完成时限 " + FormatLocal(*ParseIsoMs(d["deadline"])) + "。请签收并报送整改方案。"
                             : "完成时限待定（" + d.value("deadline_pending", std::string()) + "），确定后另行通知。请签收并报送整改方案。";
      notify_responsible(d, "task_assigned", subject, body);
    } else if (e.type == "HazardAssigned") {
      if (d["grade"] == "major") cmd("hazard.list", e.stream, pm, Json{{"note", "重大隐患挂牌督办"}});
    } else if (e.type == "FindingRecorded") {
      if (d.value("open_task", false)) {
        const std::string campaign = StreamId(e.stream);
        const std::string task = campaign + "-F" + std::to_string(d["finding"].get<int64_t>());
        std::string desc = "扣分原因：" + d["reason"].get<std::string>();
        if (!d["suggestion"].get<std::string>().empty()) desc += "\n整改建议：" + d["suggestion"].get<std::string>();
        Json data{{"task_id", Truncate(task, 64)},
                  {"title", Truncate(d["item_title"].get<std::string>() + "：" + d["reason"].get<std::string>(), 200)},
                  {"description", Truncate(desc, 4000)},
                  {"category", "评估问题整改"},
                  {"lead_unit", d["unit"]},
                  {"deadline", d["rectify_by"]},
                  {"campaign", campaign},
                  {"source", {{"kind", "finding"}, {"ref", campaign + "#" + std::to_string(d["finding"].get<int64_t>())}}}};
        cmd("task.assign", "task-" + data["task_id"].get<std::string>(), pm, data);
      }
    } else if (e.type == "EvidenceSubmitted") {
      const std::string task = StreamId(e.stream);
      Json t = rectification::ReadTaskSummary(r, task);
      std::string mode = "desk";
      if (t.is_object() && t["source"].value("kind", "") == "hazard") {
        Json hz = hazard::ReadHazard(r, t["source"]["ref"].get<std::string>());
        if (hz.is_object() && hz["grade"] == "major") mode = "on_site";
      }
      std::string vid = task + "-" + std::to_string(d["submission"].get<int64_t>());
      cmd("verification.request", "verification-" + vid, pm,
          Json{{"verification_id", vid}, {"task_id", task}, {"submission", d["submission"]}, {"mode", mode}});
      notify(kOffice, "verification_requested", Truncate("待分派核查 " + vid, 300),
             "任务 " + task + " 已提交整改材料（第 " + std::to_string(d["submission"].get<int64_t>()) + " 次），请分派检查组。");
    } else if (e.type == "VerificationPassed") {
      cmd("task.accept", "task-" + d["task_id"].get<std::string>(), e.actor,
          Json{{"comment", Truncate("核查通过（" + StreamId(e.stream) + "）" + d["comment"].get<std::string>(), 4000)}});
    } else if (e.type == "VerificationFailed") {
      cmd("task.return", "task-" + d["task_id"].get<std::string>(), e.actor, Json{{"reasons", d["reasons"]}});
    } else if (e.type == "TaskAccepted" || e.type == "TaskReturned") {
      const std::string task = StreamId(e.stream);
      Json t = rectification::ReadTaskSummary(r, task);
      if (t.is_object()) {
        std::string vid = task + "-" + std::to_string(t.value("submissions", 0));
        Json v = verification::ReadVerification(r, vid);
        if (v.is_object() && (v["state"] == "requested" || v["state"] == "assigned"))
          cmd("verification.withdraw", "verification-" + vid, pm,
              Json{{"reason", e.type == "TaskAccepted" ? "任务已由创建办直接核查通过" : "任务已由创建办直接退回"}});
        if (e.type == "TaskAccepted" && t["source"].value("kind", "") == "hazard")
          cmd("hazard.mark_rectified", "hazard-" + t["source"]["ref"].get<std::string>(), pm, Json{{"task_id", task}});
        if (e.type == "TaskReturned") {
          std::string reasons;
          for (const auto& x : d["reasons"]) reasons += (reasons.empty() ? "" : "；") + x.get<std::string>();
          notify(Unit(t["lead_unit"]), "task_returned", "任务 " + task + " 被退回，请重新整改", Truncate("退回原因：" + reasons, 4000));
        }
      }
    } else if (e.type == "TaskEscalated") {
      const std::string task = StreamId(e.stream);
      Json t = rectification::ReadTaskSummary(r, task);
      std::string level = d["level"];
      std::string subject = std::string(LevelZh(level)) + "：任务 " + task + " 已逾期";
      // The first step comes as the deadline passes: past it, not "0 days late".
      const int64_t days = d["days_overdue"].get<int64_t>();
      std::string body = "原定完成时限 " + FormatLocal(*ParseIsoMs(d["deadline"])) +
                         (days > 0 ? "，已逾期 " + std::to_string(days) + " 天以上。" : "，已超过完成时限。");
      if (t.is_object()) notify(Unit(t["lead_unit"]), "task_" + level, Truncate(subject, 300), body);
      if (level == "interview" || level == "accountability")
        notify(kOffice, "task_" + level, Truncate(subject, 300), body);
    } else if (e.type == "ExtensionRequested") {
      // The office decides: it hears of every request (and lists the pending
      // ones with `task list --extension-pending`).
      const std::string task = StreamId(e.stream);
      Json t = rectification::ReadTaskSummary(r, task);
      const std::string who = t.is_object() ? t.value("lead_unit", std::string()) : std::string();
      std::string body = "申请延期至 " + FormatLocal(*ParseIsoMs(d["new_deadline"])) + "（原完成时限 " +
                         (t.is_object() && !t.value("deadline", std::string()).empty() ? FormatLocal(*ParseIsoMs(t["deadline"])) : "待定") +
                         "）。理由：" + d.value("reason", std::string()) + "。请批准或驳回。";
      notify(kOffice, "extension_requested", Truncate("延期申请：任务 " + task + (who.empty() ? "" : "（" + who + "）"), 300),
             Truncate(body, 4000));
    } else if (e.type == "DeadlineSet") {
      // A pending deadline is now known: every responsible unit hears of it.
      const std::string task = StreamId(e.stream);
      Json t = rectification::ReadTaskSummary(r, task);
      if (t.is_object()) {
        std::string body = "完成时限确定为 " + FormatLocal(*ParseIsoMs(d["deadline"])) + "。" +
                           (d.value("note", std::string()).empty() ? "" : d["note"].get<std::string>());
        std::string subject = Truncate("任务 " + task + " 已确定完成时限", 300);
        notify_responsible(t, "task_deadline_set", subject, body);
      }
    } else if (e.type == "TaskClosed") {
      Json t = rectification::ReadTaskSummary(r, StreamId(e.stream));
      if (t.is_object()) notify(Unit(t["lead_unit"]), "task_closed", "任务 " + StreamId(e.stream) + " 已销号", "整改闭环。");
    } else if (e.type == "VerificationAssigned") {
      Json v = verification::ReadVerification(r, StreamId(e.stream));
      std::string task = v.is_object() ? v["task_id"].get<std::string>() : "";
      notify(Actor{d["inspector"], "inspector"}, "verification_assigned", Truncate("核查任务 " + StreamId(e.stream), 300),
             std::string(d["mode"] == "on_site" ? "现场核查" : "资料核查") + "：任务 " + task);
    } else if (e.type == "HazardRectified") {
      if (d["grade"] == "general") cmd("hazard.close", e.stream, pm, Json{{"note", "整改核查通过，一般隐患销号"}});
    } else if (e.type == "HazardListed" || e.type == "HazardClosed") {
      Json hz = hazard::ReadHazard(r, StreamId(e.stream));
      if (hz.is_object()) {
        bool listed = e.type == "HazardListed";
        notify(Unit(hz["unit"]), listed ? "hazard_listed" : "hazard_closed",
               Truncate((listed ? "重大隐患挂牌督办：" : "隐患已销号：") + hz["title"].get<std::string>(), 300),
               listed ? "请按期整改，整改情况报创建办。" : "隐患 " + StreamId(e.stream) + " 已闭环销号。");
      }
    }
    return out;
  }
};

}  // namespace

CommandEnvelope Notify(const std::string& reactor, const EventEnvelope& cause, const Actor& recipient,
                       const std::string& kind, const std::string& subject, const std::string& body,
                       const std::string& ref, const std::string& subscription) {
  std::string id = "n" + Sha256Hex(cause.id + "/" + kind + "/" + recipient.id + (subscription.empty() ? "" : "/" + subscription))
                             .substr(0, 24);
  Json data{{"notification_id", id}, {"recipient", recipient.id}, {"recipient_role", recipient.role},
            {"channel", subscription.empty() ? "inbox" : "webhook"},
            {"kind", kind},          {"subject", subject},     {"body", body},
            {"ref", ref}};
  if (!subscription.empty()) data["subscription"] = subscription;
  return Reaction(reactor, cause, "notification.queue", "notification-" + id, SystemActor("process-manager"), std::move(data));
}

std::unique_ptr<Reactor> MakeProcessManager() { return std::make_unique<ProcessManager>(); }

}  // namespace safecity::reactions
