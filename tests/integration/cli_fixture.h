// A data directory driven through the built `safecity` binary, as a user would:
// every call is a new process. Shared by the CLI, campaign and import tests.
#pragma once

#include <algorithm>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/test_util.h"

namespace safecity::testing {

class CliDataTest : public ::testing::Test {
 protected:
  CliRun Run(std::vector<std::string> args) {
    args.insert(args.begin(), {"--data", data_});
    return RunCli(args);
  }
  void Ok(std::vector<std::string> args) {
    auto r = Run(args);
    ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  }
  int64_t LogLength() { return Json::parse(Run({"--output", "json", "verify"}).out)["events"].get<int64_t>(); }
  // A one-line error with the exit code and every one of `texts`, and nothing written.
  void Refused(std::vector<std::string> args, int code, const std::vector<std::string>& texts) {
    int64_t before = LogLength();
    auto r = Run(args);
    EXPECT_EQ(r.exit_code, code) << r.err << r.out;
    for (const auto& text : texts) EXPECT_NE(r.err.find(text), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_EQ(LogLength(), before) << "a refused command writes nothing";
  }
  void Refused(std::vector<std::string> args, int code, const std::string& text) {
    Refused(std::move(args), code, std::vector<std::string>{text});
  }

  // Writes `text` to a file in the test's directory and returns its path.
  std::string Write(const std::string& name, const std::string& text) {
    std::string p = dir_.sub(name);
    std::ofstream(p) << text;
    return p;
  }

  TempDir dir_;
  std::string data_ = dir_.sub("data");
};

}  // namespace safecity::testing
