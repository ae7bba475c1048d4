#include "workflows/scoring/scoring_sheet.h"

#include "engine/typed_workflow.h"
#include "workflows/common.h"
#include "workflows/scoring/score.h"
#include "workflows/scoring/sheet_refusals.h"
#include "workflows/scoring/sheet_state.h"

namespace safecity::scoring {

std::string SheetStream(const std::string& sheet_id, const std::string& version) {
  return "sheet-" + sheet_id + "@" + version;
}

namespace {

const std::string kSheets = "sheet/";

class ScoringSheetWorkflow final : public TypedWorkflow<ScoringSheet> {
 public:
  std::string kind() const override { return "sheet"; }
  std::vector<std::string> command_types() const override { return {"sheet.define"}; }

  Status Prepare(CommandEnvelope* cmd, ReadModelReader&) const override {
    std::string want = SheetStream(cmd->data["sheet_id"], cmd->data["version"]);
    if (cmd->stream != want) return Status::Refusal(Status::Code::kInvalid, "stream", kSheetStreamMismatch, {{"stream", want}});
    return Status::Ok();
  }

  Decision Decide(const ScoringSheet* state, const CommandEnvelope& cmd) const override {
    if (cmd.actor.role != "office") return Forbid(kSheetOfficeOnly, {});
    const Json& d = cmd.data;
    if (state)
      return Decision::Reject(Status::Refusal(Status::Code::kConflict, "", kSheetVersionExists,
                                              {{"sheet", d["sheet_id"].get<std::string>()}, {"version", d["version"].get<std::string>()}}));
    auto items = ValidateSheet(d["items"]);
    if (!items.ok()) return Decision::Reject(items.status());
    return Decision::Accept({{"ScoringSheetDefined",
                              {{"sheet_id", d["sheet_id"]}, {"version", d["version"]}, {"title", d["title"]}, {"items", items.value()}}}});
  }

  void Apply(ScoringSheet& s, const EventEnvelope& e, ReadModelWriter* w) const override {
    ApplySheetEvent(s, e);
    if (!w || e.type != "ScoringSheetDefined") return;
    Json rm{{"sheet_id", s.sheet_id}, {"version", s.version}, {"title", s.title}, {"items", s.items}};
    w->Put(SheetKey(s.sheet_id + "@" + s.version), CanonicalJson(rm));
  }
};

}  // namespace

std::string SheetKey(const std::string& ref) { return kSheets + ref; }

Json ReadSheet(ReadModelReader& reader, const std::string& ref) { return reader.GetJson(SheetKey(ref)); }

Status ForEachSheet(ReadModelReader& reader, const std::function<bool(const std::string&, const Json&)>& fn) {
  return reader.ScanJson(kSheets, [&](const std::string& key, const Json& j) { return fn(key.substr(kSheets.size()), j); });
}

std::unique_ptr<Workflow> MakeScoringSheetWorkflow() { return std::make_unique<ScoringSheetWorkflow>(); }

}  // namespace safecity::scoring
