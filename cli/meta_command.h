// `madoguchi meta [--json]`: the decision table as the engine has it (engine
// command `meta`, engine/core/decision_table.h): for each request type its
// outcomes (the letter each sends, whether a manager approves it, whether a
// reason is printed), its grounds with the article each cites, and the bases
// of a suspension or third-party stop. What a reviewer may decide, from the
// engine that will check it. Takes --engine, --key and --timeout and exits as
// engine_connection.h says.
#pragma once

#include <CLI/CLI.hpp>

namespace madoguchi::cli {

void AddMetaCommand(CLI::App& app, int& exit_code);

}  // namespace madoguchi::cli
