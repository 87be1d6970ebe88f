// The invariant every crash, fault and backup test checks on a database
// file: each request's history explains its state (versions 1..version
// without a gap, the last event's to_state is the state), no history row
// names a request that is not there, and each request has its sealed
// personal record. Catch2 CHECKs; returns the requests checked.
#pragma once

#include <cstdint>
#include <string>

namespace madoguchi::testing {

int64_t CheckHistoriesExplainStates(const std::string& db_path);

}  // namespace madoguchi::testing
