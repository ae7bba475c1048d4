#include "cli/demo.h"

#include <filesystem>
#include <fstream>

#include "cli/campaign_cli.h"
#include "cli/campaign_reports.h"
#include "cli/exit_code.h"
#include "cli/reports.h"
#include "engine/command_gateway.h"
#include "engine/log_audit.h"
#include "engine/replay.h"
#include "engine/sha256.h"
#include "engine/store.h"
#include "engine/time_util.h"
#include "engine/workflow.h"
#include "workflows/registry.h"

namespace safecity::cli {

namespace {

class Demo {
 public:
  Demo(CommandGateway* engine, std::ostream& out, std::ostream& err) : engine_(engine), out_(out), err_(err) {}

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
    auto settled = engine_->Settle();  // the process manager's follow-ups, as the CLI does
    if (!settled.ok()) {
      err_ << "demo: reactions stopped: " << settled.status().ToString() << "\n";
      ++failures_;
    }
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
  CommandGateway* engine_;
  std::ostream& out_;
  std::ostream& err_;
  int seq_ = 0;
  int failures_ = 0;
};

constexpr const char* kDemoMarker = "SAFECITY_DEMO";

Actor Office() { return {"office", "office"}; }
Actor Unit(const std::string& id) { return {id, "unit"}; }
Actor Inspector(const std::string& group) { return {group, "inspector"}; }

constexpr const char* kRound = "xian-2023-self-inspection";
const std::string kRoundStream = std::string("campaign-") + kRound;

std::string At(const std::string& day, const char* time = "09:00") { return "2023-" + day + "T" + time + ":00+08:00"; }

// A finding of the system check or a spot check (扣分), with what the unit must fix.
struct DemoFinding {
  const char* unit;
  const char* item;
  int64_t points_x100;
  const char* reason;
  const char* suggestion;
  const char* path;  // what the unit then does with its task
};

const DemoFinding kFindings[] = {
    {"雁塔区", "1.2", 60, "随机抽查10个建设项目，2个缺少安全预评价报告", "补齐安全评价报告并建立审核台账", "accepted"},
    {"碑林区", "1.4", 40, "2处人员密集区域消防通道被占用", "清理占用并设置禁停标识", "returned"},
    {"莲湖区", "2.1", 100, "城市安全风险评估报告未覆盖重点行业领域", "补充开展危化、燃气领域风险评估", "accepted"},
    {"未央区", "2.3", 150, "重大危险源监测预警系统未接入市级平台", "完成平台对接", "overdue"},
    {"长安区", "2.5", 300, "地质灾害隐患点群测群防制度落实不到位", "完善群测群防员配备与培训", "overdue_interview"},
    {"高新区", "3.1", 50, "安全生产执法检查计划未按季度公开", "按季度公开执法计划", "accepted"},
    {"市住建局", "1.2", 100, "建设项目安全设施设计审核资料不全", "补齐审核资料", "accepted"},
    {"市城管局", "2.6", 80, "城市生命线工程安全监测覆盖率不足", "制定监测覆盖提升计划", "submitted"},
    {"市交通局", "1.4", 30, "桥梁限高限重标识缺失1处", "补设标识", "extended"},
    {"市应急管理局", "5.1", 100, "应急预案修订不及时", "按规定修订并备案", "acknowledged"},
};

Json Ev(const std::string& name) {
  return Json::array({Json{{"name", name}, {"sha256", Sha256Hex("evidence " + name)}, {"uri", "file:///evidence/" + name}}});
}


}  // namespace

int RunDemo(const std::string& data_dir, const Globals& cluster, std::ostream& out, std::ostream& err) {
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
  out << "== safecity demo: 西安市创建国家安全发展示范城市 2023 self-inspection round (自检评估) ==\n";
  out << "data directory: " << data_dir;
  if (!cluster.brokers.empty()) out << " (replica of the cluster at " << cluster.brokers << ")";
  out << "\n\n";
  out << "1. The office installs the Xi'an 2023 template: its units, scoring sheet and round.\n";
  if (auto created = Store::Open(data_dir); !created.ok()) {
    err << "error: " << created.status().ToString() << "\n";
    return ExitCode(created.status());
  }
  Globals g = cluster;
  g.data = data_dir;
  g.at = At("03-01");
  int installed = InstallTemplate(g, TemplateDir("xian2023"), out);
  if (installed != 0) return installed;
  auto engine = OpenGateway(g);
  if (!engine.ok()) {
    err << "error: " << engine.status().ToString() << "\n";
    return ExitCode(engine.status());
  }
  CommandGateway* e = engine.value().get();
  Demo d(e, out, err);
  const Actor office = Office();

  out << "\n2. The office launches the round and its phases (启动 → 自查自评 → 系统核查).\n";
  d.Do(At("03-02"), "campaign.launch", kRoundStream, office, Json{{"note", "市安城创办发〔2023〕2号"}});
  d.Do(At("03-03"), "campaign.start_self_check", kRoundStream, office, Json{{"note", "各单位3月24日前报送自评报告"}});
  d.Do(At("03-20"), "campaign.start_system_check", kRoundStream, office, Json::object());

  out << "3. The data-check group scores task items in the system; every deduction (扣分) opens a rectification task.\n";
  for (size_t i = 0; i < std::size(kFindings); ++i) {
    const auto& f = kFindings[i];
    if (i == 7) d.Do(At("03-26"), "campaign.start_spot_check", kRoundStream, office, Json{{"note", "三个抽查组现场抽查"}});
    d.Do(At(i < 7 ? "03-22" : "03-27"), "campaign.record_finding", kRoundStream, i < 7 ? office : Inspector("第一抽查组"),
         Json{{"unit", f.unit}, {"item", f.item}, {"points_x100", f.points_x100}, {"reason", f.reason}, {"suggestion", f.suggestion}});
  }
  out << "   Ratio and judgement items: qualified / sampled × points, or the evaluators' points.\n";
  d.Do(At("03-27"), "campaign.record_assessment", kRoundStream, Inspector("第一抽查组"),
       Json{{"unit", "雁塔区"}, {"item", "2.4"}, {"qualified", 17}, {"sampled", 20}, {"note", "抽查20家企业，17家风险分级管控到位"}});
  d.Do(At("03-27"), "campaign.record_assessment", kRoundStream, Inspector("第二抽查组"),
       Json{{"unit", "长安区"}, {"item", "3.4"}, {"points_x100", 150}, {"note", "宣传教育覆盖面不足"}});
  d.Do(At("03-27"), "campaign.record_finding", kRoundStream, Inspector("第二抽查组"),
       Json{{"unit", "长安区"}, {"item", "1.5"}, {"points_x100", 600}, {"reason", "规模以上工业企业安全生产标准化率低于95%"},
            {"suggestion", "制定标准化创建计划"}, {"open_task", false}});
  d.Do(At("03-27"), "campaign.record_finding", kRoundStream, Inspector("第二抽查组"),
       Json{{"unit", "长安区"}, {"item", "2.5"}, {"points_x100", 900}, {"reason", "3处地质灾害隐患点无监测设施"},
            {"suggestion", "补建监测设施"}, {"open_task", false}});

  out << "4. Hazards (隐患) found by an unannounced inspection (暗访) and a citizen report.\n";
  d.Do(At("03-28"), "hazard.report", "hazard-AF-2023-01", office,
       Json{{"hazard_id", "AF-2023-01"}, {"title", "雁塔区某商业综合体消防控制室无人值守"}, {"source", "unannounced_inspection"},
            {"location", "雁塔区小寨"}, {"unit", "雁塔区"}, {"campaign", kRound}});
  d.Do(At("03-28", "10:00"), "hazard.confirm", "hazard-AF-2023-01", office,
       Json{{"grade", "major"}, {"deadline", "2023-04-12"}, {"cooperating_units", {"市消防救援支队"}}, {"note", "暗访曝光"}});
  d.Do(At("03-29"), "hazard.report", "hazard-JB-2023-07", office,
       Json{{"hazard_id", "JB-2023-07"}, {"title", "碑林区老旧小区电动车楼道充电"}, {"source", "citizen_report"}, {"unit", "碑林区"}});
  d.Do(At("03-29", "10:00"), "hazard.confirm", "hazard-JB-2023-07", office, Json{{"grade", "general"}, {"deadline", "2023-04-10"}});
  d.Do(At("03-29"), "hazard.report", "hazard-JB-2023-08", office,
       Json{{"hazard_id", "JB-2023-08"}, {"title", "莲湖区某路段井盖松动"}, {"source", "citizen_report"}, {"unit", "莲湖区"}});
  d.Do(At("03-30"), "hazard.dismiss", "hazard-JB-2023-08", office, Json{{"reason", "现场核实已由产权单位修复，不构成隐患"}});

  out << "5. Rectification (问题整改): units acknowledge, plan, work and submit; inspectors verify.\n";
  d.Do(At("04-01"), "campaign.start_rectification", kRoundStream, office, Json{{"note", "4月15日前完成整改"}});
  struct Work {
    std::string task, unit, path;
  };
  std::vector<Work> work;
  for (size_t i = 0; i < std::size(kFindings); ++i)
    work.push_back({std::string(kRound) + "-F" + std::to_string(i + 1), kFindings[i].unit, kFindings[i].path});
  work.push_back({"HZ-AF-2023-01", "雁塔区", "accepted_on_site"});
  work.push_back({"HZ-JB-2023-07", "碑林区", "accepted"});
  for (const auto& w : work) {
    std::string s = "task-" + w.task;
    Actor lead = Unit(w.unit);
    d.Do(At("04-02"), "task.acknowledge", s, lead, Json{{"note", "已签收"}});
    if (w.path == "acknowledged" || w.path == "overdue_interview") continue;  // silence: the deadline passes
    d.Do(At("04-03"), "task.submit_plan", s, lead, Json{{"plan", "明确责任人、措施和时间节点"}, {"planned_completion", "2023-04-12"}});
    d.Do(At("04-03", "15:00"), "task.start", s, lead, Json::object());
    if (w.path == "overdue") continue;
    if (w.path == "extended") {
      d.Do(At("04-05"), "task.request_extension", s, lead, Json{{"new_deadline", "2023-04-28"}, {"reason", "标识需定制，供货周期长"}});
      d.Do(At("04-06"), "task.grant_extension", s, office, Json{{"comment", "同意延期至4月28日"}});
      continue;
    }
    d.Do(At("04-08"), "task.submit", s, lead, Json{{"evidence", Ev(w.task + "-整改报告.pdf")}, {"note", "整改完成，请核查"}});
    if (w.path == "submitted") continue;
    std::string v = "verification-" + w.task + "-1";
    std::string group = w.path == "accepted_on_site" ? "现场核查组" : "资料核查组";
    d.Do(At("04-09"), "verification.assign", v, office, Json{{"inspector", group}});
    if (w.path == "returned") {
      d.Do(At("04-10"), "verification.fail", v, Inspector(group), Json{{"reasons", {"缺少整改前后对比照片", "1处通道仍有杂物"}}});
      d.Do(At("04-12"), "task.submit", s, lead, Json{{"evidence", Ev(w.task + "-补充照片.zip")}, {"note", "已补充"}});
      v = "verification-" + w.task + "-2";
      d.Do(At("04-13"), "verification.assign", v, office, Json{{"inspector", group}});
    }
    d.Do(At("04-14"), "verification.pass", v, Inspector(group), Json{{"comment", "核查通过"}});
  }
  d.Do(At("04-16"), "hazard.close", "hazard-AF-2023-01", office, Json{{"note", "重大隐患整改到位，销号"}});
  d.Do(At("04-16"), "task.close", "task-" + std::string(kRound) + "-F1", office, Json{{"note", "销号"}});

  out << "6. The clock passes the deadlines: overdue work climbs reminder → warning → interview (催办 → 警示通报 → 约谈).\n";
  for (const char* day : {"04-16", "04-19", "04-23"}) d.Do(At(day), "clock.tick", "clock-city", office, Json::object());

  out << "7. What the workflows refuse (each answered with a one-line reason, nothing written):\n";
  d.Do(At("04-23"), "campaign.launch", kRoundStream, office, Json::object(), false);
  d.Do(At("04-23"), "campaign.record_finding", kRoundStream, office,
       Json{{"unit", "雁塔区"}, {"item", "1.2"}, {"points_x100", 500}, {"reason", "超出分值"}}, false);
  d.Do(At("04-23"), "hazard.list", "hazard-JB-2023-07", office, Json::object(), false);
  d.Do(At("04-23"), "task.submit", "task-HZ-JB-2023-07", Unit("碑林区"), Json{{"evidence", Ev("x.pdf")}}, false);

  d.Do(At("04-24"), "campaign.start_reporting", kRoundStream, office, Json{{"note", "4月下旬形成自检评估报告"}});
  const int64_t now = *ParseIsoMs(At("04-24"));
  out << "\n8. Dashboard on 2023-04-24 (创建评估看板), units with findings:\n";
  auto dash = Dashboard(e->store(), kRound, now, /*active_only=*/true);
  if (dash.ok()) {
    dash.value().Print(out);
  }
  out << "\n9. Feedback list of 长安区 (问题反馈清单):\n";
  ReadModelReader reader(e->store());
  auto fb = campaign::ReadFeedbackList(reader, kRound, "xa-changan");
  if (fb.ok()) FeedbackTable(fb.value()).Print(out);
  out << "\n10. Bulletin 2023-04-01 – 2023-04-30 (通报):\n";
  auto read = campaign::ReadBulletin(reader, *ParsePeriodStartMs("2023-04-01"), *ParseDeadlineMs("2023-04-30") + 1);
  if (read.ok()) {
    const BulletinTables bul = MakeBulletinTables(read.value());
    out << "late units 逾期单位:\n";
    bul.late_units.Print(out);
    out << "closed hazards 销号隐患:\n";
    bul.closed_hazards.Print(out);
    for (const auto& id : bul.hazard_ids)
      d.Do(At("04-30"), "hazard.bulletin", "hazard-" + id, office, Json{{"bulletin_id", "XA-2023-TB-04"}, {"note", "4月通报"}});
  }
  d.Do(At("04-30", "18:00"), "campaign.close", kRoundStream, office, Json{{"note", "自检评估结束"}});
  out << "\n11. 长安区's inbox (通知):\n";
  auto inbox = Inbox(e->store(), "xa-changan", false);
  if (inbox.ok()) inbox.value().Print(out);
  out << "\n12. History of the major hazard AF-2023-01:\n";
  auto hist = History(e->store(), "hazard-AF-2023-01");
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
  out << "\n13. Replay: " << events << " events; read models rebuilt from the log: checksum "
      << (rebuilt.ok() ? rebuilt.value().checksum.substr(0, 16) : "error") << " ("
      << (before.ok() && rebuilt.ok() && before.value() == rebuilt.value().checksum ? "identical to before" : "DIFFERENT")
      << "); hash chains " << (verified.ok() && verified.value().intact ? "intact" : "BROKEN") << ".\n";
  bool ok = d.failures() == 0 && before.ok() && rebuilt.ok() && before.value() == rebuilt.value().checksum &&
            verified.ok() && verified.value().intact;
  out << (ok ? "\ndemo finished.\n" : "\ndemo FAILED.\n");
  out << "Try: safecity --data " << data_dir << " --at 2023-04-24 report dashboard " << kRound << "\n";
  return ok ? 0 : 1;
}

}  // namespace safecity::cli
