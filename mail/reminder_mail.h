// ComposeReminderMail: a deadline reminder (schemas/messages/reminder.schema.json)
// as the e-mail the staff receive — a complete RFC 5322 message, US-ASCII
// on the wire with CRLF line ends:
//
//   From: =?UTF-8?B?...?= <desk@...>       the desk, its Japanese name per RFC 2047
//   To: a@..., b@...                        every recipient of the reminder, once
//   Date: Fri, 20 Nov 2026 09:30:00 +0900   `now`, in JST
//   Subject: =?UTF-8?B?...?=                e.g. 【期限超過】R2026-000001 開示 — 期限 令和8年11月25日（3日超過）
//   Message-ID: <reminder.<hash>@domain>    from reminder_id only: the same reminder, the same id
//   X-Madoguchi-Reminder: <reminder_id>     the idempotency key, for people and filters
//   Auto-Submitted: auto-generated          (RFC 3834: no vacation replies)
//   MIME-Version / Content-Type text/plain; charset=UTF-8 / Content-Transfer-Encoding: base64
//
// The body (Japanese) gives the request id, its type and state (Japanese and
// wire names), the due date in ISO and in the Japanese era, the days left or
// overdue, and for an escalated reminder a line saying the managers receive
// it too. A reminder carries no personal data of the requester, and neither
// does the mail.
//
// Because Message-ID and the idempotency header depend only on reminder_id,
// a mail that is sent again after a crash is recognisably the same mail.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "core/jst_time.h"
#include "util/status.h"
#include "mail/mail_delivery.h"
#include "mail/mail_settings.h"

namespace madoguchi {

// The message, or InvalidArgument naming the field of the reminder or the
// setting that is missing or unusable (e.g. an address with a line break).
Result<std::string> ComposeReminderMail(const nlohmann::json& reminder, const MailSettings& settings, Timestamp now);

// The message with what a delivery needs beside it: the reminder_id as the
// key and the recipients' addresses (each once, in the reminder's order).
Result<OutgoingMail> PrepareReminderMail(const nlohmann::json& reminder, const MailSettings& settings, Timestamp now);

}  // namespace madoguchi
