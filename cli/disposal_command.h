// `madoguchi disposal list [--due | --kept | --held | --disposed]` (managers,
// auditors): the retention ledger (engine command disposal_list,
// store/disposal.h); `madoguchi disposal hold ID --reason TEXT` and
// `madoguchi disposal release ID --reason TEXT` (managers): the legal hold
// that stops a request's disposal (the events legal_hold and
// legal_hold_release). Takes --engine, --key and --timeout and exits as
// engine_connection.h says.
#pragma once

#include <CLI/CLI.hpp>

namespace madoguchi::cli {

void AddDisposalCommand(CLI::App& app, int& exit_code);

}  // namespace madoguchi::cli
