#include "connectors/http/api_server.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <iostream>
#include <mutex>
#include <thread>

#include "connectors/http/api_audit.h"
#include "connectors/http/api_queries.h"
#include "connectors/http/api_refusals.h"
#include "connectors/http/command_body.h"
#include "connectors/http/http_router.h"
#include "connectors/http/openapi.h"
#include "connectors/http/password.h"
#include "connectors/http/problem.h"
#include "connectors/http/refusal_recorder.h"
#include "connectors/http/routes.h"
#include "connectors/http/sessions.h"
#include "connectors/http/console_routes.h"
#include "connectors/http/multipart.h"
#include "engine/attachment_store.h"
#include "workflows/rectification/evidence.h"
#include "workflows/rectification/evidence_files.h"
#include "connectors/http/webhook_signature.h"
#include "engine/command_gateway.h"
#include "workflows/access/access_refusals.h"
#include "workflows/access/access_views.h"
#include "workflows/access/user_account.h"
#include "workflows/imports/imports.h"
#include "engine/read_models.h"
#include "engine/replay.h"
#include "engine/service_log.h"
#include "engine/sha256.h"
#include "engine/store.h"
#include "engine/time_util.h"
#include "engine/utf8.h"
#include "engine/whole_number.h"
#include "workflows/access/authenticate.h"
#include "workflows/access/security_log.h"
#include "workflows/common.h"

namespace safecity::http {

namespace {

constexpr const char* kJson = "application/json";
const Actor kApiActor{"api", "system"};

std::string RandomHex(size_t bytes) {
  std::string raw(bytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(raw.data()), static_cast<int>(bytes)) != 1) {
    // Only ids of commands sent without an Idempotency-Key depend on this;
    // fall back on time and address rather than fail the request.
    raw = std::to_string(NowMs()) + std::to_string(reinterpret_cast<uintptr_t>(&raw));
  }
  return Sha256Hex(raw).substr(0, bytes * 2);
}

void Send(Response& res, int status, const Json& body, const char* type = kJson) {
  res.status = status;
  res.set_content(body.dump(), type);
}

// A file name for Content-Disposition's filename*=UTF-8''… (RFC 5987).
std::string PercentEncode(const std::string& s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '.' || c == '-' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

Params ParamsOf(const Request& req) {
  Params p;
  for (const auto& [k, v] : req.params) p[k] = v;
  return p;
}

}  // namespace

struct ApiServer::Impl {
  CommandGateway* gateway = nullptr;
  ApiOptions options;
  Router router;
  std::unique_ptr<HttpTransport> transport;
  ApiMetrics metrics;
  std::unique_ptr<RefusalRecorder> refusals;  // the security log's writer (refusal_recorder.h)
  SessionStore sessions;                       // persons logged in to the console (sessions.h)
  std::thread settler, ticker, dispatcher;
  std::mutex mu;
  std::condition_variable wake;
  bool dirty = false;         // commands were accepted: the reactions have work
  bool deliveries = false;    // reactions ran: webhook copies may be queued
  bool stopping = false;
  bool stopped = false;  // Stop() has run

  Store* store() { return gateway->store(); }

  // --- who acts ---------------------------------------------------------
  Result<access::Principal> Authorize(const Request& req) {
    std::string h = req.get_header_value("Authorization");
    if (h.empty() && !CookieValue(req.get_header_value("Cookie"), kSessionCookie).empty()) return FromSession(req);
    if (h.rfind("Bearer ", 0) != 0)
      return Status::Refusal(Status::Code::kUnauthenticated, "Authorization", access::kNoToken, {});
    ReadModelReader reader(store());
    auto who = access::Authenticate(reader, h.substr(7));
    if (who.ok()) req.note.principal = who.value().actor.role + ":" + who.value().actor.id;
    return who;
  }

  // A person logged in to the console: the session its cookie names, while
  // its account is active; what changes something carries the session's
  // CSRF token too (a page of another site cannot read it).
  struct LiveSession {
    Session session;
    Json account;
  };
  Result<LiveSession> SessionOf(const Request& req) {
    const std::string id = CookieValue(req.get_header_value("Cookie"), kSessionCookie);
    auto session = sessions.Find(id, NowMs());
    if (!session) return Status::Refusal(Status::Code::kUnauthenticated, "Cookie", kNoSession, {});
    ReadModelReader reader(store());
    Json account = access::ReadUserByLogin(reader, session->login);
    // Disabled, enabled again, its password reset: any change since the login ends the session.
    if (!access::IsActive(account) || account.value("revision", int64_t{0}) != session->revision) {
      sessions.Remove(id);
      return Status::Refusal(Status::Code::kUnauthenticated, "Cookie", kNoSession, {});
    }
    const std::string csrf = req.get_header_value("X-CSRF-Token");
    if (req.method != "GET" && req.method != "HEAD" &&
        (csrf.size() != session->csrf.size() || CRYPTO_memcmp(csrf.data(), session->csrf.data(), csrf.size()) != 0))
      return Status::Refusal(Status::Code::kForbidden, "X-CSRF-Token", kCsrfMissing, {});
    req.note.principal = session->actor.role + ":" + session->actor.id;
    return LiveSession{std::move(*session), std::move(account)};
  }

  Result<access::Principal> FromSession(const Request& req) {
    auto live = SessionOf(req);
    if (!live.ok()) return live.status();
    return access::Principal{live.value().session.actor, "session:" + live.value().session.login};
  }

  std::string SessionCookie(const std::string& value, int64_t max_age_s) const {
    return std::string(kSessionCookie) + "=" + value + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age_s) +
           (options.tls.enabled() ? "; Secure" : "");
  }

  static Json SessionAnswer(const Session& s, const Json& account) {
    Json who{{"login", s.login},
             {"name", account.value("name", s.login)},
             {"role", account.value("role", "")},
             {"acts_as", {{"id", s.actor.id}, {"role", s.actor.role}}},
             {"csrf_token", s.csrf},
             {"expires_at", FormatIsoMs(s.created_ms + SessionLimits{}.absolute_ms)}};
    if (account.contains("unit")) who["unit"] = account["unit"];
    return who;
  }

