// librdkafka handles with their owners, built from KafkaOptions: a producer
// (idempotent, acks=all; transactional when given a transactional id) and a
// consumer (read_committed, offsets committed only by transactions).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>

#include <librdkafka/rdkafka.h>

#include "connectors/kafka/kafka_options.h"
#include "engine/status.h"

namespace safecity::kafka {

struct KafkaDeleter {
  void operator()(rd_kafka_t* rk) const;
};
using KafkaHandle = std::unique_ptr<rd_kafka_t, KafkaDeleter>;

using Settings = std::map<std::string, std::string>;

// `extra` settings override the defaults; `conf_hook` may add callbacks and their opaque.
using ConfHook = std::function<void(rd_kafka_conf_t*)>;
Result<KafkaHandle> MakeProducer(const KafkaOptions& o, const Settings& extra = {}, const ConfHook& conf_hook = nullptr);
Result<KafkaHandle> MakeConsumer(const KafkaOptions& o, const Settings& extra = {}, const ConfHook& conf_hook = nullptr);

}  // namespace safecity::kafka
