// PrepareAuditHeadMail: the audit chain's head of the day
// (schemas/messages/audit-head.schema.json) as the mail the auditors
// receive (issue 15, part 1), composed like every worker mail
// (mail/worker_mail.h). The body, in Japanese, gives the one line to keep
// -- "N HASH TIME KEYID MAC", an anchor line (engine/store/audit_anchor.h)
// -- with the count, head and time spelled out and how to check the chain
// against it (`madoguchi audit verify --expect-head N:HASH`, or
// `--anchors FILE` for a file of kept lines). Its key is the message's
// reminder_id (audit-head-YYYY-MM-DD): the same day's head twice is one mail.
#pragma once

#include <nlohmann/json.hpp>

#include "core/jst_time.h"
#include "util/status.h"
#include "mail/mail_delivery.h"
#include "mail/mail_settings.h"

namespace madoguchi {

// Whether a reminder-kind outbox message is the audit head (else a deadline reminder).
bool IsAuditHeadMessage(const nlohmann::json& message);

// The mail, or InvalidArgument naming the field that is missing or unsafe.
Result<OutgoingMail> PrepareAuditHeadMail(const nlohmann::json& message, const MailSettings& settings, Timestamp now);

}  // namespace madoguchi
