// Tells systemd how a `serve` process is (sd_notify(3), for Type=notify):
// "READY=1" once it serves, "STOPPING=1" when it begins to stop. systemd then
// starts the units ordered after it only when it can answer, and
// `systemctl status` says when it is stopping.
//
// The protocol without libsystemd: one datagram to the unix socket named by
// $NOTIFY_SOCKET (a leading '@' names an abstract socket). Not under systemd
// (no NOTIFY_SOCKET) it does nothing. Never fails the process: a notification
// that cannot be sent is said on stderr.
#pragma once

#include <string>

namespace safecity::server {

void NotifyServiceManager(const std::string& state);

}  // namespace safecity::server
