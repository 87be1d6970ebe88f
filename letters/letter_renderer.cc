#include "letters/letter_renderer.h"

#include "letters/letter_text.h"
#include "letters/pdf_layout.h"
#include "util/sha256.h"

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

// What is set up once for many letters: the text's templates and labels, and
// the PDF renderer's pango context and font checks.
struct LetterRenderer::Cache {
  explicit Cache(std::string templates_dir) : text(std::move(templates_dir)) {}
  LetterTextRenderer text;
  PdfRenderer pdf;
};

Result<RenderedLetter> RenderLetter(const nlohmann::json& context, const std::string& templates_dir) {
  return LetterRenderer(templates_dir).Render(context);
}

LetterRenderer::LetterRenderer(std::string templates_dir) : cache_(std::make_unique<Cache>(std::move(templates_dir))) {}

LetterRenderer::~LetterRenderer() = default;

Result<RenderedLetter> LetterRenderer::Render(const nlohmann::json& context) {
  Result<LetterText> text = cache_->text.Render(context);
  if (!text.ok()) return text.status();
  const LetterDocument* doc = &text->document;
  Result<std::string> pdf = cache_->pdf.Render(*doc, PdfOptions(*doc, context, text->issued_on));
  if (!pdf.ok()) return pdf.status();
  RenderedLetter letter;
  letter.sha256_pdf = Sha256Hex(*pdf);
  letter.pdf = std::move(pdf).value();
  letter.text = PlainTextCopy(*doc);
  letter.title = doc->title;
  return letter;
}

}  // namespace madoguchi
