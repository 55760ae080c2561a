"""Fixed vocabularies: plan types, case stages, US states and territories."""

from __future__ import annotations

from enum import Enum


class PlanType(str, Enum):
    """The kinds of coverage in DESIGN.md; the kind decides which appeal rules apply."""

    COMMERCIAL_FULLY_INSURED = "commercial_fully_insured"
    SELF_FUNDED_ERISA = "self_funded_erisa"
    MARKETPLACE = "marketplace"
    MEDICARE = "medicare"
    MEDICARE_ADVANTAGE = "medicare_advantage"
    MEDICAID = "medicaid"
    MEDICAID_MANAGED_CARE = "medicaid_managed_care"
    TRICARE_VA = "tricare_va"
    OTHER = "other"

    @property
    def label(self) -> str:
        return PLAN_TYPE_LABELS[self]

    @property
    def short_label(self) -> str:
        """For narrow columns (80-column terminals)."""
        return PLAN_TYPE_SHORT_LABELS.get(self, PLAN_TYPE_LABELS[self])


PLAN_TYPE_LABELS = {
    PlanType.COMMERCIAL_FULLY_INSURED: "Commercial (fully insured)",
    PlanType.SELF_FUNDED_ERISA: "Self-funded ERISA",
    PlanType.MARKETPLACE: "Marketplace",
    PlanType.MEDICARE: "Medicare",
    PlanType.MEDICARE_ADVANTAGE: "Medicare Advantage",
    PlanType.MEDICAID: "Medicaid",
    PlanType.MEDICAID_MANAGED_CARE: "Medicaid managed care",
    PlanType.TRICARE_VA: "TRICARE / VA",
    PlanType.OTHER: "Other",
}

PLAN_TYPE_SHORT_LABELS = {
    PlanType.COMMERCIAL_FULLY_INSURED: "Commercial",
    PlanType.SELF_FUNDED_ERISA: "Self-funded",
    PlanType.MEDICARE_ADVANTAGE: "Medicare Adv.",
    PlanType.MEDICAID_MANAGED_CARE: "Medicaid MC",
    PlanType.TRICARE_VA: "TRICARE/VA",
}


class Stage(str, Enum):
    """Where a case stands, in the usual order of a fight with an insurer."""

    RESEARCHING = "researching"
    VERIFYING_BENEFITS = "verifying_benefits"
    PRIOR_AUTH = "prior_auth"
    IN_TREATMENT = "in_treatment"
    CLAIM_SUBMITTED = "claim_submitted"
    DENIED = "denied"
    APPEALING = "appealing"
    EXTERNAL_REVIEW = "external_review"
    COVERED = "covered"
    SELF_FUNDING = "self_funding"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return STAGE_LABELS[self]


STAGE_LABELS = {
    Stage.RESEARCHING: "Researching",
    Stage.VERIFYING_BENEFITS: "Verifying benefits",
    Stage.PRIOR_AUTH: "Prior auth",
    Stage.IN_TREATMENT: "In treatment",
    Stage.CLAIM_SUBMITTED: "Claim submitted",
    Stage.DENIED: "Denied",
    Stage.APPEALING: "Appealing",
    Stage.EXTERNAL_REVIEW: "External review",
    Stage.COVERED: "Covered",
    Stage.SELF_FUNDING: "Self-funding",
    Stage.CLOSED: "Closed",
}

# USPS codes: the 50 states, DC, and the territories whose residents hold US plans.
US_STATES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas",
    "CA": "California", "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware",
    "DC": "District of Columbia", "FL": "Florida", "GA": "Georgia", "HI": "Hawaii",
    "ID": "Idaho", "IL": "Illinois", "IN": "Indiana", "IA": "Iowa", "KS": "Kansas",
    "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine", "MD": "Maryland",
    "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota", "MS": "Mississippi",
    "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York",
    "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma",
    "OR": "Oregon", "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina",
    "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas", "UT": "Utah",
    "VT": "Vermont", "VA": "Virginia", "WA": "Washington", "WV": "West Virginia",
    "WI": "Wisconsin", "WY": "Wyoming",
    "AS": "American Samoa", "GU": "Guam", "MP": "Northern Mariana Islands",
    "PR": "Puerto Rico", "VI": "U.S. Virgin Islands",
}
