// 阶段报告 and 通报 count the period's facts only, through the real binary:
// a quarter's report and a month's bulletin leave out what happened after
// them (a task accepted in April, an escalation of April), and the bands of
// the completion rate are counted as Xi'an's progress bulletin counts them.
#include <gtest/gtest.h>

#include "tests/integration/cli_fixture.h"

namespace safecity::testing {
namespace {

class PeriodReport : public CliDataTest {
 protected:
  void SetUp() override {
    Ok({"init"});
    Ok({"unit", "add", "--id", "zjj", "--name", "市住建局", "--kind", "department"});
    Ok({"unit", "add", "--id", "cgj", "--name", "市城管局", "--kind", "department"});
    Ok({"unit", "add", "--id", "yanta", "--name", "雁塔区", "--kind", "district"});
    evidence_ = Write("整改报告.pdf", "%PDF-1.4 report");
  }
  void Assign(const std::string& id, const std::string& lead, const std::string& deadline) {
    Ok({"--at", "2023-01-05", "task", "assign", "--id", id, "--title", "任务 " + id, "--lead", lead, "--deadline", deadline});
  }
  // The unit does the work and the office accepts it at `at`.
  void Finish(const std::string& id, const std::string& unit, const std::string& at) {
    Ok({"--as", unit, "--at", "2023-01-06", "task", "ack", id});
    Ok({"--as", unit, "--at", "2023-01-06", "task", "plan", id, "--plan", "按要求整改"});
    Ok({"--as", unit, "--at", "2023-01-06", "task", "start", id});
    Ok({"--as", unit, "--at", at, "task", "submit", id, "--file", evidence_});
    Ok({"--at", at, "task", "accept", id});
  }
  Json Report(const std::string& from, const std::string& to) {
    auto r = Run({"--output", "json", "report", "period", "--from", from, "--to", to});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return Json::parse(r.out, nullptr, false);
  }
  static Json Row(const Json& rep, const std::string& unit) {
    for (const Json& u : rep["units"])
      if (u["unit"] == unit) return u;
    return nullptr;
  }
  std::string evidence_;
};

TEST_F(PeriodReport, AQuarterCountsItsOwnFactsAndItsBands) {
  Assign("T1", "zjj", "2023-03-10");
  Finish("T1", "zjj", "2023-03-08");  // on time
  Assign("T2", "zjj", "2023-03-20");
  Finish("T2", "zjj", "2023-04-05");  // done after the quarter
  Assign("T3", "yanta", "2023-03-31");  // never done
  Assign("T4", "cgj", "2023-04-20");   // due after the quarter
  Assign("T5", "cgj", "2023-02-10");
  Ok({"--at", "2023-02-11T10:00:00+08:00", "clock", "tick"});  // T5: reminder, in the quarter
  Finish("T5", "cgj", "2023-02-20");                           // late, but done in the quarter
  Ok({"--at", "2023-04-11T10:00:00+08:00", "clock", "tick"});  // T3 climbs in April

  Json q1 = Report("2023-01-01", "2023-03-31");
  Json zjj = Row(q1, "zjj"), cgj = Row(q1, "cgj"), yanta = Row(q1, "yanta");
  ASSERT_TRUE(zjj.is_object() && cgj.is_object() && yanta.is_object()) << q1.dump();
  EXPECT_EQ(zjj["due"], 2);
  EXPECT_EQ(zjj["done"], 1) << "T2 was accepted in April";
  EXPECT_EQ(zjj["on_time"], 1);
  EXPECT_EQ(zjj["undone"], 1);
  EXPECT_DOUBLE_EQ(zjj["rate"].get<double>(), 0.5);
  EXPECT_EQ(cgj["due"], 1) << "T4 is due in April";
  EXPECT_EQ(cgj["done"], 1);
  EXPECT_EQ(cgj["on_time"], 0);
  EXPECT_EQ(cgj["escalations"]["reminder"], 1);
  EXPECT_EQ(yanta["undone"], 1);
  EXPECT_TRUE(yanta["escalations"].empty()) << "T3's escalations are April's: " << yanta.dump();
  // Bands per kind, disjoint: 市城管局 at 100 %, 市住建局 below 70 %.
  ASSERT_EQ(q1["bands"].size(), 2u);
  EXPECT_EQ(q1["bands"][0]["kind"], "department");
  EXPECT_EQ(q1["bands"][0]["units"], 2);
  EXPECT_DOUBLE_EQ(q1["bands"][0]["average_rate"].get<double>(), 0.75);
  EXPECT_EQ(q1["bands"][0]["at_100"], 1);
  EXPECT_EQ(q1["bands"][0]["below_70"], 1);
  EXPECT_EQ(q1["bands"][1]["kind"], "district");
  EXPECT_EQ(q1["total"]["due"], 4);

  // April: T4 is due, T3's climb is there; T2 (due in March) is not.
  Json april = Report("2023-04-01", "2023-04-30");
  EXPECT_EQ(Row(april, "zjj"), nullptr) << april.dump();
  EXPECT_FALSE(Row(april, "yanta")["escalations"].empty());
  EXPECT_EQ(Row(april, "cgj")["due"], 1);

  auto text = Run({"report", "period", "--from", "2023-01-01", "--to", "2023-03-31"});
  EXPECT_NE(text.out.find("部门 2 个：平均完成率 75.00%，其中 1 个达到 100%，0 个达到 90% 以上，0 个达到 70% 以上，1 个低于 70%"),
            std::string::npos)
      << text.out;
  Refused({"report", "period", "--from", "2023-03-31", "--to", "2023-01-01"}, 2, "--to");
  Refused({"report", "period", "--from", "2023-01-01", "--to", "2023-03-31", "--campaign", "no-such-round"}, 2, "no-such-round");
}

// A March bulletin names the units late at the end of March, at the level
// they had reached then: not the interview their work climbed to in April.
TEST_F(PeriodReport, AMonthsBulletinShowsTheLevelsOfThatMonth) {
  Assign("T3", "yanta", "2023-03-20");
  Assign("T2", "zjj", "2023-03-25");
  Finish("T2", "zjj", "2023-04-02");
  Ok({"--at", "2023-03-21T10:00:00+08:00", "clock", "tick"});  // T3: reminder in March
  Ok({"--at", "2023-04-01T10:00:00+08:00", "clock", "tick"});  // T3: 12 days late, interview in April
  auto r = Run({"--output", "json", "report", "bulletin", "--from", "2023-03-01", "--to", "2023-03-31"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Json late = Json::parse(r.out)["late_units"];
  ASSERT_EQ(late.size(), 2u) << late.dump();
  EXPECT_EQ(late[0]["unit"], "yanta");
  EXPECT_EQ(late[0]["worst"], "reminder") << "the level at the end of March";
  EXPECT_EQ(late[1]["unit"], "zjj") << "late at the end of March, though done in April";
  EXPECT_TRUE(late[1]["worst"].is_null());
  auto april = Json::parse(Run({"--output", "json", "report", "bulletin", "--from", "2023-04-01", "--to", "2023-04-30"}).out);
  ASSERT_EQ(april["late_units"].size(), 1u);
  EXPECT_EQ(april["late_units"][0]["worst"], "interview");
}

// The "four ones" loop (四个一): 暗访 → 曝光 → 交办 → 整改 → 闭环 → 通报（问责）,
// each step on the hazard's record, and the accountability in the period's report.
TEST_F(PeriodReport, TheFourOnesLoopFromUnannouncedInspectionToAccountability) {
  Ok({"--at", "2023-03-28", "hazard", "report", "--id", "AF-1", "--title", "建筑工地未设置安全防护", "--source", "unannounced_inspection",
      "--unit", "雁塔区"});
  Ok({"--at", "2023-03-29", "hazard", "expose", "AF-1", "--medium", "西安电视台《每日聚焦》", "--on", "2023-03-29", "--ref", "第 88 期"});
  Ok({"--at", "2023-03-30", "hazard", "confirm", "AF-1", "--grade", "major", "--deadline", "2023-04-15"});
  Refused({"--as", "yanta", "--at", "2023-03-30", "hazard", "expose", "AF-1", "--medium", "x", "--on", "2023-03-30"}, 2, "expose");
  Refused({"--at", "2023-03-30", "hazard", "expose", "AF-1", "--medium", "x", "--on", "2023-02-30"}, 2, "published_on");
  Ok({"--at", "2023-05-10", "hazard", "accountability", "AF-1", "--subject", "张某某，雁塔区住建局副局长", "--decision", "诫勉谈话",
      "--on", "2023-05-10", "--document-no", "雁纪发〔2023〕12号"});
  auto history = Run({"history", "hazard-AF-1"});
  EXPECT_NE(history.out.find("曝光（西安电视台《每日聚焦》，2023-03-29）：第 88 期"), std::string::npos) << history.out;
  EXPECT_NE(history.out.find("问责：张某某，雁塔区住建局副局长（雁塔区），诫勉谈话，2023-05-10，文号 雁纪发〔2023〕12号"), std::string::npos)
      << history.out;
  Json hz = Json::parse(Run({"--output", "json", "history", "hazard-AF-1", "--as-of", "2023-12-31"}).out);
  EXPECT_EQ(hz["state"]["exposures"].size(), 1u) << hz.dump();
  EXPECT_EQ(hz["state"]["accountability"][0]["unit"], "yanta") << "the hazard's unit when none is named";
  EXPECT_EQ(Row(Report("2023-05-01", "2023-05-31"), "yanta")["accountability"], 1);
  EXPECT_EQ(Row(Report("2023-03-01", "2023-03-31"), "yanta")["accountability"], 0) << "decided in May";
  EXPECT_EQ(Row(Report("2023-03-01", "2023-03-31"), "yanta")["hazards_found"], 1);
}

}  // namespace
}  // namespace safecity::testing
