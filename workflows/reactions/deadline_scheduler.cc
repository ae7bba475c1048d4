#include "workflows/reactions/deadline_scheduler.h"

#include <map>

#include "engine/time_util.h"
#include "workflows/campaign/campaign.h"
#include "workflows/campaign/round_views.h"
#include "workflows/common.h"
#include "workflows/rectification/task_views.h"

namespace safecity::reactions {

namespace {

constexpr int64_t kDayMs = 24LL * 3600 * 1000;

class DeadlineScheduler final : public Reactor {
 public:
  std::string name() const override { return "deadline-scheduler"; }

  std::vector<CommandEnvelope> React(const EventEnvelope& e, ReadModelReader& r) const override {
    std::vector<CommandEnvelope> out;
    if (e.type != "ClockTicked") return out;
    const int64_t now = *ParseIsoMs(e.data["now"]);
    std::vector<std::pair<int64_t, std::string>> overdue;  // (deadline, task)
    r.Scan(rectification::kDuePrefix, [&](const std::string& key, const std::string&) {
      int64_t deadline = rectification::DueKeyDeadline(key);
      if (deadline >= now) return false;
      overdue.emplace_back(deadline, rectification::DueKeyTask(key));
      return true;
    });
    std::map<std::string, Json> ladders;  // round -> its escalation ladder, read once per tick
    for (const auto& [deadline, task] : overdue) {
      Json t = rectification::ReadTaskSummary(r, task);
      if (!t.is_object()) continue;
      if (t["state"] == "submitted") continue;  // waiting for verification, not for the unit
      std::string round = t.value("campaign", "");
      auto it = ladders.find(round);
      if (it == ladders.end()) {
        Json c = round.empty() ? Json() : r.GetJson(campaign::RoundKey(round));
        it = ladders.emplace(round, c.is_object() ? c["escalation"] : campaign::DefaultEscalation()).first;
      }
      const Json& ladder = it->second;
      int current = EscalationLevelNo(t.value("escalation", ""));
      int64_t days = (now - deadline) / kDayMs;
      for (const auto& step : ladder) {
        int level = EscalationLevelNo(step["level"]);
        if (level <= current || step["after_days"].get<int64_t>() > days) continue;
        CommandEnvelope c = Reaction("sched", e, "task.escalate", "task-" + task, SystemActor("deadline-scheduler"),
                                     Json{{"level", step["level"]}, {"deadline", t["deadline"]}, {"days_overdue", step["after_days"]}});
        c.id = "sched:" + task + ":" + std::to_string(deadline) + ":" + step["level"].get<std::string>();
        out.push_back(std::move(c));
      }
    }
    return out;
  }
};

}  // namespace

std::unique_ptr<Reactor> MakeDeadlineScheduler() { return std::make_unique<DeadlineScheduler>(); }

}  // namespace safecity::reactions
