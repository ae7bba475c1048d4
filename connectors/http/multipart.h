// Reading a multipart/form-data body (RFC 7578), as a browser's <form> or
// FormData sends a file: the parts, each with its field name, its file name
// (filename*=UTF-8''… preferred over filename=) and its bytes. Only what an
// upload needs; the bytes are views into the body.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/status.h"

namespace safecity::http {

struct FormPart {
  std::string name;       // the form field's name
  std::string file_name;  // "" when the part is no file
  std::string content_type;
  std::string_view body;
};

// The boundary of a `multipart/form-data; boundary=…` Content-Type, or "".
std::string MultipartBoundary(const std::string& content_type);

// Every part of `body`; kInvalid naming "body" when it is not a whole
// multipart body with that boundary.
Result<std::vector<FormPart>> ParseMultipart(std::string_view body, const std::string& boundary);

}  // namespace safecity::http
