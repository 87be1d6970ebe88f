#include "core/waiting_step.h"

#include <array>

namespace madoguchi {

namespace {

// One row per open state (tests/manager_desk_test.cc checks that every open
// state has one). The step follows the transitions out of the state
// (docs/workflow.md): received → verify_identity by a clerk; verified →
// assign by a manager; pending_approval → approve by a manager; and so on.
constexpr std::array<WaitingStep, 9> kWaitingSteps = {{
    {State::kReceived, "identity_check", "本人確認待ち", "clerk", "受付担当"},
    {State::kAwaitingRequester, "requester_documents", "請求者の書類待ち", "requester", "請求者"},
    {State::kVerified, "assignment", "割当待ち", "manager", "管理者"},
    {State::kInReview, "decision", "決定待ち（審査中）", "assignee", "審査担当"},
    {State::kConsulting, "consultation_answer", "意見照会中（回答待ち）", "institution", "照会先"},
    {State::kPendingApproval, "approval", "承認待ち", "manager", "管理者"},
    {State::kDecided, "response", "回答の送付待ち", "assignee", "審査担当"},
    {State::kResponding, "letter", "通知書の作成待ち", "letter_worker", "通知書の作成（自動）"},
    {State::kDelivering, "delivery", "開示の実施待ち", "clerk", "受付担当"},
}};

}  // namespace

std::optional<WaitingStep> WaitingFor(State state) {
  for (const WaitingStep& w : kWaitingSteps) {
    if (w.state == state) return w;
  }
  return std::nullopt;
}

}  // namespace madoguchi
