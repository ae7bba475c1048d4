// Tamper evidence that cannot be bypassed (issue 14, items 1–3): what an
// operator with write access to the data directory can do to the log, and
// what `verify`, signed checkpoints, inclusion proofs and the rebuild make
// of it. Every attack here passed `verify` before signed checkpoints.
#include <sys/stat.h>

#include <cstdio>
#include <fstream>

#include <gtest/gtest.h>

#include "engine/checkpoint.h"
#include "engine/data_directory.h"
#include "engine/checkpoint_publisher.h"
#include "engine/log_audit.h"
#include "engine/replay.h"
#include "engine/workflow.h"
#include "tests/integration/cli_fixture.h"
#include "tests/integration/engine_fixture.h"
#include "workflows/registry.h"

namespace safecity {
namespace {

using testing::Cmd;
using testing::Office;
using testing::TempDir;
using testing::UnitActor;
using testing::ExpectAllEventsValid;
using testing::RunCli;

class TamperEvidence : public testing::EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    RegisterUnits();
    for (int i = 1; i <= 6; ++i) {
      const std::string id = "XA-" + std::to_string(i);
      ASSERT_TRUE(Do(Cmd("a" + id, "task.assign", "task-" + id, Office(), testing::AssignData(id, "yanta"))).status.ok());
      ASSERT_TRUE(Do(Cmd("k" + id, "task.acknowledge", "task-" + id, UnitActor("yanta"), Json::object())).status.ok());
    }
    ASSERT_TRUE(checkpoint::GenerateKeyPair(keys_.sub("office.key")).ok());
    auto key = checkpoint::SigningKey::Load(keys_.sub("office.key"), dir_.sub("data"));
    ASSERT_TRUE(key.ok()) << key.status().ToString();
    signer_ = key.value();
    auto pub = checkpoint::PublicKey::Load(keys_.sub("office.key.pub"), "--public-key");
    ASSERT_TRUE(pub.ok()) << pub.status().ToString();
    public_key_ = pub.value();
  }

  // The engine closed and the store opened on its own, as an operator with ldb would.
  Store* Raw() {
    if (engine_) {
      ExpectAllEventsValid(engine_->store());
      engine_.reset();
    }
    if (!raw_) {
      auto st = Store::Open(dir_.sub("data"));
      EXPECT_TRUE(st.ok()) << st.status().ToString();
      raw_ = std::move(st.value());
    }
    return raw_.get();
  }
  void TearDown() override {
    raw_.reset();
    engine_.reset();  // the tampered log no longer validates as written; nothing to check
  }

  checkpoint::SignedTreeHead Sign() {
    auto head = SignCheckpoint(Raw(), *signer_, 1700000000000);
    EXPECT_TRUE(head.ok()) << head.status().ToString();
    return head.value();
  }

  EventEnvelope At(int64_t position) { return Raw()->ReadAll(position, 1).value().at(0); }
  void Put(const EventEnvelope& e, int64_t key) {
    ASSERT_TRUE(Raw()->db()->Put(rocksdb::WriteOptions(), Raw()->handle(Cf::kEvents), Store::BigEndian64(key),
                                 CanonicalJson(ToJson(e))).ok());
  }
  // The last event of `stream` with other data, re-hashed: its chain stays whole.
  int64_t RewriteTail(const std::string& stream) {
    auto events = Raw()->ReadStream(stream).value();
    EventEnvelope e = events.back();
    e.data["note"] = "forged";
    e.hash = ComputeEventHash(e);
    Put(e, e.position);
    return e.position;
  }
  VerifyReport Verify(const checkpoint::SignedTreeHead* head = nullptr) {
    VerifyOptions o;
    o.checkpoint = head;
    o.public_key = head ? public_key_.get() : nullptr;
    auto r = VerifyLog(Raw(), o);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.value();
  }

