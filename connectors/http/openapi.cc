#include "connectors/http/openapi.h"

#include "engine/schema_registry.h"

namespace safecity::http {

namespace {

Json ProblemResponse(const std::string& when) {
  return Json{{"description", when},
              {"content", {{"application/problem+json", {{"schema", {{"$ref", "#/components/schemas/Problem"}}}}}}}};
}

Json Errors(std::initializer_list<int> codes) {
  Json r = Json::object();
  for (int c : codes) {
    switch (c) {
      case 400: r["400"] = ProblemResponse("malformed JSON, or a field at fault (named in `field`)"); break;
      case 401: r["401"] = ProblemResponse("no valid token (recorded in the security log)"); break;
      case 403: r["403"] = ProblemResponse("the principal may not act here (recorded in the security log)"); break;
      case 404: r["404"] = ProblemResponse("no such task, stream or read model"); break;
      case 409: r["409"] = ProblemResponse("the workflow refuses the command in its current state"); break;
      case 413: r["413"] = ProblemResponse("the body is larger than the server accepts"); break;
      case 415: r["415"] = ProblemResponse("the body is not application/json"); break;
    }
  }
  return r;
}

Json Page(const std::string& item_ref) {
  return Json{{"type", "object"},
              {"required", {"items", "next_cursor"}},
              {"properties",
               {{"items", {{"type", "array"}, {"items", {{"$ref", item_ref}}}}},
                {"next_cursor", {{"type", {"string", "null"}}, {"description", "pass as ?cursor= for the next page"}}}}}};
}

Json PageParams() {
  return Json::array({{{"name", "limit"}, {"in", "query"}, {"schema", {{"type", "integer"}, {"minimum", 1}, {"maximum", 500}, {"default", 100}}}},
                      {{"name", "cursor"}, {"in", "query"}, {"schema", {{"type", "string"}}}}});
}

Json Get(const std::string& summary, const Json& ok_schema, const Json& params, std::initializer_list<int> errors) {
  Json responses = Errors(errors);
  responses["200"] = {{"description", "OK"}, {"content", {{"application/json", {{"schema", ok_schema}}}}}};
  Json op{{"summary", summary}, {"responses", responses}};
  if (!params.empty()) op["parameters"] = params;
  return Json{{"get", op}};
}

// A required JSON request body: an object with exactly these properties.
Json JsonBody(const Json& required, const Json& properties) {
  return Json{{"required", true},
              {"content",
               {{"application/json",
                 {{"schema", {{"type", "object"}, {"additionalProperties", false}, {"required", required}, {"properties", properties}}}}}}}};
}

Json PathParam(const std::string& name, const std::string& description) {
  return {{"name", name}, {"in", "path"}, {"required", true}, {"description", description}, {"schema", {{"type", "string"}}}};
}

}  // namespace

Json OpenApiDocument() {
  Json schemas = Json::object();
  schemas["Problem"] = {{"type", "object"},
                        {"required", {"type", "title", "status", "code", "detail"}},
                        {"properties",
                         {{"type", {{"type", "string"}}},
                          {"title", {{"type", "string"}}},
                          {"status", {{"type", "integer"}}},
                          {"code", {{"type", "string"}}},
                          {"detail", {{"type", "string"}}},
                          {"field", {{"type", "string"}, {"description", "the field at fault, e.g. data.deadline"}}},
                          {"result", {{"$ref", "#/components/schemas/CommandResult"}}}}}};
  schemas["CommandResult"] = {{"type", "object"},
                              {"required", {"command_id", "status"}},
                              {"properties",
                               {{"command_id", {{"type", "string"}}},
                                {"status", {{"type", "string"}, {"enum", {"accepted", "rejected"}}}},
                                {"duplicate", {{"type", "boolean"}}},
                                {"stream", {{"type", "string"}}},
                                {"version", {{"type", "integer"}}},
                                {"events", {{"type", "array"}, {"items", {{"type", "object"}}}}}}}};
  schemas["Task"] = {{"type", "object"}, {"description", "a rectification task (整改任务) as the read model shows it"}};
  schemas["Event"] = {{"type", "object"}, {"description", "an event envelope with its position and hash"}};
  schemas["Notification"] = {{"type", "object"}};
  schemas["Refusal"] = {{"type", "object"}, {"description", "an AccessRefused event's data and its time"}};

  Json paths = Json::object();
  const SchemaRegistry& registry = SchemaRegistry::Default();
  for (const std::string& type : registry.CommandTypes()) {
    auto src = registry.sources().find("commands/" + type + ".json");
    Json data = src == registry.sources().end() ? Json{{"type", "object"}} : Json::parse(src->second, nullptr, false);
    if (data.is_discarded()) data = {{"type", "object"}};
    data.erase("$schema");
    const std::string name = "cmd." + type;
    const std::string summary = data.value("title", type);
    schemas[name] = data;
    Json responses = Errors({400, 401, 403, 404, 409, 413, 415});
    responses["200"] = {{"description", "accepted (or, with a repeated Idempotency-Key, the first result: header Idempotent-Replayed)"},
                        {"content", {{"application/json", {{"schema", {{"$ref", "#/components/schemas/CommandResult"}}}}}}}};
    paths["/v1/commands/" + type] = {
        {"post",
         {{"summary", summary},
          {"operationId", type},
          {"parameters",
           Json::array({{{"name", "Idempotency-Key"}, {"in", "header"}, {"schema", {{"type", "string"}, {"maxLength", 200}}},
                         {"description", "the same key from the same principal returns the first result"}}})},
          {"requestBody", JsonBody({"stream"}, {{"stream", {{"type", "string"}, {"description", "the stream acted on, e.g. task-XA-001"}}},
                                                 {"correlation_id", {{"type", "string"}}},
                                                 {"data", {{"$ref", "#/components/schemas/" + name}}}})},
          {"responses", responses}}}};
  }
  const Json task_ref = {{"$ref", "#/components/schemas/Task"}};
  Json task_params = PageParams();
  task_params.push_back({{"name", "unit"}, {"in", "query"}, {"schema", {{"type", "string"}}}, {"description", "lead or cooperating unit id"}});
  task_params.push_back({{"name", "state"}, {"in", "query"}, {"schema", {{"type", "string"}}}});
  paths["/v1/tasks"] = Get("tasks, by unit or state (a unit's token: its own)", Page("#/components/schemas/Task"), task_params, {400, 401, 403});
  paths["/v1/my/tasks"] = Get("the calling unit's tasks (我的任务)", Page("#/components/schemas/Task"), task_params, {400, 401, 403});
  paths["/v1/tasks/{id}"] = Get("one task", task_ref, Json::array({PathParam("id", "task id")}), {401, 403, 404});
  Json ev_params = Json::array({PathParam("stream", "e.g. task-XA-001"),
                                {{"name", "after_version"}, {"in", "query"}, {"schema", {{"type", "integer"}, {"minimum", 0}}}},
                                {{"name", "limit"}, {"in", "query"}, {"schema", {{"type", "integer"}, {"minimum", 1}, {"maximum", 500}}}}});
  paths["/v1/streams/{stream}/events"] =
      Get("a stream's history (历史), oldest first", {{"type", "object"}, {"properties", {{"items", {{"type", "array"}, {"items", {{"$ref", "#/components/schemas/Event"}}}}}}}},
          ev_params, {400, 401, 403, 404});
  paths["/v1/streams/{stream}/state"] =
      Get("what a stream stood at a time, and who changed it last (auditors: 'what did this task look like on 1 April')",
          {{"type", "object"},
           {"properties",
            {{"as_of", {{"type", "string"}}}, {"version", {{"type", "integer"}}}, {"last_changed_by", {{"type", "object"}}},
             {"state", {{"type", "object"}}}}}},
          Json::array({PathParam("stream", "e.g. task-XA-001"),
                       {{"name", "as_of"}, {"in", "query"}, {"schema", {{"type", "string"}}},
                        {"description", "a date (end of that day, China time) or an ISO-8601 time; default now"}}}),
          {400, 401, 403, 404});
  paths["/v1/read-models/{key}"] = Get("one read model by key (office, inspector, auditor)", {{"type", "object"}},
                                       Json::array({PathParam("key", "e.g. unit/yanta")}), {401, 403, 404});
  paths["/v1/inbox"] = Get("the caller's notifications (通知)", Page("#/components/schemas/Notification"), PageParams(), {400, 401});
  paths["/v1/log"] = Get(
      "the whole event log in log order, for a replica (office, auditor; an inspector: all but the security log)",
      {{"type", "object"},
       {"properties",
        {{"items", {{"type", "array"}, {"items", {{"$ref", "#/components/schemas/Event"}}}}},
         {"next_after", {{"type", "integer"}, {"description", "the last position looked at: pass it as after= for the next page"}}},
         {"end", {{"type", "boolean"}, {"description", "true when nothing came after next_after as this was read"}}},
         {"last_position", {{"type", "integer"}}},
         {"log_id",
          {{"type", "string"},
           {"description", "whose positions these are: each node of a cluster numbers its own log; when it changes, read from after=0 "
                           "(the events you hold come again)"}}}}}},
      Json::array({{{"name", "after"}, {"in", "query"}, {"schema", {{"type", "integer"}, {"minimum", 0}}},
                    {"description", "the last position you have; 0 for the start"}},
                   {{"name", "limit"}, {"in", "query"}, {"schema", {{"type", "integer"}, {"minimum", 1}, {"maximum", 500}}}}}),
      {400, 401, 403});
  Json sec_params = PageParams();
  sec_params.push_back(PathParam("day", "YYYY-MM-DD (UTC)"));
  paths["/v1/security/{day}"] = Get("refused actions of a day (office, auditor)", Page("#/components/schemas/Refusal"), sec_params, {400, 401, 403});
  {
    Json responses = Errors({400, 401, 403, 404, 409, 413});
    responses["200"] = {{"description", "accepted"},
                        {"content", {{"application/json", {{"schema", {{"$ref", "#/components/schemas/CommandResult"}}}}}}}};
    responses["401"] = ProblemResponse("unknown or revoked key, bad signature, timestamp outside five minutes, or a delivery "
                                       "already received (its first result in `result`); recorded in the security log");
    auto header = [](const char* name, const char* what) {
      return Json{{"name", name}, {"in", "header"}, {"required", true}, {"description", what}, {"schema", {{"type", "string"}}}};
    };
    paths["/v1/webhooks/inbound"] = {
        {"post",
         {{"summary", "a unit's system acts by signed webhook (入站 webhook)"},
          {"security", Json::array()},
          {"parameters", Json::array({header("X-Safecity-Key", "the webhook key's id"),
                                      header("X-Safecity-Timestamp", "unix seconds when signed; within 300 s of the server"),
                                      header("X-Safecity-Signature", "sha256=<hex HMAC-SHA256 of \"<timestamp>.<body>\">")})},
          {"requestBody",
           JsonBody({"delivery_id", "type", "stream"},
                    {{"delivery_id", {{"type", "string"}, {"maxLength", 128}, {"description", "unique per delivery; a repeat is refused"}}},
                     {"type", {{"type", "string"}, {"description", "the command, e.g. task.acknowledge"}}},
                     {"stream", {{"type", "string"}}},
                     {"correlation_id", {{"type", "string"}}},
                     {"data", {{"type", "object"}, {"description", "as the command's own schema says"}}}})},
          {"responses", responses}}}};
  }
  {
    const Json size_param = {{"type", "integer"}, {"minimum", 1}};
    paths["/v1/checkpoints"] = Get("the signed checkpoints (签名检查点) this log recorded, oldest first (office, inspector, auditor)",
                                   {{"type", "object"},
                                    {"properties", {{"origin", {{"type", "string"}}}, {"items", {{"type", "array"}, {"items", {{"type", "object"}}}}}}}},
                                   Json::array(), {401, 403});
    paths["/v1/proofs/{event}"] = Get(
        "the RFC 9162 inclusion proof of an event in a recorded checkpoint, checkable with the server's public key alone "
        "(`safecity proof --check`)",
        {{"type", "object"}},
        Json::array({PathParam("event", "the event's id, or STREAM@VERSION, e.g. task-XA-001@3"),
                     {{"name", "tree_size"}, {"in", "query"}, {"schema", size_param},
                      {"description", "the recorded checkpoint of this many events; default the newest that covers the event"}}}),
        {400, 401, 403, 404});
    paths["/v1/consistency"] = Get("an RFC 9162 consistency proof between two sizes of the log", {{"type", "object"}},
                                   Json::array({{{"name", "first"}, {"in", "query"}, {"required", true}, {"schema", size_param}},
                                                {{"name", "second"}, {"in", "query"}, {"required", true}, {"schema", size_param}}}),
                                   {400, 401, 403});
  }
  paths["/v1/whoami"] = Get("the principal the token acts as", {{"type", "object"}}, Json::array(), {401});
  paths["/healthz"] = Get("the process answers", {{"type", "object"}}, Json::array(), {});
  paths["/readyz"] = Get("the store is open and its read models cover the log (503 otherwise)", {{"type", "object"}}, Json::array(), {});
  paths["/metrics"] = {{"get", {{"summary", "Prometheus metrics (text format 0.0.4)"}, {"responses", {{"200", {{"description", "OK"}}}}}}}};
  paths["/openapi.json"] = {{"get", {{"summary", "this document"}, {"responses", {{"200", {{"description", "OK"}}}}}}}};

  return Json{{"openapi", "3.1.0"},
              {"info",
               {{"title", "safecity HTTP API"},
                {"version", "1"},
                {"description", "Commands and queries of the safecity engine. Every /v1 request carries "
                                "\"Authorization: Bearer <token>\" (safecity token issue)."}}},
              {"components",
               {{"schemas", schemas},
                {"securitySchemes", {{"token", {{"type", "http"}, {"scheme", "bearer"}}}}}}},
              {"security", Json::array({{{"token", Json::array()}}})},
              {"paths", paths}};
}

}  // namespace safecity::http
