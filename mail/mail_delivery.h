// MailDelivery: where a composed mail goes — a Maildir (maildir.h) or an
// SMTP relay (smtp_delivery.h). The reminder worker opens one with
// OpenMailDelivery from its settings and calls Deliver for each reminder.
//
// Contract of every delivery: idempotent by OutgoingMail::key. Deliver
// returns kDelivered the first time a key's mail is made durable (written
// and synced into the Maildir, or accepted by the SMTP server) and
// kAlreadyDelivered, touching nothing, every later time — across restarts
// and across worker processes sharing the same record folder. A failure
// returns a Status and records nothing, so the worker may simply try again
// (and must not ack the outbox message). Deliver may block on another
// process delivering the same key.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "util/status.h"
#include "mail/mail_settings.h"

namespace madoguchi {

struct OutgoingMail {
  std::string key;                      // idempotency key: the reminder_id
  std::vector<std::string> recipients;  // plain addresses (SMTP RCPT TO)
  std::string message;                  // complete RFC 5322 message, CRLF
};

enum class DeliveryOutcome { kDelivered, kAlreadyDelivered };

class MailDelivery {
 public:
  virtual ~MailDelivery() = default;
  virtual Result<DeliveryOutcome> Deliver(const OutgoingMail& mail) = 0;
};

// The delivery `settings.transport` names, opened (folders created): a
// MaildirDelivery on settings.maildir or an SmtpDelivery on settings.smtp.
Result<std::unique_ptr<MailDelivery>> OpenMailDelivery(const MailSettings& settings);

}  // namespace madoguchi