  // The message names `position` exactly, or a run of positions that holds it.
  static void ExpectNames(const std::string& msg, int64_t position) {
    const std::string exact = "(position " + std::to_string(position) + ")";
    if (msg.find(exact) != std::string::npos) return;
    const size_t at = msg.find("between positions ");
    ASSERT_NE(at, std::string::npos) << msg;
    long long a = 0, b = 0;
    ASSERT_EQ(std::sscanf(msg.c_str() + at, "between positions %lld and %lld", &a, &b), 2) << msg;
    EXPECT_LE(a, position) << msg;
    EXPECT_GE(b, position) << msg;
  }

  TempDir keys_;
  std::shared_ptr<checkpoint::SigningKey> signer_;
  std::shared_ptr<checkpoint::PublicKey> public_key_;
  std::unique_ptr<Store> raw_;
};

TEST_F(TamperEvidence, AnEventWhosePositionWasChangedIsFoundAndTheWalkGoesOn) {
  const int64_t last = Raw()->LastPosition();
  EventEnvelope e = At(3);
  e.position = 1000000000000;  // outside the hash, so the chain does not see it
  Put(e, 3);
  VerifyReport r = Verify();
  EXPECT_FALSE(r.intact);
  EXPECT_NE(r.first_broken.find("position 3"), std::string::npos) << r.first_broken;
  EXPECT_NE(r.first_broken.find("says it is at position 1000000000000"), std::string::npos) << r.first_broken;
  EXPECT_EQ(r.events, last) << "the walk goes by keys to the end of the log";
}

TEST_F(TamperEvidence, AGapInThePositionsIsNamed) {
  ASSERT_TRUE(Raw()->db()->Delete(rocksdb::WriteOptions(), Raw()->handle(Cf::kEvents), Store::BigEndian64(4)).ok());
  VerifyReport r = Verify();
  EXPECT_FALSE(r.intact);
  EXPECT_NE(r.first_broken.find("position 4 is missing"), std::string::npos) << r.first_broken;
}

TEST_F(TamperEvidence, ARewrittenAndRehashedTailPassesTheChainsButNotTheCheckpoint) {
  // 17 events: the right edge of the tree is 16 + 1, so the last event is a subtree of its own.
  ASSERT_TRUE(Do(Cmd("aXA-7", "task.assign", "task-XA-7", Office(), testing::AssignData("XA-7", "yanta"))).status.ok());
  ASSERT_EQ(Raw()->LastPosition(), 17);
  const auto head = Sign();
  EXPECT_TRUE(Verify(&head).intact) << "the untouched log is consistent with its checkpoint";
  const int64_t forged = RewriteTail("task-XA-7");
  EXPECT_TRUE(Verify().intact) << "hash chains alone cannot see a re-hashed tail";
  VerifyReport r = Verify(&head);
  EXPECT_FALSE(r.intact);
  EXPECT_NE(r.first_broken.find("no longer holds what the checkpoint"), std::string::npos) << r.first_broken;
  EXPECT_NE(r.first_broken.find("the first event that differs is task-XA-7@1 (position " + std::to_string(forged) + ")"),
            std::string::npos)
      << "the last event of the log is a subtree of its own: named exactly; " << r.first_broken;
  // A tail in the middle of the log lies in a larger subtree: named as the run that holds it.
  const int64_t earlier = RewriteTail("task-XA-3");
  VerifyReport r2 = Verify(&head);
  EXPECT_FALSE(r2.intact);
  ExpectNames(r2.first_broken, earlier);
}

