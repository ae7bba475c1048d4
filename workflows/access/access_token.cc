#include "workflows/access/access_token.h"

#include "engine/json_workflow.h"
#include "engine/time_util.h"
#include "workflows/access/access_refusals.h"
#include "workflows/access/access_views.h"
#include "workflows/common.h"
#include "workflows/unit/unit_directory.h"

namespace safecity::access {

namespace {

class AccessTokenWorkflow final : public JsonWorkflow {
 public:
  std::string kind() const override { return "token"; }
  std::vector<std::string> command_types() const override { return {"token.issue", "token.revoke"}; }

  Status Prepare(CommandEnvelope* cmd, ReadModelReader& reader) const override {
    const std::string id = cmd->data["token_id"];
    if (cmd->stream != "token-" + id) return Status::Refusal(Status::Code::kInvalid, "stream", kStreamMismatch, {{"stream", "token-" + id}});
    if (cmd->type != "token.issue") return Status::Ok();
    const std::string role = cmd->data["role"];
    if (role == "unit") {
      if (!cmd->data.contains("unit"))
        return Status::Refusal(Status::Code::kInvalid, "data.unit", kTokenNeedsUnit, {});
      auto unit = units::Resolve(reader, cmd->data["unit"], "data.unit");
      if (!unit.ok()) return unit.status();
      cmd->data["unit"] = unit.value();
      cmd->data["principal"] = unit.value();  // a unit's token acts as the unit
    } else if (cmd->data.contains("unit")) {
      return Status::Refusal(Status::Code::kInvalid, "data.unit", kTokenUnitOnlyForUnits,
                             WithRole(role));
    } else if (!cmd->data.contains("principal")) {
      return Status::Refusal(Status::Code::kInvalid, "data.principal", kTokenNeedsHolder,
                             WithRole(role));
    }
    auto owner = TokenWithHash(reader, cmd->data["sha256"].get<std::string>());
    if (!owner.ok()) return owner.status();
    if (owner.value() && *owner.value() != id)
      return Status::Refusal(Status::Code::kInvalid, "data.sha256", kTokenHashTaken, {});
    return Status::Ok();
  }

  Decision Decide(const Json& state, const CommandEnvelope& cmd) const override {
    if (!HasRole(cmd.actor, {"office"})) return Forbid(kTokenOfficeOnly, {});
    const std::string id = cmd.data["token_id"];
    if (cmd.type == "token.issue") {
      if (!state.is_null()) return Decision::Reject(Status::Refusal(Status::Code::kConflict, "", kTokenExists, {{"token", id}}));
      Json d{{"token_id", id},
             {"principal", cmd.data["principal"]},
             {"role", cmd.data["role"]},
             {"label", cmd.data.value("label", "")},
             {"sha256", cmd.data["sha256"]}};
      if (cmd.data.contains("unit")) d["unit"] = cmd.data["unit"];
      return Decision::Accept({{"TokenIssued", d}});
    }
    if (state.is_null())
      return Decision::Reject(Status::Refusal(Status::Code::kNotFound, "token", kTokenNotFound, {{"token", id}}));
    if (state.value("state", "") == "revoked")
      return Decision::Reject(
          Status::Refusal(Status::Code::kRefused, "", kTokenAlreadyRevoked, {{"token", id}, {"revoked_at", state.value("revoked_at", "")}}));
    return Decision::Accept({{"TokenRevoked", {{"token_id", id}, {"reason", cmd.data["reason"]}}}});
  }

  Json Apply(const Json& state, const EventEnvelope& e) const override {
    if (e.type == "TokenIssued") {
      Json s = e.data;
      s["state"] = "active";
      s["issued_at"] = FormatIsoMs(e.occurred_at);
      s["issued_by"] = e.actor.id;
      return s;
    }
    Json s = state;
    s["state"] = "revoked";
    s["revoked_at"] = FormatIsoMs(e.occurred_at);
    s["revoked_by"] = e.actor.id;
    s["revoke_reason"] = e.data["reason"];
    return s;
  }

  void Project(const Json&, const Json& after, const EventEnvelope& e, ReadModelWriter& w) const override {
    Json shown = after;
    shown.erase("sha256");
    w.Put(TokenKey(after["token_id"].get<std::string>()), CanonicalJson(shown));
    if (e.type == "TokenIssued") w.Put(TokenHashKey(after["sha256"].get<std::string>()), after["token_id"].get<std::string>());
  }
};

}  // namespace

std::unique_ptr<Workflow> MakeAccessTokenWorkflow() { return std::make_unique<AccessTokenWorkflow>(); }

}  // namespace safecity::access
