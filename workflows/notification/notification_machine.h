// The notification machine (通知), behind a plain header. The table is
// Boost.MSM in notification_machine.cc.
//
//   none ─queue─► queued ─send─► sent ─deliver─► delivered ─acknowledge─► acknowledged
//   sent ─fail─► failed ─schedule_retry─► retry_scheduled ─send─► sent …
//   failed ─dead_letter─► dead_lettered           (after the channel's last try)
// Channels: "inbox" (a unit's inbox, read with `safecity inbox`); webhooks come
// with the HTTP API.
#pragma once

namespace safecity {
class Machine;
const Machine& NotificationMachine();
}  // namespace safecity