TEST_F(TamperEvidence, ARechainedStreamIsLocatedWithTheCheckpointsTheLogRecorded) {
  // Checkpoints signed as the log grew, recorded in it (as `serve --signing-key` does).
  std::vector<checkpoint::SignedTreeHead> heads;
  for (int i = 1; i <= 3; ++i) {
    heads.push_back(Sign());
    const auto& h = heads.back();
    CommandEnvelope c = Cmd("cp" + std::to_string(i), "checkpoint.record", checkpoint::CheckpointStreamFor(LogIdOf(Raw())),
                            Actor{"checkpointer", "system"}, checkpoint::ToJson(h));
    raw_.reset();
    Open(true);
    auto res = Do(c);
    ASSERT_TRUE(res.status.ok()) << res.body.dump();
    const std::string id = "XB-" + std::to_string(i);
    ASSERT_TRUE(Do(Cmd("b" + id, "task.assign", "task-" + id, Office(), testing::AssignData(id, "beilin"))).status.ok());
    ASSERT_TRUE(Do(Cmd("bk" + id, "task.acknowledge", "task-" + id, UnitActor("beilin"), Json::object())).status.ok());
  }
  const auto latest = Sign();
  EXPECT_TRUE(Verify(&latest).intact);
  // Re-chain task-XA-2 from its first event: new data, every hash and link recomputed.
  auto events = Raw()->ReadStream("task-XA-2").value();
  std::string prev;
  for (EventEnvelope e : events) {
    e.prev_hash = prev;
    e.data["note"] = "re-chained";
    e.hash = ComputeEventHash(e);
    prev = e.hash;
    Put(e, e.position);
  }
  VerifyReport plain = Verify();
  EXPECT_FALSE(plain.intact) << "the log's own recorded checkpoints no longer match";
  EXPECT_NE(plain.first_broken.find("checkpoint the log recorded"), std::string::npos) << plain.first_broken;
  VerifyReport r = Verify(&latest);
  EXPECT_FALSE(r.intact);
  // The first forged event, or a run of positions that holds it, no longer than the first signed prefix.
  ExpectNames(r.first_broken, events.front().position);
  EXPECT_EQ(r.first_broken.find("between positions 1 and " + std::to_string(latest.tree_size)), std::string::npos)
      << "the checkpoints the log recorded narrow it down: " << r.first_broken;
}

TEST_F(TamperEvidence, ADroppedEndOfTheLogIsNamedFromTheFirstMissingPosition) {
  const auto head = Sign();
  const int64_t last = Raw()->LastPosition();
  for (int64_t p = last - 2; p <= last; ++p) {
    EventEnvelope e = At(p);
    rocksdb::WriteBatch b;
    b.Delete(Raw()->handle(Cf::kEvents), Store::BigEndian64(p));
    std::string index = e.stream;
    index.push_back('\0');
    index += Store::BigEndian64(e.version);
    b.Delete(Raw()->handle(Cf::kStreamIndex), index);
    ASSERT_TRUE(Raw()->db()->Write(rocksdb::WriteOptions(), &b).ok());
  }
  raw_.reset();
  // The store's own clean-close marker would refuse the shorter log as a cut
  // write-ahead log (durability_test.cc); the attacker rewrites it too.
  ASSERT_TRUE(RecordCleanShutdown(dir_.sub("data"), last - 3).ok());
  EXPECT_TRUE(Verify().intact) << "a shorter log is still a well-chained log";
  VerifyReport r = Verify(&head);
  EXPECT_FALSE(r.intact);
  EXPECT_NE(r.first_broken.find("positions " + std::to_string(last - 2) + "–" + std::to_string(last) + " are missing"),
            std::string::npos)
      << r.first_broken;
}

TEST_F(TamperEvidence, ACheckpointThatWasAlteredOrSignedByAnotherKeyIsRefused) {
  auto head = Sign();
  head.tree_size -= 1;
  VerifyOptions o{&head, public_key_.get()};
  auto r = VerifyLog(Raw(), o);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("altered after it was signed"), std::string::npos) << r.status().ToString();
  ASSERT_TRUE(checkpoint::GenerateKeyPair(keys_.sub("other.key")).ok());
  auto other = checkpoint::PublicKey::Load(keys_.sub("other.key.pub"), "--public-key").value();
  const auto good = Sign();
  VerifyOptions o2{&good, other.get()};
  auto r2 = VerifyLog(Raw(), o2);
  ASSERT_FALSE(r2.ok());
  EXPECT_NE(r2.status().message().find("signed with key " + good.key_id), std::string::npos) << r2.status().ToString();
}

