// `madoguchi-engine rotate-key --data DIR`: re-seals every personal record
// and letter file under a new data key while the engine keeps serving.
//
// A rotation is in progress when the key file's current key is not the one
// the database records (seal_state.current_key), or when records or sealed
// letter files remain under another key. Otherwise a new key is added to the
// key file, which is saved (fsync) before anything is sealed under it. Then
// the database records it as the sealing key — from that commit on the
// engine's writer seals new records and letters under it (it reads
// seal_state inside each write transaction) — and the records under other
// keys are re-sealed in batches, each its own transaction, with their
// blind-index tokens and person keys; then every letter file not under the
// new key is sealed again under it (store/letter_reseal.h). A run stopped at
// any point, even by kill -9, is resumed by running the command again.
//
// Old keys stay in the key file: backups sealed under them must stay
// restorable.
#pragma once

#include "app/data_dir.h"

namespace madoguchi {

// Returns the process exit code (1 also when a damaged letter file was left
// as it is); prints progress on stderr.
int RotateKey(const DataDir& dir, int batch);

}  // namespace madoguchi
