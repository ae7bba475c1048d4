#include "connectors/http/server_gateway.h"

#include <httplib.h>

#include <filesystem>
#include <iostream>
#include <optional>

#include "connectors/http/http_client.h"
#include "engine/utf8.h"
#include "engine/intake_refusals.h"
#include "connectors/http/server_client_refusals.h"
#include "engine/decided_events.h"
#include "engine/intake.h"
#include "engine/store.h"
#include "engine/time_util.h"
#include "engine/workflow.h"
#include "workflows/registry.h"

namespace safecity::http {

namespace {

constexpr const char* kServerKey = "http/server";  // the server this replica follows
constexpr const char* kAfterKey = "http/after";    // the last server log position applied
constexpr const char* kLogIdKey = Store::kMirroredLogIdKey;  // whose positions those are (/v1/log's log_id)
constexpr int kLogPage = 500;

// The code a problem's HTTP status stands for when it names none.
Status::Code CodeForHttp(int http_status) {
  switch (http_status) {
    case 400: case 413: case 415: return Status::Code::kInvalid;
    case 401: return Status::Code::kUnauthenticated;
    case 403: return Status::Code::kForbidden;
    case 404: return Status::Code::kNotFound;
    case 409: return Status::Code::kRefused;
    case 507: return Status::Code::kNoSpace;
    default: return Status::Code::kStorage;
  }
}

}  // namespace

Status StatusFromProblem(int http_status, const Json& problem, const std::function<const Message*(const std::string&)>& find_message) {
  auto text = [&](const char* key) {
    return problem.is_object() && problem.contains(key) && problem[key].is_string() ? problem[key].get<std::string>() : "";
  };
  const std::string field = text("field");
  std::string detail = text("detail");
  if (detail.empty()) detail = "the server answered HTTP " + std::to_string(http_status);
  // "field: message" as Status::ToString wrote it: keep the message alone.
  if (!field.empty() && detail.rfind(field + ": ", 0) == 0) detail = detail.substr(field.size() + 2);
  Status s = Status::FromCodeName(text("code"), field, detail, CodeForHttp(http_status));
  const Message* words = find_message ? find_message(text("reason")) : nullptr;
  if (words && problem.contains("params") && problem["params"].is_object()) {
    MessageParams params;
    for (const auto& [k, v] : problem["params"].items())
      if (v.is_string()) params.emplace_back(k, v.get<std::string>());
    s.RestoreWords(*words, std::move(params));
  }
  return s;
}

struct ServerGateway::Impl {
  ServerOptions options;
  std::unique_ptr<httplib::Client> client;
  httplib::Headers auth;
  std::optional<Actor> me;
  std::unique_ptr<Store> replica;
  bool stale = false;  // commands were accepted since the replica was synced

  Status Unreachable(const httplib::Error& e) const { return NoAnswer(*client, e, options.url, kServerUnreachable, ""); }

