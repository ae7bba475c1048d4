// Access tokens (访问令牌) through the built binary: the office issues and
// revokes; the secret is printed once and is nowhere in the data directory;
// Authenticate maps a secret to the actor it acts as, and refuses unknown and
// revoked tokens; bad input is a one-line error that names the field.
#include <filesystem>
#include <fstream>
#include <iterator>

#include <gtest/gtest.h>

#include "engine/read_models.h"
#include "engine/sha256.h"
#include "engine/store.h"
#include "tests/integration/cli_fixture.h"
#include "workflows/access/authenticate.h"

namespace safecity::testing {
namespace {

class Tokens : public CliDataTest {
 protected:
  void SetUp() override {
    Ok({"init"});
    Ok({"unit", "add", "--id", "yanta", "--name", "雁塔区", "--kind", "district"});
  }
  // Issues a token; its output as JSON (with the secret under "token").
  Json Issue(std::vector<std::string> args) {
    args.insert(args.begin(), {"--output", "json", "token", "issue"});
    auto r = Run(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    Json out = Json::parse(r.out, nullptr, false);
    EXPECT_TRUE(out.is_object()) << r.out;
    return out;
  }
  Result<access::Principal> AuthenticateWith(const std::string& secret) {
    auto st = Store::Open(data_);
    if (!st.ok()) return st.status();
    ReadModelReader reader(st.value().get());
    return access::Authenticate(reader, secret);
  }
  // Every byte of every file in the data directory.
  std::string AllBytes() {
    std::string all;
    for (const auto& f : std::filesystem::recursive_directory_iterator(data_)) {
      if (!f.is_regular_file()) continue;
      std::ifstream in(f.path(), std::ios::binary);
      all.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    return all;
  }
};

TEST_F(Tokens, AUnitsTokenActsAsTheUnitUntilRevokedAndItsSecretIsNeverStored) {
  Json issued = Issue({"--role", "unit", "--unit", "雁塔区", "--label", "雁塔区应急管理系统", "--id", "yanta-sys"});
  const std::string secret = issued.value("token", "");
  ASSERT_EQ(secret.rfind("sct_", 0), 0u) << issued.dump();
  EXPECT_EQ(secret.size(), 4u + 43u);

  auto who = AuthenticateWith(secret);
  ASSERT_TRUE(who.ok()) << who.status().ToString();
  EXPECT_EQ(who.value().actor.id, "yanta") << "a unit's token acts as the unit, by id";
  EXPECT_EQ(who.value().actor.role, "unit");
  EXPECT_EQ(who.value().token_id, "yanta-sys");

  // The log has the hash and who issued it; no file holds the secret.
  const std::string all = AllBytes();
  EXPECT_EQ(all.find(secret.substr(4)), std::string::npos) << "the secret is in the data directory";
  auto history = Run({"history", "token-yanta-sys", "--json"});
  EXPECT_NE(history.out.find(Sha256Hex(secret)), std::string::npos) << history.out;

  auto list = Run({"token", "list"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_NE(list.out.find("yanta-sys"), std::string::npos) << list.out;
  EXPECT_NE(list.out.find("雁塔区应急管理系统"), std::string::npos) << list.out;
  EXPECT_EQ(list.out.find(secret), std::string::npos);

  Ok({"token", "revoke", "yanta-sys", "--reason", "系统更换"});
  auto after = AuthenticateWith(secret);
  ASSERT_FALSE(after.ok());
  EXPECT_EQ(after.status().code(), Status::Code::kUnauthenticated);
  EXPECT_NE(after.status().message().find("revoked"), std::string::npos) << after.status().ToString();
  EXPECT_EQ(after.status().message().find(secret), std::string::npos) << "an error never echoes the secret";
  EXPECT_EQ(Run({"token", "list"}).out.find("yanta-sys"), std::string::npos) << "revoked tokens are listed with --all only";
  EXPECT_NE(Run({"token", "list", "--all"}).out.find("已吊销"), std::string::npos) << "states in the user's language";
  EXPECT_NE(Run({"--lang", "en", "token", "list", "--all"}).out.find("revoked"), std::string::npos);
  EXPECT_EQ(Json::parse(Run({"--output", "json", "token", "list", "--all"}).out)[0]["state"], "revoked") << "raw for programs";
  Refused({"token", "revoke", "yanta-sys", "--reason", "again"}, 1, "令牌 yanta-sys 已于");
  Refused({"--lang", "en", "token", "revoke", "yanta-sys", "--reason", "again"}, 1, "token yanta-sys was already revoked on");

  auto rebuilt = Run({"replay", "--rebuild"});
  EXPECT_EQ(rebuilt.exit_code, 0) << rebuilt.err;
  EXPECT_NE(rebuilt.out.find("identical"), std::string::npos) << rebuilt.out;
}

TEST_F(Tokens, PeoplesTokensActAsTheirPrincipalInTheirRole) {
  std::string inspector = Issue({"--role", "inspector", "--principal", "li.ming"})["token"];
  std::string auditor = Issue({"--role", "auditor", "--principal", "audit-office"})["token"];
  auto i = AuthenticateWith(inspector);
  ASSERT_TRUE(i.ok());
  EXPECT_EQ(i.value().actor.id, "li.ming");
  EXPECT_EQ(i.value().actor.role, "inspector");
  // A person is named as people write names.
  auto wang = AuthenticateWith(Issue({"--role", "inspector", "--principal", "王工"})["token"]);
  ASSERT_TRUE(wang.ok());
  EXPECT_EQ(wang.value().actor.id, "王工");
  auto a = AuthenticateWith(auditor);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a.value().actor.role, "auditor");
  EXPECT_NE(inspector, auditor) << "every secret is drawn afresh";

  auto unknown = AuthenticateWith("sct_" + std::string(43, 'A'));
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().code(), Status::Code::kUnauthenticated);
  auto none = AuthenticateWith("");
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().code(), Status::Code::kUnauthenticated);
}

TEST_F(Tokens, BadRequestsNameTheFieldAndWriteNothing) {
  Refused({"token", "issue", "--role", "unit"}, 2, std::vector<std::string>{"data.unit", "--unit"});
  Refused({"token", "issue", "--role", "unit", "--unit", "雁塔"}, 2, "data.unit");
  Refused({"token", "issue", "--role", "inspector"}, 2, std::vector<std::string>{"data.principal", "--principal"});
  Refused({"token", "issue", "--role", "auditor", "--unit", "雁塔区", "--principal", "x"}, 2, "data.unit");
  Refused({"token", "issue", "--role", "inspector", "--principal", "bad name"}, 2, "principal");
  Refused({"token", "issue", "--role", "inspector", "--principal", "inspector:王工"}, 2, "principal");
  Refused({"--as", "雁塔区", "token", "issue", "--role", "unit", "--unit", "雁塔区"}, 2, "只有创建办可以签发和吊销令牌");
  Refused({"token", "revoke", "nope", "--reason", "x"}, 2, "没有令牌“nope”；用 `safecity token list` 查看令牌");
  Refused({"--lang", "en", "token", "revoke", "nope", "--reason", "x"}, 2, "no token 'nope'; list tokens with `safecity token list`");
  auto role = Run({"token", "issue", "--role", "mayor"});
  EXPECT_EQ(role.exit_code, 2);
  EXPECT_NE(role.err.find("--role"), std::string::npos) << role.err;
  Issue({"--role", "office", "--principal", "zhang.wei", "--id", "office-1"});
  Refused({"token", "issue", "--role", "office", "--principal", "other", "--id", "office-1"}, 2, "令牌 office-1 已存在");
}

}  // namespace
}  // namespace safecity::testing
