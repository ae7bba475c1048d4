// Reports of the campaign for the CLI: rounds, the campaign dashboard, a
// unit's feedback list (问题反馈清单), bulletins (通报), hazards,
// verifications and inboxes. All read the read models only.
#pragma once

#include <string>
#include <vector>

#include "cli/reports.h"
#include "cli/table.h"
#include "engine/envelope.h"
#include "engine/status.h"
#include "workflows/campaign/bulletin.h"
#include "workflows/campaign/period_report.h"
#include "workflows/campaign/round_dashboard.h"
#include "workflows/campaign/round_views.h"

namespace safecity {
class Store;
}

namespace safecity::cli {

Result<Table> CampaignList(Store* store);
// The same table from the rounds as GET /v1/rounds gives them.
Table CampaignTable(const std::vector<Json>& rounds);
// The round's summary as field / value rows (state, sheet, phase deadlines).
Result<Table> CampaignShow(Store* store, const std::string& campaign);
// The same table from the round as GET /v1/rounds/{id} gives it.
Table CampaignShowTable(const Json& round);
// The round's schedule (工作阶段): each stage of the plan with its days and
// where it stands at `now_ms` (未开始, 进行中, 已结束, 时间待定); steps under their stage.
Result<Table> ScheduleTable(Store* store, const std::string& campaign, int64_t now_ms);
// The same from the round as GET /v1/rounds/{id} gives it.
Result<Table> ScheduleTable(const Json& round, int64_t now_ms);
// Stages as read from a plan's text (imports/schedule_text.h), for a dry run.
Table StagesTable(const Json& stages);

// 创建评估看板: per unit of the round: tasks led (open / awaiting verification /
// accepted), overdue by escalation level, rectification rate, score, pass.
// `active_only` leaves out units with neither tasks nor findings.
Result<Table> Dashboard(Store* store, const std::string& campaign, int64_t now_ms, bool active_only = false);
// The same table from a dashboard in hand (a server's, campaign::DashboardFromJson).
Table DashboardTable(const campaign::RoundDashboard& dashboard);

// The unit's findings in the round: item, points, reason, suggestion, and the
// state of the task each opened; from a local store or a server's answer
// (campaign::FeedbackListFromJson).
Table FeedbackTable(const campaign::FeedbackList& list);

// 通报 (workflows/campaign/bulletin.h) for people: the late units and the
// closed hazards as tables, and the hazards issuing it names.
struct BulletinTables {
  Table late_units{{}};            // units with overdue work at the end of the period
  Table closed_hazards{{}};        // hazards closed (销号) in the period
  std::vector<std::string> hazard_ids;  // of closed_hazards, not yet bulletined
};
// From a local store's bulletin or a server's (campaign::BulletinFromJson).
BulletinTables MakeBulletinTables(const campaign::Bulletin& bulletin);

// 阶段报告 (workflows/campaign/period_report.h) for people: a row per unit and
// the lines that sum it up as Xi'an's progress bulletins do.
struct PeriodTables {
  Table units{{}};
  std::vector<std::string> summary;
  Json json;  // the same as GET /v1/reports/period
};
// From a local store's report or a server's (campaign::PeriodReportFromJson).
PeriodTables PeriodReportTables(const campaign::PeriodReport& report);

Result<Table> HazardList(Store* store, const std::string& state);
Result<Table> VerificationList(Store* store, const std::string& state, const std::string& inspector);
// The same tables from rows as GET /v1/hazards and /v1/verifications give them.
Table HazardTable(const std::vector<Json>& hazards, const UnitNames& name_of);
Table VerificationTable(const std::vector<Json>& verifications);
Result<Table> Inbox(Store* store, const std::string& recipient, bool unread_only);
// The same table from inbox entries as GET /v1/inbox returns them.
Table InboxTable(const std::vector<Json>& entries, bool unread_only);
Result<Table> SheetShow(Store* store, const std::string& ref);
Result<Table> SheetList(Store* store);
// The same tables from GET /v1/sheets/{ref} and the rows of GET /v1/sheets.
Table SheetTable(const Json& sheet);
Table SheetListTable(const std::vector<Json>& rows);

}  // namespace safecity::cli
