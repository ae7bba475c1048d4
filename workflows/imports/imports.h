// Imports of the campaign tables (UTF-8 CSV), all or nothing: every row is
// checked (cells, names resolved against the unit directory and the file
// itself) before the first command is sent, and an error names the file, line
// and column: "units.csv:12:2 (name): ...". Command ids derive from the file's
// SHA-256 and the line, so running the same import again (say, after a crash
// half-way) skips what is already in and adds the rest; nothing is added twice.
//
//   units.csv          id,name,kind,aliases,parent,member_since,left_on   (aliases ";"-separated)
//   scoring_sheet.csv  id,parent,title,points,method,rule          (points may be 2.5)
//   task breakdown     项目,序号,工作要点,任务清单,牵头单位,配合单位,完成时限
//                      (or category,work_point,work_point_text,task,lead_unit,
//                       cooperating_units,deadline; an optional id column)
//   groups.csv         name,members                               (members ";"-separated)
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "engine/envelope.h"
#include "engine/message.h"
#include "engine/status.h"

namespace safecity {
class CommandGateway;
}

namespace safecity::imports {

// Told after each command sent: (done, total). May be null.
using ImportProgress = std::function<void(int64_t done, int64_t total)>;

struct ImportReport {
  int64_t rows = 0;
  int64_t added = 0;
  int64_t already = 0;  // rows a previous run of the same file had added
  Json planned = Json::array();  // task imports: the task.assign data of each task
  // unit imports: {"unit","line","change": added|renamed|alias_added|alias_removed|left, ...}
  Json changes = Json::array();
};

// A unit already in the directory follows the file: a new name is a
// unit.rename (the old name kept as an alias when the file lists it among
// the aliases), aliases the file adds or drops are unit.add_alias and
// unit.remove_alias, a left_on it adds is unit.leave. A different kind or
// parent, a changed member_since or left_on is an error: no event changes
// them. `changes` lists what was (or, with dry_run, would be) done, per unit.
// With update_existing false (a template installed again) the units already
// there are left as they are, renamed or not, and only new ones are added.
Result<ImportReport> ImportUnits(CommandGateway* engine, const std::string& file_name, const std::string& text,
                                 const Actor& actor, int64_t at, const ImportProgress& progress = nullptr,
                                 bool dry_run = false, bool update_existing = true);

struct SheetHeader {
  std::string sheet_id, version, title;
};
// A scoring sheet's items as its CSV gives them, checked as sheet.define
// checks them (an error names the file, line and column).
Result<Json> ReadSheetItems(const std::string& file_name, const std::string& text);
Result<ImportReport> ImportSheet(CommandGateway* engine, const std::string& file_name, const std::string& text,
                                 const SheetHeader& sheet, const Actor& actor, int64_t at);

// A task breakdown table (任务分解表), read as the plans print it: CSV or
// tab-separated text (a table copied out of the document), its header found
// among the first rows (a title may stand above it) under the names plans
// use (任务清单, 主要目标任务, 工作任务; 牵头单位/牵头部门 and 配合单位; or
// 责任单位/责任部门 alone; 完成时限, 完成时间, 时间节点 ...). A header printed
// again on the next page is skipped; a heading row (一、…) is the category
// of the rows below it; a row with no task continues the row above (a cell
// broken by a page). Cells are read as breakdown_cells.h describes; names
// resolve to units through the unit directory, group names through the
// groups file.
//
// Who carries a row (its tracks, each a rectification task of its own with
// its own acknowledgement, plan, evidence, verification and deadline):
//  - 牵头单位 column: the first lead, with the other leads and the 配合单位 as
//    cooperating units; task id `<prefix>-<work point>-<item>` ("gs-2-3" for
//    序号 2, task （3）), or `<prefix>-s<section>-<item>` without a number.
//  - a group that leads (各街道（园区）牵头): one track per member.
//  - 责任单位 column without a 牵头 mark (the plan sets no lead unit):
//    shared responsibility, one track per unit named and per member of a
//    group named.
//  - --each GROUP (options.each): a track for every member on every row.
// Several tracks of one row have ids `<row id>-<unit id>` and carry the row
// id as source.plan_task (rectification::ListPlanTracks rolls them up). An
// id column overrides the row id. A task id already taken by anything but a
// previous run of the same import is an error before anything is written.
//
// Errors: every error of the file is found in one run (PlanTaskImport lists
// them, each at its file:line:column), and nothing is written while one remains.
struct TaskImportOptions {
  std::string prefix;            // default: the campaign, else the file's name without .csv
  std::string campaign;          // the inspection round the tasks belong to (optional)
  std::string default_deadline;  // for cells with no date (blank, 长期); else such a row is an error
  std::string stage;             // a stage of the round's schedule: rows with no date are due when it ends
                                 // (a 阶段 column names each row's own); needs `campaign`
  std::string groups_file, groups_text;
  bool dry_run = false;              // check and plan, write nothing
  std::vector<std::string> each;     // groups whose every member gets a track on every row
  Language lang = Language::kZh;     // the words of the errors
};

struct TaskImportPlan {
  std::vector<std::pair<int, CommandEnvelope>> commands;  // (line, task.assign), in the file's order
  Json planned = Json::array();                           // the task.assign data of each new task
  std::vector<Status> errors;                             // every error, each at its file:line:column
  // Ok without errors; else the one error, or all of them in one status.
  Status Failure(const std::string& file, Language lang) const;
};
// Reads and checks the whole table against the store; writes nothing.
Result<TaskImportPlan> PlanTaskImport(CommandGateway* engine, const std::string& file_name, const std::string& text,
                                      const TaskImportOptions& options, const Actor& actor, int64_t at);
// Sends the commands of a plan without errors, in order.
Result<ImportReport> SubmitTaskImport(CommandGateway* engine, const std::string& file_name, TaskImportPlan plan,
                                      const ImportProgress& progress = nullptr);
// Plans, then (unless options.dry_run) sends every command, when no row has an error.
Result<ImportReport> ImportTasks(CommandGateway* engine, const std::string& file_name, const std::string& text,
                                 const TaskImportOptions& options, const Actor& actor, int64_t at,
                                 const ImportProgress& progress = nullptr);

// "2.5" -> 250; at most two decimals.
Result<int64_t> ParsePoints(const std::string& text, const std::string& field);

}  // namespace safecity::imports
