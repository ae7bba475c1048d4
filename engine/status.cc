#include "engine/status.h"

namespace safecity {

const char* Status::code_name() const {
  switch (code_) {
    case Code::kOk: return "ok";
    case Code::kRefused: return "refused";
    case Code::kInvalid: return "invalid";
    case Code::kNotFound: return "not_found";
    case Code::kForbidden: return "forbidden";
    case Code::kConflict: return "conflict";
    case Code::kStorage: return "storage";
    case Code::kUnauthenticated: return "unauthenticated";
    case Code::kNoSpace: return "insufficient_storage";
  }
  return "unknown";
}

Status Status::Refusal(Code code, std::string field, const Message& text, MessageParams params) {
  Status s(code, std::move(field), RenderMessage(text, params, Language::kEn, Edge::kCli));
  s.text_ = &text;
  s.params_ = std::move(params);
  return s;
}

std::string Status::Render(Language lang, Edge edge) const {
  if (!text_) return ToString();
  const std::string words = Words(lang, edge);
  return field_.empty() ? words : field_ + ": " + words;
}

std::string Status::Words(Language lang, Edge edge) const { return text_ ? RenderMessage(*text_, params_, lang, edge) : message_; }

Status Status::FromCodeName(const std::string& name, std::string field, std::string msg, Code otherwise) {
  Code c = otherwise;
  for (Code k : {Code::kRefused, Code::kInvalid, Code::kNotFound, Code::kForbidden, Code::kConflict, Code::kStorage,
                 Code::kUnauthenticated, Code::kNoSpace})
    if (name == Status(k, "", "").code_name()) c = k;
  if (c == Code::kOk) c = Code::kInvalid;
  // Refused, Conflict, Storage and NoSpace carry no field.
  if (c == Code::kRefused || c == Code::kConflict || c == Code::kStorage || c == Code::kNoSpace) field.clear();
  return Status(c, std::move(field), std::move(msg));
}

std::string Status::ToString() const {
  if (ok()) return "ok";
  if (field_.empty()) return message_;
  return field_ + ": " + message_;
}

}  // namespace safecity
