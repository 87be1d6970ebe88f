// The cost of sealing personal records (issue 7, part 1) on intake, measured
// in one run: the same intakes through RequestWriter::ApplyBatch into two
// fresh databases, one storing the personal record sealed (as the engine
// always does) and one in clear (StoreOptions::plaintext_personal_for_benchmark,
// which only this program sets), alternating rounds so that the noise of a
// shared machine falls on both alike.
#pragma once

#include <string>
#include <vector>

namespace madoguchi::bench {

struct SealCost {
  std::string name;            // e.g. "intake, 100 per commit"
  double sealed_per_second = 0;
  double plain_per_second = 0;
};

// `rounds` rounds of `per_round` intakes each way, `batch` intakes per commit.
SealCost IntakeSealCost(const std::string& dir, int batch, int per_round, int rounds);

}  // namespace madoguchi::bench
