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
#include "tests/raw_client.h"
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
    Must(Cmd("assign-B1", "task.assign", "task-B1", Office(), AssignData("B1", "beilin", {}, "2031-04-15")));
    Must(Cmd("ack-B1", "task.acknowledge", "task-B1", UnitActor("beilin"), Json::object()));
    Must(Cmd("plan-B1", "task.submit_plan", "task-B1", UnitActor("beilin"), Json{{"plan", "清理楼道"}}));
    Must(Cmd("start-B1", "task.start", "task-B1", UnitActor("beilin"), Json::object()));
    ASSERT_TRUE(engine_->Settle().ok());
    office_ = Token("t-office", "office", "", "wang");
    yanta_ = Token("t-yanta", "unit", "yanta");
    beilin_ = Token("t-beilin", "unit", "beilin");
    auditor_ = Token("t-audit", "auditor", "", "审计一组");
    http::ApiOptions o = LoopbackOptions();
    o.attachments_dir = dir_.sub("files");
    o.max_upload_bytes = 64 * 1024;
    o.max_body_bytes = 16 * 1024;  // smaller than an upload may be
    o.max_concurrent_uploads = 1;
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
  Reply Submit(const std::string& token, const Json& items, const std::string& task = "Y1") {
    return From(client_->Post("/v1/commands/task.submit", httplib::Headers{{"Authorization", "Bearer " + token}},
                              Json{{"stream", "task-" + task}, {"data", {{"evidence", items}}}}.dump(), "application/json"));
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
    // The files themselves, not the marks that grant them to tasks (for-task/).
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir_.sub("files")))
      n += e.is_regular_file() && e.path().string().find("/for-task/") == std::string::npos ? 1 : 0;
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
  EXPECT_NE(big.body.value("detail", "").find("65536"), std::string::npos) << "names --max-upload, not --max-body: " << big.text;
  Reply fits = Upload(yanta_, "Y1", "fits.pdf", "%PDF-1.4\n" + std::string(40 * 1024, 'x'));
  EXPECT_EQ(fits.status, 201) << "over --max-body but under --max-upload: " << fits.text;
  EXPECT_EQ(FilesKept(), 1u);
}

TEST_F(EvidenceApi, NamingAnotherTasksFileInOnesOwnSubmissionUnlocksNothing) {
  Reply up = Upload(yanta_, "Y1", "现场照片.png", kPng);
  ASSERT_EQ(up.status, 201) << up.text;
  ASSERT_EQ(Submit(yanta_, Json::array({Item(up)})).status, 200);
  // 碑林区 learns the hash (a webhook, an export) and names it on its own task.
  Reply named = Submit(beilin_, Json::array({Item(up)}), "B1");
  ASSERT_EQ(named.status, 200) << named.text;
  Reply r = Read(beilin_, "B1", up.body["sha256"]);
  EXPECT_EQ(r.status, 404) << "the file was never uploaded for B1: " << r.text;
  EXPECT_EQ(r.body["reason"], "api.evidence_not_on_task");
  EXPECT_EQ(r.text.find("IHDR"), std::string::npos);
  EXPECT_EQ(Read(office_, "B1", up.body["sha256"]).status, 404) << "whoever asks through B1";
  EXPECT_EQ(Read(office_, "Y1", up.body["sha256"]).status, 200) << "through its own task it is there";
}

