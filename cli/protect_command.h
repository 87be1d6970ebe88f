// `madoguchi protect add|remove PERSON_FILE` and `madoguchi protect list`
// (managers): the list of people under a 支援措置 (engine commands protect
// and protected_list, store/protected_persons.h). PERSON_FILE is a JSON
// object of the four fields a requester is matched on (insured_symbol,
// insured_number, birth_date, kana), read from a file so that the person
// stays out of the shell's history; the engine keeps only their keyed token.
// `add` prints the open requests it flagged; `list` prints who added each
// entry and when. Takes --engine, --key and --timeout and exits as
// engine_connection.h says.
#pragma once

#include <CLI/CLI.hpp>

namespace madoguchi::cli {

void AddProtectCommand(CLI::App& app, int& exit_code);

}  // namespace madoguchi::cli
