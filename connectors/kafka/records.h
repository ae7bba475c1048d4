// Reading and writing single Kafka records, and where a partition ends:
// the small librdkafka chores every part of the Kafka backend shares.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <librdkafka/rdkafka.h>

#include "connectors/kafka/cloudevents.h"
#include "engine/command_processor.h"
#include "engine/status.h"

namespace safecity::kafka {

std::string KeyOf(const rd_kafka_message_t* m);
std::string ValueOf(const rd_kafka_message_t* m);
Headers HeadersOf(const rd_kafka_message_t* m);
// The value of header `name`, or "" when the record has none.
std::string HeaderOf(const rd_kafka_message_t* m, const char* name);

// A command on the commands topic: key = its stream, value = its canonical
// JSON envelope, header "command_id" (so even a record that cannot be read
// gets a result under its id).
KafkaRecord EncodeCommand(const CommandEnvelope& c);

// A record of the commands topic as a node reads it: the command its value
// holds, or else the rejection the node answers with, under the record's
// "command_id" header (`fallback_id`, the record's topic/partition@offset,
// when the header is missing or not UTF-8) and naming the key as the stream
// when the key is UTF-8 text. Whatever the bytes, the rejection is a result
// CanonicalJson can write.
struct CommandRecord {
  std::optional<CommandEnvelope> command;
  CommandResult rejection;  // when there is no command
};
CommandRecord ReadCommandRecord(const std::string& key, const std::string& value, const std::string& command_id,
                                const std::string& fallback_id);

// Queues `r` for `topic`/`partition` (waiting while the local queue is full).
// Delivery is confirmed by the flush or transaction commit that follows.
Status Produce(rd_kafka_t* rk, const std::string& topic, int partition, const KafkaRecord& r);

// Calls `attempt(wait_ms)` until it returns RD_KAFKA_RESP_ERR_NO_ERROR or
// `timeout_ms` pass, backing off 100 ms between tries; each try may wait up
// to 3 s (less near the deadline). A request fails now and then while a
// broker goes away, until the metadata has moved on to its successor.
// Returns the last error, NO_ERROR on success.
rd_kafka_resp_err_t RetryUntil(int64_t timeout_ms, const std::function<rd_kafka_resp_err_t(int wait_ms)>& attempt);

// Where reading `topic` ends now, per partition, as `rk` reads: for a
// read_committed consumer the last stable offset (the first offset of a
// transaction still open), else the high watermark.
Result<std::vector<int64_t>> EndOffsets(rd_kafka_t* rk, const std::string& topic, int partitions, int timeout_ms);
// The same for one partition.
Result<int64_t> EndOffset(rd_kafka_t* rk, const std::string& topic, int partition, int timeout_ms);

// A librdkafka error as a Status: kStorage "<what>: <error>".
Status KafkaError(const std::string& what, rd_kafka_resp_err_t err);
// Takes ownership of `e` (may be null: ok).
Status KafkaError(const std::string& what, rd_kafka_error_t* e);

}  // namespace safecity::kafka
