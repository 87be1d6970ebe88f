// `madoguchi provision add FILE | import CSV | list | dispose` (clerks and
// managers; dispose managers): the provision ledger (第三者提供記録, engine
// commands provision, provision_list and provision_dispose;
// core/provision_ledger.h). FILE is a JSON record, an array of records or
// {"records": [...]}; CSV is a UTF-8 file with a header of the columns
// core/provision_ledger.h names, imported all or nothing (the engine's
// refusal lists each bad line in Japanese). `list` prints the records, opened
// (each shown is logged), the person's only with --insured-number. Takes
// --engine, --key and --timeout and exits as engine_connection.h says.
#pragma once

#include <CLI/CLI.hpp>

namespace madoguchi::cli {

void AddProvisionCommand(CLI::App& app, int& exit_code);

}  // namespace madoguchi::cli
