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

#include <string>

#include "engine/envelope.h"
#include "engine/status.h"

namespace safecity {
class CommandGateway;
}

namespace safecity::cli {

struct ImportReport {
  int64_t rows = 0;
  int64_t added = 0;
  int64_t already = 0;  // rows a previous run of the same file had added
  Json planned = Json::array();  // task imports: the task.assign data of each task
};

Result<ImportReport> ImportUnits(CommandGateway* engine, const std::string& file_name, const std::string& text,
                                 const Actor& actor, int64_t at);

struct SheetHeader {
  std::string sheet_id, version, title;
};
Result<ImportReport> ImportSheet(CommandGateway* engine, const std::string& file_name, const std::string& text,
                                 const SheetHeader& sheet, const Actor& actor, int64_t at);

// A task breakdown table (任务分解表): one rectification task per row, or one
// per member when the lead is a group. Cells are read as breakdown_cells.h
// describes; names resolve to units through the unit directory, group names
// through the groups file. Task ids are `<prefix>-<work point>-<item>` ("gs-2-3"
// for 序号 2, task （3）), or `<prefix>-s<section>-<item>` for rows without a
// work-point number (section = the 项目 cell's numeral); a group lead adds
// `-<unit id>`; an id column overrides. A task id already taken by anything
// but a previous run of the same import is an error before anything is written.
struct TaskImportOptions {
  std::string prefix;            // default: the campaign, else the file's name without .csv
  std::string campaign;          // the inspection round the tasks belong to (optional)
  std::string default_deadline;  // for cells with no date (blank, 长期); else such a row is an error
  std::string groups_file, groups_text;
  bool dry_run = false;          // check and plan, write nothing
};
Result<ImportReport> ImportTasks(CommandGateway* engine, const std::string& file_name, const std::string& text,
                                 const TaskImportOptions& options, const Actor& actor, int64_t at);

// "2.5" -> 250; at most two decimals.
Result<int64_t> ParsePoints(const std::string& text, const std::string& field);

}  // namespace safecity::cli