TEST_F(EvidenceApi, AnUploadWithoutCredentialsKeepsTheSmallLimitAndUploadsWaitTheirTurn) {
  // No token: a body over --max-body is refused before it is read, whatever the path.
  RawReply anonymous = Exchange(server_->port(),
                                "POST /v1/attachments?task=Y1 HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=B\r\n"
                                "Content-Length: 40000\r\n\r\n");
  EXPECT_EQ(anonymous.status, 413) << anonymous.head << anonymous.body;
  // A made-up token is no credential: the same small limit, and no turn taken.
  RawReply forged = Exchange(server_->port(),
                             "POST /v1/attachments?task=Y1 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer sct_made_up\r\n"
                             "Content-Type: multipart/form-data; boundary=B\r\nContent-Length: 40000\r\n\r\n");
  EXPECT_EQ(forged.status, 413) << forged.head << forged.body;
  EXPECT_NE(forged.body.find("16384"), std::string::npos) << "names --max-body: " << forged.body;
  // One upload at a time here: a second, while the first is still being sent, waits its turn.
  RawClient first(server_->port());
  ASSERT_TRUE(first.Send("POST /v1/attachments?task=Y1 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + yanta_ +
                         "\r\nContent-Type: multipart/form-data; boundary=B\r\nContent-Length: 30000\r\n\r\n--B\r\n"));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  Reply busy;
  while (std::chrono::steady_clock::now() < deadline) {
    busy = Upload(yanta_, "Y1", "b.pdf", kPdf);
    if (busy.status == 503) break;
  }
  ASSERT_EQ(busy.status, 503) << busy.text;
  EXPECT_EQ(busy.body["reason"], "api.uploads_busy");
  EXPECT_NE(busy.headers.find("Retry-After"), busy.headers.end());
  first.Close();
  Reply after;
  while (std::chrono::steady_clock::now() < deadline) {
    after = Upload(yanta_, "Y1", "b.pdf", kPdf);
    if (after.status != 503) break;
  }
  EXPECT_EQ(after.status, 201) << "the turn is free again once the first is gone: " << after.text;
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
  ASSERT_EQ(Upload(yanta_, "Y1", "整改报告.pdf", kPdf).status, 201);
  Reply mended = Read(office_, "Y1", sha);
  EXPECT_EQ(mended.status, 200) << "uploading the original again mends it: " << mended.text;
  EXPECT_EQ(mended.text, kPdf);
  std::filesystem::remove(AttachmentStore(dir_.sub("files")).PathOf(sha));
  Reply gone = Read(office_, "Y1", sha);
  EXPECT_EQ(gone.status, 404) << gone.text;
  EXPECT_EQ(gone.body["reason"], "api.evidence_file_missing");
}

TEST_F(EvidenceApi, AnInspectorsPhotoFromSiteGoesWithTheOutcomeAndIsReadThroughTheTask) {
  const std::string inspector = Token("t-insp", "inspector", "", "zhang");
  Reply up = Upload(yanta_, "Y1", "整改报告.pdf", kPdf);
  ASSERT_EQ(Submit(yanta_, Json::array({Item(up)})).status, 200);
  // The process manager requests the verification; the office sends it to 张.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  Reply requested;
  while (std::chrono::steady_clock::now() < deadline) {
    requested = From(client_->Get("/v1/verifications?state=requested", httplib::Headers{{"Authorization", "Bearer " + office_}}));
    if (requested.text.find("Y1-1") != std::string::npos) break;
  }
  ASSERT_NE(requested.text.find("Y1-1"), std::string::npos) << requested.text;
  auto post = [&](const std::string& token, const std::string& type, const Json& data) {
    return From(client_->Post(("/v1/commands/" + type).c_str(), httplib::Headers{{"Authorization", "Bearer " + token}},
                              Json{{"stream", "verification-Y1-1"}, {"data", data}}.dump(), "application/json"));
  };
  ASSERT_EQ(post(office_, "verification.assign", Json{{"inspector", "zhang"}}).status, 200);
  Reply photo = Upload(inspector, "Y1", "现场核查.png", kPng);
  ASSERT_EQ(photo.status, 201) << "an inspector uploads for a task it verifies: " << photo.text;
  Reply failed = post(inspector, "verification.fail", Json{{"reasons", {"接口处未整改"}}, {"photos", {Item(photo)}}});
  ASSERT_EQ(failed.status, 200) << failed.text;
  for (const std::string* token : {&office_, &yanta_, &auditor_}) {
    Reply r = Read(*token, "Y1", photo.body["sha256"]);
    EXPECT_EQ(r.status, 200) << r.text;
    EXPECT_EQ(r.text, kPng);
  }
  EXPECT_EQ(Read(beilin_, "Y1", photo.body["sha256"]).status, 403);
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
