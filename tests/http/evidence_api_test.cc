// Evidence files (issue 18, item 4): uploaded as a form, kept by their
// SHA-256, named by task.submit, read back through the task under its access
// rule, never served as something a browser runs. Real HTTP on loopback, a
// real store, the files on disk.
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <httplib.h>

#include "connectors/http/api_server.h"
#include "engine/attachment_store.h"
#include "engine/engine.h"
#include "engine/sha256.h"
#include "tests/http/api_client.h"
#include "tests/http/api_fixture.h"
#include "tests/test_util.h"

namespace safecity::testing {
namespace {

using namespace std::string_literals;

const std::string kPng = "\x89PNG\r\n\x1A\n\0\0\0\rIHDR a photo of the pipe"s;
const std::string kPdf = "%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n";

class EvidenceApi : public LoopbackApi {
 protected:
  void SetUp() override {
    OpenEngine(dir_.sub("data"));
    Must(Cmd("assign-Y1", "task.assign", "task-Y1", Office(), AssignData("Y1", "yanta", {}, "2031-04-15")));
    Must(Cmd("ack-Y1", "task.acknowledge", "task-Y1", UnitActor("yanta"), Json::object()));
    Must(Cmd("plan-Y1", "task.submit_plan", "task-Y1", UnitActor("yanta"), Json{{"plan", "更换管道"}}));
    Must(Cmd("start-Y1", "task.start", "task-Y1", UnitActor("yanta"), Json::object()));
    ASSERT_TRUE(engine_->Settle().ok());
    office_ = Token("t-office", "office", "", "wang");
    yanta_ = Token("t-yanta", "unit", "yanta");
    beilin_ = Token("t-beilin", "unit", "beilin");
    auditor_ = Token("t-audit", "auditor", "", "审计一组");
    http::ApiOptions o = LoopbackOptions();
    o.attachments_dir = dir_.sub("files");
    o.max_upload_bytes = 64 * 1024;
    o.max_body_bytes = 16 * 1024;  // smaller than an upload may be
    StartServer(o);
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
  }

  Reply Upload(const std::string& token, const std::string& task, const std::string& name, const std::string& bytes) {
    httplib::MultipartFormDataItems form = {{"file", bytes, name, "application/octet-stream"}};
    const std::string path = task.empty() ? "/v1/attachments" : "/v1/attachments?task=" + task;
    return From(client_->Post(path.c_str(), httplib::Headers{{"Authorization", "Bearer " + token}}, form));
  }
  Reply Read(const std::string& token, const std::string& task, const std::string& sha) {
    return From(client_->Get(("/v1/tasks/" + task + "/evidence/" + sha).c_str(), httplib::Headers{{"Authorization", "Bearer " + token}}));
  }
  Reply Submit(const std::string& token, const Json& items) {
    return From(client_->Post("/v1/commands/task.submit", httplib::Headers{{"Authorization", "Bearer " + token}},
                              Json{{"stream", "task-Y1"}, {"data", {{"evidence", items}}}}.dump(), "application/json"));
  }
  // The evidence item of an upload's answer, as task.submit takes it.
  static Json Item(const Reply& up) {
    Json item = up.body;
    item.erase("task");
    return item;
  }
  size_t FilesKept() {
    size_t n = 0;
    if (!std::filesystem::exists(dir_.sub("files"))) return 0;
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir_.sub("files"))) n += e.is_regular_file() ? 1 : 0;
    return n;
  }

  std::unique_ptr<httplib::Client> client_;
  std::string office_, yanta_, beilin_, auditor_;
};

TEST_F(EvidenceApi, AUnitsPhotoIsKeptByItsHashAndReadBackByWhoeverMaySeeTheTask) {
  Reply up = Upload(yanta_, "Y1", "现场照片.jpg", kPng);
  ASSERT_EQ(up.status, 201) << up.text;
  const std::string sha = Sha256Hex(kPng);
  EXPECT_EQ(up.body["sha256"], sha);
  EXPECT_EQ(up.body["size_bytes"], static_cast<int64_t>(kPng.size()));
  EXPECT_EQ(up.body["media_type"], "image/png") << "read from the bytes, not the name .jpg";
  EXPECT_EQ(up.body["name"], "现场照片.jpg");
  EXPECT_EQ(up.body["uri"], "safecity:attachments/" + sha);
  EXPECT_TRUE(AttachmentStore(dir_.sub("files")).Has(sha));
  EXPECT_EQ(Upload(yanta_, "Y1", "again.png", kPng).status, 201) << "the same bytes again are the same file";
  EXPECT_EQ(FilesKept(), 1u);

  Reply before = Read(office_, "Y1", sha);
  EXPECT_EQ(before.status, 404) << "no submission names it yet: " << before.text;
  EXPECT_EQ(before.body["reason"], "api.evidence_not_on_task");

  Reply submitted = Submit(yanta_, Json::array({Item(up)}));
  ASSERT_EQ(submitted.status, 200) << submitted.text;
  for (const std::string* token : {&office_, &yanta_, &auditor_}) {
    Reply r = Read(*token, "Y1", sha);
    ASSERT_EQ(r.status, 200) << r.text;
    EXPECT_EQ(r.text, kPng);
    EXPECT_EQ(r.content_type, "image/png");
    EXPECT_EQ(r.headers.find("X-Content-Type-Options")->second, "nosniff");
    EXPECT_NE(r.headers.find("Content-Security-Policy")->second.find("sandbox"), std::string::npos);
    EXPECT_NE(r.headers.find("Content-Disposition")->second.find("inline"), std::string::npos);
  }
  Reply other = Read(beilin_, "Y1", sha);
  EXPECT_EQ(other.status, 403) << "another unit may not see the task, nor its files: " << other.text;
}

