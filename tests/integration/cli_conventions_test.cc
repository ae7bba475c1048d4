// What people expect of a command line, through the real binary: --version,
// options after the subcommand, `init` of a directory whose parents are not
// there yet, lists that say how many rows they left out and page on, and
// --output json with raw values (ids, state names, ISO times, booleans),
// not the words a table shows.
#include <gtest/gtest.h>

#include "tests/integration/cli_fixture.h"

namespace safecity::testing {
namespace {

class CliConventions : public CliDataTest {};

TEST_F(CliConventions, VersionOptionsAfterTheSubcommandAndInitOfNewParents) {
  auto v = RunCli({"--version"});
  EXPECT_EQ(v.exit_code, 0) << v.err;
  EXPECT_EQ(v.out.rfind("safecity ", 0), 0u) << v.out;

  const std::string deep = dir_.sub("srv/safecity/2023/data");
  auto init = RunCli({"--data", deep, "init"});
  ASSERT_EQ(init.exit_code, 0) << "init makes the missing parents, as mkdir -p: " << init.err;
  auto after = RunCli({"task", "list", "-o", "json", "--data", deep});
  ASSERT_EQ(after.exit_code, 0) << after.err;
  EXPECT_EQ(Json::parse(after.out), Json::array()) << "global options after the subcommand are read";
}

TEST_F(CliConventions, AListCutShortSaysHowManyMoreAndPagesWithRawJson) {
  Ok({"init"});
  Ok({"unit", "add", "--id", "yanta", "--name", "雁塔区", "--kind", "district"});
  for (int i = 1; i <= 5; ++i)
    Ok({"--at", "2023-03-01", "task", "assign", "--id", "T" + std::to_string(i), "--title", "整改" + std::to_string(i), "--lead",
        "雁塔区", "--deadline", "2023-04-0" + std::to_string(i)});
  auto first = Run({"--at", "2023-04-03T12:00:00+08:00", "task", "list", "--open", "--limit", "2"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.err.find("还有 3 个任务未列出；用 --offset 2 看下一页"), std::string::npos) << first.err;
  auto page = Run({"--at", "2023-04-03T12:00:00+08:00", "task", "list", "--open", "--limit", "2", "--offset", "2", "-o", "json"});
  ASSERT_EQ(page.exit_code, 0) << page.err;
  Json rows = Json::parse(page.out);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0]["task_id"], "T3") << "the second page, earliest deadline first";
  EXPECT_EQ(rows[0]["lead_unit"], "yanta") << "an id, not the name a table shows";
  EXPECT_EQ(rows[0]["state"], "assigned") << "the state's name, not 'assigned 已交办'";
  EXPECT_EQ(rows[0]["deadline"], "2023-04-03T15:59:59.999Z");
  EXPECT_EQ(rows[0]["overdue"], false);
  auto last = Run({"--at", "2023-04-03T12:00:00+08:00", "task", "list", "--open", "--offset", "4"});
  EXPECT_EQ(last.err.find("未列出"), std::string::npos) << "the last page leaves nothing out: " << last.err;
  auto mine = Run({"--as", "雁塔区", "--at", "2023-04-03T12:00:00+08:00", "my", "tasks", "--limit", "1", "-o", "json"});
  ASSERT_EQ(mine.exit_code, 0) << mine.err;
  EXPECT_EQ(Json::parse(mine.out).size(), 1u);
  EXPECT_NE(mine.err.find("还有 4 个任务未列出"), std::string::npos) << mine.err;
  EXPECT_EQ(Json::parse(mine.out)[0]["overdue"], true) << "T1 was due on 1 April";
}

// A history line is in one language: Chinese by default, English with --lang en.
TEST_F(CliConventions, HistoryLinesAreInOneLanguage) {
  Ok({"init"});
  Ok({"unit", "add", "--id", "changan", "--name", "长安区", "--kind", "district"});
  Ok({"unit", "add", "--id", "fire", "--name", "市消防救援支队"});
  Ok({"--at", "2023-03-01", "task", "assign", "--id", "T1", "--title", "燃气管道整改", "--lead", "长安区", "--coop", "市消防救援支队",
      "--deadline", "2023-04-01"});
  Ok({"--at", "2023-03-02", "--as", "长安区", "task", "ack", "T1"});
  auto zh = Run({"history", "T1"});
  ASSERT_EQ(zh.exit_code, 0) << zh.err;
  EXPECT_NE(zh.out.find("交办给 长安区，配合单位 市消防救援支队，完成时限 2023-04-01 23:59：燃气管道整改"), std::string::npos) << zh.out;
  EXPECT_NE(zh.out.find("签收"), std::string::npos) << zh.out;
  for (const char* english : {"assigned", "with", "due", "acknowledged"})
    EXPECT_EQ(zh.out.find(std::string(" ") + english), std::string::npos) << english << " in " << zh.out;
  auto en = Run({"--lang", "en", "history", "T1"});
  EXPECT_NE(en.out.find("assigned to 长安区 with 市消防救援支队, due 2023-04-01 23:59: 燃气管道整改"), std::string::npos) << en.out;
  for (const char* chinese : {"交办", "签收", "完成时限"}) EXPECT_EQ(en.out.find(chinese), std::string::npos) << chinese << " in " << en.out;
}

}  // namespace
}  // namespace safecity::testing

namespace safecity::testing {
namespace {

// --output json gives programs raw values in every list: ids, numbers, ISO
// times, the vocabulary's names — never the words or figures a table shows
// people ("现场 on_site", "-3", "100.0%", "2023-04-30 23:59", "雁塔区").
TEST(CliRawJson, EveryListOfTheDemoRoundGivesRawValues) {
  TempDir dir;
  const std::string data = dir.sub("demo");
  ASSERT_EQ(RunCli({"demo", "--dir", data}).exit_code, 0);
  auto json = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {"--data", data, "--output", "json"});
    CliRun r = RunCli(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return Json::parse(r.out, nullptr, false);
  };
  Json rounds = json({"campaign", "list"});
  ASSERT_FALSE(rounds.empty());
  EXPECT_EQ(rounds[0]["ends"], "2023-04-30T15:59:59.999Z");
  Json hazards = json({"hazard", "list"});
  ASSERT_FALSE(hazards.empty());
  for (const Json& h : hazards) {
    EXPECT_TRUE(h["grade"] == "general" || h["grade"] == "major" || (h["state"] == "dismissed" && h["grade"] == "")) << h.dump();
    EXPECT_TRUE(h["deadline"].is_null() || h["deadline"].get<std::string>().back() == 'Z') << "ISO or none: " << h.dump();
    EXPECT_EQ(h["unit"].get<std::string>().rfind("xa-", 0), 0u) << "a unit id: " << h.dump();
  }
  for (const Json& v : json({"verification", "list"})) EXPECT_TRUE(v["mode"] == "desk" || v["mode"] == "on_site") << v.dump();
  Json fb = json({"report", "feedback", "xian-2023-self-inspection", "--unit", "长安区"});
  ASSERT_FALSE(fb.empty());
  EXPECT_TRUE(fb[0]["points"].is_number()) << fb[0].dump();
  EXPECT_EQ(fb[0]["item"].get<std::string>().find(' '), std::string::npos) << "the item's id: " << fb[0].dump();
  for (const Json& u : json({"unit", "list"})) {
    EXPECT_TRUE(u["rate"].is_number() || u["rate"].is_null()) << u.dump();
    EXPECT_TRUE(u["membership"].is_object()) << u.dump();
  }
}

}  // namespace
}  // namespace safecity::testing
