// The hazard's typed state (Hazard): folded in place from events, and read
// back whole from its JSON form (the snapshot), with the keys the JSON state
// has always had.
#include <gtest/gtest.h>

#include <set>

#include "engine/time_util.h"
#include "tests/test_util.h"
#include "workflows/hazard/hazard_state.h"

namespace safecity::hazard {
namespace {

EventEnvelope Event(const std::string& type, Json data, const std::string& at, const std::string& by = "wang") {
  return safecity::testing::EventOf("hazard-HZ-1", type, std::move(data), at, Actor{by, "inspector"});
}

Json Reported() {
  return Json{{"hazard_id", "HZ-1"},        {"title", "燃气管道锈蚀"}, {"description", "小区东门"},
              {"source", "inspection_round"}, {"location", "雁塔路 1 号"}, {"unit", "yanta"},
              {"campaign", "xian-2023"}};
}

std::set<std::string> Keys(const Json& j) {
  std::set<std::string> k;
  for (auto it = j.begin(); it != j.end(); ++it) k.insert(it.key());
  return k;
}

TEST(HazardState, AMajorHazardFromReportToBulletinReadsBackWholeAtEveryStep) {
  const std::vector<EventEnvelope> life = {
      Event("HazardReported", Reported(), "2023-03-28T09:00:00+08:00"),
      Event("HazardConfirmed",
            {{"grade", "major"}, {"unit", "beilin"}, {"cooperating_units", {"cgj"}}, {"deadline", "2023-04-12T15:59:59.999Z"}, {"note", ""}},
            "2023-03-28T10:00:00+08:00", "office"),
      Event("HazardListed", {{"note", "挂牌督办"}}, "2023-03-28T11:00:00+08:00", "office"),
      Event("HazardAssigned", {{"task_id", "HZ-1-T"}, {"grade", "major"}}, "2023-03-28T11:00:01+08:00", "process-manager"),
      Event("HazardRectified", {{"task_id", "HZ-1-T"}, {"grade", "major"}}, "2023-04-10T09:00:00+08:00", "process-manager"),
      Event("HazardClosed", {{"note", ""}, {"grade", "major"}}, "2023-04-11T09:00:00+08:00", "office"),
      Event("HazardBulletined", {{"bulletin_id", "B-2023-04"}, {"note", ""}}, "2023-04-30T09:00:00+08:00", "office")};
  Hazard h;
  EXPECT_TRUE(h.ToJson().is_null()) << "no hazard before its report";
  for (const EventEnvelope& e : life) {
    ApplyHazardEvent(h, e);
    const Json j = h.ToJson();
    EXPECT_EQ(Hazard::FromJson(j), h) << "after " << e.type << ": " << j.dump();
    EXPECT_EQ(Hazard::FromJson(j).ToJson(), j) << "after " << e.type;
    EXPECT_EQ(j["updated_at"], FormatIsoMs(e.occurred_at)) << e.type;
  }
  const Json j = h.ToJson();
  EXPECT_EQ(j["state"], "bulletined");
  EXPECT_EQ(j["reported_by"], "wang");
  EXPECT_EQ(j["unit"], "beilin") << "confirmation named the responsible unit";
  EXPECT_EQ(j["cooperating_units"], Json::array({"cgj"}));
  EXPECT_EQ(j["grade"], "major");
  EXPECT_EQ(j["task_id"], "HZ-1-T");
  EXPECT_EQ(j["confirmed_at"], "2023-03-28T02:00:00.000Z");
  EXPECT_EQ(j["closed_at"], "2023-04-11T01:00:00.000Z");
  EXPECT_EQ(j["bulletin_id"], "B-2023-04");
  EXPECT_EQ(Keys(j), (std::set<std::string>{"bulletin_id", "campaign", "closed_at", "confirmed_at", "cooperating_units",
                                            "deadline", "description", "grade", "hazard_id", "listed_at", "location",
                                            "rectified_at", "reported_at", "reported_by", "source", "state", "task_id",
                                            "title", "unit", "updated_at"}))
      << "the keys the state has always had, no more";
}

// 暗访 → 曝光 → 交办 → 整改 → 闭环 → 通报（问责）: exposures and accountability
// are records beside the state, read back whole.
TEST(HazardState, ExposuresAndAccountabilityAreKeptInOrderAndReadBack) {
  Hazard h;
  ApplyHazardEvent(h, Event("HazardReported", Reported(), "2023-03-28T09:00:00+08:00"));
  EXPECT_FALSE(h.ToJson().contains("exposures")) << "no key before the first exposure";
  ApplyHazardEvent(h, Event("HazardExposed", {{"exposure", 1}, {"medium", "西安电视台《每日聚焦》"}, {"published_on", "2023-03-29"},
                                             {"ref", "第 88 期"}, {"note", ""}},
                            "2023-03-29T20:00:00+08:00", "office"));
  ApplyHazardEvent(h, Event("AccountabilityRecorded",
                            {{"record", 1}, {"subject", "张某某"}, {"unit", "yanta"}, {"decision", "诫勉谈话"},
                             {"decided_on", "2023-05-10"}, {"document_no", "雁纪发〔2023〕12号"}, {"note", ""}},
                            "2023-05-10T09:00:00+08:00", "office"));
  const Json j = h.ToJson();
  EXPECT_EQ(j["state"], "reported") << "a record beside the state";
  ASSERT_EQ(j["exposures"].size(), 1u);
  EXPECT_EQ(j["exposures"][0]["medium"], "西安电视台《每日聚焦》");
  EXPECT_EQ(j["accountability"][0]["document_no"], "雁纪发〔2023〕12号");
  EXPECT_EQ(Hazard::FromJson(j), h);
  EXPECT_EQ(Hazard::FromJson(j).ToJson(), j);
}

TEST(HazardState, ADismissedReportHasNoConfirmationKeys) {
  Hazard h;
  ApplyHazardEvent(h, Event("HazardReported", Reported(), "2023-03-28T09:00:00+08:00"));
  EXPECT_EQ(h.ToJson()["grade"], "") << "no grade before confirmation";
  EXPECT_EQ(h.ToJson()["task_id"], "");
  ApplyHazardEvent(h, Event("HazardDismissed", {{"reason", "重复上报"}}, "2023-03-28T10:00:00+08:00", "office"));
  const Json j = h.ToJson();
  EXPECT_EQ(j["state"], "dismissed");
  EXPECT_EQ(j["dismiss_reason"], "重复上报");
  for (const char* key : {"deadline", "confirmed_at", "cooperating_units", "closed_at"})
    EXPECT_FALSE(j.contains(key)) << key;
  EXPECT_EQ(Hazard::FromJson(j), h);
}

TEST(HazardState, KeysThisBuildDoesNotNameAreKeptAndWhatIsNotAStateIsRefused) {
  Json j = Hazard::FromJson(Json()).ToJson();
  EXPECT_TRUE(j.is_null());
  Hazard h;
  ApplyHazardEvent(h, Event("HazardReported", Reported(), "2023-03-28T09:00:00+08:00"));
  Json later = h.ToJson();
  later["photo_count"] = 3;  // a key of a later build
  EXPECT_EQ(Hazard::FromJson(later).ToJson(), later) << "kept and written back";
  EXPECT_THROW(Hazard::FromJson(Json{{"title", "x"}}), std::exception) << "no state";
  EXPECT_THROW(Hazard::FromJson(Json::array()), std::exception);
  Json bad = h.ToJson();
  bad["cooperating_units"] = "cgj";
  EXPECT_THROW(Hazard::FromJson(bad), std::exception) << "a damaged snapshot is refused, not half read";
}

}  // namespace
}  // namespace safecity::hazard
