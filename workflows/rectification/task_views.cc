#include "workflows/rectification/task_views.h"

#include "workflows/rectification/task_refusals.h"

#include "engine/store.h"
#include "engine/time_util.h"
#include "workflows/rectification/task_machine.h"

namespace safecity::rectification {

namespace {

const char* const kMetrics[] = {"assigned", "open", "submitted", "accepted", "closed"};

const char* const kOpenAtLevel = "open_at_";

bool Metric(const std::string& m, TaskState s) {
  if (m == "assigned") return s != TaskState::kNone;
  if (m == "open") return IsOpen(s);
  if (m == "submitted") return s == TaskState::kSubmitted;
  if (m == "accepted") return s == TaskState::kAccepted || s == TaskState::kClosed;
  if (m == "closed") return s == TaskState::kClosed;
  return false;
}

// The card: what assignment fixes.
std::string CardOf(const RectificationTask& t) {
  Json card{{"task_id", t.task_id},
            {"title", t.title},
            {"category", t.category},
            {"lead_unit", t.lead_unit},
            {"cooperating_units", t.cooperating_units},
            {"assigned_at", FormatIsoMs(t.assigned_at)},
            {"source", t.source},
            {"campaign", t.campaign.value_or("")}};  // "": a task outside any round
  if (!t.deadline_pending.empty()) card["deadline_pending"] = t.deadline_pending;  // why it had no deadline
  return CanonicalJson(card);
}

// The deadline as UTC ms when it reads as a time, else as given.
Json DeadlineValue(const std::string& iso) {
  auto t = ParseIsoMs(iso);
  return t ? Json(*t) : Json(iso);
}

std::string EncodeStatusRecord(const std::string& state, const Json& deadline, const Json& updated_at, int64_t returns,
                               int64_t submissions, bool extension_pending, const std::string& escalation) {
  return CanonicalJson(
      Json::array({state, deadline, updated_at, returns, submissions, extension_pending ? 1 : 0, escalation}));
}

}  // namespace

std::string TaskCardKey(const std::string& task_id) { return kTaskCardPrefix + task_id; }
std::string TaskStatusKey(const std::string& task_id) { return "tst/" + task_id; }
std::string TasksByUnitPrefix(const std::string& unit) { return "tbu/" + unit + "/"; }
std::string TasksByStatePrefix(const std::string& state) { return "tbs/" + state + "/"; }
std::string PlanTracksPrefix(const std::string& plan_task) { return "tpt/" + plan_task + "/"; }
std::string TaskCounterKey(const std::string& unit, const std::string& metric) { return "cnt/" + unit + "/" + metric; }
std::string RoundTaskCounterKey(const std::string& round, const std::string& unit, const std::string& metric) {
  return "rcnt/" + round + "/" + unit + "/" + metric;
}

std::string DueKey(int64_t deadline_ms, const std::string& task_id) {
  return kDuePrefix + Store::BigEndian64(static_cast<uint64_t>(deadline_ms)) + "/" + task_id;
}
int64_t DueKeyDeadline(const std::string& key) { return static_cast<int64_t>(Store::FromBigEndian64(key.substr(4, 8))); }
std::string DueKeyTask(const std::string& key) { return key.substr(13); }

// The two times go in as UTC milliseconds, not ISO text: half the bytes of
// the record every event rewrites. They read back as the same ISO text.
std::string EncodeTaskStatus(const TaskStatus& s) {
  return EncodeStatusRecord(s.state, DeadlineValue(s.deadline), DeadlineValue(s.updated_at), s.returns, s.submissions,
                            s.extension_pending, s.escalation);
}

std::optional<TaskStatus> DecodeTaskStatus(const std::string& bytes) {
  Json j = Json::parse(bytes, nullptr, false);
  // The deadline is "" while it is pending (完成时限待定).
  const bool pending = j.is_array() && j.size() == 7 && j[1] == "";
  if (!j.is_array() || j.size() != 7 || !j[0].is_string() || !(pending || j[1].is_number_integer()) || !j[2].is_number_integer() ||
      !j[3].is_number_integer() || !j[4].is_number_integer() || !j[5].is_number_integer() || !j[6].is_string())
    return std::nullopt;
  TaskStatus s;
  s.state = j[0];
  s.deadline = pending ? "" : FormatIsoMs(j[1].get<int64_t>());
  s.updated_at = FormatIsoMs(j[2].get<int64_t>());
  s.returns = j[3];
  s.submissions = j[4];
  s.extension_pending = j[5].get<int64_t>() != 0;
  s.escalation = j[6];
  return s;
}

Json TaskSummaryFromCard(ReadModelReader& reader, const std::string& task_id, const std::string& card) {
  Json t = Json::parse(card, nullptr, false);
  if (!t.is_object()) return nullptr;
  auto status = reader.Get(TaskStatusKey(task_id));
  if (!status.ok()) return nullptr;
  if (!status.value()) return t;  // written before the split: the card is the whole summary
  auto s = DecodeTaskStatus(*status.value());
  if (!s) return nullptr;
  t["state"] = s->state;
  t["deadline"] = s->deadline;
  t["updated_at"] = s->updated_at;
  t["returns"] = s->returns;
  t["submissions"] = s->submissions;
  t["extension_pending"] = s->extension_pending;
  t["escalation"] = s->escalation;
  return t;
}

Json ReadTaskSummary(ReadModelReader& reader, const std::string& task_id) {
  auto card = reader.Get(TaskCardKey(task_id));
  if (!card.ok() || !card.value()) return nullptr;
  return TaskSummaryFromCard(reader, task_id, *card.value());
}

TaskBefore TaskBefore::Of(const RectificationTask& t) {
  TaskBefore b;
  b.state = t.state;
  if (IsOpen(t.state)) {
    b.deadline_ms = t.deadline_ms;
    b.escalation = t.escalation;
  }
  return b;
}

void ProjectTask(const TaskBefore& before, const RectificationTask& after, const EventEnvelope& e, ReadModelWriter& w) {
  const std::string& id = after.task_id;
  const std::string& lead = after.lead_unit;
  const TaskState was = before.state, now = after.state;
  // The card's fields are fixed by the assignment alone.
  // (DeadlineSet ends the card's deadline_pending.)
  if (was == TaskState::kNone || e.type == "TaskAssigned" || e.type == "DeadlineSet") w.Put(TaskCardKey(id), CardOf(after));
  w.Put(TaskStatusKey(id), EncodeStatusRecord(Name(now), after.deadline_ms ? Json(*after.deadline_ms) : Json(""), after.updated_at, after.returns, after.submissions,
                                              !after.extension_request.is_null(), after.escalation));
  if (e.type == "TaskAssigned") {
    w.Put(TasksByUnitPrefix(lead) + id, "lead");
    for (const auto& c : after.cooperating_units) w.Put(TasksByUnitPrefix(c) + id, "coop");
    if (after.source.is_object() && after.source.contains("plan_task"))
      w.Put(PlanTracksPrefix(after.source["plan_task"].get<std::string>()) + id, lead);
  }
  w.Move(was == TaskState::kNone ? "" : TasksByStatePrefix(Name(was)) + id, TasksByStatePrefix(Name(now)) + id);
  bool was_open = IsOpen(was), is_open = IsOpen(now);
  // Only a task with a deadline can fall due: a pending one has no due entry.
  // The deadline indexes change only when the task opens or closes or its
  // deadline moves: most events (a plan, a submission) build no key for them.
  const bool deadline_moved = before.deadline_ms != after.deadline_ms;
  if (was_open != is_open || deadline_moved)
    w.Move(was_open && before.deadline_ms ? DueKey(*before.deadline_ms, id) : "",
           is_open && after.deadline_ms ? DueKey(*after.deadline_ms, id) : "", lead);
  // Every task by its deadline, done or not, for a period's due work. (Only an
  // open task's deadline moves; `before` knows none of a task that was not open.)
  if (was == TaskState::kNone || (was_open && deadline_moved)) {
    const auto deadline_key = [&](const std::optional<int64_t>& ms) {
      return ms ? "tdl/" + Store::BigEndian64(static_cast<uint64_t>(*ms)) + "/" + id : std::string();
    };
    w.Move(deadline_key(before.deadline_ms), deadline_key(after.deadline_ms), lead);
  }
  if (e.type == "TaskAccepted") w.Put("tacc/" + id, Store::BigEndian64(static_cast<uint64_t>(e.occurred_at)));
  if (e.type == "TaskEscalated")
    w.Put("tesc/" + Store::BigEndian64(static_cast<uint64_t>(e.occurred_at)) + "/" + id + "/" + e.data["level"].get<std::string>(),
          lead);
  w.Move(was_open && !before.deadline_ms ? kDeadlinePendingPrefix + id : "",
         is_open && !after.deadline_ms ? kDeadlinePendingPrefix + id : "", lead);
  // Each count for the lead unit and for "_all", and again within the task's
  // round, so that a round's dashboard counts the round's tasks only.
  auto count = [&](const std::string& metric, int64_t delta) {
    w.Add(TaskCounterKey(lead, metric), delta);
    w.Add(TaskCounterKey("_all", metric), delta);
    if (after.campaign && !after.campaign->empty()) {
      w.Add(RoundTaskCounterKey(*after.campaign, lead, metric), delta);
      w.Add(RoundTaskCounterKey(*after.campaign, "_all", metric), delta);
    }
  };
  for (const char* m : kMetrics) count(m, static_cast<int64_t>(Metric(m, now)) - static_cast<int64_t>(Metric(m, was)));
  if (e.type == "TaskReturned") count("returned", 1);
  if (e.type == "TaskEscalated") count("escalated_" + e.data["level"].get<std::string>(), 1);
  const std::string& level_was = before.escalation;
  const std::string level_now = is_open ? after.escalation : std::string();
  if (level_was != level_now) {
    for (const auto& [level, delta] : {std::pair{level_was, int64_t{-1}}, std::pair{level_now, int64_t{1}}}) {
      if (level.empty()) continue;
      count(kOpenAtLevel + level, delta);
    }
  }
}

Status ForEachDueBetween(ReadModelReader& reader, int64_t from_ms, int64_t to_ms, const std::function<bool(const DueTask&)>& fn) {
  const std::string prefix = "tdl/";
  // Keys at from_ms sort after their own prefix: the scan starts with them.
  return reader.Scan(
      prefix,
      [&](const std::string& key, const std::string& lead) {
        DueTask t{key.substr(prefix.size() + 9), lead, static_cast<int64_t>(Store::FromBigEndian64(key.substr(prefix.size(), 8)))};
        if (t.deadline_ms >= to_ms) return false;
        return fn(t);
      },
      prefix + Store::BigEndian64(static_cast<uint64_t>(std::max<int64_t>(from_ms, 0))));
}

Status ForEachEscalationBetween(ReadModelReader& reader, int64_t from_ms, int64_t to_ms,
                                const std::function<bool(const Escalation&)>& fn) {
  const std::string prefix = "tesc/";
  return reader.Scan(
      prefix,
      [&](const std::string& key, const std::string& lead) {
        const int64_t at = static_cast<int64_t>(Store::FromBigEndian64(key.substr(prefix.size(), 8)));
        if (at >= to_ms) return false;
        const std::string rest = key.substr(prefix.size() + 9);  // <id>/<level>
        const size_t slash = rest.rfind('/');
        return fn(Escalation{rest.substr(0, slash), lead, rest.substr(slash + 1), at});
      },
      prefix + Store::BigEndian64(static_cast<uint64_t>(std::max<int64_t>(from_ms, 0))));
}

std::optional<int64_t> AcceptedAt(ReadModelReader& reader, const std::string& task_id) {
  auto v = reader.Get("tacc/" + task_id);
  if (!v.ok() || !v.value() || v.value()->size() != 8) return std::nullopt;
  return static_cast<int64_t>(Store::FromBigEndian64(*v.value()));
}

bool IsOverdue(const Json& summary, int64_t now_ms) {
  if (!summary.is_object()) return false;
  auto st = TaskStateFromName(summary.value("state", "none"));
  if (!st || !IsOpen(*st) || *st == TaskState::kSubmitted) return false;
  auto dl = ParseIsoMs(summary.value("deadline", ""));
  return dl && *dl < now_ms;
}

Result<PlanTracks> ListPlanTracks(ReadModelReader& reader, const std::string& plan_task, int64_t now_ms) {
  PlanTracks out;
  out.plan_task = plan_task;
  const std::string prefix = PlanTracksPrefix(plan_task);
  Status s = reader.Scan(prefix, [&](const std::string& key, const std::string&) {
    Json t = ReadTaskSummary(reader, key.substr(prefix.size()));
    if (t.is_null()) return true;
    const auto st = TaskStateFromName(t.value("state", "none"));
    const bool late = IsOverdue(t, now_ms);
    if (st && IsOpen(*st)) ++out.open;
    else if (st && (*st == TaskState::kAccepted || *st == TaskState::kClosed)) ++out.done;
    if (late) {
      ++out.late;
      out.late_units.push_back(t.value("lead_unit", ""));
    }
    t["overdue"] = late;
    out.tracks.push_back(std::move(t));
    return true;
  });
  if (!s.ok()) return s;
  if (out.tracks.empty()) return Status::Refusal(Status::Code::kNotFound, "plan_task", kTaskNotFound, {{"task", plan_task}});
  return out;
}

Json ToJson(const PlanTracks& p) {
  return Json{{"plan_task", p.plan_task}, {"tracks", p.tracks}, {"done", p.done},
              {"open", p.open},           {"late", p.late},     {"late_units", p.late_units}};
}

PlanTracks PlanTracksFromJson(const Json& answer) {
  PlanTracks p;
  p.plan_task = answer.value("plan_task", "");
  if (answer.contains("tracks") && answer["tracks"].is_array()) p.tracks = answer["tracks"];
  p.done = answer.value("done", int64_t{0});
  p.open = answer.value("open", int64_t{0});
  p.late = answer.value("late", int64_t{0});
  for (const Json& u : answer.value("late_units", Json::array()))
    if (u.is_string()) p.late_units.push_back(u.get<std::string>());
  return p;
}

bool InvolvesUnit(const Json& summary, const std::string& unit) {
  if (!summary.is_object()) return false;
  if (summary.value("lead_unit", "") == unit) return true;
  auto coop = summary.find("cooperating_units");
  if (coop == summary.end() || !coop->is_array()) return false;
  for (const auto& c : *coop)
    if (c == unit) return true;
  return false;
}

TaskCounts ReadTaskCounts(ReadModelReader& reader, const std::string& unit, const std::string& round) {
  auto key = [&](const std::string& metric) {
    return round.empty() ? TaskCounterKey(unit, metric) : RoundTaskCounterKey(round, unit, metric);
  };
  TaskCounts c;
  c.assigned = reader.Counter(key("assigned"));
  c.open = reader.Counter(key("open"));
  c.submitted = reader.Counter(key("submitted"));
  c.accepted = reader.Counter(key("accepted"));
  c.closed = reader.Counter(key("closed"));
  const std::string prefix = key(kOpenAtLevel);
  reader.Scan(prefix, [&](const std::string& key, const std::string& value) {
    int64_t n = Store::DecodeCounter(value);
    if (n != 0) c.open_at_level[key.substr(prefix.size())] = n;
    return true;
  });
  return c;
}

Result<std::map<std::string, int64_t>> CountOverdueByLead(ReadModelReader& reader, int64_t now_ms, const std::string& round) {
  std::map<std::string, int64_t> overdue;
  // Within a round: the task's own round decides, read from its card.
  auto in_round = [&](const std::string& task) {
    if (round.empty()) return true;
    Json t = ReadTaskSummary(reader, task);
    return t.is_object() && t.value("campaign", "") == round;
  };
  Status s = reader.Scan(kDuePrefix, [&](const std::string& key, const std::string& lead) {
    if (DueKeyDeadline(key) >= now_ms) return false;
    if (in_round(DueKeyTask(key))) ++overdue[lead];
    return true;
  });
  if (!s.ok()) return s;
  // Open, past the deadline, but awaiting verification: not the unit's to do.
  const std::string submitted = TasksByStatePrefix(Name(TaskState::kSubmitted));
  s = reader.Scan(submitted, [&](const std::string& key, const std::string&) {
    Json t = ReadTaskSummary(reader, key.substr(submitted.size()));
    if (!t.is_object()) return true;
    auto deadline = ParseIsoMs(t.value("deadline", ""));
    auto lead = overdue.find(t.value("lead_unit", ""));
    if (!round.empty() && t.value("campaign", "") != round) return true;
    if (deadline && *deadline < now_ms && lead != overdue.end() && --lead->second == 0) overdue.erase(lead);
    return true;
  });
  if (!s.ok()) return s;
  return overdue;
}

}  // namespace safecity::rectification
