#include "cli/context.h"

#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/actor_arg.h"
#include "connectors/kafka/cluster_gateway.h"
#include "engine/engine.h"
#include "engine/replay.h"
#include "engine/store.h"
#include "engine/time_util.h"
#include "workflows/unit/unit_directory.h"

namespace safecity::cli {

int Fail(const Status& s) {
  std::cerr << "error: " << s.ToString() << "\n";
  return s.exit_code();
}

bool JsonOutput(const Globals& g) { return g.output == "json"; }

Result<int64_t> CommandTime(const Globals& g) {
  if (g.at.empty()) return NowMs();
  auto t = ParseIsoMs(g.at);
  if (!t) return Status::Invalid("--at", "'" + g.at + "' is not a time; write 2023-03-15T09:00:00+08:00");
  return *t;
}

Result<Actor> ActingAs(const Globals& g, const std::string& default_as) {
  std::string as = g.as.empty() ? default_as : g.as;
  if (as.empty()) return Status::Invalid("--as", "this command is a unit's; say which unit acts, e.g. --as 雁塔区");
  return ParseActor(as);
}

kafka::KafkaOptions ClusterOptions(const Globals& g) {
  kafka::KafkaOptions o;
  o.brokers = g.brokers;
  o.topic_prefix = g.topic_prefix;
  return o;
}

Result<std::unique_ptr<CommandGateway>> OpenGateway(const Globals& g) {
  if (!g.brokers.empty()) {
    auto cluster = kafka::ClusterGateway::Open(ClusterOptions(g), g.data, g.timeout_s * 1000);
    if (!cluster.ok()) return cluster.status();
    return std::unique_ptr<CommandGateway>(std::move(cluster.value()));
  }
  EngineOptions opts;
  opts.data_dir = g.data;
  opts.partitions = g.partitions;
  opts.create_if_missing = false;
  auto engine = Engine::Open(opts);
  if (!engine.ok()) return engine.status();
  return std::unique_ptr<CommandGateway>(std::move(engine.value()));
}

int Submit(const Globals& g, const std::string& type, const std::string& stream, const std::string& default_as,
           Json data, const Json& on_success) {
  CommandEnvelope cmd;
  cmd.id = g.command_id.empty() ? NewCommandId() : g.command_id;
  cmd.type = type;
  cmd.stream = stream;
  cmd.correlation_id = g.correlation_id;
  auto t = CommandTime(g);
  if (!t.ok()) return Fail(t.status());
  cmd.issued_at = t.value();
  auto actor = ActingAs(g, default_as);
  if (!actor.ok()) return Fail(actor.status());
  cmd.actor = actor.value();
  cmd.data = std::move(data);

  auto engine = OpenGateway(g);
  if (!engine.ok()) return Fail(engine.status());
  CommandResult r = engine.value()->Submit(cmd);
  // The command's consequences go into the log before the CLI exits.
  auto settled = engine.value()->Settle();
  if (!settled.ok()) std::cerr << "warning: follow-up reactions stopped: " << settled.status().ToString() << "\n";
  int64_t followups = settled.ok() ? settled.value().commands : 0;
  if (JsonOutput(g)) {
    Json body = r.body;
    body["followup_commands"] = followups;
    if (r.status.ok() && !body.value("duplicate", false) && on_success.is_object())
      for (const auto& [k, v] : on_success.items()) body[k] = v;
    // replace: an echo of the user's own invalid bytes must not abort the CLI
    std::cout << body.dump(-1, ' ', false, Json::error_handler_t::replace) << "\n";
    return r.status.exit_code();
  }
  if (!r.status.ok()) {
    std::cerr << (r.status.code() == Status::Code::kRefused ? "refused: " : "error: ") << r.status.ToString() << "\n";
    return r.status.exit_code();
  }
  std::cout << (r.body.value("duplicate", false) ? "already done (same command id): " : "ok: ") << stream;
  for (const auto& e : r.body["events"]) std::cout << " " << e["type"].get<std::string>() << "@" << e["version"];
  if (followups > 0) std::cout << " (then " << followups << " follow-up commands)";
  std::cout << "\n";
  if (!r.body.value("duplicate", false) && on_success.is_object())
    for (const auto& [k, v] : on_success.items()) std::cout << k << ": " << (v.is_string() ? v.get<std::string>() : v.dump()) << "\n";
  return 0;
}

Result<std::unique_ptr<Store>> OpenExisting(const Globals& g, bool read_models) {
  if (!g.brokers.empty()) {
    auto cluster = kafka::ClusterGateway::Open(ClusterOptions(g), g.data, g.timeout_s * 1000);
    if (!cluster.ok()) return cluster.status();
    auto caught = cluster.value()->CatchUp();
    if (!caught.ok()) return caught.status();
  }
  StoreOptions so;
  so.create_if_missing = false;
  auto st = Store::Open(g.data, so);
  if (!st.ok() || !read_models) return st;
  Status current = CheckReadModelsCurrent(st.value().get());
  if (!current.ok()) return current;
  return st;
}

int64_t QueryNow(const Globals& g) {
  if (!g.at.empty())
    if (auto t = ParseIsoMs(g.at)) return *t;
  return NowMs();
}

int PrintTable(const Globals& g, const Table& t) {
  if (JsonOutput(g))
    std::cout << t.ToJson().dump() << "\n";
  else
    t.Print(std::cout);
  return 0;
}

std::string ReadFile(const std::string& path, bool* ok) {
  std::ifstream in(path, std::ios::binary);
  *ok = static_cast<bool>(in);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Result<std::string> ResolveUnit(const Globals& g, const std::string& ref, const std::string& field) {
  auto st = OpenExisting(g);
  if (!st.ok()) return st.status();
  ReadModelReader r(st.value().get());
  return units::Resolve(r, ref, field);
}

}  // namespace safecity::cli
