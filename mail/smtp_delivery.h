// SmtpDelivery: sends mails to an SMTP relay with libcurl (smtp:// with
// STARTTLS, or smtps://), one connection per mail, within the configured
// timeout. Every recipient must be accepted, or the mail is not sent.
//
// Idempotency (see mail_delivery.h): a DeliveryRecord in
// SmtpSettings::record_dir. Under the key's lock: a key already .done is
// not sent again; otherwise the mail is sent and, once the server has
// answered 250 to the end of DATA, the key is marked done.
//
// Why send first and record after: a remote server and a local file cannot
// change together, so one order must be chosen for a crash between the two.
// Recording first would lose the reminder for good when the crash (or a
// refused connection) comes before the server takes the mail; sending first
// can at worst send it twice, when the crash falls in the instant between the
// server's 250 and the record's fsync. A reminder missed is worse than one
// seen twice, and the second copy carries the same Message-ID and
// X-Madoguchi-Reminder header, so mail systems and filters can fold it away.
// The same holds when the record cannot be written after a successful send:
// Deliver then reports the IoError (the worker should not ack, and a later
// attempt sends again).
#pragma once

#include <string>
#include <vector>

#include "util/status.h"
#include "mail/delivery_record.h"
#include "mail/mail_delivery.h"
#include "mail/mail_settings.h"

namespace madoguchi {

class SmtpDelivery : public MailDelivery {
 public:
  // Checks the settings (InvalidArgument: scheme, credentials in the URL or
  // over plain text, envelope sender) and opens the record folder (IoError).
  // `default_mail_from` is used when smtp.mail_from is empty.
  static Result<SmtpDelivery> Open(const SmtpSettings& smtp, const std::string& default_mail_from);

  // Errors: Unavailable when the server cannot be reached, times out or
  // refuses the mail or a recipient (worth retrying later), PermissionDenied
  // when it refuses the login, InvalidArgument for a recipient that is not a
  // plain address.
  Result<DeliveryOutcome> Deliver(const OutgoingMail& mail) override;

 private:
  SmtpDelivery(SmtpSettings smtp, DeliveryRecord record);
  Status Send(const OutgoingMail& mail) const;

  SmtpSettings smtp_;
  DeliveryRecord record_;
};

}  // namespace madoguchi
