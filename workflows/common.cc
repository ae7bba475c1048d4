#include "workflows/common.h"

#include <stdexcept>

#include "engine/time_util.h"
#include "workflows/common_refusals.h"
#include "workflows/unit/unit_directory.h"

namespace safecity {

Status NormalizeTime(Json* data, const std::string& key, bool deadline, const std::string& field_name) {
  if (!data->contains(key)) return Status::Ok();
  const std::string field = field_name.empty() ? "data." + key : field_name;
  std::string v = (*data)[key];
  auto ms = deadline ? ParseDeadlineMs(v) : ParseIsoMs(v);
  // A zone offset can push a valid local date outside 1970..9999, where the
  // stored UTC text could not be read back: refuse it here.
  if (ms && !ParseIsoMs(FormatIsoMs(*ms)))
    return Status::Refusal(Status::Code::kInvalid, field, kDateOutOfRange, {{"value", v}});
  if (!ms)
    return Status::Refusal(Status::Code::kInvalid, field, kNotADate, {{"value", v}});
  (*data)[key] = FormatIsoMs(*ms);
  return Status::Ok();
}

std::string FormatPoints(int64_t x100) {
  std::string sign = x100 < 0 ? "-" : "";
  int64_t v = x100 < 0 ? -x100 : x100;
  std::string out = sign + std::to_string(v / 100);
  int64_t frac = v % 100;
  if (frac == 0) return out;
  if (frac % 10 == 0) return out + "." + std::to_string(frac / 10);
  return out + (frac < 10 ? ".0" : ".") + std::to_string(frac);
}

bool HasRole(const Actor& a, std::initializer_list<const char*> roles) {
  for (const char* r : roles)
    if (a.role == r) return true;
  return false;
}

std::string RoleChineseName(const std::string& role) {
  if (role == "office") return "创建办";
  if (role == "unit") return "单位";
  if (role == "inspector") return "检查人员";
  if (role == "auditor") return "审计人员";
  if (role == "system") return "系统";
  return role;
}

MessageParams WithRole(const std::string& role, MessageParams params) {
  params.emplace_back("role", role);
  params.emplace_back("role_zh", RoleChineseName(role));
  return params;
}

Decision Forbid(const std::string& message) { return Decision::Reject(Status::Forbidden("actor", message)); }

Decision Forbid(const Message& words, MessageParams params) {
  return Decision::Reject(Status::Refusal(Status::Code::kForbidden, "actor", words, std::move(params)));
}

std::string Str(const Json& data, const char* key) {
  auto it = data.find(key);
  return it != data.end() && it->is_string() ? it->get<std::string>() : std::string();
}

namespace {
const char* const kLevels[] = {"reminder", "warning", "interview", "accountability"};
}

int EscalationLevelNo(const std::string& level) {
  for (int i = 0; i < 4; ++i)
    if (level == kLevels[i]) return i + 1;
  return 0;
}

const char* EscalationLevelName(int level_no) { return level_no >= 1 && level_no <= 4 ? kLevels[level_no - 1] : ""; }

Status ResolveUnitActor(CommandEnvelope* cmd, ReadModelReader& reader) {
  if (cmd->actor.role != "unit") return Status::Ok();
  auto id = units::Resolve(reader, cmd->actor.id, "actor");
  if (!id.ok()) return id.status();
  cmd->actor.id = id.value();
  return Status::Ok();
}

Actor SystemActor(const std::string& who) { return Actor{who, "system"}; }

int64_t StateTimeMs(const Json& state, const char* key, const char* what) {
  auto ms = ParseIsoMs(state.at(key).get<std::string>());
  if (!ms) throw std::invalid_argument(std::string(what) + ": " + key + " is not a time");
  return *ms;
}

}  // namespace safecity
