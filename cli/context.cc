#include "cli/context.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/actor_arg.h"
#include "cli/exit_code.h"
#include "server/serving.h"
#include "cli/table.h"
#include "cli/xlsx_export.h"
#include "connectors/http/api_refusals.h"
#include "connectors/http/http_client.h"
#include "connectors/http/server_gateway.h"
#include "connectors/kafka/cluster_gateway.h"
#include "engine/data_directory.h"
#include "engine/engine.h"
#include "engine/replay.h"
#include "engine/sha256.h"
#include "engine/store.h"
#include "engine/time_util.h"
#include "workflows/unit/unit_directory.h"
#include "workflows/unit/unit_refusals.h"
#include "workflows/registry.h"

namespace safecity::cli {

namespace {

// Another command writes the directory now: say that this one waits for it.
void SayIfWaiting(const std::string& dir, int timeout_s) {
  const int holder = LockHolder(dir);
  if (holder != 0 && holder != static_cast<int>(::getpid()))
    std::cerr << "waiting up to " << timeout_s << " s for process " << holder << ", which is writing " << dir << "\n";
}

}  // namespace

int Fail(const Status& s) {
  std::cerr << "error: " << s.Render(CurrentLanguage(), Edge::kCli) << "\n";
  return ExitCode(s);
}

bool JsonOutput(const Globals& g) { return g.output == "json"; }

Result<int64_t> CommandTime(const Globals& g) {
  if (g.at.empty()) return NowMs();
  auto t = ParseIsoMs(g.at);
  if (!t)
    return Status::Invalid("--at", Label("“" + g.at + "”不是时间；请写成 2023-03-15T09:00:00+08:00",
                                         "'" + g.at + "' is not a time; write 2023-03-15T09:00:00+08:00"));
  return *t;
}

Result<Actor> ActingAs(const Globals& g, const std::string& default_as) {
  std::string as = g.as.empty() ? default_as : g.as;
  if (as.empty())
    return Status::Invalid("--as", Label("这是单位的命令；请写明由哪个单位办理，例如 --as 雁塔区",
                                         "this command is a unit's; say which unit acts, e.g. --as 雁塔区"));
  return ParseActor(as);
}

kafka::KafkaOptions ClusterOptions(const Globals& g) {
  kafka::KafkaOptions o;
  o.brokers = g.brokers;
  o.topic_prefix = g.topic_prefix;
  return o;
}

void LoadClientConfig(Globals* g) {
  const char* env_config = std::getenv("SAFECITY_CONFIG");
  const char* home = std::getenv("HOME");
  const std::string path = env_config && *env_config ? env_config
                           : home && *home            ? std::string(home) + "/.config/safecity/config.json"
                                                      : "";
  Json config = Json::object();
  if (!path.empty()) {
    bool ok = false;
    std::string text = ReadFile(path, &ok);
    if (ok) {
      config = Json::parse(text, nullptr, false);
      if (!config.is_object()) {
        g->config_error = Status::Invalid("config", Label(path + " 不是形如 {\"server\": \"http://HOST:PORT\", \"token\": \"...\"} 的 JSON 对象",
                                                         path + " is not a JSON object like {\"server\": \"http://HOST:PORT\", \"token\": \"...\"}"));
        config = Json::object();
      } else if (config.contains("token")) {
        struct stat st {};
        if (stat(path.c_str(), &st) == 0 && (st.st_mode & 077) != 0) {
          g->config_error = Status::Invalid("config", Label(path + " 含有令牌，且其他用户可以读取；请执行 chmod 600 " + path,
                                                           path + " holds a token and others may read it; chmod 600 " + path));
          config.erase("token");
        }
      }
    } else if (env_config && *env_config) {
      g->config_error = Status::Invalid("SAFECITY_CONFIG", Label("读不到 " + path + "；请给出存在的文件，或取消这个设置",
                                                                "cannot read " + path + "; give an existing file or unset it"));
    }
  }
  auto text = [&](const char* env, const char* key) -> std::string {
    const char* v = std::getenv(env);
    if (v && *v) return v;
    return config.contains(key) && config[key].is_string() ? config[key].get<std::string>() : "";
  };
  if (g->server.empty()) g->server = text("SAFECITY_SERVER", "server");
  g->token = text("SAFECITY_TOKEN", "token");
  if (g->ca_file.empty()) {
    const char* env = std::getenv("SAFECITY_CA_FILE");
    g->ca_file = text("SAFECITY_CA_FILE", "ca_file");
    g->ca_file_source = env && *env ? "SAFECITY_CA_FILE" : "\"ca_file\" (" + path + ")";
  }
}

std::string ReplicaDir(const Globals& g) {
  if (g.data_given) return g.data;
  // One replica per server and token: a unit's and the office's hold different streams.
  const char* cache = std::getenv("XDG_CACHE_HOME");
  const char* home = std::getenv("HOME");
  const std::string base = cache && *cache ? cache : home && *home ? std::string(home) + "/.cache" : ".";
  return base + "/safecity/replica-" + Sha256Hex(g.server + "\n" + g.token).substr(0, 16);
}

namespace {

// One CLI command that asks the server several things (a unit's name, then
// its command) uses one connection: a helper that is done with it parks it
// here and the next OpenServer of the same server and token takes it back.
struct ParkedServer {
  std::string url, token;
  std::unique_ptr<http::ServerGateway> gateway;
};
ParkedServer& Parked() {
  static ParkedServer parked;
  return parked;
}

void Park(const Globals& g, std::unique_ptr<http::ServerGateway> server) {
  Parked() = ParkedServer{g.server, g.token, std::move(server)};
}

}  // namespace

const Message* RefusalWords(const std::string& reason) {
  if (const Message* m = DefaultWorkflows().FindMessage(reason)) return m;
  for (const Message* m : http::ApiRefusals())
    if (reason == m->reason) return m;
  return nullptr;
}

Result<std::unique_ptr<http::ServerGateway>> OpenServer(const Globals& g) {
  if (!g.config_error.ok()) return g.config_error;
  if (ParkedServer& p = Parked(); p.gateway && p.url == g.server && p.token == g.token) return std::move(p.gateway);
  if (!g.brokers.empty())
    return Status::Invalid("--server", Label("请只给 --server（safecity 服务器）或 --brokers（Kafka 集群）之一",
                                              "give --server (a safecity server) or --brokers (a Kafka cluster), not both"));
  if (!g.at.empty())
    return Status::Invalid("--at", Label("服务器用自己的时钟记录命令、回答查询；使用 --server 时请不要写 --at",
                                          "a server stamps commands and answers queries with its own clock; leave out --at with --server"));
  http::ServerOptions o;
  o.url = g.server;
  o.token = g.token;
  o.ca_file = g.ca_file;
  o.ca_file_source = g.ca_file_source;
  o.timeout_s = g.timeout_s;
  o.language = CurrentLanguage();
  o.find_message = RefusalWords;
  auto server = http::ServerGateway::Open(o);
  if (!server.ok()) return server.status();
  auto me = server.value()->WhoAmI();
  if (!me.ok()) return me.status();
  if (!g.as.empty()) {
    auto as = ParseActor(g.as);
    if (!as.ok()) return as.status();
    if (as.value().role != me.value().role || (as.value().id != me.value().id && me.value().role != "office"))
      return Status::Invalid("--as", Label("使用 --server 时由令牌决定办理人，即 " + me.value().role + ":" + me.value().id + "；请不要写 --as",
                                           "with --server the token decides who acts, and it is " + me.value().role + ":" +
                                               me.value().id + "; leave out --as"));
  }
  return server;
}

Result<Actor> WhoActs(const Globals& g, const std::string& default_as) {
  if (!ServerMode(g)) return ActingAs(g, default_as);
  auto server = OpenServer(g);
  if (!server.ok()) return server.status();
  auto me = server.value()->WhoAmI();
  Park(g, std::move(server.value()));
  return me;
}

Result<std::vector<Json>> ServerList(const Globals& g, const std::string& path, const std::map<std::string, std::string>& filter) {
  auto server = OpenServer(g);
  if (!server.ok()) return server.status();
  auto rows = server.value()->List(path, filter);
  Park(g, std::move(server.value()));
  return rows;
}

Result<std::vector<Json>> ListRows(const Globals& g, const std::string& path, const std::map<std::string, std::string>& params,
                                   Status (*for_each)(ReadModelReader&, const std::function<bool(const Json&)>&),
                                   const std::function<bool(const Json&)>& keep) {
  if (ServerMode(g)) return ServerList(g, path, params);
  auto st = OpenExisting(g);
  if (!st.ok()) return st.status();
  std::vector<Json> rows;
  ReadModelReader reader(st.value().get());
  Status s = for_each(reader, [&](const Json& row) {
    if (keep(row)) rows.push_back(row);
    return true;
  });
  if (!s.ok()) return s;
  return rows;
}

Result<UnitNames> ServerUnitNames(const Globals& g) {
  auto server = OpenServer(g);
  if (!server.ok()) return server.status();
  auto names = ServerUnitNames(*server.value());
  Park(g, std::move(server.value()));
  return names;
}

Result<UnitNames> ServerUnitNames(http::ServerGateway& server) {
  auto units = server.List("/v1/units");
  if (!units.ok()) return units.status();
  auto names = std::make_shared<std::map<std::string, std::string>>();
  for (const Json& u : units.value()) (*names)[u.value("id", "")] = u.value("name", "");
  return UnitNames([names](const std::string& id) {
    auto it = names->find(id);
    return it == names->end() ? id : it->second;
  });
}

Result<Json> ServerPost(const Globals& g, const std::string& path, const Json& body) {
  auto server = OpenServer(g);
  if (!server.ok()) return server.status();
  auto answer = server.value()->Post(path, body);
  Park(g, std::move(server.value()));
  return answer;
}

Result<Json> ServerGet(const Globals& g, const std::string& path, const std::map<std::string, std::string>& params) {
  auto server = OpenServer(g);
  if (!server.ok()) return server.status();
  auto answer = server.value()->Get(path, params);
  Park(g, std::move(server.value()));
  return answer;
}

Result<std::unique_ptr<CommandGateway>> OpenGateway(const Globals& g, bool with_replica) {
  if (ServerMode(g)) {
    auto server = OpenServer(g);
    if (!server.ok()) return server.status();
    // The office's imports check every row against the replica before sending
    // the first; it catches up when first read, after the command at the latest.
    if (with_replica && server.value()->WhoAmI().value().role != "unit") {
      Status attached = server.value()->AttachReplica(ReplicaDir(g));
      if (!attached.ok()) return attached;
    }
    return std::unique_ptr<CommandGateway>(std::move(server.value()));
  }
  if (!g.brokers.empty()) {
    auto cluster = kafka::ClusterGateway::Open(ClusterOptions(g), g.data, g.timeout_s * 1000);
    if (!cluster.ok()) return cluster.status();
    return std::unique_ptr<CommandGateway>(std::move(cluster.value()));
  }
  Status served = server::NotServed(g.data);
  if (!served.ok()) return served;
  EngineOptions opts;
  opts.domain = &DefaultDomain();
  opts.data_dir = g.data;
  opts.partitions = g.partitions;
  opts.create_if_missing = false;
  opts.lock_wait_ms = g.timeout_s * 1000;
  SayIfWaiting(g.data, g.timeout_s);
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
  cmd.data = std::move(data);
  auto engine = OpenGateway(g, /*with_replica=*/false);  // a server checks one command itself
  if (!engine.ok()) return Fail(engine.status());
  if (ServerMode(g)) {
    cmd.actor = static_cast<http::ServerGateway*>(engine.value().get())->WhoAmI().value();  // the server decides; shown only
  } else {
    auto actor = ActingAs(g, default_as);
    if (!actor.ok()) return Fail(actor.status());
    cmd.actor = actor.value();
  }
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
    return ExitCode(r.status);
  }
  if (!r.status.ok()) {
    std::cerr << (r.status.code() == Status::Code::kRefused ? "refused: " : "error: ") << r.status.Render(CurrentLanguage(), Edge::kCli)
              << "\n";
    return ExitCode(r.status);
  }
  std::cout << (r.body.value("duplicate", false) ? "already done (same command id): " : "ok: ") << stream;
  for (const auto& e : r.body["events"]) std::cout << " " << e["type"].get<std::string>() << "@" << e["version"];
  if (followups > 0) std::cout << " (then " << followups << " follow-up commands)";
  std::cout << "\n";
  if (!r.body.value("duplicate", false) && on_success.is_object())
    for (const auto& [k, v] : on_success.items()) std::cout << k << ": " << (v.is_string() ? v.get<std::string>() : v.dump()) << "\n";
  return 0;
}