TEST_F(EvidenceApi, WhatABrowserCouldRunIsRefusedWhateverItIsCalledAndNothingIsKept) {
  for (const auto& [name, bytes] : std::vector<std::pair<std::string, std::string>>{
           {"photo.jpg", "<html><body><script>alert(1)</script></body></html>"},
           {"scan.pdf", "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>"},
           {"report.png", "just some text"}}) {
    Reply r = Upload(yanta_, "Y1", name, bytes);
    EXPECT_EQ(r.status, 415) << name << ": " << r.text;
    EXPECT_EQ(r.body["reason"], "api.upload_type") << r.text;
    EXPECT_NE(r.body.value("detail", "").find(name), std::string::npos) << "names the file: " << r.text;
  }
  EXPECT_EQ(FilesKept(), 0u);
}

TEST_F(EvidenceApi, WhoMayUploadAndWhatAFormMustHold) {
  Reply auditor = Upload(auditor_, "Y1", "a.pdf", kPdf);
  EXPECT_EQ(auditor.status, 403) << auditor.text;
  EXPECT_EQ(auditor.body["reason"], "api.upload_writers");
  Reply other = Upload(beilin_, "Y1", "a.pdf", kPdf);
  EXPECT_EQ(other.status, 403) << "not its task: " << other.text;
  Reply no_task = Upload(yanta_, "", "a.pdf", kPdf);
  EXPECT_EQ(no_task.status, 400) << no_task.text;
  EXPECT_EQ(no_task.body["field"], "task");
  EXPECT_EQ(Upload(yanta_, "NOPE", "a.pdf", kPdf).status, 404);
  Reply json = From(client_->Post("/v1/attachments?task=Y1", httplib::Headers{{"Authorization", "Bearer " + yanta_}}, "{}", "application/json"));
  EXPECT_EQ(json.status, 415) << json.text;
  EXPECT_EQ(json.body["reason"], "api.upload_form_only");
  Reply empty = Upload(yanta_, "Y1", "a.pdf", "");
  EXPECT_EQ(empty.status, 400) << empty.text;
  EXPECT_EQ(empty.body["field"], "file");
  Reply big = Upload(yanta_, "Y1", "big.pdf", "%PDF-1.4\n" + std::string(80 * 1024, 'x'));
  EXPECT_EQ(big.status, 413) << "over --max-upload: " << big.text;
  Reply fits = Upload(yanta_, "Y1", "fits.pdf", "%PDF-1.4\n" + std::string(40 * 1024, 'x'));
  EXPECT_EQ(fits.status, 201) << "over --max-body but under --max-upload: " << fits.text;
  EXPECT_EQ(FilesKept(), 1u);
}

TEST_F(EvidenceApi, AFileAlteredOnDiskIsNotServedAndSaysHowToMendIt) {
  Reply up = Upload(yanta_, "Y1", "整改报告.pdf", kPdf);
  ASSERT_EQ(up.status, 201) << up.text;
  ASSERT_EQ(Submit(yanta_, Json::array({Item(up)})).status, 200);
  const std::string sha = up.body["sha256"];
  { std::ofstream(AttachmentStore(dir_.sub("files")).PathOf(sha), std::ios::trunc) << "%PDF-1.4 forged"; }
  Reply r = Read(office_, "Y1", sha);
  EXPECT_EQ(r.status, 503) << r.text;
  EXPECT_EQ(r.body["reason"], "api.evidence_file_damaged");
  EXPECT_EQ(r.text.find("forged"), std::string::npos);
  std::filesystem::remove(AttachmentStore(dir_.sub("files")).PathOf(sha));
  Reply gone = Read(office_, "Y1", sha);
  EXPECT_EQ(gone.status, 404) << gone.text;
  EXPECT_EQ(gone.body["reason"], "api.evidence_file_missing");
}

TEST_F(EvidenceApi, TheCliWithServerUploadsTheFileItSubmits) {
  const std::string photo = dir_.sub("现场照片.png");
  { std::ofstream(photo, std::ios::binary) << kPng; }
  auto run = RemoteCli({"task", "submit", "Y1", "--file", photo}, yanta_, dir_.sub("laptop"));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  Reply r = Read(office_, "Y1", Sha256Hex(kPng));
  ASSERT_EQ(r.status, 200) << r.text;
  EXPECT_EQ(r.text, kPng);
  EXPECT_FALSE(std::filesystem::exists(dir_.sub("laptop") + "/attachments")) << "the file went to the server, not the laptop";
}

}  // namespace
}  // namespace safecity::testing
