#include "connectors/http/api_queries.h"

#include "engine/read_models.h"
#include "engine/replay.h"
#include "engine/time_util.h"
#include "engine/store.h"
#include "engine/whole_number.h"
#include "engine/workflow.h"

namespace safecity::http {

namespace {

std::string Hex(const std::string& bytes) {
  static const char* kDigits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

Result<std::string> Unhex(const std::string& hex) {
  auto digit = [](char c) { return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1; };
  if (hex.size() % 2) return Status::Invalid("cursor", "is not a cursor this API gave; pass next_cursor back as it came");
  std::string out;
  for (size_t i = 0; i < hex.size(); i += 2) {
    int hi = digit(hex[i]), lo = digit(hex[i + 1]);
    if (hi < 0 || lo < 0) return Status::Invalid("cursor", "is not a cursor this API gave; pass next_cursor back as it came");
    out += static_cast<char>(hi * 16 + lo);
  }
  return out;
}

std::string Param(const Params& p, const std::string& name) {
  auto it = p.find(name);
  return it == p.end() ? "" : it->second;
}

// Query parameter `name` as a whole number from 0 to 2^53 - 1 (0 when
// absent: what a JSON client holds exactly); `what` says what it is when it
// is not one.
Result<int64_t> Position(const Params& p, const char* name, const std::string& what) {
  constexpr int64_t kMaxPosition = (int64_t{1} << 53) - 1;
  const std::string s = Param(p, name);
  if (s.empty()) return int64_t{0};
  const auto n = ParseWholeNumber(s, kMaxPosition);
  if (!n) return Status::Invalid(name, "must be a whole number from 0 to " + std::to_string(kMaxPosition) + what);
  return *n;
}

Result<int> Limit(const Params& p) {
  std::string s = Param(p, "limit");
  if (s.empty()) return 100;
  const auto n = ParseWholeNumber(s, 500);
  if (!n || *n < 1) return Status::Invalid("limit", "must be a whole number from 1 to 500");
  return static_cast<int>(*n);
}

// One page of the keys under `prefix`: `row(key, value)` gives the item (null
// to skip the key). The cursor is the last key looked at.
Result<Json> Page(Store* store, const std::string& prefix, const Params& params,
                  const std::function<Json(const std::string&, const std::string&)>& row) {
  auto limit = Limit(params);
  if (!limit.ok()) return limit.status();
  std::string after;
  if (!Param(params, "cursor").empty()) {
    auto c = Unhex(Param(params, "cursor"));
    if (!c.ok()) return c.status();
    if (c.value().compare(0, prefix.size(), prefix) != 0)
      return Status::Invalid("cursor", "belongs to another list; start again without a cursor");
    after = c.value();
  }
  Json items = Json::array();
  std::string last;
  bool more = false;
  ReadModelReader reader(store);
  Status s = reader.Scan(
      prefix,
      [&](const std::string& key, const std::string& value) {
        if (static_cast<int>(items.size()) == limit.value()) {
          more = true;
          return false;
        }
        last = key;
        Json item = row(key, value);
        if (!item.is_null()) items.push_back(std::move(item));
        return true;
      },
      after);
  if (!s.ok()) return s;
  return Json{{"items", items}, {"next_cursor", more ? Json(Hex(last)) : Json(nullptr)}};
}

Json ParseOrNull(const std::string& v) {
  Json j = Json::parse(v, nullptr, false);
  return j.is_discarded() ? Json(nullptr) : j;
}

bool Responsible(const Json& task, const std::string& unit) {
  if (task.value("lead_unit", "") == unit) return true;
  if (task.contains("cooperating_units"))
    for (const auto& u : task["cooperating_units"])
      if (u == unit) return true;
  return false;
}

Status NotYours(const Actor& who, const std::string& what) {
  return Status::Forbidden("task", "unit " + who.id + " is neither lead nor cooperating unit of " + what +
                                       "; a unit's token sees only its own tasks");
}

}  // namespace

Result<Json> ListTasks(Store* store, const Actor& who, const Params& params) {
  std::string unit = Param(params, "unit"), state = Param(params, "state");
  if (who.role == "unit") {
    if (!unit.empty() && unit != who.id)
      return Status::Forbidden("unit", "unit " + who.id + " lists only its own tasks; leave out unit= or give " + who.id);
    unit = who.id;
  }
  ReadModelReader reader(store);
  auto task_row = [&](const std::string& id) -> Json {
    Json t = reader.GetJson("task/" + id);
    if (!t.is_object()) return nullptr;
    if (!state.empty() && t.value("state", "") != state) return nullptr;
    return t;
  };
  if (!unit.empty()) {
    const std::string prefix = "tbu/" + unit + "/";
    return Page(store, prefix, params, [&](const std::string& key, const std::string&) { return task_row(key.substr(prefix.size())); });
  }
  if (!state.empty()) {
    const std::string prefix = "tbs/" + state + "/";
    return Page(store, prefix, params, [&](const std::string& key, const std::string&) { return task_row(key.substr(prefix.size())); });
  }
  return Page(store, "task/", params, [](const std::string&, const std::string& v) { return ParseOrNull(v); });
}

Result<Json> GetTask(Store* store, const Actor& who, const std::string& task_id) {
  ReadModelReader reader(store);
  Json t = reader.GetJson("task/" + task_id);
  if (!t.is_object()) return Status::NotFound("task", "no task '" + task_id + "'; list tasks at /v1/tasks");
  if (who.role == "unit" && !Responsible(t, who.id)) return NotYours(who, "task " + task_id);
  return t;
}

// A unit reads the streams of its own tasks and its own unit stream; the others read any.
Status MayReadStream(Store* store, const Actor& who, const std::string& stream) {
  if (who.role != "unit") return Status::Ok();
  if (StreamKind(stream) != "task" && stream != "unit-" + who.id)
    return Status::Forbidden("stream", "a unit's token reads the history of its own tasks and of unit-" + who.id + " only");
  if (StreamKind(stream) == "task") {
    auto t = GetTask(store, who, stream.substr(5));
    if (!t.ok()) return t.status();
  }
  return Status::Ok();
}

Result<Json> StreamEvents(Store* store, const Actor& who, const std::string& stream, const Params& params) {
  Status may = MayReadStream(store, who, stream);
  if (!may.ok()) return may;
  auto limit = Limit(params);
  if (!limit.ok()) return limit.status();
  auto after_version = Position(params, "after_version", ", the last version you have");
  if (!after_version.ok()) return after_version.status();
  const int64_t after = after_version.value();
  auto events = store->ReadStream(stream, after + 1);
  if (!events.ok()) return events.status();
  if (after == 0 && events.value().empty())
    return Status::NotFound("stream", "no stream '" + stream + "'; a stream is <kind>-<id>, e.g. task-XA-001");
  Json items = Json::array();
  for (const EventEnvelope& e : events.value()) {
    if (static_cast<int>(items.size()) == limit.value()) break;
    items.push_back(ToJson(e));
  }
  bool more = events.value().size() > items.size();
  return Json{{"stream", stream},
              {"items", items},
              {"next_after_version", more ? Json(items.back()["version"]) : Json(nullptr)}};
}

Result<Json> StreamStateAsOf(Store* store, const Actor& who, const std::string& stream, const Params& params) {
  Status may = MayReadStream(store, who, stream);
  if (!may.ok()) return may;
  const std::string text = Param(params, "as_of");
  auto at = text.empty() ? std::optional<int64_t>(NowMs()) : ParseDeadlineMs(text);
  if (!at) return Status::Invalid("as_of", "'" + text + "' is not a date or time; e.g. 2023-04-01 (end of that day, China time)");
  auto then = FoldStreamAsOf(store, DefaultWorkflows(), stream, *at);
  if (!then.ok()) return then.status();
  return Json{{"stream", stream},
              {"as_of", FormatIsoMs(*at)},
              {"version", then.value().version},
              {"last_changed_at", FormatIsoMs(then.value().occurred_at)},
              {"last_changed_by", ToJson(then.value().events.back().actor)},
              {"state", then.value().state}};
}

Result<Json> GetReadModel(Store* store, const Actor& who, const std::string& key) {
  if (who.role == "unit")
    return Status::Forbidden("key", "a unit's token reads its tasks (/v1/tasks) and inbox (/v1/inbox), not raw read models");
  if (key.rfind("tokenhash/", 0) == 0) return Status::Forbidden("key", "token hashes are not shown to anyone");
  ReadModelReader reader(store);
  auto v = reader.Get(key);
  if (!v.ok()) return v.status();
  if (!v.value()) return Status::NotFound("key", "no read model '" + key + "'");
  Json j = ParseOrNull(*v.value());
  return Json{{"key", key}, {"value", j.is_null() ? Json(*v.value()) : j}};
}

Result<Json> Inbox(Store* store, const Actor& who, const Params& params) {
  std::string recipient = who.role == "office" ? "office" : who.id;
  return Page(store, "inbox/" + recipient + "/", params, [](const std::string&, const std::string& v) { return ParseOrNull(v); });
}

Result<Json> LogPage(Store* store, const Actor& who, const Params& params) {
  if (who.role == "unit")
    return Status::Forbidden("actor", "a unit's token reads its own tasks (/v1/my/tasks), their history and its inbox, not the whole log");
  auto limit = Limit(params);
  if (!limit.ok()) return limit.status();
  auto after_position = Position(params, "after", ": the last log position you have (0 for none)");
  if (!after_position.ok()) return after_position.status();
  const int64_t after = after_position.value();
  const int64_t last_position = store->LastPosition();
  auto events = store->ReadAll(after + 1, static_cast<size_t>(limit.value()));
  if (!events.ok()) return events.status();
  const bool security = who.role == "office" || who.role == "auditor";
  Json items = Json::array();
  int64_t last = after;
  for (const EventEnvelope& e : events.value()) {
    last = e.position;
    if (!security && StreamKind(e.stream) == "security") continue;  // whole streams only: chains stay whole
    items.push_back(ToJson(e));
  }
  // Positions are this store's own: each node of a cluster numbers its log in
  // the order it learned of the events. The id tells a reader whose they are.
  std::string log_id;
  store->db()->GetDbIdentity(log_id);
  return Json{{"items", items}, {"next_after", last}, {"end", last >= last_position}, {"last_position", last_position}, {"log_id", log_id}};
}

Result<Json> SecurityLog(Store* store, const Actor& who, const std::string& day, const Params& params) {
  if (who.role != "auditor" && who.role != "office")
    return Status::Forbidden("actor", "only auditors and the office read the security log");
  return Page(store, "security/" + day + "/", params, [](const std::string&, const std::string& v) { return ParseOrNull(v); });
}

}  // namespace safecity::http