TEST_F(TamperEvidence, AnInclusionProofIsCheckedWithThePublicKeyAloneAndFailsForAnAlteredEvent) {
  const auto head = Sign();
  auto position = FindEvent(Raw(), "task-XA-3@2");
  ASSERT_TRUE(position.ok()) << position.status().ToString();
  EXPECT_EQ(FindEvent(Raw(), At(position.value()).id).value(), position.value()) << "by its id too";
  auto proof = ProveInclusion(Raw(), position.value(), head);
  ASSERT_TRUE(proof.ok()) << proof.status().ToString();
  const Json doc = Json::parse(proof.value().dump());  // as the auditor receives it
  EXPECT_TRUE(CheckInclusionProof(doc, *public_key_).ok());
  Json altered = doc;
  altered["event"]["data"]["note"] = "changed later";
  altered["event"]["hash"] = ComputeEventHash(EventFromJson(altered["event"]).value());
  Status s = CheckInclusionProof(altered, *public_key_);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("not in that log as signed"), std::string::npos) << s.ToString();
  Json moved = doc;
  moved["leaf_index"] = doc["leaf_index"].get<uint64_t>() + 1;
  EXPECT_FALSE(CheckInclusionProof(moved, *public_key_).ok());
  // An event after the checkpoint cannot be proven in it.
  auto late = ProveInclusion(Raw(), static_cast<int64_t>(head.tree_size) + 1, head);
  EXPECT_FALSE(late.ok());
  EXPECT_FALSE(FindEvent(Raw(), "task-NOPE@1").ok());
}

TEST_F(TamperEvidence, AConsistencyProofBetweenTwoSizesVerifies) {
  auto proof = ProveConsistency(Raw(), 5, static_cast<uint64_t>(Raw()->LastPosition()));
  ASSERT_TRUE(proof.ok()) << proof.status().ToString();
  std::vector<merkle::Hash> path;
  for (const auto& h : proof.value()["consistency_path"]) {
    merkle::Hash x;
    ASSERT_TRUE(merkle::Unhex(h.get<std::string>(), &x));
    path.push_back(x);
  }
  merkle::Hash a, b;
  ASSERT_TRUE(merkle::Unhex(proof.value()["first_root"], &a));
  ASSERT_TRUE(merkle::Unhex(proof.value()["second_root"], &b));
  EXPECT_TRUE(merkle::VerifyConsistency(5, proof.value()["second"].get<uint64_t>(), a, b, path));
}

TEST_F(TamperEvidence, RebuildNamesTheRecordsThatHadDrifted) {
  Store* s = Raw();
  ASSERT_TRUE(s->db()->Put(rocksdb::WriteOptions(), s->handle(Cf::kReadModels), "task/XA-INJECTED", "{}").ok());
  ASSERT_TRUE(s->db()->Put(rocksdb::WriteOptions(), s->handle(Cf::kReadModels), "task/XA-2", "{\"state\":\"closed\"}").ok());
  // A forged snapshot: task-XA-3 has two events, fewer than a snapshot's interval.
  ASSERT_TRUE(s->db()->Put(rocksdb::WriteOptions(), s->handle(Cf::kAggregates), "task-XA-3",
                           "{\"last_hash\":\"\",\"state\":{\"state\":\"closed\"},\"version\":2}").ok());
  auto rebuilt = RebuildReadModels(s, DefaultWorkflows());
  ASSERT_TRUE(rebuilt.ok()) << rebuilt.status().ToString();
  const StateDiffReport& d = rebuilt.value().differences;
  ASSERT_EQ(d.total, 3);
  auto has = [&](const std::string& family, const std::string& key, const std::string& change) {
    for (const auto& x : d.first)
      if (x.family == family && x.key == key && x.change == change) return true;
    return false;
  };
  EXPECT_TRUE(has("readmodels", "task/XA-INJECTED", "removed"));
  EXPECT_TRUE(has("readmodels", "task/XA-2", "changed"));
  EXPECT_TRUE(has("aggregates", "task-XA-3", "removed"));
  EXPECT_EQ(RebuildReadModels(s, DefaultWorkflows()).value().differences.total, 0) << "a second rebuild finds nothing";
}

