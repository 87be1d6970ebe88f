#include "commands/letter_check.h"

#include "commands/letter_context.h"
#include "core/letter_plan.h"
#include "letters/letter_text.h"

namespace madoguchi {

Result<std::vector<WrittenLetter>> LetterWriter::LettersOf(Event event, const RequestDetail& after,
                                                           Timestamp now) const {
  std::vector<RequestDetail> requests;  // each letter's request as its job will find it
  std::vector<PlannedLetter> letters;
  if (std::optional<PlannedLetter> sent_now = LetterFor(event, after.request)) {
    letters.push_back(*sent_now);
    requests.push_back(after);
  }
  // The letters to consulted parties (consult's 照会書).
  for (PlannedLetter& party : PartyLettersFor(event, after.request)) {
    letters.push_back(std::move(party));
    requests.push_back(after);
  }
  if (event == Event::kDecide || event == Event::kApprove) {
    // The decision letter as respond will ask for it, one version on, by the
    // method the person asked for (else post).
    RequestDetail at_respond = after;
    at_respond.request.state = State::kResponding;
    at_respond.request.version = after.request.version + 1;
    const bool electronic = after.request.disclosure_method == "electronic";
    at_respond.history.push_back({at_respond.request.version, now, "", Role::kClerk, std::string(Name(Event::kRespond)),
                                  {{"method", electronic ? "electronic" : "post"}}, after.request.state,
                                  State::kResponding});
    if (std::optional<PlannedLetter> decision = LetterFor(Event::kRespond, at_respond.request)) {
      letters.push_back(*decision);
      requests.push_back(std::move(at_respond));
    }
  }
  if (event == Event::kRespond) {
    // The outcome notices to the institutions consulted, as letter_issued will plan them.
    RequestDetail at_issue = after;
    at_issue.request.state = State::kClosed;
    at_issue.request.version = after.request.version + 1;
    for (PlannedLetter& party : PartyLettersFor(Event::kLetterIssued, at_issue.request)) {
      letters.push_back(std::move(party));
      requests.push_back(at_issue);
    }
  }
  std::vector<WrittenLetter> out;
  for (size_t i = 0; i < letters.size(); ++i) {
    const Request& r = requests[i].request;
    nlohmann::json job = {{"letter_id", PlannedLetterId(r.id, letters[i], r.version)},
                          {"letter_kind", letters[i].kind},
                          {"request_id", r.id},
                          {"revision", r.version}};
    if (letters[i].consultation) job["consultation"] = *letters[i].consultation;
    Result<nlohmann::json> context = LetterContextFor(requests[i], job, society, *workflow, JstDate(now));
    Result<LetterText> text = context.ok() ? RenderLetterDocument(*context, templates_dir) : Result<LetterText>(context.status());
    if (!text.ok()) {
      return Status::InvalidArgument("the " + letters[i].kind + " letter this " + std::string(Name(event)) +
                                     " calls for cannot be written: " + text.status().message());
    }
    out.push_back({letters[i].kind, text->document.title, PlainTextCopy(text->document)});
  }
  return out;
}

}  // namespace madoguchi
