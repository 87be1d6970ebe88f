// Compiled only by the test "layers: ..." (tests/CMakeLists.txt), which
// expects it NOT to compile: the store links util/ for its file and crypto
// helpers, not protocol/ (the envelope and key files of the engine's clients).
#include "protocol/wire.h"
