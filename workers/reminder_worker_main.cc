// madoguchi-reminder-worker: turns deadline reminders into e-mail to the
// staff — the assigned reviewer, and the managers when a request is overdue
// or nobody holds it — and the audit chain's head of the day into e-mail to
// the auditors, delivered into a Maildir (default DATA/maildir) or to an
// SMTP relay. The reminder's id is the mail's idempotency key, so the
// same reminder twice is one mail (mail/mail_delivery.h).
#include <fstream>
#include <sys/stat.h>

#include <iostream>
#include <iterator>

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include "mail/audit_head_mail.h"
#include "mail/mail_delivery.h"
#include "mail/reminder_mail.h"
#include "protocol/key_file.h"
#include "protocol/log_escape.h"
#include "workers/worker_loop.h"

using namespace madoguchi;

namespace {

Result<nlohmann::json> SendReminder(const WorkerJob& job, MailDelivery& delivery, const MailSettings& settings) {
  // A deadline reminder to staff, or the audit chain's head of the day to the auditors.
  Result<OutgoingMail> mail = IsAuditHeadMessage(job.payload) ? PrepareAuditHeadMail(job.payload, settings, Now())
                                                              : PrepareReminderMail(job.payload, settings, Now());
  if (!mail.ok()) return mail.status();
  Result<DeliveryOutcome> outcome = delivery.Deliver(*mail);
  if (!outcome.ok()) return outcome.status();
  return nlohmann::json{{"delivered", mail->recipients},
                        {"already_delivered", *outcome == DeliveryOutcome::kAlreadyDelivered}};
}

int Usage(const std::string& message) {
  std::cerr << "madoguchi-reminder-worker: " << message << "\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  // What a worker writes (mail, logs) is its user's alone.
  ::umask(077);
  CLI::App app{"madoguchi-reminder-worker: sends the staff their deadline reminders by e-mail"};
  std::string key_path, endpoint, data, level = "info", smtp_password_file;
  MailSettings settings;
  settings.from_address = "madoguchi@localhost";
  settings.from_name = "個人情報開示等請求窓口";
  bool no_starttls = false;
  int max_jobs = 0;
  int batch = kReminderBatch;  // workers/worker_loop.h says why
  app.add_option("--key", key_path, "key file of a user with role worker")->required();
  app.add_option("--engine", endpoint, "the engine's workers endpoint (default: the key file's)");
  app.add_option("--data", data, "the engine's data folder: mail goes to DATA/maildir");
  app.add_option("--maildir", settings.maildir, "deliver into this Maildir");
  app.add_option("--smtp", settings.smtp.url, "send to this relay instead: smtp://host:port or smtps://host:port");
  app.add_option("--smtp-user", settings.smtp.user, "SMTP AUTH user");
  app.add_option("--smtp-password-file", smtp_password_file, "file holding the SMTP AUTH password");
  app.add_flag("--no-starttls", no_starttls, "plain SMTP (only for a relay on this machine)");
  app.add_option("--from", settings.from_address, "the sender address")->capture_default_str();
  app.add_option("--from-name", settings.from_name, "the sender's display name")->capture_default_str();
  app.add_option("--log-level", level, "trace, debug, info, warn or error")->capture_default_str();
  app.add_option("--max-jobs", max_jobs, "stop after this many reminders (0: run until stopped)");
  app.add_option("--batch", batch, "reminders leased at once (1-256)")->capture_default_str()->check(CLI::Range(1, 256));
  CLI11_PARSE(app, argc, argv);

  spdlog::set_level(spdlog::level::from_str(level));
  EscapeEveryLogLine();  // what the engine sends back (error messages) is logged on one line
  if (!settings.smtp.url.empty()) {
    settings.transport = MailSettings::Transport::kSmtp;
    settings.smtp.starttls = !no_starttls;
    if (settings.smtp.record_dir.empty()) {
      if (data.empty()) return Usage("--smtp needs --data (where the record of sent reminders is kept)");
      settings.smtp.record_dir = data + "/mail-sent";
    }
    if (!smtp_password_file.empty()) {
      std::ifstream in(smtp_password_file);
      if (!in) return Usage("cannot read " + smtp_password_file);
      std::getline(in, settings.smtp.password);
    }
  } else if (settings.maildir.empty()) {
    if (data.empty()) return Usage("say where mail goes: --data DIR (DIR/maildir), --maildir DIR or --smtp URL");
    settings.maildir = data + "/maildir";
  }
  Result<KeyFile> key = KeyFile::Load(key_path);
  if (!key.ok()) return Usage(key.status().message());
  Result<std::unique_ptr<MailDelivery>> delivery = OpenMailDelivery(settings);
  if (!delivery.ok()) return Usage(delivery.status().message());

  const std::atomic<bool>& stop = StopOnSignals();
  EngineClient engine(*key, endpoint, std::chrono::seconds(10));
  WorkerLoop loop(engine,
                  [&](const WorkerJob& job, EngineClient&) { return SendReminder(job, **delivery, settings); },
                  WorkerLoopOptions{{"reminder"}, std::chrono::milliseconds(500), batch, max_jobs});
  spdlog::info("reminder worker {} asking {} for work; mail to {}", key->user, engine.endpoint(),
               settings.transport == MailSettings::Transport::kSmtp ? settings.smtp.url : settings.maildir);
  int done = loop.Run(stop);
  spdlog::info("reminder worker stopped after {} reminders", done);
  return 0;
}
