// `madoguchi-engine backup` and `madoguchi-engine restore` (issue 7, part 6).
//
// backup --data DIR --to FILE [--force] [--step-pages N]
//   Takes a consistent copy of DIR while an engine may be serving it (no
//   engine.lock is taken; the database is opened read-only on a connection
//   of its own). The copy is made with SQLite's online backup API inside one
//   read transaction on the source: in WAL mode a reader never blocks the
//   engine's writer, and holding the transaction fixes the snapshot, so the
//   copy is the database as of one commit even though it is taken N pages
//   at a time (without the held transaction every write by the engine would
//   restart the copy). The copy goes to a private folder inside DIR (mode
//   0700, removed afterwards), is checked (PRAGMA quick_check) and sealed
//   into FILE (store/backup_file.h) under the backup subkey of the data key
//   file's current key, with the configuration, the engine key, the users'
//   key files in DIR/keys and the letter files the copy refers to. FILE is
//   written next to itself and renamed into place (mode 0600); an existing
//   FILE is never replaced without --force. The data key file itself is
//   never in a backup: a backup without it reveals nothing.
//
// restore --from FILE --data NEWDIR --key-file PATH
//   Opens FILE with the key ring in PATH (the key the backup names), writes
//   everything into a private sibling folder of NEWDIR, checks every chunk's
//   authentication, each letter's SHA-256, PRAGMA integrity_check and the
//   whole audit chain (which must end at the head recorded at backup time),
//   copies the key file in, and only then renames the folder to NEWDIR.
//   NEWDIR must not exist or be an empty folder: a live folder is never
//   overwritten, and a damaged or truncated backup leaves nothing behind.
//   Paths that the backed-up configuration gives as absolute (letters
//   folder, data key file) are restored inside NEWDIR at their default
//   places and the configuration says so, so that a restore never writes
//   outside NEWDIR.
#pragma once

#include <string>

namespace madoguchi {

struct BackupOptions {
  std::string data;        // the data folder
  std::string to;          // the backup file
  bool force = false;      // replace an existing backup file
  int step_pages = 1000;   // pages copied per backup step (progress granularity)
};

struct RestoreOptions {
  std::string from;      // the backup file
  std::string data;      // the new data folder
  std::string key_file;  // the data key file holding the backup's key
};

// Exit codes: 0 done, 1 refused or failed (the message says why).
int RunBackup(const BackupOptions& options);
int RunRestore(const RestoreOptions& options);

}  // namespace madoguchi
