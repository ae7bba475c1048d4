#include "workflows/campaign/campaign.h"

#include "engine/json_workflow.h"
#include "engine/store.h"
#include "engine/time_util.h"
#include "workflows/campaign/campaign_machine.h"
#include "workflows/campaign/campaign_refusals.h"
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

// The round's scoring sheet items, or none: read without adding keys, and
// without copying them (every finding folded asks).
const Json& SheetItems(const Json& state) {
  static const Json kNone = Json::array();
  const auto sheet = state.find("sheet");
  if (sheet == state.end() || !sheet->is_object()) return kNone;
  const auto items = sheet->find("items");
  return items == sheet->end() ? kNone : *items;
}

std::string Id(const CommandEnvelope& cmd) { return StreamId(cmd.stream); }

bool InRound(const Json& state, const std::string& unit) {
  for (const auto& u : state["units"])
    if (u == unit) return true;
  return false;
}

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

class CampaignWorkflow final : public JsonWorkflow {
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

  Decision Decide(const Json& state, const CommandEnvelope& cmd) const override {
    const Machine& m = CampaignMachine();
    const std::string command = CommandName(cmd.type);
    const std::string id = Id(cmd);
    const std::string from = Machine::StateOf(state);
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
      Json phases = state["phases"];
      std::string phase = d["phase"];
      phases[phase] = d["deadline"];
      Status s = CheckPhaseOrder(phases, "data.deadline");
      if (!s.ok()) return Decision::Reject(s);
      return Decision::Accept({{"PhaseRescheduled",
                                {{"phase", phase}, {"previous_deadline", state["phases"][phase]}, {"deadline", d["deadline"]}, {"reason", d["reason"]}}}});
    }