TEST_F(TamperEvidence, AServerPublishesSignedCheckpointsAsTheLogGrowsAndOnceMoreWhenItStops) {
  CheckpointPublishOptions o;
  o.every_events = 5;
  o.every_seconds = 3600;
  o.out_path = keys_.sub("latest.json");
  std::vector<Status> errors;
  auto publisher = std::make_unique<CheckpointPublisher>(engine_.get(), signer_, o, [&](const Status& s) { errors.push_back(s); });
  Store* store = engine_->store();
  const std::string stream = checkpoint::CheckpointStreamFor(LogIdOf(store));
  for (int i = 1; i <= 4; ++i) {
    const std::string id = "XC-" + std::to_string(i);
    ASSERT_TRUE(Do(Cmd("c" + id, "task.assign", "task-" + id, Office(), testing::AssignData(id, "zjj"))).status.ok());
  }
  // The record goes into the log first, then the file is written.
  testing::DirectoryWrites written(keys_.path());  // a `changed` for WaitUntil, taken by reference below
  ASSERT_TRUE(testing::WaitUntil(
      [&] { return store->StreamVersion(stream).value() >= 1 && checkpoint::ReadFile(o.out_path).ok(); }, 30,
      [&](int ms) { written(ms); }))
      << "a checkpoint once 5 events came";
  auto head = checkpoint::ReadFile(o.out_path);
  ASSERT_TRUE(head.ok()) << head.status().ToString();
  EXPECT_TRUE(public_key_->Check(head.value()).ok());
  const uint64_t first = head.value().tree_size;
  ASSERT_TRUE(Do(Cmd("cXC-9", "task.assign", "task-XC-9", Office(), testing::AssignData("XC-9", "zjj"))).status.ok());
  publisher->Stop();
  EXPECT_TRUE(errors.empty()) << errors.front().ToString();
  auto recorded = RecordedCheckpoints(store);
  ASSERT_EQ(recorded.size(), 2u) << "one as the log grew, one at the stop";
  EXPECT_EQ(recorded.front().tree_size, first);
  EXPECT_GT(recorded.back().tree_size, first);
  EXPECT_EQ(checkpoint::ReadFile(o.out_path).value().tree_size, recorded.back().tree_size) << "the file holds the newest";
  // A restart with nothing new signs nothing more.
  CheckpointPublisher again(engine_.get(), signer_, o, nullptr);
  again.Stop();
  EXPECT_EQ(RecordedCheckpoints(store).size(), 2u);
  VerifyOptions vo;
  vo.public_key = public_key_.get();
  auto r = VerifyLog(store, vo);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r.value().intact) << r.value().first_broken;
  EXPECT_EQ(r.value().recorded_checkpoints, 2);
  testing::ExpectAllEventsValid(store);
}

// The same through the binary, as an auditor and an operator would use it.
class TamperEvidenceCli : public testing::CliDataTest {
 protected:
  void SetUp() override {
    Ok({"init"});
    Ok({"unit", "add", "--id", "yanta", "--name", "雁塔区", "--kind", "district"});
    for (int i = 1; i <= 3; ++i)
      Ok({"--at", "2023-03-01", "task", "assign", "--id", "XA-" + std::to_string(i), "--title", "燃气管道排查", "--lead", "雁塔区", "--deadline", "2023-04-15"});
  }
  TempDir keys_;
  std::string key_ = keys_.sub("office.key");
};

