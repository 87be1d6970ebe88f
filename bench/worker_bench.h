// The workers' figures of madoguchi-bench (see bench_main.cc for the table):
// letters rendered per second on one core, messages per second from the
// outbox to a worker and back (no-op delivery), and the raw ZeroMQ round
// trip between two processes over ipc:// as the baseline of the latter.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "engine_process.h"

namespace madoguchi::bench {

struct Rate {
  std::string name;
  double per_second = 0;
};

// One-page letters (the acknowledgement) rendered on one core, by one
// LetterRenderer (as the letter worker renders) and by RenderLetter (every
// set-up again, as before it), and what the letter weighs.
struct LetterFigure {
  double per_second = 0;
  double one_off_per_second = 0;
  size_t pdf_bytes = 0, text_bytes = 0;
  int pages = 0;
  struct Kind {
    std::string kind;
    size_t pdf_bytes = 0;
    int pages = 0;
  };
  std::vector<Kind> kinds;  // other kinds of letter of the same request: their weight
};
LetterFigure Letters(std::chrono::seconds duration);
// The raw ZeroMQ round trip between this process and a child running ZmqEcho.
Rate RawZmqRoundTrips(std::chrono::seconds duration);
// The child's side: echoes every message on `endpoint` until an empty one.
int ZmqEcho(const std::string& endpoint);
// Queues `messages` reminders (copies of one real reminder, written into the
// outbox as the engine writes it, untimed) and drains the queue through the
// engine with `workers` no-op workers (workers/worker_loop.h) leasing
// `batch` at a time, acks carrying the next lease; batch 0: workers of the
// protocol before batches (one lease and one ack per message).
Rate OutboxRoundTrips(testing::EngineProcess& engine, int messages, int workers, int batch);

}  // namespace madoguchi::bench
