#include "workflows/common_refusals.h"

namespace safecity {

const Message kNotInState{"not_in_state", "{kind_zh} {id} 当前为{state_zh}（{state}）；{command} 只能在以下状态办理：{allowed_zh}",
                          "{kind} {id} is {state} ({state_zh}); {command} is allowed only when it is {allowed}"};
const Message kNoSuchRound{"round.not_found", "没有评估轮次“{round}”；{@round_list}", "no round '{round}'; {@round_list}"};

const Message kDateOutOfRange{"date.out_of_range", "“{value}”不在 1970 至 9999 年之间；请写真实的日期",
                              "'{value}' is outside 1970 to 9999; give a real date"};
const Message kNotADate{"date.invalid", "“{value}”不是日期或时间；{@date_example}", "'{value}' is not a date or time; {@date_example}"};

const std::vector<const Message*>& CommonRefusals() {
  static const std::vector<const Message*> all = {&kNotInState, &kNoSuchRound, &kDateOutOfRange, &kNotADate};
  return all;
}

}  // namespace safecity
