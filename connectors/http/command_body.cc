#include "connectors/http/command_body.h"

#include "connectors/http/api_refusals.h"
#include "engine/utf8.h"

namespace safecity::http {

Status DecodeCommandBody(const std::string& text, std::initializer_list<const char*> allowed, CommandEnvelope* c,
                         Json* parsed) {
  Json body;
  try {
    body = Json::parse(text);
  } catch (const Json::exception& e) {
    // The message quotes the bytes read last, which need not be UTF-8 (bytes
    // that are not text, a character cut short); it goes into a JSON problem
    // document, which must be, so then those bytes are written as <XX>.
    std::string what = e.what();
    if (!IsValidUtf8(what)) {
      std::string escaped;
      for (unsigned char ch : what) {
        static const char kHex[] = "0123456789ABCDEF";
        if (ch < 0x80) escaped += static_cast<char>(ch);
        else escaped += std::string{'<', kHex[ch >> 4], kHex[ch & 15], '>'};
      }
      what = escaped;
    }
    return Status::Refusal(Status::Code::kInvalid, "body", kBodyNotJson, {{"what", what}});
  }
  if (!body.is_object()) return Status::Refusal(Status::Code::kInvalid, "body", kCommandBodyShape, {});
  for (auto it = body.begin(); it != body.end(); ++it) {
    bool known = false;
    for (const char* k : allowed) known = known || it.key() == k;
    if (!known && it.key().empty()) return Status::Refusal(Status::Code::kInvalid, "body", kEmptyFieldName, {});
    if (!known) return Status::Refusal(Status::Code::kInvalid, it.key(), kUnknownField, {});
  }
  for (const char* k : allowed) {
    if (std::string(k) == "data") {
      if (body.contains("data") && !body["data"].is_object()) return Status::Refusal(Status::Code::kInvalid, "data", kDataNotObject, {});
    } else if (body.contains(k) && !body[k].is_string()) {
      return Status::Refusal(Status::Code::kInvalid, k, kMustBeString, {});
    }
  }
  if (body.contains("data") && NestsDeeperThan(body["data"], kMaxJsonDepth))
    return Status::Refusal(Status::Code::kInvalid, "data", kTooDeep, {{"levels", std::to_string(kMaxJsonDepth)}});
  if (!body.contains("stream")) return Status::Refusal(Status::Code::kInvalid, "stream", kStreamMissing, {});
  c->stream = body["stream"].get<std::string>();
  c->data = body.value("data", Json::object());
  c->correlation_id = body.value("correlation_id", "");
  if (body.contains("type")) c->type = body["type"].get<std::string>();
  if (parsed) *parsed = std::move(body);
  return Status::Ok();
}

}  // namespace safecity::http
