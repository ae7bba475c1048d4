// Evidence files from the command line (issue 18, item 4): `task submit
// --file` keeps each file by its SHA-256 in the data directory's
// attachments/ and names it in the event; `safecity attachments verify`
// finds a file altered or lost. The real binary, a real store.
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "engine/attachment_store.h"
#include "engine/sha256.h"
#include "tests/integration/cli_fixture.h"

namespace safecity::testing {
namespace {

using namespace std::string_literals;

const std::string kJpeg = "\xFF\xD8\xFF\xE0\0\x10JFIF the gas pipe, replaced"s;

class EvidenceFiles : public CliDataTest {
 protected:
  void SetUp() override {
    Ok({"init"});
    Ok({"unit", "add", "--id", "yanta", "--name", "雁塔区", "--kind", "district"});
    Ok({"--at", "2023-03-01", "task", "assign", "--id", "XA-1", "--title", "燃气管道隐患整改", "--lead", "雁塔区", "--deadline", "2023-04-15"});
    Ok({"--as", "yanta", "--at", "2023-03-02", "task", "ack", "XA-1"});
    Ok({"--as", "yanta", "--at", "2023-03-02", "task", "plan", "XA-1", "--plan", "更换管道"});
    Ok({"--as", "yanta", "--at", "2023-03-02", "task", "start", "XA-1"});
  }
  std::string Binary(const std::string& name, const std::string& bytes) {
    const std::string p = dir_.sub(name);
    std::ofstream(p, std::ios::binary) << bytes;
    return p;
  }
  std::string Kept(const std::string& sha) { return AttachmentStore(DefaultAttachmentsDir(data_)).PathOf(sha); }
};

TEST_F(EvidenceFiles, ASubmittedFileIsKeptByItsHashAndNamedInTheEvent) {
  Ok({"--as", "yanta", "--at", "2023-04-01", "task", "submit", "XA-1", "--file", Binary("现场照片.pdf", kJpeg)});
  const std::string sha = Sha256Hex(kJpeg);
  ASSERT_TRUE(std::filesystem::exists(Kept(sha))) << Kept(sha);
  auto lines = Run({"history", "task-XA-1", "--json"});
  ASSERT_EQ(lines.exit_code, 0) << lines.err;
  Json submitted;
  std::istringstream in(lines.out);
  for (std::string line; std::getline(in, line);) {
    Json e = Json::parse(line, nullptr, false);
    if (e.is_object() && e["type"] == "EvidenceSubmitted") submitted = e;
  }
  ASSERT_TRUE(submitted.is_object()) << lines.out;
  const Json& item = submitted["data"]["evidence"][0];
  EXPECT_EQ(item["sha256"], sha);
  EXPECT_EQ(item["uri"], "safecity:attachments/" + sha) << "the file by its hash, never a path on one machine";
  EXPECT_EQ(item["media_type"], "image/jpeg") << "read from the bytes, not the name .pdf";
  EXPECT_EQ(item["size_bytes"], static_cast<int64_t>(kJpeg.size()));
  EXPECT_EQ(item["name"], "现场照片.pdf");

  auto ok = Run({"attachments", "verify"});
  EXPECT_EQ(ok.exit_code, 0) << ok.err << ok.out;
  EXPECT_NE(ok.out.find("完好"), std::string::npos) << ok.out;
}

TEST_F(EvidenceFiles, VerifyNamesAFileAlteredOrLostAndFails) {
  Ok({"--as", "yanta", "--at", "2023-04-01", "task", "submit", "XA-1", "--file", Binary("照片.jpg", kJpeg)});
  const std::string sha = Sha256Hex(kJpeg);
  { std::ofstream(Kept(sha), std::ios::binary | std::ios::trunc) << "\xFF\xD8\xFF\xE0 another photo"; }
  auto altered = Run({"attachments", "verify"});
  EXPECT_EQ(altered.exit_code, 1) << altered.out;
  EXPECT_NE(altered.out.find("内容与哈希不符"), std::string::npos) << altered.out;
  EXPECT_NE(altered.out.find(sha), std::string::npos) << altered.out;

  std::filesystem::remove(Kept(sha));
  auto lost = Run({"--output", "json", "attachments", "verify"});
  EXPECT_EQ(lost.exit_code, 1) << lost.out;
  Json j = Json::parse(lost.out, nullptr, false);
  ASSERT_TRUE(j.is_object()) << lost.out;
  EXPECT_EQ(j["intact"], false);
  ASSERT_EQ(j["missing"].size(), 1u) << lost.out;
  EXPECT_EQ(j["missing"][0]["sha256"], sha);
  EXPECT_EQ(j["missing"][0]["task"], "XA-1");
}

TEST_F(EvidenceFiles, AFileABrowserCouldRunIsRefusedNamingFileAndNothingIsKept) {
  const std::string page = Binary("整改报告.pdf", "<html><script>alert(1)</script></html>");
  Refused({"--as", "yanta", "--at", "2023-04-01", "task", "submit", "XA-1", "--file", page}, 2, std::vector<std::string>{"--file", "不是可接受的证据文件"});
  EXPECT_FALSE(std::filesystem::exists(DefaultAttachmentsDir(data_)));
}

}  // namespace
}  // namespace safecity::testing
