#include "core/disclosure_method.h"

namespace madoguchi {

bool MethodAsAsked(const std::optional<std::string>& asked, std::string_view used) {
  if (!asked || *asked == "other") return true;
  if (*asked == "paper") return used == "post" || used == "counter";
  if (*asked == "electronic") return used == "electronic";
  if (*asked == "viewing") return used == "viewing";
  return true;
}

}  // namespace madoguchi
