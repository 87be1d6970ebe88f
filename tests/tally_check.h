// The dashboard's tallies (engine/store/dashboard_tallies.h) checked against
// the rows they count, recomputed here in C++ from every request and history
// row: the invariant the triggers keep at each commit, so it must hold after
// any fill, any mix of commands and any crash. Catch2 CHECKs; returns the
// requests counted.
#pragma once

#include <cstdint>
#include <string>

namespace madoguchi::testing {

int64_t CheckTalliesMatchRows(const std::string& db_path);

}  // namespace madoguchi::testing
