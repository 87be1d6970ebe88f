// MaskedName: how the queue shows a requester to someone who may not see
// their personal fields (issue 7, part 4). The first character of the name
// as written (a Japanese name is written family name first, so this is the
// family name's first character) followed by two full-width asterisks,
// whatever the name's length: 山田 太郎 -> 山＊＊, ヤマダ タロウ -> ヤ＊＊.
// Always two asterisks, so that the mask does not tell the name's length.
#pragma once

#include <string>
#include <string_view>

namespace madoguchi {

inline constexpr std::string_view kNameMask = "＊＊";

// A name that is empty or does not start with valid UTF-8 masks to the mask alone.
std::string MaskedName(std::string_view name);

}  // namespace madoguchi
