"""Demo referrals for ``seed_demo``: a few cases at different stages, made through the services.

Going through the services (not by writing rows) gives them a real history, events and
handovers, so a newcomer sees in the pages what a referral looks like on its way.
Seeded once: when the demo signaller's organisation already has referrals, nothing is added.
"""

from __future__ import annotations

from typing import Any

from accounts.models import User
from directory.models import Service
from referrals import services
from referrals.models import Referral

_SHELTER_SERVICE = ("COSM-opvang Amsterdam", "Categorale opvang voor vrouwen")

#: Each case: the stage it is brought to, and what the signaller registers.
_CASES: list[dict[str, Any]] = [
    {
        "stage": "draft",
        "data": {
            "gender": "male",
            "age_group": "adult",
            "nationality": "PL",
            "exploitation_forms": ["labour"],
            "needs": ["housing", "legal_aid"],
            "urgency": "normal",
            "consent": "not_asked",
            "languages": ["pl"],
            "summary": "Signaal van de arbeidsinspectie: werknemer in een distributiecentrum, 60 uur per week, "
            "loon ingehouden voor huisvesting.",
        },
    },
    {
        "stage": "pending",
        "data": {
            "gender": "female",
            "age_group": "adult",
            "nationality": "NG",
            "exploitation_forms": ["sexual"],
            "needs": ["shelter", "medical_care", "residence_permit"],
            "urgency": "urgent",
            "consent": "given",
            "languages": ["en"],
            "summary": "Aangetroffen bij een controle in de prostitutie; geeft aan schulden te moeten afbetalen "
            "en wil niet terug naar de woning.",
        },
    },
    {
        "stage": "routed",
        "data": {
            "gender": "female",
            "age_group": "adult",
            "nationality": "UG",
            "exploitation_forms": ["sexual"],
            "needs": ["shelter", "legal_aid"],
            "urgency": "immediate",
            "consent": "given",
            "languages": ["en"],
            "summary": "Meldt zich zelf bij de politie na ontsnapping; direct onderdak nodig.",
        },
    },
]


def seed_referrals(users: dict[str, User]) -> int:
    """Create the demo cases once; returns how many were created."""
    signaller = users["signaleerder"]
    if Referral.objects.filter(signalling_organisation=signaller.organisation).exists():
        return 0
    coordinator = users["zorgcoordinator"]
    region = coordinator.organisation.coordinates_region if coordinator.organisation else None
    if region is None:
        return 0
    for case in _CASES:
        referral = services.referral_create(actor=signaller, data={"region": region, **case["data"]})
        if case["stage"] == "draft":
            continue
        services.referral_submit(referral=referral, actor=signaller)
        if case["stage"] == "pending":
            continue
        services.referral_accept(referral=referral, actor=coordinator)
        services.referral_set_phase(referral=referral, actor=coordinator, phase="B")
        organisation, name = _SHELTER_SERVICE
        service = Service.objects.get(organisation__name=organisation, name=name)
        route = services.route_propose(referral=referral, actor=coordinator, need="shelter", service=service)
        services.route_act(route=route, actor=coordinator, action="send")
    return len(_CASES)
