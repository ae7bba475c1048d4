// The auditor's export (导出) and the CLI's languages: a stream or a whole
// round as JSON lines whose hashes check outside safecity, or as CSV a
// spreadsheet opens; a file written whole; bad requests name the option.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "workflows/imports/table_text.h"
#include "engine/envelope.h"
#include "engine/sha256.h"
#include "tests/integration/cli_fixture.h"

namespace safecity::testing {
namespace {

constexpr const char* kRound = "xian-2023-self-inspection";

class Export : public CliDataTest {
 protected:
  void SetUp() override {
    Ok({"init"});
    Ok({"--at", "2023-03-01", "template", "install", "xian2023"});
    Ok({"--at", "2023-03-02", "task", "assign", "--id", "IN-1", "--title", "消防\"通道\",堵塞", "--lead", "雁塔区", "--deadline",
        "2023-04-15", "--campaign", kRound});
    Ok({"--at", "2023-03-03", "--as", "雁塔区", "task", "ack", "IN-1"});
    Ok({"--at", "2023-03-02", "task", "assign", "--id", "OUT-1", "--title", "别的工作", "--lead", "雁塔区", "--deadline", "2023-04-15"});
    // A hazard found in the round: its task and the task's verification are the round's too.
    Ok({"--at", "2023-03-04", "hazard", "report", "--id", "H1", "--title", "配电室堆放杂物", "--source", "inspection_round", "--unit",
        "雁塔区", "--campaign", kRound});
    Ok({"--at", "2023-03-05", "hazard", "confirm", "H1", "--grade", "general", "--deadline", "2023-04-10"});
    Ok({"--at", "2023-03-06", "--as", "雁塔区", "task", "ack", "HZ-H1"});
    Ok({"--at", "2023-03-06", "--as", "雁塔区", "task", "plan", "HZ-H1", "--plan", "清理杂物", "--complete-by", "2023-03-07"});
    Ok({"--at", "2023-03-06", "--as", "雁塔区", "task", "start", "HZ-H1"});
    Ok({"--at", "2023-03-07", "--as", "雁塔区", "task", "submit", "HZ-H1", "--evidence",
        "照片.zip|" + std::string(64, 'a') + "|https://files.example/h1.zip"});
  }
  static std::string Slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
};

TEST_F(Export, AStreamAsJsonLinesWhoseHashesCheckOutside) {
  auto r = Run({"export", "IN-1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::istringstream lines(r.out);
  std::string line;
  int n = 0;
  std::string prev;
  while (std::getline(lines, line)) {
    auto e = EventFromJson(Json::parse(line));
    ASSERT_TRUE(e.ok()) << line;
    EXPECT_EQ(e.value().stream, "task-IN-1");
    EXPECT_EQ(e.value().version, ++n);
    EXPECT_EQ(ComputeEventHash(e.value()), e.value().hash) << "the line is the event exactly as hashed";
    EXPECT_EQ(e.value().prev_hash, prev) << "and the lines chain";
    prev = e.value().hash;
  }
  EXPECT_GE(n, 2) << r.out;
  EXPECT_EQ(r.err, "") << "nothing but the events on a pipe: no progress bar";
}

TEST_F(Export, ARoundAsCsvHoldsItsOwnTasksOnlyWrittenWhole) {
  const std::string out = dir_.sub("round.csv");
  auto r = Run({"export", "--campaign", kRound, "--format", "csv", "--out", out});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string text = Slurp(out);
  EXPECT_NE(r.err.find("sha256 " + Sha256Hex(text)), std::string::npos) << "the summary names the file's checksum: " << r.err;
  auto csv = imports::ParseCsv("round.csv", text);
  ASSERT_TRUE(csv.ok()) << csv.status().ToString();
  const int stream = csv.value().Column({"stream"}), data = csv.value().Column({"data"}), type = csv.value().Column({"type"});
  ASSERT_GE(stream, 0);
  ASSERT_GE(data, 0);
  bool own = false, task = false, title = false, hazard_task = false, verification = false;
  for (const auto& row : csv.value().rows) {
    const std::string& s = row.cells[static_cast<size_t>(stream)];
    EXPECT_NE(s, "task-OUT-1") << "a task outside the round is not in its export";
    own = own || s == std::string("campaign-") + kRound;
    hazard_task = hazard_task || s == "task-HZ-H1";
    verification = verification || s.rfind("verification-HZ-H1", 0) == 0;
    task = task || s == "task-IN-1";
    if (row.cells[static_cast<size_t>(type)] == "TaskAssigned" && s == "task-IN-1")
      title = Json::parse(row.cells[static_cast<size_t>(data)])["title"] == "消防\"通道\",堵塞";
  }
  EXPECT_TRUE(own);
  EXPECT_TRUE(task);
  EXPECT_TRUE(hazard_task) << "the task of a hazard found in the round";
  EXPECT_TRUE(verification) << "and its verification";
  EXPECT_TRUE(title) << "quotes and commas survive the CSV";
  EXPECT_FALSE(std::ifstream(out + ".partial").good()) << "no partial file left behind";
}

TEST_F(Export, BadRequestsNameTheOptionAndWriteNoFile) {
  const std::string out = dir_.sub("x.csv");
  Refused({"export", "IN-1", "--format", "xlsx", "--out", out}, 2, "--format");
  Refused({"export", "--campaign", "no-such-round"}, 2, "--campaign");
  Refused({"export"}, 2, "stream");
  Refused({"export", "no-such-task"}, 2, "no events");
  EXPECT_FALSE(std::ifstream(out).good());
  Refused({"export", "IN-1", "--out", dir_.sub("no/such/dir/x.jsonl")}, 2, "--out");
}

TEST_F(Export, EnglishHeadersOnRequestAndChineseByDefault) {
  auto zh = Run({"task", "list"});
  EXPECT_NE(zh.out.find("任务编号"), std::string::npos) << zh.out;
  auto en = Run({"--lang", "en", "task", "list"});
  ASSERT_EQ(en.exit_code, 0) << en.err;
  EXPECT_NE(en.out.find("task id"), std::string::npos) << en.out;
  EXPECT_EQ(en.out.find("任务编号"), std::string::npos) << en.out;
  EXPECT_EQ(Json::parse(Run({"--lang", "en", "--output", "json", "task", "list"}).out),
            Json::parse(Run({"--output", "json", "task", "list"}).out))
      << "JSON is the same in every language";
  auto bad = Run({"--lang", "fr", "task", "list"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--lang"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace safecity::testing
