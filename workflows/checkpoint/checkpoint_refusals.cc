#include "workflows/checkpoint/checkpoint_refusals.h"

namespace safecity::checkpoint {

const Message kCheckpointOfficeOrServer{
    "checkpoint.office_or_server",
    "只有创建办或服务器记录检查点；{@sign_checkpoint}", "only the office or the server records checkpoints; {@sign_checkpoint}"};
const Message kCheckpointOtherOrigin{"checkpoint.other_origin",
                                     "该检查点属于 {origin}，本流记录的是 {stream_origin}；请记入其所属日志的流",
                                     "the checkpoint is of {origin}, this stream records {stream_origin}; record it in the stream of its own log"};
const Message kCheckpointOnlyGrows{"checkpoint.only_grows", "已记录了 {tree_size} 个事件的检查点；检查点只增不减",
                                   "a checkpoint of {tree_size} events is already recorded; checkpoints only grow"};

const std::vector<const Message*>& CheckpointRefusals() {
  static const std::vector<const Message*> all = {&kCheckpointOfficeOrServer, &kCheckpointOtherOrigin, &kCheckpointOnlyGrows};
  return all;
}

}  // namespace safecity::checkpoint
