#include "workflows/access/stream_access.h"

#include "workflows/access/access_refusals.h"
#include "workflows/common.h"
#include "workflows/notification/notification_views.h"
#include "workflows/notification/recipient.h"
#include "workflows/rectification/task_views.h"

namespace safecity::access {

namespace {

enum class Reads { kNone, kAll, kOwn };

struct KindRule {
  const char* kind;  // nullptr: any other kind
  Reads office, auditor, inspector, unit;
  const char* secret;  // the field holding a secret's hash, shown to the office only; nullptr: none
};

// The table of stream_access.h, the only one.
constexpr KindRule kRules[] = {
    {"task", Reads::kAll, Reads::kAll, Reads::kAll, Reads::kOwn, nullptr},
    {"unit", Reads::kAll, Reads::kAll, Reads::kAll, Reads::kOwn, nullptr},
    {"notification", Reads::kAll, Reads::kAll, Reads::kOwn, Reads::kOwn, nullptr},
    {"security", Reads::kAll, Reads::kAll, Reads::kNone, Reads::kNone, nullptr},
    {"token", Reads::kAll, Reads::kAll, Reads::kNone, Reads::kNone, "sha256"},
    {"user", Reads::kAll, Reads::kAll, Reads::kNone, Reads::kNone, "password_hash"},
    {"whkey", Reads::kAll, Reads::kAll, Reads::kNone, Reads::kNone, "fingerprint"},
    {"whsub", Reads::kAll, Reads::kAll, Reads::kNone, Reads::kNone, "fingerprint"},
    {nullptr, Reads::kAll, Reads::kAll, Reads::kAll, Reads::kNone, nullptr},
};

const KindRule& RuleFor(const std::string& kind) {
  for (const KindRule& r : kRules)
    if (r.kind == nullptr || kind == r.kind) return r;
  return kRules[sizeof kRules / sizeof kRules[0] - 1];
}

Reads ReadsOf(const KindRule& rule, const std::string& role) {
  if (role == "office") return rule.office;
  if (role == "auditor") return rule.auditor;
  if (role == "inspector") return rule.inspector;
  if (role == "unit") return rule.unit;
  return Reads::kNone;
}

// "the office, auditors and inspectors" (创建办、审计人员和检查人员): who
// reads streams of this kind.
std::string Readers(const KindRule& rule, Language lang) {
  const bool zh = lang == Language::kZh;
  std::vector<std::string> who{zh ? "创建办" : "the office", zh ? "审计人员" : "auditors"};
  if (rule.inspector == Reads::kAll) who.push_back(zh ? "检查人员" : "inspectors");
  if (rule.inspector == Reads::kOwn) who.push_back(zh ? "收件人" : "the recipient");
  std::string out;
  for (size_t i = 0; i < who.size(); ++i)
    out += (i == 0 ? "" : i + 1 == who.size() ? (zh ? "和" : " and ") : (zh ? "、" : ", ")) + who[i];
  return out;
}

std::string StreamPattern(const std::string& kind, Language lang) {
  if (lang == Language::kZh) return kind.empty() ? std::string("这些流") : kind + "-* 流";
  return kind.empty() ? std::string("these streams") : kind + "-* streams";
}

Sight Refused(const std::string& field, const Message& text, MessageParams params = {}) {
  return Sight{Status::Refusal(Status::Code::kForbidden, field, text, std::move(params)), {}};
}

Sight Granted(const KindRule& rule, const Actor& who) {
  Sight s;
  // A password's hash is no one's to read, the office's neither: it serves only to check a login.
  const bool from_all = rule.kind != nullptr && std::string(rule.kind) == "user";
  if (rule.secret != nullptr && (who.role != "office" || from_all)) s.hidden.push_back(rule.secret);
  return s;
}

bool Responsible(const Json& task, const std::string& unit) {
  if (task.value("lead_unit", "") == unit) return true;
  if (task.contains("cooperating_units") && task["cooperating_units"].is_array())
    for (const auto& u : task["cooperating_units"])
      if (u == unit) return true;
  return false;
}

// kOwn: whether the stream is the principal's own.
Sight OwnSight(ReadModelReader& reader, const KindRule& rule, const Actor& who, const std::string& stream,
               const std::string& field) {
  const std::string kind = rule.kind;
  const std::string id = StreamId(stream);
  if (kind == "unit") {
    if (id == who.id) return Granted(rule, who);
    return Refused(field, kUnitReadsOwnUnit, {{"unit", who.id}});
  }
  if (kind == "task") {
    Json t = rectification::ReadTaskSummary(reader, id);
    if (!t.is_object()) return Sight{Status::Refusal(Status::Code::kNotFound, "task", kReadTaskNotFound, {{"task", id}}), {}};
    if (Responsible(t, who.id)) return Granted(rule, who);
    return Refused(field, kReadNotResponsible, {{"unit", who.id}, {"task", id}});
  }
  // notification
  Json n = notification::ReadNotification(reader, id);
  if (!n.is_object())
    return Sight{Status::Refusal(Status::Code::kNotFound, "notification", kReadNotificationNotFound, {{"notification", id}}), {}};
  if (notification::IsRecipient(who, n)) return Granted(rule, who);
  return Refused(field, kReadNotificationNotYours, WithRole(who.role, {{"notification", id}}));
}

Sight KindSight(ReadModelReader& reader, const Actor& who, const std::string& kind, const std::string& stream,
                const std::string& field) {
  const KindRule& rule = RuleFor(kind);
  switch (ReadsOf(rule, who.role)) {
    case Reads::kAll:
      return Granted(rule, who);
    case Reads::kOwn:
      return OwnSight(reader, rule, who, stream, field);
    case Reads::kNone:
      break;
  }
  if (who.role == "unit" && field == "key")
    return Refused(field, kUnitNoRawReadModels);
  return Refused(field, kKindReaders,
                 WithRole(who.role, {{"pattern", StreamPattern(kind, Language::kEn)}, {"pattern_zh", StreamPattern(kind, Language::kZh)},
                                     {"readers", Readers(rule, Language::kEn)}, {"readers_zh", Readers(rule, Language::kZh)}}));
}

// The inbox of `owner` (inbox/<owner>/..., cnt/<owner>/unread).
Sight InboxSight(const Actor& who, const std::string& owner) {
  if (who.role == "office" || who.role == "auditor" || notification::InboxOwner(who.role, who.id) == owner) return Sight{};
  return Refused("key", kInboxOwnerOnly);
}

bool StartsWith(const std::string& s, const std::string& prefix) { return s.compare(0, prefix.size(), prefix) == 0; }

// The segment after `prefix` up to the next '/' (or the end).
std::string Segment(const std::string& key, size_t from) {
  const size_t end = key.find('/', from);
  return key.substr(from, end == std::string::npos ? std::string::npos : end - from);
}

}  // namespace

Sight StreamSight(ReadModelReader& reader, const Actor& who, const std::string& stream) {
  return KindSight(reader, who, StreamKind(stream), stream, "stream");
}

Sight ReadModelSight(ReadModelReader& reader, const Actor& who, const std::string& key) {
  if (StartsWith(key, "tokenhash/")) return Refused("key", kTokenHashesHidden);
  if (who.role == "unit") return KindSight(reader, who, "", "", "key");
  struct Mapping {
    const char* prefix;
    const char* kind;
  };
  // Read models whose rows are a stream's: the stream's rule.
  for (const Mapping& m : {Mapping{"token/", "token"}, Mapping{"user/", "user"}, Mapping{"whkey/", "whkey"}, Mapping{"whsub/", "whsub"},
                           Mapping{"ntf/", "notification"}, Mapping{"whq/", "notification"}})
    if (StartsWith(key, m.prefix)) {
      const std::string id = Segment(key, std::string(m.prefix).size());
      return KindSight(reader, who, m.kind, std::string(m.kind) + "-" + id, "key");
    }
  if (StartsWith(key, "whsubu/")) {
    const std::string rest = key.substr(7);
    const size_t slash = rest.find('/');
    return KindSight(reader, who, "whsub", "whsub-" + (slash == std::string::npos ? "" : rest.substr(slash + 1)), "key");
  }
  if (StartsWith(key, "security/") || StartsWith(key, "cnt/security/")) return KindSight(reader, who, "security", "", "key");
  if (StartsWith(key, "inbox/")) return InboxSight(who, Segment(key, 6));
  if (StartsWith(key, "cnt/") && key.size() > 11 && key.compare(key.size() - 7, 7, "/unread") == 0)
    return InboxSight(who, key.substr(4, key.size() - 11));
  return KindSight(reader, who, "", "", "key");
}

void Hide(const Sight& sight, Json* object) {
  if (!object->is_object()) return;
  for (const std::string& field : sight.hidden) object->erase(field);
}

}  // namespace safecity::access
