#include "cli/demo.h"

#include <filesystem>
#include <fstream>

#include "cli/reports.h"
#include "engine/engine.h"
#include "engine/replay.h"
#include "engine/sha256.h"
#include "engine/store.h"
#include "engine/time_util.h"
#include "engine/workflow.h"

namespace safecity::cli {

namespace {

struct DemoUnit {
  const char* id;
  const char* name;
  const char* kind;
  std::vector<std::string> aliases;
};

// Twelve of the units the Xi'an 2023 self-inspection plan (003) evaluates.
const DemoUnit kUnits[] = {
    {"yjj", "市应急管理局", "department", {"应急局", "市应急局"}},
    {"zjj", "市住建局", "department", {"住建局"}},
    {"xfzd", "市消防救援支队", "department", {"消防支队"}},
    {"jtj", "市交通局", "department", {"交通局"}},
    {"cgj", "市城管局", "department", {"城管局"}},
    {"scjgj", "市市场监管局", "department", {"市场监管局"}},
    {"yanta", "雁塔区", "district", {}},
    {"beilin", "碑林区", "district", {}},
    {"lianhu", "莲湖区", "district", {}},
    {"weiyang", "未央区", "district", {}},
    {"changan", "长安区", "district", {}},
    {"gaoxin", "高新区", "district", {"西安高新区"}},
};

struct DemoTask {
  const char* id;
  const char* title;
  const char* category;
  const char* lead;
  std::vector<std::string> coop;
  const char* deadline;
  const char* path;  // what happens to it in the demo
};

const DemoTask kTasks[] = {
    {"XA-2023-001", "城镇燃气管道老化隐患排查整治", "风险防控", "zjj", {"cgj", "yanta"}, "2023-04-15", "accepted"},
    {"XA-2023-002", "高层建筑消防设施完好率提升", "风险防控", "xfzd", {"zjj"}, "2023-04-15", "returned"},
    {"XA-2023-003", "危险化学品企业安全风险分级管控", "源头治理", "yjj", {"scjgj"}, "2023-04-10", "closed"},
    {"XA-2023-004", "道路交通安全隐患点治理", "风险防控", "jtj", {"weiyang"}, "2023-04-15", "extended"},
    {"XA-2023-005", "餐饮场所燃气报警装置安装", "源头治理", "scjgj", {"beilin", "lianhu"}, "2023-04-15", "extension_refused"},
    {"XA-2023-006", "城市生命线工程安全监测", "监督管理", "cgj", {}, "2023-04-15", "in_progress"},
    {"XA-2023-007", "建筑施工领域安全隐患整改", "风险防控", "yanta", {"zjj"}, "2023-03-31", "overdue"},
    {"XA-2023-008", "老旧小区电动车充电设施改造", "源头治理", "beilin", {"xfzd"}, "2023-04-15", "accepted"},
    {"XA-2023-009", "社区应急避难场所建设", "应急救援", "lianhu", {"yjj"}, "2023-03-25", "overdue"},
    {"XA-2023-010", "重点行业领域安全生产专项整治", "监督管理", "weiyang", {}, "2023-04-15", "submitted"},
    {"XA-2023-011", "地质灾害隐患点群测群防", "风险防控", "changan", {"yjj"}, "2023-04-15", "closed"},
    {"XA-2023-012", "安全发展示范园区创建", "源头治理", "gaoxin", {}, "2023-04-15", "acknowledged"},
};

class Demo {
 public:
  Demo(Engine* engine, std::ostream& out, std::ostream& err) : engine_(engine), out_(out), err_(err) {}

  // Submits one command at simulated time `at`; prints refusals, counts failures.
  bool Do(const std::string& at, const std::string& type, const std::string& stream, Actor actor, Json data,
          bool expect_ok = true) {
    CommandEnvelope c;
    c.id = "demo-" + std::to_string(++seq_);
    c.type = type;
    c.stream = stream;
    c.issued_at = *ParseIsoMs(at);
    c.actor = std::move(actor);
    c.data = std::move(data);
    CommandResult r = engine_->Submit(c);
    if (r.status.ok() != expect_ok) {
      err_ << "demo: unexpected result for " << type << " on " << stream << ": " << r.body.dump() << "\n";
      ++failures_;
    }
    if (!r.status.ok() && !expect_ok) {
      out_ << "  refused as expected: " << type << " on " << stream << " → " << r.status.ToString() << "\n";
    }
    return r.status.ok();
  }
  int failures() const { return failures_; }

