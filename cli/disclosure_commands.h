// What a disclosure hands over (issue 17), from the command line:
//   madoguchi disclosure attach ID FILE [--type pdf|csv]
//       Attach one file exported from the society's systems (PDF or CSV, at
//       most 8 MiB; 20 per disclosure) to a request waiting for its delivery
//       (advance disclosure_attach): the engine keeps it sealed with its SHA-256.
//   madoguchi disclosure package ID
//       An electronic disclosure: the attached files into one AES-256 ZIP
//       (advance disclosure_package); its password goes only in the
//       パスワード通知書 the letter worker prints.
//   madoguchi disclosure export ID [--n N] --out FILE [--force]
//       A manager's copy of file N, or without --n of the package, checked
//       against the SHA-256 the engine recorded.
// Delivered and not collected are events: `madoguchi advance ID
// disclosure_delivered --data '{"method":"paper_counter","on":"2026-12-07"}'`.
#pragma once

#include <CLI/CLI.hpp>

namespace madoguchi::cli {

void AddDisclosureCommands(CLI::App& app, int& exit_code);

}  // namespace madoguchi::cli
