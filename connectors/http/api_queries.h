// The queries of the HTTP API, apart from HTTP: each takes who asks and the
// request's parameters and returns the JSON to send, or kForbidden when the
// principal may not see it, kNotFound, kInvalid. Who sees which stream and
// which of its fields is workflows/access/stream_access.h, for every query
// here; an answer that leaves fields out names them in "hidden".
//
// Lists are pages: {"items": [...], "next_cursor": "<hex>" | null}; pass the
// cursor back to get the next page. `limit` is 1..500 (default 100). A cursor
// is the hex of the last read-model key shown, so a page starts where the
// last ended even while new rows arrive.
#pragma once

#include <map>
#include <string>

#include "engine/envelope.h"
#include "engine/message.h"
#include "engine/status.h"

namespace safecity {
class Store;
}

namespace safecity::http {

using Params = std::map<std::string, std::string>;

// GET /v1/tasks?unit=&state=&overdue=&limit=&cursor=  (a unit: its own tasks only);
// overdue=true: the tasks overdue now (rectification::IsOverdue), earliest
// deadline first
Result<Json> ListTasks(Store* store, const Actor& who, const Params& params);
// GET /v1/units  各单位整改情况: every registered unit with the tasks it
// leads by where they stand, overdue now, its 整改率 and membership
// (workflows/rectification/unit_rates.h, the rows of `unit list`); a unit's
// token: its own row
// GET /v1/plan-tasks/{id}/tracks: a plan's task several units carry (共同责任),
// each unit's track and the roll-up (rectification::ListPlanTracks); office,
// inspectors and auditors.
Result<Json> PlanTaskTracks(Store* store, const Actor& who, const std::string& plan_task);
// The office's administration lists (office and auditors; no secret, no hash
// of a token). Each is {"items": [...], "next_cursor": null} but deliveries,
// which are pages.
//   GET /v1/tokens?all=                       the access tokens: active ones, or all
//   GET /v1/webhooks/keys?all=                the inbound webhook keys
//   GET /v1/webhooks/subscriptions?all=&unit= the webhook subscriptions
//   GET /v1/webhooks/deliveries?state=&unit=&limit=&cursor=
//                                             the webhook copies of notifications and where
//                                             each stands (a unit: its own)
//   GET /v1/reactions                         the follow-up commands a workflow refused, each
//                                             with its refusal as a problem document in `lang`
Result<Json> ListTokens(Store* store, const Actor& who, const Params& params);
//   GET /v1/users?all=                        persons' accounts: active ones, or all; never a hash
Result<Json> ListUsers(Store* store, const Actor& who, const Params& params);
Result<Json> ListWebhookKeys(Store* store, const Actor& who, const Params& params);
Result<Json> ListSubscriptions(Store* store, const Actor& who, const Params& params);
Result<Json> ListDeliveries(Store* store, const Actor& who, const Params& params);
Result<Json> ListRefusedReactions(Store* store, const Actor& who, Language lang);
// GET /v1/clock: the time of the city clock's last tick (escalations are
// decided up to it), {"clock", "last_tick" (null before the first)}.
Result<Json> ClockOf(Store* store, const Actor& who);
// GET /v1/sheets: every scoring sheet version (评价细则), {"items": [{"sheet"
// (id@version), "title", "items" (how many)}]}; GET /v1/sheets/{ref}: one
// version as defined, {sheet_id, version, title, items}. Anyone may read them.
Result<Json> ListSheets(Store* store, const Actor& who);
Result<Json> GetSheet(Store* store, const Actor& who, const std::string& ref);
// GET /v1/reports/bulletin?from=D&to=D: 通报 for the period
// (workflows/campaign/bulletin.h); office, inspectors and auditors.
Result<Json> BulletinOf(Store* store, const Actor& who, const Params& params);
Result<Json> ListUnits(Store* store, const Actor& who);
// GET /v1/units/{ref}: one unit named by id, name or alias (雁塔区, yanta):
// {id, name, kind, aliases, parent, member_since, left_on}; an unknown one is
// kNotFound with its near matches. A unit's token looks up itself only and is
// told of no other unit.
Result<Json> GetUnit(Store* store, const Actor& who, const std::string& ref);
// GET /v1/rounds  the inspection rounds' summaries in id order; a unit's
// token: the rounds that evaluate it
Result<Json> ListRounds(Store* store, const Actor& who);
// GET /v1/rounds/{id}  the round's summary and the units it evaluates; a
// unit's token: only a round that evaluates it (403 otherwise)
Result<Json> GetRound(Store* store, const Actor& who, const std::string& round);
// GET /v1/rounds/{id}/dashboard  创建评估看板 now (workflows/campaign/round_dashboard.h);
// a unit's token: its own row only
Result<Json> RoundDashboardOf(Store* store, const Actor& who, const std::string& round);
// GET /v1/rounds/{id}/feedback?unit=  a unit's 问题反馈清单 in the round
// (workflows/campaign/round_views.h): every finding not withdrawn, what it
// counted once caps apply, the task it opened and that task's state. A unit's
// token reads its own (unit= may be left out); the office, inspectors and
// auditors name the unit.
Result<Json> FeedbackListOf(Store* store, const Actor& who, const std::string& round, const Params& params);
// 阶段报告 (workflows/campaign/period_report.h): ?from=DATE&to=DATE[&round=ID],
// `to` inclusive. A unit's token sees its own row (and the bands).
Result<Json> PeriodReportOf(Store* store, const Actor& who, const Params& params);
// GET /v1/hazards?state=&limit=&cursor=  隐患清单: every hazard, or those in
// a state, in id order (office, inspector, auditor: as the hazard streams'
// rule says; a unit sees its hazards' tasks among its own tasks)
Result<Json> ListHazards(Store* store, const Actor& who, const Params& params);
// GET /v1/verifications?state=&inspector=&limit=&cursor=  the verification
// desk (核查): all, by state, by the inspector assigned, or both, in id order
// (office, inspector, auditor)
Result<Json> ListVerifications(Store* store, const Actor& who, const Params& params);
// GET /v1/tasks/{id}
Result<Json> GetTask(Store* store, const Actor& who, const std::string& task_id);
// GET /v1/streams/{stream}/events?after_version=&limit=  (kNotFound when the
// stream has no event, whatever after_version)
Result<Json> StreamEvents(Store* store, const Actor& who, const std::string& stream, const Params& params);
// GET /v1/streams/{stream}/state?as_of=  what the stream stood at then (default now), and who changed it last
Result<Json> StreamStateAsOf(Store* store, const Actor& who, const std::string& stream, const Params& params);
// GET /v1/read-models/{key}  (office, inspector, auditor; by the rule of the stream the key belongs to)
Result<Json> GetReadModel(Store* store, const Actor& who, const std::string& key);
// GET /v1/inbox?limit=&cursor=  (the notifications for the principal in its role)
Result<Json> Inbox(Store* store, const Actor& who, const Params& params);
// GET /v1/log?after=&limit=  the event log in log order, from the position
// after `after`, for a client's replica (not a unit's): the streams the
// principal sees whole, each with all its events, the others left out
// (stream_access.h), so that every chain a replica holds verifies: {"items": [events],
// "next_after": <the last position looked at: pass it as after= next>,
// "end": <nothing after it when read>, "last_position": <the log's end then>}.
// Positions are this server's.
Result<Json> LogPage(Store* store, const Actor& who, const Params& params);
// GET /v1/security/{YYYY-MM-DD}?limit=&cursor=  (office, auditor; kInvalid on `day` when not a day)
Result<Json> SecurityLog(Store* store, const Actor& who, const std::string& day, const Params& params);

}  // namespace safecity::http
