#include "sign_in_command.h"

#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "engine_connection.h"

namespace madoguchi::cli {

namespace {

struct UnlockArgs {
  ConnectionArgs connection;
  bool json = false;
  std::string user;
};

void Run(const UnlockArgs& a, int& exit_code) {
  Command cmd("unlock-sign-in", a.connection, exit_code);
  std::optional<nlohmann::json> r = cmd.Call("unlock_sign_in", {{"user", a.user}});
  if (!r) return;
  if (a.json) return PrintJson(*r);
  if (r->value("lifted", false)) {
    std::cout << a.user << ": web sign-in unlocked (its failed sign-ins are forgotten)\n";
  } else {
    std::cout << a.user << ": no failed web sign-ins to lift\n";
  }
}

}  // namespace

void AddUnlockSignInCommand(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<UnlockArgs>();
  CLI::App* sub = app.add_subcommand("unlock-sign-in",
                                     "Lift a user's web sign-in wait or lock after failed sign-ins (managers, admins)");
  sub->add_option("name", args->user, "The user name")->required();
  AddJsonFlag(sub, args->json);
  AddConnectionOptions(sub, args->connection);
  sub->callback([args, &exit_code] { Run(*args, exit_code); });
}

}  // namespace madoguchi::cli
