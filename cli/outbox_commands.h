// The `madoguchi` commands about what the engine owes the workers and what
// it has sent: the outbox (letter jobs and reminders on their way, the
// transactional outbox of docs/architecture.md) and the letters archived for
// a request. Each takes --engine, --key and --timeout and exits as
// engine_connection.h says; the engine's command policy says who may send
// which.
//
//   madoguchi outbox [--dead] [--limit N] [--json]
//       Managers and auditors. A line with the number of dead messages
//       (out of attempts, waiting for a manager's retry), then a table of
//       the messages not done yet (with --dead: the dead ones only), in the
//       order they were made: id, request, kind, what (the letter's Japanese
//       title, or the reminder's stage), attempts, the worker holding its
//       lease, when it was parked as dead, its last error. At most --limit
//       (1-1000, default 100) rows; the title line says when there may be
//       more. Engine command `outbox` {dead, limit}.
//   madoguchi outbox retry ID
//       Managers. Puts dead message ID back in the queue with fresh
//       attempts and says so. A message that is not dead, or no message,
//       is refused by the engine (exit 1). Engine command `outbox_retry`
//       {outbox_id}.
//   madoguchi letters ID [--json]
//       The letters sent for request ID, oldest first, numbered from 1:
//       n, title, kind, when issued, the first 16 hex digits of the PDF's
//       SHA-256 (--json: all 64) and the PDF's size in bytes. Engine command
//       `letters` {id}.
//   madoguchi letter ID N --out FILE [--text FILE] [--force]
//       Writes letter N of request ID: the PDF to --out, and its UTF-8 text
//       copy to --text if given. An existing file is not overwritten without
//       --force (exit 2, before the engine is asked). The PDF written is
//       read back and its SHA-256 checked against the engine's record: the
//       output says it matches, and a mismatch removes the file and exits 1.
//       Engine command `letter` {id, n}.
#pragma once

#include <CLI/CLI.hpp>

namespace madoguchi::cli {

// Registers outbox (with its subcommand retry), letters and letter on
// `app`. The callbacks run during app.parse() and write the process exit
// code to `exit_code`, which must outlive the parse.
void AddOutboxCommands(CLI::App& app, int& exit_code);

}  // namespace madoguchi::cli
