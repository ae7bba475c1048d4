#include "connectors/http/api_queries.h"

#include <algorithm>

#include "connectors/http/api_refusals.h"
#include "connectors/http/problem.h"
#include "engine/reaction_runner.h"
#include "workflows/access/access_views.h"
#include "workflows/access/user_account.h"
#include "engine/read_models.h"
#include "engine/replay.h"
#include "engine/sha256.h"
#include "engine/time_util.h"
#include "engine/store.h"
#include "engine/utf8.h"
#include "engine/whole_number.h"
#include "engine/workflow.h"
#include "workflows/access/stream_access.h"
#include "workflows/campaign/bulletin.h"
#include "workflows/campaign/campaign_refusals.h"
#include "workflows/campaign/period_report.h"
#include "workflows/campaign/round_dashboard.h"
#include "workflows/campaign/round_views.h"
#include "workflows/clock/clock.h"
#include "workflows/common.h"
#include "workflows/hazard/hazard_refusals.h"
#include "workflows/hazard/hazard_views.h"
#include "workflows/notification/notification_views.h"
#include "workflows/notification/recipient.h"
#include "workflows/rectification/task_refusals.h"
#include "workflows/rectification/task_views.h"
#include "workflows/rectification/unit_rates.h"
#include "workflows/unit/unit_directory.h"
#include "workflows/verification/verification_refusals.h"
#include "workflows/verification/verification_views.h"
#include "workflows/registry.h"
#include "workflows/scoring/scoring_sheet.h"

