#include "letters/letter_renderer.h"

#include "letters/letter_text.h"
#include "letters/pdf_layout.h"
#include "protocol/sha256.h"

namespace madoguchi {

namespace {

PdfLayoutOptions PdfOptions(const LetterDocument& doc, const nlohmann::json& context, Date issued_on) {
  PdfLayoutOptions options;
  options.title = doc.title;
  options.author = context["society"].value("name", "");
  options.create_date = issued_on.ToIso() + "T00:00:00+09:00";
  const std::string id = context["request"].value("id", "");
  options.footer_label = "受付番号 " + (id.rfind('R', 0) == 0 ? id.substr(1) : id);
  return options;
}

}  // namespace

Result<RenderedLetter> RenderLetter(const nlohmann::json& context, const std::string& templates_dir) {
  Result<LetterText> text = RenderLetterDocument(context, templates_dir);
  if (!text.ok()) return text.status();
  const LetterDocument* doc = &text->document;
  Result<std::string> pdf = RenderPdf(*doc, PdfOptions(*doc, context, text->issued_on));
  if (!pdf.ok()) return pdf.status();
  RenderedLetter letter;
  letter.sha256_pdf = Sha256Hex(*pdf);
  letter.pdf = std::move(pdf).value();
  letter.text = PlainTextCopy(*doc);
  letter.title = doc->title;
  return letter;
}

}  // namespace madoguchi
