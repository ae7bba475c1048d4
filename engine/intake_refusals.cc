#include "engine/intake_refusals.h"

namespace safecity {

const Message kNotUtf8{"intake.not_utf8", "不是有效的 UTF-8 文本；请以 UTF-8 发送", "is not valid UTF-8 text; send it as UTF-8"};
const Message kCommandIdLength{"intake.id_length", "命令编号须为 1 至 128 个字符", "command id must be 1 to 128 characters"};
const Message kNotARole{"intake.not_a_role",
                        "“{role}”不是角色；请用 office（创建办）、unit（单位）、inspector（检查人员）或 auditor（审计人员）",
                        "'{role}' is not a role; use office, unit, inspector or auditor"};
const Message kNoActor{"intake.no_actor", "为空；请写明由谁办理", "is empty; say who acts"};
const Message kNoWorkflow{"intake.no_workflow", "没有处理 {type} 的工作流", "no workflow handles {type}"};
const Message kStreamOfCommand{"intake.stream_of_command", "命令 {type} 须用名为 {kind}-<编号> 的流",
                               "command {type} needs a stream named {kind}-<id>"};
const Message kTooLong{"schema.too_long", "长 {chars} 个字符，超过允许的 {max} 个；请按 {schema} 修改",
                       "is {chars} characters long, more than the {max} allowed; fix it to match {schema}"};
const Message kTooManyItems{"schema.too_many_items", "有 {items} 项，超过允许的 {max} 项；请按 {schema} 修改",
                            "has {items} items, more than the {max} allowed; fix it to match {schema}"};
const Message kSchemaMismatch{"schema.mismatch", "不符合 {schema}（{detail}）；请按其修改", "{detail}; fix it to match {schema}"};
const Message kUnknownCommandType{"schema.unknown_command", "未知的命令类型“{type}”；命令列表见 schemas/commands/",
                                  "unknown command type '{type}'; see schemas/commands/ for the list"};
const Message kCommandIdReused{"command.id_reused", "命令编号 {id} 已用于另一条命令；请给这条命令换一个编号",
                               "command id {id} was already used for a different command; give this one a new id"};
const Message kCommandNotForStream{"command.not_for_stream", "命令 {type} 不适用于流 {stream}",
                                   "command {type} does not apply to stream {stream}"};

const std::vector<const Message*>& IntakeRefusals() {
  static const std::vector<const Message*> all = {&kNotUtf8,     &kCommandIdLength,   &kNotARole,          &kNoActor,
                                                  &kNoWorkflow,  &kStreamOfCommand,   &kTooLong,           &kTooManyItems,
                                                  &kSchemaMismatch, &kUnknownCommandType, &kCommandIdReused, &kCommandNotForStream};
  return all;
}

}  // namespace safecity
