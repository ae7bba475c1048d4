#include "connectors/http/server_client_refusals.h"

namespace safecity::http {

const Message kServerUnreachable{"client.server_unreachable",
                                 "连不上 {url}（{detail}）；那里是否在运行 `safecity serve --http`，--server 是否写对？",
                                 "cannot reach {url} ({detail}); is `safecity serve --http` running there, and is --server right?"};
const Message kServerNotJson{"client.server_not_json", "{url} 的应答不是 JSON；它是 safecity 服务器吗？",
                             "{url} answered 200 with a body that is not JSON; is it a safecity server?"};
const Message kServerAddress{"client.server_address",
                             "“{url}”不是服务器地址；请写成 http://主机:端口 或 https://主机:端口，例如 https://10.0.0.5:8443",
                             "'{url}' is not a server's address; write http://HOST:PORT or https://HOST:PORT, e.g. "
                             "https://10.0.0.5:8443"};
const Message kServerNoToken{"client.no_token",
                             "没有访问 {url} 的令牌；请设置 SAFECITY_TOKEN，或在配置文件（~/.config/safecity/config.json）中写入 "
                             "\"token\"；令牌由创建办用 `safecity token issue` 签发",
                             "no token for {url}; set SAFECITY_TOKEN or put \"token\" in the config file "
                             "(~/.config/safecity/config.json); the office issues tokens with `safecity token issue`"};
const Message kReplicaHoldsOwnLog{"client.replica_holds_own_log",
                                  "{dir} 存有自己的日志；服务器的副本需要单独的目录：请另给 --data（或不给）",
                                  "{dir} holds a log of its own; the replica of a server needs a directory of its own: give a "
                                  "new --data (or leave it out)"};
const Message kReplicaOfAnother{"client.replica_of_another", "{dir} 是 {theirs} 的副本，不是 {ours} 的；请另给 --data（或不给）",
                                "{dir} is the replica of {theirs}, not of {ours}; give a new --data (or leave it out)"};
const Message kServerLogWentBack{"client.server_log_went_back",
                                 "服务器的日志从位置 {after} 退回到了 {next}；--server 还是之前那台服务器吗？",
                                 "the server's log went back from position {after} to {next}; is --server the same server as before?"};
const Message kServerEventUnreadable{"client.server_event_unreadable", "服务器发来了本命令行读不懂的事件：{detail}",
                                     "the server sent an event this CLI cannot read: {detail}"};
const Message kServerTooSlow{"client.server_too_slow",
                             "{seconds} 秒内没有读完服务器的事件；请再运行一次（副本从停下处接着读），或给更长的 --timeout",
                             "the server's events were not all read within {seconds} s; run again (the replica goes on where "
                             "it stopped) or give a longer --timeout"};

const Message kProbeUnreachable{"client.probe_unreachable", "连不上 {url}（{detail}）；那里是否在运行 `safecity serve --http`，--url 是否写对？",
                                "cannot reach {url} ({detail}); is `safecity serve --http` running there, and is --url right?"};
const Message kServerNotReady{"client.server_not_ready", "{url} 尚未就绪（HTTP {status}）：{detail}",
                              "{url} is not ready (HTTP {status}): {detail}"};

const Message kServerCertUntrusted{"client.server_cert_untrusted",
                                   "不信任 {url} 的证书（{detail}）；请用 --ca-file（或 $SAFECITY_CA_FILE）给出签发它的 CA 证书，"
                                   "并确认地址中的主机名写在证书里",
                                   "the certificate of {url} is not trusted ({detail}); give the CA that signed it with --ca-file "
                                   "(or $SAFECITY_CA_FILE), and check that the address's host is named in the certificate"};
const Message kCaFileUnreadable{"client.ca_file_unreadable", "读不了 CA 证书 {file}（{detail}）；--ca-file 须是 PEM 格式的证书文件",
                                "cannot read the CA certificate {file} ({detail}); --ca-file must be a PEM certificate file"};

const Message kServerTlsFailed{"client.server_tls_failed",
                               "与 {url} 的 TLS 握手失败（{detail}）；那里若是普通 HTTP 端口，请把 https:// 改为 http://",
                               "the TLS handshake with {url} failed ({detail}); if that port speaks plain HTTP, write http:// "
                               "instead of https://"};

const std::vector<const Message*>& ServerClientRefusals() {
  static const std::vector<const Message*> all = {&kServerUnreachable, &kServerNotJson,       &kServerAddress,
                                                  &kServerNoToken,     &kReplicaHoldsOwnLog,   &kReplicaOfAnother,
                                                  &kServerLogWentBack, &kServerEventUnreadable, &kServerTooSlow,
                                                  &kServerNotReady,    &kProbeUnreachable,     &kServerCertUntrusted,
                                                  &kCaFileUnreadable,  &kServerTlsFailed};
  return all;
}

}  // namespace safecity::http
