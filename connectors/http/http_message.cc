#include "connectors/http/http_message.h"

#include "connectors/http/api_refusals.h"
#include "engine/utf8.h"

namespace safecity::http {

namespace {

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool SameName(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (Lower(a[i]) != Lower(b[i])) return false;
  return true;
}

const std::string* Find(const Headers& headers, const std::string& name) {
  for (const auto& [k, v] : headers)
    if (SameName(k, name)) return &v;
  return nullptr;
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// %XX-decodes `in` (and '+' as a space when `plus_is_space`) into `out`;
// false on a malformed escape.
bool Decode(const std::string& in, bool plus_is_space, std::string* out) {
  out->clear();
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '%') {
      const int hi = i + 2 < in.size() ? HexDigit(in[i + 1]) : -1;
      const int lo = i + 2 < in.size() ? HexDigit(in[i + 2]) : -1;
      if (hi < 0 || lo < 0) return false;
      *out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else if (in[i] == '+' && plus_is_space) {
      *out += ' ';
    } else {
      *out += in[i];
    }
  }
  return true;
}

// Decoded text a handler may take as a name: UTF-8 without control bytes.
bool Printable(const std::string& s) {
  for (unsigned char c : s)
    if (c < 0x20 || c == 0x7f) return false;
  return IsValidUtf8(s);
}

}  // namespace

std::string Request::get_header_value(const std::string& name) const {
  const std::string* v = Find(headers, name);
  return v ? *v : "";
}

bool Request::has_header(const std::string& name) const { return Find(headers, name) != nullptr; }

void Response::set_header(const std::string& name, const std::string& value) {
  for (auto& [k, v] : headers)
    if (SameName(k, name)) {
      v = value;
      return;
    }
  headers.emplace_back(name, value);
}

void Response::set_content(std::string content, const std::string& content_type) {
  body = std::move(content);
  set_header("Content-Type", content_type);
}

std::string Response::get_header_value(const std::string& name) const {
  const std::string* v = Find(headers, name);
  return v ? *v : "";
}

Status ParseTarget(Request* req) {
  const std::string& t = req->target;
  if (t.empty() || t[0] != '/') return Status::Refusal(Status::Code::kInvalid, "path", kPathNotAPath, {});
  const size_t q = t.find('?');
  if (!Decode(t.substr(0, q), false, &req->path))
    return Status::Refusal(Status::Code::kInvalid, "path", kPathBadEscape, {});
  if (!Printable(req->path))
    return Status::Refusal(Status::Code::kInvalid, "path", kPathBadBytes, {});
  req->params.clear();
  if (q == std::string::npos) return Status::Ok();
  const std::string query = t.substr(q + 1);
  size_t start = 0;
  while (start <= query.size()) {
    size_t end = query.find('&', start);
    if (end == std::string::npos) end = query.size();
    const std::string pair = query.substr(start, end - start);
    start = end + 1;
    if (pair.empty()) continue;
    const size_t eq = pair.find('=');
    std::string key, value;
    if (!Decode(pair.substr(0, eq), true, &key) || !Printable(key))
      return Status::Refusal(Status::Code::kInvalid, "query", kQueryNameBad, {});
    if (!Decode(eq == std::string::npos ? "" : pair.substr(eq + 1), true, &value) || !Printable(value))
      return Status::Refusal(Status::Code::kInvalid, key, kQueryValueBad, {});
    req->params.emplace(std::move(key), std::move(value));
  }
  return Status::Ok();
}

bool MediaTypeIs(const std::string& content_type, const std::string& type) {
  size_t end = content_type.find(';');
  if (end == std::string::npos) end = content_type.size();
  size_t begin = 0;
  while (begin < end && (content_type[begin] == ' ' || content_type[begin] == '\t')) ++begin;
  while (end > begin && (content_type[end - 1] == ' ' || content_type[end - 1] == '\t')) --end;
  return SameName(content_type.substr(begin, end - begin), type);
}

std::string TraceIdOf(const Request& req) {
  const std::string h = req.get_header_value("traceparent");
  auto hex = [&](size_t from, size_t n) {
    bool zero = true;
    for (size_t i = from; i < from + n; ++i) {
      const char c = h[i];
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
      zero = zero && c == '0';
    }
    return !zero || n == 2;  // an all-zero trace or parent id is invalid
  };
  // version "ff" is invalid; a later version may add fields after a '-'.
  if (h.size() < 55 || h[2] != '-' || h[35] != '-' || h[52] != '-' || (h.size() > 55 && h[55] != '-')) return "";
  if (!hex(0, 2) || h.compare(0, 2, "ff") == 0 || !hex(3, 32) || !hex(36, 16) || !hex(53, 2)) return "";
  if (h.compare(0, 2, "00") == 0 && h.size() != 55) return "";
  return h.substr(3, 32);
}

}  // namespace safecity::http
