#include "workflows/rectification/rectification_task.h"

#include "engine/time_util.h"
#include "workflows/common.h"
#include "workflows/machine.h"
#include "workflows/rectification/evidence.h"
#include "workflows/rectification/task_machine.h"
#include "workflows/rectification/task_views.h"
#include "workflows/unit/unit_directory.h"

namespace safecity::rectification {

namespace {

TaskState StateOf(const Json& s) {
  if (!s.is_object()) return TaskState::kNone;
  return TaskStateFromName(s.value("state", "none")).value_or(TaskState::kNone);
}

std::string JoinStates(const std::vector<TaskState>& v) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + std::string(Name(v[i]));
  return out;
}

bool IsResponsible(const Json& state, const std::string& unit) {
  if (state.value("lead_unit", "") == unit) return true;
  for (const auto& u : state["cooperating_units"])
    if (u == unit) return true;
  return false;
}


// A task of a round: the round is open, its lead unit is evaluated in it, and
// its deadline falls within the round (by the end of its reporting phase).
Status CheckInRound(ReadModelReader& reader, const Json& d) {
  const std::string campaign = d["campaign"];
  auto rm = reader.Get("camp/" + campaign);
  if (!rm.ok()) return rm.status();
  if (!rm.value()) return Status::NotFound("data.campaign", "no round '" + campaign + "'; see `safecity campaign list`");
  Json c = Json::parse(*rm.value());
  std::string state = c["state"];
  if (state == "closed" || state == "cancelled")
    return Status::Invalid("data.campaign", "round " + campaign + " is " + state + "; it takes no new tasks");
  auto member = reader.Get("cunit/" + campaign + "/" + d["lead_unit"].get<std::string>());
  if (!member.ok()) return member.status();
  if (!member.value())
    return Status::Invalid("data.lead_unit", "unit " + d["lead_unit"].get<std::string>() + " is not evaluated in round " +
                                                 campaign + "; choose one of its units");
  int64_t deadline = *ParseIsoMs(d["deadline"]), end = *ParseIsoMs(c["phases"]["reporting"]);
  if (deadline > end)
    return Status::Invalid("data.deadline", "deadline " + FormatLocal(deadline) + " is after round " + campaign + " ends (" +
                                                FormatLocal(end) + "); give a date within the round");
  return Status::Ok();
}

class RectificationWorkflow final : public Workflow {
 public:
  std::string kind() const override { return "task"; }

  std::vector<std::string> command_types() const override { return TaskMachine().CommandTypes(); }

  Status Prepare(CommandEnvelope* cmd, ReadModelReader& reader) const override {
    Status actor = ResolveUnitActor(cmd, reader);
    if (!actor.ok()) return actor;
    Json& d = cmd->data;
    if (cmd->type == "task.assign") {
      if (cmd->stream != "task-" + d["task_id"].get<std::string>())
        return Status::Invalid("stream", "must be task-" + d["task_id"].get<std::string>());
      auto lead = units::ResolveMember(reader, d["lead_unit"], "data.lead_unit", cmd->issued_at);
      if (!lead.ok()) return lead.status();
      d["lead_unit"] = lead.value();
      Json coop = Json::array();
      size_t i = 0;
      for (const auto& ref : d.value("cooperating_units", Json::array())) {
        auto u = units::ResolveMember(reader, ref, "data.cooperating_units[" + std::to_string(i++) + "]", cmd->issued_at);
        if (!u.ok()) return u.status();
        if (u.value() == lead.value()) continue;
        bool dup = false;
        for (const auto& c : coop) dup = dup || c == u.value();
        if (!dup) coop.push_back(u.value());
      }
      d["cooperating_units"] = coop;
      Status s = NormalizeTime(&d, "deadline", true);
      if (!s.ok() || !d.contains("campaign")) return s;
      return CheckInRound(reader, d);
    }
    if (cmd->type == "task.submit_plan") return NormalizeTime(&d, "planned_completion", true);
    if (cmd->type == "task.request_extension" || cmd->type == "task.grant_extension")
      return NormalizeTime(&d, "new_deadline", true);
    return Status::Ok();
  }

