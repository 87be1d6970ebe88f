// The databases the read figures of madoguchi-bench are measured on: a real
// engine's data folder whose database is filled, before the engine starts,
// with `requests` requests over two years up to kBenchToday
// (testing::FillRequests). Exits the process on a failure, as the figures do.
#pragma once

#include <cstdint>
#include <string>

#include "core/civil_date.h"
#include "engine_process.h"

namespace madoguchi::bench {

// The last day of the filled history and the day the reads are made: fixed,
// so that every run reads the same numbers.
inline constexpr const char* kBenchToday = "2026-11-25";

struct Filled {
  int requests = 0;      // in the database
  int copies = 1;        // requests / copies lives went through the store
  double seconds = 0;
  int64_t commands = 0;  // intakes and events the fill applied
};

// Fills `engine`'s database (the engine not running), sealing the personal
// records with the folder's data key so that the engine opens them.
Filled FillDatabase(const testing::EngineProcess& engine, int requests);

}  // namespace madoguchi::bench
