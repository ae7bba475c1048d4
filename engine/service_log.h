// The log of a serving process (`safecity serve`), on stderr, one entry a
// line: what the node says of itself (partitions taken, stopping), the
// access log of its HTTP API, and librdkafka's own log.
//
// As text by default, as before ("node a: owns partitions [0,1] of 4"); with
// UseJson(true) (`serve --log-format json`), one JSON object a line, as log
// shippers (Loki, Elasticsearch, journald's JSON) read any service's:
//
//   {"time":"2026-12-04T08:00:00.123Z","level":"info","source":"node a","message":"owns partitions [0,1] of 4"}
//   {"time":…,"level":"info","source":"access","method":"POST","route":"/v1/commands/{type}","status":200,
//    "duration_ms":3.1,"principal":"yanta","correlation_id":"4bf92f35…","client":"10.0.0.7"}
//
// Thread-safe: a line is written whole, never interleaved with another.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace safecity::service_log {

void UseJson(bool on);
bool UsesJson();

// `level`: "debug", "info", "warning", "error". `fields` (an object) go
// beside the message in JSON and after it as key=value in text.
void Write(const char* level, const std::string& source, const std::string& message,
           const nlohmann::json& fields = nlohmann::json::object());

}  // namespace safecity::service_log
