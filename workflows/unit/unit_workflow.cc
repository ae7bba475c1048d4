#include "workflows/unit/unit_workflow.h"

#include <algorithm>

#include "engine/typed_workflow.h"
#include "workflows/common.h"
#include "workflows/unit/unit_refusals.h"
#include "workflows/unit/unit_state.h"

namespace safecity::units {

namespace {

class UnitWorkflow final : public TypedWorkflow<Unit> {
 public:
  std::string kind() const override { return "unit"; }
  std::vector<std::string> command_types() const override {
    return {"unit.register", "unit.leave", "unit.rejoin", "unit.add_alias", "unit.remove_alias", "unit.rename"};
  }

  Status Prepare(CommandEnvelope* cmd, ReadModelReader& reader) const override {
    const std::string id = cmd->data["id"];
    if (cmd->stream != "unit-" + id) return Status::Refusal(Status::Code::kInvalid, "stream", kStreamNotUnit, {{"unit", id}});
    // A name a command gives the unit must not name another unit.
    std::vector<std::string> names;
    const char* field = "data.aliases";
    if (cmd->type == "unit.register") {
      names.push_back(cmd->data["name"].get<std::string>());
      for (const auto& a : cmd->data.value("aliases", Json::array())) names.push_back(a);
    } else if (cmd->type == "unit.add_alias") {
      names.push_back(cmd->data["alias"].get<std::string>());
      field = "data.alias";
    } else if (cmd->type == "unit.rename") {
      names.push_back(cmd->data["name"].get<std::string>());
      field = "data.name";
    } else {
      return Status::Ok();
    }
    // Names, aliases and ids share one namespace: `Resolve` tries ids first.
    auto alias_owner = reader.Get("ualias/" + id);
    if (!alias_owner.ok()) return alias_owner.status();
    if (alias_owner.value() && *alias_owner.value() != id)
      return Status::Refusal(Status::Code::kInvalid, "data.id", kIdNamesAnother, {{"unit", id}, {"owner", *alias_owner.value()}});
    for (const auto& n : names) {
      auto owner = reader.Get("ualias/" + n);
      if (!owner.ok()) return owner.status();
      if (owner.value() && *owner.value() != id)
        return Status::Refusal(Status::Code::kInvalid, field, kAliasTaken, {{"name", n}, {"owner", *owner.value()}});
      auto unit = reader.Get("unit/" + n);
      if (!unit.ok()) return unit.status();
      if (unit.value() && n != id)
        return Status::Refusal(Status::Code::kInvalid, field, kAliasIsAnId, {{"name", n}});
    }
    return Status::Ok();
  }

  Decision Decide(const Unit* state, const CommandEnvelope& cmd) const override {
    if (cmd.actor.role != "office") return Forbid(kUnitOfficeOnly, {});
    if (cmd.type == "unit.leave" || cmd.type == "unit.rejoin") return DecideMembership(state, cmd);
    if (cmd.type != "unit.register") return DecideNames(state, cmd);
    if (state)
      return Decision::Reject(Status::Refusal(Status::Code::kConflict, "", kUnitExists, {{"unit", cmd.data["id"].get<std::string>()}}));
    Json d{{"id", cmd.data["id"]},
           {"name", cmd.data["name"]},
           {"kind", cmd.data["kind"]},
           {"aliases", cmd.data.value("aliases", Json::array())},
           {"parent", cmd.data.value("parent", "")}};
    if (cmd.data.contains("member_since")) d["member_since"] = cmd.data["member_since"];
    if (cmd.data.contains("left_on")) {
      if (cmd.data["left_on"] <= cmd.data.value("member_since", ""))
        return Decision::Reject(Status::Refusal(Status::Code::kInvalid, "data.left_on", kLeftBeforeJoined, {}));
      d["left_on"] = cmd.data["left_on"];
    }
    return Decision::Accept({{"UnitRegistered", d}});
  }

