#include "workflows/hazard/hazard_refusals.h"

namespace safecity::hazard {

const Message kHazardNotFound{"hazard.not_found", "没有隐患“{hazard}”；{@hazard_list}", "no hazard '{hazard}'; {@hazard_list}"};
const Message kHazardExists{"hazard.exists", "隐患 {hazard} 已存在；请换一个编号", "hazard {hazard} already exists; choose another id"};
const Message kStreamNotHazard{"hazard.stream_mismatch", "须为 hazard-{hazard}", "must be hazard-{hazard}"};
const Message kAuditorReportsNothing{"hazard.auditor_reports_nothing", "审计人员不上报隐患", "an auditor does not report hazards"};
const Message kProcessManagers{"hazard.process_managers",
                               "hazard.{command} 由流程管理器在任务推进时发出；请办理对应的整改任务",
                               "hazard.{command} is issued by the process manager when the task moves; act on the task instead"};
const Message kListOfficeOnly{"hazard.list_office_only", "只有创建办可以将隐患挂牌督办；{@as_office}",
                              "only the office puts a hazard under listed supervision; {@as_office}"};
const Message kCloseOfficeOnly{"hazard.close_office_only", "只有创建办可以对重大隐患销号；{@as_office}",
                               "only the office closes (销号) a major hazard; {@as_office}"};
const Message kOfficeOnly{"hazard.office_only", "只有创建办可以对隐患办理 {command}；{@as_office}",
                          "only the office may {command} a hazard; {@as_office}"};
const Message kUnitReportsItsOwn{"hazard.unit_reports_its_own", "单位只上报本单位的隐患；{@own_unit}",
                                 "a unit reports hazards of its own; {@own_unit}"};
const Message kNoResponsibleUnit{"hazard.no_responsible_unit", "上报未写明责任单位；{@give_unit}",
                                 "the report names no responsible unit; {@give_unit}"};
const Message kDeadlinePast{"hazard.deadline_past", "整改时限 {deadline} 在 {at} 已经过去；请给出更晚的日期",
                            "deadline {deadline} is already past at {at}; give a later date"};
const Message kGeneralNotListed{"hazard.general_not_listed", "隐患 {hazard} 为一般隐患；只有重大隐患可以挂牌督办",
                                "hazard {hazard} is graded general (一般); only major (重大) hazards are put under listed supervision"};
const Message kRectifiedByAnotherTask{"hazard.rectified_by_another_task", "隐患 {hazard} 由任务 {task} 整改，而不是 {given}",
                                      "hazard {hazard} is rectified by task {task}, not {given}"};

const Message kHazardListReaders{"hazard.list_readers",
                                 "隐患清单供创建办、检查人员和审计人员查看，{role_zh}不能查看；单位的隐患整改任务见“我的任务”",
                                 "the hazard list is for the office, inspectors and auditors, not for a {role}; a unit sees "
                                 "its hazards' tasks among its own tasks"};

const std::vector<const Message*>& HazardRefusals() {
  static const std::vector<const Message*> all = {
      &kHazardNotFound,  &kHazardExists,   &kStreamNotHazard,   &kAuditorReportsNothing, &kProcessManagers,
      &kListOfficeOnly,  &kCloseOfficeOnly, &kOfficeOnly,       &kUnitReportsItsOwn,     &kNoResponsibleUnit,
      &kDeadlinePast,    &kGeneralNotListed, &kRectifiedByAnotherTask, &kHazardListReaders};
  return all;
}

}  // namespace safecity::hazard
