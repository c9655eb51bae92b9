// The registry's fixed vocabularies as plain data (docs/pledges.md): the codes the store accepts and the pledges
// indicator counts by. Header-only, so the indicator plugin shares the very lists without linking the store;
// parsing of human forms and messages stay in vocabulary.h.
#pragma once

#include <string_view>

namespace p2c::pledges::words {

inline constexpr std::string_view kSectors[] = {"government",   "private_sector",        "international_organization",
                                                "un_agency",    "financial_institution", "academia",
                                                "civil_society"};
inline constexpr std::string_view kPledgeTypes[] = {"financial", "programmatic", "policy", "advocacy"};
inline constexpr std::string_view kStatuses[] = {"announced", "in_progress", "completed", "withdrawn"};
inline constexpr std::string_view kFocusAreas[] = {"access", "adoption", "value_creation", "investment_acceleration"};

}  // namespace p2c::pledges::words
