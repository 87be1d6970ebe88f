// What a worker may store as a letter's PDF (issue 14, item 13). Staff open
// these files, so a PDF from a worker's key is checked before the engine
// keeps it: at most kMaxLetterPdfBytes, a PDF, not encrypted, and no active
// content: no action that runs JavaScript, launches a program, opens a link,
// submits or imports form data, or goes to another document; no embedded or
// attached file; no open action or additional actions, no forms, no media.
// The engine's own renderer (letters/, cairo) writes none of these: a letter
// is text and fonts.
//
// How: the PDF's syntax is read from start to end (comments, strings,
// dictionaries, streams) and every name is decoded (#xx escapes: /J#53 is
// /JS) and compared with the names those features need. Names inside
// compressed object streams (/Type /ObjStm, or a stream with /N and /First)
// are read too, inflated with zlib (FlateDecode only: cairo writes no other
// filter; another one on an object stream is refused rather than trusted).
// A stream's data or a string that holds an object header ("12 0 obj")
// is refused: a reader that follows the cross-reference table there would
// find an object this reading skipped. Font programs and page content are
// not objects, so their bytes are not searched for names: compressed data
// matches a short name by chance far too often.
#pragma once

#include <cstddef>
#include <string_view>

#include "util/status.h"

namespace madoguchi {

// A letter of a few pages is about 200 KB with its fonts; 4 MiB leaves room
// for long ones and bounds what a worker makes the engine store.
inline constexpr size_t kMaxLetterPdfBytes = 4 * 1024 * 1024;

// InvalidArgument saying what is wrong with `pdf` (too large, not a PDF,
// encrypted, "active content: /JavaScript", ...).
Status CheckLetterPdf(std::string_view pdf);

}  // namespace madoguchi