    if (command == "set_schedule") {
      Json stages = NormalizedStages(d["stages"]);
      if (Status s = CheckSchedule(stages, "data.stages"); !s.ok()) return Decision::Reject(s);
      return Decision::Accept({{"ScheduleSet", {{"stages", stages}, {"reason", Str(d, "reason")}}}});
    }
    if (command == "move_stage") {
      Json stages = state.value("schedule", Json::array());
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
    const Json& items = state["sheet"]["items"];
    if (command == "withdraw_finding") {
      int64_t n = d["finding"];
      const Json& findings = state["findings"];
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
    if (!InRound(state, unit))
      return Decision::Reject(Status::Refusal(Status::Code::kInvalid, "data.unit", kUnitNotEvaluated,
                                              {{"unit", unit}, {"round", id}, {"units", std::to_string(state["units"].size())}}));
    Json item = scoring::FindItem(items, item_id);
    // 本项不得分 may name an item printed with parts (a deduction and judgements): every part scores nothing.
    const bool zero_item = command == "record_finding" && d.value("zero_item", false);
    if (item.is_null() || (item["method"] == "" && !zero_item))
      return Decision::Reject(Status::Refusal(
          Status::Code::kInvalid, "data.item", kItemNotScored,
          {{"item", item_id},
           {"sheet", state["sheet"]["sheet_id"].get<std::string>() + "@" + state["sheet"]["version"].get<std::string>()}}));
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
      std::string rectify_by = state["phases"]["rectification"];
      if (open_task && *ParseIsoMs(rectify_by) <= cmd.issued_at)
        return Decision::Reject(Status::Refusal(Status::Code::kInvalid, "data.open_task", kRectificationEnded,
                                                {{"ended", FormatLocal(*ParseIsoMs(rectify_by))}}));
      Json finding{{"finding", static_cast<int64_t>(state["findings"].size()) + 1},
                   {"unit", unit},
                   {"item", item_id},
                   {"item_title", item["title"]},
                   {"area", scoring::AreaOf(items, item_id)},
                   {"points_x100", deduct},
                   {"reason", d["reason"]},
                   {"suggestion", Str(d, "suggestion")},
                   {"evidence", d.value("evidence", Json::array())},
                   {"phase", state["state"]},
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

  static void Rescore(Json* s, const std::string& unit) {
    Json& rec = (*s)["tallies"][unit];
    (*s)["scores"][unit] = scoring::ToJson(scoring::Score((*s)["sheet"]["items"], rec));
  }

  Json Apply(const Json& before, const EventEnvelope& e) const override {
    Json s = before.is_object() ? before : Json::object();
    const Json& d = e.data;
    const std::string at = FormatIsoMs(e.occurred_at);
    if (e.type == "CampaignCreated") {
      s = d;
      s["state"] = "draft";
      s["created_at"] = at;
      s["findings"] = Json::array();
      s["tallies"] = Json::object();
      s["scores"] = Json::object();
      s["phase_started"] = Json::object();
      for (const auto& u : d["units"]) {
        s["tallies"][u.get<std::string>()] = Json{{"deducted", Json::object()}, {"assessed", Json::object()}, {"findings", 0}};
        Rescore(&s, u);
      }
    } else if (e.type == "CampaignLaunched") {
      s["state"] = "launched";
      s["launched_at"] = at;
    } else if (e.type == "PhaseStarted") {
      s["state"] = d["phase"];
      s["phase_started"][d["phase"].get<std::string>()] = at;
    } else if (e.type == "CampaignClosed") {
      s["state"] = "closed";
      s["closed_at"] = at;
    } else if (e.type == "CampaignCancelled") {
      s["state"] = "cancelled";
      s["cancelled_at"] = at;
      s["cancel_reason"] = d["reason"];
    } else if (e.type == "PhaseRescheduled") {
      s["phases"][d["phase"].get<std::string>()] = d["deadline"];
    } else if (e.type == "ScheduleSet") {
      s["schedule"] = d["stages"];
    } else if (e.type == "StageMoved") {
      for (auto& stage : s["schedule"])
        if (stage["name"] == d["stage"])
          for (const char* key : {"starts", "ends", "ends_pending"}) stage[key] = d[key];
    } else if (e.type == "FindingRecorded") {
      Json f = d;
      f["withdrawn"] = false;
      f["recorded_at"] = at;
      f["recorded_by"] = e.actor.id;
      s["findings"].push_back(f);
      std::string unit = d["unit"], item = d["item"];
      Json& rec = s["tallies"][unit];
      rec["deducted"][item] = rec["deducted"].value(item, 0) + d["points_x100"].get<int64_t>();
      rec["findings"] = rec["findings"].get<int64_t>() + 1;
      if (d.value("veto", false)) rec["vetoes"] = rec.value("vetoes", 0) + 1;  // 一票否决
      if (scoring::ZeroesWholeItem(SheetItems(s), d)) {
        if (!rec.contains("zeroed")) rec["zeroed"] = Json::object();
        rec["zeroed"][item] = rec["zeroed"].value(item, int64_t{0}) + 1;
      }
      if (d.contains("rule")) {
        const std::string rule = d["rule"];
        if (!rec.contains("ruled")) rec["ruled"] = Json::object();
        rec["ruled"][rule] = rec["ruled"].value(rule, int64_t{0}) + d["points_x100"].get<int64_t>();
      }
      Rescore(&s, unit);
    } else if (e.type == "FindingWithdrawn") {
      Json& f = s["findings"][d["finding"].get<size_t>() - 1];
      f["withdrawn"] = true;
      f["withdraw_reason"] = d["reason"];
      std::string unit = f["unit"], item = f["item"];
      Json& rec = s["tallies"][unit];
      rec["deducted"][item] = rec["deducted"][item].get<int64_t>() - f["points_x100"].get<int64_t>();
      rec["findings"] = rec["findings"].get<int64_t>() - 1;
      if (f.contains("rule")) {
        const std::string rule = f["rule"];
        rec["ruled"][rule] = rec["ruled"][rule].get<int64_t>() - f["points_x100"].get<int64_t>();
      }
      if (f.value("veto", false)) {
        rec["vetoes"] = rec.value("vetoes", 1) - 1;
        if (rec["vetoes"] == 0) rec.erase("vetoes");
      }
      if (scoring::ZeroesWholeItem(SheetItems(s), f)) {
        Json& zeroed = rec["zeroed"];
        zeroed[item] = zeroed.value(item, int64_t{1}) - 1;
        if (zeroed[item] == 0) zeroed.erase(item);
        if (zeroed.empty()) rec.erase("zeroed");
      }
      Rescore(&s, unit);
    } else if (e.type == "AssessmentRecorded") {
      std::string unit = d["unit"];
      s["tallies"][unit]["assessed"][d["item"].get<std::string>()] = d["points_x100"];
      Rescore(&s, unit);
    }
    s["updated_at"] = at;
    return s;
  }

  void Project(const Json& before, const Json& after, const EventEnvelope& e, ReadModelWriter& w) const override {
    const std::string id = after["campaign_id"];
    size_t active = 0;
    for (const auto& f : after["findings"]) active += f.value("withdrawn", false) ? 0 : 1;
    Json summary{{"campaign_id", id},
                 {"title", after["title"]},
                 {"year", after["year"]},
                 {"state", after["state"]},
                 {"sheet", after["sheet"]["sheet_id"].get<std::string>() + "@" + after["sheet"]["version"].get<std::string>()},
                 {"phases", after["phases"]},
                 {"escalation", after["escalation"]},
                 {"units", after["units"].size()},
                 {"findings", active},
                 {"updated_at", after["updated_at"]}};
    if (after.contains("schedule")) summary["schedule"] = after["schedule"];  // the plan's stages (阶段)
    w.Put(RoundKey(id), CanonicalJson(summary));
    auto score = [&](const std::string& unit) {
      w.Put(RoundScoreKey(id, unit), CanonicalJson(after["scores"][unit]));
    };
    auto feedback = [&](const Json& f) {
      w.Put(FindingKey(id, f["unit"].get<std::string>(), f["finding"].get<int64_t>()), CanonicalJson(f));
    };
    if (e.type == "CampaignCreated") {
      for (const auto& u : after["units"]) {
        w.Put(RoundUnitKey(id, u.get<std::string>()), "");
        score(u);
      }
    } else if (e.type == "FindingRecorded" || e.type == "FindingWithdrawn") {
      const Json& f = after["findings"][e.data["finding"].get<size_t>() - 1];
      feedback(f);
      score(f["unit"]);
    } else if (e.type == "AssessmentRecorded") {
      score(e.data["unit"]);
    }
  }
};

}  // namespace

std::unique_ptr<Workflow> MakeCampaignWorkflow() { return std::make_unique<CampaignWorkflow>(); }

}  // namespace safecity::campaign
