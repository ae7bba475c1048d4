// The CLI with --server against something that is not this version's server:
// a server of another version, or another service at that address, answering
// with rows that lack the keys this CLI prints. It runs under the sanitizer
// build too (label integration), where reading a missing key with nlohmann's
// const operator[] aborts: each command must print what there is or say in one
// line that it cannot read the answer (exit 3), never crash.
#include <algorithm>
#include <thread>

#include <gtest/gtest.h>
#include <httplib.h>

#include "tests/test_util.h"

namespace safecity::testing {
namespace {

// A server of another version, or something else at that address, answering
// with rows that lack the keys this CLI prints: each command says so in one
// line (exit 3) or prints what there is, and never crashes.
TEST(ForeignServer, AnAnswerMissingTheKeysThisCliReadsIsOneLineNotACrash) {
  httplib::Server foreign;
  foreign.Get("/v1/whoami", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(R"({"id":"wang","role":"office"})", "application/json");
  });
  const std::string rows = R"({"items":[{},{"title":1},{"phases":{}}],"next_cursor":null})";
  for (const char* path : {"/v1/hazards", "/v1/verifications", "/v1/rounds", "/v1/units", "/v1/inbox", "/v1/tokens",
                           "/v1/webhooks/subscriptions", "/v1/webhooks/deliveries", "/v1/reactions", "/v1/sheets"})
    foreign.Get(path, [rows](const httplib::Request&, httplib::Response& res) { res.set_content(rows, "application/json"); });
  foreign.Get(R"(/v1/(rounds|sheets)/.+)", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(R"({"items":[{"id":"1"}],"escalation":[{}],"schedule":[{}]})", "application/json");
  });
  const int port = foreign.bind_to_any_port("127.0.0.1");
  ASSERT_GT(port, 0);
  std::thread serving([&] { foreign.listen_after_bind(); });
  TempDir dir;
  const std::vector<std::vector<std::string>> commands{
      {"hazard", "list"},       {"verification", "list"}, {"campaign", "list"},         {"campaign", "show", "r1"},
      {"unit", "list"},         {"inbox"},                {"token", "list"},            {"webhook", "subscriptions"},
      {"deliveries", "list"},   {"reactions"},            {"sheet", "list"},            {"sheet", "show", "s@1"},
      {"campaign", "schedule", "show", "r1"}};
  for (const auto& command : commands) {
    std::vector<std::string> args{"--server", "http://127.0.0.1:" + std::to_string(port), "--data", dir.sub("laptop")};
    args.insert(args.end(), command.begin(), command.end());
    CliRun r = RunCli(args, {{"SAFECITY_TOKEN", "sc_whatever"}, {"HOME", dir.path()}, {"SAFECITY_SERVER", ""}, {"SAFECITY_CONFIG", ""}});
    EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 3) << command[0] << " " << command.back() << ": exit " << r.exit_code << " " << r.err;
    if (r.exit_code == 3) EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  }
  foreign.stop();
  serving.join();
}


}  // namespace
}  // namespace safecity::testing
