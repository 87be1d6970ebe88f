#include "mail/mail_delivery.h"

#include "mail/maildir.h"
#include "mail/smtp_delivery.h"

namespace madoguchi {

Result<std::unique_ptr<MailDelivery>> OpenMailDelivery(const MailSettings& settings) {
  if (settings.transport == MailSettings::Transport::kSmtp) {
    Result<SmtpDelivery> smtp = SmtpDelivery::Open(settings.smtp, settings.from_address);
    if (!smtp.ok()) return smtp.status();
    return std::unique_ptr<MailDelivery>(std::make_unique<SmtpDelivery>(std::move(smtp).value()));
  }
  Result<MaildirDelivery> maildir = MaildirDelivery::Open(settings.maildir);
  if (!maildir.ok()) return maildir.status();
  return std::unique_ptr<MailDelivery>(std::make_unique<MaildirDelivery>(std::move(maildir).value()));
}

}  // namespace madoguchi
