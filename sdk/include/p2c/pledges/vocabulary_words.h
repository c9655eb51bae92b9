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
inline constexpr std::string_view kReviewStates[] = {"draft", "submitted", "returned", "published"};

// The shipped vocabularies of config/data/pledges/vocabulary.csv that the indicator names metrics by; the store
// validates against that file (which an operator may extend through [pledges] measures and campaigns).
inline constexpr std::string_view kMeasures[] = {
    "people_trained", "schools_connected", "households_connected", "people_covered_4g",
    "km_fibre",       "devices_provided",  "usd_disbursed",        "other"};
inline constexpr std::string_view kWsisLines[] = {"C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8", "C9", "C10", "C11"};
inline constexpr std::string_view kRoadmapAreas[] = {
    "global_connectivity",  "digital_public_goods",    "digital_inclusion",      "digital_capacity_building",
    "digital_human_rights", "artificial_intelligence", "digital_trust_security", "global_digital_cooperation"};
inline constexpr std::string_view kCampaigns[] = {"ldc5", "displaced_people", "schools"};
/// Beneficiary groups the coalition's annual report gives shares of; other beneficiaries are stored as written.
inline constexpr std::string_view kBeneficiaries[] = {"women",
                                                      "youth",
                                                      "persons_with_disabilities",
                                                      "children",
                                                      "older_persons",
                                                      "rural_communities",
                                                      "indigenous_peoples",
                                                      "refugees"};

}  // namespace p2c::pledges::words
