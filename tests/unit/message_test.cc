// Refusals in both languages: each edge says them in its user's language and
// with its own advice, and every refusal's two texts name the same things.
#include "engine/message.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <regex>
#include <set>

#include "connectors/http/api_refusals.h"
#include "connectors/http/server_client_refusals.h"
#include "connectors/http/tls_context.h"
#include "engine/command_processor.h"
#include "engine/status.h"
#include "engine/store_refusals.h"
#include "workflows/registry.h"
#include "workflows/common_refusals.h"
#include "workflows/hazard/hazard_refusals.h"
#include "workflows/rectification/task_refusals.h"
#include "workflows/verification/verification_refusals.h"

namespace safecity {
namespace {

const Message kSample{"sample.not_responsible", "单位 {unit} 不是任务 {task} 的责任单位；{@as_responsible}",
                      "unit {unit} is not responsible for task {task}; {@as_responsible}"};

TEST(Messages, EachEdgeSaysARefusalInItsUsersLanguageWithItsOwnAdvice) {
  const MessageParams p{{"unit", "beilin"}, {"task", "XA-1"}};
  EXPECT_EQ(RenderMessage(kSample, p, Language::kZh, Edge::kCli),
            "单位 beilin 不是任务 XA-1 的责任单位；请用 --as 以牵头单位或配合单位身份办理");
  EXPECT_EQ(RenderMessage(kSample, p, Language::kEn, Edge::kCli),
            "unit beilin is not responsible for task XA-1; act as its lead or a cooperating unit with --as");
  EXPECT_EQ(RenderMessage(kSample, p, Language::kZh, Edge::kHttp), "单位 beilin 不是任务 XA-1 的责任单位；请用牵头单位或配合单位的令牌提交");
  const std::string api_en = RenderMessage(kSample, p, Language::kEn, Edge::kHttp);
  EXPECT_EQ(api_en, "unit beilin is not responsible for task XA-1; send it with a token of its lead or a cooperating unit");
  EXPECT_EQ(api_en.find("--as"), std::string::npos) << "an API client has no --as";
}

TEST(Messages, AStatusKeepsItsReasonAndEnglishTextAndRendersOnDemand) {
  Status s = Status::Refusal(Status::Code::kForbidden, "actor", kSample, {{"unit", "beilin"}, {"task", "XA-1"}});
  EXPECT_EQ(s.code(), Status::Code::kForbidden);
  EXPECT_EQ(s.reason(), "sample.not_responsible");
  EXPECT_EQ(s.ToString(), "actor: unit beilin is not responsible for task XA-1; act as its lead or a cooperating unit with --as");
  EXPECT_EQ(s.Render(Language::kZh, Edge::kCli), "actor: 单位 beilin 不是任务 XA-1 的责任单位；请用 --as 以牵头单位或配合单位身份办理");
  // A plain status has only its English words, in every language.
  Status plain = Status::Invalid("data.x", "must be a number");
  EXPECT_EQ(plain.reason(), "");
  EXPECT_EQ(plain.Render(Language::kZh, Edge::kHttp), "data.x: must be a number");
}

TEST(Messages, ARefusalThatCrossedAProcessAsJsonKeepsItsWordsInBothLanguages) {
  // A Kafka node decides; the CLI that sent the command reads the result as JSON.
  Status s = Status::Refusal(Status::Code::kRefused, "", rectification::kNotInState,
                             {{"task", "XA-1"}, {"state", "assigned"}, {"state_zh", "已交办"}, {"command", "close"}, {"allowed", "accepted"}});
  CommandResult sent = Rejection("c1", "task-XA-1", s, Json::object());
  EXPECT_EQ(sent.body["error"]["reason"], "task.not_in_state");
  EXPECT_EQ(sent.body["error"]["params"]["state_zh"], "已交办");
  CommandResult read = ResultFromJson(Json::parse(sent.body.dump()), DefaultWorkflows());
  EXPECT_EQ(read.status.code(), Status::Code::kRefused);
  EXPECT_EQ(read.status.reason(), "task.not_in_state");
  EXPECT_EQ(read.status.Render(Language::kZh, Edge::kCli), s.Render(Language::kZh, Edge::kCli));
  EXPECT_EQ(read.status.Render(Language::kZh, Edge::kCli), "任务 XA-1 当前为已交办（assigned）；close 只能在以下状态办理：accepted");
  // An unknown reason (a newer node's) falls back to the English words it carried.
  Json newer = sent.body;
  newer["error"]["reason"] = "task.something_new";
  EXPECT_EQ(ResultFromJson(newer, DefaultWorkflows()).status.Render(Language::kZh, Edge::kCli), s.message());
}

TEST(Messages, AcceptLanguageChoosesEnglishOnlyWhenItIsPreferred) {
  EXPECT_EQ(LanguageFromAcceptLanguage(""), Language::kZh) << "Chinese first";
  EXPECT_EQ(LanguageFromAcceptLanguage("en"), Language::kEn);
  EXPECT_EQ(LanguageFromAcceptLanguage("EN-gb"), Language::kEn);
  EXPECT_EQ(LanguageFromAcceptLanguage("en-US,en;q=0.9,zh-CN;q=0.8"), Language::kEn);
  EXPECT_EQ(LanguageFromAcceptLanguage("zh-CN,zh;q=0.9,en;q=0.8"), Language::kZh);
  EXPECT_EQ(LanguageFromAcceptLanguage("en;q=0.5, zh;q=0.9"), Language::kZh);
  EXPECT_EQ(LanguageFromAcceptLanguage("fr-FR, de"), Language::kZh);
  EXPECT_EQ(LanguageFromAcceptLanguage("*"), Language::kZh);
  EXPECT_EQ(LanguageFromAcceptLanguage("en;q=0"), Language::kZh) << "q=0 means not acceptable";
}

// The {names} a template fills; "state_zh" counts as "state" (the same thing in Chinese words).
std::set<std::string> Names(const std::string& text) {
  std::set<std::string> out;
  static const std::regex name(R"(\{([@a-z_]+)\})");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), name); it != std::sregex_iterator(); ++it) {
    std::string n = (*it)[1];
    if (n.size() > 3 && n.compare(n.size() - 3, 3, "_zh") == 0) n.resize(n.size() - 3);
    out.insert(n);
  }
  return out;
}

