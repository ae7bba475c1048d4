#include "workflows/campaign/campaign.h"

#include "engine/store.h"
#include "engine/time_util.h"
#include "engine/typed_workflow.h"
#include "workflows/campaign/campaign_machine.h"
#include "workflows/campaign/campaign_refusals.h"
#include "workflows/campaign/round_state.h"
#include "workflows/campaign/round_views.h"
#include "workflows/campaign/schedule.h"
#include "workflows/common_refusals.h"
#include "workflows/common.h"
#include "workflows/machine.h"
#include "workflows/scoring/score.h"
#include "workflows/scoring/scoring_sheet.h"
#include "workflows/unit/unit_directory.h"

namespace safecity::campaign {

const std::vector<std::string>& Phases() {
  static const std::vector<std::string> p = {"self_check", "system_check", "spot_check", "rectification", "reporting"};
  return p;
}

Json DefaultEscalation() {
  return Json::array({Json{{"level", "reminder"}, {"after_days", 0}},
                      Json{{"level", "warning"}, {"after_days", 3}},
                      Json{{"level", "interview"}, {"after_days", 7}},
                      Json{{"level", "accountability"}, {"after_days", 14}}});
}

namespace {

std::string Id(const CommandEnvelope& cmd) { return StreamId(cmd.stream); }

// `field`: the field to name, or "" for data.phases.<the phase>.
Status CheckPhaseOrder(const Json& phases, const std::string& field = "") {
  const auto& p = Phases();
  for (size_t i = 1; i < p.size(); ++i) {
    int64_t prev = *ParseIsoMs(phases[p[i - 1]]), cur = *ParseIsoMs(phases[p[i]]);
    if (cur < prev)
      return Status::Refusal(Status::Code::kInvalid, field.empty() ? "data.phases." + p[i] : field, kPhasesOutOfOrder,
                             {{"phase", p[i]}, {"ends", FormatLocal(cur)}, {"previous", p[i - 1]}, {"previous_ends", FormatLocal(prev)}});
  }
  return Status::Ok();
}

Status CheckLadder(const Json& ladder) {
  int last_level = 0, last_days = -1;
  for (size_t i = 0; i < ladder.size(); ++i) {
    int level = EscalationLevelNo(ladder[i]["level"]);
    int days = ladder[i]["after_days"];
    std::string at = "data.escalation[" + std::to_string(i) + "]";
    if (level <= last_level) return Status::Refusal(Status::Code::kInvalid, at + ".level", kLadderOutOfOrder, {});
    if (days < last_days) return Status::Refusal(Status::Code::kInvalid, at + ".after_days", kLadderSooner, {});
    last_level = level;
    last_days = days;
  }
  return Status::Ok();
}

class CampaignWorkflow final : public TypedWorkflow<InspectionRound> {
 public:
  std::string kind() const override { return "campaign"; }

  std::vector<std::string> command_types() const override { return CampaignMachine().CommandTypes(); }

  Status Prepare(CommandEnvelope* cmd, ReadModelReader& reader) const override {
    Json& d = cmd->data;
    if (cmd->type == "campaign.create") {
      std::string id = d["campaign_id"];
      if (cmd->stream != "campaign-" + id) return Status::Refusal(Status::Code::kInvalid, "stream", kStreamNotRound, {{"round", id}});
      Json units = Json::array();
      for (size_t i = 0; i < d["units"].size(); ++i) {
        auto u = units::ResolveMember(reader, d["units"][i], "data.units[" + std::to_string(i) + "]", cmd->issued_at);
        if (!u.ok()) return u.status();
        bool dup = false;
        for (const auto& x : units) dup = dup || x == u.value();
        if (!dup) units.push_back(u.value());
      }
      d["units"] = units;
      std::string ref = d["sheet"];
      if (ref.find('@') == std::string::npos)
        return Status::Refusal(Status::Code::kInvalid, "data.sheet", kSheetNoVersion, {{"sheet", ref}});
      auto sheet = reader.Get(scoring::SheetKey(ref));
      if (!sheet.ok()) return sheet.status();
      if (!sheet.value())
        return Status::Refusal(Status::Code::kNotFound, "data.sheet", kSheetNotFound, {{"sheet", ref}});
      d["sheet"] = Json::parse(*sheet.value());
      for (const auto& p : Phases()) {
        Status s = NormalizeTime(&d["phases"], p, true, "data.phases." + p);
        if (!s.ok()) return s;
      }
      return Status::Ok();
    }
    if (cmd->type == "campaign.record_finding" || cmd->type == "campaign.record_assessment") {
      auto u = units::Resolve(reader, d["unit"], "data.unit");
      if (!u.ok()) return u.status();
      d["unit"] = u.value();
    }
    if (cmd->type == "campaign.reschedule_phase") return NormalizeTime(&d, "deadline", true);
    return Status::Ok();
  }

