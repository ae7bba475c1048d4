#include "engine/store_refusals.h"

namespace safecity {

const Message kDiskFull{"store.disk_full",
                        "{dir} 所在的磁盘已满：本次写入被拒绝，未保留任何内容；读取照常，腾出空间后写入自动恢复",
                        "no space left on the disk of {dir}: the write was refused and nothing of it was kept; reads go "
                        "on, and writes resume by themselves once space is freed"};
const Message kDiskFullAtOpen{"store.disk_full_at_open", "{dir} 所在的磁盘已满，无法打开存储；请腾出空间后重试",
                              "no space left on the disk of {dir} to open the store: free some space and try again"};
const Message kWriteFailed{"store.write_failed",
                           "写入 {dir} 失败（{detail}）：本次写入被拒绝，未保留任何内容；存储恢复后写入自动恢复",
                           "writing to {dir} failed ({detail}): the write was refused and nothing of it was kept; writes "
                           "resume once the store recovers"};
const Message kStoreReadOnly{"store.read_only",
                             "{dir} 中的存储在此只读打开；写入要由它的写入方进行（服务器，或修改数据的命令）",
                             "the store in {dir} is open for reading only here; writing needs its writer (the server, or a "
                             "command that changes data)"};

const std::vector<const Message*>& StoreRefusals() {
  static const std::vector<const Message*> all = {&kDiskFull, &kDiskFullAtOpen, &kWriteFailed, &kStoreReadOnly};
  return all;
}

}  // namespace safecity
