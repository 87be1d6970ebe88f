// The dashboard figure of madoguchi-bench: `dashboard` through ReadHandler on
// a database of N requests spread over two years (filled through the store's
// group commit, testing::FillRequests), against two reads of the same run on
// the same database: `show` of one request and `stats`.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace madoguchi::bench {

struct Latency {
  std::string name;
  double median_ms = 0;
  double p95_ms = 0;
};

struct DashboardFigures {
  int requests = 0;
  int copies = 1;               // requests / copies lives went through the store
  double fill_seconds = 0;
  int64_t commands = 0;         // intakes and events the fill applied
  // show, stats, dashboard, report in process; the same over HTTP.
  std::vector<Latency> reads;
};

// Fills a real engine's database with `requests` requests and times show,
// stats, dashboard and report (the ledger of kToday's year) `runs` times each (after two untimed runs), median and
// 95th percentile: first in process (ReadHandler), then over HTTP through the
// running engine's web desk. Exits the process on a failure, as the other
// figures do.
DashboardFigures DashboardAtScale(int requests, int runs);

}  // namespace madoguchi::bench
