#include "workflows/store/repair_refusals.h"

namespace safecity::store {

const Message kRepairsStreamMismatch{"store.stream_mismatch", "须为 {stream}", "must be {stream}"};
const Message kAcceptLossOnly{"store.accept_loss_only", "日志的损失只由{@accept_loss}记录，不能手工写入",
                              "only {@accept_loss} records a loss of the log; nobody writes it by hand"};
const Message kLastBeforeFirstLost{"store.last_before_first_lost", "不能早于 first_lost_position",
                                   "must not be before first_lost_position"};
const Message kLossAfterEarlierRepair{"store.loss_after_repair", "后一次损失须在前一次的修复事件之后",
                                      "a later loss is after the repair event of the earlier one"};

const std::vector<const Message*>& RepairRefusals() {
  static const std::vector<const Message*> all = {&kRepairsStreamMismatch, &kAcceptLossOnly, &kLastBeforeFirstLost, &kLossAfterEarlierRepair};
  return all;
}

}  // namespace safecity::store