  // POST /v1/sessions {"login", "password"}: a person logs in. JSON only, so
  // that a form of another site (text/plain) cannot log someone in as another.
  void PostSession(const Request& req, Response& res) {
    const std::string action = "POST /v1/sessions";
    if (req.get_header_value("Content-Type").rfind("application/json", 0) != 0) return UnsupportedMediaType(req, res);
    const Json body = Json::parse(req.body, nullptr, false);
    auto text = [&](const char* key, size_t min, size_t max) {
      return body.is_object() && body.contains(key) && body[key].is_string() && body[key].get_ref<const std::string&>().size() >= min &&
             body[key].get_ref<const std::string&>().size() <= max;
    };
    if (!text("login", 1, 64) || !text("password", 0, 1024))
      return Fail(req, res, nullptr, action, "",
                  Status::Refusal(Status::Code::kInvalid, text("login", 1, 64) ? "password" : "login", kLoginBody, {}));
    const std::string login = body["login"], password = body["password"];
    const std::string target = "user-" + access::UserIdOf(login);
    const int64_t now = NowMs();
    auto slow_down = [&](const Status& why, int64_t wait_s) { TooMany(req, res, nullptr, action, target, why, wait_s); };
    // An address past its failed authentications is answered before any password is checked.
    if (const int wait_s = refusals->ThrottleWaiting(req.remote_addr, now); wait_s > 0)
      return slow_down(Status::Refusal(Status::Code::kUnauthenticated, "login", kTooManyFailures,
                                       {{"address", req.remote_addr}, {"seconds", std::to_string(wait_s)}}),
                       wait_s);
    ReadModelReader reader(store());
    Json account = access::ReadUserByLogin(reader, login);
    if (account.is_object() && account.value("login", "") != login) account = Json();
    const int64_t revision = account.is_object() ? account.value("revision", int64_t{0}) : -1;
    auto locked = [&] { return sessions.LockedFor(login, revision, NowMs()); };
    auto refuse_locked = [&](int64_t wait_s) {
      slow_down(Status::Refusal(Status::Code::kUnauthenticated, "login", kLoginLocked, {{"seconds", std::to_string(wait_s)}}), wait_s);
    };
    if (const int64_t wait_s = locked(); wait_s > 0) return refuse_locked(wait_s);
    // An unknown login costs the same check as a wrong password, so the time tells nothing.
    static const std::string decoy = [] {
      auto h = HashPassword("safecity-decoy-password");
      return h.ok() ? h.value() : std::string();
    }();
    const bool matches = VerifyPassword(account.is_object() ? account.value("password_hash", decoy) : decoy, password) && account.is_object();
    if (!matches) {
      sessions.Failed(login, revision, NowMs());
      return Fail(req, res, nullptr, action, target, Status::Refusal(Status::Code::kUnauthenticated, "login", kLoginFailed, {}));
    }
    if (const int64_t wait_s = locked(); wait_s > 0) return refuse_locked(wait_s);  // a lock set while this one was checked
    if (!access::IsActive(account))
      return Fail(req, res, nullptr, action, target, Status::Refusal(Status::Code::kForbidden, "login", kAccountDisabled, {{"login", login}}));
    sessions.Succeeded(login);
    const Session s = sessions.Create(access::ActorOfUser(account), login, revision, NowMs());
    // Every login is on the security log before its cookie is given; a login
    // that cannot be recorded (a full disk) gives none.
    CommandEnvelope record;
    record.issued_at = NowMs();
    record.id = "login-" + Sha256Hex(s.id).substr(0, 32);
    record.type = "security.record_login";
    record.stream = access::SecurityStreamFor(record.issued_at);
    record.actor = Actor{"api", "system"};
    record.data = Json{{"login", login}, {"principal", s.actor.id}, {"role", account.value("role", "")}, {"remote", req.remote_addr.substr(0, 100)}};
    if (CommandResult recorded = gateway->Submit(record); !recorded.status.ok()) {
      sessions.Remove(s.id);
      return Fail(req, res, nullptr, action, target, recorded.status);
    }
    req.note.principal = s.actor.role + ":" + s.actor.id;
    res.set_header("Set-Cookie", SessionCookie(s.id, SessionLimits{}.absolute_ms / 1000));
    res.set_header("Cache-Control", "no-store");
    Send(res, 201, SessionAnswer(s, account));
  }

  // GET /v1/sessions/current: who is logged in, and the page's CSRF token
  // again after a reload (it is kept in no storage of the browser's).
  void GetSession(const Request& req, Response& res) {
    auto live = SessionOf(req);
    if (!live.ok()) return Fail(req, res, nullptr, "GET /v1/sessions/current", "", live.status());
    res.set_header("Cache-Control", "no-store");
    Send(res, 200, SessionAnswer(live.value().session, live.value().account));
  }

  // DELETE /v1/sessions/current: log out (with the CSRF token, as any change).
  void DeleteSession(const Request& req, Response& res) {
    auto live = SessionOf(req);
    if (!live.ok()) return Fail(req, res, nullptr, "DELETE /v1/sessions/current", "", live.status());
    sessions.Remove(live.value().session.id);
    res.set_header("Set-Cookie", SessionCookie("", 0));
    res.status = 204;
  }

  // Puts a refused action on the record: the first of its source in the
  // security log before the answer goes out, the rest summarised per minute
  // (refusal_recorder.h).
  void RecordRefusal(const Request& req, const access::Principal* who, const std::string& action,
                     const std::string& target, const Status& why, const char* channel, int http_status, const char* reason) {
    metrics.CountRefusal(reason);
    Refusal r;
    r.remote = req.remote_addr;
    r.principal = who ? who->actor.id : "anonymous";
    r.role = who ? who->actor.role : "none";
    if (who) r.token_id = who->token_id;
    r.channel = channel;
    r.action = action;
    r.target = target;
    r.reason = reason;
    r.message = why.ToString();
    r.http_status = http_status;
    r.at_ms = NowMs();
    refusals->Record(r);
  }

  // Accepted commands call for reactions: wake the settler.
  void MarkDirty() {
    {
      std::lock_guard<std::mutex> lock(mu);
      dirty = true;
    }
    wake.notify_all();
  }

  // 429 with Retry-After, on the security log as rate_limited.
  void TooMany(const Request& req, Response& res, const access::Principal* who, const std::string& action, const std::string& target,
               const Status& why, int64_t wait_s, const Json& extra = Json::object(), const char* channel = "http") {
    RecordRefusal(req, who, action, target, why, channel, 429, "rate_limited");
    res.set_header("Retry-After", std::to_string(wait_s));
    res.set_header("Content-Language", LanguageOf(req) == Language::kZh ? "zh" : "en");
    Send(res, 429, Problem(429, why, extra, LanguageOf(req)), kProblemJson);
  }

  void Fail(const Request& req, Response& res, const access::Principal* who, const std::string& action,
            const std::string& target, const Status& s, const Json& extra = Json::object(), const char* channel = "http") {
    if (s.code() == Status::Code::kUnauthenticated) {
      // Too many failed authentications from this address: 429, not another 401.
      const int wait_s = refusals->ThrottleFailure(req.remote_addr, NowMs());
      if (wait_s > 0)
        return TooMany(req, res, who, action, target,
                       Status::Refusal(Status::Code::kUnauthenticated, s.field(), kTooManyFailures,
                                       {{"address", req.remote_addr}, {"seconds", std::to_string(wait_s)}}),
                       wait_s, extra, channel);
      RecordRefusal(req, who, action, target, s, channel, 401, "unauthenticated");
    }
    if (s.code() == Status::Code::kForbidden) RecordRefusal(req, who, action, target, s, channel, 403, "forbidden");
    if (s.code() == Status::Code::kUnauthenticated) res.set_header("WWW-Authenticate", "Bearer realm=\"safecity\"");
    // A refusal with its words in both languages answers in the client's (Accept-Language; Chinese first).
    const Language lang = LanguageOf(req);
    if (!s.reason().empty()) {
      res.set_header("Content-Language", lang == Language::kZh ? "zh" : "en");
      res.set_header("Vary", "Accept-Language");
    }
    Send(res, HttpStatusFor(s), Problem(HttpStatusFor(s), s, extra, lang), kProblemJson);
  }

