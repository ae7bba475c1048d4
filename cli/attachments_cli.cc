#include "cli/attachments_cli.h"

#include <iostream>
#include <sstream>

#include "cli/table.h"
#include "connectors/http/api_refusals.h"
#include "connectors/http/server_gateway.h"
#include "engine/attachment_store.h"
#include "engine/sha256.h"
#include "engine/store.h"
#include "workflows/rectification/evidence.h"
#include "workflows/rectification/evidence_files.h"

namespace safecity::cli {
namespace {

std::string AttachmentsDirOf(const Globals& g, const std::string& given) {
  return given.empty() ? DefaultAttachmentsDir(g.data) : given;
}

std::string Megabytes(int64_t bytes) {
  std::ostringstream out;
  out.precision(bytes >= 10 * 1048576 ? 0 : 1);
  out << std::fixed << static_cast<double>(bytes) / 1048576.0 << " MB";
  return out.str();
}

int Verify(const Globals& g, const std::string& dir_given) {
  // The files are on the server's machine: checked there, against its own log.
  if (ServerMode(g) || !g.brokers.empty())
    return Fail(Status::Invalid("--server", Label("attachments verify 在保存证据文件的机器上运行（serve 的数据目录或 --attachments-dir），不经服务器（--server、SAFECITY_SERVER 或配置文件）或 --brokers",
                                                  "attachments verify runs on the machine that keeps the files (serve's data directory or --attachments-dir), not through a server (--server, SAFECITY_SERVER or the config file) or --brokers")));
  const std::string dir = AttachmentsDirOf(g, dir_given);
  auto check = AttachmentStore(dir).Verify();
  if (!check.ok()) return Fail(check.status());
  auto store = OpenExisting(g, false);
  if (!store.ok()) return Fail(store.status());
  auto named = rectification::KeptEvidenceFiles(store.value().get());
  if (!named.ok()) return Fail(named.status());
  const AttachmentStore files(dir);
  std::vector<std::pair<std::string, std::string>> missing;     // sha256, the first task that names it
  std::vector<std::pair<std::string, std::string>> ungranted;   // sha256, a task that names it without its upload
  for (const auto& [sha, tasks] : named.value()) {
    if (!files.Has(sha)) {
      missing.emplace_back(sha, tasks.front());
      continue;
    }
    for (const std::string& task : tasks)
      if (!files.GrantedTo(task, sha)) ungranted.emplace_back(sha, task);
  }
  const auto& c = check.value();
  const bool whole = c.damaged.empty() && missing.empty();
  if (JsonOutput(g)) {
    Json j{{"dir", dir},          {"files", c.files},         {"bytes", c.bytes}, {"damaged", c.damaged},
           {"strays", c.strays},  {"named_by_log", named.value().size()}, {"missing", Json::array()}, {"ungranted", Json::array()},
           {"intact", whole}};
    for (const auto& [sha, task] : missing) j["missing"].push_back(Json{{"sha256", sha}, {"task", task}});
    for (const auto& [sha, task] : ungranted) j["ungranted"].push_back(Json{{"sha256", sha}, {"task", task}});
    std::cout << j.dump(2) << "\n";
  } else {
    std::cout << Label("证据文件目录 ", "attachments directory ") << dir << "\n"
              << Label("文件 ", "files: ") << c.files << Label(" 个，共 ", ", ") << Megabytes(c.bytes)
              << Label("；日志中的整改材料引用 ", "; the log's evidence names ") << named.value().size()
              << Label(" 个文件", " files") << "\n";
    for (const std::string& sha : c.damaged)
      std::cout << Label("内容与哈希不符（已被改动或损坏）：", "does not match its hash (altered or damaged): ") << sha << "\n";
    for (const auto& [sha, task] : missing)
      std::cout << Label("日志引用但不在目录中：", "named by the log but missing: ") << sha << " (" << Label("任务 ", "task ") << task << ")\n";
    for (const auto& [sha, task] : ungranted)
      std::cout << Label("任务引用了不是为它上传的文件（经该任务读不到；若刚从备份恢复，请一并恢复 for-task/）：",
                         "a task names a file not uploaded for it (not readable through that task; after a restore, restore for-task/ too): ")
                << sha << " (" << Label("任务 ", "task ") << task << ")\n";
    for (const std::string& s : c.strays) std::cout << Label("不是本系统存放的文件（未检查）：", "not a file kept here (not checked): ") << s << "\n";
    std::cout << (whole ? Label("完好：每个文件都与其哈希相符，日志引用的文件都在", "intact: every file matches its hash, and every file the log names is there")
                        : Label("不完好：请从备份恢复上面列出的文件（见 README 的“证据文件”一节）",
                                "not intact: restore the files listed above from a backup (README, Evidence files)"))
              << "\n";
  }
  return whole ? 0 : 1;
}

}  // namespace

Result<Json> KeepEvidenceFile(const Globals& g, const std::string& task, const std::string& path, const std::string& attachments_dir) {
  bool read = false;
  const std::string bytes = ReadFile(path, &read);
  if (!read) return Status::Invalid("--file", "cannot read " + path + "; give an existing file");
  const auto slash = path.find_last_of('/');
  const std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  if (bytes.empty()) return Status::Invalid("--file", path + " is empty; give the evidence file itself");
  const auto type = rectification::MediaTypeOfContent(bytes, name);
  if (!type)
    return Status::Refusal(Status::Code::kInvalid, "--file", http::kUploadType, {{"name", path}});
  if (ServerMode(g)) {
    auto server = OpenServer(g);
    if (!server.ok()) return server.status();
    auto answer = server.value()->Upload(task, name, bytes);
    if (!answer.ok()) return answer.status();
    const Json& a = answer.value();
    // What the server says it kept must be these bytes.
    if (a.value("sha256", "") != Sha256Hex(bytes))
      return Status::Storage("the server answered the upload of " + path + " with another file's hash; nothing was submitted");
    return Json{{"name", a.value("name", name)},
                {"sha256", a.value("sha256", "")},
                {"uri", a.value("uri", "")},
                {"media_type", a.value("media_type", *type)},
                {"size_bytes", a.value("size_bytes", static_cast<int64_t>(bytes.size()))}};
  }
  const AttachmentStore files(AttachmentsDirOf(g, attachments_dir));
  auto sha = files.Put(bytes);
  if (!sha.ok()) return sha.status();
  if (Status granted = files.Grant(task, sha.value()); !granted.ok()) return granted;
  return Json{{"name", name},
              {"sha256", sha.value()},
              {"uri", std::string(rectification::kAttachmentUriPrefix) + sha.value()},
              {"media_type", *type},
              {"size_bytes", static_cast<int64_t>(bytes.size())}};
}

void AddAttachmentCommands(CLI::App& app, Globals& g, int& rc) {
  static std::string dir;
  auto* att = app.add_subcommand("attachments", "evidence files (整改材料文件) kept by their SHA-256: verify");
  att->require_subcommand(1);
  auto* verify = att->add_subcommand(
      "verify", "read every kept evidence file again against its hash, and check that every file the log names is there (exit 1 if not)");
  verify->add_option("--attachments-dir", dir, "where the files are kept (default DATA/attachments, as `serve` keeps them)");
  verify->callback([&g, &rc] { rc = Verify(g, dir); });
}

}  // namespace safecity::cli
