// An official document (公文) as PDF: what the office prints, stamps and
// files — a bulletin (通报), a period report (阶段报告), a feedback list
// (问题反馈清单). The layout follows GB/T 9704-2012 as far as a report needs:
// A4, a text block of 156 × 225 mm; the issuing office's name in red as the
// letterhead (发文机关标志), the document number (发文字号) under it and a red
// rule; the title centred; the body with its headings (一、…) and paragraphs
// indented two characters; the list of attachments (附件：1. …), the issuing
// office and the date (成文日期) on the right; page numbers "— 1 —" at the
// foot, odd pages right and even pages left; each attachment on pages of its
// own (landscape for a wide table) headed 附件N.
//
// Text is set with Pango in Noto Serif CJK SC (body, title) and Noto Sans CJK
// SC (headings, tables, charts), from Debian's fonts-noto-cjk, embedded as
// subsets, so the file prints alike anywhere. Tables break across pages with
// their header repeated; bar charts are drawn as vectors.
//
// WritePdf writes beside FILE and renames onto it (cli/output_file.h): a
// reader never sees half a document. The file's creation date is the
// document's date, so the same document written twice is the same bytes.
#pragma once

#include <string>
#include <vector>

#include "cli/table.h"
#include "engine/status.h"

namespace safecity::cli {

// Horizontal bars, one per label, longest first as given.
struct BarChart {
  std::string caption;               // 图1 各单位任务完成率
  std::vector<std::string> labels;
  std::vector<double> values;
  double max = 0;                    // the axis's end; 0: the largest value
  std::string suffix;                // after each value: "%", " 项"
  int decimals = 0;                  // of each value shown
  struct Mark {
    double at;
    std::string label;               // "90%"
  };
  std::vector<Mark> marks;           // dashed reference lines (the bands, a pass line)
  double red_below = -1;             // bars below this drawn red (a pass line); -1: none
};

struct DocumentBlock {
  enum Kind { kHeading, kParagraph, kTable, kChart } kind = kParagraph;
  std::string text;                  // a heading's or a paragraph's
  Table table{{}};
  BarChart chart;
};

struct Attachment {
  std::string title;                 // 各单位创建工作任务完成情况表
  bool landscape = false;            // a wide table
  std::vector<DocumentBlock> blocks;
};

struct OfficialDocument {
  std::string issuer;                // 发文机关: 西安市国家安全发展示范城市创建工作领导小组办公室
  std::string number;                // 发文字号: 市安城创〔2023〕4号; empty: none
  std::string title;                 // 关于……的通报
  std::string date;                  // 成文日期, as printed: 2023年5月5日
  std::string iso_date;              // the same, YYYY-MM-DD: the file's creation date
  std::vector<DocumentBlock> body;
  std::vector<Attachment> attachments;
};

// Fails with the field "--pdf" when the file cannot be written or the CJK
// fonts are not installed, saying what to do.
Status WritePdf(const OfficialDocument& doc, const std::string& path);

}  // namespace safecity::cli
