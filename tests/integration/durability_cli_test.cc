// Durability through the built binary, as an operator meets it: `init` only
// where nothing is; a damaged store is one line with the way out (exit 3) and
// `repair --accept-loss` records the loss; queries run beside a `serve` on
// the same directory, a command that needs the writer names the server, two
// writers wait for each other; files are private whatever the umask.
#include <signal.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "engine/data_directory.h"
#include "engine/store.h"
#include "tests/integration/cli_fixture.h"

namespace safecity::testing {
namespace {

namespace fs = std::filesystem;

int Lines(const std::string& s) { return static_cast<int>(std::count(s.begin(), s.end(), '\n')); }

class Durability : public CliDataTest {
 protected:
  // A token for the office, issued before the server starts.
  std::string IssueOfficeToken() {
    CliRun r = Run({"token", "issue", "--role", "office", "--principal", "wang"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    const size_t at = r.out.find("sct_");
    return at == std::string::npos ? "" : r.out.substr(at, r.out.find_first_of(" \n", at) - at);
  }
  void Setup(int tasks) {
    Ok({"init"});
    Ok({"unit", "add", "--id", "yanta", "--name", "雁塔区", "--kind", "district"});
    for (int i = 1; i <= tasks; ++i)
      Ok({"task", "assign", "--id", "XA-" + std::to_string(i), "--title", "燃气管道隐患整改", "--lead", "yanta", "--deadline",
          "2031-04-15"});
  }
};

TEST_F(Durability, InitRefusesADirectoryThatIsNotEmptyAndTouchesNothingInIt) {
  fs::create_directories(data_);
  { std::ofstream(data_ + "/notes.txt") << "mine"; }
  auto r = Run({"init"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("is not empty"), std::string::npos) << r.err;
  EXPECT_EQ(Lines(r.err), 1) << r.err;
  EXPECT_EQ(std::distance(fs::directory_iterator(data_), fs::directory_iterator()), 1);
  fs::remove(data_ + "/notes.txt");
  Ok({"init"});
  auto twice = Run({"init"});
  EXPECT_EQ(twice.exit_code, 2);
  EXPECT_NE(twice.err.find("already holds a store"), std::string::npos) << twice.err;
}

TEST_F(Durability, AStoreWithoutCurrentIsCalledDamagedAndInitNeverDeletesItsTables) {
  Setup(3);
  const int64_t events = LogLength();
  {
    auto st = Store::Open(data_);
    ASSERT_TRUE(st.ok());
    ASSERT_TRUE(FlushAllColumnFamilies(st.value().get()).ok());
  }
  fs::remove(data_ + "/CURRENT");
  const int tables = InspectDataDirectory(data_).table_files;
  ASSERT_GT(tables, 0);
  auto list = Run({"task", "list"});
  EXPECT_EQ(list.exit_code, 3) << list.err;
  EXPECT_EQ(Lines(list.err), 1) << list.err;
  EXPECT_NE(list.err.find("CURRENT is missing"), std::string::npos) << list.err;
  EXPECT_NE(list.err.find("safecity repair --accept-loss"), std::string::npos) << list.err;
  EXPECT_EQ(list.err.find("safecity init"), std::string::npos) << "the advice that wiped 27 tables: " << list.err;
  auto init = Run({"init"});
  EXPECT_EQ(init.exit_code, 2) << init.err;
  EXPECT_NE(init.err.find("damaged"), std::string::npos) << init.err;
  auto served = Run({"serve", "--http", "127.0.0.1:0"});
  EXPECT_EQ(served.exit_code, 3) << served.err;
  EXPECT_EQ(InspectDataDirectory(data_).table_files, tables);
  auto repair = Run({"repair", "--accept-loss"});
  ASSERT_EQ(repair.exit_code, 0) << repair.err << repair.out;
  EXPECT_NE(repair.out.find("lost: nothing"), std::string::npos) << repair.out;
  EXPECT_EQ(LogLength(), events);
}

TEST_F(Durability, ADamagedLogIsOneLineWithTheWayOutAndRepairRecordsTheLoss) {
  Setup(30);
  const int64_t events = LogLength();
  fs::resize_file(NewestWriteAheadLog(data_), fs::file_size(NewestWriteAheadLog(data_)) / 2);
  for (std::vector<std::string> args : {std::vector<std::string>{"verify"}, {"history", "XA-1"}, {"task", "list"},
                                        {"task", "assign", "--id", "N1", "--title", "t", "--lead", "yanta", "--deadline", "2031-04-15"}}) {
    auto r = Run(args);
    EXPECT_EQ(r.exit_code, 3) << args[0] << ": " << r.err << r.out;
    EXPECT_EQ(Lines(r.err), 1) << r.err;
    EXPECT_NE(r.err.find("中的存储已损坏"), std::string::npos) << "Chinese by default\n" << r.err;
    EXPECT_NE(r.err.find("safecity repair --accept-loss"), std::string::npos) << r.err;
  }
  auto english = Run({"--lang", "en", "verify"});
  EXPECT_EQ(english.exit_code, 3) << english.err;
  EXPECT_NE(english.err.find("is damaged"), std::string::npos) << english.err;
  EXPECT_NE(english.err.find("restore a backup"), std::string::npos) << english.err;
  auto look = Run({"repair"});
  EXPECT_EQ(look.exit_code, 3) << look.err;
  EXPECT_NE(look.err.find("nothing was changed"), std::string::npos) << look.err;
  auto repair = Run({"--output", "json", "repair", "--accept-loss"});
  ASSERT_EQ(repair.exit_code, 0) << repair.err << repair.out;
  Json j = Json::parse(repair.out);
  EXPECT_TRUE(j["loss"].get<bool>());
  EXPECT_EQ(j["last_known"], events) << "its length at the last clean close";
  const int64_t first_lost = j["first_lost"].get<int64_t>();
  EXPECT_LT(first_lost, events);
  EXPECT_TRUE(j["intact"].get<bool>());
  // The log says so, and the chains and read models hold.
  EXPECT_EQ(LogLength(), first_lost);
  auto hist = Run({"history", "store-repairs", "--json"});
  ASSERT_EQ(hist.exit_code, 0) << hist.err;
  Json e = Json::parse(hist.out);
  EXPECT_EQ(e["type"], "LogLossAccepted");
  EXPECT_EQ(e["position"], first_lost);
  EXPECT_EQ(e["data"]["first_lost_position"], first_lost);
  auto words = Run({"history", "store-repairs"});
  EXPECT_NE(words.out.find("日志损坏：自位置 " + std::to_string(first_lost) + " 起丢失（曾到 " + std::to_string(events) + "）"),
            std::string::npos)
      << words.out;
  auto rebuild = Run({"--output", "json", "replay", "--rebuild"});
  ASSERT_EQ(rebuild.exit_code, 0) << rebuild.err;
  EXPECT_TRUE(Json::parse(rebuild.out)["identical"].get<bool>());
  Ok({"task", "list"});
}

TEST_F(Durability, QueriesRunBesideServeAndWritersAreSentToIt) {
  Setup(2);
  const std::string token = IssueOfficeToken();
  ServeProcess serve(data_);
  ASSERT_FALSE(serve.url.empty()) << serve.process->err();
  // A task assigned through the server after it started...
  auto via = RunCli({"--server", serve.url, "--data", dir_.sub("replica"), "task", "assign", "--id", "S1", "--title", "经服务端",
                     "--lead", "yanta", "--deadline", "2031-04-15"},
                    {{"SAFECITY_TOKEN", token}, {"HOME", dir_.path()}, {"SAFECITY_CONFIG", ""}});
  ASSERT_EQ(via.exit_code, 0) << via.err;
  // ... is seen by queries on the same directory, while the server runs.
  auto list = Run({"--output", "json", "task", "list"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_NE(list.out.find("S1"), std::string::npos) << list.out;
  // The follower's own files go in a private temporary directory, removed afterwards.
  const std::string tmp = dir_.sub("tmp");
  fs::create_directories(tmp);
  for (std::vector<std::string> q : {std::vector<std::string>{"verify"}, {"history", "S1"}, {"token", "list"}, {"unit", "list"},
                                     {"export", "task-S1"}, {"report", "bulletin", "--from", "2023-01-01", "--to", "2031-12-31"}}) {
    q.insert(q.begin(), {"--data", data_});
    auto r = RunCli(q, {{"TMPDIR", tmp}});
    EXPECT_EQ(r.exit_code, 0) << q[2] << ": " << r.err;
  }
  EXPECT_TRUE(fs::is_empty(tmp));
  // A command that needs the writer says where the writer is, in one line.
  for (std::vector<std::string> w : {std::vector<std::string>{"task", "assign", "--id", "S2", "--title", "t", "--lead", "yanta",
                                                              "--deadline", "2031-04-15"},
                                     {"replay", "--rebuild"}, {"repair", "--accept-loss"}}) {
    auto r = Run(w);
    EXPECT_EQ(r.exit_code, 3) << w[0] << ": " << r.err;
    EXPECT_EQ(Lines(r.err), 1) << r.err;
    EXPECT_NE(r.err.find("is served by `safecity serve` at " + serve.url), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("--server " + serve.url), std::string::npos) << r.err;
  }
  // The server's marker is private, and gone when it stops.
  struct stat st {};
  ASSERT_EQ(::stat((data_ + "/SERVING").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0077, 0u);
  EXPECT_EQ(serve.process->Stop(SIGTERM), 0) << serve.process->err();
  EXPECT_FALSE(fs::exists(data_ + "/SERVING"));
  Ok({"task", "assign", "--id", "S2", "--title", "t", "--lead", "yanta", "--deadline", "2031-04-15"});
}

TEST_F(Durability, AServerThatDiedLeavesNoClaimOnTheDirectory) {
  Setup(1);
  ServeProcess serve(data_);
  ASSERT_FALSE(serve.url.empty()) << serve.process->err();
  serve.process->Stop(SIGKILL);
  ASSERT_TRUE(fs::exists(data_ + "/SERVING"));
  Ok({"task", "assign", "--id", "K1", "--title", "t", "--lead", "yanta", "--deadline", "2031-04-15"});
}

TEST_F(Durability, TwoWritersWaitForEachOtherForABoundedTime) {
  Setup(1);
  // This process writes the directory; the command waits for it...
  auto held = Store::Open(data_);
  ASSERT_TRUE(held.ok()) << held.status().ToString();
  CliProcess writer({"--data", data_, "--timeout", "60", "task", "assign", "--id", "W1", "--title", "t", "--lead", "yanta",
                     "--deadline", "2031-04-15"});
  ASSERT_TRUE(writer.WaitForOutput("waiting", 60)) << writer.err();
  EXPECT_TRUE(writer.Running()) << writer.err();
  held.value().reset();  // ... and goes on when it is free
  EXPECT_EQ(writer.Wait(), 0) << writer.err();
  EXPECT_NE(writer.out().find("ok: task-W1"), std::string::npos) << writer.out();
  // A writer that is not free in time: one line naming the holder, exit 3.
  auto again = Store::Open(data_);
  ASSERT_TRUE(again.ok());
  auto r = Run({"--timeout", "1", "task", "assign", "--id", "W2", "--title", "t", "--lead", "yanta", "--deadline", "2031-04-15"});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.err.find("正被另一个 safecity 进程（pid " + std::to_string(::getpid()) + "）使用"), std::string::npos)
      << r.err;
  auto english = Run({"--lang", "en", "--timeout", "1", "task", "assign", "--id", "W2", "--title", "t", "--lead", "yanta",
                      "--deadline", "2031-04-15"});
  EXPECT_NE(english.err.find("in use by another safecity process (pid " + std::to_string(::getpid()) + ")"), std::string::npos)
      << english.err;
  EXPECT_NE(r.err.find("--timeout"), std::string::npos) << r.err;
}

TEST_F(Durability, TheDataDirectoryAndItsFilesArePrivateWhateverTheUmask) {
  const mode_t old = ::umask(022);
  Setup(2);
  Ok({"webhook", "key", "issue", "--unit", "yanta"});
  ::umask(old);
  struct stat st {};
  ASSERT_EQ(::stat(data_.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
  for (const auto& entry : fs::recursive_directory_iterator(data_)) {
    ASSERT_EQ(::stat(entry.path().c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0077, 0u) << entry.path() << ": " << std::oct << (st.st_mode & 0777);
  }
}

}  // namespace
}  // namespace safecity::testing