namespace {

// The directory queries read: the data directory, or with --server or
// --brokers the replica, brought up to date first.
Result<std::string> QueryDir(const Globals& g) {
  if (ServerMode(g)) {
    auto server = OpenServer(g);
    if (!server.ok()) return server.status();
    auto synced = server.value()->SyncReplica(ReplicaDir(g));
    if (!synced.ok()) return synced.status();
    return ReplicaDir(g);
  }
  if (!g.brokers.empty()) {
    auto cluster = kafka::ClusterGateway::Open(ClusterOptions(g), g.data, g.timeout_s * 1000);
    if (!cluster.ok()) return cluster.status();
    auto caught = cluster.value()->CatchUp();
    if (!caught.ok()) return caught.status();
  }
  return g.data;
}

}  // namespace

Result<std::unique_ptr<Store>> OpenExisting(const Globals& g, bool read_models) {
  auto dir = QueryDir(g);
  if (!dir.ok()) return dir.status();
  StoreOptions so;
  so.create_if_missing = false;
  so.mode = StoreMode::kReader;
  auto st = Store::Open(dir.value(), so);
  if (!st.ok() || !read_models) return st;
  Status current = CheckReadModelsCurrent(st.value().get());
  if (!current.ok()) return current;
  return st;
}

Result<std::unique_ptr<Store>> OpenWriter(const Globals& g) {
  auto dir = QueryDir(g);  // a replica is this CLI's own
  if (!dir.ok()) return dir.status();
  if (!ServerMode(g)) {
    Status served = server::NotServed(dir.value());
    if (!served.ok()) return served;
  }
  StoreOptions so;
  so.create_if_missing = false;
  so.lock_wait_ms = g.timeout_s * 1000;
  SayIfWaiting(dir.value(), g.timeout_s);
  return Store::Open(dir.value(), so);
}

