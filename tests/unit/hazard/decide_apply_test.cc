// The hazard's Decide and Apply, called directly (pure; no store): who may
// report, confirm, list and close, and the refusals in both languages that
// an inspector with a phone or a district's officer reads.
#include <gtest/gtest.h>

#include "tests/unit/decide_apply_fixture.h"

namespace safecity::hazard {
namespace {

using safecity::testing::InspectorActor;
using safecity::testing::Office;
using safecity::testing::UnitActor;

const Actor kProcessManager{"process-manager", "system"};

class HazardDecideApply : public safecity::testing::DecideApplyTest {
 protected:
  HazardDecideApply() : DecideApplyTest("hazard-HZ-1", "2023-03-28T09:00:00+08:00") {}
  Decision Report(const Actor& by, Json extra = Json::object()) {
    Json data{{"hazard_id", "HZ-1"}, {"title", "燃气管道锈蚀"}, {"source", "self_inspection"}};
    for (auto& [k, v] : extra.items()) data[k] = v;
    return Send("hazard.report", by, data);
  }
  Decision Confirm(const char* grade, Json extra = Json::object()) {
    Json data{{"grade", grade}, {"deadline", "2023-04-12T15:59:59.999Z"}};
    for (auto& [k, v] : extra.items()) data[k] = v;
    return Send("hazard.confirm", Office(), data);
  }
};

TEST_F(HazardDecideApply, AUnitReportsItsOwnHazardsOnly) {
  Decision other = Report(UnitActor("yanta"), Json{{"unit", "beilin"}});
  EXPECT_EQ(other.status.code(), Status::Code::kForbidden);
  EXPECT_EQ(other.status.reason(), "hazard.unit_reports_its_own");
  EXPECT_EQ(other.status.Render(Language::kZh, Edge::kHttp), "data.unit: 单位只上报本单位的隐患；省略 data.unit，或写本单位 yanta");
  EXPECT_EQ(other.status.Render(Language::kEn, Edge::kCli), "data.unit: a unit reports hazards of its own; leave --unit out or name yanta");
  EXPECT_TRUE(state_.is_null());
  Decision own = Report(UnitActor("yanta"));
  ASSERT_TRUE(own.status.ok()) << own.status.ToString();
  EXPECT_EQ(own.events[0].data["unit"], "yanta") << "the unit reporting is the unit responsible";
  EXPECT_EQ(state_["state"], "reported");
}

TEST_F(HazardDecideApply, AnAuditorReportsNothingAndAReportIsMadeOnce) {
  EXPECT_EQ(Report(Actor{"li", "auditor"}).status.reason(), "hazard.auditor_reports_nothing");
  ASSERT_TRUE(Report(InspectorActor()).status.ok());
  EXPECT_EQ(Report(InspectorActor()).status.reason(), "hazard.exists");
}

TEST_F(HazardDecideApply, ConfirmingNeedsAResponsibleUnitAndADeadlineStillAhead) {
  EXPECT_EQ(Send("hazard.confirm", Office(), Json{{"grade", "major"}, {"deadline", "2023-04-12T15:59:59.999Z"}}).status.reason(),
            "hazard.not_found");
  ASSERT_TRUE(Report(InspectorActor()).status.ok());
  Decision no_unit = Confirm("major");
  EXPECT_EQ(no_unit.status.field(), "data.unit");
  EXPECT_EQ(no_unit.status.reason(), "hazard.no_responsible_unit");
  EXPECT_EQ(no_unit.status.Render(Language::kEn, Edge::kHttp), "data.unit: the report names no responsible unit; give data.unit");
  Decision past = Confirm("major", Json{{"unit", "yanta"}, {"deadline", "2023-03-01T15:59:59.999Z"}});
  EXPECT_EQ(past.status.reason(), "hazard.deadline_past");
  EXPECT_EQ(Send("hazard.confirm", UnitActor("yanta"), Json{{"grade", "major"}, {"unit", "yanta"}, {"deadline", "2023-04-12T15:59:59.999Z"}})
                .status.reason(),
            "hazard.office_only");
  ASSERT_TRUE(Confirm("major", Json{{"unit", "yanta"}}).status.ok());
  EXPECT_EQ(state_["state"], "confirmed");
  EXPECT_EQ(state_["grade"], "major");
}

TEST_F(HazardDecideApply, OnlyAMajorHazardIsListedAndOnlyTheOfficeClosesIt) {
  ASSERT_TRUE(Report(InspectorActor(), Json{{"unit", "yanta"}}).status.ok());
  ASSERT_TRUE(Confirm("major").status.ok());
  EXPECT_EQ(Send("hazard.assign", Office(), Json{{"task_id", "HZ-HZ-1"}}).status.reason(), "hazard.process_managers");
  ASSERT_TRUE(Send("hazard.assign", kProcessManager, Json{{"task_id", "HZ-HZ-1"}}).status.ok());
  EXPECT_EQ(Send("hazard.list", UnitActor("yanta"), Json::object()).status.reason(), "hazard.list_office_only");
  ASSERT_TRUE(Send("hazard.list", Office(), Json::object()).status.ok());
  EXPECT_EQ(state_["state"], "listed");
  EXPECT_EQ(Send("hazard.mark_rectified", kProcessManager, Json{{"task_id", "HZ-OTHER"}}).status.reason(),
            "hazard.rectified_by_another_task");
  ASSERT_TRUE(Send("hazard.mark_rectified", kProcessManager, Json{{"task_id", "HZ-HZ-1"}}).status.ok());
  EXPECT_EQ(Send("hazard.close", kProcessManager, Json::object()).status.reason(), "hazard.close_office_only")
      << "the process manager closes general hazards only";
  ASSERT_TRUE(Send("hazard.close", Office(), Json::object()).status.ok());
  EXPECT_EQ(state_["state"], "closed");
  // A command the state does not allow: the shared refusal, in both languages.
  Decision again = Send("hazard.list", Office(), Json::object());
  EXPECT_EQ(again.status.reason(), "not_in_state");
  EXPECT_EQ(again.status.Render(Language::kZh, Edge::kCli), "隐患 HZ-1 当前为已销号（closed）；list 只能在以下状态办理：assigned");
  EXPECT_EQ(again.status.message(), "hazard HZ-1 is closed (已销号); list is allowed only when it is assigned");
}

TEST_F(HazardDecideApply, AGeneralHazardIsNotListedAndTheProcessManagerMayCloseIt) {
  ASSERT_TRUE(Report(InspectorActor(), Json{{"unit", "yanta"}}).status.ok());
  ASSERT_TRUE(Confirm("general").status.ok());
  ASSERT_TRUE(Send("hazard.assign", kProcessManager, Json{{"task_id", "HZ-HZ-1"}}).status.ok());
  EXPECT_EQ(Send("hazard.list", Office(), Json::object()).status.reason(), "hazard.general_not_listed");
  ASSERT_TRUE(Send("hazard.mark_rectified", kProcessManager, Json{{"task_id", "HZ-HZ-1"}}).status.ok());
  ASSERT_TRUE(Send("hazard.close", kProcessManager, Json::object()).status.ok());
  EXPECT_EQ(state_["state"], "closed");
}

}  // namespace
}  // namespace safecity::hazard
