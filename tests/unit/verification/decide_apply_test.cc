// The verification's (核查) Decide and Apply, called directly (pure; no
// store): who may request, assign and decide a verification, what each
// outcome records, and the refusals an inspector reads.
#include <gtest/gtest.h>

#include "tests/unit/decide_apply_fixture.h"

namespace safecity::verification {
namespace {

using safecity::testing::InspectorActor;
using safecity::testing::Office;
using safecity::testing::UnitActor;

const Actor kProcessManager{"process-manager", "system"};

class VerificationDecideApply : public safecity::testing::DecideApplyTest {
 protected:
  VerificationDecideApply() : DecideApplyTest("verification-V-1", "2023-04-10T09:00:00+08:00") {}
  Decision Request(const Actor& by = kProcessManager) {
    return Send("verification.request", by, Json{{"verification_id", "V-1"}, {"task_id", "XA-1"}, {"submission", 2}, {"mode", "desk"}});
  }
  Decision AssignTo(const std::string& inspector, Json extra = Json::object()) {
    Json data{{"inspector", inspector}};
    for (auto& [k, v] : extra.items()) data[k] = v;
    return Send("verification.assign", Office(), data);
  }
};

TEST_F(VerificationDecideApply, TheEngineOrTheOfficeRequestsItOnceAndNobodyElse) {
  EXPECT_EQ(Request(UnitActor("yanta")).status.reason(), "verification.office_only");
  EXPECT_EQ(Request(InspectorActor()).status.reason(), "verification.office_only");
  EXPECT_TRUE(state_.is_null()) << "a refusal folds nothing";
  Decision d = Request();
  ASSERT_TRUE(d.status.ok()) << d.status.ToString();
  EXPECT_EQ(d.events[0].type, "VerificationRequested");
  EXPECT_EQ(state_["state"], "requested");
  EXPECT_EQ(state_["task_id"], "XA-1");
  EXPECT_EQ(state_["submission"], 2) << "the submission it verifies";
  EXPECT_EQ(state_["inspector"], "");
  EXPECT_EQ(state_["requested_at"], "2023-04-10T01:00:00.000Z");
  Decision again = Request(Office());
  EXPECT_EQ(again.status.code(), Status::Code::kConflict);
  EXPECT_EQ(again.status.reason(), "verification.exists");
}

TEST_F(VerificationDecideApply, NothingButARequestOnANewStream) {
  Decision pass = Send("verification.pass", Office(), Json::object());
  EXPECT_EQ(pass.status.code(), Status::Code::kNotFound);
  EXPECT_EQ(pass.status.reason(), "verification.not_found");
}

TEST_F(VerificationDecideApply, OnlyTheOfficeAssignsAndTheModeMayChangeThen) {
  ASSERT_TRUE(Request().status.ok());
  Decision by_inspector = Send("verification.assign", InspectorActor(), Json{{"inspector", "zhang"}});
  EXPECT_EQ(by_inspector.status.code(), Status::Code::kForbidden);
  EXPECT_EQ(by_inspector.status.reason(), "verification.assign_office_only");
  ASSERT_TRUE(AssignTo("zhang", Json{{"mode", "on_site"}}).status.ok());
  EXPECT_EQ(state_["state"], "assigned");
  EXPECT_EQ(state_["inspector"], "zhang");
  EXPECT_EQ(state_["mode"], "on_site") << "the office sends the inspector on site";
}

TEST_F(VerificationDecideApply, BeforeAssignmentNoInspectorMayDecideAndAfterItOnlyTheAssignedOne) {
  ASSERT_TRUE(Request().status.ok());
  Decision early = Send("verification.pass", InspectorActor(), Json::object());
  EXPECT_EQ(early.status.code(), Status::Code::kForbidden);
  EXPECT_EQ(early.status.reason(), "verification.no_inspector_yet");
  EXPECT_NE(early.status.Render(Language::kZh, Edge::kHttp).find("尚未分派检查人员"), std::string::npos);
  ASSERT_TRUE(AssignTo("zhang").status.ok());
  Decision other = Send("verification.pass", Actor{"wang", "inspector"}, Json::object());
  EXPECT_EQ(other.status.reason(), "verification.not_the_inspector");
  EXPECT_NE(other.status.Render(Language::kEn, Edge::kHttp).find("only the assigned inspector (zhang)"), std::string::npos);
  EXPECT_EQ(Send("verification.pass", UnitActor("yanta"), Json::object()).status.reason(), "verification.not_the_inspector")
      << "a unit never verifies its own work";
  EXPECT_EQ(state_["state"], "assigned");
}

TEST_F(VerificationDecideApply, APassNamesTheTaskAndSubmissionAndWhoDecided) {
  ASSERT_TRUE(Request().status.ok());
  ASSERT_TRUE(AssignTo("zhang").status.ok());
  Decision d = Send("verification.pass", Actor{"zhang", "inspector"}, Json{{"comment", "现场核实已整改"}}, "2023-04-12T10:00:00+08:00");
  ASSERT_TRUE(d.status.ok()) << d.status.ToString();
  EXPECT_EQ(d.events[0].type, "VerificationPassed");
  EXPECT_EQ(d.events[0].data["task_id"], "XA-1") << "the process manager accepts this task on it";
  EXPECT_EQ(d.events[0].data["submission"], 2);
  EXPECT_EQ(state_["state"], "passed");
  EXPECT_EQ(state_["outcome"], (Json{{"comment", "现场核实已整改"}, {"by", "zhang"}}));
  EXPECT_EQ(state_["decided_at"], "2023-04-12T02:00:00.000Z");
  Decision twice = Send("verification.fail", Office(), Json{{"reasons", {"x"}}});
  EXPECT_EQ(twice.status.reason(), "not_in_state") << "a decided verification stays decided";
  EXPECT_EQ(twice.detail["state"], "passed");
}

TEST_F(VerificationDecideApply, AFailureKeepsItsReasonsAndTheOfficeMayDecideInsteadOfTheInspector) {
  ASSERT_TRUE(Request().status.ok());
  ASSERT_TRUE(AssignTo("zhang").status.ok());
  Decision d = Send("verification.fail", Office(), Json{{"reasons", {"照片不清晰", "台账缺失"}}});
  ASSERT_TRUE(d.status.ok()) << d.status.ToString();
  EXPECT_EQ(state_["state"], "failed");
  EXPECT_EQ(state_["outcome"]["reasons"], Json::array({"照片不清晰", "台账缺失"}));
  EXPECT_EQ(state_["outcome"]["by"], "office");
}

TEST_F(VerificationDecideApply, TheInspectorsPhotosFromSiteGoIntoTheOutcomesEventOnlyWhenThereAreSome) {
  ASSERT_TRUE(Request().status.ok());
  ASSERT_TRUE(AssignTo("zhang").status.ok());
  const Json photo{{"name", "现场.jpg"}, {"sha256", std::string(64, 'a')}, {"uri", "safecity:attachments/" + std::string(64, 'a')}};
  Decision d = Send("verification.fail", Actor{"zhang", "inspector"}, Json{{"reasons", {"接口处未整改"}}, {"photos", {photo}}});
  ASSERT_TRUE(d.status.ok()) << d.status.ToString();
  EXPECT_EQ(d.events[0].data["photos"], Json::array({photo}));
}

TEST_F(VerificationDecideApply, AnOutcomeWithoutPhotosRecordsNoPhotosKey) {
  ASSERT_TRUE(Request().status.ok());
  ASSERT_TRUE(AssignTo("zhang").status.ok());
  Decision d = Send("verification.pass", Actor{"zhang", "inspector"}, Json{{"comment", "ok"}, {"photos", Json::array()}});
  ASSERT_TRUE(d.status.ok()) << d.status.ToString();
  EXPECT_FALSE(d.events[0].data.contains("photos")) << "events written before photos existed read the same";
}

TEST_F(VerificationDecideApply, AWithdrawalIsTheOfficesAndEndsIt) {
  ASSERT_TRUE(Request().status.ok());
  EXPECT_EQ(Send("verification.withdraw", InspectorActor(), Json{{"reason", "任务已撤销"}}).status.reason(), "verification.office_only");
  ASSERT_TRUE(Send("verification.withdraw", Office(), Json{{"reason", "任务已撤销"}}).status.ok());
  EXPECT_EQ(state_["state"], "withdrawn");
  EXPECT_EQ(state_["outcome"], (Json{{"reason", "任务已撤销"}}));
  EXPECT_EQ(AssignTo("zhang").status.code(), Status::Code::kRefused);
}

}  // namespace
}  // namespace safecity::verification
