// soak: nothing acknowledged is lost or done twice while the server is
// killed again and again (issue 14, "Checked continuously"). Not in the test
// command; run by hand for minutes (README, Trust).
//
// In a fresh data directory the built `safecity` sets up C units, an office
// token, a token and a webhook key per unit (init, unit add, token issue,
// webhook key issue). Then `safecity serve --http` runs on a free port of
// 127.0.0.1 and C client threads put mixed load on it for --minutes: client
// c, as the office, assigns unit c a task; unit c walks it through
// acknowledge -> submit_plan -> start -> submit, every other step a signed
// inbound webhook, the others token requests; between two commands it reads
// (its task, its tasks, its inbox, the task's events). Every --kill-every
// seconds the server is killed with SIGKILL and started again.
//
// A client resends a command, with the same Idempotency-Key (or webhook
// delivery id, signed anew), until it is answered: 200, or for a webhook the
// 401 "already received" that carries the first result. Those answers are
// the acknowledged commands. When the time is up the last commands are
// answered, the server stops (SIGTERM), and the log is read: each
// acknowledged command's effect (the events it caused, as its answer listed
// them) must be in the log exactly once. Then `safecity verify`, and the
// signed-checkpoint step when this safecity has `checkpoint`.
//
//   soak [--minutes N (5)] [--kill-every K (20)] [--clients C (8)] [--dir DIR]
//        [--safecity PATH (the one built beside this)]
//
// Prints acknowledged / found once / missing / duplicated, the verify
// result, and a last line "soak: PASS ..." or "soak: FAIL ...". Exit 0 on
// PASS, 1 on FAIL, 2 on bad arguments, 3 when the setup or server failed.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>

#include "connectors/http/webhook_signature.h"
#include "engine/envelope.h"
#include "engine/sha256.h"
#include "engine/store.h"
#include "engine/time_util.h"
#include "tests/bench/bench_util.h"

extern char** environ;

using namespace safecity;
using Clock = std::chrono::steady_clock;

namespace {

struct Options {
  double minutes = 5;
  int kill_every_s = 20;
  int clients = 8;
  std::string dir, safecity;
};

// --- processes ---------------------------------------------------------------

struct Ran {
  int exit_code = -1;
  std::string out;  // stdout and stderr together
};

// Runs `args` (no shell) and waits; what it prints goes to `log` as well.
Ran Run(const std::vector<std::string>& args, const std::string& log) {
  const std::string capture = log + ".last";
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, capture.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_adddup2(&fa, 1, 2);
  pid_t pid = 0;
  Ran r;
  if (posix_spawn(&pid, argv[0], &fa, nullptr, argv.data(), environ) != 0) {
    posix_spawn_file_actions_destroy(&fa);
    r.out = "cannot run " + args[0] + ": " + std::strerror(errno);
    return r;
  }
  posix_spawn_file_actions_destroy(&fa);
  int status = 0;
  waitpid(pid, &status, 0);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  std::ifstream in(capture);
  std::stringstream text;
  text << in.rdbuf();
  r.out = text.str();
  std::ofstream record(log, std::ios::app);
  record << "$";
  for (const auto& a : args) record << " " << a;
  record << "\n" << r.out << "(exit " << r.exit_code << ")\n";
  return r;
}

std::string LastLine(const std::string& text) {
  std::string t = text;
  while (!t.empty() && t.back() == '\n') t.pop_back();
  size_t nl = t.rfind('\n');
  return nl == std::string::npos ? t : t.substr(nl + 1);
}

// `safecity serve --http` on `port`, its output appended to `log`.
class Server {
 public:
  Server(std::string safecity, std::string data, int port, std::string log)
      : safecity_(std::move(safecity)), data_(std::move(data)), port_(port), log_(std::move(log)) {}

