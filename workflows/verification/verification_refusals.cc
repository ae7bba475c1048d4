#include "workflows/verification/verification_refusals.h"

namespace safecity::verification {

const Message kStreamNotVerification{"verification.stream_mismatch", "须为 verification-{verification}",
                                     "must be verification-{verification}"};
const Message kNoSuchTask{"verification.no_such_task", "没有任务“{task}”", "no task '{task}'"};
const Message kVerificationNotFound{"verification.not_found", "没有核查“{verification}”；{@verification_list}",
                                    "no verification '{verification}'; {@verification_list}"};
const Message kVerificationExists{"verification.exists", "核查 {verification} 已存在", "verification {verification} already exists"};
const Message kOfficeOnly{"verification.office_only", "只有创建办可以对核查办理 {command}；{@as_office}",
                          "only the office may {command} a verification; {@as_office}"};
const Message kAssignOfficeOnly{"verification.assign_office_only", "只有创建办可以分派检查人员；{@as_office}",
                                "only the office assigns inspectors; {@as_office}"};
const Message kNotTheInspector{"verification.not_the_inspector",
                               "只有分派的检查人员（{inspector}）或创建办可以对核查 {verification} 办理 {command}",
                               "only the assigned inspector ({inspector}) or the office may {command} verification {verification}"};
const Message kNoInspectorYet{"verification.no_inspector_yet",
                              "核查 {verification} 尚未分派检查人员；分派后由该检查人员或创建办办理 {command}",
                              "only the assigned inspector (no one yet) or the office may {command} verification {verification}"};

const Message kVerificationListReaders{"verification.list_readers", "核查清单供创建办、检查人员和审计人员查看，{role_zh}不能查看",
                                       "the verification list is for the office, inspectors and auditors, not for a {role}"};

const std::vector<const Message*>& VerificationRefusals() {
  static const std::vector<const Message*> all = {&kStreamNotVerification, &kNoSuchTask,       &kVerificationNotFound,
                                                  &kVerificationExists,    &kOfficeOnly,       &kAssignOfficeOnly,
                                                  &kNotTheInspector,       &kNoInspectorYet,   &kVerificationListReaders};
  return all;
}

}  // namespace safecity::verification
