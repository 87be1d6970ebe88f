// `madoguchi access-log ID [--json]`: who was shown a request's personal
// data (engine store/personal_access.h), for managers and auditors. One row
// per showing, oldest first: when (JST), who, their role, from where and
// what (show, list, letter, letter_context). Engine command `access_log`
// {id}. Takes --engine, --key and --timeout and exits as
// engine_connection.h says.
#pragma once

#include <CLI/CLI.hpp>

namespace madoguchi::cli {

void AddAccessLogCommand(CLI::App& app, int& exit_code);

}  // namespace madoguchi::cli
