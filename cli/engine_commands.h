// The `madoguchi` commands that talk to a running engine (protocol/wire.h,
// schemas/api/<command>.{request,reply}.schema.json).
//
// Every one of them takes:
//   --engine ENDPOINT  where the engine listens (default: $MADOGUCHI_ENGINE,
//                      else the key file's engine_endpoint), tcp://HOST:PORT
//                      or ipc://PATH
//   --key FILE         the user's key file, written by `madoguchi-engine user
//                      add` (default: $MADOGUCHI_KEY; one or the other is
//                      required)
//   --timeout SECONDS  how long to wait for each reply (default 5)
//
//   madoguchi intake FILE.json
//       Sends {"record": <the file's JSON>} (schemas/request.schema.json).
//       Prints one line about the request — made now, or already there for
//       the file's idempotency key — with its state and due date, then the
//       request id alone on the last line:  id=$(madoguchi intake f.json | tail -1)
//   madoguchi advance ID EVENT [--data JSON|@FILE] [--version N]
//       Fires EVENT (DESIGN.md's workflow table) with `data` (default {};
//       schemas/events/EVENT.schema.json). Without --version it first asks
//       `show` for the current version. Prints the new state, version and
//       due date.
//   madoguchi show ID [--json]
//       A block for staff: type, state, received, due date and days left,
//       assignee, what the request is about, the events the caller may fire,
//       and the history as a table. --json prints the engine's result as is.
//   madoguchi list [--state S] [--type T] [--assignee U] [--due-before DATE]
//                  [--limit N] [--offset N] [--json]
//       A table of requests, then "N件中 a–b件".
//   madoguchi overdue [--days N] [--json]
//       Two tables, 期限超過 (past their due date) and 期限間近 (due within N
//       business days, default 3), oldest due date first.
//   madoguchi stats [--json]
//       Counts by state and by type, open, overdue and due soon.
//   madoguchi whoami
//       "user (role)" as the engine knows the key.
//
// Human output shows ISO dates (with the Japanese era form where a person
// reads one date at a time); --json output is the engine's reply result,
// ISO throughout.
//
// Exit codes through `exit_code`: 0 success; 1 the engine answered with an
// error (refused, not found, stale version, invalid event data, ...); 2 bad
// local input (a missing or unreadable file, JSON that does not parse, a bad
// id, event, state, date or option, no key file); 3 the engine did not
// answer in time (down, unreachable, or it does not accept the key). Every
// error is one message on stderr, prefixed "madoguchi <command>: ".
#pragma once

#include <CLI/CLI.hpp>

namespace madoguchi::cli {

// Registers intake, advance, show, list, overdue, stats and whoami on `app`.
// The callbacks run during app.parse() and write the process exit code to
// `exit_code`, which must outlive the parse.
void AddEngineCommands(CLI::App& app, int& exit_code);

}  // namespace madoguchi::cli
