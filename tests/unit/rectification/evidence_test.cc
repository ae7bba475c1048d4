// Evidence items of EvidenceSubmitted version 2, and the upcaster that raises
// version 1 to it.
#include "workflows/rectification/evidence.h"

#include <gtest/gtest.h>

#include "engine/workflow.h"
#include "workflows/registry.h"

namespace safecity::rectification {
namespace {

TEST(Evidence, TheMediaTypeIsReadFromTheExtensionWhateverItsCase) {
  EXPECT_EQ(MediaTypeOfName("整改报告.PDF"), "application/pdf");
  EXPECT_EQ(MediaTypeOfName("现场照片.jpeg"), "image/jpeg");
  EXPECT_EQ(MediaTypeOfName("台账.xlsx"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  EXPECT_EQ(MediaTypeOfName("批复.ofd"), "application/ofd");
  EXPECT_EQ(MediaTypeOfName("补充材料.tar.zip"), "application/zip") << "the last extension counts";
  for (const char* unknown : {"README", "整改报告.", "x.unknown", ""})
    EXPECT_EQ(MediaTypeOfName(unknown), "application/octet-stream") << unknown;
}

TEST(Evidence, AnUploadsTypeIsReadFromItsBytesNotItsName) {
  using namespace std::string_literals;
  EXPECT_EQ(MediaTypeOfContent("\xFF\xD8\xFF\xE0\0\x10JFIF"s, "整改报告.pdf"), "image/jpeg") << "a photo named .pdf is a photo";
  EXPECT_EQ(MediaTypeOfContent("\x89PNG\r\n\x1A\n\0\0"s, "x"), "image/png");
  EXPECT_EQ(MediaTypeOfContent("%PDF-1.7\n", "scan"), "application/pdf");
  EXPECT_EQ(MediaTypeOfContent("\0\0\0\x18" "ftypheic\0\0"s, "IMG_0001.HEIC"), "image/heic") << "an iPhone's photo";
  EXPECT_EQ(MediaTypeOfContent("\0\0\0\x18" "ftypisom\0\0"s, "现场.mp4"), "video/mp4");
  EXPECT_EQ(MediaTypeOfContent("PK\x03\x04rest"s, "台账.xlsx"), MediaTypeOfName("台账.xlsx")) << "a ZIP named .xlsx is a workbook";
  EXPECT_EQ(MediaTypeOfContent("PK\x03\x04rest"s, "照片.zip"), "application/zip");
  EXPECT_EQ(MediaTypeOfContent("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest"s, "报告.doc"), "application/msword");
  // A ZIP or OLE file that is a program, or says nothing of what it is, is no evidence.
  for (const char* name : {"tool.jar", "app.apk", "台账.html", "noextension"})
    EXPECT_FALSE(MediaTypeOfContent("PK\x03\x04rest"s, name).has_value()) << name;
  EXPECT_FALSE(MediaTypeOfContent("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest"s, "setup.msi").has_value());
  // What a browser could run is no evidence, whatever it is called.
  for (const char* text : {"<html><script>alert(1)</script>", "<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>",
                           "<!DOCTYPE html>", "alert(1)", "plain text report", ""})
    EXPECT_FALSE(MediaTypeOfContent(text, "photo.jpg").has_value()) << text;
}

TEST(Evidence, AFileIsDownloadedUnderANameWhoseExtensionSaysWhatItIs) {
  EXPECT_EQ(EvidenceFileName("整改报告.pdf", "application/pdf"), "整改报告.pdf");
  EXPECT_EQ(EvidenceFileName("照片.JPG", "image/jpeg"), "照片.JPG");
  EXPECT_EQ(EvidenceFileName("整改报告.html", "image/png"), "整改报告.html.png") << "never saved as .html";
  EXPECT_EQ(EvidenceFileName("scan", "application/pdf"), "scan.pdf");
  EXPECT_EQ(EvidenceFileName("a.jar", "application/octet-stream"), "a.jar.bin") << "a name of no known type is never kept";
}

TEST(Evidence, TheSendersMediaTypeAndSizeWinAndAreKeptInLowerCase) {
  Json items = Json::array({Json{{"name", "photo.bin"}, {"sha256", "a"}, {"uri", "u"}, {"media_type", "Image/JPEG"}, {"size_bytes", 20480}},
                            Json{{"name", "report.pdf"}, {"sha256", "b"}, {"uri", "v"}}});
  Json v2 = EvidenceItemsV2(items);
  EXPECT_EQ(v2[0]["media_type"], "image/jpeg");
  EXPECT_EQ(v2[0]["size_bytes"], 20480);
  EXPECT_EQ(v2[1]["media_type"], "application/pdf");
  EXPECT_TRUE(v2[1]["size_bytes"].is_null()) << "an unknown size is null, not 0";
  EXPECT_EQ(v2[1]["sha256"], "b");
}

TEST(Evidence, VersionOneIsRaisedToWhatVersionTwoRecordsForTheSameItems) {
  const Json items = Json::array({Json{{"name", "整改报告.pdf"}, {"sha256", "a"}, {"uri", "file:///r.pdf"}}});
  const Json v1{{"evidence", items}, {"note", "整改完成"}, {"submission", 2}};
  Json raised = EvidenceSubmittedV1ToV2(v1);
  EXPECT_EQ(raised, (Json{{"evidence", EvidenceItemsV2(items)}, {"note", "整改完成"}, {"submission", 2}}));
  EXPECT_EQ(raised["evidence"][0]["media_type"], "application/pdf");
}

TEST(Evidence, TheRectificationWorkflowWritesEvidenceSubmittedAtVersionTwo) {
  const Workflow* task = DefaultWorkflows().ForStream("task-XA-001");
  ASSERT_NE(task, nullptr);
  EXPECT_EQ(task->event_versions().Current("EvidenceSubmitted"), 2);
  EXPECT_EQ(task->event_versions().Current("TaskAssigned"), 1);
}

}  // namespace
}  // namespace safecity::rectification
