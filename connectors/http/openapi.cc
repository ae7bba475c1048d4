#include "connectors/http/openapi.h"

#include <set>

#include "engine/schema_registry.h"
#include "engine/workflow.h"
#include "workflows/hazard/hazard_machine.h"
#include "workflows/machine.h"
#include "workflows/notification/notification_machine.h"
#include "workflows/rectification/task_machine.h"
#include "workflows/verification/verification_machine.h"
#include "workflows/registry.h"

namespace safecity::http {

namespace {

// How the server writes times: FormatIsoMs.
const char* kIsoMs = "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3}Z$";
// Positions and versions are 64-bit; "after" must leave room for the next one.
// Positions and versions a JSON client holds exactly (whole_number.h; api_queries.cc).
constexpr int64_t kMaxAfter = (int64_t{1} << 53) - 1;
// A path segment the transport takes: no control characters (http_transport.h).
const char* const kPathText = "^[^\\u0000-\\u001f\\u007f-\\u009f]+$";
// A query parameter's text, as the server takes it: no C0 control character
// nor DEL (it answers 400 naming the parameter); empty is the same as left out.
const char* const kQueryText = "^[^\\u0000-\\u001f\\u007f]*$";

Json Ref(const std::string& name) { return Json{{"$ref", "#/components/schemas/" + name}}; }

Json Parsed(const std::string& path) {
  const auto& sources = SchemaRegistry::Default().sources();
  auto it = sources.find(path);
  Json j = it == sources.end() ? Json{{"type", "object"}} : Json::parse(it->second, nullptr, false);
  if (j.is_discarded()) j = {{"type", "object"}};
  j.erase("$schema");
  return j;
}

// The grammar of a time a person types (schemas/commands/task.assign.json,
// data.deadline): a date, or a date and time with a zone.
std::string TimePattern() { return Parsed("commands/task.assign.json")["properties"]["deadline"].value("pattern", ""); }

// The date alone: the pattern's first group, "^(<date>)(<time>)?$".
std::string DayPattern() {
  const std::string t = TimePattern();
  int depth = 0;
  for (size_t i = 1; i < t.size(); ++i) {
    if (t[i] == '\\') {
      ++i;
      continue;
    }
    if (t[i] == '(') ++depth;
    if (t[i] == ')' && --depth == 0) return "^" + t.substr(1, i) + "$";
  }
  return "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";
}

Json ProblemResponse(const std::string& when) {
  return Json{{"description", when}, {"content", {{"application/problem+json", {{"schema", Ref("Problem")}}}}}};
}

Json Errors(std::initializer_list<int> codes) {
  Json r = Json::object();
  for (int c : codes) {
    switch (c) {
      case 400: r["400"] = ProblemResponse("malformed JSON, or a field at fault (named in `field`)"); break;
      case 401:
        r["401"] = ProblemResponse("no valid token (recorded in the security log)");
        r["401"]["headers"] = {{"WWW-Authenticate", {{"required", true}, {"schema", {{"type", "string"}}}}}};
        break;
      case 403: r["403"] = ProblemResponse("the principal may not act or read here (recorded in the security log)"); break;
      case 404: r["404"] = ProblemResponse("no such task, stream or read model"); break;
      case 409: r["409"] = ProblemResponse("the workflow refuses the command in its current state"); break;
      case 413: r["413"] = ProblemResponse("the body is larger than the server accepts"); break;
      case 415: r["415"] = ProblemResponse("the body is not application/json"); break;
      case 429:
        r["429"] = ProblemResponse("too many failed authentications from this address (recorded): wait Retry-After seconds");
        r["429"]["headers"] = {{"Retry-After", {{"required", true}, {"schema", {{"type", "integer"}, {"minimum", 1}}}}}};
        break;
      case 503: r["503"] = ProblemResponse("the store cannot serve now; `detail` says why"); break;
    }
  }
  return r;
}

Json Page(const std::string& item) {
  return Json{{"type", "object"},
              {"additionalProperties", false},
              {"required", {"items", "next_cursor"}},
              {"properties",
               {{"items", {{"type", "array"}, {"items", Ref(item)}}},
                {"next_cursor", {{"type", {"string", "null"}}, {"description", "pass as ?cursor= for the next page"}}}}}};
}

Json Query(const std::string& name, const Json& schema, const std::string& description, bool required = false) {
  Json q{{"name", name}, {"in", "query"}, {"description", description}, {"schema", schema}};
  if (required) q["required"] = true;
  return q;
}

Json LimitParam() { return Query("limit", {{"type", "integer"}, {"minimum", 1}, {"maximum", 500}, {"default", 100}}, "items per page"); }

Json PageParams() {
  return Json::array(
      {LimitParam(), Query("cursor", {{"type", "string"}, {"pattern", "^([0-9a-f]{2})*$"}},
                           "where the page starts: the previous page's next_cursor (hex of the last key shown; any key "
                           "of the list's order works, none to start at the beginning)")});
}

Json PathParam(const std::string& name, const std::string& description, Json schema = {{"type", "string"}}) {
  return {{"name", name}, {"in", "path"}, {"required", true}, {"description", description}, {"schema", schema}};
}

// Streams are <kind>-<id> (engine/envelope.h StreamKind), of a workflow's kind.
std::string StreamPattern() {
  std::string kinds;
  for (const Workflow* w : DefaultWorkflows().all()) kinds += (kinds.empty() ? "" : "|") + w->kind();
  return "^(" + kinds + ")-[^/]+$";
}

Json StreamParam() {
  return PathParam("stream", "a stream, <kind>-<id> of a workflow's kind, e.g. task-XA-001 or unit-yanta",
                   {{"type", "string"}, {"pattern", StreamPattern()}});
}

Json Get(const std::string& summary, const Json& ok_schema, const Json& params, std::initializer_list<int> errors) {
  Json responses = Errors(errors);
  responses["200"] = {{"description", "OK"}, {"content", {{"application/json", {{"schema", ok_schema}}}}}};
  Json op{{"summary", summary}, {"responses", responses}};
  if (!params.empty()) op["parameters"] = params;
  return Json{{"get", op}};
}

// An operation anyone may call, without a token.
Json Open(Json path) {
  for (auto op = path.begin(); op != path.end(); ++op) op.value()["security"] = Json::array();
  return path;
}

// A required JSON request body: an object with exactly these properties.
Json JsonBody(const Json& required, const Json& properties) {
  return Json{{"required", true},
              {"content",
               {{"application/json",
                 {{"schema", {{"type", "object"}, {"additionalProperties", false}, {"required", required}, {"properties", properties}}}}}}}};
}

Json StateEnum(const Machine& m) {
  Json states = Json::array();
  for (const MachineState& s : m.states())
    if (std::string(s.name) != "none") states.push_back(s.name);
  return {{"type", "string"}, {"enum", states}};
}

Json Hidden() {
  return {{"type", "array"},
          {"items", {{"type", "string"}}},
          {"description", "fields left out for this reader: a secret's hash, shown to the office only (README, Access rules)"}};
}

Json Schemas() {
  const Json iso = {{"type", "string"}, {"pattern", kIsoMs}};
  const Json str = {{"type", "string"}};
  Json schemas = Json::object();
  schemas["Problem"] = {{"type", "object"},
                        {"required", {"type", "title", "status", "code", "detail"}},
                        {"properties",
                         {{"type", str},
                          {"title", str},
                          {"status", {{"type", "integer"}}},
                          {"code", str},
                          {"detail", {{"type", "string"},
                                      {"description", "what went wrong and the fix; a refusal with a `reason` says it in the "
                                                      "client's language (Accept-Language; Chinese unless English is preferred)"}}},
                          {"field", {{"type", "string"}, {"description", "the field at fault, e.g. data.deadline"}}},
                          {"reason", {{"type", "string"},
                                      {"description", "a refusal's stable name to branch on, e.g. task.unit_not_responsible"}}},
                          {"params", {{"type", "object"},
                                      {"additionalProperties", {{"type", "string"}}},
                                      {"description", "what the refusal names: the task, units, states"}}},
                          {"result", Ref("CommandResult")}}}};
  schemas["CommandResult"] = {{"type", "object"},
                              {"required", {"command_id", "status"}},
                              {"properties",
                               {{"command_id", str},
                                {"status", {{"type", "string"}, {"enum", {"accepted", "rejected"}}}},
                                {"duplicate", {{"type", "boolean"}}},
                                {"stream", str},
                                {"version", {{"type", "integer"}}},
                                {"events", {{"type", "array"}, {"items", {{"type", "object"}}}}}}}};
  schemas["Task"] = {
      {"type", "object"},
      {"description", "a rectification task (整改任务) as the read model shows it"},
      {"additionalProperties", false},
      {"required",
       {"task_id", "title", "category", "lead_unit", "cooperating_units", "state", "deadline", "assigned_at", "updated_at",
        "returns", "submissions", "extension_pending", "escalation", "source", "campaign"}},
      {"properties",
       {{"task_id", str},
        {"title", str},
        {"category", str},
        {"lead_unit", {{"type", "string"}, {"description", "the lead unit's id (牵头单位)"}}},
        {"lead_unit_name", {{"type", "string"}, {"description", "the lead unit's name (its id when it is not registered); in lists"}}},
        {"overdue", {{"type", "boolean"}, {"description", "in a plan task's tracks: past its deadline now and not awaiting verification"}}},
        {"cooperating_units", {{"type", "array"}, {"items", str}, {"description", "cooperating units' ids (配合单位)"}}},
        {"state", StateEnum(rectification::TaskMachine())},
        {"deadline",
         {{"anyOf", {iso, {{"type", "string"}, {"maxLength", 0}}}},
          {"description", "完成时限; empty while the plan leaves it pending (待定: deadline_pending says why)"}}},
        {"deadline_pending",
         {{"type", "string"},
          {"description", "present while the deadline is pending (待定): the plan's words, e.g. 按照国家确定时间实施"}}},
        {"assigned_at", iso},
        {"updated_at", iso},
        {"returns", {{"type", "integer"}, {"minimum", 0}}},
        {"submissions", {{"type", "integer"}, {"minimum", 0}}},
        {"extension_pending", {{"type", "boolean"}}},
        {"escalation", {{"type", "string"}, {"enum", {"", "reminder", "warning", "interview", "accountability"}}}},
        {"source", {{"type", "object"}, {"required", {"kind"}}, {"properties", {{"kind", str}, {"ref", str}}}}},
        {"campaign", {{"type", "string"}, {"description", "the inspection round, or empty"}}}}}};
  Json event = Parsed("envelope/event.json");
  event.erase("title");
  event["description"] = "an event envelope with its log position and hash (`data` as schemas/events/<type>.json says)";
  schemas["Event"] = event;
  schemas["Notification"] = {
      {"type", "object"},
      {"description", "a notification (通知) in its recipient's inbox"},
      {"additionalProperties", false},
      {"required",
       {"notification_id", "recipient", "channel", "kind", "subject", "body", "ref", "state", "queued_at", "attempts", "last_error"}},
      {"properties",
       {{"notification_id", str},
        {"recipient", {{"type", "string"}, {"description", "a unit id, \"office\", or an inspector's name"}}},
        {"recipient_role", {{"type", "string"}, {"enum", {"unit", "office", "inspector"}}}},
        {"channel", {{"type", "string"}, {"enum", {"inbox", "webhook"}}}},
        {"kind", str},
        {"subject", str},
        {"body", str},
        {"ref", {{"type", "string"}, {"description", "the stream it is about"}}},
        {"state", StateEnum(NotificationMachine())},
        {"queued_at", iso},
        {"attempts", {{"type", "integer"}, {"minimum", 0}}},
        {"last_error", str},
        {"subscription", str},
        {"retry_at", iso}}}};
  schemas["Hazard"] = {
      {"type", "object"},
      {"description", "a hazard (隐患) as the hazard list shows it; empty strings for what is not known yet"},
      {"required", {"hazard_id", "title", "source", "unit", "grade", "state", "task_id", "reported_at", "campaign", "location",
                    "deadline", "closed_at", "updated_at"}},
      {"properties",
       {{"hazard_id", str},
        {"title", str},
        {"source", {{"type", "string"}, {"description", "来源, e.g. unannounced_inspection, citizen_report"}}},
        {"unit", {{"type", "string"}, {"description", "the responsible unit (责任单位), \"\" until known"}}},
        {"grade", {{"type", "string"}, {"description", "general (一般) or major (重大); \"\" until confirmed"}}},
        {"state", StateEnum(HazardMachine())},
        {"task_id", {{"type", "string"}, {"description", "the rectification task it became, \"\" until then"}}},
        {"reported_at", str},
        {"campaign", {{"type", "string"}, {"description", "the round it was found in, \"\" outside any"}}},
        {"location", str},
        {"deadline", str},
        {"closed_at", str},
        {"updated_at", str},
        {"exposures", {{"type", "integer"}, {"minimum", 1}, {"description", "曝光 records, when any"}}},
        {"accountability", {{"type", "integer"}, {"minimum", 1}, {"description", "问责 records, when any"}}}}}};
  schemas["Verification"] = {
      {"type", "object"},
      {"description", "a verification (核查) of a task's submission"},
      {"required", {"verification_id", "task_id", "submission", "mode", "state", "inspector", "requested_at", "updated_at",
                    "outcome"}},
      {"properties",
       {{"verification_id", str},
        {"task_id", str},
        {"submission", {{"type", "integer"}, {"minimum", 0}}},
        {"mode", {{"type", "string"}, {"description", "desk (书面核查) or on_site (现场核查)"}}},
        {"state", StateEnum(VerificationMachine())},
        {"inspector", {{"type", "string"}, {"description", "the inspector assigned, \"\" until then"}}},
        {"requested_at", str},
        {"updated_at", str},
        {"outcome", {{"type", "object"}, {"description", "{} while open; the comment or the reasons and who decided"}}}}}};
  // A refusal recorded at once (AccessRefused) or a source's minute summarised
  // (AccessRefusalsSummarised: first, last, count), with its time.
  Json refusal = Parsed("events/AccessRefusalsSummarised.json");
  Json single = Parsed("events/AccessRefused.json");
  refusal["title"] = "Refusal";
  refusal["description"] = "an AccessRefused event's data, or an AccessRefusalsSummarised one's (first, last, count), and its time `at`";
  refusal["required"] = single["required"];
  refusal["required"].push_back("at");
  refusal["properties"]["at"] = iso;
  schemas["Refusal"] = refusal;
  return schemas;
}

}  // namespace

bool InternalCommand(const std::string& type) {
  static const std::set<std::string> internal = [] {
    std::set<std::string> s;
    for (const std::string& t : SchemaRegistry::Default().CommandTypes())
      if (Parsed("commands/" + t + ".json").contains("x-issued-by")) s.insert(t);
    return s;
  }();
  return internal.count(type) > 0;
}

Json OpenApiDocument() {
  Json schemas = Schemas();
  Json paths = Json::object();
  const SchemaRegistry& registry = SchemaRegistry::Default();
  for (const std::string& type : registry.CommandTypes()) {
    if (InternalCommand(type)) continue;  // every token gets 403: not an operation of the API
    Json data = Parsed("commands/" + type + ".json");
    const std::string name = "cmd." + type;
    const std::string summary = data.value("title", type);
    const bool data_required = data.contains("required") && !data["required"].empty();
    schemas[name] = data;
    const Workflow* wf = DefaultWorkflows().ForCommand(type);
    const std::string kind = wf ? wf->kind() : type.substr(0, type.find('.'));
    Json responses = Errors({400, 401, 403, 404, 409, 413, 415, 429});
    responses["400"]["description"] =
        "malformed JSON, or a field at fault (named in `field`): also data the schema allows that the workflow cannot take, "
        "e.g. an unknown unit, or a stream that does not name the id in data";
    responses["200"] = {{"description", "accepted (or, with a repeated Idempotency-Key, the first result: header Idempotent-Replayed)"},
                        {"headers", {{"Idempotent-Replayed", {{"schema", {{"type", "string"}, {"enum", {"true"}}}}}}}},
                        {"content", {{"application/json", {{"schema", Ref("CommandResult")}}}}}};
    Json required = data_required ? Json::array({"stream", "data"}) : Json::array({"stream"});
    paths["/v1/commands/" + type] = {
        {"post",
         {{"summary", summary},
          {"operationId", type},
          {"parameters",
           Json::array({{{"name", "Idempotency-Key"}, {"in", "header"}, {"schema", {{"type", "string"}, {"maxLength", 200}}},
                         {"description", "the same key from the same principal returns the first result"}}})},
          {"requestBody",
           JsonBody(required, {{"stream",
                                {{"type", "string"},
                                 {"pattern", "^" + kind + "-.+$"},
                                 {"description", "the stream acted on: " + kind + "-<id>"}}},
                               {"correlation_id", {{"type", "string"}}},
                               {"data", Ref(name)}})},
          {"responses", responses}}}};
  }
  const Json task_ref = Ref("Task");
  Json task_params = PageParams();
  task_params.push_back(Query("unit", {{"type", "string"}, {"pattern", kQueryText}},
                              "lead or cooperating unit: its id, name or alias (雁塔区); an unknown one is a 404 that names "
                              "near matches (a unit's token: its own, or leave it out)"));
  task_params.push_back(Query("state", {{"type", "string"}, {"pattern", kQueryText}},
                              "only tasks in this state, e.g. assigned (an unknown state: none)"));
  task_params.push_back(Query("overdue", {{"type", "string"}, {"enum", {"true", "false"}}},
                              "true: only the tasks overdue now (open, past the deadline, not awaiting verification), "
                              "earliest deadline first"));
  task_params.push_back(Query("open", {{"type", "string"}, {"enum", {"true", "false"}}},
                              "true: only open tasks, earliest deadline first, those whose deadline is pending (待定) last"));
  task_params.push_back(Query("extension_pending", {{"type", "string"}, {"enum", {"true", "false"}}},
                              "true: only tasks whose unit asked for more time and awaits the office's answer (延期申请待批)"));
  paths["/v1/tasks"] = Get("tasks, by unit or state (a unit's token: its own)", Page("Task"), task_params, {400, 401, 403, 404, 429});
  paths["/v1/my/tasks"] = Get("the calling unit's tasks (我的任务)", Page("Task"), task_params, {400, 401, 403, 404, 429});
  const Json count = {{"type", "integer"}, {"minimum", 0}};
  const Json dashboard_row = {
      {"type", "object"},
      {"additionalProperties", false},
      {"required", {"unit", "name", "tasks", "open", "submitted", "accepted", "overdue", "open_at_level", "score"}},
      {"properties",
       {{"unit", {{"type", "string"}}},
        {"name", {{"type", "string"}}},
        {"tasks", count},
        {"open", count},
        {"submitted", count},
        {"accepted", count},
        {"overdue", count},
        {"open_at_level", {{"type", "object"}, {"additionalProperties", count}, {"description", "open tasks by escalation level"}}},
        {"score",
         {{"type", {"object", "null"}},
          {"description", "null before the round scores the unit; points are x100"},
          {"properties",
           {{"score_x100", {{"type", "integer"}}},
            {"deducted_x100", {{"type", "integer"}}},
            {"findings", {{"type", "integer"}}},
            {"pending_items", {{"type", "integer"}}},
            {"pass", {{"type", "boolean"}}},
            {"vetoed", {{"type", "boolean"}, {"description", "一票否决: present and true when a veto finding stands"}}}}}}}}}};
  {
    const Json text = {{"type", "string"}};
    const Json unit_row = {
        {"type", "object"},
        {"additionalProperties", false},
        {"required", {"id", "name", "kind", "assigned", "open", "submitted", "accepted", "closed", "overdue", "rate", "membership"}},
        {"properties",
         {{"id", text}, {"name", text}, {"kind", {{"type", "string"}, {"description", "district, department, office, ..."}}},
          {"assigned", count}, {"open", count}, {"submitted", count}, {"accepted", count}, {"closed", count},
          {"overdue", {{"type", "integer"}, {"minimum", 0}, {"description", "open, past the deadline now, not awaiting verification"}}},
          {"rate", {{"type", {"number", "null"}}, {"description", "整改率: accepted of assigned; null when none assigned"}}},
          {"membership",
           {{"type", "object"},
            {"required", {"since", "left_on"}},
            {"properties", {{"since", {{"type", {"string", "null"}}}}, {"left_on", {{"type", {"string", "null"}}}}}}}}}}};
    paths["/v1/units"] =
        Get("各单位整改情况: every registered unit, the tasks it leads by where they stand, overdue now, its 整改率 and "
            "membership (the rows of `unit list`; a unit's token: its own row)",
            {{"type", "object"},
             {"additionalProperties", false},
             {"required", {"items", "as_of"}},
             {"properties", {{"items", {{"type", "array"}, {"items", unit_row}}}, {"as_of", {{"type", "string"}, {"pattern", kIsoMs}}}}}},
            Json::array(), {401, 403, 429});
    const Json text_or_null = {{"type", {"string", "null"}}};
    paths["/v1/units/{ref}"] = Get(
        "one unit (单位) named by its id, name or alias, as the documents spell it (雁塔区, 城管局); an unknown one is 404 "
        "with its near matches (a unit's token: itself only)",
        {{"type", "object"},
         {"additionalProperties", false},
         {"required", {"id", "name", "kind", "aliases", "parent", "member_since", "left_on"}},
         {"properties",
          {{"id", text},
           {"name", text},
           {"kind", text},
           {"aliases", {{"type", "array"}, {"items", text}, {"description", "别名: the other names the documents use"}}},
           {"parent", text_or_null},
           {"member_since", text_or_null},
           {"left_on", text_or_null}}}},
        Json::array({PathParam("ref", "the unit's id, name or alias", {{"type", "string"}, {"pattern", kPathText}})}),
        {400, 401, 403, 404, 429});
    const Json round_summary = {
        {"type", "object"},
        {"required", {"campaign_id", "title", "state", "sheet", "phases", "escalation", "units", "findings", "updated_at"}},
        {"properties",
         {{"campaign_id", text},
          {"title", text},
          {"year", {{"type", {"integer", "null"}}}},
          {"state", {{"type", "string"}, {"description", "draft, launched, a phase (self_check ...), closed or cancelled"}}},
          {"sheet", {{"type", "string"}, {"description", "评价细则: sheet_id@version"}}},
          {"phases", {{"type", "object"}, {"additionalProperties", text}, {"description", "each phase's deadline"}}},
          {"escalation", {{"type", "array"}}},
          {"units", {{"type", "integer"}, {"minimum", 0}, {"description", "how many units the round evaluates"}}},
          {"findings", {{"type", "integer"}, {"minimum", 0}, {"description", "findings not withdrawn"}}},
          {"schedule", {{"type", "array"}, {"description", "the plan's stages (阶段), once set"}}},
          {"updated_at", text}}}};
    paths["/v1/rounds"] = Get("the inspection rounds (评估轮次), in id order (a unit's token: the rounds that evaluate it)",
                              {{"type", "object"},
                               {"additionalProperties", false},
                               {"required", {"items"}},
                               {"properties", {{"items", {{"type", "array"}, {"items", round_summary}}}}}},
                              Json::array(), {401, 403, 429});
    Json one_round = round_summary;
    one_round["required"].push_back("evaluated_units");
    one_round["properties"]["evaluated_units"] = {{"type", "array"}, {"items", text}, {"description", "the units' ids"}};
    paths["/v1/rounds/{id}"] =
        Get("one round: its summary and the units it evaluates (a unit's token: only a round that evaluates it)", one_round,
            Json::array({PathParam("id", "round (轮次) id", {{"type", "string"}, {"pattern", kPathText}})}), {400, 401, 403, 404, 429});
  }
  paths["/v1/rounds/{id}/dashboard"] =
      Get("创建评估看板: each unit of the round, its tasks (open, awaiting verification, accepted, overdue now, open by "
          "escalation level) and its score (office, inspector, auditor; a unit: its own row)",
          {{"type", "object"},
           {"additionalProperties", false},
           {"required", {"round", "as_of", "pass_line_x100", "units"}},
           {"properties",
            {{"round", {{"type", "string"}}},
             {"as_of", {{"type", "string"}, {"pattern", kIsoMs}}},
             {"pass_line_x100", {{"type", "integer"}, {"description", "a unit passes above this score (×100): 9000, above 90"}}},
             {"units", {{"type", "array"}, {"items", dashboard_row}}}}}},
          Json::array({PathParam("id", "round (轮次) id", {{"type", "string"}, {"pattern", kPathText}})}), {400, 401, 403, 404, 429});
  {
    const Json text = {{"type", "string"}};
    const Json text_or_null = {{"type", {"string", "null"}}};
    const Json entry = {
        {"type", "object"},
        {"additionalProperties", false},
        {"required", {"finding", "item", "item_title", "points", "counted", "zero_item", "veto", "reason", "sample",
                      "suggestion", "task", "task_state"}},
        {"properties",
         {{"finding", {{"type", "integer"}, {"minimum", 1}, {"description", "序号: the finding's number in the round"}}},
          {"item", text},
          {"item_title", text},
          {"rule", {{"type", "string"}, {"description", "the deduction rule (扣分规则) named, when one is"}}},
          {"points", {{"type", "number"}, {"description", "扣分 as recorded"}}},
          {"counted", {{"type", "number"}, {"description", "计入: what it costs once every cap applies (扣完为止)"}}},
          {"zero_item", {{"type", "boolean"}, {"description", "本项不得分"}}},
          {"veto", {{"type", "boolean"}, {"description", "一票否决"}}},
          {"reason", text},
          {"sample", {{"type", {"object", "null"}}, {"description", "抽查: checked, found, of"}}},
          {"suggestion", text},
          {"task", text_or_null},
          {"task_state", text_or_null}}}};
    paths["/v1/rounds/{id}/feedback"] =
        Get("问题反馈清单: a unit's findings in the round (withdrawn ones left out), what each counted once caps apply, the "
            "rectification task it opened and that task's state (office, inspector, auditor; a unit: its own, unit= may "
            "be left out)",
            {{"type", "object"},
             {"additionalProperties", false},
             {"required", {"round", "round_title", "unit", "unit_name", "capped", "items"}},
             {"properties",
              {{"round", text},
               {"round_title", text},
               {"unit", text},
               {"unit_name", text},
               {"capped", {{"type", "boolean"}, {"description", "the round's sheet has items, so counted says where caps took effect"}}},
               {"items", {{"type", "array"}, {"items", entry}}}}}},
            Json::array({PathParam("id", "round (轮次) id", {{"type", "string"}, {"pattern", kPathText}}),
                         Query("unit", {{"type", "string"}, {"pattern", kPathText}},
                               "the unit by id, name or alias, e.g. 雁塔区 (a unit's token: its own; the server also takes it left out)",
                               true)}),
            {400, 401, 403, 404, 429});
  }
  {
    const Json count = {{"type", "integer"}, {"minimum", 0}};
    const Json period_row = {
        {"type", "object"},
        {"required", {"unit", "due", "done", "on_time", "undone", "rate"}},
        {"properties",
         {{"unit", {{"type", "string"}}}, {"name", {{"type", "string"}}}, {"kind", {{"type", "string"}}}, {"due", count},
          {"done", count}, {"on_time", count}, {"undone", count}, {"rate", {{"type", {"number", "null"}}}},
          {"escalations", {{"type", "object"}, {"additionalProperties", count}}}, {"hazards_found", count},
          {"hazards_closed", count}, {"findings", count}, {"deducted", {{"type", "number"}}}, {"accountability", count}}}};
    const Json date = {{"type", "string"}, {"pattern", "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}};
    paths["/v1/reports/period"] = Get(
        "阶段报告: per unit the tasks due in the period and done by its end (on time or not), the completion rate and its "
        "bands per kind of unit (100 %, 90 %, 70 %), escalations, hazards found and closed, deductions recorded — the "
        "period's facts only (office, inspector, auditor; a unit: its own row)",
        {{"type", "object"},
         {"required", {"from", "to", "units", "bands", "total"}},
         {"properties",
          {{"from", {{"type", "string"}}},
           {"to", {{"type", "string"}}},
           {"round", {{"type", "string"}}},
           {"round_title", {{"type", "string"}}},
           {"units", {{"type", "array"}, {"items", period_row}}},
           {"bands", {{"type", "array"}, {"items", {{"type", "object"}}}}},
           {"total", period_row}}}},
        Json::array({Query("from", date, "the period's first day, e.g. 2023-01-01", true),
                     Query("to", date, "the period's last day (inclusive), e.g. 2023-03-31", true),
                     Query("round", {{"type", "string"}, {"pattern", kPathText}}, "only this round's tasks, hazards and deductions")}),
        {400, 401, 403, 404, 429});
    const Json iso = {{"type", "string"}, {"pattern", kIsoMs}};
    paths["/v1/reports/bulletin"] = Get(
        "通报: the units whose work due by the period's end was not accepted by then, with the highest escalation it had "
        "reached by then, and the hazards closed (销号) in the period, each with its state now (closed, or bulletined once a "
        "bulletin named it) — the same query as `report bulletin` (office, inspector, auditor)",
        {{"type", "object"},
         {"additionalProperties", false},
         {"required", {"from", "to", "late_units", "closed_hazards"}},
         {"properties",
          {{"from", iso},
           {"to", iso},
           {"late_units",
            {{"type", "array"},
             {"items",
              {{"type", "object"},
               {"additionalProperties", false},
               {"required", {"unit", "name", "overdue", "worst", "oldest_deadline"}},
               {"properties",
                {{"unit", {{"type", "string"}}},
                 {"name", {{"type", "string"}}},
                 {"overdue", count},
                 {"worst", {{"type", {"string", "null"}}, {"description", "reminder, warning, interview or accountability; null for none"}}},
                 {"oldest_deadline", iso}}}}}}},
           {"closed_hazards",
            {{"type", "array"},
             {"items",
              {{"type", "object"},
               {"additionalProperties", false},
               {"required", {"hazard", "title", "grade", "unit", "unit_name", "closed_at", "state"}},
               {"properties",
                {{"hazard", {{"type", "string"}}},
                 {"title", {{"type", "string"}}},
                 {"grade", {{"type", "string"}}},
                 {"unit", {{"type", "string"}}},
                 {"unit_name", {{"type", "string"}}},
                 {"closed_at", iso},
                 {"state", {{"type", "string"}}}}}}}}}}}},
        Json::array({Query("from", date, "the period's first day, e.g. 2023-04-01", true),
                     Query("to", date, "the period's last day (inclusive), e.g. 2023-04-30", true)}),
        {400, 401, 403, 429});
  }
  paths["/v1/clock"] = Get(
      "the city clock (时钟): when it last ticked; deadlines passed by then have escalated, as `clock show` says",
      {{"type", "object"},
       {"additionalProperties", false},
       {"required", {"clock", "last_tick"}},
       {"properties",
        {{"clock", {{"type", "string"}}},
         {"last_tick", {{"type", {"string", "null"}}, {"pattern", kIsoMs}, {"description", "null before its first tick"}}}}}},
      Json::array(), {401, 403, 429});
  paths["/v1/sheets"] = Get(
      "评价细则: every scoring sheet version defined, in reference order, as `sheet list` shows them",
      {{"type", "object"},
       {"additionalProperties", false},
       {"required", {"items"}},
       {"properties",
        {{"items",
          {{"type", "array"},
           {"items",
            {{"type", "object"},
             {"additionalProperties", false},
             {"required", {"sheet", "title", "items"}},
             {"properties", {{"sheet", {{"type", "string"}, {"description", "id@version"}}}, {"title", {{"type", "string"}}}, {"items", count}}}}}}}}}},
      Json::array(), {401, 403, 429});
  {  // The office's administration lists (office and auditors; a unit its own webhooks).
    const Json all = Query("all", {{"type", "string"}, {"enum", {"true", "false"}}}, "true: revoked or cancelled ones too");
    const Json unit = Query("unit", {{"type", "string"}, {"pattern", kQueryText}},
                            "only this unit's: its id, name or alias (a unit's token: its own, or leave it out)");
    auto whole = [](const Json& item) {
      return Json{{"type", "object"},
                  {"additionalProperties", false},
                  {"required", {"items", "next_cursor"}},
                  {"properties", {{"items", {{"type", "array"}, {"items", item}}}, {"next_cursor", {{"type", "null"}}}}}};
    };
    auto record = [](std::initializer_list<const char*> required) {
      Json props = Json::object();
      for (const char* name : required) props[name] = {{"type", "string"}};
      return Json{{"type", "object"}, {"required", Json(std::vector<std::string>(required.begin(), required.end()))}, {"properties", props}};
    };
    paths["/v1/users"] = Get(
        "用户账户: persons' accounts for the web console, active ones (all=true: disabled too), as `user list` shows them; never a "
        "password or its hash (office, auditor)",
        whole(record({"user_id", "login", "name", "role", "state"})), Json::array({all}), {400, 401, 403, 429});
    paths["/v1/tokens"] = Get(
        "访问令牌: the access tokens, active ones (all=true: revoked too), in id order, as `token list` shows them; never a "
        "secret or its hash (office, auditor)",
        whole(record({"token_id", "role", "state"})), Json::array({all}), {400, 401, 403, 429});
    paths["/v1/webhooks/keys"] = Get(
        "入站密钥: the inbound webhook keys, active ones (all=true: revoked too), as `webhook key list` shows them (office, "
        "auditor)",
        whole(record({"key_id", "unit", "state"})), Json::array({all}), {400, 401, 403, 429});
    paths["/v1/webhooks/subscriptions"] = Get(
        "推送订阅: the webhook subscriptions, active ones (all=true: cancelled too), as `webhook subscriptions` shows them "
        "(office, auditor)",
        whole(record({"subscription_id", "unit", "url", "state"})), Json::array({all, unit}), {400, 401, 403, 404, 429});
    Json delivery_params = PageParams();
    delivery_params.push_back(Query("state", {{"type", "string"}, {"pattern", kQueryText}},
                                    "only deliveries in this state, e.g. failed or dead_lettered"));
    delivery_params.push_back(unit);
    paths["/v1/webhooks/deliveries"] = Get(
        "推送记录: the webhook copies of notifications and where each stands, in id order, as `deliveries list` shows them "
        "(office, auditor; a unit's token: its own)",
        Page("Notification"), delivery_params, {400, 401, 403, 404, 429});
    paths["/v1/reactions"] = Get(
        "the follow-up commands (后续命令) a workflow refused, as `reactions` shows them, each with its refusal as a problem "
        "document in the client's language (office, auditor)",
        whole({{"type", "object"},
               {"additionalProperties", false},
               {"required", {"command", "type", "cause", "cause_type", "refusal"}},
               {"properties",
                {{"command", {{"type", "string"}}},
                 {"type", {{"type", "string"}}},
                 {"cause", {{"type", "string"}, {"description", "the id of the event that called for it"}}},
                 {"cause_type", {{"type", "string"}}},
                 {"refusal", Ref("Problem")}}}}),
        Json::array(), {401, 403, 429});
  }
  paths["/v1/sheets/{ref}"] = Get(
      "one scoring sheet version (评价细则) as defined: its items with their points, method, pass line and rule, as `sheet show` "
      "reads them; 404 `sheet.not_found`",
      {{"type", "object"},
       {"required", {"sheet_id", "version", "title", "items"}},
       {"properties",
        {{"sheet_id", {{"type", "string"}}},
         {"version", {{"type", "string"}}},
         {"title", {{"type", "string"}}},
         {"items", {{"type", "array"}, {"items", {{"type", "object"}}}}}}}},
      Json::array({PathParam("ref", "the sheet's id@version, e.g. xian-2023@2022", {{"type", "string"}, {"pattern", kPathText}})}),
      {400, 401, 403, 404, 429});
  paths["/v1/plan-tasks/{id}/tracks"] = Get(
      "共同责任: a plan's task several units carry, each on a track of its own (the rows of `task tracks`): every track "
      "with whether it is overdue now, how many are done (accepted or closed) and open, and which units are late (office, "
      "inspector, auditor)",
      {{"type", "object"},
       {"additionalProperties", false},
       {"required", {"plan_task", "tracks", "done", "open", "late", "late_units"}},
       {"properties",
        {{"plan_task", {{"type", "string"}}},
         {"tracks", {{"type", "array"}, {"items", task_ref}}},
         {"done", count},
         {"open", count},
         {"late", count},
         {"late_units", {{"type", "array"}, {"items", {{"type", "string"}}}}}}}},
      Json::array({PathParam("id", "the plan's task id (source.plan_task), e.g. xx-1-1", {{"type", "string"}, {"pattern", kPathText}})}),
      {400, 401, 403, 404, 429});
  paths["/v1/tasks/{id}"] = Get("one task", task_ref,
                                Json::array({PathParam("id", "task id", {{"type", "string"}, {"pattern", kPathText}})}),
                                {400, 401, 403, 404, 429});
  {
    // Evidence files (整改材料): uploaded by form, read back through their task.
    Json upload = Errors({400, 401, 403, 404, 413, 415, 429, 503});
    upload["415"] = ProblemResponse("the body is not multipart/form-data, or the file is not an accepted evidence file (read from its content)");
    upload["507"] = ProblemResponse("the disk is full: the file is not kept");
    const Json attachment{{"type", "object"},
                          {"required", {"sha256", "size_bytes", "media_type", "name", "uri", "task"}},
                          {"properties",
                           {{"sha256", {{"type", "string"}, {"pattern", "^[0-9a-f]{64}$"}}},
                            {"size_bytes", {{"type", "integer"}, {"minimum", 1}}},
                            {"media_type", {{"type", "string"}}},
                            {"name", {{"type", "string"}}},
                            {"uri", {{"type", "string"}, {"description", "safecity:attachments/<sha256>: name it in task.submit's evidence"}}},
                            {"task", {{"type", "string"}}}}}};
    upload["201"] = {{"description", "kept (or already kept) by its SHA-256"}, {"content", {{"application/json", {{"schema", attachment}}}}}};
    Json form{{"type", "object"},
              {"required", {"file"}},
              {"properties", {{"file", {{"type", "string"}, {"format", "binary"}, {"description", "the file; its name is kept, its type read from its bytes"}}}}}};
    paths["/v1/attachments"] = Json{
        {"post",
         {{"summary", "upload an evidence file (整改材料) for a task the caller may see (its unit, an inspector, the office): a picture, a "
                      "video, a PDF, an office document or an archive, kept by its SHA-256 (`--max-upload`, default 20 MiB); "
                      "writes no event: task.submit names the file by the answer's sha256, size_bytes, media_type and uri"},
          {"parameters", Json::array({Query("task", {{"type", "string"}, {"minLength", 1}}, "the task the file is evidence for", true)})},
          {"requestBody", {{"required", true}, {"content", {{"multipart/form-data", {{"schema", form}}}}}}},
          {"responses", upload}}}};
    Json evidence = Errors({400, 401, 403, 404, 429, 503});
    evidence["200"] = {{"description", "the file, as the media type read from its content, checked against its hash; inline for "
                                       "pictures, video and PDF, else as an attachment; never as HTML"},
                       {"content", {{"*/*", {{"schema", {{"type", "string"}, {"format", "binary"}}}}}}}};
    paths["/v1/tasks/{id}/evidence/{sha256}"] = Json{
        {"get",
         {{"summary", "an evidence file a task's submissions named, to whoever may see the task (404 when its evidence names no "
                      "such file, or the file is not on this server)"},
          {"parameters", Json::array({PathParam("id", "task id", {{"type", "string"}, {"pattern", kPathText}}),
                                      PathParam("sha256", "the file's SHA-256", {{"type", "string"}, {"pattern", "^[0-9a-f]{64}$"}})})},
          {"responses", evidence}}}};
  }
  const Json after_version =
      Query("after_version", {{"type", "integer"}, {"minimum", 0}, {"maximum", kMaxAfter}, {"default", 0}},
            "the last version you have: the page starts after it");
  paths["/v1/streams/{stream}/events"] = Get(
      "a stream's history (历史), oldest first; 404 when the stream has no event, whatever after_version",
      {{"type", "object"},
       {"additionalProperties", false},
       {"required", {"stream", "items", "next_after_version"}},
       {"properties",
        {{"stream", {{"type", "string"}}},
         {"items", {{"type", "array"}, {"items", Ref("Event")}}},
         {"next_after_version", {{"type", {"integer", "null"}}, {"description", "pass as after_version= for the next page"}}},
         {"hidden", Hidden()}}}},
      Json::array({StreamParam(), after_version, LimitParam()}), {400, 401, 403, 404, 429});
  paths["/v1/streams/{stream}/state"] =
      Get("what a stream stood at a time, and who changed it last (auditors: 'what did this task look like on 1 April')",
          {{"type", "object"},
           {"additionalProperties", false},
           {"required", {"stream", "as_of", "version", "last_changed_at", "last_changed_by", "state"}},
           {"properties",
            {{"stream", {{"type", "string"}}},
             {"as_of", {{"type", "string"}, {"pattern", kIsoMs}}},
             {"version", {{"type", "integer"}, {"minimum", 1}}},
             {"last_changed_at", {{"type", "string"}, {"pattern", kIsoMs}}},
             {"last_changed_by", Parsed("envelope/event.json")["properties"]["actor"]},
             {"state", {{"type", "object"}}},
             {"hidden", Hidden()}}}},
          Json::array({StreamParam(), Query("as_of", {{"type", "string"}, {"pattern", TimePattern()}},
                                            "a date (the end of that day, China time, UTC+8) or a date and time with a zone "
                                            "(Z or ±HH:MM), e.g. 2023-04-01 or 2023-04-01T12:00:00+08:00; default now")}),
          {400, 401, 403, 404, 429});
  paths["/v1/read-models/{key}"] =
      Get("one read model by key (office, inspector, auditor; by the rule of its stream)",
          {{"type", "object"},
           {"additionalProperties", false},
           {"required", {"key", "value"}},
           {"properties", {{"key", {{"type", "string"}}}, {"value", {{"description", "JSON, a counter's number, or text"}}}, {"hidden", Hidden()}}}},
          Json::array({PathParam("key", "e.g. unit/yanta", {{"type", "string"}, {"pattern", kPathText}})}), {400, 401, 403, 404, 429});
  {
    Json hazard_params = PageParams();
    hazard_params.push_back(Query("state", {{"type", "string"}, {"pattern", kQueryText}},
                                  "only hazards in this state, e.g. listed (挂牌督办); an unknown state: none"));
    paths["/v1/hazards"] = Get("隐患清单: every hazard, or those in a state, in id order (office, inspector, auditor)",
                               Page("Hazard"), hazard_params, {400, 401, 403, 429});
    Json verification_params = PageParams();
    verification_params.push_back(Query("state", {{"type", "string"}, {"pattern", kQueryText}},
                                        "only verifications in this state, e.g. requested (待分派)"));
    verification_params.push_back(Query("inspector", {{"type", "string"}, {"pattern", kQueryText}},
                                        "only those assigned to this inspector or expert group"));
    paths["/v1/verifications"] =
        Get("the verification desk (核查): all, by state, by the inspector assigned, or both, in id order (office, "
            "inspector, auditor)",
            Page("Verification"), verification_params, {400, 401, 403, 429});
  }
  paths["/v1/inbox"] = Get("the caller's notifications (通知), by its role and principal", Page("Notification"), PageParams(), {400, 401, 429});
  paths["/v1/log"] = Get(
      "the event log in log order, for a replica (office, auditor, inspector): the streams the reader sees whole, the others "
      "left out (README, Access rules)",
      {{"type", "object"},
       {"additionalProperties", false},
       {"required", {"items", "next_after", "end", "last_position", "log_id"}},
       {"properties",
        {{"items", {{"type", "array"}, {"items", Ref("Event")}}},
         {"next_after", {{"type", "integer"}, {"description", "the last position looked at: pass it as after= for the next page"}}},
         {"end", {{"type", "boolean"}, {"description", "true when nothing came after next_after as this was read"}}},
         {"last_position", {{"type", "integer"}}},
         {"log_id",
          {{"type", "string"},
           {"description", "whose positions these are: each node of a cluster numbers its own log; when it changes, read from after=0 "
                           "(the events you hold come again)"}}}}}},
      Json::array({Query("after", {{"type", "integer"}, {"minimum", 0}, {"maximum", kMaxAfter}, {"default", 0}},
                         "the last position you have; 0 for the start"),
                   LimitParam()}),
      {400, 401, 403, 429});
  Json sec_params = PageParams();
  sec_params.push_back(PathParam("day", "YYYY-MM-DD (UTC)", {{"type", "string"}, {"pattern", DayPattern()}}));
  Json security = Get("refused actions of a day (office, auditor); 400 naming `day` when it is not a day", Page("Refusal"), sec_params,
                      {400, 401, 403, 429});
  paths["/v1/security/{day}"] = security;
  {
    Json responses = Errors({400, 401, 403, 404, 409, 413, 415, 429});
    responses["200"] = {{"description", "accepted"}, {"content", {{"application/json", {{"schema", Ref("CommandResult")}}}}}};
    responses["401"] = ProblemResponse("unknown or revoked key, bad signature, timestamp outside five minutes, or a delivery "
                                       "already received (its first result in `result`); recorded in the security log");
    auto header = [](const char* name, const char* what) {
      return Json{{"name", name}, {"in", "header"}, {"required", false}, {"description", what}, {"schema", {{"type", "string"}}}};
    };
    // Signed in the Standard Webhooks format (webhook-*) or in safecity's own
    // (X-Safecity-*); the key named by a header or by the path.
    Json signature = Json::array({header("webhook-id", "Standard Webhooks: the delivery's id (the delivery_id when the body has none)"),
                                  header("webhook-timestamp", "Standard Webhooks: unix seconds when signed; within 300 s of the server"),
                                  header("webhook-signature",
                                         "Standard Webhooks: v1,<base64 HMAC-SHA256 of \"<webhook-id>.<webhook-timestamp>.<body>\"> keyed "
                                         "with the base64-decoded secret after whsec_"),
                                  header("X-Safecity-Timestamp", "safecity's own format: unix seconds when signed; within 300 s"),
                                  header("X-Safecity-Signature", "safecity's own format: sha256=<hex HMAC-SHA256 of \"<timestamp>.<body>\">")});
    Json body = JsonBody({"type", "stream"},
                         {{"delivery_id",
                           {{"type", "string"},
                            {"maxLength", 128},
                            {"description", "unique per delivery; a repeat is refused. Required unless signed with webhook-id"}}},
                          {"type", {{"type", "string"}, {"description", "the command, e.g. task.acknowledge"}}},
                          {"stream", {{"type", "string"}, {"pattern", StreamPattern()}}},
                          {"correlation_id", {{"type", "string"}}},
                          {"data", {{"type", "object"}, {"description", "as the command's own schema says"}}}});
    // The same operation twice: the key named by a header, or by the path.
    auto inbound = [&](const char* summary, Json key) {
      Json parameters = signature;
      parameters.insert(parameters.begin(), std::move(key));
      return Open({{"post", {{"summary", summary}, {"parameters", parameters}, {"requestBody", body}, {"responses", responses}}}});
    };
    paths["/v1/webhooks/inbound"] = inbound("a unit's system acts by signed webhook (入站 webhook); the key named by X-Safecity-Key",
                                            header("X-Safecity-Key", "the webhook key's id"));
    paths["/v1/webhooks/inbound/{key}"] =
        inbound("the same, the key named by the path: for a sender that sets only the Standard Webhooks headers",
                Json{{"name", "key"}, {"in", "path"}, {"required", true}, {"description", "the webhook key's id"}, {"schema", {{"type", "string"}}}});
  }
  {
    Json responses = Errors({400, 401, 403, 404, 413, 415, 429});
    Json result = {{"type", "object"}};
    result["properties"] = {{"dry_run", {{"type", "boolean"}}},
                            {"tasks", {{"type", "integer"}}},
                            {"added", {{"type", "integer"}}},
                            {"already", {{"type", "integer"}}},
                            {"planned", {{"type", "array"}, {"items", {{"type", "object"}}}}}};
    Json content = Json::object();
    content["application/json"] = {{"schema", result}};
    responses["200"] = {{"description", "the tasks assigned, or with dry_run the tasks that would be (their task.assign data)"},
                        {"content", content}};
    responses["400"] = ProblemResponse("a bad request, or a table with errors: every one in `errors` ({field: file:line:column "
                                       "(column name), message, reason}); nothing was written");
    paths["/v1/imports/tasks"] = Json(
        {{"post",
          {{"summary", "import a task breakdown table (任务分解表) as the plan prints it, all or nothing (office); the same import as "
                       "`safecity import tasks`"},
           {"requestBody",
            JsonBody({"table"},
                     {{"table", {{"type", "string"}, {"description", "the table: CSV, or tab-separated text copied from the plan"}}},
                      {"file_name", {{"type", "string"}, {"description", "named in errors and in each task's source; default table.csv"}}},
                      {"groups", {{"type", "string"}, {"description", "a groups file's text: name,members (members ;-separated)"}}},
                      {"each", {{"type", "array"}, {"items", {{"type", "string"}}}, {"description", "groups (or units) every member of which gets a track on every row"}}},
                      {"prefix", {{"type", "string"}}},
                      {"campaign", {{"type", "string"}, {"description", "the inspection round the tasks belong to"}}},
                      {"default_deadline", {{"type", "string"}, {"description", "for rows with no date, e.g. 2021-07-31"}}},
                      {"stage", {{"type", "string"}, {"description", "a stage of the round's schedule: rows with no date are due when it ends"}}},
                      {"dry_run", {{"type", "boolean"}, {"description", "check and plan every row; write nothing"}}}})},
           {"responses", responses}}}});
    Json unit_responses = Errors({400, 401, 403, 413, 415, 429});
    Json unit_result = {{"type", "object"}};
    unit_result["required"] = {"dry_run", "added", "already", "changes"};
    unit_result["properties"] = {
        {"dry_run", {{"type", "boolean"}}},
        {"added", {{"type", "integer"}}},
        {"already", {{"type", "integer"}}},
        {"changes",
         {{"type", "array"},
          {"items", {{"type", "object"}}},
          {"description", "{unit, line, change: added|renamed|alias_added|alias_removed|left, from, to, alias, on}"}}}};
    Json unit_content = Json::object();
    unit_content["application/json"] = {{"schema", unit_result}};
    unit_responses["200"] = {{"description", "what changed, or with dry_run what would"}, {"content", unit_content}};
    const Json session{{"type", "object"},
                       {"required", {"login", "name", "role", "acts_as", "csrf_token", "expires_at"}},
                       {"properties",
                        {{"login", {{"type", "string"}}},
                         {"name", {{"type", "string"}}},
                         {"role", {{"type", "string"}, {"enum", {"office", "unit", "inspector", "auditor"}}}},
                         {"unit", {{"type", "string"}, {"description", "a unit's staff: the unit they act as"}}},
                         {"acts_as", {{"type", "object"}, {"properties", {{"id", {{"type", "string"}}}, {"role", {{"type", "string"}}}}}}},
                         {"csrf_token", {{"type", "string"}, {"pattern", "^[0-9a-f]{64}$"},
                                         {"description", "send it in X-CSRF-Token with every request that changes something"}}},
                         {"expires_at", {{"type", "string"}}}}}};
    Json login_responses = Errors({400, 401, 403, 415, 429});
    login_responses["201"] = {{"description", "logged in: the session's cookie (HttpOnly, SameSite=Strict; Secure under TLS)"},
                              {"content", {{"application/json", {{"schema", session}}}}}};
    paths["/v1/sessions"] = Open(
        {{"post",
          {{"summary", "a person logs in to the console (登录) with the login and password of their account (`safecity user add`): 401 "
                       "api.login_failed alike for a wrong password and an unknown login, 429 api.login_locked after five failures "
                       "within 15 minutes, 403 api.account_disabled"},
           {"requestBody",
            JsonBody({"login", "password"}, {{"login", {{"type", "string"}, {"minLength", 1}}}, {"password", {{"type", "string"}}}})},
           {"responses", login_responses}}}});
    Json current = Get("who is logged in, and the page's csrf_token again after a reload (the session's cookie; 401 api.no_session)",
                       session, Json::array(), {401, 429});
    Json logout = Errors({401, 403, 429});
    logout["204"] = {{"description", "logged out: the cookie is cleared and the session ends"}};
    current["delete"] = {{"summary", "log out (with X-CSRF-Token, as any change)"}, {"responses", logout}};
    paths["/v1/sessions/current"] = current;
    paths["/v1/imports/units"] = Json(
        {{"post",
          {{"summary", "import the unit directory (单位名录), all or nothing (office); units already there follow the file (rename, "
                       "aliases, leave); the same import as `safecity import units`"},
           {"requestBody",
            JsonBody({"table"},
                     {{"table", {{"type", "string"}, {"description", "id,name,kind,aliases,parent,member_since,left_on (CSV)"}}},
                      {"file_name", {{"type", "string"}, {"description", "named in errors; default units.csv"}}},
                      {"dry_run", {{"type", "boolean"}, {"description", "check every row and say what would change; write nothing"}}},
                      {"update_existing", {{"type", "boolean"}, {"description", "units already there follow the file (default); false: only add the missing, as a template does"}}}})},
           {"responses", unit_responses}}}});
  }
  {
    const Json size_param = {{"type", "integer"}, {"minimum", 1}};
    paths["/v1/checkpoints"] = Get("the signed checkpoints (签名检查点) this log recorded, oldest first (office, inspector, auditor)",
                                   {{"type", "object"},
                                    {"properties", {{"origin", {{"type", "string"}}}, {"items", {{"type", "array"}, {"items", {{"type", "object"}}}}}}}},
                                   Json::array(), {401, 403, 429});
    paths["/v1/proofs/{event}"] = Get(
        "the RFC 9162 inclusion proof of an event in a recorded checkpoint, checkable with the server's public key alone "
        "(`safecity proof --check`)",
        {{"type", "object"}},
        Json::array({PathParam("event", "the event's id, or STREAM@VERSION, e.g. task-XA-001@3",
                               {{"type", "string"}, {"pattern", kPathText}}),
                     {{"name", "tree_size"}, {"in", "query"}, {"schema", size_param},
                      {"description", "the recorded checkpoint of this many events; default the newest that covers the event"}}}),
        {400, 401, 403, 404, 429});
    paths["/v1/leaves"] = Get(
        "the Merkle leaf hashes (RFC 9162, hex) of the events after a position, of every event whether the reader may see it or "
        "not, with the log's origin and size; an auditor's replica checks the signed checkpoints' roots with them "
        "(office, inspector, auditor)",
        {{"type", "object"},
         {"properties",
          {{"origin", {{"type", "string"}}},
           {"after", {{"type", "integer"}}},
           {"items", {{"type", "array"}, {"items", {{"type", "string"}, {"pattern", "^[0-9a-f]{64}$"}}}}},
           {"next_after", {{"type", "integer"}}},
           {"tree_size", {{"type", "integer"}}},
           {"end", {{"type", "boolean"}}}}}},
        Json::array({{{"name", "after"}, {"in", "query"}, {"schema", {{"type", "integer"}, {"minimum", 0}}},
                      {"description", "the position after which to start; default 0"}},
                     {{"name", "limit"}, {"in", "query"}, {"schema", {{"type", "integer"}, {"minimum", 1}, {"maximum", 10000}}},
                      {"description", "how many leaves; default 1000"}}}),
        {400, 401, 403, 429});
    paths["/v1/consistency"] = Get("an RFC 9162 consistency proof between two sizes of the log: 1 <= first <= second <= its events "
                                   "(400 otherwise, naming the field)",
                                   {{"type", "object"}},
                                   Json::array({{{"name", "first"}, {"in", "query"}, {"required", true}, {"schema", size_param}},
                                                {{"name", "second"}, {"in", "query"}, {"required", true}, {"schema", size_param}}}),
                                   {400, 401, 403, 429});
  }
  paths["/v1/whoami"] = Get("the principal the token acts as",
                            {{"type", "object"},
                             {"additionalProperties", false},
                             {"required", {"id", "role"}},
                             {"properties", {{"id", {{"type", "string"}}}, {"role", {{"type", "string"}, {"enum", {"office", "unit", "inspector", "auditor"}}}}}}},
                            Json::array(), {401, 429});
  paths["/healthz"] = Open(Get("the process answers",
                               {{"type", "object"}, {"required", {"status"}}, {"properties", {{"status", {{"type", "string"}, {"enum", {"ok"}}}}}}},
                               Json::array(), {}));
  paths["/readyz"] = Open(Get("the store is open and its read models cover the log (503 otherwise, saying why)",
                              {{"type", "object"},
                               {"required", {"status", "log_position"}},
                               {"properties", {{"status", {{"type", "string"}, {"enum", {"ready"}}}}, {"log_position", {{"type", "integer"}}}}}},
                              Json::array(), {503}));
  paths["/metrics"] = Open({{"get",
                             {{"summary", "Prometheus metrics (text format 0.0.4)"},
                              {"responses", {{"200", {{"description", "OK"}, {"content", {{"text/plain", {{"schema", {{"type", "string"}}}}}}}}}}}}}});
  paths["/openapi.json"] = Open({{"get",
                                  {{"summary", "this document"},
                                   {"responses", {{"200", {{"description", "OK"}, {"content", {{"application/json", {{"schema", {{"type", "object"}}}}}}}}}}}}}});

  return Json{{"openapi", "3.1.0"},
              {"info",
               {{"title", "safecity HTTP API"},
                {"version", "1"},
                {"description", "Commands and queries of the safecity engine. Every /v1 request carries "
                                "\"Authorization: Bearer <token>\" (safecity token issue), except the signed inbound webhook; "
                                "/healthz, /readyz, /metrics and /openapi.json need none. A method a path does not list is 405, "
                                "with Allow."}}},
              {"components", {{"schemas", schemas}, {"securitySchemes",
                                 {{"token", {{"type", "http"}, {"scheme", "bearer"}}},
                                  {"session",
                                   {{"type", "apiKey"},
                                    {"in", "cookie"},
                                    {"name", "safecity_session"},
                                    {"description", "a person logged in to the console (POST /v1/sessions); what changes something "
                                                    "also sends the session's csrf_token in X-CSRF-Token"}}}}}}},
              {"security", Json::array({{{"token", Json::array()}}, {{"session", Json::array()}}})},
              {"paths", paths}};
}

}  // namespace safecity::http
