#include "connectors/http/command_body.h"

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
    return Status::Invalid("body", "is not JSON: " + what);
  }
  if (!body.is_object()) return Status::Invalid("body", "must be a JSON object {\"stream\", \"data\"}");
  for (auto it = body.begin(); it != body.end(); ++it) {
    bool known = false;
    for (const char* k : allowed) known = known || it.key() == k;
    if (!known && it.key().empty()) return Status::Invalid("body", "has a field named \"\", which no request has; see /openapi.json");
    if (!known) return Status::Invalid(it.key(), "is not a field of this request; see /openapi.json");
  }
  for (const char* k : allowed) {
    if (std::string(k) == "data") {
      if (body.contains("data") && !body["data"].is_object()) return Status::Invalid("data", "must be a JSON object");
    } else if (body.contains(k) && !body[k].is_string()) {
      return Status::Invalid(k, "must be a string");
    }
  }
  if (body.contains("data") && NestsDeeperThan(body["data"], kMaxJsonDepth))
    return Status::Invalid("data", "is nested more than " + std::to_string(kMaxJsonDepth) + " levels deep; no command's data is");
  if (!body.contains("stream")) return Status::Invalid("stream", "is missing; name the stream acted on, e.g. task-XA-001");
  c->stream = body["stream"].get<std::string>();
  c->data = body.value("data", Json::object());
  c->correlation_id = body.value("correlation_id", "");
  if (body.contains("type")) c->type = body["type"].get<std::string>();
  if (parsed) *parsed = std::move(body);
  return Status::Ok();
}

}  // namespace safecity::http
