#include "workflows/scoring/sheet_refusals.h"

namespace safecity::scoring {

const Message kSheetStreamMismatch{"sheet.stream_mismatch", "须为 {stream}", "must be {stream}"};
const Message kSheetOfficeOnly{"sheet.office_only", "只有创建办可以定义评价细则；{@as_office}", "only the office defines scoring sheets; {@as_office}"};
const Message kSheetVersionExists{"sheet.version_exists", "评价细则 {sheet} 的 {version} 版已经定义，且不再更改；请定义新的版本",
                                  "scoring sheet {sheet} version {version} is already defined and never changes; define a new version"};

const std::vector<const Message*>& SheetRefusals() {
  static const std::vector<const Message*> all = {&kSheetStreamMismatch, &kSheetOfficeOnly, &kSheetVersionExists};
  return all;
}

}  // namespace safecity::scoring
