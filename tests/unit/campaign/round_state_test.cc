// The inspection round's typed state (InspectionRound): folded in place from
// events, and read back whole from its JSON form (the snapshot), with the keys
// the JSON state has always had — a round's life from creation through a
// rescheduled phase, the plan's stages, findings (one under a rule's cap, one
// 一票否决), an assessment and a withdrawal, to its close.
#include <gtest/gtest.h>

#include <set>

#include "engine/time_util.h"
#include "tests/test_util.h"
#include "workflows/campaign/round_state.h"

namespace safecity::campaign {
namespace {

EventEnvelope Event(const std::string& type, Json data, const std::string& at, const std::string& by = "office-wang") {
  return safecity::testing::EventOf("campaign-xa-2023", type, std::move(data), at, Actor{by, "office"});
}

Json Item(const char* id, const char* parent, int64_t x100, const char* method) {
  return Json{{"id", id}, {"parent", parent}, {"title", std::string("条目 ") + id}, {"points_x100", x100}, {"method", method}, {"rule", ""}};
}

Json Created() {
  Json items = Json::array({Item("1", "", 4000, "deduct"), Item("1.1", "1", 1000, "cap"), Item("2", "", 6000, "ratio")});
  return Json{{"campaign_id", "xa-2023"},
              {"title", "西安市2023年安全生产专项督查"},
              {"year", 2023},
              {"sheet", {{"sheet_id", "xa"}, {"version", "2023"}, {"title", "评分细则"}, {"items", items}}},
              {"units", Json::array({"yanta", "beilin"})},
              {"phases", {{"self_check", "2023-04-10T15:59:59.999Z"}, {"system_check", "2023-04-20T15:59:59.999Z"},
                          {"spot_check", "2023-05-10T15:59:59.999Z"}, {"rectification", "2023-06-10T15:59:59.999Z"},
                          {"reporting", "2023-06-30T15:59:59.999Z"}}},
              {"escalation", Json::array({Json{{"level", "reminder"}, {"after_days", 0}}})}};
}

Json Finding(int64_t n, const char* unit, const char* item, int64_t x100, Json extra = Json::object()) {
  Json f{{"finding", n},       {"unit", unit},   {"item", item},        {"item_title", "条目"}, {"area", "1"},
         {"points_x100", x100}, {"reason", "问题"}, {"suggestion", ""},   {"evidence", Json::array()},
         {"phase", "spot_check"}, {"open_task", true}, {"rectify_by", "2023-06-10T15:59:59.999Z"}};
  for (auto& [k, v] : extra.items()) f[k] = v;
  return f;
}

std::set<std::string> Keys(const Json& j) {
  std::set<std::string> k;
  for (auto it = j.begin(); it != j.end(); ++it) k.insert(it.key());
  return k;
}

TEST(RoundState, ARoundFromCreationToCloseReadsBackWholeAtEveryStep) {
  const std::vector<EventEnvelope> life = {
      Event("CampaignCreated", Created(), "2023-03-20T09:00:00+08:00"),
      Event("CampaignLaunched", {{"note", ""}}, "2023-03-21T09:00:00+08:00"),
      Event("PhaseStarted", {{"phase", "self_check"}, {"note", ""}}, "2023-03-22T09:00:00+08:00"),
      Event("PhaseRescheduled",
            {{"phase", "self_check"}, {"previous_deadline", "2023-04-10T15:59:59.999Z"}, {"deadline", "2023-04-12T15:59:59.999Z"},
             {"reason", "清明节"}},
            "2023-03-23T09:00:00+08:00"),
      Event("ScheduleSet", {{"stages", Json::array({Json{{"name", "自查自评"}, {"starts", "2023-03-22"}, {"ends", "2023-04-12"}, {"ends_pending", ""}}})},
                            {"reason", ""}},
            "2023-03-23T10:00:00+08:00"),
      Event("StageMoved",
            {{"stage", "自查自评"}, {"starts", "2023-03-22"}, {"ends", "2023-04-15"}, {"ends_pending", ""}, {"previous", Json::object()},
             {"reason", "延期"}},
            "2023-03-24T09:00:00+08:00"),
      Event("PhaseStarted", {{"phase", "spot_check"}, {"note", ""}}, "2023-04-21T09:00:00+08:00"),
      Event("FindingRecorded", Finding(1, "yanta", "1", 800, {{"rule", "1.1"}}), "2023-04-22T09:00:00+08:00", "inspector-li"),
      Event("FindingRecorded", Finding(2, "beilin", "1", 0, {{"veto", true}}), "2023-04-22T10:00:00+08:00", "inspector-li"),
      Event("AssessmentRecorded",
            {{"unit", "yanta"}, {"item", "2"}, {"method", "ratio"}, {"qualified", 9}, {"sampled", 10}, {"points_x100", 5400}, {"note", ""}},
            "2023-04-22T11:00:00+08:00", "inspector-li"),
      Event("FindingWithdrawn", {{"finding", 2}, {"unit", "beilin"}, {"item", "1"}, {"reason", "复核"}}, "2023-04-23T09:00:00+08:00"),
      Event("CampaignClosed", {{"note", ""}}, "2023-07-01T09:00:00+08:00")};
  InspectionRound r;
  EXPECT_TRUE(r.ToJson().is_null()) << "no round before its creation";
  for (const EventEnvelope& e : life) {
    ApplyRoundEvent(r, e);
    const Json j = r.ToJson();
    EXPECT_EQ(InspectionRound::FromJson(j), r) << "after " << e.type << ": " << j.dump();
    EXPECT_EQ(InspectionRound::FromJson(j).ToJson(), j) << "after " << e.type;
    EXPECT_EQ(j["updated_at"], FormatIsoMs(e.occurred_at)) << e.type;
  }
  const Json j = r.ToJson();
  EXPECT_EQ(j["state"], "closed");
  EXPECT_EQ(j["phases"]["self_check"], "2023-04-12T15:59:59.999Z") << "rescheduled";
  EXPECT_EQ(j["schedule"][0]["ends"], "2023-04-15") << "the stage moved";
  EXPECT_EQ(j["phase_started"], Json({{"self_check", "2023-03-22T01:00:00.000Z"}, {"spot_check", "2023-04-21T01:00:00.000Z"}}));
  ASSERT_EQ(j["findings"].size(), 2u);
  EXPECT_EQ(j["findings"][0]["recorded_by"], "inspector-li");
  EXPECT_EQ(j["findings"][1]["withdrawn"], true);
  EXPECT_EQ(j["findings"][1]["withdraw_reason"], "复核");
  EXPECT_EQ(r.active_findings, 1);
  EXPECT_EQ(j["tallies"]["yanta"]["deducted"]["1"], 800);
  EXPECT_EQ(j["tallies"]["yanta"]["ruled"]["1.1"], 800) << "counted against the rule's cap";
  EXPECT_EQ(j["tallies"]["yanta"]["assessed"]["2"], 5400);
  EXPECT_FALSE(j["tallies"]["beilin"].contains("vetoes")) << "the veto withdrawn leaves nothing";
  EXPECT_EQ(j["scores"]["beilin"]["pass"], true);
  EXPECT_EQ(j["scores"]["yanta"]["score_x100"], 10000 - 800 - 600) << "1000 of a capped 800, and 54 of the ratio's 60";
  EXPECT_EQ(Keys(j), (std::set<std::string>{"campaign_id", "closed_at", "created_at", "escalation", "findings", "launched_at",
                                            "phase_started", "phases", "schedule", "scores", "sheet", "state", "tallies",
                                            "title", "units", "updated_at", "year"}))
      << "the keys the state has always had, no more";
}

TEST(RoundState, ACancelledRoundKeepsItsReasonAndAnOlderBuildsKeysSurvive) {
  InspectionRound r;
  Json created = Created();
  created["organiser"] = "市安委办";  // a key a newer build's event carries
  created.erase("year");
  ApplyRoundEvent(r, Event("CampaignCreated", created, "2023-03-20T09:00:00+08:00"));
  ApplyRoundEvent(r, Event("CampaignCancelled", {{"reason", "并入省级督查"}}, "2023-03-21T09:00:00+08:00"));
  const Json j = r.ToJson();
  EXPECT_EQ(j["state"], "cancelled");
  EXPECT_EQ(j["cancel_reason"], "并入省级督查");
  EXPECT_EQ(j["organiser"], "市安委办") << "kept and written back";
  EXPECT_FALSE(j.contains("year")) << "a creation that named no year has none";
  EXPECT_FALSE(j.contains("schedule"));
  EXPECT_EQ(InspectionRound::FromJson(j), r);
  EXPECT_EQ(InspectionRound::FromJson(j).ToJson(), j);
}

TEST(RoundState, WhatIsNotARoundsStateIsRefused) {
  EXPECT_THROW(InspectionRound::FromJson(Json{{"title", "x"}}), std::exception);
  EXPECT_THROW(InspectionRound::FromJson(Json::array()), std::exception);
  EXPECT_EQ(InspectionRound::FromJson(Json()), InspectionRound()) << "null: before the first event";
}

}  // namespace
}  // namespace safecity::campaign
