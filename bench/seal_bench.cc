#include "seal_bench.h"

#include <chrono>

#include "commands/request_writer.h"
#include "test_support.h"

namespace madoguchi::bench {

namespace {

using Clock = std::chrono::steady_clock;

// Seconds to take in `n` requests, `batch` per ApplyBatch, numbered from `first`.
double TimeIntakes(RequestWriter& store, int first, int n, int batch) {
  auto start = Clock::now();
  for (int i = first; i < first + n; i += batch) {
    std::vector<WriteCommand> commands;
    for (int j = i; j < std::min(first + n, i + batch); ++j) {
      WriteCommand c;
      c.kind = WriteCommand::Kind::kIntake;
      c.actor = {"clerk1", Role::kClerk};
      c.record = testing::SampleRecord("disclosure", "seal-bench-" + std::to_string(j));
      c.record["requester"]["insured_number"] = std::to_string(10000000 + j);  // no duplicate links
      commands.push_back(std::move(c));
    }
    for (const WriteResult& r : store.ApplyBatch(commands, Now())) {
      if (!r.status.ok()) throw std::runtime_error("intake failed: " + r.status.ToString());
    }
  }
  return std::chrono::duration<double>(Clock::now() - start).count();
}

}  // namespace

SealCost IntakeSealCost(const std::string& dir, int batch, int per_round, int rounds) {
  const Workflow& workflow = testing::DefaultWorkflow();
  StoreOptions sealed_options;
  StoreOptions plain_options;
  plain_options.plaintext_personal_for_benchmark = true;
  std::string tag = std::to_string(batch);
  auto sealed = RequestWriter::Open(dir + "/sealed-" + tag + ".db", workflow, PersonalVault::Ephemeral(), sealed_options);
  auto plain = RequestWriter::Open(dir + "/plain-" + tag + ".db", workflow, PersonalVault::Ephemeral(), plain_options);
  if (!sealed.ok() || !plain.ok()) throw std::runtime_error("cannot open the benchmark databases");
  double sealed_seconds = 0, plain_seconds = 0;
  for (int r = 0; r < rounds; ++r) {
    // Which goes first alternates, so that neither always meets a warmer cache.
    if (r % 2 == 0) {
      sealed_seconds += TimeIntakes(**sealed, r * per_round, per_round, batch);
      plain_seconds += TimeIntakes(**plain, r * per_round, per_round, batch);
    } else {
      plain_seconds += TimeIntakes(**plain, r * per_round, per_round, batch);
      sealed_seconds += TimeIntakes(**sealed, r * per_round, per_round, batch);
    }
  }
  double n = static_cast<double>(per_round) * rounds;
  return {"store intake, " + tag + " per commit", n / sealed_seconds, n / plain_seconds};
}

}  // namespace madoguchi::bench
