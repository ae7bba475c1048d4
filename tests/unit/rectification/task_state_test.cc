// The rectification task's typed state (RectificationTask): folded in place
// from events, and read back whole from its JSON form (the snapshot).
#include <gtest/gtest.h>

#include "engine/time_util.h"
#include "tests/test_util.h"
#include "workflows/rectification/task_state.h"

namespace safecity::rectification {
namespace {

EventEnvelope Event(const std::string& type, Json data, const std::string& at, const std::string& actor = "yanta") {
  return safecity::testing::EventOf("task-XA-7", type, std::move(data), at, Actor{actor, "unit"});
}

Json Assignment() {
  return Json{{"task_id", "XA-7"},
              {"title", "城镇燃气安全隐患整改"},
              {"description", "老旧管线"},
              {"category", "燃气"},
              {"lead_unit", "yanta"},
              {"cooperating_units", {"cgj", "sgaj"}},
              {"deadline", "2023-04-15T15:59:59.999Z"},
              {"campaign", "xian-2023-self-inspection"},
              {"source", {{"kind", "deduction"}, {"item", "2.3"}}}};
}

// Every event type, with every optional field of the state set on the way.
std::vector<EventEnvelope> WholeLife() {
  Json evidence = Json::array({Json{{"name", "整改报告.pdf"}, {"sha256", std::string(64, 'a')}, {"uri", "file:///r.pdf"},
                                    {"media_type", "application/pdf"}, {"size_bytes", 1024}}});
  return {Event("TaskAssigned", Assignment(), "2023-03-01T09:00:00+08:00", "office"),
          Event("TaskAcknowledged", {{"note", ""}}, "2023-03-02T09:00:00+08:00", "cgj"),
          Event("ExtensionRequested", {{"new_deadline", "2023-05-15T15:59:59.999Z"}, {"reason", "汛期"}}, "2023-03-03T09:00:00+08:00"),
          Event("TaskEscalated", {{"level", "warning"}, {"level_no", 2}, {"deadline", "2023-04-15T15:59:59.999Z"}, {"days_overdue", 2}},
                "2023-03-04T09:00:00+08:00", "deadline-scheduler"),
          Event("ExtensionGranted", {{"previous_deadline", "2023-04-15T15:59:59.999Z"}, {"new_deadline", "2023-05-15T15:59:59.999Z"}, {"comment", ""}},
                "2023-03-05T09:00:00+08:00", "office"),
          Event("ExtensionRequested", {{"new_deadline", "2023-05-30T15:59:59.999Z"}, {"reason", "再延"}}, "2023-03-06T09:00:00+08:00"),
          Event("ExtensionRefused", {{"reason", "无"}}, "2023-03-07T09:00:00+08:00", "office"),
          Event("RectificationPlanSubmitted", {{"plan", "更换管线"}, {"planned_completion", "2023-05-01T15:59:59.999Z"}}, "2023-03-08T09:00:00+08:00"),
          Event("RectificationStarted", {{"note", ""}}, "2023-03-09T09:00:00+08:00"),
          Event("EvidenceSubmitted", {{"evidence", evidence}, {"note", ""}, {"submission", 1}}, "2023-03-10T09:00:00+08:00"),
          Event("TaskReturned", {{"reasons", {"照片不清晰"}}, {"returns", 1}}, "2023-03-11T09:00:00+08:00", "inspector"),
          Event("EvidenceSubmitted", {{"evidence", evidence}, {"note", "补拍"}, {"submission", 2}}, "2023-03-12T09:00:00+08:00"),
          Event("TaskAccepted", {{"comment", ""}}, "2023-03-13T09:00:00+08:00", "inspector"),
          Event("TaskClosed", {{"note", ""}}, "2023-03-14T09:00:00+08:00", "office")};
}

TEST(RectificationTaskState, EveryStepReadsBackWholeFromItsJson) {
  RectificationTask t;
  EXPECT_TRUE(t.ToJson().is_null()) << "no task before its assignment";
  for (const EventEnvelope& e : WholeLife()) {
    ApplyTaskEvent(t, e);
    const Json j = t.ToJson();
    EXPECT_EQ(RectificationTask::FromJson(j), t) << "after " << e.type << ": " << j.dump();
    EXPECT_EQ(RectificationTask::FromJson(j).ToJson(), j) << "after " << e.type;
    EXPECT_EQ(j["updated_at"], FormatIsoMs(e.occurred_at)) << e.type;
  }
  const Json j = t.ToJson();
  EXPECT_EQ(j["state"], "closed");
  EXPECT_EQ(j["acknowledged_by"], "cgj");
  EXPECT_EQ(j["deadline"], "2023-05-15T15:59:59.999Z");
  EXPECT_EQ(j["original_deadline"], "2023-04-15T15:59:59.999Z");
  EXPECT_EQ(t.DeadlineMs(), *ParseIsoMs("2023-05-15T15:59:59.999Z")) << "the granted extension moved the ms too";
  EXPECT_EQ(RectificationTask::FromJson(j).DeadlineMs(), t.DeadlineMs()) << "and a snapshot reads it back";
  EXPECT_EQ(j["extensions"], 1);
  EXPECT_EQ(j["escalation_level"], 0) << "the extension reset the escalation";
  EXPECT_TRUE(j["extension_request"].is_null()) << "the second request was refused";
  EXPECT_EQ(j["submissions"], 2);
  EXPECT_EQ(j["returns"], 1);
  EXPECT_EQ(j["plan"]["plan"], "更换管线");
  EXPECT_EQ(j["source"]["item"], "2.3");
  EXPECT_EQ(j["submitted_at"], "2023-03-12T01:00:00.000Z");
  EXPECT_EQ(j["accepted_at"], "2023-03-13T01:00:00.000Z");
  EXPECT_EQ(j["closed_at"], "2023-03-14T01:00:00.000Z");
  // The keys the state has always had, no more.
  std::vector<std::string> keys;
  for (auto it = j.begin(); it != j.end(); ++it) keys.push_back(it.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"accepted_at", "acknowledged_by", "assigned_at", "campaign", "category",
                                            "closed_at", "cooperating_units", "deadline", "description", "escalation",
                                            "escalation_level", "evidence", "extension_request", "extensions",
                                            "last_return_reasons", "lead_unit", "original_deadline", "plan", "returns",
                                            "source", "state", "submissions", "submitted_at", "task_id", "title",
                                            "updated_at"}));
}

