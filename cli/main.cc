// madoguchi: the command-line client of Madoguchi.
#include <CLI/CLI.hpp>

#include "calendar_command.h"

int main(int argc, char** argv) {
  CLI::App app{"madoguchi: the request desk's command-line client"};
  app.require_subcommand(1);
  int exit_code = 0;
  madoguchi::cli::AddCalendarCommand(app, exit_code);
  CLI11_PARSE(app, argc, argv);
  return exit_code;
}
