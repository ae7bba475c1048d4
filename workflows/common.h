// Small helpers the workflows share: time fields, points, role checks.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>

#include "engine/envelope.h"
#include "engine/message.h"
#include "engine/status.h"
#include "engine/workflow.h"

namespace safecity {

// Rewrites data[key] (a date or time typed by a person) as canonical UTC
// ISO-8601; `deadline` makes a bare date the end of that day in UTC+8.
// Absent keys are fine. Errors name `field`, by default "data.<key>".
Status NormalizeTime(Json* data, const std::string& key, bool deadline, const std::string& field = "");

// Points are kept in hundredths (canonical JSON has integers only):
// 250 -> "2.5", 1000 -> "10", 225 -> "2.25".
std::string FormatPoints(int64_t x100);

// True if the actor's role is one of `roles`.
bool HasRole(const Actor& a, std::initializer_list<const char*> roles);

// A role's name for Chinese text: office 创建办, unit 单位, inspector 检查人员,
// auditor 审计人员, system 系统 (the role itself when unknown).
std::string RoleChineseName(const std::string& role);

// `params` with the role a refusal names, as {role} and {role_zh}, added.
MessageParams WithRole(const std::string& role, MessageParams params = {});

// A refusal for the wrong actor: kForbidden on field "actor".
Decision Forbid(const std::string& message);
// The same, in both languages (engine/message.h).
Decision Forbid(const Message& words, MessageParams params);

// data.value(key, "") for strings, tolerant of absent keys.
std::string Str(const Json& data, const char* key);

// A time a typed state's JSON form holds as ISO text (FromJson), as UTC ms;
// throws naming `what` and the key when it is missing or not a time.
int64_t StateTimeMs(const Json& state, const char* key, const char* what);

// Overdue escalation levels (逾期升级) in order: reminder (催办), warning
// bulletin (警示通报), interview (约谈), accountability (问责). Level numbers
// are 1..4; 0 for "" or an unknown name.
int EscalationLevelNo(const std::string& level);
const char* EscalationLevelName(int level_no);  // "" for 0

// A unit acting names itself by id, name or alias: make it the id.
Status ResolveUnitActor(CommandEnvelope* cmd, ReadModelReader& reader);

// The actor the process manager and the scheduler act as.
Actor SystemActor(const std::string& who);

}  // namespace safecity