  // Starts it and waits (up to a minute) until /readyz answers 200.
  bool Start() {
    const std::string http = "127.0.0.1:" + std::to_string(port_);
    std::vector<std::string> args{safecity_, "--data", data_, "serve", "--http", http, "--tick-every", "0"};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, log_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    posix_spawn_file_actions_adddup2(&fa, 1, 2);
    int rc = posix_spawn(&pid_, argv[0], &fa, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) return false;
    httplib::Client probe("127.0.0.1", port_);
    probe.set_connection_timeout(1, 0);
    const auto deadline = Clock::now() + std::chrono::seconds(60);
    while (Clock::now() < deadline) {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return false;  // it exited: the log says why
      }
      auto res = probe.Get("/readyz");
      if (res && res->status == 200) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }
  void Kill() { Signal(SIGKILL); }
  // SIGTERM and wait: true when it stopped by itself with exit code 0.
  bool Stop() { return Signal(SIGTERM) == 0; }

 private:
  int Signal(int sig) {
    if (pid_ <= 0) return -1;
    kill(pid_, sig);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }
  std::string safecity_, data_;
  int port_;
  std::string log_;
  pid_t pid_ = -1;
};

// --- the load ------------------------------------------------------------------

struct Credentials {
  std::string office_token;
  std::vector<std::string> unit_tokens, webhook_secrets;
};

std::string UnitId(int c) { return "soak" + std::to_string(c); }
std::string KeyId(int c) { return UnitId(c) + "-sys"; }

// What a client was told about one command.
struct Acknowledged {
  std::string command_id, stream, type;
  std::vector<std::string> events;  // the event ids the answer listed
};

struct Tally {
  std::mutex mu;
  std::vector<Acknowledged> acknowledged;
  std::atomic<int64_t> resends{0}, unanswered{0}, refused{0}, reads_ok{0}, reads_failed{0};
  std::vector<std::string> problems;  // the first few, for the report
  void Problem(const std::string& p) {
    std::lock_guard<std::mutex> lock(mu);
    if (problems.size() < 8) problems.push_back(p);
  }
};

class Client {
 public:
  Client(int c, int port, const Credentials& cred, Tally* tally)
      : c_(c), http_("127.0.0.1", port), office_(cred.office_token), token_(cred.unit_tokens[static_cast<size_t>(c)]),
        secret_(cred.webhook_secrets[static_cast<size_t>(c)]), tally_(tally) {
    http_.set_connection_timeout(2, 0);
    http_.set_read_timeout(60, 0);
    http_.set_tcp_nodelay(true);
  }

  // Tasks one after the other until `stop`; the command under way is answered first.
  void Run(const std::atomic<bool>& stop) {
    for (int n = 1; !stop.load(); ++n) {
      const std::string task = "S" + std::to_string(c_) + "-" + std::to_string(n), stream = "task-" + task;
      const std::vector<std::pair<const char*, Json>> steps{
          {"task.assign", Json{{"task_id", task}, {"title", "燃气管道隐患整改"}, {"lead_unit", UnitId(c_)}, {"deadline", "2031-04-15"}}},
          {"task.acknowledge", Json{{"note", "已签收"}}},
          {"task.submit_plan", Json{{"plan", "排查辖区全部燃气管道并建立台账"}}},
          {"task.start", Json::object()},
          {"task.submit",
           Json{{"evidence", Json::array({Json{{"name", "report.pdf"}, {"sha256", Sha256Hex(task)}, {"uri", "file:///r.pdf"}}})}}}};
      for (size_t i = 0; i < steps.size(); ++i) {
        const auto& [type, data] = steps[i];
        const std::string key = task + "-" + type;
        bool ok = i == 0 ? Command(office_, type, stream, data, key)
                  : i % 2 ? Webhook(type, stream, data, key)
                          : Command(token_, type, stream, data, key);
        if (!ok) break;  // refused or never answered: counted; this task goes no further
        Read(i, task);
        if (stop.load() && i + 1 < steps.size()) return;  // time is up: no new command
      }
    }
  }