TEST_F(TamperEvidenceCli, AnEmptyStoreRebuildsIdentical) {
  TempDir other;
  auto init = RunCli({"--data", other.sub("d"), "init"});
  ASSERT_EQ(init.exit_code, 0) << init.err;
  auto r = RunCli({"--data", other.sub("d"), "replay", "--rebuild"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("identical"), std::string::npos) << r.out;
}

TEST_F(TamperEvidenceCli, RebuildRefusesALogThatDoesNotVerify) {
  {
    auto st = Store::Open(data_);
    ASSERT_TRUE(st.ok()) << st.status().ToString();
    EventEnvelope e = st.value()->ReadStream("task-XA-2").value().at(0);
    e.data["title"] = "已整改";  // altered, not re-hashed
    ASSERT_TRUE(st.value()->db()->Put(rocksdb::WriteOptions(), st.value()->handle(Cf::kEvents), Store::BigEndian64(e.position),
                                      CanonicalJson(ToJson(e))).ok());
  }
  auto r = Run({"replay", "--rebuild"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("the log does not verify (task-XA-2@1"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--trust-log"), std::string::npos) << r.err;
  auto list = Run({"--output", "json", "task", "list"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_EQ(list.out.find("已整改"), std::string::npos) << "the read models were left as they were: " << list.out;
  EXPECT_NE(list.out.find("燃气管道排查"), std::string::npos) << list.out;
}

TEST_F(TamperEvidenceCli, KeygenCheckpointVerifyAndProofFromTheCommandLine) {
  auto gen = RunCli({"checkpoint", "keygen", "--out", key_});
  ASSERT_EQ(gen.exit_code, 0) << gen.err;
  struct stat st {};
  ASSERT_EQ(stat(key_.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u) << "the private key is its owner's alone";
  auto again = RunCli({"checkpoint", "keygen", "--out", key_});
  EXPECT_EQ(again.exit_code, 2) << "a key is never replaced";
  EXPECT_NE(again.err.find("exists already"), std::string::npos) << again.err;
  // A key inside the data directory vouches for nothing.
  ASSERT_EQ(RunCli({"checkpoint", "keygen", "--out", data_ + "/inside.key"}).exit_code, 0);
  auto inside = Run({"checkpoint", "--signing-key", data_ + "/inside.key"});
  EXPECT_EQ(inside.exit_code, 2);
  EXPECT_NE(inside.err.find("inside the data directory"), std::string::npos) << inside.err;

  const std::string cp = keys_.sub("2023-04.checkpoint.json");
  auto sign = Run({"checkpoint", "--signing-key", key_, "--out", cp});
  ASSERT_EQ(sign.exit_code, 0) << sign.err;
  auto list = Run({"--output", "json", "checkpoint", "list"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_EQ(Json::parse(list.out).size(), 1u) << list.out;
  EXPECT_TRUE(Json::parse(list.out)[0]["tree_size"].is_number()) << "raw for programs: " << list.out;
  EXPECT_EQ(Json::parse(list.out)[0]["time"].get<std::string>().back(), 'Z') << "an ISO time in UTC: " << list.out;

  auto ok = Run({"verify", "--checkpoint", cp, "--public-key", key_ + ".pub"});
  EXPECT_EQ(ok.exit_code, 0) << ok.out << ok.err;
  EXPECT_NE(ok.out.find("consistent with the checkpoint"), std::string::npos) << ok.out;

  const std::string proof = keys_.sub("proof.json");
  auto made = Run({"proof", "task-XA-2@1", "--checkpoint", cp, "--out", proof});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  auto checked = RunCli({"proof", "--check", proof, "--public-key", key_ + ".pub"});  // no data directory at all
  EXPECT_EQ(checked.exit_code, 0) << checked.out << checked.err;
  EXPECT_NE(checked.out.find("proven: task-XA-2@1"), std::string::npos) << checked.out;

  // An altered checkpoint file is refused, naming what is wrong.
  Json altered = Json::parse(std::ifstream(cp));
  altered["tree_size"] = altered["tree_size"].get<int64_t>() - 1;
  std::ofstream(cp) << altered.dump();
  auto bad = Run({"verify", "--checkpoint", cp, "--public-key", key_ + ".pub"});
  EXPECT_EQ(bad.exit_code, 2) << bad.out << bad.err;
  EXPECT_NE(bad.err.find("--checkpoint"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace safecity
