#include "workflows/verification/verification.h"

#include "engine/json_workflow.h"
#include "engine/time_util.h"
#include "workflows/common.h"
#include "workflows/machine.h"
#include "workflows/verification/verification_machine.h"
#include "workflows/rectification/task_views.h"
#include "workflows/verification/verification_refusals.h"

namespace safecity::verification {

namespace {

class VerificationWorkflow final : public JsonWorkflow {
 public:
  std::string kind() const override { return "verification"; }

  std::vector<std::string> command_types() const override { return VerificationMachine().CommandTypes(); }

  Status Prepare(CommandEnvelope* cmd, ReadModelReader& reader) const override {
    if (cmd->type == "verification.request") {
      std::string id = cmd->data["verification_id"];
      if (cmd->stream != "verification-" + id) return Status::Refusal(Status::Code::kInvalid, "stream", kStreamNotVerification, {{"verification", id}});
      auto task = reader.Get(rectification::TaskCardKey(cmd->data["task_id"].get<std::string>()));
      if (!task.ok()) return task.status();
      if (!task.value())
        return Status::Refusal(Status::Code::kNotFound, "data.task_id", kNoSuchTask, {{"task", cmd->data["task_id"].get<std::string>()}});
    }
    return Status::Ok();
  }

  Decision Decide(const Json& state, const CommandEnvelope& cmd) const override {
    const Machine& m = VerificationMachine();
    const std::string command = CommandName(cmd.type);
    const std::string id = StreamId(cmd.stream);
    const std::string from = Machine::StateOf(state);
    if (from == "none" && command != "request")
      return Decision::Reject(Status::Refusal(Status::Code::kNotFound, "verification", kVerificationNotFound, {{"verification", id}}));
    if (from != "none" && command == "request")
      return Decision::Reject(Status::Refusal(Status::Code::kConflict, "", kVerificationExists, {{"verification", id}}));
    const Actor& a = cmd.actor;
    if (command == "request" || command == "withdraw") {
      if (!HasRole(a, {"system", "office"})) return Forbid(kOfficeOnly, {{"command", command}});
    } else if (command == "assign") {
      if (a.role != "office") return Forbid(kAssignOfficeOnly, {});
    } else if (!(a.role == "office" || (a.role == "inspector" && state.is_object() && a.id == Str(state, "inspector")))) {
      const std::string who = state.is_object() ? Str(state, "inspector") : "";
      if (who.empty()) return Forbid(kNoInspectorYet, {{"command", command}, {"verification", id}});
      return Forbid(kNotTheInspector, {{"inspector", who}, {"command", command}, {"verification", id}});
    }
    if (!m.Fire(from, command)) return m.Refuse("verification", "核查", id, from, command);

    const Json& d = cmd.data;
    if (command == "request")
      return Decision::Accept({{"VerificationRequested",
                                {{"verification_id", id}, {"task_id", d["task_id"]}, {"submission", d["submission"]}, {"mode", d["mode"]}}}});
    if (command == "assign")
      return Decision::Accept({{"VerificationAssigned", {{"inspector", d["inspector"]}, {"mode", d.value("mode", state["mode"])}}}});
    if (command == "pass")
      return Decision::Accept({{"VerificationPassed",
                                {{"task_id", state["task_id"]}, {"submission", state["submission"]}, {"comment", Str(d, "comment")}}}});
    if (command == "fail")
      return Decision::Accept({{"VerificationFailed",
                                {{"task_id", state["task_id"]}, {"submission", state["submission"]}, {"reasons", d["reasons"]}}}});
    return Decision::Accept({{"VerificationWithdrawn", {{"reason", d["reason"]}}}});
  }

  Json Apply(const Json& before, const EventEnvelope& e) const override {
    Json s = before.is_object() ? before : Json::object();
    const Json& d = e.data;
    const std::string at = FormatIsoMs(e.occurred_at);
    if (e.type == "VerificationRequested") {
      s = d;
      s["state"] = "requested";
      s["requested_at"] = at;
      s["inspector"] = "";
      s["outcome"] = Json::object();
    } else if (e.type == "VerificationAssigned") {
      s["state"] = "assigned";
      s["inspector"] = d["inspector"];
      s["mode"] = d["mode"];
      s["assigned_at"] = at;
    } else if (e.type == "VerificationPassed") {
      s["state"] = "passed";
      s["outcome"] = Json{{"comment", d["comment"]}, {"by", e.actor.id}};
      s["decided_at"] = at;
    } else if (e.type == "VerificationFailed") {
      s["state"] = "failed";
      s["outcome"] = Json{{"reasons", d["reasons"]}, {"by", e.actor.id}};
      s["decided_at"] = at;
    } else if (e.type == "VerificationWithdrawn") {
      s["state"] = "withdrawn";
      s["outcome"] = Json{{"reason", d["reason"]}};
    }
    s["updated_at"] = at;
    return s;
  }

  void Project(const Json& before, const Json& after, const EventEnvelope& e, ReadModelWriter& w) const override {
    const std::string id = after["verification_id"];
    Json summary{{"verification_id", id},       {"task_id", after["task_id"]}, {"submission", after["submission"]},
                 {"mode", after["mode"]},         {"state", after["state"]},     {"inspector", after["inspector"]},
                 {"requested_at", after["requested_at"]}, {"updated_at", after["updated_at"]}, {"outcome", after["outcome"]}};
    w.Put("ver/" + id, CanonicalJson(summary));
    std::string was = Machine::StateOf(before);
    w.Move(was == "none" ? "" : "vbs/" + was + "/" + id, "vbs/" + after["state"].get<std::string>() + "/" + id);
    std::string old_insp = before.is_object() ? Str(before, "inspector") : "";
    std::string insp = after["inspector"];
    w.Move(old_insp.empty() ? "" : "vbi/" + old_insp + "/" + id, insp.empty() ? "" : "vbi/" + insp + "/" + id);
  }
};

}  // namespace

std::unique_ptr<Workflow> MakeVerificationWorkflow() { return std::make_unique<VerificationWorkflow>(); }

}  // namespace safecity::verification
