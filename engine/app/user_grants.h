// `madoguchi-engine user grant-personal|revoke-personal NAME --data DIR`: an
// auditor's access to personal fields, set on the server (issue 7, part 4).
// The same change an admin makes over the API with `user_admin`; here it is
// made by whoever runs the server's account, so the audit record names that
// account ("server:LOGIN", source "server") and is appended in the same
// transaction as the change (app/server_audit.h). Safe while the engine
// runs: the engine reads the grant afresh for every command.
#pragma once

#include <string>

#include "app/data_dir.h"

namespace madoguchi {

// Exit status: 0 done, 1 refused (the reason on standard error).
int UserGrantPersonal(const DataDir& dir, const std::string& name, bool grant);

}  // namespace madoguchi
