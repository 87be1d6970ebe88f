// Letter files at rest (issue 15, item 8). A letter's PDF and its text copy
// name the requester and give their address, so in the letters folder each
// is kept sealed under the data key's letter subkey
// (KeyPurpose::kSealLetter), in a file still named by the SHA-256 of what it
// holds ("<sha256>.pdf", "<sha256>.txt"): the letters table, backups and the
// download refer to letters as before, and the SHA-256 stays that of the PDF
// the requester got.
//
//   "MLF1" 0x00  key id (16 hex)  SealRecord blob ("MS1" || nonce || ciphertext)
//   associated data: "madoguchi letter" 0x1f <file name> 0x1f <key id>
//
// The key id is in clear so that a rotation finds the files still under an
// old key by reading their first bytes. A file copied under another name, or
// its key id changed, does not open. A file that does not start with the
// magic is a letter in clear, from a release before sealing (its text copy is
// plain text, which never holds the 0x00 of the magic).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "util/status.h"
#include "store/data_key_ring.h"
#include "store/personal_vault.h"

namespace madoguchi {

// "<64 lower-case hex>.pdf" or "<64 lower-case hex>.txt"; also ".csv" and
// ".zip", the files a disclosure handed over and its encrypted package, kept
// in the same folder under the same seal (issue 17).
bool IsLetterFileName(std::string_view name);

// The bytes of the file `file_name` holding `plaintext`, sealed under `key`.
std::string SealLetter(const DataKey& key, std::string_view file_name, std::string_view plaintext);

// The key id a sealed letter file's bytes name; nullopt for a file in clear
// (its first bytes are enough: the magic and the id come first).
std::optional<std::string> SealedLetterKeyId(std::string_view bytes);

// The letter a file holds, sealed (opened with the vault's key of the id it
// names) or in clear, checked against the SHA-256 its name carries.
// Corruption when it does not open or does not match; what Key says when the
// key is not in the key file.
Result<std::string> OpenLetterFile(PersonalVault& vault, std::string_view file_name, std::string_view bytes);

}  // namespace madoguchi