int64_t QueryNow(const Globals& g) {
  if (!g.at.empty())
    if (auto t = ParseIsoMs(g.at)) return *t;
  return NowMs();
}

int PrintTable(const Globals& g, const Table& t) {
  if (!g.xlsx.empty()) {
    // The sheet is named as the file is (逾期任务.xlsx -> 逾期任务).
    std::string name = g.xlsx.substr(g.xlsx.find_last_of('/') == std::string::npos ? 0 : g.xlsx.find_last_of('/') + 1);
    if (name.size() > 5 && name.compare(name.size() - 5, 5, ".xlsx") == 0) name.resize(name.size() - 5);
    Status s = WriteXlsx(t, g.xlsx, name);
    if (!s.ok()) return Fail(s);
    std::cerr << Label("已导出 " + g.xlsx + "（" + std::to_string(t.size()) + " 行）\n",
                       "written to " + g.xlsx + " (" + std::to_string(t.size()) + " rows)\n");
  }
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
  if (ServerMode(g)) {  // GET /v1/units/{ref}: the server names it, or its near matches
    if (ref.empty()) return Status::Refusal(Status::Code::kInvalid, field, units::kUnitRefEmpty, {});
    const std::string path = "/v1/units/" + http::PathSegment(ref);
    auto unit = ServerGet(g, path);
    if (!unit.ok()) return unit.status().field() == "unit" ? unit.status().Relocated(field) : unit.status();
    return unit.value().value("id", ref);
  }
  auto st = OpenExisting(g);
  if (!st.ok()) return st.status();
  ReadModelReader r(st.value().get());
  return units::Resolve(r, ref, field);
}

}  // namespace safecity::cli
