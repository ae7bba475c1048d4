#include "cli/exit_code.h"

namespace safecity::cli {

int ExitCode(const Status& s) {
  switch (s.code()) {
    case Status::Code::kOk: return 0;
    case Status::Code::kRefused: return 1;
    case Status::Code::kStorage:
    case Status::Code::kNoSpace: return 3;
    case Status::Code::kInvalid:
    case Status::Code::kNotFound:
    case Status::Code::kForbidden:
    case Status::Code::kConflict:
    case Status::Code::kUnauthenticated: return 2;
  }
  return 2;
}

}  // namespace safecity::cli
