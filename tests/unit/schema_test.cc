// The shipped schemas: every one parses, every command type has a schema and a
// workflow, every event type a workflow emits has a schema, and unknown fields
// are refused.
#include "engine/schema_registry.h"

#include <set>

#include <gtest/gtest.h>

#include "engine/workflow.h"

namespace safecity {
namespace {

TEST(Schemas, EveryCommandOfEveryWorkflowHasASchemaAndViceVersa) {
  const auto& reg = SchemaRegistry::Default();
  std::set<std::string> handled;
  for (const Workflow* w : DefaultWorkflows().all())
    for (const auto& t : w->command_types()) {
      handled.insert(t);
      EXPECT_TRUE(reg.HasCommand(t)) << "no schemas/commands/" << t << ".json";
    }
  for (const auto& t : reg.CommandTypes()) EXPECT_TRUE(handled.count(t)) << t << " has a schema but no workflow";
}

TEST(Schemas, UnknownFieldsAndTypesAreRefusedWithTheirPath) {
  const auto& reg = SchemaRegistry::Default();
  Status s = reg.ValidateCommandData("task.return", Json{{"reasons", Json::array()}});
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.field(), "data.reasons");
  s = reg.ValidateCommandData("task.return", Json{{"reasons", {"a"}}, {"extra", 1}});
  EXPECT_FALSE(s.ok());
  s = reg.ValidateCommandData("task.frobnicate", Json::object());
  EXPECT_EQ(s.field(), "type");
  EXPECT_TRUE(reg.ValidateCommandData("task.return", Json{{"reasons", {"照片不清晰"}}}).ok());
}

TEST(Schemas, EventSchemasCoverTheEnvelope) {
  Json e{{"id", "c/1"}, {"stream", "task-1"}, {"version", 1}, {"position", 1}, {"type", "TaskClosed"},
         {"schema_version", 1}, {"occurred_at", "2023-03-01T01:00:00.000Z"}, {"actor", {{"id", "office"}, {"role", "office"}}},
         {"correlation_id", "c"}, {"causation_id", "c"}, {"prev_hash", ""}, {"hash", std::string(64, '0')},
         {"data", {{"note", ""}}}};
  EXPECT_TRUE(SchemaRegistry::Default().ValidateEvent(e).ok());
  e["actor"]["role"] = "mayor";
  EXPECT_FALSE(SchemaRegistry::Default().ValidateEvent(e).ok());
}

}  // namespace
}  // namespace safecity