  Decision Decide(const Json& state, const CommandEnvelope& cmd) const override {
    auto command = TaskCommandFromName(CommandName(cmd.type));
    if (!command) return Decision::Reject(Status::Invalid("type", "unknown task command " + cmd.type));
    const std::string task_id = StreamId(cmd.stream);
    TaskState from = StateOf(state);
    if (from == TaskState::kNone && *command != TaskCommand::kAssign)
      return Decision::Reject(Status::NotFound("task", "no task '" + task_id + "'; list tasks with `safecity task list`"));
    if (from != TaskState::kNone && *command == TaskCommand::kAssign)
      return Decision::Reject(Status::Conflict("task " + task_id + " already exists; choose another --id"));

    // Who may act.
    const std::string& role = cmd.actor.role;
    switch (*command) {
      case TaskCommand::kAssign:
        // the system: the process manager opens tasks for hazards and deductions
        if (role != "office" && role != "system")
          return Decision::Reject(Status::Forbidden("actor", "only the office may assign a task; act as the office"));
        break;
      case TaskCommand::kClose:
      case TaskCommand::kGrantExtension:
      case TaskCommand::kRefuseExtension:
        if (role != "office")
          return Decision::Reject(Status::Forbidden("actor", std::string("only the office may ") + Name(*command) + " a task; act as the office"));
        break;
      case TaskCommand::kEscalate:
        if (role != "system")
          return Decision::Reject(Status::Forbidden("actor", "escalation is the deadline scheduler's; tick the clock with `safecity clock tick`"));
        break;
      case TaskCommand::kAccept:
      case TaskCommand::kReturn:
        if (role != "office" && role != "inspector")
          return Decision::Reject(Status::Forbidden("actor", std::string("only the office or an inspector may ") + Name(*command) + " submitted work"));
        break;
      default:
        if (role != "unit" || !IsResponsible(state, cmd.actor.id)) {
          std::string who = role == "unit" ? "unit " + cmd.actor.id : "the " + role;
          return Decision::Reject(Status::Forbidden(
              "actor", who + " is not responsible for task " + task_id + " (lead: " +
                           state.value("lead_unit", "") + "); act as its lead or a cooperating unit with --as"));
        }
    }

    Transition t = Fire(from, *command);
    if (!t.accepted) {
      auto allowed = StatesAllowing(*command);
      Json detail{{"state", Name(from)}, {"allowed_in", Json::array()}};
      for (auto s : allowed) detail["allowed_in"].push_back(Name(s));
      return Decision::Reject(
          Status::Refused("task " + task_id + " is " + Name(from) + " (" + ChineseName(from) + "); " +
                          Name(*command) + " is allowed only when it is " + JoinStates(allowed)),
          detail);
    }

    const Json& d = cmd.data;
    switch (*command) {
      case TaskCommand::kAssign: {
        int64_t deadline = *ParseIsoMs(d["deadline"]);
        if (deadline <= cmd.issued_at)
          return Decision::Reject(Status::Invalid("data.deadline", "deadline " + FormatLocal(deadline) +
                                                                       " is before the assignment time " + FormatLocal(cmd.issued_at) +
                                                                       "; give a later deadline"));
        Json e{{"task_id", d["task_id"]},
               {"title", d["title"]},
               {"description", d.value("description", "")},
               {"category", d.value("category", "")},
               {"lead_unit", d["lead_unit"]},
               {"cooperating_units", d.value("cooperating_units", Json::array())},
               {"deadline", d["deadline"]},
               {"source", d.value("source", Json{{"kind", "manual"}})}};
        if (d.contains("campaign")) e["campaign"] = d["campaign"];
        return Decision::Accept({{"TaskAssigned", e}});
      }
      case TaskCommand::kAcknowledge:
        return Decision::Accept({{"TaskAcknowledged", {{"note", d.value("note", "")}}}});
      case TaskCommand::kSubmitPlan:
        return Decision::Accept({{"RectificationPlanSubmitted",
                                  {{"plan", d["plan"]}, {"planned_completion", d.value("planned_completion", "")}}}});
      case TaskCommand::kStart:
        return Decision::Accept({{"RectificationStarted", {{"note", d.value("note", "")}}}});
      case TaskCommand::kSubmit:
        return Decision::Accept({{"EvidenceSubmitted",
                                  {{"evidence", EvidenceItemsV2(d["evidence"])},
                                   {"note", d.value("note", "")},
                                   {"submission", state.value("submissions", 0) + 1}}}});
      case TaskCommand::kAccept:
        return Decision::Accept({{"TaskAccepted", {{"comment", d.value("comment", "")}}}});
      case TaskCommand::kReturn:
        return Decision::Accept({{"TaskReturned", {{"reasons", d["reasons"]}, {"returns", state.value("returns", 0) + 1}}}});
      case TaskCommand::kClose:
        return Decision::Accept({{"TaskClosed", {{"note", d.value("note", "")}}}});
      case TaskCommand::kRequestExtension: {
        if (!state["extension_request"].is_null())
          return Decision::Reject(Status::Refused("an extension request for task " + task_id +
                                                  " is already pending; wait for the office to grant or refuse it"),
                                  Json{{"state", Name(from)}});
        int64_t wanted = *ParseIsoMs(d["new_deadline"]);
        int64_t current = *ParseIsoMs(state["deadline"]);
        if (wanted <= current)
          return Decision::Reject(Status::Invalid("data.new_deadline", "must be after the current deadline " +
                                                                           FormatLocal(current) + "; ask for a later date"));
        return Decision::Accept({{"ExtensionRequested", {{"new_deadline", d["new_deadline"]}, {"reason", d["reason"]}}}});
      }
      case TaskCommand::kGrantExtension: {
        if (state["extension_request"].is_null())
          return Decision::Reject(Status::Refused("task " + task_id + " has no pending extension request"),
                                  Json{{"state", Name(from)}});
        std::string nd = d.value("new_deadline", state["extension_request"]["new_deadline"].get<std::string>());
        if (*ParseIsoMs(nd) <= *ParseIsoMs(state["deadline"]))
          return Decision::Reject(Status::Invalid("data.new_deadline", "must be after the current deadline; give a later date"));
        return Decision::Accept({{"ExtensionGranted",
                                  {{"previous_deadline", state["deadline"]}, {"new_deadline", nd}, {"comment", d.value("comment", "")}}}});
      }
      case TaskCommand::kRefuseExtension:
        if (state["extension_request"].is_null())
          return Decision::Reject(Status::Refused("task " + task_id + " has no pending extension request"),
                                  Json{{"state", Name(from)}});
        return Decision::Accept({{"ExtensionRefused", {{"reason", d["reason"]}}}});
      case TaskCommand::kEscalate: {
        if (d["deadline"] != state["deadline"])
          return Decision::Reject(Status::Refused("task " + task_id + " is now due " +
                                                  FormatLocal(*ParseIsoMs(state["deadline"])) + "; the escalation was for an earlier deadline"));
        int level = EscalationLevelNo(d["level"]);
        if (level <= state.value("escalation_level", 0))
          return Decision::Reject(Status::Refused("task " + task_id + " is already escalated to " +
                                                  state.value("escalation", std::string()) + "; levels only climb"));
        return Decision::Accept({{"TaskEscalated",
                                  {{"level", d["level"]}, {"level_no", level}, {"deadline", d["deadline"]}, {"days_overdue", d["days_overdue"]}}}});
      }
    }
    return Decision::Reject(Status::Invalid("type", "unhandled command"));
  }