  // 退出 / 恢复: one open membership period at a time, dates in order.
  static Decision DecideMembership(const Unit* state, const CommandEnvelope& cmd) {
    const std::string id = cmd.data["id"], on = cmd.data["on"];
    if (!state) return Decision::Reject(Status::Refusal(Status::Code::kNotFound, "data.id", kUnitNotFound, {{"unit", id}}));
    const std::string since = state->member_since.value_or(""), left = state->left_on.value_or("");
    Json e{{"id", id}, {"on", on}, {"reason", cmd.data["reason"]}};
    if (cmd.type == "unit.leave") {
      if (!left.empty())
        return Decision::Reject(Status::Refusal(Status::Code::kRefused, "", kAlreadyLeft, {{"unit", id}, {"left", left}}));
      if (on <= since)
        return Decision::Reject(Status::Refusal(Status::Code::kInvalid, "data.on", kLeaveNotAfterJoin, {{"on", on}, {"since", since}}));
      return Decision::Accept({{"UnitLeft", e}});
    }
    if (left.empty()) return Decision::Reject(Status::Refusal(Status::Code::kRefused, "", kStillAMember, {{"unit", id}}));
    if (on < left)
      return Decision::Reject(Status::Refusal(Status::Code::kInvalid, "data.on", kRejoinBeforeLeft, {{"on", on}, {"left", left}}));
    return Decision::Accept({{"UnitRejoined", e}});
  }

  // 别名 / 更名: the names a unit is known by. Its id never changes, so tasks,
  // scores and history keep pointing at it.
  static Decision DecideNames(const Unit* state, const CommandEnvelope& cmd) {
    const std::string id = cmd.data["id"];
    if (!state) return Decision::Reject(Status::Refusal(Status::Code::kNotFound, "data.id", kUnitNotFound, {{"unit", id}}));
    const std::string& name = state->name;
    const std::vector<std::string>& aliases = state->aliases;
    auto has_alias = [&](const std::string& a) { return state->HasAlias(a); };
    if (cmd.type == "unit.add_alias") {
      const std::string alias = cmd.data["alias"];
      if (alias == name || alias == id || has_alias(alias))
        return Decision::Reject(Status::Refusal(Status::Code::kRefused, "data.alias", kAliasAlreadyThere, {{"unit", id}, {"name", alias}}));
      if (aliases.size() >= 20)
        return Decision::Reject(Status::Refusal(Status::Code::kRefused, "data.alias", kTooManyAliases, {{"unit", id}}));
      Json e{{"id", id}, {"alias", alias}};
      if (cmd.data.contains("reason")) e["reason"] = cmd.data["reason"];
      return Decision::Accept({{"UnitAliasAdded", e}});
    }
    if (cmd.type == "unit.remove_alias") {
      const std::string alias = cmd.data["alias"];
      if (!has_alias(alias))
        return Decision::Reject(Status::Refusal(Status::Code::kNotFound, "data.alias", kNotAnAlias, {{"unit", id}, {"name", alias}}));
      return Decision::Accept({{"UnitAliasRemoved", Json{{"id", id}, {"alias", alias}, {"reason", cmd.data["reason"]}}}});
    }
    const std::string renamed = cmd.data["name"];
    if (renamed == name) return Decision::Reject(Status::Refusal(Status::Code::kRefused, "data.name", kSameName, {{"unit", id}, {"name", name}}));
    bool keep = cmd.data.value("keep_previous", true);
    if (keep && !has_alias(name) && aliases.size() >= 20)
      return Decision::Reject(Status::Refusal(Status::Code::kRefused, "data.keep_previous", kTooManyAliases, {{"unit", id}}));
    return Decision::Accept({{"UnitRenamed", Json{{"id", id}, {"name", renamed}, {"previous_name", name}, {"keep_previous", keep},
                                                  {"reason", cmd.data["reason"]}}}});
  }

  void Apply(Unit& u, const EventEnvelope& e, ReadModelWriter* w) const override {
    ApplyUnitEvent(u, e);
    if (w) Project(u, e, *w);
  }

  static void Project(const Unit& after, const EventEnvelope& e, ReadModelWriter& w) {
    const std::string& id = after.id;
    w.Put("unit/" + id, CanonicalJson(after.ToJson()));
    if (e.type == "UnitAliasAdded") w.Put("ualias/" + e.data["alias"].get<std::string>(), id);
    if (e.type == "UnitAliasRemoved") w.Delete("ualias/" + e.data["alias"].get<std::string>());
    if (e.type == "UnitRenamed") {
      w.Put("ualias/" + e.data["name"].get<std::string>(), id);
      if (!e.data["keep_previous"].get<bool>()) w.Delete("ualias/" + e.data["previous_name"].get<std::string>());
    }
    if (e.type != "UnitRegistered") return;
    w.Put("ualias/" + after.name, id);
    for (const auto& a : after.aliases) w.Put("ualias/" + a, id);
  }
};

}  // namespace

std::unique_ptr<Workflow> MakeUnitWorkflow() { return std::make_unique<UnitWorkflow>(); }

}  // namespace safecity::units
