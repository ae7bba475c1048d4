#include "workflows/store/repair.h"

#include <filesystem>

#include "engine/data_directory.h"
#include "engine/engine.h"
#include "engine/log_audit.h"
#include "engine/replay.h"
#include "engine/store.h"
#include "engine/workflow.h"
#include "workflows/store/log_repairs.h"
#include "workflows/registry.h"

namespace safecity::store {

namespace {

namespace fs = std::filesystem;

// Copies the write-ahead logs (NNNNNN.log) of `dir` into `into` (0700/0600).
Status KeepLogs(const std::string& dir, const std::string& into) {
  std::error_code ec;
  fs::create_directories(into, ec);
  if (ec) return Status::Storage("cannot create " + into + ": " + ec.message());
  fs::permissions(into, fs::perms::owner_all, fs::perm_options::replace, ec);
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (KindOfStoreFile(entry.path().string()) != StoreFile::kWriteAheadLog) continue;
    const fs::path to = fs::path(into) / entry.path().filename();
    fs::copy_file(entry.path(), to, fs::copy_options::overwrite_existing, ec);
    if (ec) return Status::Storage("cannot keep a copy of " + entry.path().string() + " in " + into + ": " + ec.message());
    fs::permissions(to, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace, ec);
  }
  if (ec) return Status::Storage("cannot list " + dir + ": " + ec.message());
  return Status::Ok();
}

// A name in `dir` not taken yet: base, base-2, base-3, ...
std::string FreeName(const std::string& dir, const std::string& base) {
  std::error_code ec;
  std::string name = base;
  for (int n = 2; fs::exists(fs::path(dir) / name, ec); ++n) name = base + "-" + std::to_string(n);
  return name;
}

Status Verify(const std::string& dir, RepairReport* r) {
  StoreOptions ro;
  ro.mode = StoreMode::kReader;
  ro.create_if_missing = false;
  auto st = Store::Open(dir, ro);
  if (!st.ok()) return st.status();
  auto v = VerifyLog(st.value().get());
  if (!v.ok()) return v.status();
  r->events = v.value().events;
  r->streams = v.value().streams;
  r->intact = v.value().intact;
  r->first_broken = v.value().first_broken;
  return CheckReadModelsCurrent(st.value().get());
}

}  // namespace

Result<RepairReport> RepairStore(const RepairOptions& o) {
  RepairReport r;
  const DataDirectory found = InspectDataDirectory(o.dir);
  if (!found.has_current && !found.damaged())
    return Status::Invalid("--data", "no safecity data in " + o.dir + "; pass the data directory to repair with --data");
  if (!found.has_current) {
    if (found.newest_manifest.empty())
      return Status::Storage("the store in " + o.dir + " has lost CURRENT and every MANIFEST (" + found.Describe() +
                             " are left): it cannot be put back together from them; restore a backup");
    Status s = WriteFileAtomically(o.dir + "/CURRENT", found.newest_manifest + "\n");
    if (!s.ok()) return s;
    r.current_restored = true;
    r.repaired = true;
    r.damage = "CURRENT was missing; it names " + found.newest_manifest + " again";
  }
  auto damage = Store::FindDamage(o.dir);
  if (!damage.ok()) return damage.status();
  if (damage.value().empty()) {
    Status v = Verify(o.dir, &r);
    if (!v.ok()) return v;
    return r;
  }
  r.repaired = true;
  r.damage = r.current_restored ? r.damage + "; then: " + damage.value() : damage.value();

  // What the log is known to have held: the records still readable after
  // the damage, and its length at the last clean close.
  const int64_t closed_at = CleanShutdownPosition(o.dir);
  r.last_known = closed_at;
  {
    StoreOptions past;
    past.mode = StoreMode::kReader;
    past.create_if_missing = false;
    past.wal_recovery = WalRecovery::kPastDamage;
    auto salvage = Store::Open(o.dir, past);
    if (salvage.ok()) r.last_known = std::max(r.last_known, salvage.value()->LastPosition());
  }

  const std::string partial = FreeName(o.dir, "lost.partial");
  Status kept = KeepLogs(o.dir, o.dir + "/" + partial);
  if (!kept.ok()) return kept;

  // The log up to its first damage, and read models that match it.
  {
    StoreOptions up_to;
    up_to.create_if_missing = false;
    up_to.wal_recovery = WalRecovery::kUpToDamage;
    up_to.lock_wait_ms = o.lock_wait_ms;
    std::string beyond;
    auto st = Store::Open(o.dir, up_to, &beyond);
    if (!beyond.empty())
      return Status::Storage("the store in " + o.dir + " is damaged beyond its write-ahead log (" + beyond +
                             "); repair cannot keep it whole: restore a backup (copies of its logs are in " + partial + ")");
    if (!st.ok()) return st.status();
    r.last_kept = st.value()->LastPosition();
    auto rebuilt = RebuildReadModels(st.value().get(), DefaultWorkflows());
    if (!rebuilt.ok()) return rebuilt.status();
  }  // closing records the log's new length as its clean length
  if (CleanShutdownPosition(o.dir) > r.last_kept) {
    Status forgot = ForgetCleanShutdown(o.dir);
    if (!forgot.ok()) return forgot;
  }
  r.loss = true;
  r.first_lost = r.last_kept + 1;
  if (r.last_known <= r.last_kept) r.last_known = 0;
  // From the first lost position on, this is another log: a new identity
  // (RocksDB makes one when IDENTITY is missing) makes the replicas that
  // followed the old one (GET /v1/log's log_id) read it again from the start.
  std::error_code moved;
  fs::rename(fs::path(o.dir) / "IDENTITY", fs::path(o.dir) / partial / "IDENTITY", moved);
  r.kept = FreeName(o.dir, "lost-from-" + std::to_string(r.first_lost));
  std::error_code ec;
  fs::rename(fs::path(o.dir) / partial, fs::path(o.dir) / r.kept, ec);
  if (ec) r.kept = partial;

  // The loss on the record, at the position where the log now goes on.
  {
    EngineOptions eo;
    eo.domain = &DefaultDomain();
    eo.data_dir = o.dir;
    eo.create_if_missing = false;
    eo.partitions = 1;
    eo.lock_wait_ms = o.lock_wait_ms;
    auto engine = Engine::Open(eo);
    if (!engine.ok()) return engine.status();
    CommandEnvelope cmd;
    cmd.id = "repair-" + std::to_string(r.first_lost) + "-" + std::to_string(o.at_ms);
    cmd.type = "store.accept_loss";
    cmd.stream = kRepairsStream;
    cmd.issued_at = o.at_ms;
    cmd.actor = Actor{"repair", "system"};
    cmd.data = Json{{"first_lost_position", r.first_lost}, {"damage", r.damage.substr(0, 1000)}, {"kept", r.kept}};
    if (r.last_known > 0) cmd.data["last_known_position"] = r.last_known;
    if (!o.operator_name.empty()) cmd.data["operator"] = o.operator_name.substr(0, 128);
    CommandResult res = engine.value()->Submit(cmd);
    if (!res.status.ok()) return res.status;
  }
  Status v = Verify(o.dir, &r);
  if (!v.ok()) return v;
  return r;
}

}  // namespace safecity::store
