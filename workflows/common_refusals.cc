#include "workflows/common_refusals.h"

namespace safecity {

const Message kNotInState{"not_in_state", "{kind_zh} {id} 当前为{state_zh}（{state}）；{command} 只能在以下状态办理：{allowed_zh}",
                          "{kind} {id} is {state} ({state_zh}); {command} is allowed only when it is {allowed}"};
const Message kNoSuchRound{"round.not_found", "没有评估轮次“{round}”；{@round_list}", "no round '{round}'; {@round_list}"};

const std::vector<const Message*>& CommonRefusals() {
  static const std::vector<const Message*> all = {&kNotInState, &kNoSuchRound};
  return all;
}

}  // namespace safecity