  static void UnsupportedMediaType(const Request& req, Response& res) {
    SetProblem(res, 415, Status::Refusal(Status::Code::kInvalid, "Content-Type", kJsonOnly, {}), LanguageOf(req));
  }

  // --- commands ---------------------------------------------------------
  void PostCommand(const Request& req, Response& res) {
    const std::string type = req.matches[1];
    const std::string& action = type;  // what the security log names
    auto who = Authorize(req);
    if (!who.ok()) return Fail(req, res, nullptr, "POST " + req.path, "", who.status());
    if (InternalCommand(type))
      return Fail(req, res, &who.value(), action, "",
                  Status::Refusal(Status::Code::kForbidden, "type", kEngineIssuesIt, {{"type", type}}));
    if (!MediaTypeIs(req.get_header_value("Content-Type"), kJson)) return UnsupportedMediaType(req, res);
    CommandEnvelope c;
    Status read = DecodeCommandBody(req.body, {"stream", "data", "correlation_id"}, &c);
    if (!read.ok()) return Fail(req, res, &who.value(), action, "", read);
    if (c.correlation_id.empty()) c.correlation_id = TraceIdOf(req);
    req.note.correlation_id = c.correlation_id;
    c.type = type;
    c.actor = who.value().actor;
    c.issued_at = NowMs();
    std::string key = req.get_header_value("Idempotency-Key");
    if (key.size() > 200) return Fail(req, res, &who.value(), action, c.stream, Status::Refusal(Status::Code::kInvalid, "Idempotency-Key", kIdempotencyKeyLong, {}));
    // A key is the principal's own: the same key from another principal is another command.
    c.id = key.empty() ? "api-" + RandomHex(16) : "idem-" + Sha256Hex(c.actor.role + "/" + c.actor.id + "/" + key).substr(0, 40);

    const auto started = std::chrono::steady_clock::now();
    CommandResult r = gateway->Submit(c);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    metrics.CountCommand(type, r.status.ok() ? "accepted" : r.status.code_name(), seconds);
    if (r.body.value("duplicate", false)) res.set_header("Idempotent-Replayed", "true");
    if (!r.status.ok()) return Fail(req, res, &who.value(), action, c.stream, r.status, Json{{"result", r.body}});
    MarkDirty();
    Send(res, 200, r.body);
  }

  // --- evidence files ---------------------------------------------------
  // POST /v1/attachments?task=ID (multipart/form-data, field `file`): an
  // evidence file for a task the caller may see, kept by its SHA-256
  // (engine/attachment_store.h); its media type is read from its content
  // (rectification::MediaTypeOfContent), and anything a browser could run is
  // refused (415). Writes no event: the task.submit that names the file does.
  void PostAttachment(const Request& req, Response& res) {
    const std::string action = "POST /v1/attachments";
    auto who = Authorize(req);
    if (!who.ok()) return Fail(req, res, nullptr, action, "", who.status());
    const Actor& actor = who.value().actor;
    if (!HasRole(actor, {"office", "unit", "inspector"}))
      return Fail(req, res, &who.value(), action, "", Status::Refusal(Status::Code::kForbidden, "actor", kUploadReaders, WithRole(actor.role)));
    const std::string boundary = MultipartBoundary(req.get_header_value("Content-Type"));
    if (boundary.empty()) return SetProblem(res, 415, Status::Refusal(Status::Code::kInvalid, "Content-Type", kUploadFormOnly, {}), LanguageOf(req));
    const std::string task = req.params.count("task") ? req.params.find("task")->second : "";
    if (task.empty()) return Fail(req, res, &who.value(), action, "", Status::Refusal(Status::Code::kInvalid, "task", kUploadTaskMissing, {}));
    auto visible = GetTask(store(), actor, task);
    if (!visible.ok()) return Fail(req, res, &who.value(), action, "task-" + task, visible.status());
    if (options.attachments_dir.empty())
      return Fail(req, res, &who.value(), action, "task-" + task, Status::Refusal(Status::Code::kStorage, "attachments", kAttachmentsOff, {}));
    auto parts = ParseMultipart(req.body, boundary);
    if (!parts.ok()) return Fail(req, res, &who.value(), action, "task-" + task, Status::Refusal(Status::Code::kInvalid, "body", kUploadFormOnly, {}));
    const FormPart* file = nullptr;
    for (const FormPart& p : parts.value())
      if (p.name == "file" && !p.body.empty()) file = &p;
    if (!file) return Fail(req, res, &who.value(), action, "task-" + task, Status::Refusal(Status::Code::kInvalid, "file", kUploadNoFile, {}));
    std::string name = file->file_name;
    if (const size_t slash = name.find_last_of("/\\"); slash != std::string::npos) name = name.substr(slash + 1);
    if (name.empty() || !IsValidUtf8(name) || name.size() > 200) name = "evidence";
    const auto type = rectification::MediaTypeOfContent(file->body, name);
    if (!type)
      return SetProblem(res, 415,
                        Status::Refusal(Status::Code::kInvalid, "file", kUploadType, {{"name", name}}),
                        LanguageOf(req));
    const AttachmentStore files(options.attachments_dir);
    auto sha = files.Put(file->body);
    if (!sha.ok()) return Fail(req, res, &who.value(), action, "task-" + task, sha.status());
    // The file is this task's to show (GetEvidence): naming its hash elsewhere unlocks nothing.
    if (Status granted = files.Grant(task, sha.value()); !granted.ok()) return Fail(req, res, &who.value(), action, "task-" + task, granted);
    metrics.CountUpload(static_cast<int64_t>(file->body.size()));
    if (who.value().token_id.rfind("session:", 0) == 0) res.set_header("Cache-Control", "private, no-store");
    Send(res, 201, Json{{"sha256", sha.value()}, {"size_bytes", static_cast<int64_t>(file->body.size())}, {"media_type", *type}, {"name", name},
                        {"uri", std::string(rectification::kAttachmentUriPrefix) + sha.value()}, {"task", task}});
  }

