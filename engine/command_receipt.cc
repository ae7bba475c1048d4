#include "engine/command_receipt.h"

#include <optional>

#include "engine/store.h"

namespace safecity {

namespace {
constexpr char kFormat = 0x01;

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

const char kHex[] = "0123456789abcdef";
}  // namespace

std::string EncodeCommandReceipt(const CommandReceipt& r) {
  std::string out(1, kFormat);
  out += Store::BigEndian64(static_cast<uint64_t>(r.first_position));
  for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((static_cast<uint64_t>(r.events) >> shift) & 0xff);
  if (r.fingerprint.size() == 64) {
    for (size_t i = 0; i < 64; i += 2)
      out += static_cast<char>(HexDigit(r.fingerprint[i]) << 4 | HexDigit(r.fingerprint[i + 1]));
  }
  return out;
}

Result<CommandReceipt> DecodeCommandReceipt(const std::string& bytes) {
  CommandReceipt r;
  if (!bytes.empty() && bytes[0] == '{') {
    Json body = Json::parse(bytes, nullptr, false);
    if (!body.is_object() || !body.contains("events") || !body["events"].is_array())
      return Status::Storage("a stored command result is unreadable");
    r.fingerprint = body.value("command_sha256", "");
    r.events = static_cast<int64_t>(body["events"].size());
    r.legacy_body = std::move(body);
    return r;
  }
  if (bytes.size() != 13 && bytes.size() != 45) return Status::Storage("a stored command record is unreadable");
  if (bytes[0] != kFormat) return Status::Storage("a stored command record has an unknown format");
  r.first_position = static_cast<int64_t>(Store::FromBigEndian64(bytes.substr(1, 8)));
  for (size_t i = 9; i < 13; ++i) r.events = r.events << 8 | static_cast<unsigned char>(bytes[i]);
  for (size_t i = 13; i < bytes.size(); ++i) {
    const auto b = static_cast<unsigned char>(bytes[i]);
    r.fingerprint += kHex[b >> 4];
    r.fingerprint += kHex[b & 0xf];
  }
  return r;
}

Result<std::optional<CommandReceipt>> FindCommandReceipt(Store* store, const std::string& command_id) {
  auto stored = store->Get(Cf::kCommands, command_id);
  if (!stored.ok()) return stored.status();
  if (!stored.value()) return std::optional<CommandReceipt>();
  auto r = DecodeCommandReceipt(*stored.value());
  if (!r.ok()) return Status::Storage(r.status().message() + " (command " + command_id + ")");
  return std::optional<CommandReceipt>(std::move(r.value()));
}

Result<Json> AcceptedResultBody(Store* store, const std::string& command_id, const CommandReceipt& r) {
  if (!r.legacy_body.is_null()) return r.legacy_body;
  auto events = store->ReadAll(r.first_position, static_cast<size_t>(r.events));
  if (!events.ok()) return events.status();
  if (events.value().size() != static_cast<size_t>(r.events) || events.value().empty())
    return Status::Storage("the events of command " + command_id + " are missing from the log");
  Json body{{"command_id", command_id}, {"status", "accepted"}};
  if (!r.fingerprint.empty()) body["command_sha256"] = r.fingerprint;
  Json list = Json::array();
  for (const EventEnvelope& e : events.value()) {
    if (e.causation_id != command_id || e.stream != events.value().front().stream)
      return Status::Storage("the record of command " + command_id + " names events it did not cause");
    list.push_back(Json{{"id", e.id}, {"type", e.type}, {"version", e.version}, {"position", e.position}});
  }
  body["stream"] = events.value().front().stream;
  body["version"] = events.value().back().version;
  body["events"] = std::move(list);
  return body;
}

}  // namespace safecity
