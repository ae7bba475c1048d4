// Status: errors as values across module boundaries (LevelDB style).
//
// A Status is either ok() or carries a Code, the field at fault (may be empty)
// and a one-line message that names the fix. The codes:
//   kRefused   the workflow refused the command in its current state
//   kInvalid, kNotFound, kConflict   bad input
//   kUnauthenticated   no valid credential (an unknown or revoked token, a
//                      bad signature); kForbidden: a known principal acting
//                      where it may not
//   kStorage   the data directory could not be read or written
//   kNoSpace   the disk is full: writes are refused until space is freed,
//              reads go on
// The edges turn them into their own terms: the CLI into exit codes
// (cli/exit_code.h), the HTTP API into statuses (connectors/http).
#pragma once

#include <optional>
#include <string>
#include <utility>

#include "engine/message.h"

namespace safecity {

class Status {
 public:
  enum class Code { kOk, kRefused, kInvalid, kNotFound, kForbidden, kConflict, kStorage, kUnauthenticated, kNoSpace };

  Status() = default;
  static Status Ok() { return Status(); }
  static Status Refused(std::string msg) { return Status(Code::kRefused, "", std::move(msg)); }
  static Status Invalid(std::string field, std::string msg) {
    return Status(Code::kInvalid, std::move(field), std::move(msg));
  }
  static Status NotFound(std::string field, std::string msg) {
    return Status(Code::kNotFound, std::move(field), std::move(msg));
  }
  static Status Forbidden(std::string field, std::string msg) {
    return Status(Code::kForbidden, std::move(field), std::move(msg));
  }
  static Status Unauthenticated(std::string field, std::string msg) {
    return Status(Code::kUnauthenticated, std::move(field), std::move(msg));
  }
  static Status Conflict(std::string msg) { return Status(Code::kConflict, "", std::move(msg)); }
  static Status Storage(std::string msg) { return Status(Code::kStorage, "", std::move(msg)); }
  static Status NoSpace(std::string msg) { return Status(Code::kNoSpace, "", std::move(msg)); }
  // A refusal whose words the edges render in the user's language
  // (engine/message.h); message() is its English text with the CLI's advice.
  static Status Refusal(Code code, std::string field, const Message& text, MessageParams params);

  // The Status a code_name() names (as JSON results and problem documents
  // carry it), with its field and message; an unknown name gives `otherwise`.
  static Status FromCodeName(const std::string& name, std::string field, std::string msg,
                             Code otherwise = Code::kInvalid);

  bool ok() const { return code_ == Code::kOk; }
  // The data directory failed (kStorage or kNoSpace), not the command: the
  // same command may succeed when sent again.
  bool storage_failure() const { return code_ == Code::kStorage || code_ == Code::kNoSpace; }
  Code code() const { return code_; }
  const std::string& field() const { return field_; }
  const std::string& message() const { return message_; }

  // Stable lower-case name of the code, used in JSON output.
  const char* code_name() const;
  // "field: message" or just "message"; one line.
  std::string ToString() const;

  // The refusal's stable reason ("task.not_responsible") and its parameters;
  // "" and none for a status made from plain text.
  std::string reason() const { return text_ ? text_->reason : ""; }
  // Gives a status rebuilt from JSON (code, field, English text) its words
  // back, from the reason and parameters it carried.
  void RestoreWords(const Message& text, MessageParams params) {
    text_ = &text;
    params_ = std::move(params);
  }
  const MessageParams& params() const { return params_; }
  // ToString() in `lang`, with `edge`'s advice; a status made from plain text
  // has only its English words.
  std::string Render(Language lang, Edge edge) const;
  // Render() without the field: the words alone.
  std::string Words(Language lang, Edge edge) const;
  // The same status, code and words kept, located at `field` instead (an
  // importer's file, row and column rather than the command's field).
  Status Relocated(std::string field) const {
    Status s = *this;
    s.field_ = std::move(field);
    return s;
  }

 private:
  Status(Code c, std::string field, std::string msg)
      : code_(c), field_(std::move(field)), message_(std::move(msg)) {}
  Code code_ = Code::kOk;
  std::string field_;
  std::string message_;
  const Message* text_ = nullptr;  // static storage: a workflow's refusal table
  MessageParams params_;
};

// A value or the Status explaining why there is none.
template <typename T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status s) : status_(std::move(s)) {}    // NOLINT: implicit by design
  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }
  // Only when ok().
  T& value() { return *value_; }
  const T& value() const { return *value_; }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }

 private:
  Status status_;
  std::optional<T> value_;
};

}  // namespace safecity
