// Where a letter goes (issue 17 part 5, "post that protects the person").
//
// The address written on a request form is the requester's word; the address
// on the identity documents checked at verify_identity (the 住民票, the back
// of the card) is the one the society has verified. A decision letter that
// answers a disclosure carries personal data, so it goes to the documents'
// address by default; a request whose answer would go elsewhere is flagged
// (`show`'s letter_address.differs), and choosing the form's address over a
// different documents address needs a recorded reason. When a voluntary agent
// (任意代理人) asks, respond may send the decision to the person as well
// (copy_to_person), at the person's address on the request form.
//
// Invariant: the addresses are read from the sealed personal record and the
// sealed verify_identity data; nothing here writes them anywhere else.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "util/status.h"
#include "store/request_rows.h"

namespace madoguchi {

struct PostalAddress {
  std::string postal_code;  // as recorded ("135-0061" or "1350061"), may be empty
  std::string address;
};

// The addressee's address as the identity documents show it: the latest
// verify_identity's address_on_documents at or before `revision` (the
// request's version after an event), or nullopt when none was recorded.
std::optional<PostalAddress> DocumentsAddress(const std::vector<HistoryEntry>& history, int64_t revision);

// The addressee's address on the request form: the agent's when an agent
// asks, else the requester's (letter_context.cc's Recipient addresses the same one).
PostalAddress RequestFormAddress(const nlohmann::json& personal);

// The same place, after folding widths, spaces, hyphens and a leading 〒
// (FoldForMatching), postal codes compared only when both are given.
bool SameAddress(const PostalAddress& a, const PostalAddress& b);

// Where the decision letter goes, as respond chose (`send_to`) or by default:
// "documents" when the documents' address is recorded, else "request_form".
std::string SendToOf(const nlohmann::json& respond, const std::optional<PostalAddress>& documents);

// respond's address rules against the stored request: send_to documents needs
// a documents address; request_form over a different documents address
// needs send_to_reason. InvalidArgument naming the field otherwise.
Status CheckSendTo(const std::string& request_id, const nlohmann::json& respond, const nlohmann::json& personal,
                   const std::vector<HistoryEntry>& history);

// For show (roles that see personal data): {letters_to: documents|request_form,
// documents_recorded, differs}: differs is true when the two addresses are
// both known and not the same place.
nlohmann::json LetterAddressCheck(const nlohmann::json& personal, const std::vector<HistoryEntry>& history);

}  // namespace madoguchi