 private:
  Engine* engine_;
  std::ostream& out_;
  std::ostream& err_;
  int seq_ = 0;
  int failures_ = 0;
};

constexpr const char* kDemoMarker = "SAFECITY_DEMO";

Actor Office() { return {"office", "office"}; }
Actor Unit(const std::string& id) { return {id, "unit"}; }
Actor Inspector() { return {"王工", "inspector"}; }

Json Evidence(const std::string& name, const std::string& content) {
  return Json::array({Json{{"name", name}, {"sha256", Sha256Hex(content)}, {"uri", "file:///evidence/" + name}}});
}

}  // namespace

int RunDemo(const std::string& data_dir, std::ostream& out, std::ostream& err) {
  namespace fs = std::filesystem;
  std::error_code ec;
  // Only a directory the demo made itself (it carries the marker) is replaced;
  // real data, or anything else, is never deleted.
  const fs::path marker = fs::path(data_dir) / kDemoMarker;
  if (fs::exists(data_dir, ec) && !fs::is_empty(data_dir, ec)) {
    if (!fs::exists(marker, ec)) {
      err << "error: --dir: " << data_dir
          << " is not empty and was not made by `safecity demo`; choose another --dir (the demo never replaces other data)\n";
      return 2;
    }
    fs::remove_all(data_dir, ec);  // an earlier demo's data: start afresh
  }
  fs::create_directories(data_dir, ec);
  std::ofstream(marker) << "made by safecity demo; `safecity demo` may replace this directory\n";
  if (!fs::exists(marker, ec)) {
    err << "error: --dir: cannot write to " << data_dir << "; choose a writable directory\n";
    return 2;
  }
  EngineOptions opts;
  opts.data_dir = data_dir;
  auto engine = Engine::Open(opts);
  if (!engine.ok()) {
    err << "error: " << engine.status().ToString() << "\n";
    return engine.status().exit_code();
  }
  Engine* e = engine.value().get();
  Demo d(e, out, err);

  out << "== safecity demo: 西安市创建国家安全发展示范城市 2023 rectification round ==\n";
  out << "data directory: " << data_dir << "\n\n";
  out << "1. The office registers " << std::size(kUnits) << " member units (成员单位).\n";
  for (const auto& u : kUnits)
    d.Do("2023-03-01T09:00:00+08:00", "unit.register", std::string("unit-") + u.id, Office(),
         Json{{"id", u.id}, {"name", u.name}, {"kind", u.kind}, {"aliases", u.aliases}});

  out << "2. The office assigns " << std::size(kTasks) << " rectification tasks (交办整改任务).\n";
  for (const auto& t : kTasks) {
    // Units are named as the documents write them: by name or alias.
    Json coop = Json::array();
    for (const auto& c : t.coop) coop.push_back(c);
    d.Do("2023-03-01T10:00:00+08:00", "task.assign", std::string("task-") + t.id, Office(),
         Json{{"task_id", t.id}, {"title", t.title}, {"category", t.category}, {"lead_unit", t.lead},
              {"cooperating_units", coop}, {"deadline", t.deadline},
              {"source", {{"kind", "system_check"}, {"ref", "市安城创办发〔2023〕2号"}}}});
  }

  out << "3. Units acknowledge, plan, work and submit evidence; the office verifies.\n";
  for (const auto& t : kTasks) {
    std::string s = std::string("task-") + t.id, path = t.path;
    Actor lead = Unit(t.lead);
    d.Do("2023-03-02T09:00:00+08:00", "task.acknowledge", s, lead, Json{{"note", "已签收"}});
    if (path == "acknowledged") continue;
    if (path == "overdue") continue;  // silence: the deadline passes
    d.Do("2023-03-05T09:00:00+08:00", "task.submit_plan", s, lead,
         Json{{"plan", std::string("制定") + t.title + "整改方案，明确责任人和时间节点"}, {"planned_completion", "2023-04-10"}});
    d.Do("2023-03-06T09:00:00+08:00", "task.start", s, lead, Json::object());
    if (path == "in_progress") continue;
    if (path == "extended" || path == "extension_refused") {
      d.Do("2023-03-20T09:00:00+08:00", "task.request_extension", s, lead,
           Json{{"new_deadline", "2023-05-15"}, {"reason", "涉及多部门协调，需延长整改期限"}});
      if (path == "extended") {
        d.Do("2023-03-21T09:00:00+08:00", "task.grant_extension", s, Office(), Json{{"comment", "同意延期至5月15日"}});
      } else {
        d.Do("2023-03-21T09:00:00+08:00", "task.refuse_extension", s, Office(), Json{{"reason", "按原定时限完成"}});
      }
      continue;
    }
    d.Do("2023-03-28T09:00:00+08:00", "task.submit", s, lead,
         Json{{"evidence", Evidence(std::string(t.id) + "-整改报告.pdf", std::string("report ") + t.id)},
              {"note", "整改完成，请核查"}});
    if (path == "submitted") continue;
    if (path == "returned") {
      d.Do("2023-03-30T09:00:00+08:00", "task.return", s, Inspector(),
           Json{{"reasons", {"现场核查发现3处消防通道仍被占用", "缺少整改前后对比照片"}}});
      d.Do("2023-04-08T09:00:00+08:00", "task.submit", s, lead,
           Json{{"evidence", Evidence(std::string(t.id) + "-补充材料.pdf", std::string("supplement ") + t.id)},
                {"note", "已补充整改照片"}});
    }
    d.Do("2023-04-12T09:00:00+08:00", "task.accept", s, Inspector(), Json{{"comment", "资料核查通过"}});
    if (path == "closed")
      d.Do("2023-04-16T09:00:00+08:00", "task.close", s, Office(), Json{{"note", "销号"}});
  }

  out << "4. What the workflow refuses (each answered with a one-line reason, nothing written):\n";
  d.Do("2023-04-16T10:00:00+08:00", "task.close", "task-XA-2023-006", Office(), Json::object(), false);
  d.Do("2023-04-16T10:00:00+08:00", "task.submit", "task-XA-2023-001", Unit("雁塔区"),
       Json{{"evidence", Evidence("x.pdf", "x")}}, false);
  d.Do("2023-04-16T10:00:00+08:00", "task.acknowledge", "task-XA-2023-012", Unit("碑林区"), Json::object(), false);

  const int64_t now = *ParseIsoMs("2023-04-20T09:00:00+08:00");
  out << "\n5. Per-unit progress on 2023-04-20 (单位整改进度):\n";
  auto units = UnitReport(e->store(), now);
  if (units.ok()) units.value().Print(out);
  out << "\n6. Open tasks by deadline (未完成任务，按完成时限):\n";
  TaskFilter open;
  open.open_by_deadline = true;
  auto tasks = TaskList(e->store(), open, now);
  if (tasks.ok()) tasks.value().Print(out);
  out << "\n7. History of task XA-2023-002 (returned once, then accepted):\n";
  auto hist = History(e->store(), "task-XA-2023-002");
  if (hist.ok()) hist.value().Print(out);

  auto before = StateChecksum(e->store());
  int64_t events = e->store()->LastPosition();
  engine.value().reset();  // stop the workers before rebuilding
  auto store = Store::Open(data_dir);
  if (!store.ok()) {
    err << "error: " << store.status().ToString() << "\n";
    return 3;
  }
  auto rebuilt = RebuildReadModels(store.value().get(), DefaultWorkflows());
  auto verified = VerifyLog(store.value().get());
  out << "\n8. Replay: " << events << " events; read models rebuilt from the log: checksum "
      << (rebuilt.ok() ? rebuilt.value().checksum.substr(0, 16) : "error") << " ("
      << (before.ok() && rebuilt.ok() && before.value() == rebuilt.value().checksum ? "identical to before" : "DIFFERENT")
      << "); hash chains " << (verified.ok() && verified.value().intact ? "intact" : "BROKEN") << ".\n";
  bool ok = d.failures() == 0 && before.ok() && rebuilt.ok() && before.value() == rebuilt.value().checksum &&
            verified.ok() && verified.value().intact;
  out << (ok ? "\ndemo finished.\n" : "\ndemo FAILED.\n");
  out << "Try: safecity --data " << data_dir << " task list --unit 雁塔区\n";
  return ok ? 0 : 1;
}

}  // namespace safecity::cli
