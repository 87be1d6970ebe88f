// madoguchi: the command-line client of Madoguchi.
//
// Exit codes: each command sets its own (calendar_command.h,
// engine_connection.h); a command line CLI11 cannot parse (an unknown
// option, a missing argument, a value out of range) is bad local input,
// exit 2, and --help exits 0.
#include <CLI/CLI.hpp>

#include "calendar_command.h"
#include "engine_commands.h"

namespace {

constexpr int kExitBadInput = 2;

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"madoguchi: the request desk's command-line client"};
  app.require_subcommand(1);
  int exit_code = 0;
  madoguchi::cli::AddCalendarCommand(app, exit_code);
  madoguchi::cli::AddEngineCommands(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // app.exit prints the help or the error; only a real error is bad input.
    return app.exit(e) == 0 ? 0 : kExitBadInput;
  }
  return exit_code;
}
