// What every figure of madoguchi-bench needs to time: nearest-rank
// percentiles, and a read run a number of times after two untimed runs that
// warm the page cache and the statement paths.
#pragma once

#include <algorithm>
#include <chrono>
#include <functional>
#include <vector>

namespace madoguchi::bench {

// The nearest-rank p-th (0..1) value of `v`; 0 for none.
inline double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
}

// Milliseconds of each of `runs` timed calls of `read` (after two untimed ones).
inline std::vector<double> TimeRuns(int runs, const std::function<void()>& read) {
  std::vector<double> ms;
  for (int i = -2; i < runs; ++i) {
    auto t0 = std::chrono::steady_clock::now();
    read();
    if (i >= 0) ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  return ms;
}

}  // namespace madoguchi::bench
