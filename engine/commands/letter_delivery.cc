#include "commands/letter_delivery.h"

#include "commands/letter_pdf_check.h"
#include "core/control_characters.h"
#include "util/base64.h"

namespace madoguchi {

bool IsLetterResult(const nlohmann::json& result) {
  return result.is_object() && (result.contains("pdf_base64") || result.contains("text") || result.contains("letter_id"));
}

Result<DeliveredLetter> TakeDeliveredLetter(const nlohmann::json& result) {
  auto text_field = [&](const char* name) -> const nlohmann::json* {
    auto it = result.find(name);
    return it != result.end() && it->is_string() ? &*it : nullptr;
  };
  const nlohmann::json* id = text_field("letter_id");
  const nlohmann::json* pdf_base64 = text_field("pdf_base64");
  const nlohmann::json* text = text_field("text");
  if (!id || !pdf_base64 || !text) {
    return Status::InvalidArgument("a letter ack carries letter_id, pdf_base64 and text, all strings");
  }
  DeliveredLetter letter;
  letter.letter_id = id->get<std::string>();
  if (const nlohmann::json* sha = text_field("sha256")) letter.sha256 = sha->get<std::string>();
  // Base64 is 4 bytes for 3: a larger one is refused before it is decoded.
  if (pdf_base64->get_ref<const std::string&>().size() / 4 * 3 > kMaxLetterPdfBytes + 3) {
    return Status::InvalidArgument("the letter's PDF has more than " + std::to_string(kMaxLetterPdfBytes) +
                                   " bytes, the most a letter may have");
  }
  Result<std::string> pdf = Base64Decode(pdf_base64->get<std::string>());
  if (!pdf.ok()) return Status::InvalidArgument("pdf_base64: " + pdf.status().message());
  if (Status s = CheckLetterPdf(*pdf); !s.ok()) return s;
  letter.pdf = std::move(pdf).value();
  letter.text = text->get<std::string>();
  if (letter.text.size() > kMaxLetterTextBytes) {
    return Status::InvalidArgument("the letter's text copy has " + std::to_string(letter.text.size()) +
                                   " bytes; it may have at most " + std::to_string(kMaxLetterTextBytes));
  }
  if (!IsPlainText(letter.text)) {
    return Status::InvalidArgument("the letter's text copy is not plain UTF-8 text (it holds control characters "
                                   "other than line breaks and tabs, or bytes that are not UTF-8)");
  }
  return letter;
}

}  // namespace madoguchi
