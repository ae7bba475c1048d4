#include "engine/envelope.h"

#include "engine/sha256.h"
#include "engine/time_util.h"

namespace safecity {

std::string CanonicalJson(const Json& j) {
  return j.dump(-1, ' ', false, Json::error_handler_t::strict);
}

Json ToJson(const Actor& a) { return Json{{"id", a.id}, {"role", a.role}}; }

Json ToJson(const CommandEnvelope& c) {
  return Json{{"id", c.id},
              {"type", c.type},
              {"stream", c.stream},
              {"issued_at", FormatIsoMs(c.issued_at)},
              {"actor", ToJson(c.actor)},
              {"correlation_id", c.correlation_id},
              {"causation_id", c.causation_id},
              {"data", c.data}};
}

namespace {
Json HashedFields(const EventEnvelope& e) {
  return Json{{"id", e.id},
              {"stream", e.stream},
              {"version", e.version},
              {"type", e.type},
              {"schema_version", e.schema_version},
              {"occurred_at", FormatIsoMs(e.occurred_at)},
              {"actor", ToJson(e.actor)},
              {"correlation_id", e.correlation_id},
              {"causation_id", e.causation_id},
              {"prev_hash", e.prev_hash},
              {"data", e.data}};
}

Status Need(const Json& j, const char* key, Json::value_t t, const std::string& where) {
  auto it = j.find(key);
  if (it == j.end()) return Status::Invalid(where + key, "is missing; add it");
  if (it->type() != t && !(t == Json::value_t::number_integer &&
                           it->type() == Json::value_t::number_unsigned)) {
    return Status::Invalid(where + key, std::string("has the wrong type; expected ") +
                                            (t == Json::value_t::string   ? "a string"
                                             : t == Json::value_t::object ? "an object"
                                                                          : "an integer"));
  }
  return Status::Ok();
}

Result<Actor> ActorFromJson(const Json& j, const std::string& where) {
  if (!j.is_object()) return Status::Invalid(where, "must be an object with id and role");
  for (const char* k : {"id", "role"}) {
    Status s = Need(j, k, Json::value_t::string, where + ".");
    if (!s.ok()) return s;
  }
  return Actor{j["id"].get<std::string>(), j["role"].get<std::string>()};
}

Result<int64_t> TimeField(const Json& j, const char* key) {
  auto t = ParseIsoMs(j[key].get<std::string>());
  if (!t) return Status::Invalid(key, "is not an ISO-8601 UTC time; write e.g. 2023-03-15T08:00:00Z");
  return *t;
}
}  // namespace

Json ToJson(const EventEnvelope& e) {
  Json j = HashedFields(e);
  j["position"] = e.position;
  j["hash"] = e.hash;
  return j;
}

namespace {
void AppendString(std::string* out, const std::string& s) { *out += CanonicalJson(Json(s)); }

// The canonical JSON of HashedFields(e), written field by field in key order.
SealedEventText HashedText(const EventEnvelope& e) {
  SealedEventText t;
  std::string& o = t.hashed;
  o.reserve(320 + e.id.size() * 2 + e.stream.size());
  o += "{\"actor\":{\"id\":";
  AppendString(&o, e.actor.id);
  o += ",\"role\":";
  AppendString(&o, e.actor.role);
  o += "},\"causation_id\":";
  AppendString(&o, e.causation_id);
  o += ",\"correlation_id\":";
  AppendString(&o, e.correlation_id);
  o += ",\"data\":";
  o += CanonicalJson(e.data);
  t.id_at = o.size();
  o += ",\"id\":";
  AppendString(&o, e.id);
  o += ",\"occurred_at\":";
  AppendString(&o, FormatIsoMs(e.occurred_at));
  t.prev_hash_at = o.size();
  o += ",\"prev_hash\":";
  AppendString(&o, e.prev_hash);
  o += ",\"schema_version\":";
  o += std::to_string(e.schema_version);
  o += ",\"stream\":";
  AppendString(&o, e.stream);
  o += ",\"type\":";
  AppendString(&o, e.type);
  o += ",\"version\":";
  o += std::to_string(e.version);
  o += "}";
  return t;
}
}  // namespace

std::string ComputeEventHash(const EventEnvelope& e) { return Sha256Hex(HashedText(e).hashed); }

void SealEvent(EventEnvelope* e) {
  auto t = std::make_shared<SealedEventText>(HashedText(*e));
  t->hash = Sha256Hex(t->hashed);
  e->hash = t->hash;
  e->sealed = std::move(t);
}

std::string StoredEventJson(const EventEnvelope& e) {
  std::shared_ptr<const SealedEventText> t = e.sealed;
  if (!t || t->hash != e.hash) t = std::make_shared<SealedEventText>(HashedText(e));
  const std::string& h = t->hashed;
  std::string out;
  out.reserve(h.size() + e.hash.size() + 40);
  out.append(h, 0, t->id_at);
  out += ",\"hash\":";
  AppendString(&out, e.hash);
  out.append(h, t->id_at, t->prev_hash_at - t->id_at);
  out += ",\"position\":";
  out += std::to_string(e.position);
  out.append(h, t->prev_hash_at, std::string::npos);
  return out;
}

bool NestsDeeperThan(const Json& j, int levels) {
  if (!j.is_structured()) return false;
  if (levels <= 0) return true;
  for (const Json& v : j)
    if (NestsDeeperThan(v, levels - 1)) return true;
  return false;
}

Result<CommandEnvelope> CommandFromJson(const Json& j) {
  if (!j.is_object()) return Status::Invalid("command", "must be a JSON object");
  using V = Json::value_t;
  for (auto [k, t] : {std::pair{"id", V::string}, {"type", V::string}, {"stream", V::string},
                      {"issued_at", V::string}, {"actor", V::object}, {"data", V::object}}) {
    Status s = Need(j, k, t, "");
    if (!s.ok()) return s;
  }
  if (NestsDeeperThan(j["data"], kMaxJsonDepth))
    return Status::Invalid("data", "is nested more than " + std::to_string(kMaxJsonDepth) + " levels deep; no command's data is");
  CommandEnvelope c;
  c.id = j["id"];
  c.type = j["type"];
  c.stream = j["stream"];
  auto t = TimeField(j, "issued_at");
  if (!t.ok()) return t.status();
  c.issued_at = t.value();
  auto a = ActorFromJson(j["actor"], "actor");
  if (!a.ok()) return a.status();
  c.actor = a.value();
  c.correlation_id = j.value("correlation_id", "");
  c.causation_id = j.value("causation_id", "");
  c.data = j["data"];
  if (c.id.empty() || c.id.size() > 128) return Status::Invalid("id", "must be 1 to 128 characters");
  return c;
}

Result<EventEnvelope> EventFromJson(const Json& j) {
  if (!j.is_object()) return Status::Invalid("event", "must be a JSON object");
  using V = Json::value_t;
  for (auto [k, t] : {std::pair{"id", V::string}, {"stream", V::string},
                      {"version", V::number_integer}, {"position", V::number_integer},
                      {"type", V::string}, {"schema_version", V::number_integer},
                      {"occurred_at", V::string}, {"actor", V::object},
                      {"correlation_id", V::string}, {"causation_id", V::string},
                      {"prev_hash", V::string}, {"hash", V::string}, {"data", V::object}}) {
    Status s = Need(j, k, t, "");
    if (!s.ok()) return s;
  }
  if (NestsDeeperThan(j["data"], kMaxJsonDepth))
    return Status::Invalid("data", "is nested more than " + std::to_string(kMaxJsonDepth) + " levels deep; no event's data is");
  EventEnvelope e;
  e.id = j["id"];
  e.stream = j["stream"];
  e.version = j["version"];
  e.position = j["position"];
  e.type = j["type"];
  const int64_t schema_version = j["schema_version"];
  if (schema_version < 1 || schema_version > 1000000)
    return Status::Invalid("schema_version", "is " + std::to_string(schema_version) + "; an event's schema version is a whole number from 1");
  e.schema_version = static_cast<int>(schema_version);
  auto t = TimeField(j, "occurred_at");
  if (!t.ok()) return t.status();
  e.occurred_at = t.value();
  auto a = ActorFromJson(j["actor"], "actor");
  if (!a.ok()) return a.status();
  e.actor = a.value();
  e.correlation_id = j["correlation_id"];
  e.causation_id = j["causation_id"];
  e.prev_hash = j["prev_hash"];
  e.hash = j["hash"];
  e.data = j["data"];
  return e;
}

std::string StreamKind(const std::string& stream) {
  auto p = stream.find('-');
  return p == std::string::npos ? stream : stream.substr(0, p);
}

std::string StreamId(const std::string& stream) {
  auto p = stream.find('-');
  return p == std::string::npos ? std::string() : stream.substr(p + 1);
}

std::string CommandName(const std::string& type) {
  auto p = type.find('.');
  return p == std::string::npos ? type : type.substr(p + 1);
}

}  // namespace safecity