  // The body as JSON, or the answer's problem as a Status.
  Result<Json> Answer(const httplib::Result& r) const {
    if (!r) return Unreachable(r.error());
    Json body = Json::parse(r->body, nullptr, false);
    if (r->status == 200 || r->status == 201) {
      if (body.is_discarded()) return Status::Refusal(Status::Code::kStorage, "", kServerNotJson, {{"url", options.url}});
      return body;
    }
    return StatusFromProblem(r->status, body.is_discarded() ? Json() : body, options.find_message);
  }
};

ServerGateway::ServerGateway(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ServerGateway::~ServerGateway() = default;

Result<std::unique_ptr<ServerGateway>> ServerGateway::Open(const ServerOptions& o) {
  std::string url = o.url;
  while (!url.empty() && url.back() == '/') url.pop_back();
  const auto split = SplitHttpUrl(url);
  if (!split || !split->path.empty()) return Status::Refusal(Status::Code::kInvalid, "--server", kServerAddress, {{"url", o.url}});
  if (o.token.empty())
    return Status::Refusal(Status::Code::kUnauthenticated, "token", kServerNoToken, {{"url", url}});
  auto client = NewHttpClient(url, o.ca_file, o.ca_file_source);
  if (!client.ok()) return client.status();
  auto impl = std::make_unique<Impl>();
  impl->options = o;
  impl->options.url = url;
  impl->client = std::move(client.value());
  impl->client->set_connection_timeout(10);
  impl->client->set_read_timeout(o.timeout_s);
  impl->client->set_write_timeout(o.timeout_s);
  impl->client->set_keep_alive(true);
  // A POST goes out in two writes (head, then body): without this, Nagle holds
  // the body until the server's delayed ACK, some 40 ms per command.
  impl->client->set_tcp_nodelay(true);
  impl->auth = {{"Authorization", "Bearer " + o.token},
                {"Accept-Language", o.language == Language::kZh ? "zh-CN, en;q=0.5" : "en, zh-CN;q=0.5"}};
  return std::unique_ptr<ServerGateway>(new ServerGateway(std::move(impl)));
}

Result<Json> ServerGateway::Get(const std::string& path, const std::map<std::string, std::string>& params) {
  httplib::Params p(params.begin(), params.end());
  return impl_->Answer(impl_->client->Get(path, p, impl_->auth));
}

Result<Json> ServerGateway::Post(const std::string& path, const Json& body, Json* problem) {
  // JSON carries UTF-8 only: a name in another encoding is refused here, naming it.
  if (const std::string bad = FirstInvalidUtf8(body, "body"); !bad.empty())
    return Status::Refusal(Status::Code::kInvalid, bad, kNotUtf8, {});
  auto r = impl_->client->Post(path, impl_->auth, body.dump(), "application/json");
  if (r && r->status != 200 && problem) *problem = Json::parse(r->body, nullptr, false);
  auto answer = impl_->Answer(r);
  if (answer.ok()) impl_->stale = true;  // it may have written: the replica, if any, catches up
  return answer;
}

Result<Json> ServerGateway::Upload(const std::string& task, const std::string& file_name, const std::string& bytes) {
  httplib::MultipartFormDataItems form = {{"file", bytes, file_name, "application/octet-stream"}};
  // PathSegment's encoding serves a query value as well: every reserved byte escaped.
  auto r = impl_->client->Post("/v1/attachments?task=" + PathSegment(task), impl_->auth, form);
  return impl_->Answer(r);
}

Result<std::vector<Json>> ServerGateway::List(const std::string& path, const std::map<std::string, std::string>& filter) {
  std::vector<Json> items;
  std::string cursor;
  for (;;) {
    std::map<std::string, std::string> params = filter;
    params["limit"] = "500";
    if (!cursor.empty()) params["cursor"] = cursor;
    auto page = Get(path, params);
    if (!page.ok()) return page.status();
    for (const Json& item : page.value().value("items", Json::array())) items.push_back(item);
    const Json& next = page.value().contains("next_cursor") ? page.value()["next_cursor"] : Json();
    if (!next.is_string()) return items;
    cursor = next.get<std::string>();
  }
}

Result<Actor> ServerGateway::WhoAmI() {
  if (impl_->me) return *impl_->me;
  auto j = Get("/v1/whoami");
  if (!j.ok()) return j.status();
  impl_->me = Actor{j.value().value("id", ""), j.value().value("role", "")};
  return *impl_->me;
}

Status ServerGateway::AttachReplica(const std::string& dir) {
  if (impl_->replica) return Status::Ok();
  auto me = WhoAmI();
  if (!me.ok()) return me.status();
  // What the token may read decides what the replica holds: one replica, one scope.
  const std::string scope = me.value().role == "unit"        ? "unit:" + me.value().id
                            : me.value().role == "inspector" ? "all but the security log"
                                                             : "all";
  const std::string marker_value = impl_->options.url + " (" + scope + ")";
  // The replica holds what the token may read: its owner's alone.
  std::error_code ec;
  if (std::filesystem::create_directories(dir, ec))
    std::filesystem::permissions(dir, std::filesystem::perms::owner_all, std::filesystem::perm_options::replace, ec);
  StoreOptions so;
  so.create_if_missing = true;
  auto st = Store::Open(dir, so);
  if (!st.ok()) return st.status();
  auto marker = st.value()->Get(Cf::kMeta, kServerKey);
  if (!marker.ok()) return marker.status();
  if (!marker.value()) {
    if (st.value()->LastPosition() > 0)
      return Status::Refusal(Status::Code::kInvalid, "--data", kReplicaHoldsOwnLog, {{"dir", dir}});
    rocksdb::WriteBatch b;
    b.Put(st.value()->handle(Cf::kMeta), kServerKey, marker_value);
    Status s = st.value()->Write(&b, true);
    if (!s.ok()) return s;
  } else if (*marker.value() != marker_value) {
    return Status::Refusal(Status::Code::kInvalid, "--data", kReplicaOfAnother,
                           {{"dir", dir}, {"theirs", *marker.value()}, {"ours", marker_value}});
  }
  impl_->replica = std::move(st.value());
  impl_->stale = true;
  return Status::Ok();
}

Result<int64_t> ServerGateway::SyncReplica(const std::string& dir) {
  Status attached = AttachReplica(dir);
  if (!attached.ok()) return attached;
  return Sync();
}

Result<int64_t> ServerGateway::Sync() {
  auto me = WhoAmI();
  if (!me.ok()) return me.status();
  auto n = me.value().role == "unit" ? SyncStreams(me.value()) : SyncLog();
  if (n.ok()) impl_->stale = false;
  return n;
}

// As the embedded engine's store shows a command's events once Submit
// returns, the replica catches up before it is read after a command (and
// before it is first read at all).
Status ServerGateway::Refresh() {
  if (!impl_->replica || !impl_->stale) return Status::Ok();
  auto n = Sync();
  return n.ok() ? Status::Ok() : n.status();
}

// Office, auditor, inspector: the log in order, from where the replica stopped.
Result<int64_t> ServerGateway::SyncLog() {
  Store* store = impl_->replica.get();
  auto at = store->Get(Cf::kMeta, kAfterKey);
  if (!at.ok()) return at.status();
  int64_t after = at.value() ? static_cast<int64_t>(Store::FromBigEndian64(*at.value())) : 0;
  int64_t applied = 0;
  const int64_t deadline = NowMs() + static_cast<int64_t>(impl_->options.timeout_s) * 1000;
  for (;;) {
    auto page = Get("/v1/log", {{"after", std::to_string(after)}, {"limit", std::to_string(kLogPage)}});
    if (!page.ok()) return page.status();
    // Another node of a cluster behind the same URL numbers its log in
    // another order: read it from the start (the events held are skipped).
    // The first page applied from there records the new log id with its position.
    const std::string log_id = page.value().value("log_id", "");
    auto known = store->Get(Cf::kMeta, kLogIdKey);
    if (!known.ok()) return known.status();
    if (after > 0 && known.value() && *known.value() != log_id) {
      after = 0;
      continue;
    }
    const int64_t next = page.value().value("next_after", after);
    if (next < after)
      return Status::Refusal(Status::Code::kConflict, "", kServerLogWentBack,
                             {{"after", std::to_string(after)}, {"next", std::to_string(next)}});
    rocksdb::WriteBatch extra;
    extra.Put(store->handle(Cf::kMeta), kAfterKey, Store::BigEndian64(static_cast<uint64_t>(next)));
    extra.Put(store->handle(Cf::kMeta), kLogIdKey, log_id);
    auto n = Apply(page.value().value("items", Json::array()), &extra);
    if (!n.ok()) return n.status();
    applied += n.value();
    after = next;
    if (page.value().value("end", true)) return applied;
    if (NowMs() > deadline) return TooSlow();
  }
}

// A unit: its own unit stream and the streams of the tasks it leads or
// cooperates on, each from the version the replica has. A task it joins
// later arrives whole, so every stream here is complete from version 1.
Result<int64_t> ServerGateway::SyncStreams(const Actor& me) {
  std::vector<std::string> streams{"unit-" + me.id};
  auto tasks = List("/v1/my/tasks");
  if (!tasks.ok()) return tasks.status();
  for (const Json& t : tasks.value())
    if (t.is_object() && t.contains("task_id")) streams.push_back("task-" + t["task_id"].get<std::string>());
  Store* store = impl_->replica.get();
  int64_t applied = 0;
  const int64_t deadline = NowMs() + static_cast<int64_t>(impl_->options.timeout_s) * 1000;
  for (const std::string& stream : streams) {
    auto have = store->StreamVersion(stream);
    if (!have.ok()) return have.status();
    int64_t after = have.value();
    for (;;) {
      auto page = Get("/v1/streams/" + PathSegment(stream) + "/events", {{"after_version", std::to_string(after)}, {"limit", "500"}});
      if (!page.ok()) {
        if (page.status().code() == Status::Code::kNotFound && stream.rfind("unit-", 0) == 0) break;  // not registered
        return page.status();
      }
      rocksdb::WriteBatch extra;
      auto n = Apply(page.value().value("items", Json::array()), &extra);
      if (!n.ok()) return n.status();
      applied += n.value();
      const Json& next = page.value()["next_after_version"];
      if (!next.is_number_integer()) break;
      after = next.get<int64_t>();
      if (NowMs() > deadline) return TooSlow();
    }
  }
  return applied;
}

// Events as the server sent them, each checked against its hash and chain.
Result<int64_t> ServerGateway::Apply(const Json& items, rocksdb::WriteBatch* extra) {
  std::vector<EventEnvelope> events;
  for (const Json& item : items) {
    auto e = EventFromJson(item);
    if (!e.ok()) return Status::Refusal(Status::Code::kConflict, "", kServerEventUnreadable, {{"detail", e.status().ToString()}});
    events.push_back(std::move(e.value()));
  }
  auto r = AppendDecidedEvents(impl_->replica.get(), DefaultWorkflows(), events, extra);
  if (!r.ok()) return r.status();
  return r.value().applied;
}

Status ServerGateway::TooSlow() const {
  return Status::Refusal(Status::Code::kStorage, "", kServerTooSlow, {{"seconds", std::to_string(impl_->options.timeout_s)}});
}

Status ServerGateway::Check(CommandEnvelope* cmd) {
  if (!impl_->replica) return Status::Ok();
  Status fresh = Refresh();
  if (!fresh.ok()) return fresh;
  return CheckCommand(impl_->replica.get(), DefaultWorkflows(), cmd);
}

CommandResult ServerGateway::Submit(CommandEnvelope cmd) {
  Json body{{"stream", cmd.stream}, {"data", cmd.data.is_null() ? Json::object() : cmd.data}};
  // JSON carries UTF-8 only: refused as the embedded intake refuses it, naming the field.
  for (auto [field, value] : {std::pair<const char*, const std::string*>{"id", &cmd.id}, {"correlation_id", &cmd.correlation_id}})
    if (!IsValidUtf8(*value)) return Rejection(cmd.id, cmd.stream, Status::Refusal(Status::Code::kInvalid, field, kNotUtf8, {}));
  if (const std::string bad = FirstInvalidUtf8(body, ""); !bad.empty())
    return Rejection(cmd.id, cmd.stream, Status::Refusal(Status::Code::kInvalid, bad.substr(1), kNotUtf8, {}));
  if (!cmd.correlation_id.empty()) body["correlation_id"] = cmd.correlation_id;
  httplib::Headers headers = impl_->auth;
  headers.emplace("Idempotency-Key", cmd.id);
  auto r = impl_->client->Post("/v1/commands/" + cmd.type, headers, body.dump(), "application/json");
  if (!r) return Rejection(cmd.id, cmd.stream, impl_->Unreachable(r.error()));
  Json answer = Json::parse(r->body, nullptr, false);
  if (r->status == 200 && answer.is_object()) {
    impl_->stale = true;
    return CommandResult{Status::Ok(), answer};
  }
  // A command's refusal keeps the server's words: their advice is about the
  // token that acts, where the CLI's would name --as, refused with --server.
  Status s = StatusFromProblem(r->status, answer.is_discarded() ? Json() : answer);
  if (answer.is_object() && answer.contains("result") && answer["result"].is_object()) return CommandResult{s, answer["result"]};
  return Rejection(cmd.id, cmd.stream, s);
}

Result<SettleReport> ServerGateway::Settle() {
  Status fresh = Refresh();
  if (!fresh.ok()) return fresh;
  return SettleReport{};
}

Store* ServerGateway::store() {
  Status fresh = Refresh();
  if (!fresh.ok()) std::cerr << "warning: the replica of " << impl_->options.url << " may lag: " << fresh.ToString() << "\n";
  return impl_->replica.get();
}

}  // namespace safecity::http
