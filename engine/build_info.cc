#include "engine/build_info.h"

// Defined for this file alone (CMakeLists.txt), so that a new commit
// recompiles one file.
#ifndef SAFECITY_VERSION
#define SAFECITY_VERSION "0.0.0"
#endif
#ifndef SAFECITY_GIT_REVISION
#define SAFECITY_GIT_REVISION "unknown"
#endif

namespace safecity {

const char* BuildVersion() { return SAFECITY_VERSION; }
const char* BuildRevision() { return SAFECITY_GIT_REVISION; }

}  // namespace safecity
