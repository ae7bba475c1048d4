#include "engine/message.h"

#include <cctype>
#include <cstdlib>

namespace safecity {

namespace {

struct Advice {
  const char* name;
  const char* cli_zh;
  const char* cli_en;
  const char* http_zh;
  const char* http_en;
};

// The edges' own words: how a user of each edge does what the refusal asks.
const Advice kAdvice[] = {
    {"as_office", "请以创建办身份办理", "act as the office", "请用创建办的令牌提交", "send it with an office token"},
    {"as_responsible", "请用 --as 以牵头单位或配合单位身份办理", "act as its lead or a cooperating unit with --as",
     "请用牵头单位或配合单位的令牌提交", "send it with a token of its lead or a cooperating unit"},
    {"task_list", "用 `safecity task list` 查看任务", "list tasks with `safecity task list`", "任务列表见 GET /v1/tasks",
     "list tasks at GET /v1/tasks"},
    {"round_list", "用 `safecity campaign list` 查看评估轮次", "see `safecity campaign list`", "请核对评估轮次编号", "check the round's id"},
    {"another_id", "请换一个 --id", "choose another --id", "请换一个 data.task_id", "choose another data.task_id"},
    {"hazard_list", "用 `safecity hazard list` 查看隐患", "list hazards with `safecity hazard list`", "请核对隐患编号", "check the hazard's id"},
    {"own_unit", "省略 --unit，或写本单位 {unit}", "leave --unit out or name {unit}", "省略 data.unit，或写本单位 {unit}",
     "leave data.unit out or name {unit}"},
    {"give_unit", "请用 --unit 写明", "give --unit", "请在 data.unit 写明", "give data.unit"},
    {"verification_list", "用 `safecity verify list` 查看核查", "list them with `safecity verify list`", "请核对核查编号",
     "check the verification's id"},
    {"clock_tick", "用 `safecity clock tick` 推进时钟", "tick the clock with `safecity clock tick`",
     "由服务器的时钟推进", "the server's own clock ticks it"},
    {"as_scorer", "请以创建办或检查人员身份办理", "act as the office or an inspector", "请用创建办或检查人员的令牌提交",
     "send it with an office or inspector token"},
    {"sheet_import", "用 `safecity sheet import` 导入", "import it with `safecity sheet import`", "请先用 sheet.define 定义",
     "define it first with sheet.define"},
    {"feedback_list", "见 `safecity report feedback`", "see `safecity report feedback`", "请核对扣分项序号", "check the finding's number"},
    {"sheet_show", "见 `safecity sheet show`", "see `safecity sheet show`", "请核对评价细则的条目编号", "check the item's number in the sheet"},
    {"use_assess", "请用 `safecity campaign assess`", "use `safecity campaign assess`", "请用 campaign.record_assessment",
     "send campaign.record_assessment"},
    {"use_deduct", "请用 `safecity campaign deduct`", "use `safecity campaign deduct`", "请用 campaign.record_finding",
     "send campaign.record_finding"},
    {"reschedule", "用 `campaign reschedule` 调整，或不开整改任务记录", "move it with `campaign reschedule` or record without a task",
     "请先用 campaign.reschedule_phase 调整，或以 data.open_task=false 记录",
     "move it with campaign.reschedule_phase first, or record with data.open_task false"},
    {"give_ratio", "请给出 --qualified 和 --sampled", "give --qualified and --sampled", "请给出 data.qualified 和 data.sampled",
     "give data.qualified and data.sampled"},
    {"give_points", "请给出 --points", "give --points", "请给出 data.points_x100", "give data.points_x100"},
    {"unit_list", "用 `safecity unit list` 查看单位", "list units with `safecity unit list`", "请核对单位编号", "check the unit's id"},
    {"inbox", "用 `safecity inbox` 查看收件箱", "see `safecity inbox`", "收件箱见 GET /v1/inbox", "see GET /v1/inbox"},
    {"token_list", "用 `safecity token list` 查看令牌", "list tokens with `safecity token list`", "请核对令牌编号",
     "check the token's id"},
    {"webhook_key_list", "用 `safecity webhook key list` 查看密钥", "list them with `safecity webhook key list`",
     "请核对密钥编号", "check the key's id"},
    {"subscription_list", "见 `safecity webhook subscriptions`", "see `safecity webhook subscriptions`", "请核对订阅编号",
     "check the subscription's id"},
    {"give_principal", "请用 --principal 写明，例如 --principal zhang.wei", "e.g. --principal zhang.wei",
     "请在 data.principal 写明", "give data.principal"},
    {"leave_out_unit", "请省略 --unit", "leave out --unit", "请省略 data.unit", "leave out data.unit"},
    {"later_at", "请用更晚的 --at", "tick at a later --at", "请给出更晚的时间", "send a later time"},
    {"unit_list_or_add", "用 `safecity unit list` 查看单位，或用 `safecity unit add` 添加",
     "list units with `safecity unit list` or add it with `safecity unit add`", "请核对单位的编号、名称或别名，或先用 unit.register 登记",
     "check the unit's id, name or alias, or register it first with unit.register"},
    {"date_example", "请写 2023-04-15 或 2023-04-15T18:00:00+08:00", "write 2023-04-15 or 2023-04-15T18:00:00+08:00",
     "请写 2023-04-15 或 2023-04-15T18:00:00+08:00", "write 2023-04-15 or 2023-04-15T18:00:00+08:00"},
    {"sign_checkpoint", "请用 `safecity checkpoint --signing-key KEY` 签署", "sign one with `safecity checkpoint --signing-key KEY`",
     "检查点由服务器签署", "the server signs them"},
    {"accept_loss", " `safecity repair --accept-loss` ", "`safecity repair --accept-loss`", "服务器上的日志修复工具",
     "the log repair tool on the server"},
    {"rejoin", "请先用 `safecity unit rejoin` 恢复", "rejoin it first with `safecity unit rejoin`", "请先用 unit.rejoin 恢复",
     "rejoin it first with unit.rejoin"},
};

const Advice* FindAdvice(const std::string& name) {
  for (const Advice& a : kAdvice)
    if (name == a.name) return &a;
  return nullptr;
}

std::string Param(const MessageParams& params, const std::string& name) {
  for (const auto& [k, v] : params)
    if (k == name) return v;
  return "";
}

std::string Fill(const std::string& text, const MessageParams& params, Language lang, Edge edge, int depth) {
  std::string out;
  out.reserve(text.size() + 32);
  for (size_t i = 0; i < text.size();) {
    if (text[i] == '{') {
      const size_t close = text.find('}', i);
      if (close != std::string::npos) {
        const std::string name = text.substr(i + 1, close - i - 1);
        if (!name.empty() && name[0] == '@') {
          const Advice* a = depth < 2 ? FindAdvice(name.substr(1)) : nullptr;
          if (a) {
            const char* words = edge == Edge::kCli ? (lang == Language::kZh ? a->cli_zh : a->cli_en)
                                                   : (lang == Language::kZh ? a->http_zh : a->http_en);
            out += Fill(words, params, lang, edge, depth + 1);
          }
        } else {
          out += Param(params, name);
        }
        i = close + 1;
        continue;
      }
    }
    out += text[i++];
  }
  return out;
}

}  // namespace

std::string RenderMessage(const Message& m, const MessageParams& params, Language lang, Edge edge) {
  return Fill(lang == Language::kZh ? m.zh : m.en, params, lang, edge, 0);
}

Language LanguageFromAcceptLanguage(const std::string& header) {
  // "en-US,en;q=0.9,zh-CN;q=0.8": the highest weight of each language.
  double zh = -1, en = -1;
  size_t i = 0;
  while (i < header.size()) {
    size_t end = header.find(',', i);
    if (end == std::string::npos) end = header.size();
    std::string item = header.substr(i, end - i);
    i = end + 1;
    double q = 1.0;
    const size_t semi = item.find(';');
    if (semi != std::string::npos) {
      const size_t qat = item.find("q=", semi);
      if (qat != std::string::npos) q = std::strtod(item.c_str() + qat + 2, nullptr);
      item = item.substr(0, semi);
    }
    std::string tag;
    for (char c : item)
      if (!std::isspace(static_cast<unsigned char>(c))) tag += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const std::string primary = tag.substr(0, tag.find('-'));
    if (primary == "zh" && q > zh) zh = q;
    if (primary == "en" && q > en) en = q;
  }
  return en > 0 && en > zh ? Language::kEn : Language::kZh;
}

}  // namespace safecity
