#include "connectors/kafka/records.h"

#include <algorithm>
#include <chrono>
#include <thread>

#include "engine/time_util.h"
#include "engine/utf8.h"

namespace safecity::kafka {

namespace {
constexpr int64_t kTryMs = 3000;  // one request to one broker
}  // namespace

std::string KeyOf(const rd_kafka_message_t* m) {
  return m->key ? std::string(static_cast<const char*>(m->key), m->key_len) : std::string();
}

std::string ValueOf(const rd_kafka_message_t* m) {
  return m->payload ? std::string(static_cast<const char*>(m->payload), m->len) : std::string();
}

Headers HeadersOf(const rd_kafka_message_t* m) {
  Headers headers;
  rd_kafka_headers_t* hdrs = nullptr;
  if (rd_kafka_message_headers(m, &hdrs) != RD_KAFKA_RESP_ERR_NO_ERROR) return headers;
  const char* name;
  const void* value;
  size_t size;
  for (size_t i = 0; rd_kafka_header_get_all(hdrs, i, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR; ++i)
    headers.emplace_back(name, value ? std::string(static_cast<const char*>(value), size) : std::string());
  return headers;
}

std::string HeaderOf(const rd_kafka_message_t* m, const char* name) {
  rd_kafka_headers_t* hdrs = nullptr;
  if (rd_kafka_message_headers(m, &hdrs) != RD_KAFKA_RESP_ERR_NO_ERROR) return "";
  const void* value = nullptr;
  size_t size = 0;
  if (rd_kafka_header_get_last(hdrs, name, &value, &size) != RD_KAFKA_RESP_ERR_NO_ERROR || !value) return "";
  return std::string(static_cast<const char*>(value), size);
}

KafkaRecord EncodeCommand(const CommandEnvelope& c) {
  return KafkaRecord{c.stream, CanonicalJson(ToJson(c)), {{"command_id", c.id}}};
}

CommandRecord ReadCommandRecord(const std::string& key, const std::string& value, const std::string& command_id,
                                const std::string& fallback_id) {
  CommandRecord r;
  Json j = Json::parse(value, nullptr, false);
  Status why = Status::Invalid("command", "the record is not a JSON command envelope; send {id,type,stream,issued_at,actor,data}");
  if (!j.is_discarded() && j.is_object()) {
    auto c = CommandFromJson(j);
    if (c.ok()) {
      r.command = std::move(c.value());
      return r;
    }
    why = c.status();
  }
  // The id and key are bytes from the topic; a result is JSON, which holds text only.
  const std::string id = !command_id.empty() && IsValidUtf8(command_id) ? command_id : fallback_id;
  r.rejection = Rejection(id, IsValidUtf8(key) ? key : "", why);
  return r;
}

Status Produce(rd_kafka_t* rk, const std::string& topic, int partition, const KafkaRecord& r) {
  for (;;) {
    rd_kafka_headers_t* hdrs = rd_kafka_headers_new(r.headers.size());
    for (const auto& [k, v] : r.headers)
      rd_kafka_header_add(hdrs, k.data(), static_cast<ssize_t>(k.size()), v.data(), static_cast<ssize_t>(v.size()));
    rd_kafka_resp_err_t err = rd_kafka_producev(
        rk, RD_KAFKA_V_TOPIC(topic.c_str()), RD_KAFKA_V_PARTITION(partition), RD_KAFKA_V_KEY(r.key.data(), r.key.size()),
        RD_KAFKA_V_VALUE(const_cast<char*>(r.value.data()), r.value.size()), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
        RD_KAFKA_V_HEADERS(hdrs), RD_KAFKA_V_END);
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR) return Status::Ok();  // the headers now belong to the message
    rd_kafka_headers_destroy(hdrs);
    if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL) return KafkaError("producing to " + topic, err);
    rd_kafka_poll(rk, 10);  // let deliveries drain the local queue, then try again
  }
}

rd_kafka_resp_err_t RetryUntil(int64_t timeout_ms, const std::function<rd_kafka_resp_err_t(int wait_ms)>& attempt) {
  const int64_t deadline = NowMs() + timeout_ms;
  for (;;) {
    rd_kafka_resp_err_t err = attempt(static_cast<int>(std::clamp<int64_t>(deadline - NowMs(), 1, kTryMs)));
    if (!err || NowMs() >= deadline) return err;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));  // back off before asking again
  }
}

namespace {

// Where each of `partitions` of `topic` ends, in their order.
// rd_kafka_offsets_for_times with "latest" rather than
// rd_kafka_query_watermark_offsets: in librdkafka 2.0.2 the latter retries a
// request to a dead leader for ever, past its own timeout.
Result<std::vector<int64_t>> EndsOf(rd_kafka_t* rk, const std::string& topic, const std::vector<int>& partitions, int timeout_ms) {
  std::vector<int64_t> ends(partitions.size(), 0);
  rd_kafka_resp_err_t err = RetryUntil(timeout_ms, [&](int wait_ms) {
    rd_kafka_topic_partition_list_t* parts = rd_kafka_topic_partition_list_new(static_cast<int>(partitions.size()));
    for (int p : partitions) rd_kafka_topic_partition_list_add(parts, topic.c_str(), p)->offset = RD_KAFKA_OFFSET_END;
    rd_kafka_resp_err_t e = rd_kafka_offsets_for_times(rk, parts, wait_ms);
    for (int i = 0; i < parts->cnt && !e; ++i) {
      const rd_kafka_topic_partition_t& r = parts->elems[i];
      if (r.err) e = r.err;
      else if (r.offset < 0) e = RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION;  // no answer for this partition
      else ends[static_cast<size_t>(i)] = r.offset;
    }
    rd_kafka_topic_partition_list_destroy(parts);
    return e;
  });
  if (err) return KafkaError("asking where " + topic + " ends", err);
  return ends;
}

}  // namespace

Result<std::vector<int64_t>> EndOffsets(rd_kafka_t* rk, const std::string& topic, int partitions, int timeout_ms) {
  std::vector<int> all(static_cast<size_t>(partitions));
  for (int p = 0; p < partitions; ++p) all[static_cast<size_t>(p)] = p;
  return EndsOf(rk, topic, all, timeout_ms);
}

Result<int64_t> EndOffset(rd_kafka_t* rk, const std::string& topic, int partition, int timeout_ms) {
  auto ends = EndsOf(rk, topic, {partition}, timeout_ms);
  if (!ends.ok()) return ends.status();
  return ends.value()[0];
}

Status KafkaError(const std::string& what, rd_kafka_resp_err_t err) {
  if (!err) return Status::Ok();
  return Status::Storage(what + ": " + rd_kafka_err2str(err));
}

Status KafkaError(const std::string& what, rd_kafka_error_t* e) {
  if (!e) return Status::Ok();
  Status s = Status::Storage(what + ": " + rd_kafka_error_string(e));
  rd_kafka_error_destroy(e);
  return s;
}

}  // namespace safecity::kafka
