// What every mail of the reminder worker shares: a plain-text RFC 5322
// message (US-ASCII on the wire, CRLF) from the desk to staff, with the
// idempotency key in X-Madoguchi-Reminder and a Message-ID made from that
// key only, so that a mail sent again after a crash is recognisably the
// same mail. The deadline reminders (mail/reminder_mail.h) and the daily
// audit head (mail/audit_head_mail.h) are composed with it.
//
//   From: =?UTF-8?B?...?= <desk@...>   To: a@..., b@...   Date: (JST)
//   Subject: =?UTF-8?B?...?=           Message-ID: <reminder.<hash>@domain>
//   X-Madoguchi-Reminder: <key>        Auto-Submitted: auto-generated
//   MIME-Version / text/plain; charset=UTF-8 / base64
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/jst_time.h"
#include "util/status.h"
#include "mail/mail_settings.h"

namespace madoguchi {

// InvalidArgument when the sender settings (from address and name, the
// Message-ID domain) cannot make a safe mail.
Status CheckMailSettings(const MailSettings& settings);

// The addresses of a worker message's `to` ([{email, ...}]), in order,
// without repeats; InvalidArgument (naming `what`) for a missing or unsafe one.
Result<std::vector<std::string>> MailRecipients(const nlohmann::json& message, const std::string& what);

// The whole message: `subject` and `body` are UTF-8 (the body with "\n"
// line ends), `key` a header token. InvalidArgument when the sender
// settings cannot make a safe mail.
Result<std::string> ComposeWorkerMail(const MailSettings& settings, const std::vector<std::string>& to,
                                      const std::string& subject, const std::string& key, const std::string& body,
                                      Timestamp now);

}  // namespace madoguchi