 private:
  // Sends until answered; false when refused or no answer came within two minutes.
  template <typename Send>
  bool UntilAnswered(const std::string& what, Send send, const std::string& stream, const std::string& type) {
    const auto deadline = Clock::now() + std::chrono::minutes(2);
    for (int attempt = 0;; ++attempt) {
      if (attempt > 0) ++tally_->resends;
      httplib::Result res = send();
      if (res && res->status == 200) return Record(Json::parse(res->body, nullptr, false), stream, type);
      if (res && res->status == 401) {
        // A webhook delivery already received: its first result, as the sender needs it.
        Json problem = Json::parse(res->body, nullptr, false);
        if (problem.is_object() && problem.contains("result") && problem["result"].is_object())
          return Record(problem["result"], stream, type);
      }
      if (res && res->status < 500) {
        ++tally_->refused;
        tally_->Problem(what + ": " + std::to_string(res->status) + " " + res->body);
        return false;
      }
      // No answer (the server is down or was killed mid-request) or a 5xx: the same again.
      if (Clock::now() > deadline) {
        ++tally_->unanswered;
        tally_->Problem(what + ": no answer in two minutes (" + (res ? std::to_string(res->status) : httplib::to_string(res.error())) + ")");
        return false;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(std::min(50 * (attempt + 1), 500)));
    }
  }

  bool Record(const Json& body, const std::string& stream, const std::string& type) {
    if (!body.is_object() || body.value("command_id", "").empty()) {
      ++tally_->refused;
      tally_->Problem(type + " " + stream + ": an answer without a command id: " + body.dump());
      return false;
    }
    Acknowledged a{body.value("command_id", ""), stream, type, {}};
    if (body.contains("events") && body["events"].is_array())
      for (const Json& e : body["events"]) a.events.push_back(e.value("id", ""));
    std::lock_guard<std::mutex> lock(tally_->mu);
    tally_->acknowledged.push_back(std::move(a));
    return true;
  }

  bool Command(const std::string& token, const std::string& type, const std::string& stream, const Json& data, const std::string& key) {
    const std::string body = Json{{"stream", stream}, {"data", data}}.dump();
    httplib::Headers h{{"Authorization", "Bearer " + token}, {"Idempotency-Key", key}};
    return UntilAnswered(type + " " + stream, [&] { return http_.Post("/v1/commands/" + type, h, body, "application/json"); }, stream, type);
  }

  bool Webhook(const std::string& type, const std::string& stream, const Json& data, const std::string& delivery) {
    const std::string body = Json{{"delivery_id", delivery}, {"type", type}, {"stream", stream}, {"data", data}}.dump();
    return UntilAnswered(
        "webhook " + type + " " + stream,
        [&] {
          const int64_t ts = NowMs() / 1000;  // signed anew on each attempt, as a sender does
          httplib::Headers h{{"X-Safecity-Key", KeyId(c_)},
                             {"X-Safecity-Timestamp", std::to_string(ts)},
                             {"X-Safecity-Signature", http::WebhookSignature(secret_, ts, body)}};
          return http_.Post("/v1/webhooks/inbound", h, body, "application/json");
        },
        stream, type);
  }

  // One read between commands, a different one each time; a read is not resent.
  void Read(size_t i, const std::string& task) {
    static const char* const kReads[] = {"/v1/tasks/", "/v1/my/tasks?limit=20", "/v1/inbox", "/v1/streams/task-"};
    const std::string path = std::string(kReads[i % 4]) + (i % 4 == 0 ? task : i % 4 == 3 ? task + "/events" : "");
    auto res = http_.Get(path, httplib::Headers{{"Authorization", "Bearer " + (i % 4 == 0 ? office_ : token_)}});
    (res && res->status == 200 ? tally_->reads_ok : tally_->reads_failed)++;
  }

