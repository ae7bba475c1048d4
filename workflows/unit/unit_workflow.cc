#include "workflows/unit/unit_workflow.h"

namespace safecity::units {

namespace {

class UnitWorkflow final : public Workflow {
 public:
  std::string kind() const override { return "unit"; }
  std::vector<std::string> command_types() const override { return {"unit.register"}; }

  Status Prepare(CommandEnvelope* cmd, ReadModelReader& reader) const override {
    const std::string id = cmd->data["id"];
    if (cmd->stream != "unit-" + id) return Status::Invalid("stream", "must be unit-" + id);
    std::vector<std::string> names{cmd->data["name"].get<std::string>()};
    for (const auto& a : cmd->data.value("aliases", Json::array())) names.push_back(a);
    // Names, aliases and ids share one namespace: `Resolve` tries ids first.
    auto alias_owner = reader.Get("ualias/" + id);
    if (!alias_owner.ok()) return alias_owner.status();
    if (alias_owner.value() && *alias_owner.value() != id)
      return Status::Invalid("data.id", "'" + id + "' already names unit " + *alias_owner.value() + "; choose another id");
    for (const auto& n : names) {
      auto owner = reader.Get("ualias/" + n);
      if (!owner.ok()) return owner.status();
      if (owner.value() && *owner.value() != id)
        return Status::Invalid("data.aliases", "'" + n + "' already names unit " + *owner.value() + "; choose another");
      auto unit = reader.Get("unit/" + n);
      if (!unit.ok()) return unit.status();
      if (unit.value() && n != id)
        return Status::Invalid("data.aliases", "'" + n + "' is the id of another unit; choose another");
    }
    return Status::Ok();
  }

  Decision Decide(const Json& state, const CommandEnvelope& cmd) const override {
    if (cmd.actor.role != "office")
      return Decision::Reject(Status::Forbidden("actor", "only the office (创建办) registers units; act as --as office"));
    if (!state.is_null())
      return Decision::Reject(Status::Conflict("unit " + cmd.data["id"].get<std::string>() + " already exists"));
    Json d{{"id", cmd.data["id"]},
           {"name", cmd.data["name"]},
           {"kind", cmd.data["kind"]},
           {"aliases", cmd.data.value("aliases", Json::array())},
           {"parent", cmd.data.value("parent", "")}};
    if (cmd.data.contains("member_since")) d["member_since"] = cmd.data["member_since"];
    return Decision::Accept({{"UnitRegistered", d}});
  }

  Json Apply(const Json& state, const EventEnvelope& e) const override {
    if (e.type == "UnitRegistered") return e.data;
    return state;
  }

  void Project(const Json&, const Json& after, const EventEnvelope& e, ReadModelWriter& w) const override {
    if (e.type != "UnitRegistered") return;
    const std::string id = after["id"];
    w.Put("unit/" + id, CanonicalJson(after));
    w.Put("ualias/" + after["name"].get<std::string>(), id);
    for (const auto& a : after["aliases"]) w.Put("ualias/" + a.get<std::string>(), id);
  }
};

}  // namespace

std::unique_ptr<Workflow> MakeUnitWorkflow() { return std::make_unique<UnitWorkflow>(); }

}  // namespace safecity::units
