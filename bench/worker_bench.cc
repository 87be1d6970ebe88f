#include "worker_bench.h"

#include <atomic>
#include <thread>

#include <SQLiteCpp/SQLiteCpp.h>
#include <spdlog/spdlog.h>
#include <zmq.hpp>

#include "core/data_categories.h"
#include "letters/letter_renderer.h"
#include "test_support.h"
#include "workers/worker_loop.h"

namespace madoguchi::bench {

namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since) { return std::chrono::duration<double>(Clock::now() - since).count(); }

nlohmann::json SampleLetterContext() {
  const DataCategory* receipts = DataCategories::Default().Find("receipts");
  return {{"letter_id", "L-R2026-000042-acknowledgement-1"},
          {"letter_kind", "acknowledgement"},
          {"issued_on", "2026-11-25"},
          {"society", {{"name", "デクセリアルズ健康保険組合"}, {"postal_code", "104-0031"},
                       {"address", "東京都中央区京橋 1-6-1 三井住友海上テプコビル 9F"}, {"phone", "03-3538-1235"},
                       {"complaint_contact", "デクセリアルズ健康保険組合（電話：03-3538-1235）"}}},
          {"recipient", {{"name", "山田 花子"}, {"postal_code", "150-0001"}, {"address", "東京都渋谷区神宮前1-2-3"},
                         {"is_agent", false}}},
          {"requester", {{"name", "山田 花子"}, {"kana", "ヤマダ ハナコ"}}},
          {"request", {{"id", "R2026-000042"}, {"type", "disclosure"}, {"type_ja", "開示"},
                       {"received_on", "2026-11-04"}, {"due_date", "2026-11-18"},
                       {"categories", {{{"id", receipts->id}, {"name", receipts->name}, {"purposes", receipts->purposes}}}},
                       {"disclosure_method", "paper"}, {"disclosure_method_detail", nullptr}, {"free_text", nullptr}}}};
}

// The pages of a PDF cairo wrote: its page objects.
int PdfPages(const std::string& pdf) {
  int pages = 0;
  for (size_t at = pdf.find("/Type /Page"); at != std::string::npos; at = pdf.find("/Type /Page", at + 1)) {
    pages += pdf.compare(at, 12, "/Type /Pages") != 0;
  }
  return pages;
}

}  // namespace

LetterFigure Letters(std::chrono::seconds duration) {
  nlohmann::json context = SampleLetterContext();
  LetterFigure f;
  // As the letter worker renders: one renderer for every letter.
  LetterRenderer renderer(MADOGUCHI_SOURCE_DIR "/templates/letters");
  Result<RenderedLetter> first = renderer.Render(context);  // the fonts' first use, once per process
  if (!first.ok()) {
    std::fprintf(stderr, "render failed: %s\n", first.status().ToString().c_str());
    return f;
  }
  f.pdf_bytes = first->pdf.size();
  f.text_bytes = first->text.size();
  f.pages = PdfPages(first->pdf);
  // What letters of other kinds weigh (one page each, with this context).
  nlohmann::json rejection = context;
  rejection["letter_kind"] = "identity_rejection";
  rejection["identity_rejection"] = {{"reason", "ご提出いただいた住民票の写しは発行から30日を超えており、郵送による請求に必要な本人確認ができませんでした。"}};
  nlohmann::json extension = context;
  extension["letter_kind"] = "extension_notice";
  extension["extension"] = {{"days", 21}, {"unit", "calendar"}, {"reason", "複数の医療機関への照会に対する回答を待っているため。"},
                            {"previous_due_date", "2026-11-18"}, {"new_due_date", "2026-12-09"}};
  for (const nlohmann::json* other : {&rejection, &extension}) {
    Result<RenderedLetter> l = renderer.Render(*other);
    if (!l.ok()) {
      std::fprintf(stderr, "render failed: %s\n", l.status().ToString().c_str());
      return f;
    }
    f.kinds.push_back({(*other)["letter_kind"].get<std::string>(), l->pdf.size(), PdfPages(l->pdf)});
  }
  // The same letter with everything set up again for each (RenderLetter), as before.
  int letters = 0;
  auto start = Clock::now();
  while (Clock::now() - start < duration / 2) {
    if (!RenderLetter(context, MADOGUCHI_SOURCE_DIR "/templates/letters").ok()) return f;
    ++letters;
  }
  f.one_off_per_second = letters / Seconds(start);
  letters = 0;
  start = Clock::now();
  while (Clock::now() - start < duration) {
    if (!renderer.Render(context).ok()) return f;
    ++letters;
  }
  f.per_second = letters / Seconds(start);
  return f;
}

int ZmqEcho(const std::string& endpoint) {
  zmq::context_t context(1);
  zmq::socket_t server(context, zmq::socket_type::router);
  server.set(zmq::sockopt::linger, 0);
  server.bind(endpoint);
  for (;;) {
    zmq::message_t id, empty, body;
    if (!server.recv(id) || !server.recv(empty) || !server.recv(body)) return 1;
    if (body.size() == 0) return 0;  // an empty message: the parent is done
    server.send(id, zmq::send_flags::sndmore);
    server.send(empty, zmq::send_flags::sndmore);
    server.send(body, zmq::send_flags::none);
  }
}

