// MaildirDelivery: delivers mails into a Maildir as mail readers expect
// (https://cr.yp.to/proto/maildir.html): the message is written to tmp/
// under a unique name "<seconds>.<pid>_<random>.<host>", synced, and renamed
// into new/; a reader sees a mail whole or not at all. DIR, tmp/, new/ and
// cur/ are created with mode 0700, the mail files with mode 0600.
//
// Idempotency (see mail_delivery.h): the record lives in
// DIR/madoguchi-delivered/ (a DeliveryRecord). It is not a dot-folder, which
// Maildir++ servers (Dovecot, Courier) would take for a mail folder. One
// delivery of a key, under the key's lock:
//
//   1. .done exists                 -> kAlreadyDelivered.
//   2. an intent N exists and new/N or cur/N:... is there
//                                   -> a crash came after the rename: mark
//                                      done, kAlreadyDelivered.
//   3. otherwise choose N (the intent's, else a fresh unique name), write
//      and sync the intent, write tmp/N, fsync, rename to new/N, fsync new/,
//      mark done                    -> kDelivered.
//
// Why the record is written first: the name is recorded (and synced) before
// the mail exists, so a crash at any point leaves either no mail (steps 3
// redo it under the same name) or a mail the record points to (step 2 finds
// it). Mail first, record after, would double the mail when the crash falls
// between the rename and the record; record "done" first would lose it. The
// one case left is a crash after the rename and a person deleting the mail
// (or moving it to another folder) before the worker retries: it is then
// delivered again.
#pragma once

#include <string>

#include "core/jst_time.h"
#include "util/status.h"
#include "mail/delivery_record.h"
#include "mail/mail_delivery.h"

namespace madoguchi {

class MaildirDelivery : public MailDelivery {
 public:
  // The record's folder inside a Maildir.
  static constexpr const char* kRecordFolder = "madoguchi-delivered";

  // Opens (creating as needed) the Maildir at `dir`; IoError naming the
  // folder that could not be created or written.
  static Result<MaildirDelivery> Open(const std::string& dir);

  Result<DeliveryOutcome> Deliver(const OutgoingMail& mail) override;

  const std::string& dir() const { return dir_; }

 private:
  MaildirDelivery(std::string dir, DeliveryRecord record);

  // True when new/<name> or cur/<name>[:flags] exists.
  Result<bool> Holds(const std::string& name) const;
  // tmp/<name>, synced, renamed to new/<name>, new/ synced.
  Status WriteMail(const std::string& name, const std::string& message) const;

  std::string dir_;
  DeliveryRecord record_;
};

// A fresh Maildir unique name "<seconds>.<pid>_<16 hex random>.<host>", with
// '/' and ':' in the host name escaped as the Maildir convention asks.
std::string MaildirUniqueName(Timestamp now);

}  // namespace madoguchi
