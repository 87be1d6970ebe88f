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

}  // namespace

Rate LettersPerSecond(std::chrono::seconds duration) {
  nlohmann::json context = SampleLetterContext();
  (void)RenderLetter(context, MADOGUCHI_SOURCE_DIR "/templates/letters");  // font set-up, once per process
  int letters = 0;
  auto start = Clock::now();
  while (Clock::now() - start < duration) {
    Result<RenderedLetter> l = RenderLetter(context, MADOGUCHI_SOURCE_DIR "/templates/letters");
    if (!l.ok()) {
      std::fprintf(stderr, "render failed: %s\n", l.status().ToString().c_str());
      return {"letters rendered (1 core)", 0};
    }
    ++letters;
  }
  return {"letters rendered (1 core)", letters / Seconds(start)};
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

Rate OutboxRoundTrips(testing::EngineProcess& engine, int requests, int workers) {
  auto clerk = engine.Client("clerk1");
  for (int i = 0; i < requests; ++i) {
    nlohmann::json record = testing::SampleRecord("correction", "bench-reminder-" + std::to_string(workers) + "-" + std::to_string(i));
    record["received_at"] = JstDate(Now()).AddDays(-20).ToIso();
    if (!clerk->Call("intake", {{"record", record}}).ok()) return {"outbox failed", 0};
  }
  // Counted in the database itself (read-only), so that polling costs the engine nothing.
  SQLite::Database db(engine.data_dir() + "/madoguchi.db", SQLite::OPEN_READONLY);
  auto count = [&](const char* where) {
    return db.execAndGet(std::string("SELECT count(*) FROM outbox WHERE kind = 'reminder' AND ") + where).getInt();
  };
  auto wait_start = Clock::now();
  int before = count("done_at IS NOT NULL");
  // The writer turns the due timers into reminders (every 0.2 s in the bench).
  while (count("done_at IS NULL") < requests && Seconds(wait_start) < 30) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  std::atomic<bool> stop{false};
  std::vector<std::thread> threads;
  auto start = Clock::now();
  for (int w = 0; w < workers; ++w) {
    threads.emplace_back([&] {
      EngineClient client(engine.key("letters1"), engine.workers_endpoint(), std::chrono::seconds(10));
      WorkerLoop loop(client, [](const WorkerJob&, EngineClient&) -> Result<nlohmann::json> { return nlohmann::json::object(); },
                      WorkerLoopOptions{{"reminder"}, std::chrono::milliseconds(5), std::chrono::seconds(10), 0});
      loop.Run(stop);
    });
  }
  while (count("done_at IS NOT NULL") - before < requests && Seconds(start) < 120) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  double seconds = Seconds(start);
  stop = true;
  for (auto& t : threads) t.join();
  return {"outbox -> worker -> ack, " + std::to_string(workers) + " worker(s)", requests / seconds};
}

}  // namespace madoguchi::bench
