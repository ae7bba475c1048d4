// The auditor's queries of the HTTP API (engine/log_audit.h), apart from
// HTTP: signed checkpoints and the proofs an auditor checks against them
// with the server's public key alone.
//
//   GET /v1/checkpoints?limit=&cursor=        the checkpoints this log recorded, oldest first
//   GET /v1/proofs/{event}?tree_size=N        the inclusion proof of an event (its id, or
//                                             STREAM@VERSION) in the recorded checkpoint of N
//                                             events (default: the newest that covers it),
//                                             as `safecity proof` prints it
//   GET /v1/consistency?first=M&second=N      an RFC 9162 consistency proof between two sizes
//   GET /v1/leaves?after=N&limit=L            the Merkle leaf hashes of the events after position
//                                             N (default 0), L of them (1–10,000, default
//                                             1,000): of every event, those the reader may not
//                                             see too, so that an auditor's replica
//                                             (`safecity audit sync`) checks the signed roots
//
// Office, inspectors and auditors; a unit's token is refused (403).
#pragma once

#include <string>

#include "connectors/http/api_queries.h"

namespace safecity::http {

Result<Json> Checkpoints(Store* store, const Actor& who, const Params& params);
Result<Json> InclusionProofOf(Store* store, const Actor& who, const std::string& event, const Params& params);
Result<Json> ConsistencyProofOf(Store* store, const Actor& who, const Params& params);
Result<Json> LeavesPage(Store* store, const Actor& who, const Params& params);

}  // namespace safecity::http
