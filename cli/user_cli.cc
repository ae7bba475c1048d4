#include "cli/user_cli.h"

#include <termios.h>
#include <unistd.h>

#include <iostream>

#include "cli/reports.h"
#include "connectors/http/password.h"
#include "engine/read_models.h"
#include "engine/store.h"
#include "workflows/access/access_views.h"
#include "workflows/access/user_account.h"

namespace safecity::cli {

namespace {

struct UserArgs {
  std::string login, name, role, unit, reason;
  bool all = false;
};

// One line typed without echo at a terminal, or read from a pipe.
std::string ReadSecretLine(const std::string& prompt) {
  const bool tty = isatty(STDIN_FILENO);
  termios before{};
  if (tty) {
    std::cerr << prompt << std::flush;
    tcgetattr(STDIN_FILENO, &before);
    termios quiet = before;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string line;
  std::getline(std::cin, line);
  if (tty) {
    tcsetattr(STDIN_FILENO, TCSANOW, &before);
    std::cerr << "\n";
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

// The new password's Argon2id hash: typed twice at a terminal, once from a pipe.
Result<std::string> NewPasswordHash() {
  const std::string password = ReadSecretLine(Label("新密码：", "new password: "));
  Status ok = http::CheckPassword(password, "password");
  if (!ok.ok()) return ok;
  if (isatty(STDIN_FILENO) && ReadSecretLine(Label("再输入一次：", "again: ")) != password)
    return Status::Invalid("password", Label("两次输入的密码不一样；请重新设置", "the two passwords differ; set it again"));
  return http::HashPassword(password);
}

int Add(const Globals& g, const UserArgs& a) {
  auto hash = NewPasswordHash();
  if (!hash.ok()) return Fail(hash.status());
  // The person logs in with their name (王工) unless given a login of their own (wang.gong).
  const std::string login = a.login.empty() ? a.name : a.login;
  const std::string id = access::UserIdOf(login);
  Json data{{"user_id", id}, {"login", login}, {"name", a.name}, {"role", a.role}, {"password_hash", hash.value()}};
  if (!a.unit.empty()) data["unit"] = a.unit;
  return Submit(g, "user.add", "user-" + id, "office", data);
}

int Passwd(const Globals& g, const UserArgs& a) {
  auto hash = NewPasswordHash();
  if (!hash.ok()) return Fail(hash.status());
  const std::string id = access::UserIdOf(a.login);
  return Submit(g, "user.set_password", "user-" + id, "office", Json{{"user_id", id}, {"password_hash", hash.value()}});
}

int List(const Globals& g, bool all) {
  auto rows = ListRows(g, "/v1/users", {{"all", all ? "true" : "false"}}, access::ForEachUser,
                       [all](const Json& u) { return all || access::IsActive(u); });
  if (!rows.ok()) return Fail(rows.status());
  Table t({{"login", "登录名"}, {"name", "姓名"}, {"role", "角色"}, {"unit", "单位"}, {"state", "状态"}, {"added_at", "添加"}});
  for (const Json& u : rows.value())
    t.Add({u.value("login", ""), u.value("name", ""), Term(u.value("role", "")), u.value("unit", ""), Term(u.value("state", "")),
           u.value("added_at", "")},
          {u.value("login", ""), u.value("name", ""), u.value("role", ""), u.value("unit", ""), u.value("state", ""),
           u.value("added_at", "")});
  return PrintTable(g, t);
}

}  // namespace

void AddUserCommands(CLI::App& app, Globals& g, int& rc) {
  static UserArgs a;
  auto* user = app.add_subcommand("user", "persons' accounts for the web console (用户账户): add, passwd, disable, enable, list");
  user->require_subcommand(1);
  auto* add = user->add_subcommand("add", "add a person's account; the password is typed twice (not shown) or read from standard input");
  add->add_option("--name", a.name, "the person's name, e.g. 王工; they log in with it unless --login is given")->required();
  add->add_option("--login", a.login, "another name to log in with, e.g. wang.gong (default: --name)");
  add->add_option("--role", a.role, "office, unit, inspector or auditor")
      ->required()
      ->check(CLI::IsMember({"office", "unit", "inspector", "auditor"}));
  add->add_option("--unit", a.unit, "a unit's staff: the unit (id, name or alias); they act as it");
  add->callback([&g, &rc] { rc = Add(g, a); });

  auto* passwd = user->add_subcommand("passwd", "set an account's password (the office resets anyone's; a person changes their own)");
  passwd->add_option("login", a.login, "the account's login")->required();
  passwd->callback([&g, &rc] { rc = Passwd(g, a); });

  for (const char* verb : {"disable", "enable"}) {
    const bool off = std::string(verb) == "disable";
    auto* sc = user->add_subcommand(verb, off ? "disable an account: it can no longer log in, and its sessions end (停用)"
                                              : "enable a disabled account again (恢复)");
    sc->add_option("login", a.login, "the account's login")->required();
    sc->add_option("--reason", a.reason, off ? "why, e.g. 调离岗位" : "why")->required();
    sc->callback([&g, &rc, off] {
      const std::string id = access::UserIdOf(a.login);
      rc = Submit(g, off ? "user.disable" : "user.enable", "user-" + id, "office", Json{{"user_id", id}, {"reason", a.reason}});
    });
  }

  auto* list = user->add_subcommand("list", "the accounts (never a password or its hash)");
  list->add_flag("--all", a.all, "disabled ones too");
  list->callback([&g, &rc] { rc = List(g, a.all); });
}

}  // namespace safecity::cli
