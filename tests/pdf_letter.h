// A letter the engine keeps, as its reader gets it: the PDF fetched with the
// `letter` command, written to a file, read back with pdftotext (-layout) and
// its pages counted with pdfinfo. A call or a tool that fails fails the test.
#pragma once

#include <string>

#include "engine_process.h"
#include "test_support.h"

namespace madoguchi::testing {

struct PdfLetter {
  std::string kind;  // letter_kind
  std::string text;  // pdftotext -layout
  // The text with every blank and the page footers ("- 1 / 2 -") taken out
  // (test_support.h Normalised): what a reader reads, wherever lines and pages break.
  std::string flat;
  int pages = 0;     // pdfinfo's Pages
  std::string path;  // the PDF, in the caller's folder
};

// Letter `n` (1-based, as `madoguchi letters ID` numbers them) of request `id`, as `user`.
PdfLetter FetchLetter(EngineProcess& engine, const std::string& user, const std::string& id, int n, const TempDir& dir);

// The letter of the request's latest event (its decision letter once it is closed).
PdfLetter FetchLastLetter(EngineProcess& engine, const std::string& user, const std::string& id, const TempDir& dir);

// clerk1 sends a decided request's decision by post (respond); once every
// letter the engine owes is written, the decision letter.
PdfLetter RespondByPost(EngineProcess& engine, const std::string& id, const TempDir& dir);

}  // namespace madoguchi::testing
