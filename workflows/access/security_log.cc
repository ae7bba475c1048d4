#include "workflows/access/security_log.h"

#include <cstdio>

#include "engine/json_workflow.h"
#include "engine/time_util.h"
#include "workflows/access/access_refusals.h"
#include "workflows/common.h"

namespace safecity::access {

namespace {

class SecurityLogWorkflow final : public JsonWorkflow {
 public:
  std::string kind() const override { return "security"; }
  std::vector<std::string> command_types() const override {
    return {"security.record_refusal", "security.summarise_refusals", "security.record_login"};
  }

  Status Prepare(CommandEnvelope* cmd, ReadModelReader&) const override {
    const std::string day = cmd->stream.substr(kind().size() + 1);
    if (day.size() != 10 || !ParseIsoMs(day))
      return Status::Refusal(Status::Code::kInvalid, "stream", kSecurityLogDay, {});
    if (cmd->type == "security.summarise_refusals") {
      for (const char* key : {"first", "last"}) {
        Status t = NormalizeTime(&cmd->data, key, false);
        if (!t.ok()) return t;
      }
      if (cmd->data["last"].get<std::string>() < cmd->data["first"].get<std::string>())
        return Status::Refusal(Status::Code::kInvalid, "data.last", kSecurityLastBeforeFirst, {});
      if (cmd->data["first"].get<std::string>().substr(0, 10) != day)
        return Status::Refusal(Status::Code::kInvalid, "stream", kSecurityFirstDay,
                               {{"day", cmd->data["first"].get<std::string>().substr(0, 10)}});
    }
    return Status::Ok();
  }

  Decision Decide(const Json&, const CommandEnvelope& cmd) const override {
    if (!HasRole(cmd.actor, {"system"}))
      return Forbid(kSecurityLogSystemOnly, {});
    if (cmd.type == "security.summarise_refusals") return Decision::Accept({{"AccessRefusalsSummarised", cmd.data}});
    if (cmd.type == "security.record_login") return Decision::Accept({{"LoginSucceeded", cmd.data}});
    return Decision::Accept({{"AccessRefused", cmd.data}});
  }

  Json Apply(const Json& state, const EventEnvelope& e) const override {
    Json s = state.is_object() ? state : Json::object();
    if (e.type == "LoginSucceeded") {  // on the day's chain beside the refusals, not counted with them
      s["logins"] = s.value("logins", 0) + 1;
      s["last_at"] = FormatIsoMs(e.occurred_at);
      return s;
    }
    s["refusals"] = s.value("refusals", 0) + RefusalsIn(e);
    s["last_at"] = FormatIsoMs(e.occurred_at);
    return s;
  }

  void Project(const Json&, const Json&, const EventEnvelope& e, ReadModelWriter& w) const override {
    if (e.type == "LoginSucceeded") return;  // the day's refusal rows are refusals; a login is read in its stream
    char version[16];
    std::snprintf(version, sizeof version, "%08lld", static_cast<long long>(e.version));
    Json row = e.data;
    row["at"] = FormatIsoMs(e.occurred_at);
    w.Put("security/" + e.stream.substr(9) + "/" + version, CanonicalJson(row));
    w.Add("cnt/security/" + e.data.value("principal", "anonymous"), RefusalsIn(e));
  }

 private:
  // An AccessRefused is one refusal; a summary, `count` of them.
  static int64_t RefusalsIn(const EventEnvelope& e) {
    return e.type == "AccessRefusalsSummarised" ? e.data.value("count", int64_t{0}) : 1;
  }
};

}  // namespace

std::unique_ptr<Workflow> MakeSecurityLogWorkflow() { return std::make_unique<SecurityLogWorkflow>(); }

std::string SecurityStreamFor(int64_t at_ms) { return "security-" + FormatIsoMs(at_ms).substr(0, 10); }

}  // namespace safecity::access
