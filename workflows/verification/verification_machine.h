// The verification machine (核查), behind a plain header. The table is
// Boost.MSM in verification_machine.cc.
//
//   none ─request─► requested ─assign─► assigned ─pass─► passed
//                                       assigned ─fail─► failed      (with reasons)
//   requested|assigned ─withdraw─► withdrawn   (the task was decided another way)
//   assigned ─assign─► assigned                (another inspector takes it over)
// Mode: desk (资料核查) or on_site (现场核查), data of the request.
#pragma once

namespace safecity {
class Machine;
const Machine& VerificationMachine();
}  // namespace safecity
