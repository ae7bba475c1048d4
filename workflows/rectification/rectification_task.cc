#include "workflows/rectification/rectification_task.h"

#include "engine/time_util.h"
#include "engine/typed_workflow.h"
#include "workflows/campaign/round_views.h"
#include "workflows/common.h"
#include "workflows/machine.h"
#include "workflows/rectification/evidence.h"
#include "workflows/rectification/task_machine.h"
#include "workflows/rectification/task_refusals.h"
#include "workflows/rectification/task_state.h"
#include "workflows/rectification/task_views.h"
#include "workflows/unit/unit_directory.h"
#include "workflows/common_refusals.h"

namespace safecity::rectification {

namespace {

std::string JoinStates(const std::vector<TaskState>& v) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + std::string(Name(v[i]));
  return out;
}


// A deadline (`field`) of a task of `round` (its camp/ record) falls within
// the round: by the end of its reporting phase.
Status DeadlineWithinRound(const Json& round, const std::string& campaign, int64_t deadline, const char* field) {
  const Json phases = round.value("phases", Json::object());
  auto end = phases.contains("reporting") && phases["reporting"].is_string() ? ParseIsoMs(phases["reporting"].get<std::string>())
                                                                              : std::nullopt;
  if (end && deadline > *end)
    return Status::Refusal(Status::Code::kInvalid, field, kDeadlineAfterRound,
                           {{"deadline", FormatLocal(deadline)}, {"round", campaign}, {"end", FormatLocal(*end)}});
  return Status::Ok();
}

// A task of a round: the round is open, its lead unit is evaluated in it, and
// its deadline falls within the round (by the end of its reporting phase).
Status CheckInRound(ReadModelReader& reader, const Json& d) {
  const std::string campaign = d["campaign"];
  auto rm = reader.Get(campaign::RoundKey(campaign));
  if (!rm.ok()) return rm.status();
  if (!rm.value()) return Status::Refusal(Status::Code::kNotFound, "data.campaign", kNoSuchRound, {{"round", campaign}});
  Json c = Json::parse(*rm.value());
  std::string state = c["state"];
  if (state == "closed" || state == "cancelled")
    return Status::Refusal(Status::Code::kInvalid, "data.campaign", kRoundTakesNoTasks,
                           {{"round", campaign}, {"state", state}, {"state_zh", state == "closed" ? "结束" : "取消"}});
  auto member = reader.Get(campaign::RoundUnitKey(campaign, d["lead_unit"].get<std::string>()));
  if (!member.ok()) return member.status();
  if (!member.value())
    return Status::Refusal(Status::Code::kInvalid, "data.lead_unit", kLeadNotInRound,
                           {{"unit", d["lead_unit"].get<std::string>()}, {"round", campaign}});
  if (!d.contains("deadline")) return Status::Ok();  // pending: checked when it is set
  return DeadlineWithinRound(c, campaign, *ParseIsoMs(d["deadline"]), "data.deadline");
}

// A deadline given, or said to be pending (完成时限待定), not both.
Status CheckDeadlineGiven(const Json& d) {
  const bool pending = d.contains("deadline_pending");
  if (!d.contains("deadline") && !pending) return Status::Refusal(Status::Code::kInvalid, "data.deadline", kDeadlineMissing, {});
  if (d.contains("deadline") && pending)
    return Status::Refusal(Status::Code::kInvalid, "data.deadline_pending", kDeadlineAndPending, {});
  return Status::Ok();
}

// A round's task is not given more time than the round has: an extension, or
// a pending deadline set, past the end of its reporting phase is refused as an
// assignment would be.
Status CheckExtensionInRound(ReadModelReader& reader, const std::string& task_id, const Json& new_deadline,
                             const char* field = "data.new_deadline") {
  Json t = ReadTaskSummary(reader, task_id);
  if (!t.is_object() || t.value("campaign", "").empty()) return Status::Ok();
  const std::string campaign = t["campaign"];
  auto rm = reader.Get(campaign::RoundKey(campaign));
  if (!rm.ok()) return rm.status();
  if (!rm.value()) return Status::Ok();
  Json c = Json::parse(*rm.value(), nullptr, false);
  auto wanted = ParseIsoMs(new_deadline.get<std::string>());
  if (!c.is_object() || !wanted) return Status::Ok();
  return DeadlineWithinRound(c, campaign, *wanted, field);
}

Status NoDeadlineYet(const RectificationTask& t) {
  return Status::Refusal(Status::Code::kRefused, "", kNoDeadlineYet, {{"task", t.task_id}, {"pending", t.deadline_pending}});
}

class RectificationWorkflow final : public TypedWorkflow<RectificationTask> {
 public:
  std::string kind() const override { return "task"; }

  std::vector<std::string> command_types() const override { return TaskMachine().CommandTypes(); }

