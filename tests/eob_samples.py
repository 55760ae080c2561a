"""Real-format EOB files for the tests and benchmarks: X12 835 5010 (X221A1) and FHIR R4 ExplanationOfBenefit.

The 835s follow the X221A1 implementation guide's loops (ISA/GS/ST, BPR, TRN,
1000A payer with its PER*BL contact, 1000B payee, 2000 LX, 2100 CLP + NM1*QC,
2110 SVC + DTM*472 + CAS) and pyx12 validates them without errors (see
tests/test_eob_835.py). The FHIR resources follow the CARIN Blue Button
professional/non-clinician EOB profile's required elements.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass
class Line:
    code: str
    billed: str
    paid: str
    on: date
    modifiers: tuple[str, ...] = ()
    units: int = 1
    cas: list[tuple[str, str, str]] = field(default_factory=list)  # (group, CARC, amount)


@dataclass
class Claim:
    patient_control: str
    payer_claim: str
    last: str
    first: str
    member_id: str
    lines: list[Line]
    status: str = "1"
    patient_share: str = "0"

    def billed(self) -> str:
        return _sum(line.billed for line in self.lines)

    def paid(self) -> str:
        return _sum(line.paid for line in self.lines)


def _sum(values) -> str:
    from decimal import Decimal

    total = sum((Decimal(v) for v in values), Decimal(0))
    return f"{total.normalize():f}"


def x12_835(claims: list[Claim], *, check: str = "EFT0001", paid_on: date = date(2026, 3, 10),
            seg_term: str = "~", newline: bool = True) -> str:
    """A whole 835 interchange paying ``claims`` in one transaction."""
    segs = []
    total = _sum(c.paid() for c in claims)
    payment = "I" if not total.startswith("-") and total != "0" else "H"  # H: notification only, nothing paid
    total = total if payment == "I" else "0"
    segs += [f"BPR*{payment}*" + total + "*C*ACH*CCP*01*999999999*DA*123456*1512345678**01*999988880*DA*98765*"
             + paid_on.strftime("%Y%m%d"),
             f"TRN*1*{check}*1512345678",
             "DTM*405*" + paid_on.strftime("%Y%m%d"),
             "N1*PR*ACME HEALTH PLAN", "N3*100 MAIN ST", "N4*SPRINGFIELD*IL*62701",
             "PER*BL*CLAIMS DEPT*TE*8005550100",
             "N1*PE*CALM MIND CLINIC*XX*1234567893", "N3*5 CLINIC WAY", "N4*SPRINGFIELD*IL*62702",
             "REF*TJ*123456789", "LX*1"]
    for claim in claims:
        segs.append(f"CLP*{claim.patient_control}*{claim.status}*{claim.billed()}*{claim.paid()}*"
                    f"{claim.patient_share}*12*{claim.payer_claim}*11*1")
        segs.append(f"NM1*QC*1*{claim.last}*{claim.first}****MI*{claim.member_id}")
        segs.append("DTM*232*" + min(line.on for line in claim.lines).strftime("%Y%m%d"))
        for line in claim.lines:
            code = ":".join(("HC", line.code, *line.modifiers))
            segs.append(f"SVC*{code}*{line.billed}*{line.paid}**{line.units}")
            segs.append("DTM*472*" + line.on.strftime("%Y%m%d"))
            for group, reason, amount in line.cas:
                segs.append(f"CAS*{group}*{reason}*{amount}")
    body = ["ST*835*0001", *segs]
    body.append(f"SE*{len(body) + 1}*0001")
    head = ["ISA*00*          *00*          *ZZ*ACMEHEALTH     *ZZ*CALMMIND       *260310*1200*^*00501*"
            "000000101*0*P*:", "GS*HP*ACMEHEALTH*CALMMIND*20260310*1200*101*X*005010X221A1"]
    tail = ["GE*1*101", "IEA*1*000000101"]
    joiner = seg_term + ("\n" if newline else "")
    return joiner.join([*head, *body, *tail]) + seg_term + ("\n" if newline else "")


def visit(n: int, on: date, *, member: str = "W100200300", last: str = "MULLER", first: str = "JOSE",
          status: str = "1", denied_with: str = "") -> Claim:
    """A ketamine infusion visit: 96365 (+96366) with J3490; paid, or denied with CARC ``denied_with``."""
    if denied_with:
        lines = [Line("96365", "350", "0", on, cas=[("CO", denied_with, "350")]),
                 Line("J3490", "150", "0", on, units=1, cas=[("CO", denied_with, "150")])]
    else:
        lines = [Line("96365", "350", "200", on, cas=[("CO", "45", "100"), ("PR", "2", "50")]),
                 Line("J3490", "150", "80", on, cas=[("CO", "45", "50"), ("PR", "1", "20")])]
    share = "0" if denied_with else "70"
    return Claim(f"PC{n:05d}", f"PAYER{n:07d}", last, first, member, lines,
                 status="4" if denied_with else status, patient_share=share)


def reversal_of(claim: Claim) -> Claim:
    """CLP02=22: the payer takes back an earlier payment; every amount negated."""
    def neg(v: str) -> str:
        return v if v in ("0", "0.00") else (v[1:] if v.startswith("-") else "-" + v)

    lines = [Line(x.code, neg(x.billed), neg(x.paid), x.on, x.modifiers, x.units,
                  [(g, r, neg(a)) for g, r, a in x.cas]) for x in claim.lines]
    return Claim(claim.patient_control, claim.payer_claim, claim.last, claim.first, claim.member_id, lines,
                 status="22", patient_share=neg(claim.patient_share))


# --- FHIR R4 ExplanationOfBenefit (CARIN Blue Button, professional / non-clinician) -----------------------

CARIN = "http://hl7.org/fhir/us/carin-bb"
ADJ = "http://terminology.hl7.org/CodeSystem/adjudication"
C4BB_ADJ = f"{CARIN}/CodeSystem/C4BBAdjudication"
CPT = "http://www.ama-assn.org/go/cpt"
HCPCS = "https://bluebutton.cms.gov/resources/codesystem/hcpcs"
CARC = "https://x12.org/codes/claim-adjustment-reason-codes"


def _money(value: str) -> dict:
    return {"value": float(value), "currency": "USD"}


def fhir_eob(n: int, on: date, *, member: str = "W100200300", billed: str = "500", allowed: str = "350",
             paid: str = "280", patient: str = "70", deductible: str = "20", denied_with: str = "",
             codes: tuple[str, ...] = ("96365", "J3490")) -> dict:
    """One CARIN BB ExplanationOfBenefit (C4BB-ExplanationOfBenefit-Professional-NonClinician)."""
    day = on.isoformat()
    share = len(codes)

    def split(total: str) -> list[str]:
        from decimal import Decimal

        part = (Decimal(total) / share).quantize(Decimal("0.01"))
        return [f"{part}"] * (share - 1) + [f"{Decimal(total) - part * (share - 1)}"]

    parts = {k: split(v) for k, v in (("billed", billed), ("allowed", allowed), ("paid", paid),
                                      ("patient", patient), ("deductible", deductible))}
    items = []
    for i, code in enumerate(codes):
        adjudication = [
            {"category": {"coding": [{"system": ADJ, "code": "submitted"}]}, "amount": _money(parts["billed"][i])},
            {"category": {"coding": [{"system": ADJ, "code": "eligible"}]}, "amount": _money(parts["allowed"][i])},
            {"category": {"coding": [{"system": C4BB_ADJ, "code": "paidtoprovider"}]},
             "amount": _money(parts["paid"][i])},
            {"category": {"coding": [{"system": C4BB_ADJ, "code": "paidbypatient"}]},
             "amount": _money(parts["patient"][i])},
            {"category": {"coding": [{"system": ADJ, "code": "deductible"}]},
             "amount": _money(parts["deductible"][i])},
        ]
        if denied_with:
            adjudication.append({
                "category": {"coding": [{"system": f"{CARIN}/CodeSystem/C4BBAdjudicationDiscriminator",
                                         "code": "denialreason"}]},
                "reason": {"coding": [{"system": CARC, "code": denied_with}]}})
        items.append({"sequence": i + 1, "servicedDate": day,
                      "productOrService": {"coding": [{"system": CPT if code[0].isdigit() else HCPCS, "code": code}]},
                      "adjudication": adjudication})
    return {
        "resourceType": "ExplanationOfBenefit", "id": f"eob-{n}",
        "meta": {"profile": [f"{CARIN}/StructureDefinition/C4BB-ExplanationOfBenefit-Professional-NonClinician"]},
        "identifier": [{"type": {"coding": [{"system": f"{CARIN}/CodeSystem/C4BBIdentifierType",
                                             "code": "uc"}]},
                        "system": "https://acmehealth.example/claim", "value": f"PAYER{n:07d}"}],
        "status": "active",
        "type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/claim-type", "code": "professional"}]},
        "use": "claim", "patient": {"reference": "Patient/p1"},
        "billablePeriod": {"start": day, "end": day}, "created": f"{day}T00:00:00+00:00",
        "insurer": {"reference": "Organization/acme", "display": "Acme Health Plan"},
        "provider": {"reference": "Organization/clinic", "display": "Calm Mind Clinic"},
        "outcome": "complete",
        "supportingInfo": [{"sequence": 1, "category": {"coding": [{
            "system": f"{CARIN}/CodeSystem/C4BBSupportingInfoType", "code": "clmrecvddate"}]}, "timingDate": day}],
        "insurance": [{"focal": True, "coverage": {"reference": "Coverage/c1"}}],
        "item": items,
        "total": [
            {"category": {"coding": [{"system": ADJ, "code": "submitted"}]}, "amount": _money(billed)},
            {"category": {"coding": [{"system": ADJ, "code": "eligible"}]}, "amount": _money(allowed)},
            {"category": {"coding": [{"system": C4BB_ADJ, "code": "paidtoprovider"}]}, "amount": _money(paid)},
            {"category": {"coding": [{"system": C4BB_ADJ, "code": "paidbypatient"}]}, "amount": _money(patient)},
        ],
        "payment": {"date": day},
    }


def fhir_patient_and_coverage(member: str = "W100200300", family: str = "Müller", given: str = "José") -> list[dict]:
    return [
        {"resourceType": "Patient", "id": "p1", "name": [{"family": family, "given": [given]}],
         "identifier": [{"type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0203",
                                               "code": "MB"}]}, "system": "https://acmehealth.example/member",
                         "value": member}]},
        {"resourceType": "Coverage", "id": "c1", "status": "active", "subscriberId": member,
         "beneficiary": {"reference": "Patient/p1"}, "payor": [{"reference": "Organization/acme"}]},
    ]


def fhir_bundle(resources: list[dict]) -> dict:
    return {"resourceType": "Bundle", "type": "searchset", "total": len(resources),
            "entry": [{"fullUrl": f"https://acmehealth.example/fhir/{r['resourceType']}/{r['id']}", "resource": r}
                      for r in resources]}