  // GET /v1/tasks/{id}/evidence/{sha256}: a file uploaded for the task and
  // named by its evidence (or its verifications' photos), to whoever may see
  // the task, read again against its hash, as the type read from its bytes;
  // never as HTML, never to be run (nosniff, a CSP that allows nothing, a
  // name whose extension says the type, framed only by the console).
  void GetEvidence(const Request& req, Response& res) {
    const std::string task = req.matches[1], sha = req.matches[2];
    const std::string action = "GET /v1/tasks/{id}/evidence/{sha256}";
    auto who = Authorize(req);
    if (!who.ok()) return Fail(req, res, nullptr, action, "task-" + task, who.status());
    auto visible = GetTask(store(), who.value().actor, task);
    if (!visible.ok()) return Fail(req, res, &who.value(), action, "task-" + task, visible.status());
    if (options.attachments_dir.empty())
      return Fail(req, res, &who.value(), action, "task-" + task, Status::Refusal(Status::Code::kStorage, "attachments", kAttachmentsOff, {}));
    const AttachmentStore files(options.attachments_dir);
    auto item = rectification::FindSubmittedEvidence(store(), task, sha);
    if (!item.ok()) return Fail(req, res, &who.value(), action, "task-" + task, item.status());
    // Named by the task's evidence and uploaded for this task: both, or it is no file of this task's.
    if (!item.value() || !files.GrantedTo(task, sha))
      return Fail(req, res, &who.value(), action, "task-" + task,
                  Status::Refusal(Status::Code::kNotFound, "sha256", kEvidenceNotOnTask, {{"task", task}, {"sha256", sha}}));
    auto bytes = files.Get(sha);
    if (!bytes.ok()) return Fail(req, res, &who.value(), action, "task-" + task, bytes.status());
    if (!bytes.value())
      return Fail(req, res, &who.value(), action, "task-" + task, Status::Refusal(Status::Code::kNotFound, "sha256", kEvidenceFileMissing, {{"sha256", sha}}));
    if (Sha256Hex(*bytes.value()) != sha)
      return Fail(req, res, &who.value(), action, "task-" + task, Status::Refusal(Status::Code::kStorage, "sha256", kEvidenceFileDamaged, {{"sha256", sha}}));
    const Json& e = *item.value();
    // What the file turned out to be decides, not what its submitter said.
    const std::string type =
        rectification::MediaTypeOfContent(*bytes.value(), e.value("name", std::string())).value_or("application/octet-stream");
    const bool inline_view = type.rfind("image/", 0) == 0 || type == "application/pdf" || type.rfind("video/", 0) == 0;
    res.status = 200;
    const std::string file_name = rectification::EvidenceFileName(e.value("name", sha), type);
    res.set_header("Content-Disposition", std::string(inline_view ? "inline" : "attachment") + "; filename*=UTF-8''" + PercentEncode(file_name));
    res.set_header("X-Content-Type-Options", "nosniff");
    // A PDF is shown by the browser's own viewer, which a sandboxed document may not run.
    res.set_header("Content-Security-Policy", type == "application/pdf"
                                                   ? "default-src 'none'; object-src 'self'; frame-ancestors 'self'"
                                                   : "default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'; sandbox");
    res.set_header("X-Frame-Options", "SAMEORIGIN");
    res.set_header("Cache-Control", "private, no-store");
    res.set_header("ETag", "\"" + sha + "\"");
    res.set_content(std::move(*bytes.value()), type);
  }

  // --- imports ----------------------------------------------------------
  // POST /v1/imports/tasks (office): a task breakdown table as the plan
  // prints it (workflows/imports/imports.h), the same import as
  // `safecity import tasks`. Body: {"table": text (CSV or tab-separated),
  // "file_name", "groups": groups.csv text, "each": [group], "prefix",
  // "campaign", "default_deadline", "stage", "dry_run"}. Every error of the table is
  // one entry of the problem's "errors" (400), and nothing is written; a dry
  // run answers with the tasks it would assign.
  // An import's request: an office token (else `office_only`) and a JSON
  // object. False when it is not one: the problem is sent.
  bool ImportRequest(const Request& req, Response& res, const std::string& action, const Message& office_only,
                     Result<access::Principal>* who, Json* body) {
    *who = Authorize(req);
    if (!who->ok()) return Fail(req, res, nullptr, action, "", who->status()), false;
    if (who->value().actor.role != "office")
      return Fail(req, res, &who->value(), action, "", Status::Refusal(Status::Code::kForbidden, "actor", office_only, {})), false;
    if (!MediaTypeIs(req.get_header_value("Content-Type"), kJson)) return UnsupportedMediaType(req, res), false;
    *body = Json::parse(req.body, nullptr, false);
    if (!body->is_object())
      return Fail(req, res, &who->value(), action, "", Status::Refusal(Status::Code::kInvalid, "body", kBodyNotObject, {})), false;
    return true;
  }

  void PostTaskImport(const Request& req, Response& res) {
    const std::string action = "POST /v1/imports/tasks";
    Result<access::Principal> who = Status::Ok();
    Json body;
    if (!ImportRequest(req, res, action, kImportOfficeOnly, &who, &body)) return;
    auto text = [&](const char* key) -> Result<std::string> {
      if (!body.contains(key) || body[key].is_null()) return std::string();
      if (!body[key].is_string()) return Status::Refusal(Status::Code::kInvalid, key, kMustBeString, {});
      return body[key].get<std::string>();
    };
    imports::TaskImportOptions opt;
    opt.lang = LanguageFromAcceptLanguage(req.get_header_value("Accept-Language"));
    Result<std::string> table = text("table"), file = text("file_name"), groups = text("groups"), prefix = text("prefix"),
                        campaign = text("campaign"), deadline = text("default_deadline"), stage = text("stage");
    for (const auto* r : {&table, &file, &groups, &prefix, &campaign, &deadline, &stage})
      if (!r->ok()) return Fail(req, res, &who.value(), action, "", r->status());
    if (table.value().empty())
      return Fail(req, res, &who.value(), action, "", Status::Refusal(Status::Code::kInvalid, "table", kTableMissing, {}));
    opt.prefix = prefix.value();
    opt.campaign = campaign.value();
    opt.default_deadline = deadline.value();
    opt.stage = stage.value();
    opt.groups_text = groups.value();
    if (!opt.groups_text.empty()) opt.groups_file = "groups.csv";
    if (body.contains("each")) {
      if (!body["each"].is_array())
        return Fail(req, res, &who.value(), action, "", Status::Refusal(Status::Code::kInvalid, "each", kEachGroups, {}));
      for (const auto& g : body["each"]) {
        if (!g.is_string())
          return Fail(req, res, &who.value(), action, "", Status::Refusal(Status::Code::kInvalid, "each", kEachGroups, {}));
        opt.each.push_back(g.get<std::string>());
      }
    }
    if (body.contains("dry_run") && !body["dry_run"].is_boolean())
      return Fail(req, res, &who.value(), action, "", Status::Refusal(Status::Code::kInvalid, "dry_run", kTrueOrFalse, {}));
    opt.dry_run = body.value("dry_run", false);
    const std::string name = file.value().empty() ? "table.csv" : file.value();
    const Actor actor = who.value().actor;
    const int64_t at = NowMs();
    auto plan = imports::PlanTaskImport(gateway, name, table.value(), opt, actor, at);
    if (!plan.ok()) return Fail(req, res, &who.value(), action, "", plan.status());
    if (!plan.value().errors.empty()) {
      Json errors = Json::array();
      for (const Status& e : plan.value().errors) {
        Json one{{"field", e.field()}, {"message", e.Words(opt.lang, Edge::kHttp)}};
        if (!e.reason().empty()) one["reason"] = e.reason();
        errors.push_back(std::move(one));
      }
      const std::string n = std::to_string(errors.size());
      return Fail(req, res, &who.value(), action, "",
                  Status::Refusal(Status::Code::kInvalid, name, kImportHasErrors, {{"count", n}}),
                  Json{{"errors", errors}});
    }
    if (opt.dry_run) return Send(res, 200, Json{{"dry_run", true}, {"tasks", plan.value().planned.size()}, {"planned", plan.value().planned}});
    auto done = imports::SubmitTaskImport(gateway, name, std::move(plan.value()));
    if (!done.ok()) return Fail(req, res, &who.value(), action, "", done.status());
    MarkDirty();
    Send(res, 200, Json{{"dry_run", false}, {"added", done.value().added}, {"already", done.value().already},
                        {"planned", done.value().planned}});
  }

