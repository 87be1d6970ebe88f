#include "commands/letter_check.h"

#include "commands/letter_context.h"
#include "letters/letter_text.h"

namespace madoguchi {

LetterCheck MakeLetterCheck(nlohmann::json society, std::string templates_dir, const Workflow& workflow) {
  return [society = std::move(society), templates_dir = std::move(templates_dir), &workflow](
             const RequestDetail& detail, const nlohmann::json& job, Date today) -> Status {
    Result<nlohmann::json> context = LetterContextFor(detail, job, society, workflow, today);
    if (!context.ok()) return context.status();
    return RenderLetterDocument(*context, templates_dir).status();
  };
}

}  // namespace madoguchi
