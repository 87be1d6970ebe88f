// RequestWriter::ApplyUserAdmin: what an admin may change of a user over the
// command API (issue 7, part 4): disable or enable them, grant or revoke an
// auditor's personal-data access. In the writer's batch like any write, so
// the change and its audit record (taken by the command server) follow the
// same path as every other command. Adding users, with their key files,
// stays `madoguchi-engine user add` on the server.
#include "commands/request_writer.h"
#include "store/user_store.h"


namespace madoguchi {

namespace {

WriteResult UserReply(Status s, const std::string& user, const std::string& action) {
  WriteResult r;
  r.status = std::move(s);
  if (r.status.ok()) r.reply = {{"user", user}, {"action", action}, {"done", true}};
  return r;
}

}  // namespace

WriteResult RequestWriter::ApplyUserAdmin(const WriteCommand& c, Timestamp now) {
  UserStore users(statements_);
  if (c.action == "disable") {
    // Locking oneself out would leave nobody to undo it over the API.
    if (c.user == c.actor.user) {
      return UserReply(Status::InvalidArgument(c.actor.user + " cannot disable themself"), c.user, c.action);
    }
    return UserReply(users.Disable(c.user, now), c.user, c.action);
  }
  if (c.action == "enable") return UserReply(users.Enable(c.user), c.user, c.action);
  if (c.action == "grant_personal") return UserReply(users.SetPersonalGrant(c.user, c.actor.user, now), c.user, c.action);
  if (c.action == "revoke_personal") return UserReply(users.SetPersonalGrant(c.user, "", now), c.user, c.action);
  return UserReply(Status::InvalidArgument("no user action '" + c.action + "'"), c.user, c.action);
}

}  // namespace madoguchi
