// What `madoguchi-engine run` checks about its files and its user before it
// serves (the logs are set up by then, so warnings land in the log too):
//
//  - the TLS private key (web.private_key) may be read or written by its owner
//    only, as every secret key of ours (protocol/key_file.h CheckPrivateFile;
//    engine.key is checked where it is read, DataDir::LoadEngineKey): refused
//    otherwise, naming the file and the chmod that mends it;
//  - madoguchi.json that its group or others may change: a warning (whoever
//    writes it chooses the endpoints, folders and limits), with the chmod;
//  - running as root: refused unless `allow_root` (--allow-root), and then a
//    loud warning. Nothing in the engine needs root; a bug or a hostile input
//    would have the whole machine. Run it as a user of its own (the
//    package's unit runs it as `madoguchi`).
#pragma once

#include "app/data_dir.h"
#include "util/private_file.h"
#include "util/status.h"
#include "web/web_desk_options.h"

namespace madoguchi {

// `web` with its paths resolved in the data folder.
Status CheckFilesAndUser(const DataDir& dir, const WebDeskOptions& web, bool allow_root);

}  // namespace madoguchi
