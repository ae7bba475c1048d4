// Events on Kafka as CloudEvents 1.0 in binary mode (Kafka protocol binding),
// so that any Kafka tool (kcat, a Java consumer) can read them:
//
//   key            the stream id
//   value          the event's data, canonical JSON (content-type: application/json)
//   ce_specversion 1.0                  ce_id       the event id ("<command id>/1")
//   ce_source      /safecity/<kind>     ce_type     safecity.<Type>, e.g. safecity.TaskAssigned
//   ce_subject     the stream id        ce_time     occurred-at, RFC 3339 UTC with ms
//   extensions     ce_streamversion, ce_schemaversion, ce_actorid, ce_actorrole,
//                  ce_correlationid, ce_causationid, ce_prevhash, ce_hash
//
// DecodeEvent gives back exactly the envelope that was encoded (position 0:
// positions are local to each node's store), so its hash still verifies.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "engine/envelope.h"
#include "engine/status.h"

namespace safecity::kafka {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct KafkaRecord {
  std::string key;
  std::string value;
  Headers headers;
};

KafkaRecord EncodeEvent(const EventEnvelope& e);
// kInvalid naming the header at fault when a required one is missing or malformed.
Result<EventEnvelope> DecodeEvent(const std::string& key, const std::string& value, const Headers& headers);

}  // namespace safecity::kafka
