#include "cli/repair.h"

#include <pwd.h>
#include <unistd.h>

#include <iostream>

#include "server/serving.h"
#include "engine/store.h"
#include "workflows/store/log_repairs.h"
#include "workflows/store/repair.h"

namespace safecity::cli {

namespace {

std::string LoginName() {
  const passwd* pw = ::getpwuid(::geteuid());
  return pw && pw->pw_name ? pw->pw_name : "uid " + std::to_string(::geteuid());
}

Json ToJson(const store::RepairReport& r) {
  Json j{{"repaired", r.repaired}, {"damage", r.damage},     {"current_restored", r.current_restored},
         {"loss", r.loss},         {"last_kept", r.last_kept}, {"first_lost", r.first_lost},
         {"last_known", r.last_known}, {"kept", r.kept},    {"events", r.events},
         {"streams", r.streams},   {"intact", r.intact},     {"first_broken", r.first_broken}};
  return j;
}

}  // namespace

int RunRepair(const Globals& g, bool accept_loss) {
  if (ServerMode(g) || !g.brokers.empty())
    return Fail(Status::Invalid(ServerMode(g) ? "--server" : "--brokers", "repair works on the data directory itself; run it where the data is, with --data"));
  if (!accept_loss) {
    auto damage = Store::FindDamage(g.data);
    if (!damage.ok()) return Fail(damage.status());
    if (damage.value().empty()) {
      std::cout << "nothing to repair: the store in " << g.data << " opens whole\n";
      return 0;
    }
    std::cerr << "error: the store in " << g.data << " is damaged (" << damage.value()
              << "); nothing was changed: `safecity repair --accept-loss` keeps the log up to its first damage and records the loss\n";
    return 3;
  }
  Status served = server::NotServed(g.data);
  if (!served.ok()) return Fail(served);
  auto at = CommandTime(g);
  if (!at.ok()) return Fail(at.status());
  store::RepairOptions o;
  o.dir = g.data;
  o.at_ms = at.value();
  o.operator_name = LoginName();
  o.lock_wait_ms = g.timeout_s * 1000;
  auto rep = store::RepairStore(o);
  if (!rep.ok()) return Fail(rep.status());
  const store::RepairReport& r = rep.value();
  if (JsonOutput(g)) {
    std::cout << ToJson(r).dump() << "\n";
    return r.intact ? 0 : 1;
  }
  if (!r.repaired) {
    std::cout << "nothing to repair: the store in " << g.data << " opens whole (" << r.events << " events)\n";
  } else {
    std::cout << "repaired " << g.data << "\ndamage: " << r.damage << "\n";
    if (r.loss) {
      std::cout << "kept: the log up to position " << r.last_kept << ", whole\n"
                << "lost: from position " << r.first_lost << " on; "
                << (r.last_known > 0 ? "the log had reached position " + std::to_string(r.last_known) + " at least"
                                     : std::string("nothing left shows how far the log went"))
                << "; copies of the damaged write-ahead logs are in " << g.data << "/" << r.kept << "\n"
                << "recorded: LogLossAccepted at position " << r.first_lost << " in stream " << store::kRepairsStream << "\n"
                << "read models: rebuilt from the log\n";
    } else {
      std::cout << "lost: nothing\n";
    }
  }
  if (r.intact)
    std::cout << "verify: intact: " << r.events << " events in " << r.streams << " streams\n";
  else
    std::cout << "verify: BROKEN at " << r.first_broken << "\n";
  return r.intact ? 0 : 1;
}

}  // namespace safecity::cli
