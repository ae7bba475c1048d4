#include "workflows/access/user_account.h"

#include "engine/json_workflow.h"
#include "engine/sha256.h"
#include "engine/time_util.h"
#include "workflows/access/access_refusals.h"
#include "workflows/common.h"
#include "workflows/unit/unit_directory.h"

namespace safecity::access {

namespace {

const std::string kUsers = "user/";

class UserAccountWorkflow final : public JsonWorkflow {
 public:
  std::string kind() const override { return "user"; }
  std::vector<std::string> command_types() const override {
    return {"user.add", "user.set_password", "user.disable", "user.enable"};
  }

  Status Prepare(CommandEnvelope* cmd, ReadModelReader& reader) const override {
    const std::string id = cmd->data["user_id"];
    if (cmd->stream != "user-" + id) return Status::Refusal(Status::Code::kInvalid, "stream", kStreamMismatch, {{"stream", "user-" + id}});
    if (cmd->type != "user.add") return Status::Ok();
    const std::string login = cmd->data["login"];
    if (UserIdOf(login) != id)
      return Status::Refusal(Status::Code::kInvalid, "data.user_id", kStreamMismatch, {{"stream", UserIdOf(login)}});
    const std::string role = cmd->data["role"];
    if (role == "unit") {
      if (!cmd->data.contains("unit")) return Status::Refusal(Status::Code::kInvalid, "data.unit", kUserNeedsUnit, {});
      auto unit = units::Resolve(reader, cmd->data["unit"], "data.unit");
      if (!unit.ok()) return unit.status();
      cmd->data["unit"] = unit.value();
    } else if (cmd->data.contains("unit")) {
      return Status::Refusal(Status::Code::kInvalid, "data.unit", kUserUnitOnlyForUnits, WithRole(role));
    }
    return Status::Ok();
  }

  Decision Decide(const Json& state, const CommandEnvelope& cmd) const override {
    const std::string id = cmd.data["user_id"];
    // A person's own change of password asks for the current one first, which
    // a command carrying hashes cannot: it is the office's, as a reset.
    if (!HasRole(cmd.actor, {"office"})) return Forbid(kUserOfficeOnly, {});
    if (cmd.type == "user.add") {
      if (!state.is_null())
        return Decision::Reject(Status::Refusal(Status::Code::kConflict, "", kUserExists, {{"login", state.value("login", "")}}));
      Json d{{"user_id", id},
             {"login", cmd.data["login"]},
             {"name", cmd.data.value("name", cmd.data["login"].get<std::string>())},
             {"role", cmd.data["role"]},
             {"password_hash", cmd.data["password_hash"]}};
      if (cmd.data.contains("unit")) d["unit"] = cmd.data["unit"];
      return Decision::Accept({{"UserAdded", d}});
    }
    if (state.is_null()) return Decision::Reject(Status::Refusal(Status::Code::kNotFound, "user", kUserNotFound, {{"user", id}}));
    const std::string login = state.value("login", "");
    const bool disabled = state.value("state", "") == "disabled";
    if (cmd.type == "user.set_password")
      return Decision::Accept({{"UserPasswordSet", {{"user_id", id}, {"password_hash", cmd.data["password_hash"]}}}});
    if (cmd.type == "user.disable") {
      if (disabled) return Decision::Reject(Status::Refusal(Status::Code::kRefused, "", kUserAlreadyDisabled, {{"login", login}}));
      return Decision::Accept({{"UserDisabled", {{"user_id", id}, {"reason", cmd.data["reason"]}}}});
    }
    if (!disabled) return Decision::Reject(Status::Refusal(Status::Code::kRefused, "", kUserNotDisabled, {{"login", login}}));
    return Decision::Accept({{"UserEnabled", {{"user_id", id}, {"reason", cmd.data["reason"]}}}});
  }

  Json Apply(const Json& state, const EventEnvelope& e) const override {
    if (e.type == "UserAdded") {
      Json s = e.data;
      s["revision"] = 1;
      s["state"] = "active";
      s["added_at"] = FormatIsoMs(e.occurred_at);
      s["added_by"] = e.actor.id;
      return s;
    }
    Json s = state;
    s["revision"] = state.value("revision", int64_t{0}) + 1;  // any change ends the account's sessions
    if (e.type == "UserPasswordSet") {
      s["password_hash"] = e.data["password_hash"];
      s["password_set_at"] = FormatIsoMs(e.occurred_at);
    } else if (e.type == "UserDisabled") {
      s["state"] = "disabled";
      s["disabled_at"] = FormatIsoMs(e.occurred_at);
      s["disable_reason"] = e.data["reason"];
    } else if (e.type == "UserEnabled") {
      s["state"] = "active";
      s.erase("disabled_at");
      s.erase("disable_reason");
    }
    return s;
  }

  void Project(const Json&, const Json& after, const EventEnvelope&, ReadModelWriter& w) const override {
    w.Put(UserKey(after["user_id"].get<std::string>()), CanonicalJson(after));
  }
};

}  // namespace

std::unique_ptr<Workflow> MakeUserAccountWorkflow() { return std::make_unique<UserAccountWorkflow>(); }

std::string UserIdOf(const std::string& login) { return "u" + Sha256Hex(login).substr(0, 16); }

std::string UserKey(const std::string& user_id) { return kUsers + user_id; }

Json ReadUserByLogin(ReadModelReader& reader, const std::string& login) { return reader.GetJson(UserKey(UserIdOf(login))); }

Status ForEachUser(ReadModelReader& reader, const std::function<bool(const Json&)>& fn) {
  return reader.ScanJson(kUsers, [&](const std::string&, const Json& account) { return fn(account); });
}

Actor ActorOfUser(const Json& account) {
  if (account.value("role", "") == "unit") return Actor{account.value("unit", ""), "unit"};
  return Actor{account.value("login", ""), account.value("role", "")};
}

}  // namespace safecity::access
