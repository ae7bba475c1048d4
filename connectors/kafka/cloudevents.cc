#include "connectors/kafka/cloudevents.h"

#include <map>

#include "engine/time_util.h"
#include "engine/utf8.h"

namespace safecity::kafka {

namespace {
constexpr const char* kTypePrefix = "safecity.";
}

KafkaRecord EncodeEvent(const EventEnvelope& e) {
  KafkaRecord r;
  r.key = e.stream;
  r.value = CanonicalJson(e.data);
  r.headers = {{"ce_specversion", "1.0"},
               {"ce_id", e.id},
               {"ce_source", "/safecity/" + StreamKind(e.stream)},
               {"ce_type", kTypePrefix + e.type},
               {"ce_subject", e.stream},
               {"ce_time", FormatIsoMs(e.occurred_at)},
               {"content-type", "application/json"},
               {"ce_streamversion", std::to_string(e.version)},
               {"ce_schemaversion", std::to_string(e.schema_version)},
               {"ce_actorid", e.actor.id},
               {"ce_actorrole", e.actor.role},
               {"ce_correlationid", e.correlation_id},
               {"ce_causationid", e.causation_id},
               {"ce_prevhash", e.prev_hash},
               {"ce_hash", e.hash}};
  return r;
}

Result<EventEnvelope> DecodeEvent(const std::string& key, const std::string& value, const Headers& headers) {
  std::map<std::string, std::string> h;
  for (const auto& [k, v] : headers) h[k] = v;  // the last of a repeated header wins
  auto need = [&](const char* name) -> Result<std::string> {
    auto it = h.find(name);
    if (it == h.end()) return Status::Invalid(name, "header is missing; not a safecity CloudEvent");
    // An envelope holds text: one with other bytes could be neither hashed nor stored.
    if (!IsValidUtf8(it->second)) return Status::Invalid(name, "header is not UTF-8 text; not a safecity CloudEvent");
    return it->second;
  };
  auto number = [&](const char* name) -> Result<int64_t> {
    auto v = need(name);
    if (!v.ok()) return v.status();
    try {
      size_t used = 0;
      int64_t n = std::stoll(v.value(), &used);
      if (used != v.value().size() || n < 0) throw std::invalid_argument(name);
      return n;
    } catch (const std::exception&) {
      return Status::Invalid(name, "'" + v.value() + "' is not a number");
    }
  };
  for (const char* name : {"ce_specversion", "ce_id", "ce_type", "ce_subject", "ce_time", "ce_actorid", "ce_actorrole",
                           "ce_correlationid", "ce_causationid", "ce_prevhash", "ce_hash"})
    if (!need(name).ok()) return need(name).status();
  if (h["ce_specversion"] != "1.0") return Status::Invalid("ce_specversion", "'" + h["ce_specversion"] + "' is not 1.0");
  if (h["ce_type"].rfind(kTypePrefix, 0) != 0) return Status::Invalid("ce_type", "'" + h["ce_type"] + "' is not a safecity event type");
  if (h["ce_subject"] != key) return Status::Invalid("ce_subject", "is not the record's key (the stream id)");
  EventEnvelope e;
  e.id = h["ce_id"];
  e.stream = h["ce_subject"];
  e.type = h["ce_type"].substr(std::string(kTypePrefix).size());
  auto version = number("ce_streamversion");
  if (!version.ok()) return version.status();
  e.version = version.value();
  auto schema = number("ce_schemaversion");
  if (!schema.ok()) return schema.status();
  e.schema_version = static_cast<int>(schema.value());
  auto at = ParseIsoMs(h["ce_time"]);
  if (!at) return Status::Invalid("ce_time", "'" + h["ce_time"] + "' is not an RFC 3339 time");
  e.occurred_at = *at;
  e.actor.id = h["ce_actorid"];
  e.actor.role = h["ce_actorrole"];
  e.correlation_id = h["ce_correlationid"];
  e.causation_id = h["ce_causationid"];
  e.prev_hash = h["ce_prevhash"];
  e.hash = h["ce_hash"];
  e.data = Json::parse(value, nullptr, false);
  if (e.data.is_discarded()) return Status::Invalid("data", "the record's value is not JSON");
  return e;
}

}  // namespace safecity::kafka
