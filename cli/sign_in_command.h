// `madoguchi unlock-sign-in NAME`: lift the web desk's sign-in delay and lock
// of a user name after repeated failed sign-ins (managers, admins). Engine
// command `unlock_sign_in` {user}, audited like every command. Takes
// --engine, --key and --timeout and exits as engine_connection.h says.
#pragma once

#include <CLI/CLI.hpp>

namespace madoguchi::cli {

void AddUnlockSignInCommand(CLI::App& app, int& exit_code);

}  // namespace madoguchi::cli
