// LetterContextFor: everything the letter worker needs to write one letter
// (schemas/messages/letter-context.schema.json), assembled from the request,
// its personal record and its history at the revision that called for the
// letter. It holds personal data: it is built on demand for the worker that
// holds the job's lease and never stored in the outbox.
#pragma once

#include <nlohmann/json.hpp>

#include "core/workflow.h"
#include "store/request_reader.h"

namespace madoguchi {

// What a package_password_notice's context carries instead of the password
// everywhere but in the letter worker's letter_context (the render check, the preview).
inline constexpr std::string_view kPasswordStandIn = "＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊";

// `job` is the letter job's payload ({letter_id, letter_kind, revision, ...});
// `society` the configuration's letterhead.
Result<nlohmann::json> LetterContextFor(const RequestDetail& detail, const nlohmann::json& job,
                                        const nlohmann::json& society, const Workflow& workflow, Date today);

}  // namespace madoguchi
