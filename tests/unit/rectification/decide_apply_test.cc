// The rectification task's Decide and Apply, called directly: pure functions
// of a state and a command, no store, no engine. What the engine adds
// (Prepare's name resolution and date normalisation, the log) is given here
// as its result: unit ids and UTC times.
#include <gtest/gtest.h>

#include "tests/unit/decide_apply_fixture.h"

namespace safecity::rectification {
namespace {

using safecity::testing::InspectorActor;
using safecity::testing::Office;
using safecity::testing::UnitActor;

const Actor kSystem{"deadline-scheduler", "system"};

class TaskDecideApply : public safecity::testing::DecideApplyTest {
 protected:
  TaskDecideApply() : DecideApplyTest("task-XA-1", "2023-03-02T09:00:00+08:00") {}
  Decision Assign(std::vector<std::string> coop = {}) {
    Json data{{"task_id", "XA-1"},  {"title", "城镇燃气安全隐患整改"},     {"lead_unit", "yanta"},
              {"cooperating_units", coop}, {"deadline", "2023-04-15T15:59:59.999Z"}};
    return Send("task.assign", Office(), data, "2023-03-01T09:00:00+08:00");
  }
  static std::string Only(const Decision& d) { return d.events.size() == 1 ? d.events[0].type : "(" + std::to_string(d.events.size()) + " events)"; }
};

TEST_F(TaskDecideApply, AssignmentOpensTheTaskWithEverythingAtZero) {
  Decision d = Assign({"cgj"});
  ASSERT_TRUE(d.status.ok()) << d.status.ToString();
  EXPECT_EQ(Only(d), "TaskAssigned");
  EXPECT_EQ(d.events[0].data["source"], (Json{{"kind", "manual"}})) << "a task the office typed in";
  EXPECT_EQ(state_["state"], "assigned");
  EXPECT_EQ(state_["lead_unit"], "yanta");
  EXPECT_EQ(state_["cooperating_units"], Json::array({"cgj"}));
  EXPECT_EQ(state_["original_deadline"], "2023-04-15T15:59:59.999Z");
  EXPECT_EQ(state_["assigned_at"], "2023-03-01T01:00:00.000Z");
  for (const char* zero : {"submissions", "returns", "extensions", "escalation_level"}) EXPECT_EQ(state_[zero], 0) << zero;
  EXPECT_TRUE(state_["extension_request"].is_null());
  EXPECT_EQ(state_["evidence"], Json::array());
}

TEST_F(TaskDecideApply, NothingButAssignmentOnANewStreamAndNoSecondAssignment) {
  Decision ack = Send("task.acknowledge", UnitActor("yanta"), Json::object());
  EXPECT_EQ(ack.status.code(), Status::Code::kNotFound);
  EXPECT_EQ(ack.status.reason(), "task.not_found");
  EXPECT_TRUE(state_.is_null()) << "a refusal folds nothing";
  ASSERT_TRUE(Assign().status.ok());
  Decision twice = Assign();
  EXPECT_EQ(twice.status.code(), Status::Code::kConflict);
  EXPECT_EQ(twice.status.reason(), "task.exists");
}

TEST_F(TaskDecideApply, WhoMaySendWhat) {
  Decision by_unit = Send("task.assign", UnitActor("yanta"),
                          Json{{"task_id", "XA-1"}, {"title", "t"}, {"lead_unit", "yanta"}, {"deadline", "2023-04-15T15:59:59.999Z"}});
  EXPECT_EQ(by_unit.status.reason(), "task.assign_office_only");
  ASSERT_TRUE(Assign({"cgj"}).status.ok());
  EXPECT_EQ(Send("task.acknowledge", UnitActor("beilin"), Json::object()).status.reason(), "task.unit_not_responsible");
  Decision office = Send("task.acknowledge", Office(), Json::object());
  EXPECT_EQ(office.status.reason(), "task.role_not_responsible");
  EXPECT_EQ(office.status.Render(Language::kZh, Edge::kCli).find("创建办不是任务 XA-1 的责任单位"), std::string("actor: ").size());
  EXPECT_TRUE(Send("task.acknowledge", UnitActor("cgj"), Json::object()).status.ok()) << "a cooperating unit may act";
  EXPECT_EQ(state_["acknowledged_by"], "cgj");
  EXPECT_EQ(Send("task.escalate", Office(), Json{{"level", "reminder"}, {"deadline", "2023-04-15T15:59:59.999Z"}, {"days_overdue", 1}})
                .status.reason(),
            "task.escalation_is_the_schedulers");
  EXPECT_EQ(Send("task.close", UnitActor("yanta"), Json::object()).status.reason(), "task.office_only");
}

TEST_F(TaskDecideApply, AStateThatDoesNotAllowTheCommandNamesItAndTheStatesThatWould) {
  ASSERT_TRUE(Assign().status.ok());
  Decision close = Send("task.close", Office(), Json::object());
  EXPECT_EQ(close.status.code(), Status::Code::kRefused);
  EXPECT_EQ(close.status.reason(), "task.not_in_state");
  EXPECT_EQ(close.detail["state"], "assigned");
  EXPECT_EQ(close.detail["allowed_in"], Json::array({"accepted"}));
  EXPECT_EQ(state_["state"], "assigned");
}

TEST_F(TaskDecideApply, TheWholePathWithAReturnCountsSubmissionsAndReturns) {
  ASSERT_TRUE(Assign().status.ok());
  const Actor yanta = UnitActor("yanta");
  EXPECT_EQ(Only(Send("task.acknowledge", yanta, Json::object())), "TaskAcknowledged");
  EXPECT_EQ(Only(Send("task.submit_plan", yanta, Json{{"plan", "更换老旧管线"}, {"planned_completion", "2023-04-10T15:59:59.999Z"}})),
            "RectificationPlanSubmitted");
  EXPECT_EQ(state_["plan"]["plan"], "更换老旧管线");
  EXPECT_EQ(Only(Send("task.start", yanta, Json::object())), "RectificationStarted");
  Json evidence = Json::array({Json{{"name", "整改报告.PDF"}, {"sha256", std::string(64, 'a')}, {"uri", "file:///r.pdf"}}});
  Decision first = Send("task.submit", yanta, Json{{"evidence", evidence}});
  EXPECT_EQ(first.events[0].data["submission"], 1);
  EXPECT_EQ(state_["evidence"][0]["media_type"], "application/pdf") << "EvidenceSubmitted v2";
  EXPECT_EQ(state_["state"], "submitted");
  Decision ret = Send("task.return", InspectorActor(), Json{{"reasons", {"照片不清晰"}}});
  EXPECT_EQ(ret.events[0].data["returns"], 1);
  EXPECT_EQ(state_["state"], "in_progress");
  EXPECT_EQ(state_["last_return_reasons"], Json::array({"照片不清晰"}));
  EXPECT_EQ(Send("task.submit", yanta, Json{{"evidence", evidence}}).events[0].data["submission"], 2);
  EXPECT_EQ(Only(Send("task.accept", InspectorActor(), Json::object())), "TaskAccepted");
  EXPECT_EQ(Only(Send("task.close", Office(), Json::object(), "2023-04-20T09:00:00+08:00")), "TaskClosed");
  EXPECT_EQ(state_["state"], "closed");
  EXPECT_EQ(state_["closed_at"], "2023-04-20T01:00:00.000Z");
  EXPECT_EQ(state_["submissions"], 2);
  EXPECT_EQ(state_["returns"], 1);
}

TEST_F(TaskDecideApply, OneExtensionRequestAtATimeAndAGrantMovesTheDeadlineAndResetsEscalation) {
  ASSERT_TRUE(Assign().status.ok());
  const Actor yanta = UnitActor("yanta");
  EXPECT_EQ(Send("task.request_extension", yanta, Json{{"new_deadline", "2023-04-01T15:59:59.999Z"}, {"reason", "汛期"}}).status.reason(),
            "task.new_deadline_not_later");
  ASSERT_TRUE(Send("task.request_extension", yanta, Json{{"new_deadline", "2023-05-15T15:59:59.999Z"}, {"reason", "汛期"}}).status.ok());
  EXPECT_EQ(Send("task.request_extension", yanta, Json{{"new_deadline", "2023-05-20T15:59:59.999Z"}, {"reason", "再延"}}).status.reason(),
            "task.extension_pending");
  ASSERT_TRUE(Send("task.escalate", kSystem, Json{{"level", "reminder"}, {"deadline", "2023-04-15T15:59:59.999Z"}, {"days_overdue", 1}},
                   "2023-04-17T09:00:00+08:00")
                  .status.ok());
  EXPECT_EQ(state_["escalation"], "reminder");
  Decision grant = Send("task.grant_extension", Office(), Json::object());
  ASSERT_TRUE(grant.status.ok()) << grant.status.ToString();
  EXPECT_EQ(grant.events[0].data["previous_deadline"], "2023-04-15T15:59:59.999Z");
  EXPECT_EQ(state_["deadline"], "2023-05-15T15:59:59.999Z") << "the date the unit asked for";
  EXPECT_EQ(state_["original_deadline"], "2023-04-15T15:59:59.999Z");
  EXPECT_EQ(state_["extensions"], 1);
  EXPECT_EQ(state_["escalation_level"], 0) << "a new deadline: not overdue any more";
  EXPECT_TRUE(state_["extension_request"].is_null());
  EXPECT_EQ(Send("task.refuse_extension", Office(), Json{{"reason", "无"}}).status.reason(), "task.no_pending_extension");
}

TEST_F(TaskDecideApply, EscalationOnlyClimbsAndOnlyForTheDeadlineItWasFor) {
  ASSERT_TRUE(Assign().status.ok());
  auto escalate = [&](const char* level, const char* deadline) {
    return Send("task.escalate", kSystem, Json{{"level", level}, {"deadline", deadline}, {"days_overdue", 3}}, "2023-04-20T09:00:00+08:00");
  };
  ASSERT_TRUE(escalate("warning", "2023-04-15T15:59:59.999Z").status.ok());
  EXPECT_EQ(state_["escalation_level"], 2);
  EXPECT_EQ(escalate("reminder", "2023-04-15T15:59:59.999Z").status.reason(), "task.escalation_not_higher");
  EXPECT_EQ(escalate("warning", "2023-04-15T15:59:59.999Z").status.reason(), "task.escalation_not_higher");
  EXPECT_EQ(escalate("interview", "2023-04-01T15:59:59.999Z").status.reason(), "task.escalation_stale");
  EXPECT_TRUE(escalate("interview", "2023-04-15T15:59:59.999Z").status.ok());
  EXPECT_EQ(state_["escalation"], "interview");
}

TEST_F(TaskDecideApply, ADeadlineBeforeTheAssignmentIsRefusedNamingTheField) {
  Decision d = Send("task.assign", Office(),
                    Json{{"task_id", "XA-1"}, {"title", "t"}, {"lead_unit", "yanta"}, {"deadline", "2023-02-01T15:59:59.999Z"}});
  EXPECT_EQ(d.status.code(), Status::Code::kInvalid);
  EXPECT_EQ(d.status.field(), "data.deadline");
  EXPECT_EQ(d.status.reason(), "task.deadline_before_assignment");
  EXPECT_TRUE(state_.is_null());
}

// 完成时限待定: a plan's row that says 按照国家确定时间实施 is assigned without
// a deadline; it is never overdue, asks for no extension, and gets its date
// once from the office.
TEST_F(TaskDecideApply, APendingDeadlineIsSetOnceByTheOfficeAndOnlyThenRunsLikeAnyOther) {
  Json pending{{"task_id", "XA-1"}, {"title", "配合国家综合评议"}, {"lead_unit", "yanta"}, {"deadline_pending", "按照国家确定时间实施"}};
  Json neither{{"task_id", "XA-1"}, {"title", "t"}, {"lead_unit", "yanta"}};
  EXPECT_EQ(Send("task.assign", Office(), neither).status.reason(), "task.deadline_missing");
  Json both = pending;
  both["deadline"] = "2023-04-15T15:59:59.999Z";
  EXPECT_EQ(Send("task.assign", Office(), both).status.field(), "data.deadline_pending");
  EXPECT_TRUE(state_.is_null());

  Decision d = Send("task.assign", Office(), pending, "2023-03-01T09:00:00+08:00");
  ASSERT_TRUE(d.status.ok()) << d.status.ToString();
  EXPECT_FALSE(d.events[0].data.contains("deadline")) << d.events[0].data.dump();
  EXPECT_EQ(d.events[0].data["deadline_pending"], "按照国家确定时间实施");
  EXPECT_EQ(state_["deadline"], "");
  EXPECT_EQ(state_["deadline_pending"], "按照国家确定时间实施");
  EXPECT_EQ(Send("task.request_extension", UnitActor("yanta"),
                 Json{{"new_deadline", "2023-05-15T15:59:59.999Z"}, {"reason", "r"}})
                .status.reason(),
            "task.no_deadline_yet");
  EXPECT_EQ(Send("task.escalate", kSystem, Json{{"level", "reminder"}, {"deadline", ""}, {"days_overdue", 1}}).status.reason(),
            "task.escalation_stale");
  EXPECT_EQ(Send("task.set_deadline", UnitActor("yanta"), Json{{"deadline", "2023-06-30T15:59:59.999Z"}}).status.reason(),
            "task.office_only");
  EXPECT_EQ(Send("task.set_deadline", Office(), Json{{"deadline", "2023-02-01T15:59:59.999Z"}}).status.reason(),
            "task.deadline_before_assignment");

  Decision set = Send("task.set_deadline", Office(), Json{{"deadline", "2023-06-30T15:59:59.999Z"}, {"note", "国务院安委办通知"}});
  ASSERT_TRUE(set.status.ok()) << set.status.ToString();
  EXPECT_EQ(Only(set), "DeadlineSet");
  EXPECT_EQ(set.events[0].data["was_pending"], "按照国家确定时间实施");
  EXPECT_EQ(state_["deadline"], "2023-06-30T15:59:59.999Z");
  EXPECT_EQ(state_["original_deadline"], "2023-06-30T15:59:59.999Z") << "its first deadline";
  EXPECT_FALSE(state_.contains("deadline_pending"));
  EXPECT_EQ(Send("task.set_deadline", Office(), Json{{"deadline", "2023-07-30T15:59:59.999Z"}}).status.reason(),
            "task.deadline_already_set")
      << "a later date is an extension, with its request and reason";
  EXPECT_TRUE(Send("task.request_extension", UnitActor("yanta"),
                   Json{{"new_deadline", "2023-07-15T15:59:59.999Z"}, {"reason", "r"}})
                  .status.ok());
}

}  // namespace
}  // namespace safecity::rectification
