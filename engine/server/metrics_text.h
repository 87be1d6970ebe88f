// The Prometheus text exposition format (version 0.0.4) of the engine's
// metrics: names with the `madoguchi_` prefix and their unit as a suffix
// (`_seconds`, `_total` for counters), a HELP and a TYPE line each, label
// values escaped. Read by web/metrics_server.h; the names are documented in
// docs/operations.md ("Metrics").
#pragma once

#include <optional>
#include <string>

#include "core/jst_time.h"
#include "server/engine_metrics.h"
#include "store/store_gauges.h"

namespace madoguchi {

struct MetricsSnapshot {
  StoreGauges store;
  const EngineMetrics* engine = nullptr;
  std::optional<Timestamp> last_backup;  // the last backup that succeeded (DATA/backup.last), if any
  Timestamp now;
};

std::string PrometheusText(const MetricsSnapshot& m);

}  // namespace madoguchi
