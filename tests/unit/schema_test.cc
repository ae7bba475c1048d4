// The shipped schemas: every one parses, every command type has a schema and a
// workflow, every event type a workflow emits has a schema, and unknown fields
// are refused.
#include "engine/schema_registry.h"

#include <set>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "engine/workflow.h"
#include "workflows/registry.h"

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
  EXPECT_EQ(s.Render(Language::kZh, Edge::kHttp), "type: 未知的命令类型“task.frobnicate”；命令列表见 schemas/commands/");
  s = reg.ValidateCommandData("task.return", Json{{"reasons", Json::array()}});
  EXPECT_EQ(s.reason(), "schema.mismatch");
  EXPECT_EQ(s.Render(Language::kZh, Edge::kCli).rfind("data.reasons: 不符合 commands/task.return.json（", 0), 0u)
      << "in Chinese first, the validator's own words beside: " << s.Render(Language::kZh, Edge::kCli);
  EXPECT_NE(s.Render(Language::kEn, Edge::kCli).find("; fix it to match commands/task.return.json"), std::string::npos);
  s = reg.ValidateCommandData("task.return", Json{{"reasons", {std::string(1001, 'x')}}});
  EXPECT_EQ(s.reason(), "schema.too_long");
  EXPECT_EQ(s.field(), "data.reasons[0]");
  EXPECT_TRUE(reg.ValidateCommandData("task.return", Json{{"reasons", {"照片不清晰"}}}).ok());
}

// Every thread's validator starts from the patterns compiled at start: a
// pattern holds on a thread that never validated before, as on the first.
TEST(Schemas, PatternsHoldOnEveryThread) {
  const auto& reg = SchemaRegistry::Default();
  auto check = [&reg] {
    Json ok{{"task_id", "XA-1"}, {"title", "燃气管道"}, {"lead_unit", "yanta"}, {"deadline", "2023-04-15"}};
    Json bad_date = ok, bad_id = ok;
    bad_date["deadline"] = "2023-02-30";
    bad_id["task_id"] = "-XA 1";
    return std::vector<Status>{reg.ValidateCommandData("task.assign", ok), reg.ValidateCommandData("task.assign", bad_date),
                               reg.ValidateCommandData("task.assign", bad_id)};
  };
  std::vector<std::vector<Status>> seen(4);
  std::vector<std::thread> threads;
  for (auto& out : seen) threads.emplace_back([&out, &check] { out = check(); });
  for (auto& t : threads) t.join();
  seen.push_back(check());
  for (const auto& s : seen) {
    ASSERT_EQ(s.size(), 3u);
    EXPECT_TRUE(s[0].ok()) << s[0].ToString();
    EXPECT_EQ(s[1].field(), "data.deadline") << "February has no 30th, on every thread";
    EXPECT_EQ(s[2].field(), "data.task_id");
  }
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