  Decision Decide(const InspectionRound* state, const CommandEnvelope& cmd) const override {
    const Machine& m = CampaignMachine();
    const std::string command = CommandName(cmd.type);
    const std::string id = Id(cmd);
    const std::string from = state ? state->state : "none";
    if (from == "none" && command != "create")
      return Decision::Reject(Status::Refusal(Status::Code::kNotFound, "campaign", kNoSuchRound, {{"round", id}}));
    if (from != "none" && command == "create")
      return Decision::Reject(Status::Refusal(Status::Code::kConflict, "", kRoundExists, {{"round", id}}));
    const bool scoring = command == "record_finding" || command == "record_assessment";
    if (scoring ? !HasRole(cmd.actor, {"office", "inspector"}) : cmd.actor.role != "office")
      return Forbid(scoring ? kRoundScorersOnly : kRoundOfficeOnly, {{"command", command}});
    if (!m.Fire(from, command)) return m.Refuse("round", "评估轮次", id, from, command);

    const Json& d = cmd.data;
    if (command == "create") {
      Status s = CheckPhaseOrder(d["phases"]);
      if (!s.ok()) return Decision::Reject(s);
      Json ladder = d.contains("escalation") ? d["escalation"] : DefaultEscalation();
      s = CheckLadder(ladder);
      if (!s.ok()) return Decision::Reject(s);
      const Json& sheet = d["sheet"];
      return Decision::Accept({{"CampaignCreated",
                                {{"campaign_id", id},
                                 {"title", d["title"]},
                                 {"year", d.value("year", 0)},
                                 {"sheet",
                                  {{"sheet_id", sheet["sheet_id"]}, {"version", sheet["version"]}, {"title", sheet["title"]}, {"items", sheet["items"]}}},
                                 {"units", d["units"]},
                                 {"phases", d["phases"]},
                                 {"escalation", ladder}}}});
    }
    if (command == "launch") return Decision::Accept({{"CampaignLaunched", {{"note", Str(d, "note")}}}});
    if (command.rfind("start_", 0) == 0)
      return Decision::Accept({{"PhaseStarted", {{"phase", command.substr(6)}, {"note", Str(d, "note")}}}});
    if (command == "close") return Decision::Accept({{"CampaignClosed", {{"note", Str(d, "note")}}}});
    if (command == "cancel") return Decision::Accept({{"CampaignCancelled", {{"reason", d["reason"]}}}});
    if (command == "reschedule_phase") {
      Json phases = state->phases;
      std::string phase = d["phase"];
      phases[phase] = d["deadline"];
      Status s = CheckPhaseOrder(phases, "data.deadline");
      if (!s.ok()) return Decision::Reject(s);
      return Decision::Accept({{"PhaseRescheduled",
                                {{"phase", phase}, {"previous_deadline", state->phases[phase]}, {"deadline", d["deadline"]}, {"reason", d["reason"]}}}});
    }

    if (command == "set_schedule") {
      Json stages = NormalizedStages(d["stages"]);
      if (Status s = CheckSchedule(stages, "data.stages"); !s.ok()) return Decision::Reject(s);
      return Decision::Accept({{"ScheduleSet", {{"stages", stages}, {"reason", Str(d, "reason")}}}});
    }
    if (command == "move_stage") {
      Json stages = state->schedule.value_or(Json::array());
      const std::string name = d["stage"];
      auto found = FindStage(stages, name);
      if (!found)
        return Decision::Reject(Status::Refusal(Status::Code::kNotFound, "data.stage", kNoSuchStage,
                                                {{"stage", name}, {"round", id}, {"stages", StageNames(stages)}}));
      Json moved = *found;
      if (d.contains("starts")) moved["starts"] = d["starts"];
      if (d.contains("ends")) moved["ends"] = d["ends"], moved["ends_pending"] = "";
      if (d.contains("ends_pending")) moved["ends_pending"] = d["ends_pending"], moved["ends"] = "";
      for (auto& s : stages)
        if (s["name"] == moved["name"]) s = moved;
      if (Status s = CheckSchedule(stages, "data.stages"); !s.ok()) {
        // Named as the command's own field: the day it gives that does not fit.
        const bool on_start = s.field().find(".starts") != std::string::npos || (d.contains("starts") && !d.contains("ends"));
        return Decision::Reject(s.Relocated(on_start ? "data.starts" : "data.ends"));
      }
      return Decision::Accept({{"StageMoved",
                                {{"stage", moved["name"]},
                                 {"starts", moved["starts"]},
                                 {"ends", moved["ends"]},
                                 {"ends_pending", moved["ends_pending"]},
                                 {"previous", {{"starts", (*found)["starts"]}, {"ends", (*found)["ends"]}, {"ends_pending", (*found)["ends_pending"]}}},
                                 {"reason", d["reason"]}}}});
    }

    // Scoring.
    const Json& items = state->items();
    if (command == "withdraw_finding") {
      int64_t n = d["finding"];
      const Json& findings = state->findings;
      if (n > static_cast<int64_t>(findings.size()))
        return Decision::Reject(
            Status::Refusal(Status::Code::kNotFound, "data.finding", kNoSuchFinding, {{"round", id}, {"finding", std::to_string(n)}}));
      const Json& f = findings[n - 1];
      if (f.value("withdrawn", false))
        return Decision::Reject(
            Status::Refusal(Status::Code::kRefused, "", kFindingWithdrawn, {{"round", id}, {"finding", std::to_string(n)}}));
      return Decision::Accept({{"FindingWithdrawn", {{"finding", n}, {"unit", f["unit"]}, {"item", f["item"]}, {"reason", d["reason"]}}}});
    }
    std::string unit = d["unit"], item_id = d["item"];
    if (!state->Evaluates(unit))
      return Decision::Reject(Status::Refusal(Status::Code::kInvalid, "data.unit", kUnitNotEvaluated,
                                              {{"unit", unit}, {"round", id}, {"units", std::to_string(state->units.size())}}));
    Json item = scoring::FindItem(items, item_id);
    // 本项不得分 may name an item printed with parts (a deduction and judgements): every part scores nothing.
    const bool zero_item = command == "record_finding" && d.value("zero_item", false);
    if (item.is_null() || (item["method"] == "" && !zero_item))
      return Decision::Reject(Status::Refusal(
          Status::Code::kInvalid, "data.item", kItemNotScored,
          {{"item", item_id},
           {"sheet", state->sheet_ref()}}));
    // A finding under a rule's own cap (a "cap" row of the sheet) counts
    // against that rule and the deduct item it belongs to.
    std::string rule;
    if (item["method"] == "cap" && command == "record_finding") {
      rule = item_id;
      item_id = item["parent"];
      Json cap = item;
      item = scoring::FindItem(items, item_id);
      item["points_x100"] = std::min(item["points_x100"].get<int64_t>(), cap["points_x100"].get<int64_t>());
    }
    std::string method = item["method"];
    int64_t points = item["points_x100"];
    if (command == "record_finding") {
      // 本项不得分 takes the item's full points; 一票否决 fails the unit whatever
      // its points (and may name any scored item, with or without points).
      const bool veto = d.value("veto", false);
      if (method != "deduct" && !veto && !zero_item)
        return Decision::Reject(
            Status::Refusal(Status::Code::kInvalid, "data.item", kItemNotDeduction, {{"item", item_id}, {"method", method}}));
      if (!zero_item && !veto && d.value("points_x100", int64_t{0}) <= 0)
        return Decision::Reject(Status::Refusal(Status::Code::kInvalid, "data.points_x100", kDeductNothing, {{"item", item_id}}));
      if (d.contains("sample") && d["sample"]["found"].get<int64_t>() > d["sample"]["checked"].get<int64_t>())
        return Decision::Reject(Status::Refusal(Status::Code::kInvalid, "data.sample.found", kFoundOverChecked,
                                                {{"found", std::to_string(d["sample"]["found"].get<int64_t>())},
                                                 {"checked", std::to_string(d["sample"]["checked"].get<int64_t>())}}));
      int64_t deduct = zero_item ? points : d.value("points_x100", int64_t{0});
      if (method != "deduct" && !zero_item) deduct = 0;  // a veto on a ratio or judgement item takes no points of it
      if (deduct > points)
        return Decision::Reject(Status::Refusal(Status::Code::kInvalid, "data.points_x100", kDeductTooMuch,
                                                {{"points", FormatPoints(deduct)}, {"item", item_id}, {"worth", FormatPoints(points)}}));
      bool open_task = d.value("open_task", true);
      std::string rectify_by = state->phases["rectification"];
      if (open_task && *ParseIsoMs(rectify_by) <= cmd.issued_at)
        return Decision::Reject(Status::Refusal(Status::Code::kInvalid, "data.open_task", kRectificationEnded,
                                                {{"ended", FormatLocal(*ParseIsoMs(rectify_by))}}));
      Json finding{{"finding", static_cast<int64_t>(state->findings.size()) + 1},
                   {"unit", unit},
                   {"item", item_id},
                   {"item_title", item["title"]},
                   {"area", scoring::AreaOf(items, item_id)},
                   {"points_x100", deduct},
                   {"reason", d["reason"]},
                   {"suggestion", Str(d, "suggestion")},
                   {"evidence", d.value("evidence", Json::array())},
                   {"phase", state->state},
                   {"open_task", open_task},
                   {"rectify_by", rectify_by}};
      // Only when said, so that a plain finding reads as it always has.
      if (!rule.empty()) finding["rule"] = rule;
      if (zero_item) finding["zero_item"] = true;
      if (veto) finding["veto"] = true;
      if (d.contains("sample"))
        finding["sample"] = Json{{"checked", d["sample"]["checked"]}, {"found", d["sample"]["found"]}, {"of", d["sample"].value("of", "")}};
      return Decision::Accept({{"FindingRecorded", finding}});
    }
    // record_assessment
    int64_t qualified = 0, sampled = 0, awarded = 0;
    if (method == "ratio") {
      if (!d.contains("qualified") || !d.contains("sampled"))
        return Decision::Reject(Status::Refusal(Status::Code::kInvalid, "data.sampled", kRatioNeedsCounts, {{"item", item_id}}));
      qualified = d["qualified"];
      sampled = d["sampled"];
      if (qualified > sampled)
        return Decision::Reject(Status::Refusal(Status::Code::kInvalid, "data.qualified", kQualifiedOverSampled,
                                                {{"qualified", std::to_string(qualified)}, {"sampled", std::to_string(sampled)}}));
      awarded = scoring::RatioAward(item, qualified, sampled);
    } else if (method == "judgement") {
      if (!d.contains("points_x100"))
        return Decision::Reject(Status::Refusal(Status::Code::kInvalid, "data.points_x100", kJudgementNeedsPoints, {{"item", item_id}}));
      awarded = d["points_x100"];
      if (awarded > points)
        return Decision::Reject(Status::Refusal(Status::Code::kInvalid, "data.points_x100", kAwardTooMuch,
                                                {{"points", FormatPoints(awarded)}, {"item", item_id}, {"worth", FormatPoints(points)}}));
    } else {
      return Decision::Reject(Status::Refusal(Status::Code::kInvalid, "data.item", kItemIsDeduction, {{"item", item_id}}));
    }
    return Decision::Accept({{"AssessmentRecorded",
                              {{"unit", unit},
                               {"item", item_id},
                               {"method", method},
                               {"qualified", qualified},
                               {"sampled", sampled},
                               {"points_x100", awarded},
                               {"note", Str(d, "note")}}}});
  }

