#include "workflows/scoring/scoring_sheet.h"

#include "engine/json_workflow.h"
#include "workflows/common.h"
#include "workflows/scoring/score.h"
#include "workflows/scoring/sheet_refusals.h"

namespace safecity::scoring {

std::string SheetStream(const std::string& sheet_id, const std::string& version) {
  return "sheet-" + sheet_id + "@" + version;
}

namespace {

class ScoringSheetWorkflow final : public JsonWorkflow {
 public:
  std::string kind() const override { return "sheet"; }
  std::vector<std::string> command_types() const override { return {"sheet.define"}; }

  Status Prepare(CommandEnvelope* cmd, ReadModelReader&) const override {
    std::string want = SheetStream(cmd->data["sheet_id"], cmd->data["version"]);
    if (cmd->stream != want) return Status::Refusal(Status::Code::kInvalid, "stream", kSheetStreamMismatch, {{"stream", want}});
    return Status::Ok();
  }

  Decision Decide(const Json& state, const CommandEnvelope& cmd) const override {
    if (cmd.actor.role != "office") return Forbid(kSheetOfficeOnly, {});
    const Json& d = cmd.data;
    if (!state.is_null())
      return Decision::Reject(Status::Refusal(Status::Code::kConflict, "", kSheetVersionExists,
                                              {{"sheet", d["sheet_id"].get<std::string>()}, {"version", d["version"].get<std::string>()}}));
    auto items = ValidateSheet(d["items"]);
    if (!items.ok()) return Decision::Reject(items.status());
    return Decision::Accept({{"ScoringSheetDefined",
                              {{"sheet_id", d["sheet_id"]}, {"version", d["version"]}, {"title", d["title"]}, {"items", items.value()}}}});
  }

  Json Apply(const Json& state, const EventEnvelope& e) const override {
    if (e.type != "ScoringSheetDefined") return state;
    Json s = e.data;
    s["defined_at"] = e.occurred_at;
    return s;
  }

  void Project(const Json&, const Json& after, const EventEnvelope& e, ReadModelWriter& w) const override {
    if (e.type != "ScoringSheetDefined") return;
    Json rm{{"sheet_id", after["sheet_id"]}, {"version", after["version"]}, {"title", after["title"]}, {"items", after["items"]}};
    w.Put("sheet/" + after["sheet_id"].get<std::string>() + "@" + after["version"].get<std::string>(), CanonicalJson(rm));
  }
};

}  // namespace

std::unique_ptr<Workflow> MakeScoringSheetWorkflow() { return std::make_unique<ScoringSheetWorkflow>(); }

}  // namespace safecity::scoring
