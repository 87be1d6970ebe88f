// The reads managers wait for, at scale: `overdue`, `list` (the first page
// of the open queue by due date) and `dashboard` through ReadHandler, and
// each SQL statement the dashboard runs (timed by SQLite's own profile
// callback, so the engine needs no timing code), on databases of 10,000,
// 100,000 and 1,000,000 requests filled the way the dashboard figure fills
// them. Then the engine's start-up time and resident memory on the largest,
// against the same on an empty database in the same run.
#pragma once

#include <string>
#include <vector>

namespace madoguchi::bench {

struct QueryLatency {
  std::string name;
  int requests = 0;
  double p50_ms = 0;
  double p99_ms = 0;
};

struct StartupFigure {
  std::string name;
  int requests = 0;
  double seconds = 0;   // from exec to the first answered whoami
  double rss_mib = 0;   // VmRSS after start-up and one dashboard
};

struct QueryFigures {
  std::vector<QueryLatency> reads;
  std::vector<StartupFigure> startup;
};

// `scales`: database sizes; `runs` timed runs of each read per size.
QueryFigures QueriesAtScale(const std::vector<int>& scales, int runs);

}  // namespace madoguchi::bench
