#include "cli/audit_cli.h"

#include <fstream>
#include <iostream>

#include "cli/reports.h"
#include "connectors/http/server_gateway.h"
#include "engine/checkpoint.h"
#include "engine/checkpoint_publisher.h"
#include "engine/command_gateway.h"
#include "engine/log_audit.h"
#include "engine/read_models.h"
#include "engine/store.h"
#include "engine/time_util.h"
#include "workflows/checkpoint/checkpoint_log.h"

namespace safecity::cli {

namespace {

struct AuditArgs {
  std::string checkpoint, public_key, signing_key, out, event, check, dir;
};

// The checkpoint and key an auditor named, loaded and checked together.
struct Anchor {
  std::shared_ptr<checkpoint::PublicKey> key;
  checkpoint::SignedTreeHead head;
};

Result<Anchor> LoadAnchor(const AuditArgs& a) {
  if (a.public_key.empty())
    return Status::Invalid("--public-key", "a checkpoint is checked with the public key of the server that signed it; add --public-key KEY.pub");
  auto key = checkpoint::PublicKey::Load(a.public_key, "--public-key");
  if (!key.ok()) return key.status();
  auto head = checkpoint::ReadFile(a.checkpoint);
  if (!head.ok()) return head.status();
  Status sig = key.value()->Check(head.value());
  if (!sig.ok()) return sig;
  return Anchor{key.value(), head.value()};
}

int Verify(const Globals& g, const AuditArgs& a) {
  VerifyOptions options;
  Anchor anchor;
  if (!a.checkpoint.empty()) {
    auto loaded = LoadAnchor(a);
    if (!loaded.ok()) return Fail(loaded.status());
    anchor = std::move(loaded.value());
    options.checkpoint = &anchor.head;
    options.public_key = anchor.key.get();
  } else if (!a.public_key.empty()) {
    // The key alone: the checkpoints the log recorded are checked against it.
    auto key = checkpoint::PublicKey::Load(a.public_key, "--public-key");
    if (!key.ok()) return Fail(key.status());
    anchor.key = key.value();
    options.public_key = anchor.key.get();
  }
  auto st = OpenExisting(g, false);
  if (!st.ok()) return Fail(st.status());
  auto rep = VerifyLog(st.value().get(), options);
  if (!rep.ok()) return Fail(rep.status());
  const VerifyReport& r = rep.value();
  if (JsonOutput(g)) {
    Json j{{"events", r.events},
           {"streams", r.streams},
           {"intact", r.intact},
           {"first_broken", r.first_broken},
           {"root_hash", r.root_hash},
           {"recorded_checkpoints", r.recorded_checkpoints}};
    if (r.checkpoint_checked)
      j["checkpoint"] = Json{{"tree_size", r.checkpoint_size},
                             {"time", FormatIsoMs(r.checkpoint_time_ms)},
                             {"consistent", r.intact},
                             {"consistency_proof_hashes", r.consistency_proof_hashes}};
    std::cout << j.dump() << "\n";
  } else if (!r.intact) {
    std::cout << "BROKEN at " << r.first_broken << "\n";
  } else {
    std::cout << "intact: " << r.events << " events in " << r.streams << " streams";
    if (r.recorded_checkpoints) std::cout << ", matching every checkpoint the log recorded (" << r.recorded_checkpoints << ")";
    std::cout << "\n";
    if (r.checkpoint_checked)
      std::cout << "consistent with the checkpoint of " << FormatLocal(r.checkpoint_time_ms) << " (key " << anchor.head.key_id
                << "): the log still holds exactly its " << r.checkpoint_size << " events, and "
                << r.events - static_cast<int64_t>(r.checkpoint_size) << " more since (consistency proof of "
                << r.consistency_proof_hashes << " hashes verified)\n";
    std::cout << "root: " << r.root_hash << "\n";
  }
  return r.intact ? 0 : 1;
}

int Keygen(const AuditArgs& a) {
  if (a.out.empty()) return Fail(Status::Invalid("--out", "name the file for the private key, e.g. --out /etc/safecity/checkpoint.key"));
  auto id = checkpoint::GenerateKeyPair(a.out);
  if (!id.ok()) return Fail(id.status());
  std::cout << "private key: " << a.out << " (keep it secret, and outside the data directory)\n"
            << "public key:  " << a.out << ".pub (give it to the auditors)\n"
            << "key id:      " << id.value() << "\n";
  return 0;
}

int Sign(const Globals& g, const AuditArgs& a) {
  if (a.signing_key.empty())
    return Fail(Status::Invalid("--signing-key", "name the private key to sign with (make one with `safecity checkpoint keygen --out KEY`)"));
  auto key = checkpoint::SigningKey::Load(a.signing_key, g.data);
  if (!key.ok()) return Fail(key.status());
  auto now = CommandTime(g);
  if (!now.ok()) return Fail(now.status());
  Result<checkpoint::SignedTreeHead> head = Status::Ok();
  bool recorded = false;
  if (!ServerMode(g) && g.brokers.empty()) {
    // The embedded log: sign it and record the checkpoint in it.
    auto gateway = OpenGateway(g);
    if (!gateway.ok()) return Fail(gateway.status());
    auto actor = ActingAs(g, "office");
    if (!actor.ok()) return Fail(actor.status());
    head = PublishCheckpoint(gateway.value().get(), *key.value(), now.value(), actor.value());
    recorded = true;
  } else {
    // A replica: what this reader holds, signed by this reader; the server's log is not written.
    auto st = OpenExisting(g, false);
    if (!st.ok()) return Fail(st.status());
    head = SignCheckpoint(st.value().get(), *key.value(), now.value());
  }
  if (!head.ok()) return Fail(head.status());
  if (!a.out.empty()) {
    Status w = checkpoint::WriteFile(a.out, head.value());
    if (!w.ok()) return Fail(w);
  }
  if (JsonOutput(g) || a.out.empty()) {
    std::cout << checkpoint::ToJson(head.value()).dump(JsonOutput(g) ? -1 : 2) << "\n";
    return 0;
  }
  std::cout << "checkpoint of " << head.value().tree_size << " events, root " << merkle::Hex(head.value().root_hash) << ", signed by key "
            << head.value().key_id << " at " << FormatLocal(head.value().timestamp_ms) << "\nwritten to " << a.out
            << (recorded ? "; recorded in " + checkpoint::CheckpointStreamFor(head.value().origin.substr(9)) : "") << "\n";
  return 0;
}

// The signed checkpoints (checkpoint::ToJson), oldest first, for people.
Table CheckpointTable(const std::vector<Json>& heads) {
  Table t({{"tree_size", "事件数"}, {"time", "签名时间"}, {"key_id", "密钥"}, {"root_hash", "默克尔根"}});
  for (const Json& c : heads)
    if (c.is_object())
      t.Add({std::to_string(c.value("tree_size", uint64_t{0})), FormatLocal(c.value("timestamp", int64_t{0})), c.value("key_id", ""),
             c.value("root_hash", "")},
            {c.value("tree_size", uint64_t{0}), FormatIsoMs(c.value("timestamp", int64_t{0})), c.value("key_id", ""), c.value("root_hash", "")});
  return t;
}

int List(const Globals& g) {
  if (ServerMode(g)) {  // GET /v1/checkpoints (the office, inspectors and auditors)
    auto answer = ServerGet(g, "/v1/checkpoints");
    if (!answer.ok()) return Fail(answer.status());
    return PrintTable(g, CheckpointTable(answer.value().value("items", std::vector<Json>{})));
  }
  auto st = OpenExisting(g);
  if (!st.ok()) return Fail(st.status());
  std::vector<Json> heads;
  ReadModelReader reader(st.value().get());
  Status s = reader.Scan(checkpoint::CheckpointKeyPrefix(LogIdOf(st.value().get())), [&](const std::string&, const std::string& v) {
    heads.push_back(Json::parse(v, nullptr, false));
    return true;
  });
  if (!s.ok()) return Fail(s);
  return PrintTable(g, CheckpointTable(heads));
}

int Proof(const Globals& g, const AuditArgs& a) {
  if (!a.check.empty()) {
    if (a.public_key.empty()) return Fail(Status::Invalid("--public-key", "a proof is checked with the public key of the server; add --public-key KEY.pub"));
    auto key = checkpoint::PublicKey::Load(a.public_key, "--public-key");
    if (!key.ok()) return Fail(key.status());
    bool ok = false;
    const std::string text = ReadFile(a.check, &ok);
    if (!ok) return Fail(Status::Invalid("--check", "cannot read " + a.check + "; give the file `safecity proof --out` wrote"));
    Json proof = Json::parse(text, nullptr, false);
    Status s = CheckInclusionProof(proof, *key.value());
    if (!s.ok()) {
      std::cout << "NOT PROVEN: " << s.ToString() << "\n";
      return 1;
    }
    std::cout << "proven: " << proof["event"]["stream"].get<std::string>() << "@" << proof["event"]["version"] << " ("
              << proof["event"]["type"].get<std::string>() << ") is event " << proof["event"]["position"] << " of the "
              << proof["tree_size"] << " signed at " << FormatLocal(proof["checkpoint"]["timestamp"].get<int64_t>())
              << " by key " << proof["checkpoint"]["key_id"].get<std::string>() << "\n";
    return 0;
  }
  if (a.event.empty()) return Fail(Status::Invalid("event", "name the event: its id (`safecity history STREAM --json`) or STREAM@VERSION"));
  Anchor anchor;
  if (!a.checkpoint.empty() && !a.public_key.empty()) {
    auto loaded = LoadAnchor(a);
    if (!loaded.ok()) return Fail(loaded.status());
    anchor = loaded.value();
  } else if (!a.checkpoint.empty()) {
    // Without --public-key the signature is the auditor's to check, with `proof --check`.
    auto head = checkpoint::ReadFile(a.checkpoint);
    if (!head.ok()) return Fail(head.status());
    anchor.head = head.value();
  }
  auto st = OpenExisting(g, a.checkpoint.empty());
  if (!st.ok()) return Fail(st.status());
  // STREAM@VERSION as people write streams elsewhere: XA-1@3 is task-XA-1@3.
  std::string ref = a.event;
  const size_t at = ref.rfind('@');
  if (at != std::string::npos) ref = NormalizeStream(ref.substr(0, at)) + ref.substr(at);
  auto position = FindEvent(st.value().get(), ref);
  if (!position.ok()) return Fail(position.status());
  if (a.checkpoint.empty()) {
    auto recorded = RecordedCheckpointFor(st.value().get(), position.value());
    if (!recorded.ok()) return Fail(recorded.status());
    anchor.head = recorded.value();
  }
  auto proof = ProveInclusion(st.value().get(), position.value(), anchor.head);
  if (!proof.ok()) return Fail(proof.status());
  const std::string text = proof.value().dump(2) + "\n";
  if (a.out.empty()) {
    std::cout << text;
    return 0;
  }
  std::ofstream f(a.out, std::ios::binary | std::ios::trunc);
  f << text;
  f.flush();
  if (!f) return Fail(Status::Invalid("--out", "cannot write " + a.out + "; give a path in a writable directory"));
  std::cout << "inclusion proof of position " << position.value() << " in the checkpoint of " << anchor.head.tree_size
            << " events written to " << a.out << "; check it with `safecity proof --check " << a.out << " --public-key KEY.pub`\n";
  return 0;
}

// `audit sync`: the auditor's copy of a server's log, checked, for the offline queries.
int AuditSync(const Globals& g, const AuditArgs& a) {
  if (!ServerMode(g))
    return Fail(Status::Invalid("--server", "audit sync copies a server's log: give --server https://HOST:PORT, with an auditor's or "
                                            "the office's token in $SAFECITY_TOKEN"));
  if (a.dir.empty())
    return Fail(Status::Invalid("--dir", "name the directory of the copy, e.g. --dir audit-2026-12; the offline queries then read it "
                                         "with --data"));
  std::shared_ptr<checkpoint::PublicKey> key;
  if (!a.public_key.empty()) {
    auto loaded = checkpoint::PublicKey::Load(a.public_key, "--public-key");
    if (!loaded.ok()) return Fail(loaded.status());
    key = loaded.value();
  }
  std::vector<merkle::Hash> leaves;
  std::string origin;
  int64_t copied = 0;
  {
    auto server = OpenServer(g);
    if (!server.ok()) return Fail(server.status());
    const Actor me = server.value()->WhoAmI().value();
    if (me.role == "unit")
      return Fail(Status::Forbidden("--server", "audit sync needs an auditor's or the office's token; a unit's token reads only its own tasks"));
    auto synced = server.value()->SyncReplica(a.dir);
    if (!synced.ok()) return Fail(synced.status());
    copied = synced.value();
    // Every leaf of the server's tree, read after the events: the tree may
    // have grown meanwhile, never shrunk.
    uint64_t after = 0;
    const int64_t deadline = NowMs() + static_cast<int64_t>(g.timeout_s) * 1000;
    for (;;) {
      auto page = server.value()->Get("/v1/leaves", {{"after", std::to_string(after)}, {"limit", "10000"}});
      if (!page.ok()) return Fail(page.status());
      const Json& p = page.value();
      if (origin.empty()) origin = p.value("origin", "");
      if (p.value("origin", "") != origin || p.value("after", uint64_t{0}) != after || !p.contains("items") || !p["items"].is_array())
        return Fail(Status::Storage("the server's leaves after position " + std::to_string(after) +
                                    " are not a continuation of the pages before; run `safecity audit sync` again"));
      for (const Json& item : p["items"]) {
        merkle::Hash h{};
        if (!item.is_string() || !merkle::Unhex(item.get<std::string>(), &h))
          return Fail(Status::Storage("the server sent a leaf that is not 64 hex digits"));
        leaves.push_back(h);
      }
      after += p["items"].size();
      if (p.value("end", true) || p["items"].empty()) break;
      if (NowMs() > deadline)
        return Fail(Status::Storage("the server's leaves were not all read within " + std::to_string(g.timeout_s) +
                                    " s; run again with a longer --timeout"));
    }
  }
  {
    StoreOptions so;
    so.create_if_missing = false;
    auto st = Store::Open(a.dir, so);
    if (!st.ok()) return Fail(st.status());
    if (checkpoint::OriginOf(LogIdOf(st.value().get())) != origin)
      return Fail(Status::Storage("the events came from the log " + checkpoint::OriginOf(LogIdOf(st.value().get())) +
                                  " and the leaves from " + origin + " (another node behind the same address?); point --server at one node"));
    Status recorded = RecordAuditedLeaves(st.value().get(), origin, leaves);
    if (!recorded.ok()) return Fail(recorded);
    if (key) {
      for (const auto& head : RecordedCheckpoints(st.value().get())) {
        Status sig = key->Check(head);
        if (!sig.ok()) {
          std::cout << "NOT SIGNED: the server's checkpoint of " << head.tree_size << " events of " << FormatLocal(head.timestamp_ms)
                    << " does not verify with key " << key->key_id() << " (" << sig.ToString() << ")\n";
          return 1;
        }
      }
    }
  }
  if (!JsonOutput(g))
    std::cout << "copied " << copied << " new events of " << g.server << " into " << a.dir << "; the server's log holds " << leaves.size()
              << ", each checked by its Merkle leaf, those this token may not read by their leaves alone\n";
  // The copy, checked as `verify` checks a log, now against the server's tree.
  Globals offline = g;
  offline.server.clear();
  offline.data = a.dir;
  AuditArgs checks;
  checks.public_key = a.public_key;
  return Verify(offline, checks);
}

}  // namespace

void AddAuditCommands(CLI::App& app, Globals& g, int& rc) {
  static AuditArgs a;
  auto* verify = app.add_subcommand(
      "verify", "check every event's hash, position and hash chain; with --checkpoint, that the log still holds what was signed");
  verify->add_option("--checkpoint", a.checkpoint, "a signed checkpoint (`safecity checkpoint --out`) to prove the log against");
  verify->add_option("--public-key", a.public_key, "the public key (KEY.pub) of the server that signed the checkpoint");
  verify->callback([&g, &rc] { rc = Verify(g, a); });

  auto* cp = app.add_subcommand("checkpoint", "sign the log (签名检查点): a Merkle tree head signed with Ed25519; keygen, list");
  cp->require_subcommand(0, 1);
  cp->add_option("--signing-key", a.signing_key, "the private key (outside the data directory) to sign with");
  cp->add_option("--out", a.out, "write the signed checkpoint (JSON) to this file, replaced whole");
  auto* keygen = cp->add_subcommand("keygen", "make a signing key: KEY (private, 0600) and KEY.pub (for auditors)");
  keygen->add_option("--out", a.out, "the private key's file; the public key goes to FILE.pub")->required();
  keygen->callback([&rc] { rc = Keygen(a); });
  auto* list = cp->add_subcommand("list", "the checkpoints this log recorded, oldest first");
  list->callback([&g, &rc] { rc = List(g); });
  cp->callback([&g, &rc, keygen, list] {
    if (keygen->parsed() || list->parsed()) return;
    rc = Sign(g, a);
  });

  auto* audit = app.add_subcommand("audit", "an auditor's copy of a server's log (审计副本): sync");
  audit->require_subcommand(1);
  auto* sync = audit->add_subcommand(
      "sync", "copy the log of --server into --dir, check every hash, chain and signed checkpoint; then query it offline with --data");
  sync->add_option("--dir", a.dir, "the directory of the copy (made when missing; the same one again goes on where it stopped)")->required();
  sync->add_option("--public-key", a.public_key, "the server's public key (KEY.pub): every checkpoint it recorded must verify with it");
  sync->callback([&g, &rc] { rc = AuditSync(g, a); });

  auto* proof = app.add_subcommand("proof", "an inclusion proof (包含证明) that an event is in a signed checkpoint; or --check one");
  proof->add_option("event", a.event, "the event: its id (`history --json` shows it) or STREAM@VERSION, e.g. task-XA-1@3");
  proof->add_option("--checkpoint", a.checkpoint, "the signed checkpoint to prove against (default: the newest the log recorded)");
  proof->add_option("--public-key", a.public_key, "with --check (or --checkpoint): the server's public key KEY.pub");
  proof->add_option("--out", a.out, "write the proof (JSON) to this file");
  proof->add_option("--check", a.check, "check a proof file with --public-key alone, without any data directory");
  proof->callback([&g, &rc] { rc = Proof(g, a); });
}

}  // namespace safecity::cli
