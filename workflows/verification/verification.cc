#include "workflows/verification/verification.h"

#include "engine/time_util.h"
#include "engine/typed_workflow.h"
#include "workflows/common.h"
#include "workflows/machine.h"
#include "workflows/rectification/task_views.h"
#include "workflows/verification/verification_machine.h"
#include "workflows/verification/verification_refusals.h"
#include "workflows/verification/verification_state.h"
#include "workflows/verification/verification_views.h"

namespace safecity::verification {

namespace {

class VerificationWorkflow final : public TypedWorkflow<Verification> {
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

  Decision Decide(const Verification* state, const CommandEnvelope& cmd) const override {
    const Machine& m = VerificationMachine();
    const std::string command = CommandName(cmd.type);
    const std::string id = StreamId(cmd.stream);
    const std::string from = state ? state->state : "none";
    if (from == "none" && command != "request")
      return Decision::Reject(Status::Refusal(Status::Code::kNotFound, "verification", kVerificationNotFound, {{"verification", id}}));
    if (from != "none" && command == "request")
      return Decision::Reject(Status::Refusal(Status::Code::kConflict, "", kVerificationExists, {{"verification", id}}));
    const Actor& a = cmd.actor;
    if (command == "request" || command == "withdraw") {
      if (!HasRole(a, {"system", "office"})) return Forbid(kOfficeOnly, {{"command", command}});
    } else if (command == "assign") {
      if (a.role != "office") return Forbid(kAssignOfficeOnly, {});
    } else if (!(a.role == "office" || (a.role == "inspector" && state && a.id == state->inspector))) {
      const std::string who = state ? state->inspector : "";
      if (who.empty()) return Forbid(kNoInspectorYet, {{"command", command}, {"verification", id}});
      return Forbid(kNotTheInspector, {{"inspector", who}, {"command", command}, {"verification", id}});
    }
    if (!m.Fire(from, command)) return m.Refuse("verification", "核查", id, from, command);

    const Json& d = cmd.data;
    if (command == "request")
      return Decision::Accept({{"VerificationRequested",
                                {{"verification_id", id}, {"task_id", d["task_id"]}, {"submission", d["submission"]}, {"mode", d["mode"]}}}});
    if (command == "assign")
      return Decision::Accept({{"VerificationAssigned", {{"inspector", d["inspector"]}, {"mode", d.value("mode", state->mode)}}}});
    // The inspector's photos from site go into the event only when there are some.
    auto with_photos = [&d](Json data) {
      if (d.contains("photos") && !d["photos"].empty()) data["photos"] = d["photos"];
      return data;
    };
    if (command == "pass")
      return Decision::Accept({{"VerificationPassed",
                                with_photos({{"task_id", state->task_id}, {"submission", state->submission}, {"comment", Str(d, "comment")}})}});
    if (command == "fail")
      return Decision::Accept({{"VerificationFailed",
                                with_photos({{"task_id", state->task_id}, {"submission", state->submission}, {"reasons", d["reasons"]}})}});
    return Decision::Accept({{"VerificationWithdrawn", {{"reason", d["reason"]}}}});
  }

  void Apply(Verification& v, const EventEnvelope& e, ReadModelWriter* w) const override {
    const std::string was = v.state, old_inspector = v.inspector;
    ApplyVerificationEvent(v, e);
    if (w) Project(was, old_inspector, v, *w);
  }

 private:
  static void Project(const std::string& was, const std::string& old_inspector, const Verification& after, ReadModelWriter& w) {
    const std::string& id = after.verification_id;
    Json summary{{"verification_id", id},           {"task_id", after.task_id},       {"submission", after.submission},
                 {"mode", after.mode},                {"state", after.state},           {"inspector", after.inspector},
                 {"requested_at", after.requested_at}, {"updated_at", after.updated_at}, {"outcome", after.outcome}};
    w.Put(VerificationKey(id), CanonicalJson(summary));
    w.Move(was == "none" ? "" : VerificationByStateKey(was, id), VerificationByStateKey(after.state, id));
    const std::string& insp = after.inspector;
    w.Move(old_inspector.empty() ? "" : VerificationByInspectorKey(old_inspector, id),
           insp.empty() ? "" : VerificationByInspectorKey(insp, id));
  }
};

}  // namespace

std::unique_ptr<Workflow> MakeVerificationWorkflow() { return std::make_unique<VerificationWorkflow>(); }

}  // namespace safecity::verification
