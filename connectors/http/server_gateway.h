// ServerGateway: the CLI as a client of a safecity server (`--server URL`),
// over the HTTP API with a bearer token. Commands go to POST
// /v1/commands/{type} with the command id as Idempotency-Key, so a command
// resent after a dropped connection is carried out once; the server decides
// the actor from the token and the time from its own clock, and settles the
// reactions itself.
//
// Queries run on a local replica in a data directory of its own, brought up
// to date before each query, so every report of the CLI runs unchanged on
// it. An office, auditor or inspector token replicates the streams /v1/log
// gives it (the whole streams it may read: workflows/access/stream_access.h);
// a unit's token, its own unit
// stream and the whole streams of its own tasks (GET /v1/my/tasks, then
// /v1/streams/{s}/events). Each event is checked against its hash and its
// stream's chain as it arrives (AppendDecidedEvents), so `verify` on the
// replica proves what the server served, on the reader's own machine.
//
// Problems come back as Status values: the server's code, field and detail.
// Not thread-safe.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <rocksdb/write_batch.h>

#include "engine/command_gateway.h"
#include "engine/envelope.h"
#include "engine/status.h"

namespace safecity::http {

struct ServerOptions {
  std::string url;    // http://HOST:PORT or https://HOST:PORT
  std::string ca_file;  // https://: the CA that signed the server's certificate (PEM); "": the system's CAs
  std::string ca_file_source = "--ca-file";  // where ca_file came from, named when it cannot be read
  std::string token;  // bearer token (`safecity token issue`)
  int timeout_s = 60;
  Language language = Language::kZh;  // asked for as Accept-Language: the server's refusals come in it
  // The registered words of a refusal's reason (nullptr: unknown): a query's
  // refusal the client knows is said in its own words and edge (the CLI's
  // commands), not the server's HTTP advice. A command's refusal keeps the
  // server's words, whose advice is about the token that acts.
  std::function<const Message*(const std::string& reason)> find_message;
};

class ServerGateway : public CommandGateway {
 public:
  // Checks the URL's form; no request is made yet.
  static Result<std::unique_ptr<ServerGateway>> Open(const ServerOptions& o);
  ~ServerGateway() override;

  // Who the token stands for (GET /v1/whoami); asked once.
  Result<Actor> WhoAmI();
  // GET path?params as JSON, or the problem the server answered as a Status.
  Result<Json> Get(const std::string& path, const std::map<std::string, std::string>& params = {});
  // POST path with a JSON body: the answer as JSON, or the problem the server
  // answered as a Status, its whole document in *problem when given (an
  // import's "errors", every one).
  Result<Json> Post(const std::string& path, const Json& body, Json* problem = nullptr);
  // Every item of a paged list endpoint ({"items", "next_cursor"}) for the
  // query parameters in `filter`, following the cursor.
  // POST /v1/attachments?task=TASK: `bytes` as the form's file named
  // `file_name`; the server's answer (sha256, size_bytes, media_type, name, uri).
  Result<Json> Upload(const std::string& task, const std::string& file_name, const std::string& bytes);
  Result<std::vector<Json>> List(const std::string& path, const std::map<std::string, std::string>& filter = {});

  // Opens `dir` (created when missing) as this server's replica for this
  // token's role and applies every event it may read now. A directory
  // holding an embedded log, or the replica of another server or of another
  // scope (a unit's, an inspector's), is refused. Returns the events applied.
  Result<int64_t> SyncReplica(const std::string& dir);
  // The same directory checks, without reading the server yet: the replica
  // catches up when it is first read (Check, store(), Settle).
  Status AttachReplica(const std::string& dir);

  // Intake checks on the replica when there is one (imports check every row
  // before sending); without one, the server checks on Submit.
  Status Check(CommandEnvelope* cmd) override;
  CommandResult Submit(CommandEnvelope cmd) override;
  // The server settles its own reactions; this brings the replica up to
  // date with what the server has so far.
  Result<SettleReport> Settle() override;
  // The replica (after AttachReplica or SyncReplica), else nullptr; caught
  // up first when it has not been read yet or a command was accepted since.
  Store* store() override;

 private:
  struct Impl;
  explicit ServerGateway(std::unique_ptr<Impl> impl);
  Result<int64_t> Sync();
  Result<int64_t> SyncLog();
  Result<int64_t> SyncStreams(const Actor& me);
  Result<int64_t> Apply(const Json& items, rocksdb::WriteBatch* extra);
  Status TooSlow() const;
  Status Refresh();
  std::unique_ptr<Impl> impl_;
};

// A Status from an application/problem+json document (its code, field and
// detail), with the registered words of its reason and params when
// `find_message` knows them.
Status StatusFromProblem(int http_status, const Json& problem,
                         const std::function<const Message*(const std::string&)>& find_message = nullptr);

}  // namespace safecity::http
