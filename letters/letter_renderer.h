// RenderLetter: one letter to a requester, from the context the engine gives
// the letter worker (schemas/messages/letter-context.schema.json), as an A4
// PDF with embedded Japanese fonts and a plain UTF-8 copy of the same text.
//
// The wording is in files under `templates_dir` (templates/letters/ in the
// repository): <letter_kind>.txt for each kind, partials such as _header.txt
// and _footer.txt, and labels.json for the wording of codes (grounds,
// methods). See template.h for the template language, letter_markup.h for the
// layout directives and letter_view.h for what a template can use.
//
// The same context and templates give the same bytes (the PDF's dates are the
// letter's issued_on, not the time of rendering), so the letter job done twice
// yields one letter with one SHA-256.
#pragma once

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "util/status.h"

namespace madoguchi {

struct RenderedLetter {
  std::string pdf;         // the PDF's bytes
  std::string text;        // the same letter as UTF-8 text
  std::string sha256_pdf;  // SHA-256 of `pdf`, 64 lower-case hex digits
  std::string title;       // the letter's title ("一部開示決定通知書")
};

// InvalidArgument naming the field for a context that breaks the schema or
// lacks what its kind of letter needs; NotFound for a missing template or
// labels file; InvalidArgument naming the template and line for a template
// error; Unavailable when the fonts are not installed; IoError if cairo fails.
Result<RenderedLetter> RenderLetter(const nlohmann::json& context, const std::string& templates_dir);

// RenderLetter for many letters (the letter worker's), with what is the same
// for all of them set up once: the templates parsed and labels.json read
// (again only when a file's modification time or size changes, so that new
// wording is taken without a restart), and the PDF renderer's pango context
// and font checks (pdf_layout.h). The same context and templates give the
// same bytes as RenderLetter. Not thread-safe: one per thread.
class LetterRenderer {
 public:
  explicit LetterRenderer(std::string templates_dir);
  ~LetterRenderer();
  LetterRenderer(const LetterRenderer&) = delete;
  LetterRenderer& operator=(const LetterRenderer&) = delete;

  // As RenderLetter's.
  Result<RenderedLetter> Render(const nlohmann::json& context);

 private:
  struct Cache;
  std::unique_ptr<Cache> cache_;
};

}  // namespace madoguchi