TEST(RectificationTaskState, ATaskOutsideAnyRoundHasNoCampaignKey) {
  RectificationTask t;
  Json a = Assignment();
  a.erase("campaign");
  ApplyTaskEvent(t, Event("TaskAssigned", a, "2023-03-01T09:00:00+08:00", "office"));
  EXPECT_FALSE(t.ToJson().contains("campaign"));
  EXPECT_FALSE(RectificationTask::FromJson(t.ToJson()).campaign.has_value());
}

TEST(RectificationTaskState, APendingDeadlineReadsBackAndDeadlineSetGivesTheFirstOne) {
  RectificationTask t;
  Json a = Assignment();
  a.erase("deadline");
  a["deadline_pending"] = "按照国家确定时间实施";
  ApplyTaskEvent(t, Event("TaskAssigned", a, "2023-03-01T09:00:00+08:00", "office"));
  EXPECT_FALSE(t.HasDeadline());
  Json j = t.ToJson();
  EXPECT_EQ(j["deadline"], "");
  EXPECT_EQ(j["deadline_pending"], "按照国家确定时间实施");
  EXPECT_EQ(RectificationTask::FromJson(j), t);
  ApplyTaskEvent(t, Event("DeadlineSet", {{"deadline", "2023-06-30T15:59:59.999Z"}, {"was_pending", "按照国家确定时间实施"}, {"note", ""}},
                          "2023-03-02T09:00:00+08:00", "office"));
  ASSERT_TRUE(t.HasDeadline());
  EXPECT_EQ(t.DeadlineMs(), *ParseIsoMs("2023-06-30T15:59:59.999Z"));
  j = t.ToJson();
  EXPECT_FALSE(j.contains("deadline_pending"));
  EXPECT_EQ(j["original_deadline"], "2023-06-30T15:59:59.999Z");
  EXPECT_EQ(RectificationTask::FromJson(j), t);
}

TEST(RectificationTaskState, KeysThisBuildDoesNotNameAreKept) {
  RectificationTask t;
  Json a = Assignment();
  a["legacy_ref"] = "XA-2019-07";
  ApplyTaskEvent(t, Event("TaskAssigned", a, "2023-03-01T09:00:00+08:00", "office"));
  EXPECT_EQ(t.ToJson()["legacy_ref"], "XA-2019-07") << "an assignment's field the state does not name";
  Json snapshot = t.ToJson();
  snapshot["written_by_a_later_build"] = Json{{"x", 1}};
  EXPECT_EQ(RectificationTask::FromJson(snapshot).ToJson(), snapshot) << "a snapshot's key this build does not know";
}

TEST(RectificationTaskState, AnEventTypeThisBuildDoesNotKnowOnlyMovesUpdatedAt) {
  RectificationTask t;
  ApplyTaskEvent(t, Event("TaskAssigned", Assignment(), "2023-03-01T09:00:00+08:00", "office"));
  Json before = t.ToJson();
  ApplyTaskEvent(t, Event("TaskRenamedInAFutureBuild", {{"title", "x"}}, "2023-03-02T09:00:00+08:00"));
  Json after = t.ToJson();
  EXPECT_EQ(after["updated_at"], "2023-03-02T01:00:00.000Z");
  after["updated_at"] = before["updated_at"];
  EXPECT_EQ(after, before);
}

TEST(RectificationTaskState, WhatIsNotATaskStateIsRefusedNotGuessed) {
  RectificationTask t;
  ApplyTaskEvent(t, Event("TaskAssigned", Assignment(), "2023-03-01T09:00:00+08:00", "office"));
  Json bad_state = t.ToJson();
  bad_state["state"] = "flying";
  EXPECT_ANY_THROW(RectificationTask::FromJson(bad_state));
  Json no_lead = t.ToJson();
  no_lead.erase("lead_unit");
  EXPECT_ANY_THROW(RectificationTask::FromJson(no_lead));
  Json bad_time = t.ToJson();
  bad_time["updated_at"] = "yesterday";
  EXPECT_ANY_THROW(RectificationTask::FromJson(bad_time));
}

}  // namespace
}  // namespace safecity::rectification