  Status Prepare(CommandEnvelope* cmd, ReadModelReader& reader) const override {
    Status actor = ResolveUnitActor(cmd, reader);
    if (!actor.ok()) return actor;
    Json& d = cmd->data;
    if (cmd->type == "task.assign") {
      if (cmd->stream != "task-" + d["task_id"].get<std::string>())
        return Status::Refusal(Status::Code::kInvalid, "stream", kStreamNotTask, {{"task", d["task_id"].get<std::string>()}});
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
      Status s = CheckDeadlineGiven(d);
      if (s.ok() && d.contains("deadline")) s = NormalizeTime(&d, "deadline", true);
      if (!s.ok() || !d.contains("campaign")) return s;
      return CheckInRound(reader, d);
    }
    if (cmd->type == "task.submit_plan") return NormalizeTime(&d, "planned_completion", true);
    if (cmd->type == "task.set_deadline") {
      Status s = NormalizeTime(&d, "deadline", true);
      if (!s.ok()) return s;
      return CheckExtensionInRound(reader, StreamId(cmd->stream), d["deadline"], "data.deadline");
    }
    if (cmd->type == "task.request_extension" || cmd->type == "task.grant_extension") {
      Status s = NormalizeTime(&d, "new_deadline", true);
      if (!s.ok() || !d.contains("new_deadline")) return s;
      return CheckExtensionInRound(reader, StreamId(cmd->stream), d["new_deadline"]);
    }
    return Status::Ok();
  }

