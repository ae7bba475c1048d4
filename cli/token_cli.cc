#include "cli/token_cli.h"

#include "cli/reports.h"
#include "engine/read_models.h"
#include "engine/sha256.h"
#include "engine/store.h"
#include "workflows/access/access_views.h"
#include "workflows/access/authenticate.h"

namespace safecity::cli {

namespace {

struct TokenArgs {
  std::string id, role, unit, principal, label, reason;
  bool all = false;
};

int Issue(const Globals& g, const TokenArgs& a) {
  auto secret = access::NewTokenSecret();
  if (!secret.ok()) return Fail(secret.status());
  const std::string sha = Sha256Hex(secret.value());
  const std::string id = a.id.empty() ? "t" + sha.substr(0, 12) : a.id;
  Json data{{"token_id", id}, {"role", a.role}, {"sha256", sha}, {"label", a.label}};
  if (!a.unit.empty()) data["unit"] = a.unit;
  if (!a.principal.empty()) data["principal"] = a.principal;
  return Submit(g, "token.issue", "token-" + id, "office", data,
                Json{{"token", secret.value()}, {"note", "shown once: give it to its holder now; it cannot be shown again"}});
}

int List(const Globals& g, bool all) {
  auto rows = ListRows(g, "/v1/tokens", {{"all", all ? "true" : "false"}}, access::ForEachToken,
                       [all](const Json& tok) { return all || access::IsActive(tok); });
  if (!rows.ok()) return Fail(rows.status());
  Table t({{"token_id", "令牌"}, {"role", "角色"}, {"principal", "持有者"}, {"label", "用途"}, {"state", "状态"},
           {"issued_at", "签发"}, {"revoked_at", "吊销"}});
  for (const Json& tok : rows.value())
    t.Add({tok.value("token_id", ""), Term(tok.value("role", "")), tok.value("principal", ""), tok.value("label", ""),
           Term(tok.value("state", "")), tok.value("issued_at", ""), tok.value("revoked_at", "")},
          {tok.value("token_id", ""), tok.value("role", ""), tok.value("principal", ""), tok.value("label", ""),
           tok.value("state", ""), tok.value("issued_at", ""), tok.value("revoked_at", "")});
  return PrintTable(g, t);
}

}  // namespace

void AddTokenCommands(CLI::App& app, Globals& g, int& rc) {
  static TokenArgs a;
  auto* token = app.add_subcommand("token", "access tokens for the HTTP API (访问令牌): issue, revoke, list");
  token->require_subcommand(1);
  auto* issue = token->add_subcommand("issue", "issue a token; its secret is printed once");
  issue->add_option("--role", a.role, "office, unit, inspector or auditor")
      ->required()
      ->check(CLI::IsMember({"office", "unit", "inspector", "auditor"}));
  issue->add_option("--unit", a.unit, "a unit's token: the unit (id, name or alias); it acts as that unit");
  issue->add_option("--principal", a.principal, "who holds it (office, inspector, auditor), e.g. li.ming");
  issue->add_option("--label", a.label, "what it is for, e.g. 雁塔区应急管理系统");
  issue->add_option("--id", a.id, "the token's id (default: from its hash)");
  issue->callback([&g, &rc] { rc = Issue(g, a); });

  auto* revoke = token->add_subcommand("revoke", "revoke a token: it stops working at once");
  revoke->add_option("id", a.id, "the token's id (see `safecity token list`)")->required();
  revoke->add_option("--reason", a.reason, "why, e.g. 系统更换")->required();
  revoke->callback([&g, &rc] {
    rc = Submit(g, "token.revoke", "token-" + a.id, "office", Json{{"token_id", a.id}, {"reason", a.reason}});
  });

  auto* list = token->add_subcommand("list", "the tokens (never their secrets)");
  list->add_flag("--all", a.all, "revoked ones too");
  list->callback([&g, &rc] { rc = List(g, a.all); });
}

}  // namespace safecity::cli
