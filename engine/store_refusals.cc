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

const Message kStoreDamaged{"store.damaged",
                            "{dir} 中的存储已损坏（{what}），因此没有打开，也没有改动任何内容：请运行 `safecity repair "
                            "--accept-loss` 保留完好的部分并记下丢失的内容，或从备份恢复",
                            "the store in {dir} is damaged ({what}), so it is not opened and nothing was changed: run "
                            "`safecity repair --accept-loss` to keep what is whole and record what was lost, or restore a backup"};
const Message kNoData{"store.no_data", "{dir} 中没有 safecity 数据；请先运行 `safecity init`，或给出正确的 --data",
                      "no safecity data in {dir}; run `safecity init` first or pass the right --data"};
const Message kStoreInUse{"store.in_use",
                          "{dir} 正被另一个 safecity 进程（pid {pid}）使用，{seconds} 秒内未释放：请等它结束后重试，或用 "
                          "--timeout 秒数 等待更久",
                          "{dir} is in use by another safecity process (pid {pid}) and was not free within {seconds} s: try "
                          "again when it is done, or wait longer with --timeout SECONDS"};
const Message kStoreInUseBy{"store.in_use_unknown_holder",
                            "{dir} 正被另一个 safecity 进程使用，{seconds} 秒内未释放：请等它结束后重试，或用 --timeout 秒数 等待更久",
                            "{dir} is in use by another safecity process and was not free within {seconds} s: try again when "
                            "it is done, or wait longer with --timeout SECONDS"};

const Message kRefusedReactionUnreadable{"store.refused_reaction_unreadable",
                                         "被拒绝的后续命令 {id} 的记录无法读取；存储可能已损坏：请运行 `safecity verify`",
                                         "the record of refused reaction {id} cannot be read; the store may be damaged: run "
                                         "`safecity verify`"};

const std::vector<const Message*>& StoreRefusals() {
  static const std::vector<const Message*> all = {&kDiskFull, &kDiskFullAtOpen, &kWriteFailed, &kStoreReadOnly};
  return all;
}

const std::vector<const Message*>& StoreOpenRefusals() {
  static const std::vector<const Message*> all = {&kStoreDamaged, &kNoData, &kStoreInUse, &kStoreInUseBy,
                                                  &kRefusedReactionUnreadable};
  return all;
}

}  // namespace safecity
