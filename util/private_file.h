// Files that hold a secret (a key file, the engine's key, the data key file,
// the TLS private key) and files that must never be seen half-written: the
// rules every layer shares, below all of them (the store's data keys and
// letter archive, the key files of protocol/, the engine's own files).
#pragma once

#include <string>

#include "util/status.h"

namespace madoguchi {

// Writes `text` to `path` atomically with the given mode: a crash leaves the
// old file or the new one, never half of either. It writes PATH.tmp first and
// removes it on any failure (a full disk, say), so that nothing half-written
// stays behind; only a process killed mid-write leaves one (see
// LetterArchive::RemoveUnfinished for the letters).
Status WriteFileAtomically(const std::string& path, const std::string& text, unsigned mode);

// The rule for a file that holds a secret: neither its group nor others may
// read or write it. PermissionDenied naming `what` (e.g. "key file"), the
// file, its mode and the chmod that mends it.
Status CheckPrivateFile(const std::string& path, const std::string& what);

// Reads a file that holds a secret, after CheckPrivateFile.
Result<std::string> ReadPrivateFile(const std::string& path, const std::string& what);

}  // namespace madoguchi
