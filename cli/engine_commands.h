// The `madoguchi` commands that talk to a running engine, registered in one
// call: main.cc needs to know no more than that they exist.
//
//   request_commands.h  intake, advance, show, list, overdue, stats, whoami
//   outbox_commands.h   outbox, outbox retry, letters, letter
//   sign_in_command.h   unlock-sign-in
//   meta_command.h      meta (the decision table)
//
// Their common options (--engine, --key, --timeout), exit codes and error
// messages are those of engine_connection.h.
#pragma once

#include <CLI/CLI.hpp>

namespace madoguchi::cli {

// Registers every engine command on `app`. The callbacks run during
// app.parse() and write the process exit code to `exit_code`, which must
// outlive the parse.
void AddEngineCommands(CLI::App& app, int& exit_code);

}  // namespace madoguchi::cli
