// The office's reports as official documents (cli/pdf_document.h): a
// bulletin (通报), a period report (阶段报告) and a unit's feedback list
// (问题反馈清单), each with its title worded from its period as the plans word
// theirs (2023年4月, 2023年第一季度, 2023年上半年), its opening paragraph,
// its figures in sentences, a chart, and its tables in the body or, when
// wide, as a landscape attachment. Built from the same tables the CLI prints.
#pragma once

#include <cstdint>
#include <string>

#include "cli/campaign_reports.h"
#include "cli/pdf_document.h"
#include "engine/status.h"

namespace safecity::cli {

// The letterhead as the clerk gives it (--issuer, --number, --date).
struct DocumentHead {
  std::string issuer;  // empty: the generic name of a creation office
  std::string number;  // 市安城创〔2023〕4号; [2023], (2023) and （2023） are written 〔2023〕
  std::string date;    // YYYY-MM-DD; empty: `today_ms`'s date in China
};
// The document with its letterhead filled in; refuses a --date that is not a date.
Result<OfficialDocument> StartDocument(const DocumentHead& head, int64_t today_ms);

// "2023年4月", "2023年第一季度", "2023年上半年", "2023年", or
// "2023年4月1日至5月15日" for [from_ms, to_ms) in China.
std::string PeriodPhrase(int64_t from_ms, int64_t to_ms);

void AddBulletin(OfficialDocument& doc, const BulletinTables& bulletin, int64_t from_ms, int64_t to_ms);
// `round_title`: the round's title when the report is of one round (--campaign), else "".
void AddPeriodReport(OfficialDocument& doc, const PeriodTables& report, int64_t from_ms, int64_t to_ms, const std::string& round_title);
void AddFeedback(OfficialDocument& doc, const Table& feedback, const std::string& round_title, const std::string& unit_name);

}  // namespace safecity::cli
