// MetricsServer: the engine's metrics in Prometheus text format at
// GET /metrics (server/metrics_text.h), for a Prometheus on the same machine
// to scrape (issue 21). Off unless `metrics.enabled`; served on a loopback
// address only -- a start on any other is refused, as the metrics say how
// busy the desk is and who works there is none of the network's business --
// without TLS or sign-in, on the same bounded HTTP server as the web desk
// (web/http_server.h) with one handler thread. Each scrape reads the
// database's figures on a read-only connection of its own
// (store/store_gauges.h) and the engine's counters (server/engine_metrics.h).
#pragma once

#include <memory>
#include <string>

#include "util/mutex.h"
#include "core/business_calendar.h"
#include "util/status.h"
#include "server/engine_metrics.h"
#include "store/request_reader.h"

namespace madoguchi {

struct MetricsServerOptions {
  std::string address = "127.0.0.1";
  int port = 9464;          // 0: any free port
  std::string db_path;
  std::shared_ptr<PersonalVault> vault;  // the engine's data keys, for its reader's connection
  std::string backup_marker;  // DATA/backup.last: written by `madoguchi-engine backup` when one succeeds
};

class HttpServer;

class MetricsServer {
 public:
  // `metrics` and `calendar` must outlive the server.
  static Result<std::unique_ptr<MetricsServer>> Start(const MetricsServerOptions& options, const EngineMetrics& metrics,
                                                       const BusinessCalendar& calendar);
  ~MetricsServer();
  std::string url() const;  // "http://127.0.0.1:PORT/metrics"

 private:
  MetricsServer() = default;
  // The page, or why the database's figures could not be read (the scrape
  // then fails with 500, which Prometheus shows as the target down).
  Result<std::string> Scrape();

  MetricsServerOptions options_;
  const EngineMetrics* metrics_ = nullptr;
  const BusinessCalendar* calendar_ = nullptr;
  Mutex reader_mutex_;  // one connection, whatever thread scrapes
  std::unique_ptr<RequestReader> reader_ PT_GUARDED_BY(reader_mutex_);
  std::unique_ptr<HttpServer> http_;
};

}  // namespace madoguchi
