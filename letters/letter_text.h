// RenderLetterDocument: a letter's laid-out text, from the context the engine
// gives the letter worker (schemas/messages/letter-context.schema.json) and
// the templates of templates/letters/, without drawing the PDF. The letter
// worker draws it (letter_renderer.h); the engine renders it in process
// before it commits an event that calls for a letter (engine/commands/
// letter_check.h), so that nothing is decided whose letter cannot be written.
//
// Needs neither pango nor cairo: this part of the letters library
// (madoguchi_letter_text) is what the engine links.
#pragma once

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "core/civil_date.h"
#include "util/status.h"
#include "letters/letter_markup.h"

namespace madoguchi {

struct LetterText {
  LetterDocument document;  // title, paragraphs and directives, ready to draw
  Date issued_on;
};

// The errors of RenderLetter (letter_renderer.h) but for the fonts and cairo:
// InvalidArgument naming the field for a context that breaks the schema or
// lacks what its kind needs, or naming the template and line; NotFound for a
// missing template or labels file.
Result<LetterText> RenderLetterDocument(const nlohmann::json& context, const std::string& templates_dir);

// RenderLetterDocument for many letters, with the templates parsed and
// labels.json read once (again only when a file's modification time or size
// changes, so that new wording is taken without a restart). The same context
// and templates give the same text as RenderLetterDocument. Not thread-safe:
// one per thread.
class LetterTextRenderer {
 public:
  explicit LetterTextRenderer(std::string templates_dir);
  ~LetterTextRenderer();
  LetterTextRenderer(const LetterTextRenderer&) = delete;
  LetterTextRenderer& operator=(const LetterTextRenderer&) = delete;

  // As RenderLetterDocument's.
  Result<LetterText> Render(const nlohmann::json& context);

 private:
  struct Cache;
  std::unique_ptr<Cache> cache_;
};

}  // namespace madoguchi
