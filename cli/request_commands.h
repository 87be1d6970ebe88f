// The `madoguchi` commands that work on requests through a running engine.
// Each takes --engine, --key and --timeout and exits as engine_connection.h
// says; output is printed as request_format.h says.
//
//   madoguchi intake FILE.json
//       Sends {"record": <the file's JSON>} (schemas/request.schema.json).
//       Prints one line about the request — made now, or already there for
//       the file's idempotency key — with its state and due date, then the
//       request id alone on the last line:  id=$(madoguchi intake f.json | tail -1)
//   madoguchi advance ID EVENT [--data JSON|@FILE] [--version N] [--idempotency-key K]
//       Fires EVENT (the workflow table, docs/workflow.md) with `data` (default {};
//       schemas/events/EVENT.schema.json). Without --version it first asks
//       `show` for the current version. It sends an idempotency key (K, or a
//       new random one) and, when the engine does not answer, sends the same
//       advance once more, which the engine applies at most once; if that is
//       not answered either, the message gives the --version and key to run
//       it again by hand. Prints the new state, version and due date (the
//       first result, saying so, when the key came with it before).
//   madoguchi show ID [--json]
//       A block for staff: type, state, received, due date and days left,
//       assignee, what the request is about, the events the caller may fire,
//       and the history as a table. --json prints the engine's result as is.
//   madoguchi list [--state S] [--type T] [--assignee U] [--due-before DATE]
//                  [--due overdue|soon] [--sort COLUMN] [--order asc|desc]
//                  [--limit N] [--offset N] [--json]
//       A table of requests, then "N件中 a–b件".
//   madoguchi overdue [--days N] [--json]
//       Two tables, 期限超過 (past their due date) and 期限間近 (due within N
//       business days, default 3), oldest due date first.
//   madoguchi stats [--json]
//       Counts by state and by type, open, overdue and due soon.
//   madoguchi whoami
//       "user (role)" as the engine knows the key.
#pragma once

#include <string>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "engine_connection.h"

namespace madoguchi::cli {

// Registers intake, advance, show, list, overdue, stats and whoami on `app`.
// The callbacks run during app.parse() and write the process exit code to
// `exit_code`, which must outlive the parse.
void AddRequestCommands(CLI::App& app, int& exit_code);

// `advance ID EVENT` with data made by another command (disclosure attach):
// the version asked of the engine, a new idempotency key, the same output.
void AdvanceWithData(const ConnectionArgs& connection, const std::string& id, const std::string& event,
                     const nlohmann::json& data, int& exit_code);

}  // namespace madoguchi::cli