  // POST /v1/imports/units (office): the unit directory (单位名录) as a table
  // (id,name,kind,aliases,parent,member_since,left_on), the same import as
  // `safecity import units`: new units are registered, units already there
  // follow the file (unless "update_existing" is false: a template adds what
  // is missing). Body: {"table", "file_name", "dry_run", "update_existing"}. Answers
  // {"dry_run", "added", "already", "changes"}; a table with an error is a
  // 400 naming it, and nothing is written.
  void PostUnitImport(const Request& req, Response& res) {
    const std::string action = "POST /v1/imports/units";
    Result<access::Principal> who = Status::Ok();
    Json body;
    if (!ImportRequest(req, res, action, kUnitImportOfficeOnly, &who, &body)) return;
    for (const char* key : {"table", "file_name"})
      if (body.contains(key) && !body[key].is_null() && !body[key].is_string())
        return Fail(req, res, &who.value(), action, "", Status::Refusal(Status::Code::kInvalid, key, kMustBeString, {}));
    // An empty table is the importer's to name ("units.csv: 是空的…"), as on a local store.
    if (!body.contains("table") || !body["table"].is_string())
      return Fail(req, res, &who.value(), action, "", Status::Refusal(Status::Code::kInvalid, "table", kTableMissing, {}));
    const std::string table = body["table"].get<std::string>();
    for (const char* key : {"dry_run", "update_existing"})
      if (body.contains(key) && !body[key].is_boolean())
        return Fail(req, res, &who.value(), action, "", Status::Refusal(Status::Code::kInvalid, key, kTrueOrFalse, {}));
    const bool dry_run = body.value("dry_run", false), update_existing = body.value("update_existing", true);
    const std::string name = body.contains("file_name") && body["file_name"].is_string() && !body["file_name"].get<std::string>().empty()
                                 ? body["file_name"].get<std::string>()
                                 : "units.csv";
    auto done = imports::ImportUnits(gateway, name, table, who.value().actor, NowMs(), nullptr, dry_run, update_existing);
    if (!done.ok()) return Fail(req, res, &who.value(), action, "", done.status());
    if (!dry_run) MarkDirty();
    Send(res, 200, Json{{"dry_run", dry_run}, {"added", done.value().added}, {"already", done.value().already}, {"changes", done.value().changes}});
  }

  // --- inbound webhooks ---------------------------------------------------
  // A unit's system posts {"delivery_id", "type", "stream", "data"} signed
  // with its webhook key (webhook_signature.h) as application/json (else
  // 415): in the Standard Webhooks format (webhook-id, webhook-timestamp,
  // webhook-signature; then delivery_id may be left out, webhook-id is the
  // delivery id) or in safecity's own (X-Safecity-Timestamp and
  // X-Safecity-Signature). The key is named by X-Safecity-Key or by the path
  // (/v1/webhooks/inbound/{key}, for senders that set no headers of their
  // own). Bad keys, signatures, timestamps and delivery ids received before
  // (replayed, or reused with another body) are 401 and recorded; then the
  // command goes in as the unit, like any other.
  void PostInbound(const Request& req, Response& res) {
    const bool keyed_by_path = req.matches.size() > 1;
    const std::string action = keyed_by_path ? "POST /v1/webhooks/inbound/{key}" : "POST /v1/webhooks/inbound";
    auto refuse = [&](const access::Principal* who, const Status& s, const Json& extra = Json::object()) {
      Fail(req, res, who, action, "", s, extra, "webhook");
    };
    if (options.webhook_master_key.empty())
      return Send(res, 503, Problem(503, Status::Storage("inbound webhooks are not set up on this server")), kProblemJson);
    if (!MediaTypeIs(req.get_header_value("Content-Type"), kJson)) return UnsupportedMediaType(req, res);
    const std::string key_id = keyed_by_path ? req.matches[1].str() : req.get_header_value("X-Safecity-Key");
    if (key_id.empty()) return refuse(nullptr, Status::Refusal(Status::Code::kUnauthenticated, "X-Safecity-Key", kWebhookKeyMissing, {}));
    ReadModelReader reader(store());
    Json key = access::ReadWebhookKey(reader, key_id);
    if (!key.is_object() || key.value("state", "") != "active")
      return refuse(nullptr, Status::Refusal(Status::Code::kUnauthenticated, "X-Safecity-Key", kWebhookKeyUnknown, {}));
    const std::string secret = DeriveInboundSecret(options.webhook_master_key, key_id);
    if (Sha256Hex(secret) != key.value("fingerprint", ""))
      return Send(res, 503,
                  Problem(503, Status::Storage("this server's webhook master key is not the one that issued key " + key_id +
                                               "; give every node the same webhook.key")),
                  kProblemJson);
    access::Principal who;
    who.actor = Actor{key["unit"].get<std::string>(), "unit"};
    who.token_id = "whkey:" + key_id;
    req.note.principal = "unit:" + who.actor.id;
    // Up to the last second of 9999: a time the skew below can be taken of.
    const bool standard = req.has_header("webhook-signature");
    const char* timestamp_header = standard ? "webhook-timestamp" : "X-Safecity-Timestamp";
    const std::string message_id = req.get_header_value("webhook-id");
    if (standard && message_id.empty())
      return refuse(&who, Status::Refusal(Status::Code::kUnauthenticated, "webhook-id", kWebhookIdMissing, {}));
    const auto signed_at = ParseWholeNumber(req.get_header_value(timestamp_header), 253402300799);
    if (!signed_at)
      return refuse(&who, Status::Refusal(Status::Code::kUnauthenticated, timestamp_header, kTimestampNotATime, {}));
    const int64_t ts = *signed_at;
    const long long skew = NowMs() / 1000 - ts;
    if (skew > kWebhookWindowSeconds || skew < -kWebhookWindowSeconds)
      return refuse(&who, Status::Refusal(Status::Code::kUnauthenticated, timestamp_header, kTimestampSkew,
                                                 {{"skew", std::to_string(skew)}, {"window", std::to_string(kWebhookWindowSeconds)}}));
    if (standard) {
      if (!StandardWebhookSignatureMatches(secret, message_id, ts, req.body, req.get_header_value("webhook-signature")))
        return refuse(&who, Status::Refusal(Status::Code::kUnauthenticated, "webhook-signature", kStandardSignatureMismatch, {}));
    } else if (!ConstantTimeEqual(WebhookSignature(secret, ts, req.body), req.get_header_value("X-Safecity-Signature"))) {
      return refuse(&who, Status::Refusal(Status::Code::kUnauthenticated, "X-Safecity-Signature", kSignatureMismatch, {}));
    }
    CommandEnvelope c;
    Json body;
    Status read = DecodeCommandBody(req.body, {"delivery_id", "type", "stream", "data", "correlation_id"}, &c, &body);
    if (!read.ok()) return refuse(&who, read);
    // Signed either way: in the body, or as the Standard Webhooks message id.
    const std::string delivery = body.contains("delivery_id") || !standard ? body.value("delivery_id", "") : message_id;
    if (delivery.empty() || delivery.size() > 128)
      return refuse(&who, Status::Refusal(Status::Code::kInvalid, "delivery_id", kDeliveryId, {}));
    if (c.type.empty()) return refuse(&who, Status::Refusal(Status::Code::kInvalid, "type", kTypeMissing, {}));
    if (c.correlation_id.empty()) c.correlation_id = TraceIdOf(req);
    req.note.correlation_id = c.correlation_id;
    c.actor = who.actor;
    c.issued_at = NowMs();
    // Per unit, not per key: a delivery stays received when the key changes.
    c.id = "wh-" + Sha256Hex(who.actor.id + "/" + delivery).substr(0, 40);
    // A delivery id received before, with this body (a replay) or another
    // (the engine refuses the reused command id): both are refused and recorded.
    auto before = store()->Get(Cf::kCommands, c.id);
    const bool received = before.ok() && before.value();
    const auto started = std::chrono::steady_clock::now();
    CommandResult r = gateway->Submit(c);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (r.body.value("duplicate", false))
      return refuse(&who, Status::Refusal(Status::Code::kUnauthenticated, "delivery_id", kDeliveryReceived, {{"delivery", delivery}}),
                    Json{{"result", r.body}});
    if (received && r.status.code() == Status::Code::kConflict)
      return refuse(&who, Status::Refusal(Status::Code::kUnauthenticated, "delivery_id", kDeliveryReceivedOther, {{"delivery", delivery}}));
    metrics.CountCommand(c.type, r.status.ok() ? "accepted" : r.status.code_name(), seconds);
    if (!r.status.ok()) return refuse(&who, r.status, Json{{"result", r.body}});
    MarkDirty();
    Send(res, 200, r.body);
  }