  int c_;
  httplib::Client http_;
  std::string office_, token_, secret_;
  Tally* tally_;
};

// --- setup, through the CLI ------------------------------------------------------

// The secret a `token issue` or `webhook key issue` printed once.
std::string SecretIn(const std::string& out, const char* prefix) {
  std::smatch m;
  if (std::regex_search(out, m, std::regex(std::string(prefix) + "[A-Za-z0-9_\\-]+"))) return m.str();
  return "";
}

bool SetUp(const Options& o, const std::string& data, const std::string& log, Credentials* cred) {
  auto cli = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {o.safecity, "--data", data});
    Ran r = Run(args, log);
    if (r.exit_code != 0) std::fprintf(stderr, "soak: setup failed: %s\n", LastLine(r.out).c_str());
    return r;
  };
  if (cli({"init"}).exit_code != 0) return false;
  Ran office = cli({"token", "issue", "--role", "office", "--principal", "soak.office", "--label", "soak"});
  cred->office_token = SecretIn(office.out, "sct_");
  if (cred->office_token.empty()) return false;
  for (int c = 0; c < o.clients; ++c) {
    if (cli({"unit", "add", "--id", UnitId(c), "--name", "压测单位" + std::to_string(c), "--kind", "district"}).exit_code != 0)
      return false;
    Ran token = cli({"token", "issue", "--role", "unit", "--unit", UnitId(c), "--label", "soak"});
    Ran key = cli({"webhook", "key", "issue", "--unit", UnitId(c), "--id", KeyId(c)});
    cred->unit_tokens.push_back(SecretIn(token.out, "sct_"));
    cred->webhook_secrets.push_back(SecretIn(key.out, "whsec_"));
    if (cred->unit_tokens.back().empty() || cred->webhook_secrets.back().empty()) {
      std::fprintf(stderr, "soak: setup: no secret printed for %s\n", UnitId(c).c_str());
      return false;
    }
  }
  return true;
}

// =================================================================================
// The signed-checkpoint step (issue 14: `safecity checkpoint`). It runs only
// when this safecity has the command (`safecity checkpoint --help` exits 0).
// Before the load it makes a signing key outside the data directory and a
// checkpoint of the log as set up; after the load it proves that the log
// still holds that checkpoint's prefix exactly (all the kills included), and
// checks a checkpoint of the whole final log. The server is stopped each time.
// Returns one line for the report; *ok false when a step failed.
// (A safecity without the command prints its general help for
// `checkpoint --help` and exits 0 too: the command's own help names
// --signing-key.)
// =================================================================================
enum class CheckpointPhase { kBeforeLoad, kAfterLoad };

std::string CheckpointStep(CheckpointPhase phase, const Options& o, const std::string& run_dir, const std::string& data,
                           const std::string& log, bool* ok) {
  *ok = true;
  Ran help = Run({o.safecity, "checkpoint", "--help"}, log);
  if (help.exit_code != 0 || help.out.find("--signing-key") == std::string::npos)
    return "skipped: this safecity has no `checkpoint` command (signed checkpoints)";
  const std::string key = run_dir + "/checkpoint-key";  // outside the data directory
  const std::string first = run_dir + "/checkpoint-before.json", last = run_dir + "/checkpoint-after.json";
  auto step = [&](std::vector<std::string> args, const std::string& what) {
    Ran r = Run(args, log);
    if (r.exit_code != 0) *ok = false;
    return what + ": " + (r.exit_code == 0 ? "ok" : "FAILED (exit " + std::to_string(r.exit_code) + ")") + ", " + LastLine(r.out);
  };
  if (phase == CheckpointPhase::kBeforeLoad) {
    std::string made = step({o.safecity, "checkpoint", "keygen", "--out", key}, "keygen");
    if (!*ok) return made;
    return step({o.safecity, "--data", data, "checkpoint", "--signing-key", key, "--out", first}, "checkpoint before the load");
  }
  if (!std::filesystem::exists(first)) {
    *ok = false;
    return "no checkpoint from before the load";
  }
  std::string line = step({o.safecity, "--data", data, "verify", "--checkpoint", first, "--public-key", key + ".pub"},
                          "verify against the checkpoint before the load");
  line += "; " + step({o.safecity, "--data", data, "checkpoint", "--signing-key", key, "--out", last}, "checkpoint after");
  line += "; " + step({o.safecity, "--data", data, "verify", "--checkpoint", last, "--public-key", key + ".pub"},
                      "verify against it");
  return line;
}

// --- the check ----------------------------------------------------------------------

struct Found {
  int64_t once = 0, missing = 0, duplicated = 0, events = 0;
  std::vector<std::string> examples;
};