  Decision Decide(const RectificationTask* task, const CommandEnvelope& cmd) const override {
    auto command = TaskCommandFromName(CommandName(cmd.type));
    if (!command) return Decision::Reject(Status::Invalid("type", "unknown task command " + cmd.type));
    const std::string task_id = StreamId(cmd.stream);
    static const RectificationTask kNoTask;
    const RectificationTask& state = task ? *task : kNoTask;
    TaskState from = state.state;
    if (from == TaskState::kNone && *command != TaskCommand::kAssign)
      return Decision::Reject(Status::Refusal(Status::Code::kNotFound, "task", kTaskNotFound, {{"task", task_id}}));
    if (from != TaskState::kNone && *command == TaskCommand::kAssign)
      return Decision::Reject(Status::Refusal(Status::Code::kConflict, "", kTaskExists, {{"task", task_id}}));

    // Who may act.
    const std::string& role = cmd.actor.role;
    switch (*command) {
      case TaskCommand::kAssign:
        // the system: the process manager opens tasks for hazards and deductions
        if (role != "office" && role != "system")
          return Decision::Reject(Status::Refusal(Status::Code::kForbidden, "actor", kAssignOfficeOnly, {}));
        break;
      case TaskCommand::kClose:
      case TaskCommand::kSetDeadline:
      case TaskCommand::kGrantExtension:
      case TaskCommand::kRefuseExtension:
        if (role != "office")
          return Decision::Reject(Status::Refusal(Status::Code::kForbidden, "actor", kOfficeOnly, {{"command", Name(*command)}}));
        break;
      case TaskCommand::kEscalate:
        if (role != "system")
          return Decision::Reject(Status::Refusal(Status::Code::kForbidden, "actor", kEscalationIsTheSchedulers, {}));
        break;
      case TaskCommand::kAccept:
      case TaskCommand::kReturn:
        if (role != "office" && role != "inspector")
          return Decision::Reject(Status::Refusal(Status::Code::kForbidden, "actor", kVerifierOnly, {{"command", Name(*command)}}));
        break;
      default:
        if (role != "unit" || !state.IsResponsible(cmd.actor.id)) {
          const std::string& lead = state.lead_unit;
          if (role == "unit")
            return Decision::Reject(Status::Refusal(Status::Code::kForbidden, "actor", kUnitNotResponsible,
                                                    {{"unit", cmd.actor.id}, {"task", task_id}, {"lead", lead}}));
          return Decision::Reject(Status::Refusal(Status::Code::kForbidden, "actor", kRoleNotResponsible,
                                                  WithRole(role, {{"task", task_id}, {"lead", lead}})));
        }
    }

    Transition t = Fire(from, *command);
    if (!t.accepted) {
      auto allowed = StatesAllowing(*command);
      Json detail{{"state", Name(from)}, {"allowed_in", Json::array()}};
      for (auto s : allowed) detail["allowed_in"].push_back(Name(s));
      return Decision::Reject(Status::Refusal(Status::Code::kRefused, "", kNotInState,
                                              {{"task", task_id}, {"state", Name(from)}, {"state_zh", ChineseName(from)},
                                               {"command", Name(*command)}, {"allowed", JoinStates(allowed)}}),
                              detail);
    }

    const Json& d = cmd.data;
    switch (*command) {
      case TaskCommand::kAssign: {
        if (Status s = CheckDeadlineGiven(d); !s.ok()) return Decision::Reject(s);
        if (d.contains("deadline")) {
          int64_t deadline = *ParseIsoMs(d["deadline"]);
          if (deadline <= cmd.issued_at)
            return Decision::Reject(Status::Refusal(Status::Code::kInvalid, "data.deadline", kDeadlineBeforeAssignment,
                                                    {{"deadline", FormatLocal(deadline)}, {"at", FormatLocal(cmd.issued_at)}}));
        }
        Json e{{"task_id", d["task_id"]},
               {"title", d["title"]},
               {"description", d.value("description", "")},
               {"category", d.value("category", "")},
               {"lead_unit", d["lead_unit"]},
               {"cooperating_units", d.value("cooperating_units", Json::array())},
               {"source", d.value("source", Json{{"kind", "manual"}})}};
        if (d.contains("deadline")) e["deadline"] = d["deadline"];
        else e["deadline_pending"] = d["deadline_pending"];  // 完成时限待定
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
                                   {"submission", state.submissions + 1}}}});
      case TaskCommand::kAccept:
        return Decision::Accept({{"TaskAccepted", {{"comment", d.value("comment", "")}}}});
      case TaskCommand::kReturn:
        return Decision::Accept({{"TaskReturned", {{"reasons", d["reasons"]}, {"returns", state.returns + 1}}}});
      case TaskCommand::kClose:
        return Decision::Accept({{"TaskClosed", {{"note", d.value("note", "")}}}});
      case TaskCommand::kRequestExtension: {
        if (!state.extension_request.is_null())
          return Decision::Reject(Status::Refusal(Status::Code::kRefused, "", kExtensionPending, {{"task", task_id}}),
                                  Json{{"state", Name(from)}});
        if (!state.HasDeadline()) return Decision::Reject(NoDeadlineYet(state), Json{{"state", Name(from)}});
        int64_t wanted = *ParseIsoMs(d["new_deadline"]);
        int64_t current = state.DeadlineMs();
        if (wanted <= current)
          return Decision::Reject(Status::Refusal(Status::Code::kInvalid, "data.new_deadline", kNewDeadlineNotLater,
                                                  {{"deadline", FormatLocal(current)}}));
        return Decision::Accept({{"ExtensionRequested", {{"new_deadline", d["new_deadline"]}, {"reason", d["reason"]}}}});
      }
      case TaskCommand::kGrantExtension: {
        if (state.extension_request.is_null())
          return Decision::Reject(Status::Refusal(Status::Code::kRefused, "", kNoPendingExtension, {{"task", task_id}}),
                                  Json{{"state", Name(from)}});
        if (!state.HasDeadline()) return Decision::Reject(NoDeadlineYet(state), Json{{"state", Name(from)}});
        std::string nd = d.value("new_deadline", state.extension_request["new_deadline"].get<std::string>());
        if (*ParseIsoMs(nd) <= state.DeadlineMs())
          return Decision::Reject(Status::Refusal(Status::Code::kInvalid, "data.new_deadline", kGrantNotLater, {}));
        return Decision::Accept({{"ExtensionGranted",
                                  {{"previous_deadline", state.deadline}, {"new_deadline", nd}, {"comment", d.value("comment", "")}}}});
      }
      case TaskCommand::kRefuseExtension:
        if (state.extension_request.is_null())
          return Decision::Reject(Status::Refusal(Status::Code::kRefused, "", kNoPendingExtension, {{"task", task_id}}),
                                  Json{{"state", Name(from)}});
        return Decision::Accept({{"ExtensionRefused", {{"reason", d["reason"]}}}});
      case TaskCommand::kSetDeadline: {
        if (state.HasDeadline())
          return Decision::Reject(Status::Refusal(Status::Code::kRefused, "", kDeadlineAlreadySet,
                                                  {{"task", task_id}, {"deadline", FormatLocal(state.DeadlineMs())}}),
                                  Json{{"state", Name(from)}});
        int64_t deadline = *ParseIsoMs(d["deadline"]);
        if (deadline <= cmd.issued_at)
          return Decision::Reject(Status::Refusal(Status::Code::kInvalid, "data.deadline", kDeadlineBeforeAssignment,
                                                  {{"deadline", FormatLocal(deadline)}, {"at", FormatLocal(cmd.issued_at)}}));
        return Decision::Accept({{"DeadlineSet",
                                  {{"deadline", d["deadline"]}, {"was_pending", state.deadline_pending}, {"note", d.value("note", "")}}}});
      }
      case TaskCommand::kEscalate: {
        if (!state.HasDeadline() || d["deadline"] != state.deadline)
          return Decision::Reject(Status::Refusal(Status::Code::kRefused, "", kEscalationStale,
                                                  {{"task", task_id}, {"deadline", state.HasDeadline() ? FormatLocal(state.DeadlineMs()) : "待定 pending"}}));
        int level = EscalationLevelNo(d["level"]);
        if (level <= state.escalation_level)
          return Decision::Reject(Status::Refusal(Status::Code::kRefused, "", kEscalationNotHigher,
                                                  {{"task", task_id}, {"level", state.escalation}}));
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

  void Apply(RectificationTask& task, const EventEnvelope& e, ReadModelWriter* w) const override {
    if (!w) return ApplyTaskEvent(task, e);
    const TaskBefore before = TaskBefore::Of(task);
    ApplyTaskEvent(task, e);
    ProjectTask(before, task, e, *w);
  }
};

}  // namespace

std::unique_ptr<Workflow> MakeRectificationWorkflow() { return std::make_unique<RectificationWorkflow>(); }

}  // namespace safecity::rectification