  // --- queries ----------------------------------------------------------
  template <typename F>
  void Query(const Request& req, Response& res, const std::string& target, F run) {
    auto who = Authorize(req);
    if (!who.ok()) return Fail(req, res, nullptr, "GET " + req.path, target, who.status());
    Result<Json> out = run(who.value().actor);
    if (!out.ok()) return Fail(req, res, &who.value(), "GET " + req.path, target, out.status());
    // What a person's browser fetched stays out of every shared or disk cache.
    if (who.value().token_id.rfind("session:", 0) == 0) res.set_header("Cache-Control", "private, no-store");
    Send(res, 200, out.value());
  }

  void Routes() {
    router.Get("/healthz", [](const Request&, Response& res) { Send(res, 200, Json{{"status", "ok"}}); });
    router.Get("/readyz", [this](const Request& req, Response& res) {
      Status s = store()->Health();  // writes refused (a full disk) until the store resumes
      if (s.ok()) s = CheckReadModelsCurrent(store());
      if (!s.ok()) return SetProblem(res, 503, s, LanguageOf(req));
      Send(res, 200, Json{{"status", "ready"}, {"log_position", store()->LastPosition()}});
    });
    router.Get("/metrics", [this](const Request&, Response& res) {
      UpdateLag();
      metrics.UpdateProcess();
      metrics.SetTransport(transport->stats());
      if (options.before_scrape) options.before_scrape(metrics);
      res.set_content(metrics.Text(), "text/plain; version=0.0.4");
    });
    router.Get("/openapi.json", [](const Request&, Response& res) { Send(res, 200, OpenApiDocument()); });
    AddConsoleRoutes(router);  // the web console: /, its pages and /assets/
    router.Post(R"(/v1/commands/([a-z_]+\.[a-z_]+))", [this](const Request& req, Response& res) { PostCommand(req, res); });
    router.Post("/v1/webhooks/inbound", [this](const Request& req, Response& res) { PostInbound(req, res); });
    router.Post(R"(/v1/webhooks/inbound/([^/]+))", [this](const Request& req, Response& res) { PostInbound(req, res); });
    router.Post("/v1/imports/tasks", [this](const Request& req, Response& res) { PostTaskImport(req, res); });
    router.Post("/v1/imports/units", [this](const Request& req, Response& res) { PostUnitImport(req, res); });
    router.Post("/v1/sessions", [this](const Request& req, Response& res) { PostSession(req, res); });
    router.Post("/v1/attachments", [this](const Request& req, Response& res) { PostAttachment(req, res); });
    router.Get(R"(/v1/tasks/([^/]+)/evidence/([0-9a-f]{64}))", [this](const Request& req, Response& res) { GetEvidence(req, res); });
    router.Get("/v1/sessions/current", [this](const Request& req, Response& res) { GetSession(req, res); });
    router.Delete("/v1/sessions/current", [this](const Request& req, Response& res) { DeleteSession(req, res); });
    router.Get("/v1/whoami", [this](const Request& req, Response& res) {
      Query(req, res, "", [&](const Actor& a) -> Result<Json> { return Json{{"id", a.id}, {"role", a.role}}; });
    });
    router.Get("/v1/tasks", [this](const Request& req, Response& res) {
      Query(req, res, "", [&](const Actor& a) { return ListTasks(store(), a, ParamsOf(req)); });
    });
    router.Get("/v1/my/tasks", [this](const Request& req, Response& res) {
      Query(req, res, "", [&](const Actor& a) -> Result<Json> {
        if (a.role != "unit") return Status::Refusal(Status::Code::kForbidden, "actor", kMyTasksUnitsOnly, WithRole(a.role));
        return ListTasks(store(), a, ParamsOf(req));
      });
    });
    router.Get("/v1/units", [this](const Request& req, Response& res) {
      Query(req, res, "", [&](const Actor& a) { return ListUnits(store(), a); });
    });
    // A name may hold a '/' (sent as %2F, decoded before routing): the rest of the path is the name.
    router.Get(R"(/v1/units/(.+))", [this](const Request& req, Response& res) {
      std::string ref = req.matches[1];
      Query(req, res, "", [&](const Actor& a) { return GetUnit(store(), a, ref); });
    });
    router.Get("/v1/rounds", [this](const Request& req, Response& res) {
      Query(req, res, "", [&](const Actor& a) { return ListRounds(store(), a); });
    });
    router.Get(R"(/v1/rounds/([^/]+))", [this](const Request& req, Response& res) {
      std::string round = req.matches[1];
      Query(req, res, "campaign-" + round, [&](const Actor& a) { return GetRound(store(), a, round); });
    });
    router.Get(R"(/v1/rounds/([^/]+)/dashboard)", [this](const Request& req, Response& res) {
      std::string round = req.matches[1];
      Query(req, res, "campaign-" + round, [&](const Actor& a) { return RoundDashboardOf(store(), a, round); });
    });
    router.Get(R"(/v1/rounds/([^/]+)/feedback)", [this](const Request& req, Response& res) {
      std::string round = req.matches[1];
      Query(req, res, "campaign-" + round, [&](const Actor& a) { return FeedbackListOf(store(), a, round, ParamsOf(req)); });
    });
    router.Get("/v1/hazards", [this](const Request& req, Response& res) {
      Query(req, res, "", [&](const Actor& a) { return ListHazards(store(), a, ParamsOf(req)); });
    });
    router.Get("/v1/verifications", [this](const Request& req, Response& res) {
      Query(req, res, "", [&](const Actor& a) { return ListVerifications(store(), a, ParamsOf(req)); });
    });
    router.Get("/v1/reports/period", [this](const Request& req, Response& res) {
      Query(req, res, "", [&](const Actor& a) { return PeriodReportOf(store(), a, ParamsOf(req)); });
    });
    router.Get("/v1/tokens", [this](const Request& req, Response& res) {
      Query(req, res, "", [&](const Actor& a) { return ListTokens(store(), a, ParamsOf(req)); });
    });
    router.Get("/v1/users", [this](const Request& req, Response& res) {
      Query(req, res, "", [&](const Actor& a) { return ListUsers(store(), a, ParamsOf(req)); });
    });
    router.Get("/v1/webhooks/keys", [this](const Request& req, Response& res) {
      Query(req, res, "", [&](const Actor& a) { return ListWebhookKeys(store(), a, ParamsOf(req)); });
    });
    router.Get("/v1/webhooks/subscriptions", [this](const Request& req, Response& res) {
      Query(req, res, "", [&](const Actor& a) { return ListSubscriptions(store(), a, ParamsOf(req)); });
    });
    router.Get("/v1/webhooks/deliveries", [this](const Request& req, Response& res) {
      Query(req, res, "", [&](const Actor& a) { return ListDeliveries(store(), a, ParamsOf(req)); });
    });
    router.Get("/v1/reactions", [this](const Request& req, Response& res) {
      Query(req, res, "", [&](const Actor& a) { return ListRefusedReactions(store(), a, LanguageOf(req)); });
      if (res.status != 200) return;
      res.set_header("Content-Language", LanguageOf(req) == Language::kZh ? "zh" : "en");  // the refusals' words
      res.set_header("Vary", "Accept-Language");
    });
    router.Get("/v1/clock", [this](const Request& req, Response& res) {
      Query(req, res, "", [&](const Actor& a) { return ClockOf(store(), a); });
    });
    router.Get("/v1/sheets", [this](const Request& req, Response& res) {
      Query(req, res, "", [&](const Actor& a) { return ListSheets(store(), a); });
    });
    router.Get(R"(/v1/sheets/(.+))", [this](const Request& req, Response& res) {
      std::string ref = req.matches[1];
      Query(req, res, "", [&](const Actor& a) { return GetSheet(store(), a, ref); });
    });
    router.Get(R"(/v1/plan-tasks/(.+)/tracks)", [this](const Request& req, Response& res) {
      std::string plan_task = req.matches[1];
      Query(req, res, "", [&](const Actor& a) { return PlanTaskTracks(store(), a, plan_task); });
    });
    router.Get("/v1/reports/bulletin", [this](const Request& req, Response& res) {
      Query(req, res, "", [&](const Actor& a) { return BulletinOf(store(), a, ParamsOf(req)); });
    });
    router.Get(R"(/v1/tasks/([^/]+))", [this](const Request& req, Response& res) {
      std::string id = req.matches[1];
      Query(req, res, "task-" + id, [&](const Actor& a) { return GetTask(store(), a, id); });
    });
    router.Get(R"(/v1/streams/([^/]+)/events)", [this](const Request& req, Response& res) {
      std::string stream = req.matches[1];
      Query(req, res, stream, [&](const Actor& a) { return StreamEvents(store(), a, stream, ParamsOf(req)); });
    });
    router.Get(R"(/v1/streams/([^/]+)/state)", [this](const Request& req, Response& res) {
      std::string stream = req.matches[1];
      Query(req, res, stream, [&](const Actor& a) { return StreamStateAsOf(store(), a, stream, ParamsOf(req)); });
    });
    router.Get(R"(/v1/read-models/(.+))", [this](const Request& req, Response& res) {
      std::string key = req.matches[1];
      Query(req, res, key, [&](const Actor& a) { return GetReadModel(store(), a, key); });
    });
    router.Get("/v1/inbox", [this](const Request& req, Response& res) {
      Query(req, res, "", [&](const Actor& a) { return Inbox(store(), a, ParamsOf(req)); });
    });
    router.Get("/v1/log", [this](const Request& req, Response& res) {
      Query(req, res, "", [&](const Actor& a) { return LogPage(store(), a, ParamsOf(req)); });
    });
    router.Get("/v1/checkpoints", [this](const Request& req, Response& res) {
      Query(req, res, "", [&](const Actor& a) { return Checkpoints(store(), a, ParamsOf(req)); });
    });
    router.Get(R"(/v1/proofs/(.+))", [this](const Request& req, Response& res) {
      std::string event = req.matches[1];
      Query(req, res, event, [&](const Actor& a) { return InclusionProofOf(store(), a, event, ParamsOf(req)); });
    });
    router.Get("/v1/leaves", [this](const Request& req, Response& res) {
      Query(req, res, "", [&](const Actor& a) { return LeavesPage(store(), a, ParamsOf(req)); });
    });
    router.Get("/v1/consistency", [this](const Request& req, Response& res) {
      Query(req, res, "", [&](const Actor& a) { return ConsistencyProofOf(store(), a, ParamsOf(req)); });
    });
    router.Get(R"(/v1/security/([^/]+))", [this](const Request& req, Response& res) {
      std::string day = req.matches[1];
      Query(req, res, "security-" + day, [&](const Actor& a) { return SecurityLog(store(), a, day, ParamsOf(req)); });
    });

  }