Rate RawZmqRoundTrips(std::chrono::seconds duration) {
  // The echo runs in another process (this program, `zmq-echo`), over ipc://
  // as the engine's sockets in the other figures: two processes, one
  // transport, no CURVE, no JSON, no database.
  testing::TempDir dir;
  const std::string endpoint = "ipc://" + dir.file("echo.sock");
  testing::ChildProcess echo;
  echo.Start({"/proc/self/exe", "zmq-echo", endpoint}, dir.file("echo.log"));
  zmq::context_t context(1);
  zmq::socket_t client(context, zmq::socket_type::dealer);
  client.set(zmq::sockopt::linger, 0);
  client.connect(endpoint);  // ZeroMQ connects once the echo has bound
  std::string payload(200, 'x');  // about the size of a lease request
  int trips = 0;
  auto start = Clock::now();
  while (Clock::now() - start < duration) {
    client.send(zmq::message_t(), zmq::send_flags::sndmore);
    client.send(zmq::buffer(payload), zmq::send_flags::none);
    zmq::message_t empty, body;
    (void)client.recv(empty);
    (void)client.recv(body);
    ++trips;
  }
  double rate = trips / Seconds(start);
  client.send(zmq::message_t(), zmq::send_flags::sndmore);
  client.send(zmq::message_t(), zmq::send_flags::none);
  echo.Stop();
  return {"raw ZeroMQ round trips (2 processes, ipc)", rate};
}

namespace {

// A worker of the protocol before batches: one lease, one job, one ack.
// The same-run "before" of the batched figures.
void SingleMessageWorker(EngineClient& client, std::atomic<int>* done, const std::atomic<bool>& stop) {
  while (!stop) {
    Result<nlohmann::json> job = client.Call("lease", {{"kinds", {"reminder"}}});
    if (!job.ok() || job->value("type", "") != "job") {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      continue;
    }
    ++*done;
    (void)client.Call("ack", {{"outbox_id", (*job)["outbox_id"]}, {"result", nlohmann::json::object()}});
  }
}

// Tops the reminder queue up to `messages` undone messages, copies of one
// real reminder; how many are queued then.
int QueueReminders(testing::EngineProcess& engine, int messages) {
  static int run = 0;
  const std::string db_path = engine.data_dir() + "/madoguchi.db";
  SQLite::Database db(db_path, SQLite::OPEN_READWRITE);
  db.setBusyTimeout(10000);
  auto pending = [&] {
    return db.execAndGet("SELECT count(*) FROM outbox WHERE kind = 'reminder' AND done_at IS NULL AND dead_at IS NULL")
        .getInt();
  };
  if (db.execAndGet("SELECT count(*) FROM outbox WHERE kind = 'reminder'").getInt() == 0) {
    // One real reminder: a request received 20 days ago is overdue, and the
    // writer turns its timer into a message (every 0.2 s in the bench).
    nlohmann::json record = testing::SampleRecord("correction", "bench-reminder-template");
    record["received_at"] = JstDate(Now()).AddDays(-20).ToIso();
    if (!engine.Client("clerk1")->Call("intake", {{"record", record}}).ok()) return 0;
    for (int i = 0; i < 600 && pending() == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  const int64_t model = db.execAndGet("SELECT min(id) FROM outbox WHERE kind = 'reminder'").getInt64();
  SQLite::Statement copy(db,
                         "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
                         "INSERT INTO outbox (request_id, kind, dedup_key, payload, created_at, available_at) "
                         "SELECT o.request_id, o.kind, o.dedup_key || '-bench-' || ? || '-' || n.i, o.payload, "
                         "o.created_at, o.available_at FROM outbox o, n WHERE o.id = ?");
  copy.bind(1, messages - pending());
  copy.bind(2, ++run);
  copy.bind(3, model);
  SQLite::Transaction txn(db, SQLite::TransactionBehavior::IMMEDIATE);
  copy.exec();
  txn.commit();
  return pending();
}

}  // namespace

Rate OutboxRoundTrips(testing::EngineProcess& engine, int messages, int workers, int batch) {
  const int queued = QueueReminders(engine, messages);
  if (queued < messages) return {"outbox: the reminders could not be queued", 0};
  // Counted in the database itself (read-only, by the queue's partial index),
  // once the workers have been handed every message: polling costs the engine nothing.
  SQLite::Database db(engine.data_dir() + "/madoguchi.db", SQLite::OPEN_READONLY);
  auto pending = [&] {
    return db.execAndGet("SELECT count(*) FROM outbox WHERE kind = 'reminder' AND done_at IS NULL AND dead_at IS NULL")
        .getInt();
  };
  std::atomic<int> done{0};
  std::atomic<bool> stop{false};
  std::vector<std::thread> threads;
  auto start = Clock::now();
  for (int w = 0; w < workers; ++w) {
    threads.emplace_back([&] {
      EngineClient client(engine.key("letters1"), engine.workers_endpoint(), std::chrono::seconds(10));
      if (batch == 0) return SingleMessageWorker(client, &done, stop);
      WorkerLoop loop(
          client,
          [&](const WorkerJob&, EngineClient&) -> Result<nlohmann::json> {
            ++done;
            return nlohmann::json::object();
          },
          WorkerLoopOptions{{"reminder"}, std::chrono::milliseconds(5), batch, 0});
      loop.Run(stop);
    });
  }
  while (done < queued && Seconds(start) < 300) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  while (pending() > 0 && Seconds(start) < 300) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  double seconds = Seconds(start);
  stop = true;
  for (auto& t : threads) t.join();
  const std::string how = batch == 0 ? "one per lease, as before" : "batches of " + std::to_string(batch);
  return {"outbox -> worker -> ack, " + std::to_string(workers) + " worker(s), " + how, queued / seconds};
}

}  // namespace madoguchi::bench
