// The hazard machine (隐患), behind a plain header. The table is Boost.MSM in
// hazard_machine.cc.
//
//   none ─report─► reported ─confirm─► confirmed ─assign─► assigned ─list─► listed   (挂牌督办, major only)
//   reported ─dismiss─► dismissed                                      (不属实/不构成隐患)
//   assigned|listed ─mark_rectified─► rectified ─close─► closed ─bulletin─► bulletined   (整改 → 销号 → 通报)
#pragma once

namespace safecity {
class Machine;
const Machine& HazardMachine();
}  // namespace safecity
