// The verification's typed state (Verification): folded in place from
// events, and read back whole from its JSON form (the snapshot), with the
// keys the JSON state has always had.
#include <gtest/gtest.h>

#include <set>

#include "engine/time_util.h"
#include "tests/test_util.h"
#include "workflows/verification/verification_state.h"

namespace safecity::verification {
namespace {

EventEnvelope Event(const std::string& type, Json data, const std::string& at, const std::string& by = "office") {
  return safecity::testing::EventOf("verification-V-1", type, std::move(data), at, Actor{by, by == "wang" ? "inspector" : "office"});
}

Json Requested() { return Json{{"verification_id", "V-1"}, {"task_id", "XA-1"}, {"submission", 2}, {"mode", "desk"}}; }

std::set<std::string> Keys(const Json& j) {
  std::set<std::string> k;
  for (auto it = j.begin(); it != j.end(); ++it) k.insert(it.key());
  return k;
}

TEST(VerificationState, AnAssignedSiteVisitThatFailsReadsBackWholeAtEveryStep) {
  const std::vector<EventEnvelope> life = {
      Event("VerificationRequested", Requested(), "2023-04-10T09:00:00+08:00", "process-manager"),
      Event("VerificationAssigned", {{"inspector", "wang"}, {"mode", "site"}}, "2023-04-10T10:00:00+08:00"),
      Event("VerificationFailed", {{"task_id", "XA-1"}, {"submission", 2}, {"reasons", {"照片与现场不符"}}}, "2023-04-11T15:00:00+08:00",
            "wang")};
  Verification v;
  EXPECT_TRUE(v.ToJson().is_null()) << "no verification before its request";
  for (const EventEnvelope& e : life) {
    ApplyVerificationEvent(v, e);
    const Json j = v.ToJson();
    EXPECT_EQ(Verification::FromJson(j), v) << "after " << e.type << ": " << j.dump();
    EXPECT_EQ(Verification::FromJson(j).ToJson(), j) << "after " << e.type;
    EXPECT_EQ(j["updated_at"], FormatIsoMs(e.occurred_at)) << e.type;
  }
  const Json j = v.ToJson();
  EXPECT_EQ(j["state"], "failed");
  EXPECT_EQ(j["mode"], "site") << "the assignment changed the mode";
  EXPECT_EQ(j["submission"], 2);
  EXPECT_EQ(j["inspector"], "wang");
  EXPECT_EQ(j["outcome"], (Json{{"reasons", {"照片与现场不符"}}, {"by", "wang"}}));
  EXPECT_EQ(j["decided_at"], "2023-04-11T07:00:00.000Z");
  EXPECT_EQ(Keys(j), (std::set<std::string>{"assigned_at", "decided_at", "inspector", "mode", "outcome", "requested_at", "state",
                                            "submission", "task_id", "updated_at", "verification_id"}))
      << "the keys the state has always had, no more";
}

TEST(VerificationState, AWithdrawnRequestKeepsItsReasonAndWasNeverAssigned) {
  Verification v;
  ApplyVerificationEvent(v, Event("VerificationRequested", Requested(), "2023-04-10T09:00:00+08:00", "process-manager"));
  EXPECT_EQ(v.ToJson()["inspector"], "");
  EXPECT_EQ(v.ToJson()["outcome"], Json::object());
  ApplyVerificationEvent(v, Event("VerificationWithdrawn", {{"reason", "任务已撤销"}}, "2023-04-10T11:00:00+08:00"));
  const Json j = v.ToJson();
  EXPECT_EQ(j["state"], "withdrawn");
  EXPECT_EQ(j["outcome"], (Json{{"reason", "任务已撤销"}}));
  EXPECT_FALSE(j.contains("assigned_at"));
  EXPECT_FALSE(j.contains("decided_at"));
  EXPECT_EQ(Verification::FromJson(j), v);
}

TEST(VerificationState, KeysThisBuildDoesNotNameAreKeptAndWhatIsNotAStateIsRefused) {
  EXPECT_TRUE(Verification::FromJson(Json()).ToJson().is_null());
  Verification v;
  ApplyVerificationEvent(v, Event("VerificationRequested", Requested(), "2023-04-10T09:00:00+08:00", "process-manager"));
  Json later = v.ToJson();
  later["site_photos"] = 4;  // a key of a later build
  EXPECT_EQ(Verification::FromJson(later).ToJson(), later) << "kept and written back";
  EXPECT_THROW(Verification::FromJson(Json{{"task_id", "XA-1"}}), std::exception) << "no state";
  Json bad = v.ToJson();
  bad["submission"] = "two";
  EXPECT_THROW(Verification::FromJson(bad), std::exception) << "a damaged snapshot is refused, not half read";
}

}  // namespace
}  // namespace safecity::verification
