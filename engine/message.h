// Message: the words of one refusal in both of its users' languages, kept
// apart from the refusal itself (a reason code and its parameters), so that
// each edge says it in the user's language and with the edge's own advice.
//
// A workflow defines its refusals as static Messages (e.g.
// workflows/rectification/task_refusals.h) and refuses with
// Status::Refusal(code, field, message, params). The Status keeps the
// reason and the parameters; message() stays the English text with the
// CLI's advice (logs, the security log, records of refused reactions).
// The CLI renders it by --lang, the HTTP API by Accept-Language, each with
// its own advice: a CLI user acts "with --as", an API client "with a token
// of" that principal.
//
// Templates: {name} is the parameter `name`; {@advice} is the edge's own
// words for `advice` (see kAdvice in message.cc), which may use parameters
// too. A parameter that is not given renders as "".
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace safecity {

struct Message {
  const char* reason;  // stable, dotted: "task.not_responsible"; clients may branch on it
  const char* zh;
  const char* en;
};

using MessageParams = std::vector<std::pair<std::string, std::string>>;

enum class Language { kZh, kEn };
enum class Edge { kCli, kHttp };

std::string RenderMessage(const Message& m, const MessageParams& params, Language lang, Edge edge);

// The language an HTTP client asks for: English when its Accept-Language
// prefers some English to any Chinese, Chinese otherwise (also when it says
// nothing): Chinese is the first language of safecity's users.
Language LanguageFromAcceptLanguage(const std::string& header);

}  // namespace safecity
