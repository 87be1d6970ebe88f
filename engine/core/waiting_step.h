// What an open request waits for, by its state: the step that must happen
// next for it to move on (本人確認待ち, 意見照会中, 承認待ち ...) and who takes
// that step. The managers' dashboard shows it beside each overdue request, so
// that a manager sees at once where a late request is blocked and with whom
// (issue 18). One table (waiting_step.cc); the web desk reads the labels from
// the dashboard's reply, never a copy of its own.
#pragma once

#include <optional>
#include <string_view>

#include "core/workflow_table.h"

namespace madoguchi {

struct WaitingStep {
  State state;
  std::string_view step;     // wire code, e.g. "identity_check"
  std::string_view step_ja;  // e.g. 本人確認待ち
  // Who takes the step: "clerk", "requester", "manager", "assignee",
  // "institution" (a consulted party's answer, recorded by the assignee) or
  // "letter_worker" (the engine's letter worker).
  std::string_view by;
  std::string_view by_ja;
};

// The step an open request in `state` waits for; nullopt for closed and withdrawn.
std::optional<WaitingStep> WaitingFor(State state);

}  // namespace madoguchi
