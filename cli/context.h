// What every CLI command shares: the global flags, submitting one command and
// printing its outcome, opening the data directory for queries, printing tables.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "cli/reports.h"
#include "cli/table.h"
#include "engine/envelope.h"
#include "engine/read_models.h"
#include "engine/status.h"

namespace safecity {
class Store;
class CommandGateway;
namespace http {
class ServerGateway;
}
}  // namespace safecity

namespace safecity::cli {

struct Globals {
  std::string data;
  std::string output = "table";
  std::string xlsx;  // --xlsx FILE: every table printed is also written there as a workbook
  std::string as;
  std::string at;
  std::string command_id;
  std::string correlation_id;
  size_t partitions = 0;
  // A Kafka cluster to send commands to instead of the embedded engine; the
  // data directory is then the CLI's replica of the cluster's read models.
  std::string brokers;
  std::string topic_prefix = "safecity";
  int timeout_s = 60;  // for a result, or for the cluster to settle
  // A safecity server to act on over HTTP (--server, $SAFECITY_SERVER or the
  // config file) with the token from $SAFECITY_TOKEN or the config file.
  std::string server;
  std::string token;
  std::string ca_file;  // --ca-file, $SAFECITY_CA_FILE or the config's "ca_file": the CA of an https:// server
  std::string ca_file_source = "--ca-file";  // which of the three, for an error about it
  bool data_given = false;  // --data or $SAFECITY_DATA was given
  Status config_error;      // the config file could not be used
};

// Fills g->server and g->token from $SAFECITY_SERVER, $SAFECITY_TOKEN and the
// config file ($SAFECITY_CONFIG, else ~/.config/safecity/config.json:
// {"server": "https://HOST:PORT", "token": "...", "ca_file": "/path/ca.pem"});
// --server and --ca-file win over both.
// A config file holding a token must be readable by its owner only.
void LoadClientConfig(Globals* g);

// The server mode: commands and queries go to g.server.
inline bool ServerMode(const Globals& g) { return !g.server.empty(); }

// Where the replica of the server's log lives: --data when given, else
// ~/.cache/safecity/replica-<hash of the URL and the token>.
std::string ReplicaDir(const Globals& g);

// Prints "error: <status>" and returns its exit code.
int Fail(const Status& s);
bool JsonOutput(const Globals& g);

// The command's time: --at, or now.
Result<int64_t> CommandTime(const Globals& g);
// The acting principal: --as, or `default_as` when --as is not given.
Result<Actor> ActingAs(const Globals& g, const std::string& default_as);

// Who acts or asks: with --server the token's principal, else ActingAs.
Result<Actor> WhoActs(const Globals& g, const std::string& default_as);

// With --server: every item of a paged list endpoint (GET path?filter,
// following next_cursor): what the CLI shows without a replica.
Result<std::vector<Json>> ServerList(const Globals& g, const std::string& path, const std::map<std::string, std::string>& filter = {});
// With --server: the units' names as GET /v1/units lists them (a unit's
// token: its own), the id for any other.
Result<UnitNames> ServerUnitNames(const Globals& g);
Result<UnitNames> ServerUnitNames(http::ServerGateway& server);
// With --server: POST path with a JSON body, the server's answer as JSON.
Result<Json> ServerPost(const Globals& g, const std::string& path, const Json& body);
// With --server: GET path?params, the server's answer as JSON.
Result<Json> ServerGet(const Globals& g, const std::string& path, const std::map<std::string, std::string>& params = {});

// Where commands go: the embedded engine on an existing data directory; with
// --brokers, the cluster (the data directory, created when missing, is the
// replica it keeps up to date); with --server, the server over HTTP. There,
// `with_replica` attaches the replica, brought up to date first when the
// token may read the log, so that imports check their rows against it; one
// command alone (Submit) is checked by the server and needs none.
Result<std::unique_ptr<CommandGateway>> OpenGateway(const Globals& g, bool with_replica = true);

// Submits one command built from the CLI, lets the reactions settle (tasks
// opened, notifications queued, escalations), and prints the outcome.
// Returns the exit code. `on_success` (an object) is shown only when the
// command was accepted: merged into the JSON output, or as "key: value" lines
// (a new token's secret, which is nowhere else).
int Submit(const Globals& g, const std::string& type, const std::string& stream, const std::string& default_as,
           Json data, const Json& on_success = Json());

// Opens the data directory for reading; for queries of read models, also
// checks that they cover the whole log. It reads beside a running `serve` or
// another command (following the writer as it writes) and never writes the
// directory. With --brokers or --server, first brings the replica up to date
// (with --server, a unit's replica holds its own tasks only).
Result<std::unique_ptr<Store>> OpenExisting(const Globals& g, bool read_models = true);

// Opens the data directory (or the replica) as its writer (`replay
// --rebuild`): refused at once, naming the server, while `serve` runs on it;
// another command that writes it is waited for, up to --timeout.
Result<std::unique_ptr<Store>> OpenWriter(const Globals& g);

// A unit named by id, name or alias, looked up in the data directory.
Result<std::string> ResolveUnit(const Globals& g, const std::string& ref, const std::string& field);

// A list's rows: with --server GET `path` with `params` (every page), else
// the data directory's read model through `for_each`, kept by `keep`.
Result<std::vector<Json>> ListRows(const Globals& g, const std::string& path, const std::map<std::string, std::string>& params,
                                   Status (*for_each)(ReadModelReader&, const std::function<bool(const Json&)>&),
                                   const std::function<bool(const Json&)>& keep);

// The words of a refusal a server named by its reason (a workflow's or the
// API's own), so the CLI says it in its --lang with its own advice; null for
// a reason this build does not know.
const Message* RefusalWords(const std::string& reason);

// With --server: the server, and who the token stands for.
Result<std::unique_ptr<http::ServerGateway>> OpenServer(const Globals& g);

// The time queries are answered for: --at, or now.
int64_t QueryNow(const Globals& g);

int PrintTable(const Globals& g, const Table& t);
std::string ReadFile(const std::string& path, bool* ok);

}  // namespace safecity::cli