  void Apply(InspectionRound& round, const EventEnvelope& e, ReadModelWriter* w) const override {
    ApplyRoundEvent(round, e);
    if (w) Project(round, e, *w);
  }

 private:
  static void Project(const InspectionRound& after, const EventEnvelope& e, ReadModelWriter& w) {
    const std::string& id = after.campaign_id;
    Json summary{{"campaign_id", id},
                 {"title", after.title},
                 {"year", after.year},
                 {"state", after.state},
                 {"sheet", after.sheet_ref()},
                 {"phases", after.phases},
                 {"escalation", after.escalation},
                 {"units", after.units.size()},
                 {"findings", after.active_findings},
                 {"updated_at", after.updated_at}};
    if (after.schedule) summary["schedule"] = *after.schedule;  // the plan's stages (阶段)
    w.Put(RoundKey(id), CanonicalJson(summary));
    auto score = [&](const std::string& unit) { w.Put(RoundScoreKey(id, unit), CanonicalJson(after.scores.at(unit))); };
    if (e.type == "CampaignCreated") {
      for (const auto& u : after.units) {
        w.Put(RoundUnitKey(id, u), "");
        score(u);
      }
    } else if (e.type == "FindingRecorded" || e.type == "FindingWithdrawn") {
      const Json& f = after.findings.at(e.data["finding"].get<size_t>() - 1);
      w.Put(FindingKey(id, f["unit"].get<std::string>(), f["finding"].get<int64_t>()), CanonicalJson(f));
      score(f["unit"]);
    } else if (e.type == "AssessmentRecorded") {
      score(e.data["unit"]);
    }
  }
};

}  // namespace

std::unique_ptr<Workflow> MakeCampaignWorkflow() { return std::make_unique<CampaignWorkflow>(); }

}  // namespace safecity::campaign
