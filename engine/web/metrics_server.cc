#include "web/metrics_server.h"

#include <spdlog/spdlog.h>

#include <fstream>

#include "commands/read_handler.h"
#include "core/jst_time.h"
#include "server/metrics_text.h"
#include "store/store_gauges.h"
#include "web/http_server.h"
#include "web/loopback_address.h"

namespace madoguchi {

namespace {

HttpResponse PlainText(int status, std::string body) {
  HttpResponse res;
  res.status = status;
  res.SetContent(std::move(body), "text/plain; charset=utf-8");
  return res;
}

// When the last backup that succeeded was taken: the first word of
// DATA/backup.last (a JST timestamp), if there is one.
std::optional<Timestamp> LastBackup(const std::string& marker) {
  std::ifstream in(marker);
  std::string at;
  if (!(in >> at)) return std::nullopt;
  Result<Timestamp> t = ParseTimestamp(at);
  if (!t.ok()) return std::nullopt;
  return *t;
}

}  // namespace

Result<std::unique_ptr<MetricsServer>> MetricsServer::Start(const MetricsServerOptions& options,
                                                            const EngineMetrics& metrics,
                                                            const BusinessCalendar& calendar) {
  if (!IsLoopbackAddress(options.address)) {
    return Status::InvalidArgument("metrics.address " + options.address +
                                   " is reachable from the network: the metrics are served on a loopback address "
                                   "only (127.0.0.1 or ::1), for a Prometheus on this machine");
  }
  Result<std::unique_ptr<RequestReader>> reader = RequestReader::Open(options.db_path, options.vault);
  if (!reader.ok()) return reader.status();
  std::unique_ptr<MetricsServer> server(new MetricsServer());
  server->options_ = options;
  server->metrics_ = &metrics;
  server->calendar_ = &calendar;
  server->reader_ = std::move(reader).value();

  HttpServerOptions http;
  http.address = options.address;
  http.port = options.port;
  http.max_body_bytes = 0;  // a scrape is a GET
  http.threads = 1;
  http.max_connections = 16;
  http.max_connections_per_address = 16;
  MetricsServer* self = server.get();
  HttpServerCallbacks callbacks;
  // Nothing to sign in with on a loopback port: every scrape may use the one thread.
  callbacks.classify = [](const HttpRequest&) { return RequestKind::kStaff; };
  callbacks.handle = [self](HttpRequest& req) {
    if (req.path != "/metrics") return PlainText(404, "no such page: the metrics are at /metrics\n");
    if (req.method != "GET" && req.method != "HEAD") return PlainText(405, "GET /metrics\n");
    Result<std::string> page = self->Scrape();
    if (!page.ok()) return PlainText(500, page.status().ToString() + "\n");
    HttpResponse res = PlainText(200, std::move(page).value());
    res.headers.Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
    return res;
  };
  callbacks.refuse = [](int status, std::string_view code, std::string_view message) {
    return PlainText(status, std::string(code) + ": " + std::string(message) + "\n");
  };
  callbacks.common_headers = {{"Cache-Control", "no-store"}, {"X-Content-Type-Options", "nosniff"}};
  Result<std::unique_ptr<HttpServer>> http_server = HttpServer::Start(http, std::move(callbacks));
  if (!http_server.ok()) return http_server.status();
  server->http_ = std::move(http_server).value();
  spdlog::info("metrics on {}", server->url());
  return server;
}

MetricsServer::~MetricsServer() {
  if (http_) http_->Stop();
}

std::string MetricsServer::url() const {
  std::string host = options_.address.find(':') != std::string::npos ? "[" + options_.address + "]" : options_.address;
  return "http://" + host + ":" + std::to_string(http_->port()) + "/metrics";
}

Result<std::string> MetricsServer::Scrape() {
  const Timestamp now = Now();
  const Date today = JstDate(now);
  MetricsSnapshot m;
  m.now = now;
  m.engine = metrics_;
  m.last_backup = LastBackup(options_.backup_marker);
  {
    MutexLock lock(&reader_mutex_);
    // "Due soon" as the desk's own lists count it (commands/read_handler.h).
    Result<StoreGauges> gauges = ReadStoreGauges(*reader_, today,
                                                 calendar_->AddBusinessDays(today, kDefaultDueSoonBusinessDays),
                                                 FormatJst(now));
    if (!gauges.ok()) {
      spdlog::error("metrics: {}", gauges.status().ToString());
      return gauges.status();
    }
    m.store = std::move(gauges).value();
  }
  return PrometheusText(m);
}

}  // namespace madoguchi
