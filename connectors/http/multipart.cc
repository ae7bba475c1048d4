#include "connectors/http/multipart.h"

#include <cctype>
#include <vector>

namespace safecity::http {
namespace {

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string Trim(std::string_view s) {
  size_t a = 0, b = s.size();
  while (a < b && (s[a] == ' ' || s[a] == '\t')) ++a;
  while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t')) --b;
  return std::string(s.substr(a, b - a));
}

// The parameters of a header value (`form-data; name="file"; filename="a.jpg"`),
// names in lower case, values unquoted. A quoted value runs to the next quote
// (browsers write a quote inside a name as %22 and a backslash as itself, so
// neither escapes); a ';' or '=' inside quotes is part of the value.
std::vector<std::pair<std::string, std::string>> Params(const std::string& header) {
  std::vector<std::pair<std::string, std::string>> out;
  size_t i = header.find(';');
  while (i != std::string::npos && i < header.size()) {
    ++i;  // past the ';'
    while (i < header.size() && (header[i] == ' ' || header[i] == '\t')) ++i;
    const size_t name_start = i;
    while (i < header.size() && header[i] != '=' && header[i] != ';') ++i;
    std::string name = Lower(Trim(std::string_view(header).substr(name_start, i - name_start)));
    std::string value;
    if (i < header.size() && header[i] == '=') {
      ++i;
      while (i < header.size() && (header[i] == ' ' || header[i] == '\t')) ++i;
      if (i < header.size() && header[i] == '"') {
        const size_t close = header.find('"', i + 1);
        value = header.substr(i + 1, (close == std::string::npos ? header.size() : close) - i - 1);
        i = close == std::string::npos ? header.size() : close + 1;
        i = header.find(';', i);
      } else {
        const size_t end = header.find(';', i);
        value = Trim(std::string_view(header).substr(i, (end == std::string::npos ? header.size() : end) - i));
        i = end;
      }
    } else if (i >= header.size()) {
      i = std::string::npos;
    }
    if (!name.empty()) out.emplace_back(std::move(name), std::move(value));
  }
  return out;
}

// The value of `param` among a header's parameters, or "".
std::string Param(const std::string& header, const std::string& param) {
  for (const auto& [name, value] : Params(header))
    if (name == param) return value;
  return "";
}

int Hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// filename*=UTF-8''%E6%95%B4… (RFC 5987).
std::string ExtendedValue(const std::string& v) {
  const size_t q = v.find("''");
  if (q == std::string::npos) return "";
  std::string out;
  for (size_t i = q + 2; i < v.size(); ++i) {
    if (v[i] == '%' && i + 2 < v.size() && Hex(v[i + 1]) >= 0 && Hex(v[i + 2]) >= 0) {
      out += static_cast<char>(Hex(v[i + 1]) * 16 + Hex(v[i + 2]));
      i += 2;
    } else {
      out += v[i];
    }
  }
  return out;
}

}  // namespace

std::string MultipartBoundary(const std::string& content_type) {
  if (Lower(content_type).rfind("multipart/form-data", 0) != 0) return "";
  std::string b = Param(content_type, "boundary");
  return b.size() > 70 ? "" : b;
}

Result<std::vector<FormPart>> ParseMultipart(std::string_view body, const std::string& boundary) {
  auto bad = [](const std::string& why) {
    return Status::Invalid("body", "not a multipart/form-data body: " + why + "; send the file as a form's file field (FormData, curl -F file=@PATH)");
  };
  if (boundary.empty()) return bad("no boundary");
  const std::string delim = "--" + boundary;
  size_t at = body.find(delim);
  if (at == std::string_view::npos) return bad("the boundary is not in it");
  std::vector<FormPart> parts;
  while (true) {
    at += delim.size();
    if (body.substr(at, 2) == "--") return parts;  // the closing delimiter
    if (body.substr(at, 2) != "\r\n") return bad("a boundary line does not end in CRLF");
    at += 2;
    const size_t head_end = body.find("\r\n\r\n", at);
    if (head_end == std::string_view::npos) return bad("a part has no end of its headers");
    FormPart part;
    std::string_view head = body.substr(at, head_end - at);
    size_t line_start = 0;
    while (line_start <= head.size()) {
      size_t line_end = head.find("\r\n", line_start);
      if (line_end == std::string_view::npos) line_end = head.size();
      std::string line(head.substr(line_start, line_end - line_start));
      const size_t colon = line.find(':');
      if (colon != std::string::npos) {
        const std::string key = Lower(Trim(std::string_view(line).substr(0, colon)));
        const std::string value = Trim(std::string_view(line).substr(colon + 1));
        if (key == "content-disposition") {
          part.name = Param(value, "name");
          const std::string extended = Param(value, "filename*");
          part.file_name = extended.empty() ? Param(value, "filename") : ExtendedValue(extended);
        } else if (key == "content-type") {
          part.content_type = value;
        }
      }
      if (line_end == head.size()) break;
      line_start = line_end + 2;
    }
    const size_t data = head_end + 4;
    const size_t next = body.find("\r\n" + delim, data);
    if (next == std::string_view::npos) return bad("a part is not closed by the boundary");
    part.body = body.substr(data, next - data);
    parts.push_back(std::move(part));
    at = next + 2;
  }
}

}  // namespace safecity::http