  // Every answer, the transport's own too, counts in the request counter.
  void Count(const Request& req, const Response& res) {
    const double seconds = req.received_at == std::chrono::steady_clock::time_point{}
                               ? 0.0
                               : std::chrono::duration<double>(std::chrono::steady_clock::now() - req.received_at).count();
    const std::string route = RouteOf(req.path);
    metrics.CountRequest(req.method, route, res.status, seconds);
    if (options.access_log)
      service_log::Write("info", "access", "",
                         Json{{"method", req.method},
                              {"route", route},
                              {"status", res.status},
                              {"duration_ms", std::round(seconds * 1e5) / 100},
                              {"principal", req.note.principal.empty() ? "-" : req.note.principal},
                              {"correlation_id", req.note.correlation_id.empty() ? TraceIdOf(req) : req.note.correlation_id},
                              {"client", req.remote_addr}});
  }

  // Low-cardinality route names for the request counter: the route templates (routes.h).
  static std::string RouteOf(const std::string& path) { return RouteTemplate(path); }

  void UpdateLag() {
    auto cp = store()->Get(Cf::kMeta, "checkpoint/projections");
    auto rp = store()->Get(Cf::kMeta, "checkpoint/reactions");
    auto pos = [](const Result<std::optional<std::string>>& v) {
      return v.ok() && v.value() ? static_cast<double>(Store::FromBigEndian64(*v.value())) : 0.0;
    };
    const double last = static_cast<double>(store()->LastPosition());
    // A Kafka node's store keeps no reactions checkpoint: the cluster's
    // reactions are the consumer group "<group>.reactions", whose lag the
    // broker reports. Here that lag is 0 rather than the whole log.
    const bool reacts_here = rp.ok() && rp.value();
    metrics.SetLag(last - pos(cp), reacts_here ? last - pos(rp) : 0.0);
  }

