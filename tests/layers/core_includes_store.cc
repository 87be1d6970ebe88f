// Compiled only by the test "layers: ..." (tests/CMakeLists.txt), which
// expects it NOT to compile: the core (layer 1) cannot see the store's
// headers, because its include directory holds only core/ (cmake/Layers.cmake).
#include "store/request_store.h"