namespace safecity::http {

namespace {

Result<std::string> Unhex(const std::string& hex) {
  auto digit = [](char c) { return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1; };
  if (hex.size() % 2) return Status::Refusal(Status::Code::kInvalid, "cursor", kCursorNotOurs, {});
  std::string out;
  for (size_t i = 0; i < hex.size(); i += 2) {
    int hi = digit(hex[i]), lo = digit(hex[i + 1]);
    if (hi < 0 || lo < 0) return Status::Refusal(Status::Code::kInvalid, "cursor", kCursorNotOurs, {});
    out += static_cast<char>(hi * 16 + lo);
  }
  return out;
}

std::string Param(const Params& p, const std::string& name) {
  auto it = p.find(name);
  return it == p.end() ? "" : it->second;
}

// A number parameter sent with nothing after its '=' ("?limit="): not the
// default, a mistake to name (the parsers below take "" for absent).
Status NoEmptyNumber(const Params& p, std::initializer_list<const char*> names) {
  for (const char* name : names) {
    auto it = p.find(name);
    if (it != p.end() && it->second.empty()) return Status::Refusal(Status::Code::kInvalid, name, kNumberEmpty, {});
  }
  return Status::Ok();
}

// Query parameter `name` as a whole number from 0 to 2^53 - 1 (0 when
// absent: what a JSON client holds exactly): the last version or position
// the client has.
Result<int64_t> Position(const Params& p, const char* name, const char* what, const char* what_zh) {
  constexpr int64_t kMaxPosition = (int64_t{1} << 53) - 1;
  const std::string s = Param(p, name);
  if (s.empty()) return int64_t{0};
  const auto n = ParseWholeNumber(s, kMaxPosition);
  if (!n) return Status::Refusal(Status::Code::kInvalid, name, kPositionRange, {{"max", std::to_string(kMaxPosition)}, {"what", what}, {"what_zh", what_zh}});
  return *n;
}

Result<int> Limit(const Params& p) {
  std::string s = Param(p, "limit");
  if (s.empty()) return 100;
  const auto n = ParseWholeNumber(s, 500);
  if (!n || *n < 1) return Status::Refusal(Status::Code::kInvalid, "limit", kLimitRange, {});
  return static_cast<int>(*n);
}

// One page of the keys under `prefix` (and before `end`, when given):
// `row(key, value)` gives the item (null to skip the key). The cursor is the
// last key looked at.
// With several prefixes (in ascending key order), their keys one prefix
// after the other: a cursor is a key, so each prefix is read from the cursor
// on (a scan starts at the later of its prefix and the cursor).
Result<Json> Page(Store* store, const std::vector<std::string>& prefixes, const Params& params,
                  const std::function<Json(const std::string&, const std::string&)>& row, const std::string& end = "") {
  Status given = NoEmptyNumber(params, {"limit"});
  if (!given.ok()) return given;
  auto limit = Limit(params);
  if (!limit.ok()) return limit.status();
  std::string after;
  if (!Param(params, "cursor").empty()) {
    auto c = Unhex(Param(params, "cursor"));
    if (!c.ok()) return c.status();
    // A position in the list's key order: one before the list starts at its
    // beginning, one past its end gives an empty page (as /openapi.json says).
    after = c.value();
  }
  Json items = Json::array();
  std::string last;
  bool more = false;
  ReadModelReader reader(store);
  for (size_t i = 0; i < prefixes.size() && !more; ++i) {
    Status s = reader.Scan(
        prefixes[i],
        [&](const std::string& key, const std::string& value) {
          if (!end.empty() && key >= end) return false;
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
  }
  return Json{{"items", items}, {"next_cursor", more ? Json(HexOf(last)) : Json(nullptr)}};
}

Result<Json> Page(Store* store, const std::string& prefix, const Params& params,
                  const std::function<Json(const std::string&, const std::string&)>& row, const std::string& end = "") {
  return Page(store, std::vector<std::string>{prefix}, params, row, end);
}

// A true-or-false query parameter; absent is false, and given with nothing
// after its '=' ("?all=") it is neither, as the document's enum says.
Result<bool> Flag(const Params& p, const char* name, const Message& words = kTrueOrFalse) {
  auto it = p.find(name);
  if (it == p.end() || it->second == "false") return false;
  if (it->second == "true") return true;
  return Status::Refusal(Status::Code::kInvalid, name, words, {});
}

Json ParseOrNull(const std::string& v) {
  Json j = Json::parse(v, nullptr, false);
  return j.is_discarded() ? Json(nullptr) : j;
}

// The unit a query names by id, name or alias (unit=雁塔区), as the documents
// and the CLI name it; "" for none. A unit's token names itself or nothing,
// and gets itself when it names none: it is refused with `own_only` for any
// other and is not told of other units, not even the near matches of a name
// it got wrong.
Result<std::string> UnitParam(ReadModelReader& reader, const Actor& who, const std::string& ref, const Message& own_only) {
  if (ref.empty()) return who.role == "unit" ? who.id : std::string();
  auto id = units::Resolve(reader, ref, "unit");
  if (who.role == "unit" && (!id.ok() || id.value() != who.id))
    return Status::Refusal(Status::Code::kForbidden, "unit", own_only, {{"unit", who.id}});
  return id;
}

// The fields a sight leaves out, for the answer: {"hidden": [...]} when any.
void NameHidden(const access::Sight& sight, Json* answer) {
  if (!sight.hidden.empty()) (*answer)["hidden"] = sight.hidden;
}

}  // namespace

Result<Json> ListTasks(Store* store, const Actor& who, const Params& params) {
  const std::string state = Param(params, "state");
  auto overdue = Flag(params, "overdue", kOverdueTrueOrFalse);
  if (!overdue.ok()) return overdue.status();
  auto open = Flag(params, "open");
  if (!open.ok()) return open.status();
  auto extension_pending = Flag(params, "extension_pending");
  if (!extension_pending.ok()) return extension_pending.status();
  ReadModelReader reader(store);
  auto named = UnitParam(reader, who, Param(params, "unit"), kUnitListsItsOwnTasks);
  if (!named.ok()) return named.status();
  const std::string unit = named.value();
  const int64_t now = NowMs();
  // Each row names its lead unit, so a client shows 雁塔区 without asking again.
  auto shown = [&](Json t) -> Json {
    if (!t.is_object()) return nullptr;
    if (!state.empty() && t.value("state", "") != state) return nullptr;
    if (!unit.empty() && !rectification::InvolvesUnit(t, unit)) return nullptr;
    if (overdue.value() && !rectification::IsOverdue(t, now)) return nullptr;
    if (extension_pending.value() && !t.value("extension_pending", false)) return nullptr;
    t["lead_unit_name"] = units::DisplayName(reader, t.value("lead_unit", ""));
    return t;
  };
  auto by_id_after = [&](const std::string& prefix) {
    return [&, prefix](const std::string& key, const std::string&) { return shown(rectification::ReadTaskSummary(reader, key.substr(prefix.size()))); };
  };
  if (overdue.value()) {
    // The deadline index up to now: its cost follows the overdue work.
    return Page(
        store, rectification::kDuePrefix, params,
        [&](const std::string& key, const std::string&) { return shown(rectification::ReadTaskSummary(reader, rectification::DueKeyTask(key))); },
        rectification::DueKey(now, ""));
  }
  if (open.value()) {
    // Open tasks, earliest deadline first; those whose deadline is pending (待定) after every dated one.
    const std::string pending = rectification::kDeadlinePendingPrefix;
    return Page(store, std::vector<std::string>{rectification::kDuePrefix, pending}, params,
                [&](const std::string& key, const std::string&) {
                  const bool dated = key.compare(0, pending.size(), pending) != 0;
                  return shown(rectification::ReadTaskSummary(reader, dated ? rectification::DueKeyTask(key) : key.substr(pending.size())));
                });
  }
  if (!unit.empty()) {
    const std::string prefix = rectification::TasksByUnitPrefix(unit);
    return Page(store, prefix, params, by_id_after(prefix));
  }
  if (!state.empty()) {
    const std::string prefix = rectification::TasksByStatePrefix(state);
    return Page(store, prefix, params, by_id_after(prefix));
  }
  const std::string cards = rectification::kTaskCardPrefix;
  return Page(store, cards, params, [&](const std::string& key, const std::string& card) {
    return shown(rectification::TaskSummaryFromCard(reader, key.substr(cards.size()), card));
  });
}

Result<Json> ListUnits(Store* store, const Actor& who) {
  ReadModelReader reader(store);
  const int64_t now = NowMs();
  auto rates = rectification::ReadUnitRates(reader, now);
  if (!rates.ok()) return rates.status();
  Json items = Json::array();
  for (const auto& row : rates.value())
    if (who.role != "unit" || row.unit == who.id) items.push_back(rectification::ToJson(row));  // a unit: its own row
  return Json{{"items", std::move(items)}, {"as_of", FormatIsoMs(now)}};
}

Result<Json> GetUnit(Store* store, const Actor& who, const std::string& ref) {
  ReadModelReader reader(store);
  auto id = UnitParam(reader, who, ref, kUnitLooksUpItself);
  if (!id.ok()) return id.status();
  const Json u = units::Find(reader, id.value());
  auto text = [&](const char* key) { return u.contains(key) && u[key].is_string() ? u[key] : Json(nullptr); };
  return Json{{"id", id.value()},
              {"name", u.value("name", id.value())},
              {"kind", u.value("kind", "")},
              {"aliases", u.contains("aliases") && u["aliases"].is_array() ? u["aliases"] : Json::array()},
              {"parent", text("parent")},
              {"member_since", text("member_since")},
              {"left_on", text("left_on")}};
}

Result<Json> ListRounds(Store* store, const Actor& who) {
  ReadModelReader reader(store);
  Json items = Json::array();
  Status failed;
  Status s = campaign::ForEachRound(reader, [&](const Json& summary) {
    if (who.role == "unit") {  // a unit: the rounds that evaluate it
      auto evaluated = campaign::RoundEvaluates(reader, summary.value("campaign_id", ""), who.id);
      if (!evaluated.ok()) return failed = evaluated.status(), false;
      if (!evaluated.value()) return true;
    }
    items.push_back(summary);
    return true;
  });
  if (!s.ok()) return s;
  if (!failed.ok()) return failed;
  return Json{{"items", std::move(items)}};
}

Result<Json> GetRound(Store* store, const Actor& who, const std::string& round) {
  ReadModelReader reader(store);
  auto summary = campaign::ReadRound(reader, round);
  if (!summary.ok()) return summary.status();
  auto units = campaign::RoundUnits(reader, round);
  if (!units.ok()) return units.status();
  // A unit reads the rounds that evaluate it, as GET /v1/rounds lists them.
  if (who.role == "unit" && std::find(units.value().begin(), units.value().end(), who.id) == units.value().end())
    return Status::Refusal(Status::Code::kForbidden, "round", kRoundNotTheUnits, {{"round", round}, {"unit", who.id}});
  Json out = summary.value();
  out["evaluated_units"] = units.value();
  return out;
}

Result<Json> RoundDashboardOf(Store* store, const Actor& who, const std::string& round) {
  if (!HasRole(who, {"office", "auditor", "inspector", "unit"}))
    return Status::Refusal(Status::Code::kForbidden, "actor", kDashboardReaders, WithRole(who.role));
  ReadModelReader reader(store);
  auto d = campaign::ReadRoundDashboard(reader, round, NowMs());
  if (!d.ok()) return d.status();
  if (who.role == "unit") {  // a unit sees its own row
    auto& rows = d.value().units;
    rows.erase(std::remove_if(rows.begin(), rows.end(), [&](const campaign::DashboardRow& r) { return r.unit != who.id; }),
               rows.end());
  }
  return campaign::ToJson(d.value());
}

Result<Json> FeedbackListOf(Store* store, const Actor& who, const std::string& round, const Params& params) {
  if (!HasRole(who, {"office", "auditor", "inspector", "unit"}))
    return Status::Refusal(Status::Code::kForbidden, "actor", campaign::kFeedbackForbidden, {{"role", who.role}});
  ReadModelReader reader(store);
  auto named = UnitParam(reader, who, Param(params, "unit"), campaign::kFeedbackOwnOnly);
  if (!named.ok()) return named.status();
  const std::string unit = named.value();
  if (unit.empty()) return Status::Refusal(Status::Code::kInvalid, "unit", campaign::kFeedbackNeedsUnit, {});
  auto list = campaign::ReadFeedbackList(reader, round, unit);  // round.not_found first, then a unit it does not evaluate
  if (!list.ok()) return list.status();
  return campaign::ToJson(list.value());
}

Result<Json> PeriodReportOf(Store* store, const Actor& who, const Params& params) {
  auto param = [&](const char* key) { auto it = params.find(key); return it == params.end() ? std::string() : it->second; };
  const std::string round = param("round");
  auto period = campaign::ParsePeriod(param("from"), param("to"));
  if (!period.ok()) return period.status();
  ReadModelReader reader(store);
  if (who.role == "unit" && !round.empty()) {  // a round that evaluates it, as GET /v1/rounds/{id}
    auto evaluated = campaign::RoundEvaluates(reader, round, who.id);
    if (!evaluated.ok()) return evaluated.status();
    if (!evaluated.value()) return Status::Refusal(Status::Code::kForbidden, "round", kRoundNotTheUnits, {{"round", round}, {"unit", who.id}});
  }
  auto rep = campaign::ReadPeriodReport(reader, period.value().first, period.value().second, round);
  if (!rep.ok()) return rep.status();
  if (who.role == "unit") {  // a unit sees its own row, and no figure of the others: no bands, its row as the total
    auto& rows = rep.value().units;
    rows.erase(std::remove_if(rows.begin(), rows.end(), [&](const campaign::PeriodRow& r) { return r.unit != who.id; }), rows.end());
    rep.value().bands.clear();
    rep.value().total = rows.empty() ? campaign::PeriodRow{} : rows.front();
    rep.value().total.unit = "_all";
    rep.value().total.name = rep.value().total.kind = "";
  }
  return campaign::ToJson(rep.value());
}

Result<Json> ClockOf(Store* store, const Actor&) {
  ReadModelReader reader(store);
  auto last = clock::LastTick(reader);
  if (!last.ok()) return last.status();
  return Json{{"clock", clock::kCityClock}, {"last_tick", last.value() ? Json(FormatIsoMs(*last.value())) : Json(nullptr)}};
}

namespace {

// Every row of an unpaged list (a few hundred at most: tokens, keys,
// subscriptions) that `keep` keeps, without the hash of a secret (what the
// access rules keep from auditors: README, Access rules), as one page with
// no next.
Result<Json> WholeList(ReadModelReader& reader,
                       Status (*for_each)(ReadModelReader&, const std::function<bool(const Json&)>&),
                       const std::function<bool(const Json&)>& keep) {
  Json items = Json::array();
  Status s = for_each(reader, [&](const Json& row) {
    if (!keep(row)) return true;
    Json shown = row;
    shown.erase("fingerprint");
    shown.erase("sha256");
    shown.erase("password_hash");
    items.push_back(std::move(shown));
    return true;
  });
  if (!s.ok()) return s;
  return Json{{"items", std::move(items)}, {"next_cursor", nullptr}};
}

Status OfficeOrAuditor(const Actor& who, const Message& readers) {
  if (HasRole(who, {"office", "auditor"})) return Status::Ok();
  return Status::Refusal(Status::Code::kForbidden, "actor", readers, WithRole(who.role));
}

// A webhook list's unit: the office and auditors name any (or none), a unit's
// token itself; inspectors are refused.
Result<std::string> WebhookUnit(ReadModelReader& reader, const Actor& who, const Params& params) {
  if (!HasRole(who, {"office", "auditor", "unit"}))
    return Status::Refusal(Status::Code::kForbidden, "actor", kWebhookListReaders, WithRole(who.role));
  return UnitParam(reader, who, Param(params, "unit"), kUnitSeesItsOwnWebhooks);
}

// The tokens or the inbound keys: active ones, or all with all=true.
Result<Json> AccessList(Store* store, const Actor& who, const Params& params,
                        Status (*for_each)(ReadModelReader&, const std::function<bool(const Json&)>&)) {
  if (Status s = OfficeOrAuditor(who, kAccessListReaders); !s.ok()) return s;
  auto all = Flag(params, "all");
  if (!all.ok()) return all.status();
  ReadModelReader reader(store);
  return WholeList(reader, for_each, [&](const Json& row) { return all.value() || access::IsActive(row); });
}

}  // namespace

Result<Json> ListTokens(Store* store, const Actor& who, const Params& params) {
  return AccessList(store, who, params, access::ForEachToken);
}

Result<Json> ListUsers(Store* store, const Actor& who, const Params& params) {
  return AccessList(store, who, params, access::ForEachUser);
}

Result<Json> ListWebhookKeys(Store* store, const Actor& who, const Params& params) {
  return AccessList(store, who, params, access::ForEachWebhookKey);
}

Result<Json> ListSubscriptions(Store* store, const Actor& who, const Params& params) {
  // whsub streams are the office's and auditors' (stream_access.h), whoever they serve.
  if (Status s = OfficeOrAuditor(who, kWebhookListReaders); !s.ok()) return s;
  ReadModelReader reader(store);
  auto unit = WebhookUnit(reader, who, params);
  if (!unit.ok()) return unit.status();
  auto all = Flag(params, "all");
  if (!all.ok()) return all.status();
  return WholeList(reader, access::ForEachSubscription, [&](const Json& w) {
    return (all.value() || access::IsActive(w)) && (unit.value().empty() || w.value("unit", "") == unit.value());
  });
}

Result<Json> ListDeliveries(Store* store, const Actor& who, const Params& params) {
  ReadModelReader reader(store);
  auto unit = WebhookUnit(reader, who, params);
  if (!unit.ok()) return unit.status();
  const std::string state = Param(params, "state");
  return Page(store, notification::NotificationListPrefix(), params, [&](const std::string&, const std::string& value) -> Json {
    Json n = ParseOrNull(value);
    if (!n.is_object() || n.value("channel", "") != "webhook") return nullptr;
    if (!state.empty() && n.value("state", "") != state) return nullptr;
    // A unit's, as its inbox is: an inspector or the office named like it is not it.
    if (!unit.value().empty() && !notification::IsRecipient(Actor{unit.value(), "unit"}, n)) return nullptr;
    return n;
  });
}

Result<Json> ListRefusedReactions(Store* store, const Actor& who, Language lang) {
  if (Status s = OfficeOrAuditor(who, kReactionReaders); !s.ok()) return s;
  Json items = Json::array();
  Status s = ForEachRefusedReaction(store, DefaultWorkflows(), [&](const RefusedReaction& r) {
    items.push_back(Json{{"command", r.command_id},
                         {"type", r.type},
                         {"cause", r.cause},
                         {"cause_type", r.cause_type},
                         {"refusal", Problem(HttpStatusFor(r.refusal), r.refusal, Json::object(), lang)}});
    return true;
  });
  if (!s.ok()) return s;
  return Json{{"items", std::move(items)}, {"next_cursor", nullptr}};
}

Result<Json> ListSheets(Store* store, const Actor&) {
  ReadModelReader reader(store);
  auto rows = campaign::SheetSummaries(reader);
  if (!rows.ok()) return rows.status();
  return Json{{"items", std::move(rows.value())}};
}

Result<Json> GetSheet(Store* store, const Actor&, const std::string& ref) {
  ReadModelReader reader(store);
  return campaign::ReadSheetOrRefuse(reader, ref);
}

Result<Json> PlanTaskTracks(Store* store, const Actor& who, const std::string& plan_task) {
  if (!HasRole(who, {"office", "auditor", "inspector"})) return Status::Refusal(Status::Code::kForbidden, "actor", kTracksReaders, {});
  ReadModelReader reader(store);
  auto tracks = rectification::ListPlanTracks(reader, plan_task, NowMs());
  if (!tracks.ok()) return tracks.status();
  return rectification::ToJson(tracks.value());
}

Result<Json> BulletinOf(Store* store, const Actor& who, const Params& params) {
  if (!HasRole(who, {"office", "auditor", "inspector"}))
    return Status::Refusal(Status::Code::kForbidden, "actor", kBulletinReaders, WithRole(who.role));
  auto period = campaign::ParsePeriod(Param(params, "from"), Param(params, "to"));
  if (!period.ok()) return period.status();
  ReadModelReader reader(store);
  auto b = campaign::ReadBulletin(reader, period.value().first, period.value().second);
  if (!b.ok()) return b.status();
  return campaign::ToJson(b.value());
}

Result<Json> ListHazards(Store* store, const Actor& who, const Params& params) {
  if (!HasRole(who, {"office", "auditor", "inspector"}))
    return Status::Refusal(Status::Code::kForbidden, "actor", hazard::kHazardListReaders, WithRole(who.role));
  const std::string prefix = hazard::HazardListPrefix(Param(params, "state"));
  ReadModelReader reader(store);
  return Page(store, prefix, params, [&](const std::string& key, const std::string&) -> Json {
    Json h = hazard::ReadHazard(reader, key.substr(prefix.size()));
    return h.is_object() ? h : Json(nullptr);
  });
}

Result<Json> ListVerifications(Store* store, const Actor& who, const Params& params) {
  if (!HasRole(who, {"office", "auditor", "inspector"}))
    return Status::Refusal(Status::Code::kForbidden, "actor", verification::kVerificationListReaders, WithRole(who.role));
  const std::string state = Param(params, "state"), inspector = Param(params, "inspector");
  const std::string prefix = verification::VerificationListPrefix(state, inspector);
  ReadModelReader reader(store);
  return Page(store, prefix, params, [&](const std::string& key, const std::string&) -> Json {
    Json v = verification::ReadVerification(reader, key.substr(prefix.size()));
    if (!v.is_object() || (!state.empty() && v.value("state", "") != state)) return nullptr;
    return v;
  });
}

Result<Json> GetTask(Store* store, const Actor& who, const std::string& task_id) {
  ReadModelReader reader(store);
  Json t = rectification::ReadTaskSummary(reader, task_id);
  if (!t.is_object()) return Status::Refusal(Status::Code::kNotFound, "task", rectification::kTaskNotFound, {{"task", task_id}});
  access::Sight sight = access::StreamSight(reader, who, "task-" + task_id);
  if (!sight.status.ok()) return sight.status;
  return t;
}

Result<Json> StreamEvents(Store* store, const Actor& who, const std::string& stream, const Params& params) {
  ReadModelReader reader(store);
  access::Sight sight = access::StreamSight(reader, who, stream);
  if (!sight.status.ok()) return sight.status;
  Status given = NoEmptyNumber(params, {"limit", "after_version"});
  if (!given.ok()) return given;
  auto limit = Limit(params);
  if (!limit.ok()) return limit.status();
  auto after_version = Position(params, "after_version", "version", "版本");
  if (!after_version.ok()) return after_version.status();
  const int64_t after = after_version.value();
  auto events = store->ReadStream(stream, after + 1);
  if (!events.ok()) return events.status();
  // A stream that has no events is missing, whatever version one asks after.
  if (events.value().empty()) {
    bool exists = false;
    Status s = store->Scan(Cf::kStreamIndex, stream + std::string(1, '\0'), [&](const std::string&, const std::string&) {
      exists = true;
      return false;
    });
    if (!s.ok()) return s;
    if (!exists) return Status::Refusal(Status::Code::kNotFound, "stream", kNoStream, {{"stream", stream}});
  }
  Json items = Json::array();
  for (const EventEnvelope& e : events.value()) {
    if (static_cast<int>(items.size()) == limit.value()) break;
    Json event = ToJson(e);
    access::Hide(sight, &event["data"]);
    items.push_back(std::move(event));
  }
  bool more = events.value().size() > items.size();
  Json answer{{"stream", stream}, {"items", items}, {"next_after_version", more ? Json(items.back()["version"]) : Json(nullptr)}};
  NameHidden(sight, &answer);
  return answer;
}

Result<Json> StreamStateAsOf(Store* store, const Actor& who, const std::string& stream, const Params& params) {
  ReadModelReader reader(store);
  access::Sight sight = access::StreamSight(reader, who, stream);
  if (!sight.status.ok()) return sight.status;
  const std::string text = Param(params, "as_of");
  auto at = text.empty() ? std::optional<int64_t>(NowMs()) : ParseDeadlineMs(text);
  if (!at) return Status::Refusal(Status::Code::kInvalid, "as_of", kNotATime, {{"text", text}});
  auto then = FoldStreamAsOf(store, DefaultWorkflows(), stream, *at);
  if (!then.ok()) return then.status();
  Json state = then.value().state;
  access::Hide(sight, &state);
  Json answer{{"stream", stream},
              {"as_of", FormatIsoMs(*at)},
              {"version", then.value().version},
              {"last_changed_at", FormatIsoMs(then.value().occurred_at)},
              {"last_changed_by", ToJson(then.value().events.back().actor)},
              {"state", state}};
  NameHidden(sight, &answer);
  return answer;
}

Result<Json> GetReadModel(Store* store, const Actor& who, const std::string& key) {
  ReadModelReader reader(store);
  access::Sight sight = access::ReadModelSight(reader, who, key);
  if (!sight.status.ok()) return sight.status;
  auto v = reader.Get(key);
  if (!v.ok()) return v.status();
  if (!v.value()) return Status::Refusal(Status::Code::kNotFound, "key", kNoReadModel, {{"key", key}});
  Json j = ParseOrNull(*v.value());
  access::Hide(sight, &j);
  // A counter is 8 bytes, not text: its number.
  if (key.rfind("cnt/", 0) == 0) j = reader.Counter(key);
  if (j.is_null()) j = IsValidUtf8(*v.value()) ? Json(*v.value()) : Json(HexOf(*v.value()));
  Json answer{{"key", key}, {"value", j}};
  NameHidden(sight, &answer);
  return answer;
}

Result<Json> Inbox(Store* store, const Actor& who, const Params& params) {
  // The caller's own inbox, by role and principal: an inspector named like a unit has another.
  const std::string owner = notification::InboxOwner(who.role, who.id);
  return Page(store, notification::InboxPrefix(owner), params, [](const std::string&, const std::string& v) { return ParseOrNull(v); });
}

Result<Json> LogPage(Store* store, const Actor& who, const Params& params) {
  if (who.role == "unit")
    return Status::Refusal(Status::Code::kForbidden, "actor", kLogNotForUnits, {});
  Status given = NoEmptyNumber(params, {"limit", "after"});
  if (!given.ok()) return given;
  auto limit = Limit(params);
  if (!limit.ok()) return limit.status();
  auto after_position = Position(params, "after", "log position", "日志位置");
  if (!after_position.ok()) return after_position.status();
  const int64_t after = after_position.value();
  const int64_t last_position = store->LastPosition();
  auto events = store->ReadAll(after + 1, static_cast<size_t>(limit.value()));
  if (!events.ok()) return events.status();
  // Whole streams only (stream_access.h): a replica verifies every chain it holds.
  ReadModelReader reader(store);
  std::map<std::string, bool> whole;
  Json items = Json::array();
  int64_t last = after;
  for (const EventEnvelope& e : events.value()) {
    last = e.position;
    auto seen = whole.find(e.stream);
    if (seen == whole.end()) seen = whole.emplace(e.stream, access::StreamSight(reader, who, e.stream).whole()).first;
    if (!seen->second) continue;
    items.push_back(ToJson(e));
  }
  // Positions are this store's own: each node of a cluster numbers its log in
  // the order it learned of the events. The id tells a reader whose they are.
  std::string log_id;
  store->db()->GetDbIdentity(log_id);
  return Json{{"items", items}, {"next_after", last}, {"end", last >= last_position}, {"last_position", last_position}, {"log_id", log_id}};
}

Result<Json> SecurityLog(Store* store, const Actor& who, const std::string& day, const Params& params) {
  ReadModelReader reader(store);
  access::Sight sight = access::StreamSight(reader, who, "security-" + day);
  if (!sight.status.ok()) return sight.status;
  if (day.size() != 10 || !ParseIsoMs(day))
    return Status::Refusal(Status::Code::kInvalid, "day", kNotADay, {{"day", day}, {"today", FormatIsoMs(NowMs()).substr(0, 10)}});
  return Page(store, "security/" + day + "/", params, [](const std::string&, const std::string& v) { return ParseOrNull(v); });
}

}  // namespace safecity::http
