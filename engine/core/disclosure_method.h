// How a disclosure reaches the person (Art. 33(1)-(3)): the method they asked
// for at intake (request.disclosure_method: paper, electronic, viewing, other)
// against the method used (respond.method: post, counter, electronic,
// viewing). When the data goes another way than asked, the society tells the
// person so, with the actual reason (Art. 33(3)): respond then needs its
// method_reason, which the letter prints; software never invents one.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace madoguchi {

// True when `used` is the method `asked` for: paper by post or at the
// counter, an electronic record electronically, viewing as viewing; "other"
// (described in free text) and nothing asked take any method.
bool MethodAsAsked(const std::optional<std::string>& asked, std::string_view used);

}  // namespace madoguchi
