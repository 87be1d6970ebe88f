#include "engine_commands.h"

#include "access_log_command.h"
#include "audit_commands.h"
#include "disclosure_commands.h"
#include "disposal_command.h"
#include "meta_command.h"
#include "outbox_commands.h"
#include "protect_command.h"
#include "provision_command.h"
#include "report_command.h"
#include "request_commands.h"
#include "sign_in_command.h"

namespace madoguchi::cli {

void AddEngineCommands(CLI::App& app, int& exit_code) {
  AddRequestCommands(app, exit_code);
  AddOutboxCommands(app, exit_code);
  AddReportCommand(app, exit_code);
  AddAuditCommands(app, exit_code);
  AddAccessLogCommand(app, exit_code);
  AddUnlockSignInCommand(app, exit_code);
  AddMetaCommand(app, exit_code);
  AddProtectCommand(app, exit_code);
  AddProvisionCommand(app, exit_code);
  AddDisclosureCommands(app, exit_code);
  AddDisposalCommand(app, exit_code);
}

}  // namespace madoguchi::cli
