#include "workflows/access/webhook_key.h"

#include "engine/json_workflow.h"
#include "engine/time_util.h"
#include "workflows/access/access_refusals.h"
#include "workflows/access/access_views.h"
#include "workflows/common.h"
#include "workflows/unit/unit_directory.h"

namespace safecity::access {

namespace {

class WebhookKeyWorkflow final : public JsonWorkflow {
 public:
  std::string kind() const override { return "whkey"; }
  std::vector<std::string> command_types() const override { return {"webhook_key.issue", "webhook_key.revoke"}; }

  Status Prepare(CommandEnvelope* cmd, ReadModelReader& reader) const override {
    const std::string id = cmd->data["key_id"];
    if (cmd->stream != "whkey-" + id) return Status::Refusal(Status::Code::kInvalid, "stream", kStreamMismatch, {{"stream", "whkey-" + id}});
    if (cmd->type != "webhook_key.issue") return Status::Ok();
    auto unit = units::Resolve(reader, cmd->data["unit"], "data.unit");
    if (!unit.ok()) return unit.status();
    cmd->data["unit"] = unit.value();
    return Status::Ok();
  }

  Decision Decide(const Json& state, const CommandEnvelope& cmd) const override {
    if (!HasRole(cmd.actor, {"office"})) return Forbid(kKeyOfficeOnly, {});
    const std::string id = cmd.data["key_id"];
    if (cmd.type == "webhook_key.issue") {
      if (!state.is_null()) return Decision::Reject(Status::Refusal(Status::Code::kConflict, "", kKeyExists, {{"key", id}}));
      return Decision::Accept({{"WebhookKeyIssued", {{"key_id", id}, {"unit", cmd.data["unit"]}, {"fingerprint", cmd.data["fingerprint"]}}}});
    }
    if (state.is_null())
      return Decision::Reject(Status::Refusal(Status::Code::kNotFound, "key", kKeyNotFound, {{"key", id}}));
    if (state.value("state", "") == "revoked")
      return Decision::Reject(
          Status::Refusal(Status::Code::kRefused, "", kKeyAlreadyRevoked, {{"key", id}, {"revoked_at", state.value("revoked_at", "")}}));
    return Decision::Accept({{"WebhookKeyRevoked", {{"key_id", id}, {"reason", cmd.data["reason"]}}}});
  }

  Json Apply(const Json& state, const EventEnvelope& e) const override {
    if (e.type == "WebhookKeyIssued") {
      Json s = e.data;
      s["state"] = "active";
      s["issued_at"] = FormatIsoMs(e.occurred_at);
      return s;
    }
    Json s = state;
    s["state"] = "revoked";
    s["revoked_at"] = FormatIsoMs(e.occurred_at);
    s["revoke_reason"] = e.data["reason"];
    return s;
  }

  void Project(const Json&, const Json& after, const EventEnvelope&, ReadModelWriter& w) const override {
    w.Put(WebhookKeyKey(after["key_id"].get<std::string>()), CanonicalJson(after));
  }
};

}  // namespace

std::unique_ptr<Workflow> MakeWebhookKeyWorkflow() { return std::make_unique<WebhookKeyWorkflow>(); }

}  // namespace safecity::access
