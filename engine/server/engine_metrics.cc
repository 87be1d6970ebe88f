#include "server/engine_metrics.h"

#include <algorithm>

namespace madoguchi {

Histogram::Histogram(std::vector<double> bounds) : bounds_(std::move(bounds)), counts_(bounds_.size(), 0) {}

void Histogram::Observe(double value) {
  MutexLock lock(&mutex_);
  auto at = std::lower_bound(bounds_.begin(), bounds_.end(), value);  // the first bound >= value
  if (at != bounds_.end()) ++counts_[static_cast<size_t>(at - bounds_.begin())];
  ++count_;
  sum_ += value;
}

Histogram::Snapshot Histogram::Take() const {
  MutexLock lock(&mutex_);
  Snapshot s{bounds_, std::vector<uint64_t>(counts_.size(), 0), count_, sum_};
  uint64_t running = 0;
  for (size_t i = 0; i < counts_.size(); ++i) s.counts[i] = running += counts_[i];
  return s;
}

}  // namespace madoguchi