TEST(Messages, EveryRefusalSaysTheSameThingsInBothLanguages) {
  std::set<std::string> reasons;
  const std::vector<const Message*> all = AllMessages();
  for (const char* reason : {"not_in_state", "task.not_found", "hazard.not_found", "round.exists", "unit.exists", "sheet.office_only"})
    EXPECT_NE(DefaultWorkflows().FindMessage(reason), nullptr) << reason << ": every workflow's table is registered";
  for (const Message* m : all) {
    EXPECT_TRUE(reasons.insert(m->reason).second) << "reasons are unique: " << m->reason;
    EXPECT_EQ(Names(m->zh), Names(m->en)) << m->reason;
    const std::string zh = m->zh;
    EXPECT_TRUE(std::any_of(zh.begin(), zh.end(), [](char c) { return static_cast<unsigned char>(c) >= 0xe4 && static_cast<unsigned char>(c) <= 0xe9; }))
        << m->reason << ": the Chinese text is Chinese";
    EXPECT_EQ(DefaultWorkflows().FindMessage(m->reason), m) << m->reason;
    for (Language lang : {Language::kZh, Language::kEn})
      for (Edge edge : {Edge::kCli, Edge::kHttp}) {
        const std::string text = RenderMessage(*m, {}, lang, edge);
        EXPECT_EQ(text.find('{'), std::string::npos) << m->reason << ": every placeholder is filled: " << text;
        if (edge == Edge::kHttp) {
          EXPECT_EQ(text.find("--"), std::string::npos) << m->reason << ": no CLI flag for an API client";
        }
      }
  }
  EXPECT_EQ(DefaultWorkflows().FindMessage("no.such_reason"), nullptr);
}

// The API's own refusals (a bad parameter, a route a role may not read)
// answer in the client's language too, and say the same in both.
TEST(Messages, TheApisOwnRefusalsSayTheSameThingsInBothLanguagesAndNoCliFlag) {
  std::set<std::string> reasons;
  for (const Message* m : AllMessages()) reasons.insert(m->reason);
  ASSERT_FALSE(http::ApiRefusals().empty());
  for (const Message* m : http::ApiRefusals()) {
    EXPECT_EQ(std::string(m->reason).rfind("api.", 0), 0u) << m->reason << ": the edge's own, by name";
    EXPECT_TRUE(reasons.insert(m->reason).second) << "reasons are unique across the workflows and the API: " << m->reason;
    EXPECT_EQ(Names(m->zh), Names(m->en)) << m->reason;
    const std::string zh = m->zh;
    EXPECT_TRUE(std::any_of(zh.begin(), zh.end(), [](char c) { return static_cast<unsigned char>(c) >= 0xe4 && static_cast<unsigned char>(c) <= 0xe9; }))
        << m->reason << ": the Chinese text is Chinese";
    for (Language lang : {Language::kZh, Language::kEn}) {
      const std::string text = RenderMessage(*m, {}, lang, Edge::kHttp);
      EXPECT_EQ(text.find("--"), std::string::npos) << m->reason << ": no CLI flag for an API client: " << text;
      EXPECT_EQ(text.find("safecity "), std::string::npos) << m->reason << ": no CLI command for an API client: " << text;
    }
  }
}

// What only the CLI says (it cannot work through a server; a store it cannot
// open; `serve`'s TLS files): in both languages, the same placeholders, and reasons no workflow or
// the API uses.
TEST(Messages, TheCliOnlyRefusalsSayTheSameThingsInBothLanguages) {
  std::set<std::string> reasons;
  for (const Message* m : AllMessages()) reasons.insert(m->reason);
  for (const Message* m : http::ApiRefusals()) reasons.insert(m->reason);
  std::vector<const Message*> cli_only = http::ServerClientRefusals();
  cli_only.insert(cli_only.end(), StoreOpenRefusals().begin(), StoreOpenRefusals().end());
  cli_only.insert(cli_only.end(), http::TlsRefusals().begin(), http::TlsRefusals().end());
  ASSERT_EQ(cli_only.size(), http::ServerClientRefusals().size() + 5 + http::TlsRefusals().size());
  for (const Message* m : cli_only) {
    const std::string reason = m->reason;
    EXPECT_TRUE(reason.rfind("client.", 0) == 0 || reason.rfind("store.", 0) == 0 || reason.rfind("tls.", 0) == 0) << reason;
    EXPECT_TRUE(reasons.insert(m->reason).second) << "reasons are unique: " << m->reason;
    EXPECT_EQ(Names(m->zh), Names(m->en)) << m->reason;
    const std::string zh = m->zh;
    EXPECT_TRUE(std::any_of(zh.begin(), zh.end(), [](char c) { return static_cast<unsigned char>(c) >= 0xe4 && static_cast<unsigned char>(c) <= 0xe9; }))
        << m->reason << ": the Chinese text is Chinese";
    for (Language lang : {Language::kZh, Language::kEn})
      EXPECT_EQ(RenderMessage(*m, {}, lang, Edge::kCli).find('{'), std::string::npos) << m->reason;
  }
}

}  // namespace
}  // namespace safecity
