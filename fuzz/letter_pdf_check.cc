// Fuzzes what a worker's key may send as a letter's PDF (engine/commands/
// letter_pdf_check.h): strings, names with #xx, streams, object streams
// inflated with zlib. Nothing may crash, hang or read out of bounds, and a
// verdict is always one of the two.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "commands/letter_pdf_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view pdf(reinterpret_cast<const char*>(data), size);
  madoguchi::Status s = madoguchi::CheckLetterPdf(pdf);
  if (!s.ok() && s.code() != madoguchi::Status::Code::kInvalidArgument) std::abort();
  return 0;
}
