// What the CLI says when it works through a server (`--server`, 经服务器办理)
// and cannot: the server is not there or not a safecity server, the address
// or the token is missing, the replica's directory belongs to another log,
// the server's log went back, or the events took too long. In Chinese and
// English with stable reasons ("client.*", engine/message.h); the CLI says
// them by --lang. The server's own refusals come back as its problem
// documents and keep their reasons.
#pragma once

#include <vector>

#include "engine/message.h"

namespace safecity::http {

extern const Message kServerUnreachable;    // {url} {detail}
extern const Message kServerNotJson;        // {url}
extern const Message kServerAddress;        // {url}
extern const Message kServerNoToken;        // {url}
extern const Message kReplicaHoldsOwnLog;   // {dir}
extern const Message kReplicaOfAnother;     // {dir} {theirs} {ours}
extern const Message kServerLogWentBack;    // {after} {next}
extern const Message kServerEventUnreadable;  // {detail}
extern const Message kServerTooSlow;        // {seconds}
extern const Message kServerNotReady;       // {url} {status} {detail}
extern const Message kProbeUnreachable;     // {url} {detail}: `safecity health`
extern const Message kServerCertUntrusted;  // {url} {detail}: https:// with a certificate the client does not trust
extern const Message kCaFileUnreadable;     // {file} {detail}: --ca-file
extern const Message kServerTlsFailed;      // {url} {detail}: https:// to a port that does not speak TLS

const std::vector<const Message*>& ServerClientRefusals();

}  // namespace safecity::http