  // --- background ---------------------------------------------------------
  void SettleLoop() {
    std::unique_lock<std::mutex> lock(mu);
    while (!stopping) {
      wake.wait(lock, [&] { return dirty || stopping; });
      if (stopping) break;
      dirty = false;
      lock.unlock();
      auto s = gateway->Settle();
      if (!s.ok()) std::cerr << "api: reactions: " << s.status().ToString() << "\n";
      lock.lock();
      deliveries = true;
      wake.notify_all();
    }
  }

  void DispatchLoop() {
    WebhookDispatcher d(gateway, options.webhook_master_key, options.dispatch, &metrics);
    std::unique_lock<std::mutex> lock(mu);
    while (!stopping) {
      deliveries = false;
      lock.unlock();
      int64_t next_due = 0;
      auto n = d.RunDue(NowMs(), &next_due);
      if (!n.ok()) std::cerr << "api: webhook deliveries: " << n.status().ToString() << "\n";
      lock.lock();
      if (n.ok() && n.value() > 0) {
        dirty = true;  // the attempts' events, for the reactions
        wake.notify_all();
      }
      // Until the next retry is due (at most a second), or the reactions queue more.
      const int64_t wait_ms = next_due == 0 ? 1000 : std::clamp<int64_t>(next_due - NowMs(), 0, 1000);
      wake.wait_for(lock, std::chrono::milliseconds(wait_ms), [&] { return stopping || deliveries; });
    }
  }

  void TickLoop() {
    std::unique_lock<std::mutex> lock(mu);
    while (!stopping) {
      // Not a sleep waiting for something: the clock ticks on a timer, and a stop ends the wait.
      wake.wait_for(lock, std::chrono::seconds(options.tick_every_s), [&] { return stopping; });
      if (stopping) break;
      lock.unlock();
      // The time is rounded down to the period, and the id follows from it:
      // every node of a cluster sends the same tick, carried out once.
      const int64_t period_ms = options.tick_every_s * 1000LL;
      CommandEnvelope c;
      c.issued_at = NowMs() / period_ms * period_ms;
      c.id = "tick-" + std::to_string(c.issued_at);
      c.type = "clock.tick";
      c.stream = "clock-city";
      c.actor = kApiActor;
      CommandResult r = gateway->Submit(c);
      if (!r.status.ok() && r.status.code() != Status::Code::kRefused)
        std::cerr << "api: clock tick: " << r.status.ToString() << "\n";
      lock.lock();
      dirty = true;
      wake.notify_all();
    }
  }
};

ApiServer::ApiServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ApiServer::~ApiServer() { Stop(); }

Result<std::unique_ptr<ApiServer>> ApiServer::Start(CommandGateway* gateway, const ApiOptions& options) {
  if (options.max_body_bytes < 1024) return Status::Invalid("max-body", "must be at least 1024 bytes");
  if (options.threads < 1 || options.threads > 256) return Status::Invalid("threads", "must be 1 to 256");
  if (options.limits.max_connections < 1 || options.limits.max_connections_per_address < 1)
    return Status::Invalid("max-connections", "must be at least 1");
  auto impl = std::make_unique<Impl>();
  impl->gateway = gateway;
  impl->options = options;
  impl->Routes();
  Impl* self = impl.get();
  impl->refusals = std::make_unique<RefusalRecorder>(gateway, options.failed_auth_burst, options.failed_auth_per_second,
                                                     [self] { self->MarkDirty(); });
  TransportOptions t;
  t.host = options.host;
  t.port = options.port;
  t.max_body_bytes = options.max_body_bytes;
  t.max_upload_bytes = options.max_upload_bytes;
  t.max_concurrent_uploads = options.max_concurrent_uploads;
  // Only a valid token or session of a role that uploads gets an upload's limit and slot.
  t.may_upload = [self](const Request& head) {
    auto who = self->Authorize(head);
    return who.ok() && HasRole(who.value().actor, {"office", "unit", "inspector"});
  };
  t.handler_threads = options.threads;
  t.limits = options.limits;
  t.tls = options.tls;
  auto transport = HttpTransport::Start(
      t, [self](Request& req, Response& res) { self->router.Dispatch(req, res); },
      [self](const Request& req, const Response& res) { self->Count(req, res); });
  if (!transport.ok()) return transport.status();
  impl->transport = std::move(transport.value());
  impl->settler = std::thread([self] { self->SettleLoop(); });
  if (options.tick_every_s > 0) impl->ticker = std::thread([self] { self->TickLoop(); });
  if (!options.webhook_master_key.empty()) impl->dispatcher = std::thread([self] { self->DispatchLoop(); });
  return std::unique_ptr<ApiServer>(new ApiServer(std::move(impl)));
}

int ApiServer::port() const { return impl_->transport->port(); }
TransportStats ApiServer::transport_stats() const { return impl_->transport->stats(); }
ApiMetrics& ApiServer::metrics() { return impl_->metrics; }

void ApiServer::Stop() {
  if (!impl_) return;
  // Only the first call stops: the destructor's must not touch the gateway,
  // which its owner may have closed after that first Stop().
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    if (impl_->stopped) return;
    impl_->stopped = true;
  }
  impl_->transport->Stop();
  if (impl_->refusals) impl_->refusals->Stop();  // the summaries still counted
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    impl_->stopping = true;
  }
  impl_->wake.notify_all();
  // A backlog of reactions is left to the next start (it resumes from the
  // checkpoint): a stop must not wait for it.
  impl_->gateway->StopSettling();
  if (impl_->settler.joinable()) impl_->settler.join();
  if (impl_->ticker.joinable()) impl_->ticker.join();
  if (impl_->dispatcher.joinable()) impl_->dispatcher.join();
}

}  // namespace safecity::http
