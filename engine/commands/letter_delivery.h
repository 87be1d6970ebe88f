// What a worker's ack of a letter job may carry (issue 14, items 13 and 14),
// checked when the command is taken in, before the writer sees it:
// result {letter_id, pdf_base64, text, sha256?} with
//  - letter_id: a string (the writer then compares it with the id the engine
//    derived for the job, RequestWriter::AckLetter, and refuses another);
//  - pdf_base64: Base64 of a PDF that passes CheckLetterPdf (size, no active
//    content; commands/letter_pdf_check.h);
//  - text: the letter's text copy, at most kMaxLetterTextBytes of plain UTF-8
//    text (core/control_characters.h IsPlainText: no NUL, no escape
//    sequences);
//  - sha256: optional, the PDF's; the archive checks it.
#pragma once

#include <nlohmann/json.hpp>

#include "util/status.h"
#include "commands/write_command.h"

namespace madoguchi {

inline constexpr size_t kMaxLetterTextBytes = 1024 * 1024;

// Whether an ack's `result` is a letter's (it names any of the letter's fields).
bool IsLetterResult(const nlohmann::json& result);

// The letter, decoded and checked; InvalidArgument saying what is wrong.
Result<DeliveredLetter> TakeDeliveredLetter(const nlohmann::json& result);

}  // namespace madoguchi
