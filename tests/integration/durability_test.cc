// Nothing acknowledged is lost, silently or otherwise (engine/store.h), on a
// real RocksDB: a damaged write-ahead log is refused, never opened shorter,
// and `repair --accept-loss` keeps what is whole and puts the loss on the
// record; a failed write at any step of a group commit (a full disk, through
// the fault-injecting Env of tests/fault_env.h) is refused whole, reads go
// on, and writes resume once space is back; files are private whatever the
// umask.
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "cli/exit_code.h"
#include "engine/data_directory.h"
#include "engine/engine.h"
#include "engine/log_audit.h"
#include "engine/replay.h"
#include "engine/store.h"
#include "tests/fault_env.h"
#include "tests/test_util.h"
#include "workflows/store/log_repairs.h"
#include "workflows/store/repair.h"
#include "workflows/registry.h"

namespace safecity::testing {
namespace {

namespace fs = std::filesystem;

constexpr int kTasks = 200;
constexpr int64_t kEvents = kTasks + 1;  // the unit's, then one per task

std::string Name(int i) { return "T" + std::to_string(i); }

void MustSubmit(Engine* e, CommandEnvelope c) {
  CommandResult r = e->Submit(std::move(c));
  ASSERT_TRUE(r.status.ok()) << r.body.dump();
}

CommandEnvelope Assign(int i) {
  return Cmd("assign-" + Name(i), "task.assign", "task-" + Name(i), Office(), AssignData(Name(i), "yanta", {}, "2031-04-15"));
}

// A unit and `tasks` tasks, each command its own synced group, through the
// engine (so that every read model, snapshot and command result is there).
void Populate(Engine* e, int tasks = kTasks) {
  MustSubmit(e, Cmd("reg-yanta", "unit.register", "unit-yanta", Office(), UnitData("yanta", "雁塔区", "district")));
  for (int i = 1; i <= tasks; ++i) MustSubmit(e, Assign(i));
}

void Populate(const std::string& dir) {
  EngineOptions eo;
  eo.domain = &DefaultDomain();
  eo.data_dir = dir;
  eo.partitions = 1;
  auto e = Engine::Open(eo);
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  Populate(e.value().get());
}

void CutToHalf(const std::string& file) { fs::resize_file(file, fs::file_size(file) / 2); }

void Flip100Bytes(const std::string& file) {
  std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
  f.seekg(static_cast<std::streamoff>(fs::file_size(file) / 2));
  std::string bytes(100, '\0');
  f.read(bytes.data(), 100);
  for (char& c : bytes) c = static_cast<char>(~c);
  f.seekp(static_cast<std::streamoff>(fs::file_size(file) / 2));
  f.write(bytes.data(), 100);
}

StoreOptions Existing() {
  StoreOptions o;
  o.create_if_missing = false;
  return o;
}

StoreOptions Reader() {
  StoreOptions o = Existing();
  o.mode = StoreMode::kReader;
  return o;
}

// Refused as damaged, in one line with the way out, and never a store that opens shorter.
void ExpectRefusedAsDamaged(const std::string& dir, const std::string& also = "") {
  for (const StoreOptions& o : {Existing(), Reader()}) {
    auto st = Store::Open(dir, o);
    ASSERT_FALSE(st.ok()) << "opened with " << st.value()->LastPosition() << " of " << kEvents << " events";
    EXPECT_EQ(st.status().code(), Status::Code::kStorage);
    EXPECT_EQ(cli::ExitCode(st.status()), 3);
    const std::string m = st.status().message();
    EXPECT_NE(m.find("is damaged"), std::string::npos) << m;
    EXPECT_NE(m.find("safecity repair --accept-loss"), std::string::npos) << m;
    EXPECT_NE(m.find("restore a backup"), std::string::npos) << m;
    EXPECT_EQ(m.find("safecity init"), std::string::npos) << "never suggest what destroys data: " << m;
    EXPECT_EQ(m.find('\n'), std::string::npos) << m;
    if (!also.empty()) {
      EXPECT_NE(m.find(also), std::string::npos) << m;
    }
  }
  EngineOptions eo;
  eo.domain = &DefaultDomain();
  eo.data_dir = dir;
  eo.create_if_missing = true;  // as `serve` opens it
  EXPECT_FALSE(Engine::Open(eo).ok()) << "the engine must not open it either";
}

TEST(DamagedLog, ALogCutToHalfIsRefusedNotOpenedShorter) {
  TempDir dir;
  Populate(dir.path());
  CutToHalf(NewestWriteAheadLog(dir.path()));
  ExpectRefusedAsDamaged(dir.path());
}

TEST(DamagedLog, HundredFlippedBytesAreRefused) {
  TempDir dir;
  Populate(dir.path());
  Flip100Bytes(NewestWriteAheadLog(dir.path()));
  ExpectRefusedAsDamaged(dir.path(), "Corruption");
}

TEST(DamagedLog, ALogCutBetweenTwoRecordsIsCaughtByItsLengthAtTheLastClose) {
  TempDir dir;
  Populate(dir.path());
  fs::resize_file(NewestWriteAheadLog(dir.path()), 0);  // no torn record: RocksDB alone sees a shorter, whole log
  ExpectRefusedAsDamaged(dir.path(), "held " + std::to_string(kEvents) + " events when it was last closed");
}

TEST(DamagedLog, ALogCutAfterACrashIsRefusedToo) {
  TempDir dir;
  const pid_t child = fork();
  if (child == 0) {  // writes, then dies without closing anything: no record of its length
    EngineOptions eo;
    eo.domain = &DefaultDomain();
    eo.data_dir = dir.path();
    eo.partitions = 1;
    auto e = Engine::Open(eo);
    if (!e.ok()) _exit(2);
    Populate(e.value().get());
    _exit(::testing::Test::HasFailure() ? 1 : 0);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  EXPECT_EQ(CleanShutdownPosition(dir.path()), 0);
  CutToHalf(NewestWriteAheadLog(dir.path()));
  ExpectRefusedAsDamaged(dir.path());
}

// The read models equal a rebuild from the log.
void ExpectReadModelsMatchTheLog(const std::string& dir) {
  auto st = Store::Open(dir, Existing());
  ASSERT_TRUE(st.ok()) << st.status().ToString();
  EXPECT_TRUE(CheckReadModelsCurrent(st.value().get()).ok());
  auto before = StateChecksum(st.value().get());
  auto rebuilt = RebuildReadModels(st.value().get(), DefaultWorkflows());
  ASSERT_TRUE(rebuilt.ok()) << rebuilt.status().ToString();
  EXPECT_EQ(before.value(), rebuilt.value().checksum);
  ExpectAllEventsValid(st.value().get());
}

store::RepairOptions RepairOf(const std::string& dir) {
  store::RepairOptions o;
  o.dir = dir;
  o.at_ms = *ParseIsoMs("2031-05-01T09:00:00+08:00");
  o.operator_name = "ops-zhang";
  return o;
}

std::string Identity(const std::string& dir) {
  auto st = Store::Open(dir, Reader());
  std::string id;
  if (st.ok()) st.value()->db()->GetDbIdentity(id);
  return id;
}

TEST(Repair, KeepsTheLogUpToTheDamageRecordsTheLossAndVerifies) {
  TempDir dir;
  Populate(dir.path());
  const std::string identity = Identity(dir.path());
  Flip100Bytes(NewestWriteAheadLog(dir.path()));
  auto rep = store::RepairStore(RepairOf(dir.path()));
  ASSERT_TRUE(rep.ok()) << rep.status().ToString();
  const store::RepairReport& r = rep.value();
  EXPECT_TRUE(r.repaired);
  EXPECT_TRUE(r.loss);
  EXPECT_NE(r.damage.find("Corruption"), std::string::npos) << r.damage;
  EXPECT_GT(r.last_kept, 1);
  EXPECT_LT(r.last_kept, kEvents);
  EXPECT_EQ(r.first_lost, r.last_kept + 1);
  EXPECT_EQ(r.last_known, kEvents) << "records after the damage are still readable";
  EXPECT_TRUE(r.intact) << r.first_broken;
  EXPECT_EQ(r.events, r.first_lost);
  EXPECT_NE(Identity(dir.path()), identity) << "replicas of the old log read the new one from its start";
  // Copies of the damaged log are kept.
  ASSERT_FALSE(r.kept.empty());
  EXPECT_FALSE(NewestWriteAheadLog(dir.path() + "/" + r.kept).empty()) << r.kept;

  {
    auto st = Store::Open(dir.path(), Existing());
    ASSERT_TRUE(st.ok()) << st.status().ToString();
    EXPECT_EQ(st.value()->LastPosition(), r.first_lost);
    auto loss = st.value()->ReadAll(r.first_lost, 1);
    ASSERT_TRUE(loss.ok());
    ASSERT_EQ(loss.value().size(), 1u);
    const EventEnvelope& e = loss.value()[0];
    EXPECT_EQ(e.type, "LogLossAccepted");
    EXPECT_EQ(e.stream, store::kRepairsStream);
    EXPECT_EQ(e.actor.role, "system");
    EXPECT_EQ(e.data["first_lost_position"], r.first_lost);
    EXPECT_EQ(e.data["last_known_position"], kEvents);
    EXPECT_EQ(e.data["operator"], "ops-zhang");
    EXPECT_EQ(e.data["kept"], r.kept);
    auto v = VerifyLog(st.value().get());
    ASSERT_TRUE(v.ok());
    EXPECT_TRUE(v.value().intact) << v.value().first_broken;
  }
  ExpectReadModelsMatchTheLog(dir.path());

  // The engine goes on: a lost command is carried out again when resent
  // (its result was lost with it), and the chains still verify.
  {
    EngineOptions eo;
    eo.domain = &DefaultDomain();
    eo.data_dir = dir.path();
    eo.partitions = 1;
    auto e = Engine::Open(eo);
    ASSERT_TRUE(e.ok()) << e.status().ToString();
    CommandResult again = e.value()->Submit(Assign(kTasks));
    ASSERT_TRUE(again.status.ok()) << again.body.dump();
    EXPECT_FALSE(again.body.value("duplicate", false));
    auto v = VerifyLog(e.value()->store());
    EXPECT_TRUE(v.value().intact) << v.value().first_broken;
  }
  ExpectReadModelsMatchTheLog(dir.path());
}

TEST(Repair, ALogCutShortNamesTheLengthItHadAtItsLastClose) {
  TempDir dir;
  Populate(dir.path());
  CutToHalf(NewestWriteAheadLog(dir.path()));
  auto rep = store::RepairStore(RepairOf(dir.path()));
  ASSERT_TRUE(rep.ok()) << rep.status().ToString();
  EXPECT_TRUE(rep.value().loss);
  EXPECT_EQ(rep.value().last_known, kEvents);
  EXPECT_TRUE(rep.value().intact);
  ExpectReadModelsMatchTheLog(dir.path());
  // The repaired store opens whole again; a second repair finds nothing to do.
  auto again = store::RepairStore(RepairOf(dir.path()));
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_FALSE(again.value().repaired);
}

TEST(Repair, AStoreThatOpensWholeIsLeftAsItIs) {
  TempDir dir;
  Populate(dir.path());
  auto rep = store::RepairStore(RepairOf(dir.path()));
  ASSERT_TRUE(rep.ok()) << rep.status().ToString();
  EXPECT_FALSE(rep.value().repaired);
  EXPECT_EQ(rep.value().events, kEvents);
  for (const auto& entry : fs::directory_iterator(dir.path()))
    EXPECT_NE(entry.path().filename().string().rfind("lost", 0), 0u) << entry.path();
}

TEST(Repair, AStoreThatLostItsCurrentIsNamedDamagedNeverEmptiedAndComesBackWhole) {
  TempDir dir;
  Populate(dir.path());
  {
    auto st = Store::Open(dir.path(), Existing());
    ASSERT_TRUE(st.ok());
    ASSERT_TRUE(FlushAllColumnFamilies(st.value().get()).ok());
  }
  fs::remove(dir.sub("CURRENT"));
  const int tables = InspectDataDirectory(dir.path()).table_files;
  ASSERT_GT(tables, 0);
  ExpectRefusedAsDamaged(dir.path(), "CURRENT is missing");
  StoreOptions create;  // as init and serve open a directory
  EXPECT_FALSE(Store::Open(dir.path(), create).ok());
  EXPECT_EQ(InspectDataDirectory(dir.path()).table_files, tables) << "no table file may be deleted";

  auto rep = store::RepairStore(RepairOf(dir.path()));
  ASSERT_TRUE(rep.ok()) << rep.status().ToString();
  EXPECT_TRUE(rep.value().current_restored);
  EXPECT_FALSE(rep.value().loss);
  EXPECT_EQ(rep.value().events, kEvents);
  EXPECT_TRUE(rep.value().intact);
  ExpectReadModelsMatchTheLog(dir.path());
}

TEST(ReaderStore, ReadsButRefusesEveryWrite) {
  TempDir dir;
  Populate(dir.path());
  auto st = Store::Open(dir.path(), Reader());
  ASSERT_TRUE(st.ok()) << st.status().ToString();
  EXPECT_EQ(st.value()->LastPosition(), kEvents);
  rocksdb::WriteBatch b;
  b.Put(st.value()->handle(Cf::kMeta), "x", "y");
  Status w = st.value()->Write(&b, true);
  EXPECT_EQ(w.code(), Status::Code::kStorage);
  EXPECT_NE(w.message().find("reading only"), std::string::npos) << w.message();
  std::vector<StreamAppend> none;
  EXPECT_FALSE(st.value()->Commit(&none, nullptr).ok());
  EXPECT_FALSE(st.value()->Reset(Cf::kReadModels).ok());
  EXPECT_TRUE(st.value()->Health().ok());
}

TEST(PrivateFiles, TheDataDirectoryIs0700AndItsFiles0600WhateverTheUmask) {
  TempDir dir;
  const std::string data = dir.sub("data");
  const mode_t old = ::umask(022);
  {
    EngineOptions eo;
    eo.domain = &DefaultDomain();
    eo.data_dir = data;
    eo.partitions = 1;
    auto e = Engine::Open(eo);
    ASSERT_TRUE(e.ok()) << e.status().ToString();
    Populate(e.value().get(), 3);
    ASSERT_TRUE(FlushAllColumnFamilies(e.value()->store()).ok());
  }
  ::umask(old);
  struct stat st {};
  ASSERT_EQ(::stat(data.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
  int files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(data)) {
    ASSERT_EQ(::stat(entry.path().c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0077, 0u) << entry.path() << " is readable by others: " << std::oct << (st.st_mode & 0777);
    ++files;
  }
  EXPECT_GT(files, 5);
}

// --- a full disk at every step of a group commit -----------------------------

struct Step {
  const char* name;
  FaultInjection::Kind kind;
  FaultInjection::Op op;
  bool flush;  // the step is the memtable flush the commit waits on
};

const Step kSteps[] = {
    {"WalAppend", FaultInjection::kWal, FaultInjection::kAppend, false},
    {"WalSync", FaultInjection::kWal, FaultInjection::kSync, false},
    {"TableWrite", FaultInjection::kTable, FaultInjection::kAppend, true},
    {"TableSync", FaultInjection::kTable, FaultInjection::kSync, true},
    {"ManifestAppend", FaultInjection::kManifest, FaultInjection::kAppend, true},
    {"ManifestSync", FaultInjection::kManifest, FaultInjection::kSync, true},
};

class FullDisk : public ::testing::TestWithParam<Step> {
 protected:
  void SetUp() override {
    auto e = Engine::Open(faults_.EngineOn(dir_.path(), 1));
    ASSERT_TRUE(e.ok()) << e.status().ToString();
    engine_ = std::move(e.value());
    Populate(engine_.get(), 10);
    acknowledged_ = engine_->store()->LastPosition();
    ASSERT_EQ(acknowledged_, 11);
  }

  // The disk fills at this step; the next command is refused whole.
  void FillTheDisk() {
    faults_.Fail(GetParam().kind, GetParam().op);
    if (GetParam().flush) {
      EXPECT_FALSE(FlushAllColumnFamilies(engine_->store()).ok());
    }
    CommandResult r = engine_->Submit(Assign(11));
    EXPECT_GT(faults_.injected(), 0);
    EXPECT_EQ(r.status.code(), Status::Code::kNoSpace) << r.body.dump();
    EXPECT_EQ(cli::ExitCode(r.status), 3);
    EXPECT_NE(r.status.message().find("no space left"), std::string::npos) << r.status.message();
    EXPECT_NE(r.status.message().find("nothing of it was kept"), std::string::npos) << r.status.message();
    EXPECT_EQ(engine_->store()->Health().code(), Status::Code::kNoSpace);
    // Reads go on, and show nothing of the refused command.
    EXPECT_EQ(engine_->store()->LastPosition(), acknowledged_);
    auto t1 = engine_->store()->ReadStream("task-T1");
    ASSERT_TRUE(t1.ok()) << t1.status().ToString();
    EXPECT_EQ(t1.value().size(), 1u);
    EXPECT_EQ(engine_->store()->StreamVersion("task-T11").value(), 0);
  }

  // Opened again without faults: exactly what was acknowledged, whole.
  void ExpectOnDisk(int64_t events) {
    auto st = Store::Open(dir_.path(), Existing());
    ASSERT_TRUE(st.ok()) << st.status().ToString();
    EXPECT_EQ(st.value()->LastPosition(), events);
    EXPECT_EQ(EventCount(st.value().get()), events);
    auto v = VerifyLog(st.value().get());
    EXPECT_TRUE(v.value().intact) << v.value().first_broken;
    EXPECT_TRUE(CheckReadModelsCurrent(st.value().get()).ok());
  }

  TempDir dir_;
  FaultInjection faults_;
  std::unique_ptr<Engine> engine_;
  int64_t acknowledged_ = 0;
};

TEST_P(FullDisk, TheCommandIsRefusedWholeReadsGoOnAndWritesResumeOnceSpaceIsFreed) {
  FillTheDisk();
  faults_.Clear();
  CommandResult again = engine_->Submit(Assign(11));  // the same command, resent
  ASSERT_TRUE(again.status.ok()) << again.body.dump();
  EXPECT_FALSE(again.body.value("duplicate", false)) << "the refused command was not half done";
  EXPECT_TRUE(engine_->store()->Health().ok());
  MustSubmit(engine_.get(), Assign(12));
  engine_.reset();
  ExpectOnDisk(acknowledged_ + 2);
}

TEST_P(FullDisk, ARestartWhileTheDiskIsFullKeepsExactlyWhatWasAcknowledged) {
  FillTheDisk();
  engine_.reset();  // stopped while the disk is full
  faults_.Clear();
  ExpectOnDisk(acknowledged_);
  EngineOptions eo;
  eo.domain = &DefaultDomain();
  eo.data_dir = dir_.path();
  eo.partitions = 1;
  auto e = Engine::Open(eo);
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  MustSubmit(e.value().get(), Assign(11));
}

INSTANTIATE_TEST_SUITE_P(EveryStep, FullDisk, ::testing::ValuesIn(kSteps),
                         [](const ::testing::TestParamInfo<Step>& p) { return std::string(p.param.name); });

}  // namespace
}  // namespace safecity::testing
