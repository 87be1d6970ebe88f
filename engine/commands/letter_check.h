// The letters an event sends, written in process before it is committed (the
// render check, RequestWriter::CheckLetters) or to show staff what the
// requester will read (the `preview` read command). Each letter's context is
// built as the letter worker will get it (letter_context.h) and its text
// rendered from the templates (letters/letter_text.h, no PDF), so that an
// event whose letter cannot be written (an outcome the templates do not know,
// a missing reason, a broken template) is refused with the reason before it
// is committed, instead of leaving a letter job that dies and a request stuck
// in 通知準備中.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/workflow.h"
#include "store/request_reader.h"

namespace madoguchi {

// One letter as the requester will read it.
struct WrittenLetter {
  std::string kind;   // letter_kind
  std::string title;  // 一部開示決定通知書
  std::string text;   // the letter's text, as its text copy
};

// What writes letters: the configuration's letterhead and the templates
// (templates/letters/, the letter worker's --templates); `workflow` must
// outlive it.
struct LetterWriter {
  nlohmann::json society;
  std::string templates_dir;
  const Workflow* workflow = nullptr;

  // The letters `event` sends, on the request as `after` holds it (its
  // history ending with the event): the letter it sends now and, for decide
  // and approve, the decision letter respond will send (the decision is fixed
  // then). InvalidArgument naming the letter and why when one cannot be written.
  Result<std::vector<WrittenLetter>> LettersOf(Event event, const RequestDetail& after, Timestamp now) const;
};


}  // namespace madoguchi
