#include "workflows/hazard/hazard.h"

#include "engine/store.h"
#include "engine/time_util.h"
#include "engine/typed_workflow.h"
#include "workflows/campaign/round_views.h"
#include "workflows/common.h"
#include "workflows/common_refusals.h"
#include "workflows/hazard/hazard_machine.h"
#include "workflows/hazard/hazard_refusals.h"
#include "workflows/hazard/hazard_state.h"
#include "workflows/hazard/hazard_views.h"
#include "workflows/machine.h"
#include "workflows/unit/unit_directory.h"

namespace safecity::hazard {

namespace {

class HazardWorkflow final : public TypedWorkflow<Hazard> {
 public:
  std::string kind() const override { return "hazard"; }

  std::vector<std::string> command_types() const override { return HazardMachine().CommandTypes(); }

  Status Prepare(CommandEnvelope* cmd, ReadModelReader& reader) const override {
    Json& d = cmd->data;
    Status actor = ResolveUnitActor(cmd, reader);
    if (!actor.ok()) return actor;
    if (cmd->type == "hazard.report") {
      std::string id = d["hazard_id"];
      if (cmd->stream != "hazard-" + id) return Status::Refusal(Status::Code::kInvalid, "stream", kStreamNotHazard, {{"hazard", id}});
      if (d.contains("campaign")) {
        auto c = reader.Get(campaign::RoundKey(d["campaign"].get<std::string>()));
        if (!c.ok()) return c.status();
        if (!c.value())
          return Status::Refusal(Status::Code::kNotFound, "data.campaign", kNoSuchRound, {{"round", d["campaign"].get<std::string>()}});
      }
    }
    if ((cmd->type == "hazard.report" || cmd->type == "hazard.confirm" || cmd->type == "hazard.record_accountability") &&
        d.contains("unit")) {
      auto u = units::Resolve(reader, d["unit"], "data.unit");
      if (!u.ok()) return u.status();
      d["unit"] = u.value();
    }
    if (cmd->type == "hazard.confirm") {
      Json coop = Json::array();
      for (size_t i = 0; i < d.value("cooperating_units", Json::array()).size(); ++i) {
        auto u = units::Resolve(reader, d["cooperating_units"][i], "data.cooperating_units[" + std::to_string(i) + "]");
        if (!u.ok()) return u.status();
        coop.push_back(u.value());
      }
      d["cooperating_units"] = coop;
      return NormalizeTime(&d, "deadline", true);
    }
    return Status::Ok();
  }

