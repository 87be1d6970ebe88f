// madoguchi-letter-worker: turns letter jobs into letters. For each job it
// asks the engine for the letter's context (the personal data stays with the
// engine until a worker holding the job's lease asks), renders the A4 PDF
// and its text copy from the templates, and acks with both; the engine keeps
// them as the record of what was sent. A letter's id comes from the job, so
// the same job twice is one letter.
#include <sys/stat.h>

#include <iostream>

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include "letters/letter_renderer.h"
#include "util/base64.h"
#include "protocol/key_file.h"
#include "protocol/log_escape.h"
#include "util/install_paths.h"
#include "workers/worker_loop.h"

using namespace madoguchi;

namespace {

Result<nlohmann::json> WriteLetter(const WorkerJob& job, EngineClient& engine, LetterRenderer& renderer) {
  Result<nlohmann::json> context = engine.Call("letter_context", {{"outbox_id", job.outbox_id}});
  if (!context.ok()) return context.status();
  Result<RenderedLetter> letter = renderer.Render(*context);
  if (!letter.ok()) return letter.status();
  return nlohmann::json{{"letter_id", job.payload.value("letter_id", "")},
                        {"pdf_base64", Base64Encode(letter->pdf)},
                        {"text", letter->text},
                        {"sha256", letter->sha256_pdf}};
}

}  // namespace

int main(int argc, char** argv) {
  // What a worker writes (mail, logs) is its user's alone.
  ::umask(077);
  CLI::App app{"madoguchi-letter-worker: renders the requesters' letters (A4 PDF and text)"};
  std::string key_path, endpoint, templates = ShippedDir("templates/letters", MADOGUCHI_TEMPLATES_DIR), level = "info";
  int max_jobs = 0;
  int batch = kLetterBatch;  // workers/worker_loop.h says why
  app.add_option("--key", key_path, "key file of a user with role worker")->required();
  app.add_option("--engine", endpoint, "the engine's workers endpoint (default: the key file's)");
  app.add_option("--templates", templates, "folder of the letter templates")->capture_default_str();
  app.add_option("--log-level", level, "trace, debug, info, warn or error")->capture_default_str();
  app.add_option("--max-jobs", max_jobs, "stop after this many letters (0: run until stopped)");
  app.add_option("--batch", batch, "letters leased at once (1-256)")->capture_default_str()->check(CLI::Range(1, 256));
  CLI11_PARSE(app, argc, argv);

  spdlog::set_level(spdlog::level::from_str(level));
  EscapeEveryLogLine();  // what the engine sends back (error messages) is logged on one line
  Result<KeyFile> key = KeyFile::Load(key_path);
  if (!key.ok()) {
    std::cerr << "madoguchi-letter-worker: " << key.status().message() << "\n";
    return 2;
  }
  const std::atomic<bool>& stop = StopOnSignals();
  EngineClient engine(*key, endpoint, std::chrono::seconds(10));
  LetterRenderer renderer(templates);  // templates parsed and fonts set up once, for every letter
  WorkerLoop loop(engine, [&](const WorkerJob& job, EngineClient& e) { return WriteLetter(job, e, renderer); },
                  WorkerLoopOptions{{"letter"}, std::chrono::milliseconds(300), batch, max_jobs});
  spdlog::info("letter worker {} asking {} for work", key->user, engine.endpoint());
  int done = loop.Run(stop);
  spdlog::info("letter worker stopped after {} letters", done);
  return 0;
}