// Each acknowledged command's events (those it caused) in the log exactly once.
Result<Found> CheckLog(const std::string& data, const std::vector<Acknowledged>& acked) {
  auto opened = Store::Open(data);
  if (!opened.ok()) return opened.status();
  Store* store = opened.value().get();
  std::map<std::string, std::vector<std::string>> caused;  // command id -> event ids, in log order
  Found f;
  for (int64_t from = 1;;) {
    auto batch = store->ReadAll(from, 10000);
    if (!batch.ok()) return batch.status();
    if (batch.value().empty()) break;
    for (const EventEnvelope& e : batch.value()) caused[e.causation_id].push_back(e.id);
    f.events += static_cast<int64_t>(batch.value().size());
    from = batch.value().back().position + 1;
  }
  for (const Acknowledged& a : acked) {
    auto it = caused.find(a.command_id);
    std::vector<std::string> in_log = it == caused.end() ? std::vector<std::string>{} : it->second;
    std::map<std::string, int> times;
    for (const auto& id : in_log) ++times[id];
    bool missing = in_log.empty(), twice = false;
    for (const auto& id : a.events) missing = missing || times[id] == 0;
    for (const auto& [id, n] : times) twice = twice || n > 1;
    if (!a.events.empty() && in_log.size() > a.events.size()) twice = true;
    if (missing) ++f.missing;
    else if (twice) ++f.duplicated;
    else ++f.once;
    if ((missing || twice) && f.examples.size() < 5)
      f.examples.push_back(a.type + " " + a.stream + " (command " + a.command_id + "): " + std::to_string(in_log.size()) +
                           " events in the log, " + std::to_string(a.events.size()) + " in the answer");
  }
  return f;
}