  Decision Decide(const Hazard* state, const CommandEnvelope& cmd) const override {
    const Machine& m = HazardMachine();
    const std::string command = CommandName(cmd.type);
    const std::string id = StreamId(cmd.stream);
    const std::string from = state ? state->state : "none";
    if (from == "none" && command != "report")
      return Decision::Reject(Status::Refusal(Status::Code::kNotFound, "hazard", kHazardNotFound, {{"hazard", id}}));
    if (from != "none" && command == "report")
      return Decision::Reject(Status::Refusal(Status::Code::kConflict, "", kHazardExists, {{"hazard", id}}));
    const Actor& a = cmd.actor;
    const std::string grade = state ? state->grade : "";
    if (command == "report") {
      if (!HasRole(a, {"office", "inspector", "unit"})) return Forbid(kAuditorReportsNothing, {});
    } else if (command == "assign" || command == "mark_rectified") {
      if (a.role != "system") return Forbid(kProcessManagers, {{"command", command}});
    } else if (command == "list") {
      if (!HasRole(a, {"office", "system"})) return Forbid(kListOfficeOnly, {});
    } else if (command == "close") {
      if (a.role == "system" ? grade != "general" : a.role != "office")
        return Forbid(kCloseOfficeOnly, {});
    } else if (a.role != "office") {
      return Forbid(kOfficeOnly, {{"command", command}});
    }
    if (!m.Fire(from, command)) return m.Refuse("hazard", "隐患", id, from, command);

    const Json& d = cmd.data;
    if (command == "report") {
      if (a.role == "unit" && d.contains("unit") && d["unit"] != a.id)
        return Decision::Reject(Status::Refusal(Status::Code::kForbidden, "data.unit", kUnitReportsItsOwn, {{"unit", a.id}}));
      std::string unit = a.role == "unit" ? a.id : Str(d, "unit");
      return Decision::Accept({{"HazardReported",
                                {{"hazard_id", id},
                                 {"title", d["title"]},
                                 {"description", Str(d, "description")},
                                 {"source", d["source"]},
                                 {"location", Str(d, "location")},
                                 {"unit", unit},
                                 {"campaign", Str(d, "campaign")}}}});
    }
    if (command == "confirm") {
      std::string unit = d.contains("unit") ? d["unit"].get<std::string>() : state->unit;
      if (unit.empty())
        return Decision::Reject(Status::Refusal(Status::Code::kInvalid, "data.unit", kNoResponsibleUnit, {}));
      int64_t deadline = *ParseIsoMs(d["deadline"]);
      if (deadline <= cmd.issued_at)
        return Decision::Reject(Status::Refusal(Status::Code::kInvalid, "data.deadline", kDeadlinePast,
                                                {{"deadline", FormatLocal(deadline)}, {"at", FormatLocal(cmd.issued_at)}}));
      return Decision::Accept({{"HazardConfirmed",
                                {{"grade", d["grade"]},
                                 {"unit", unit},
                                 {"cooperating_units", d.value("cooperating_units", Json::array())},
                                 {"deadline", d["deadline"]},
                                 {"note", Str(d, "note")}}}});
    }
    if (command == "dismiss") return Decision::Accept({{"HazardDismissed", {{"reason", d["reason"]}}}});
    if (command == "assign") return Decision::Accept({{"HazardAssigned", {{"task_id", d["task_id"]}, {"grade", grade}}}});
    if (command == "list") {
      if (grade != "major")
        return Decision::Reject(Status::Refusal(Status::Code::kRefused, "", kGeneralNotListed, {{"hazard", id}}));
      return Decision::Accept({{"HazardListed", {{"note", Str(d, "note")}}}});
    }
    if (command == "mark_rectified") {
      if (d["task_id"] != state->task_id)
        return Decision::Reject(Status::Refusal(Status::Code::kInvalid, "data.task_id", kRectifiedByAnotherTask,
                                                {{"hazard", id}, {"task", state->task_id}, {"given", d["task_id"].get<std::string>()}}));
      return Decision::Accept({{"HazardRectified", {{"task_id", d["task_id"]}, {"grade", grade}}}});
    }
    if (command == "close") return Decision::Accept({{"HazardClosed", {{"note", Str(d, "note")}, {"grade", grade}}}});
    if (command == "expose")
      return Decision::Accept({{"HazardExposed",
                                {{"exposure", static_cast<int64_t>(state->exposures.size()) + 1},
                                 {"medium", d["medium"]},
                                 {"published_on", d["published_on"]},
                                 {"ref", Str(d, "ref")},
                                 {"note", Str(d, "note")}}}});
    if (command == "record_accountability")
      return Decision::Accept({{"AccountabilityRecorded",
                                {{"record", static_cast<int64_t>(state->accountability.size()) + 1},
                                 {"subject", d["subject"]},
                                 {"unit", d.contains("unit") ? d["unit"].get<std::string>() : state->unit},
                                 {"decision", d["decision"]},
                                 {"decided_on", d["decided_on"]},
                                 {"document_no", d["document_no"]},
                                 {"note", Str(d, "note")}}}});
    return Decision::Accept({{"HazardBulletined", {{"bulletin_id", d["bulletin_id"]}, {"note", Str(d, "note")}}}});
  }

  void Apply(Hazard& hazard, const EventEnvelope& e, ReadModelWriter* w) const override {
    const std::string was = hazard.state;
    ApplyHazardEvent(hazard, e);
    if (w) Project(was, hazard, e, *w);
  }

 private:
  static void Project(const std::string& was, const Hazard& after, const EventEnvelope& e, ReadModelWriter& w) {
    const std::string& id = after.hazard_id;
    Json summary{{"hazard_id", id},          {"title", after.title},         {"source", after.source},
                 {"unit", after.unit},       {"grade", after.grade},         {"state", after.state},
                 {"task_id", after.task_id}, {"reported_at", after.reported_at},
                 {"campaign", after.campaign}, {"location", after.location},
                 {"deadline", after.deadline.value_or("")}, {"closed_at", after.closed_at.value_or("")},
                 {"updated_at", after.updated_at}};
    if (!after.exposures.empty()) summary["exposures"] = after.exposures.size();
    if (!after.accountability.empty()) summary["accountability"] = after.accountability.size();
    w.Put(HazardKey(id), CanonicalJson(summary));
    if (e.type == "AccountabilityRecorded") {
      // 问责 records by the day decided, for the period report: acct/<day>/<hazard>/<n>.
      w.Put(AccountabilityKey(e.data["decided_on"].get<std::string>(), id, e.data["record"].get<int64_t>()), CanonicalJson(e.data));
    }
    w.Move(was == "none" ? "" : HazardByStateKey(was, id), HazardByStateKey(after.state, id));
    const std::string& unit = after.unit;
    if (e.type == "HazardConfirmed") {
      w.Add("cnt/" + unit + "/hazards", 1);
      w.Add("cnt/_all/hazards", 1);
      if (after.grade == "major") {
        w.Add("cnt/" + unit + "/hazards_major", 1);
        w.Add("cnt/_all/hazards_major", 1);
      }
    }
    if (e.type == "HazardClosed") {
      w.Put(HazardClosedKey(e.occurred_at, id), unit);
      w.Add("cnt/" + unit + "/hazards_closed", 1);
      w.Add("cnt/_all/hazards_closed", 1);
    }
  }
};
}  // namespace

std::unique_ptr<Workflow> MakeHazardWorkflow() { return std::make_unique<HazardWorkflow>(); }

}  // namespace safecity::hazard