  // EvidenceSubmitted is at version 2 (media type and size per item).
  const EventVersions& event_versions() const override {
    static const EventVersions* versions = &(new EventVersions())->Add("EvidenceSubmitted", {&EvidenceSubmittedV1ToV2});
    return *versions;
  }

  Json Apply(const Json& before, const EventEnvelope& e) const override {
    Json s = before.is_object() ? before : Json::object();
    const Json& d = e.data;
    const std::string at = FormatIsoMs(e.occurred_at);
    s["updated_at"] = at;
    if (e.type == "TaskAssigned") {
      s = d;
      s["state"] = Name(TaskState::kAssigned);
      s["assigned_at"] = at;
      s["updated_at"] = at;
      s["original_deadline"] = d["deadline"];
      s["extension_request"] = nullptr;
      s["plan"] = nullptr;
      s["evidence"] = Json::array();
      s["submissions"] = 0;
      s["returns"] = 0;
      s["extensions"] = 0;
      s["last_return_reasons"] = Json::array();
      s["escalation_level"] = 0;
      s["escalation"] = "";
    } else if (e.type == "TaskAcknowledged") {
      s["state"] = Name(TaskState::kAcknowledged);
      s["acknowledged_by"] = e.actor.id;
    } else if (e.type == "RectificationPlanSubmitted") {
      s["state"] = Name(TaskState::kPlanSubmitted);
      s["plan"] = d;
    } else if (e.type == "RectificationStarted") {
      s["state"] = Name(TaskState::kInProgress);
    } else if (e.type == "EvidenceSubmitted") {
      s["state"] = Name(TaskState::kSubmitted);
      s["evidence"] = d["evidence"];
      s["submissions"] = d["submission"];
      s["submitted_at"] = at;
    } else if (e.type == "TaskAccepted") {
      s["state"] = Name(TaskState::kAccepted);
      s["accepted_at"] = at;
    } else if (e.type == "TaskReturned") {
      s["state"] = Name(TaskState::kInProgress);
      s["returns"] = d["returns"];
      s["last_return_reasons"] = d["reasons"];
    } else if (e.type == "TaskClosed") {
      s["state"] = Name(TaskState::kClosed);
      s["closed_at"] = at;
    } else if (e.type == "ExtensionRequested") {
      s["extension_request"] = d;
    } else if (e.type == "ExtensionGranted") {
      s["deadline"] = d["new_deadline"];
      s["extension_request"] = nullptr;
      s["extensions"] = s.value("extensions", 0) + 1;
      s["escalation_level"] = 0;  // a new deadline: not overdue any more
      s["escalation"] = "";
    } else if (e.type == "ExtensionRefused") {
      s["extension_request"] = nullptr;
    } else if (e.type == "TaskEscalated") {
      s["escalation_level"] = d["level_no"];
      s["escalation"] = d["level"];
    }
    return s;
  }

  void Project(const Json& before, const Json& after, const EventEnvelope& e, ReadModelWriter& w) const override {
    ProjectTask(before, after, e, w);
  }
};

}  // namespace

std::unique_ptr<Workflow> MakeRectificationWorkflow() { return std::make_unique<RectificationWorkflow>(); }

}  // namespace safecity::rectification
