#include "connectors/kafka/client.h"

#include <algorithm>

#include "engine/service_log.h"

namespace safecity::kafka {

void KafkaDeleter::operator()(rd_kafka_t* rk) const {
  if (rk) rd_kafka_destroy(rk);
}

namespace {

// librdkafka's own log (syslog levels) in the serving process's log.
void LogToServiceLog(const rd_kafka_t* rk, int level, const char* facility, const char* message) {
  const char* name = level <= 3 ? "error" : level == 4 ? "warning" : level <= 6 ? "info" : "debug";
  service_log::Write(name, std::string("librdkafka ") + rd_kafka_name(rk), message, nlohmann::json{{"facility", facility}});
}

Result<KafkaHandle> Make(rd_kafka_type_t type, const KafkaOptions& o, Settings settings, const Settings& extra,
                         const ConfHook& conf_hook) {
  if (o.brokers.empty()) return Status::Invalid("brokers", "is empty; give --brokers HOST:PORT[,HOST:PORT…]");
  settings["bootstrap.servers"] = o.brokers;
  settings["socket.connection.setup.timeout.ms"] = std::to_string(o.connect_timeout_ms);
  settings["log.connection.close"] = "false";
  // A broker that dies takes its partitions' leadership with it; ask for the
  // new leaders every two seconds instead of every five minutes, so that
  // handles that only query (watermarks, committed offsets) move on too.
  settings["topic.metadata.refresh.interval.ms"] = "2000";
  for (const auto& [k, v] : extra) settings[k] = v;
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  char err[512];
  for (const auto& [k, v] : settings) {
    if (rd_kafka_conf_set(conf, k.c_str(), v.c_str(), err, sizeof err) != RD_KAFKA_CONF_OK) {
      rd_kafka_conf_destroy(conf);
      return Status::Invalid("kafka." + k, err);
    }
  }
  rd_kafka_conf_set_log_cb(conf, LogToServiceLog);
  if (conf_hook) conf_hook(conf);
  rd_kafka_t* rk = rd_kafka_new(type, conf, err, sizeof err);
  if (!rk) {
    rd_kafka_conf_destroy(conf);
    return Status::Invalid("brokers", std::string("cannot create the Kafka client: ") + err);
  }
  return KafkaHandle(rk);
}

}  // namespace

Result<KafkaHandle> MakeProducer(const KafkaOptions& o, const Settings& extra, const ConfHook& conf_hook) {
  Settings s{{"enable.idempotence", "true"},
             {"acks", "all"},
             {"linger.ms", "2"},
             {"compression.type", "lz4"},
             {"transaction.timeout.ms", std::to_string(o.transaction_timeout_ms)}};
  return Make(RD_KAFKA_PRODUCER, o, s, extra, conf_hook);
}

Result<KafkaHandle> MakeConsumer(const KafkaOptions& o, const Settings& extra, const ConfHook& conf_hook) {
  Settings s{{"group.id", o.group()},
             {"enable.auto.commit", "false"},
             {"enable.auto.offset.store", "false"},
             {"isolation.level", "read_committed"},
             {"auto.offset.reset", "earliest"},
             {"session.timeout.ms", std::to_string(o.session_timeout_ms)},
             {"heartbeat.interval.ms", std::to_string(std::max(500, o.session_timeout_ms / 3))},
             {"enable.partition.eof", "true"}};
  return Make(RD_KAFKA_CONSUMER, o, s, extra, conf_hook);
}

}  // namespace safecity::kafka
