// MakeLetterCheck: the store's render check (StoreOptions::letter_check). It
// builds the letter's context as the letter worker will get it
// (letter_context.h) and renders its text from the templates in process
// (letters/letter_text.h, no PDF), so that an event whose letter cannot be
// written (an outcome the templates do not know, a missing reason, a broken
// template) is refused with the reason before it is committed, instead of
// leaving a letter job that dies and a request stuck in 通知準備中.
#pragma once

#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/workflow.h"
#include "store/request_reader.h"

namespace madoguchi {

using LetterCheck = std::function<Status(const RequestDetail& detail, const nlohmann::json& job, Date today)>;

// `society` is the configuration's letterhead, `templates_dir` the letter
// worker's templates (templates/letters/); `workflow` must outlive the check.
LetterCheck MakeLetterCheck(nlohmann::json society, std::string templates_dir, const Workflow& workflow);

}  // namespace madoguchi