bool ParseArgs(int argc, char** argv, Options* o) {
  for (int i = 1; i < argc; i += 2) {
    const char* value = i + 1 < argc ? argv[i + 1] : nullptr;
    if (value && !std::strcmp(argv[i], "--minutes")) o->minutes = std::atof(value);
    else if (value && !std::strcmp(argv[i], "--kill-every")) o->kill_every_s = std::atoi(value);
    else if (value && !std::strcmp(argv[i], "--clients")) o->clients = std::atoi(value);
    else if (value && !std::strcmp(argv[i], "--dir")) o->dir = value;
    else if (value && !std::strcmp(argv[i], "--safecity")) o->safecity = value;
    else return false;
  }
  return o->minutes > 0 && o->kill_every_s >= 1 && o->clients >= 1 && o->clients <= 256;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  if (!ParseArgs(argc, argv, &o)) {
    std::fprintf(stderr, "usage: soak [--minutes N (5)] [--kill-every K seconds (20)] [--clients C (8)] [--dir DIR (a temp dir)] "
                         "[--safecity PATH (beside this binary)]\n");
    return 2;
  }
  if (o.safecity.empty())
    o.safecity = (std::filesystem::canonical("/proc/self/exe").parent_path().parent_path() / "safecity").string();
  if (o.dir.empty()) {
    std::string pattern = (std::filesystem::temp_directory_path() / "safecity-soak-XXXXXX").string();
    if (!mkdtemp(pattern.data())) {
      std::perror("mkdtemp");
      return 3;
    }
    o.dir = pattern;
  }
  const std::string data = o.dir + "/data", log = o.dir + "/soak.log", server_log = o.dir + "/server.log";
  std::filesystem::remove_all(data);
  std::filesystem::create_directories(o.dir);
  std::printf("soak: %.1f min, kill -9 every %d s, %d clients; %s, data and logs in %s\n", o.minutes, o.kill_every_s, o.clients,
              o.safecity.c_str(), o.dir.c_str());
  std::fflush(stdout);

  Credentials cred;
  if (!SetUp(o, data, log, &cred)) return 3;
  bool checkpoint_ok = true;
  std::string checkpoint_before = CheckpointStep(CheckpointPhase::kBeforeLoad, o, o.dir, data, log, &checkpoint_ok);

  const int port = bench::FreeLoopbackPort();
  Server server(o.safecity, data, port, server_log);
  if (port < 0 || !server.Start()) {
    std::fprintf(stderr, "soak: the server did not start; see %s\n", server_log.c_str());
    return 3;
  }

  Tally tally;
  std::atomic<bool> stop{false};
  std::vector<std::thread> clients;
  std::vector<std::unique_ptr<Client>> state;
  for (int c = 0; c < o.clients; ++c) state.push_back(std::make_unique<Client>(c, port, cred, &tally));
  const auto t0 = Clock::now();
  for (int c = 0; c < o.clients; ++c) clients.emplace_back([&, c] { state[static_cast<size_t>(c)]->Run(stop); });

  // The killer: SIGKILL every K seconds, then start it again at once.
  const auto end = t0 + std::chrono::milliseconds(static_cast<int64_t>(o.minutes * 60000));
  int kills = 0;
  double down_total = 0, down_max = 0;
  bool server_failed = false;
  for (auto next = t0 + std::chrono::seconds(o.kill_every_s); next < end; next += std::chrono::seconds(o.kill_every_s)) {
    std::this_thread::sleep_until(next);
    server.Kill();
    ++kills;
    const auto killed = Clock::now();
    if (!server.Start()) {
      std::fprintf(stderr, "soak: the server did not start again after kill %d; see %s\n", kills, server_log.c_str());
      server_failed = true;
      break;
    }
    const double down = std::chrono::duration<double>(Clock::now() - killed).count();
    down_total += down;
    down_max = std::max(down_max, down);
  }
  if (!server_failed) std::this_thread::sleep_until(end);
  stop = true;
  for (auto& t : clients) t.join();  // each answers the command under way first
  const double secs = std::chrono::duration<double>(Clock::now() - t0).count();
  const bool stopped = server.Stop();

  auto found = CheckLog(data, tally.acknowledged);
  if (!found.ok()) {
    std::fprintf(stderr, "soak: cannot read the log: %s\n", found.status().ToString().c_str());
    return 3;
  }
  const Found& f = found.value();
  Ran verify = Run({o.safecity, "--data", data, "verify"}, log);
  std::string checkpoint_after = checkpoint_ok ? CheckpointStep(CheckpointPhase::kAfterLoad, o, o.dir, data, log, &checkpoint_ok)
                                               : "not run: the step before the load failed";

  const int64_t acked = static_cast<int64_t>(tally.acknowledged.size());
  std::printf("load: %.0f s, %d kills (down %.2f s on average, at most %.2f s), %lld resends, %lld reads (%lld failed), %lld events in the log\n",
              secs, kills, kills ? down_total / kills : 0.0, down_max, static_cast<long long>(tally.resends.load()),
              static_cast<long long>(tally.reads_ok + tally.reads_failed), static_cast<long long>(tally.reads_failed.load()),
              static_cast<long long>(f.events));
  std::printf("acknowledged: %lld\n", static_cast<long long>(acked));
  std::printf("found once: %lld\n", static_cast<long long>(f.once));
  std::printf("missing: %lld\n", static_cast<long long>(f.missing));
  std::printf("duplicated: %lld\n", static_cast<long long>(f.duplicated));
  std::printf("refused: %lld, unanswered: %lld\n", static_cast<long long>(tally.refused.load()),
              static_cast<long long>(tally.unanswered.load()));
  for (const auto& e : f.examples) std::printf("  %s\n", e.c_str());
  for (const auto& p : tally.problems) std::printf("  %s\n", p.c_str());
  std::printf("verify: %s (exit %d)\n", LastLine(verify.out).c_str(), verify.exit_code);
  std::printf("checkpoint: %s\n", checkpoint_before.c_str());
  if (checkpoint_before.rfind("skipped", 0) != 0) std::printf("checkpoint: %s\n", checkpoint_after.c_str());
  if (!stopped) std::printf("the server did not stop cleanly on SIGTERM; see %s\n", server_log.c_str());

  const bool pass = !server_failed && stopped && acked > 0 && f.once == acked && f.missing == 0 && f.duplicated == 0 &&
                    tally.refused == 0 && tally.unanswered == 0 && verify.exit_code == 0 && checkpoint_ok;
  std::printf("soak: %s %lld acknowledged, %lld found once, %lld missing, %lld duplicated; verify %s; checkpoint %s; %d kills in %.1f min\n",
              pass ? "PASS" : "FAIL", static_cast<long long>(acked), static_cast<long long>(f.once),
              static_cast<long long>(f.missing), static_cast<long long>(f.duplicated), verify.exit_code == 0 ? "ok" : "FAILED",
              checkpoint_before.rfind("skipped", 0) == 0 ? "skipped" : checkpoint_ok ? "ok" : "FAILED", kills, secs / 60.0);
  return pass ? 0 : 1;
}
