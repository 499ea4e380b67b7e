"""The bench's data set: a reproducible exchange document (docs/exchange-format.md) of a big municipality.

Usage: .venv/bin/python bench/dataset.py --scale large --seed 17 --out large.json
       (then `vplan load large.json`). Prints what the document holds.

    from bench.dataset import SCALES, build_document
    document = build_document("small", seed=17)   # a dict, as `json.loads` of the file gives

Both scales have the same shape: 4 administrations with 10 boards between them, one plan per
administration and year from 2016 to 2025 (40 plans), the five perspectives with two municipal
goals each, two board goals per municipal goal, assignments (common and board-specific), activities
standing in one or two places (under a board goal, a municipal goal, an assignment, or directly
under a perspective as imported history), parts listed after their activity, activities carried
over from the year before, a few deleted activities, and status reports in three rounds a year
(30 April, 31 August, the year-end report), several versions of some. The rounds of earlier years
are published (some August rounds only closed); in 2025 April is published and August, the
latest round of the current year, is open with about two thirds reported.

- large: 30,000 activities (parts included), the largest plan (Bildningsförvaltningen 2025)
  3,000 activities, parts included; about 105,000 status reports. The data set of issue 17.
- small: 1,000 activities, the largest plan 100, about 3,500 status reports (CI).

The same scale and seed give the same document, byte for byte (`--out`). Texts are Swedish,
generated from the word lists below; they hold inflected forms search must relate ("skola",
"skolan", "skolans", "grundskolan", "förskolor", "elevhälsa", "elevhälsan", "elevhälsans" ...).
"""

import argparse
import datetime
import json
import random
import sys
import uuid
from collections import Counter
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Scale:
    activities: int  # parts included
    largest_plan: int  # activities of the largest plan, parts included


SCALES = {
    "small": Scale(activities=1_000, largest_plan=100),
    "large": Scale(activities=30_000, largest_plan=3_000),
}

YEARS = tuple(range(2016, 2026))
CURRENT_YEAR = YEARS[-1]
PART_SHARE = 0.10  # of a plan's activities, parts
CARRIED_OVER_SHARE = 0.20  # of a plan's activities (not parts), carried over from last year
DELETED_SHARE = 0.01
SECOND_PLACE_SHARE = 0.15
REPORTED_SHARE = 0.95  # of the activities, reported in a round (the open round: OPEN_REPORTED)
OPEN_REPORTED = 0.65
SECOND_VERSION = 0.25  # of the reports, given again (a second version)
THIRD_VERSION = 0.30  # of the second versions, given a third time

# (name, short code, boards (code, name), weight: its share of the activities)
ADMINISTRATIONS = [
    (
        "Bildningsförvaltningen",
        "BIF",
        [
            ("BUN", "Barn- och utbildningsnämnden"),
            ("GyN", "Gymnasie- och vuxenutbildningsnämnden"),
            ("FsN", "Förskolenämnden"),
        ],
        0.40,
    ),
    (
        "Socialförvaltningen",
        "SOF",
        [
            ("SoN", "Socialnämnden"),
            ("OmN", "Omsorgsnämnden"),
            ("FuN", "Funktionsstödsnämnden"),
        ],
        0.26,
    ),
    (
        "Samhällsbyggnadsförvaltningen",
        "SBF",
        [("ByN", "Byggnadsnämnden"), ("TeN", "Tekniska nämnden")],
        0.19,
    ),
    (
        "Kultur- och fritidsförvaltningen",
        "KFF",
        [("KuN", "Kulturnämnden"), ("FrN", "Fritidsnämnden")],
        0.15,
    ),
]
MUNICIPALITY = "Exempelkommun"

STATUSES = [
    ("Genomfört", "done"),
    ("Pågående", "ongoing"),
    ("Delvis genomfört", "ongoing"),
    ("Kvarstår", "not_started"),
    ("Ej påbörjad", "not_started"),
    ("Ej genomfört", "stopped"),
    ("Avslutad", "stopped"),
    ("Pausad", "stopped"),
]
# The words given in a round, by how far into the year it is, with their weights.
STATUS_MIX = {
    "april": [
        ("Pågående", 55),
        ("Ej påbörjad", 30),
        ("Genomfört", 8),
        ("Pausad", 4),
        ("Kvarstår", 3),
    ],
    "augusti": [
        ("Pågående", 50),
        ("Genomfört", 20),
        ("Delvis genomfört", 12),
        ("Ej påbörjad", 12),
        ("Pausad", 6),
    ],
    "helår": [
        ("Genomfört", 52),
        ("Delvis genomfört", 16),
        ("Kvarstår", 16),
        ("Ej genomfört", 9),
        ("Avslutad", 7),
    ],
}
COMPOSITE_SHARE = 0.02  # reports giving a status per school form instead of one word

PERSPECTIVE_GOALS = {
    "Samhälle": [
        "Kommunen är en attraktiv plats att bo, leva och verka i",
        "Ett hållbart samhälle med minskad klimatpåverkan",
    ],
    "Medborgare": [
        "Invånarna får en god service med hög kvalitet",
        "Barn och unga ges goda förutsättningar att lyckas i skolan",
    ],
    "Ekonomi": [
        "En ekonomi i balans med effektiv resursanvändning",
        "Investeringar planeras långsiktigt",
    ],
    "Verksamhet": [
        "Verksamheten utvecklas genom digitalisering och samverkan",
        "Ett systematiskt kvalitetsarbete i alla verksamheter",
    ],
    "Medarbetare": [
        "Kommunen är en attraktiv arbetsgivare",
        "Medarbetare har en god arbetsmiljö och möjlighet till utveckling",
    ],
}
BOARD_GOAL_OPENINGS = [
    "Andelen",
    "Fler",
    "Tryggheten för",
    "Delaktigheten bland",
    "Nöjdheten hos",
    "Kvaliteten i stödet till",
]
BOARD_GOAL_SUBJECTS = {
    "BIF": [
        "elever som når kunskapskraven i grundskolan",
        "barn i förskolor med utbildad personal",
        "elever med behörighet till gymnasieskolan",
        "elever som upplever trygghet i skolan",
        "vårdnadshavare i förskolan",
        "elever som tar del av elevhälsans insatser",
    ],
    "SOF": [
        "brukare inom hemtjänsten",
        "barn och unga i socialtjänstens insatser",
        "personer med försörjningsstöd som går till arbete",
        "äldre på särskilda boenden",
        "personer med funktionsnedsättning i daglig verksamhet",
    ],
    "SBF": [
        "invånare med tillgång till gång- och cykelvägar",
        "bygglov som handläggs inom lagstadgad tid",
        "hushåll anslutna till det kommunala VA-nätet",
        "resor med kollektivtrafik",
    ],
    "KFF": [
        "besökare på biblioteken",
        "unga som deltar i fritidsgårdarnas verksamhet",
        "föreningar med stöd från kommunen",
        "elever i kulturskolan",
    ],
}
VERBS = [
    "Utveckla",
    "Genomföra",
    "Följa upp",
    "Utreda",
    "Implementera",
    "Säkerställa",
    "Revidera",
    "Kartlägga",
    "Stärka",
    "Införa",
    "Utvärdera",
    "Samordna",
]
OBJECTS = {
    "BIF": [
        "arbetet med elevhälsa i grundskolan",
        "elevhälsans förebyggande och hälsofrämjande arbete",
        "elevhälsan på gymnasieskolan",
        "samverkan mellan skolan och socialtjänsten",
        "skolans systematiska kvalitetsarbete",
        "skolans rutiner för närvaro och frånvaro",
        "lokalförsörjningen för förskolor och skolor",
        "introduktionen av nya lärare på skolan",
        "studie- och yrkesvägledningen i grundskolan",
        "kompetensutvecklingen i matematik för lärare i grundskolan",
        "tillgången till skola och förskola i glesbygden",
        "språkutvecklingen i förskolan",
        "förskolans pedagogiska dokumentation",
        "skolskjutsarnas trafiksäkerhet",
        "en skola fri från kränkande behandling",
        "stödet till rektorer i förskolor och skolor",
        "övergången från förskola till förskoleklass",
        "skolbibliotekens roll i läsfrämjandet",
        "elevhälsans samarbete med vårdnadshavare",
        "digitala verktyg i undervisningen",
    ],
    "SOF": [
        "kontinuiteten i hemtjänsten",
        "samverkan kring barn och unga med skolan och elevhälsan",
        "handläggningen av försörjningsstöd",
        "arbetet mot våld i nära relationer",
        "kompetensförsörjningen inom äldreomsorgen",
        "välfärdsteknik i särskilda boenden",
        "stödet till anhöriga",
        "den sociala dokumentationen",
        "insatser för personer med funktionsnedsättning",
        "det förebyggande arbetet för unga i riskzon",
        "uppföljningen av placerade barn och deras skolgång",
        "måltiderna inom äldreomsorgen",
    ],
    "SBF": [
        "underhållet av gator och gång- och cykelvägar",
        "detaljplaneringen för nya bostäder",
        "handläggningstiderna för bygglov",
        "trafiksäkerheten vid skolor och förskolor",
        "förnyelsen av VA-nätet",
        "energieffektiviseringen i kommunens lokaler",
        "dagvattenhanteringen",
        "belysningen i parker och på gångstråk",
        "laddinfrastrukturen för fordon",
        "klimatanpassningen av bebyggelsen",
    ],
    "KFF": [
        "bibliotekens öppettider",
        "fritidsgårdarnas verksamhet för unga",
        "stödet till föreningslivet",
        "kulturskolans utbud för barn och unga",
        "samverkan mellan biblioteket och skolan",
        "idrottshallarnas tillgänglighet",
        "kulturarvet och de lokala museerna",
        "sommarlovsaktiviteterna för barn och unga",
        "läsfrämjande insatser i förskolor",
    ],
}
PURPOSES = [
    "under året",
    "i samverkan med berörda förvaltningar",
    "enligt nämndens beslut",
    "med fokus på jämlikhet och tillgänglighet",
    "för att öka måluppfyllelsen",
    "inom ramen för budget",
    "i dialog med medarbetare och fackliga företrädare",
    "tillsammans med civilsamhället",
    "utifrån resultaten i medarbetarenkäten",
    "med stöd av den nationella strategin",
]
SECOND_SENTENCES = [
    "Arbetet redovisas för nämnden i samband med delårsrapporten.",
    "En handlingsplan tas fram och följs upp kvartalsvis.",
    "Resultaten jämförs med andra kommuner i länet.",
    "Insatsen finansieras inom befintlig ram.",
    "Berörda verksamheter involveras tidigt i arbetet.",
    "Uppföljningen sker med nyckeltal från Kolada.",
]
ASSIGNMENT_TEXTS = [
    "Ta fram en plan för att minska sjukfrånvaron bland medarbetare",
    "Utreda möjligheten till samlokalisering av verksamheter",
    "Genomföra en översyn av lokalbehoven",
    "Arbeta fram en strategi för digitalisering",
    "Säkerställa en likvärdig skola i hela kommunen",
    "Utveckla samverkan kring barn och unga i behov av stöd",
    "Minska energiförbrukningen i kommunens fastigheter",
    "Stärka det brottsförebyggande arbetet",
    "Se över taxor och avgifter",
    "Öka andelen ekologiska livsmedel i måltiderna",
]
COMMENTS = [
    "Arbetet pågår enligt plan.",
    "Arbetet har försenats på grund av vakanser.",
    "En arbetsgrupp har tillsatts och har haft sitt första möte.",
    "Insatsen är genomförd och har utvärderats.",
    "Delar av arbetet är klart; resterande del flyttas till nästa år.",
    "Elevhälsan har deltagit i arbetet och rutinerna är reviderade.",
    "Skolans ledningsgrupp har behandlat frågan.",
    "Skolans elevhälsoteam har följt upp samtliga ärenden.",
    "Förskolor i norra området har påbörjat arbetet.",
    "Kartläggningen visar att fler insatser behövs i grundskolan.",
    "Samverkan med socialtjänsten har fördjupats under perioden.",
    "Budgeten räcker inte för att genomföra hela insatsen.",
    "Ärendet har lyfts till nämnden för beslut.",
    "Upphandlingen är avslutad och avtal är tecknat.",
    "Resultatet redovisas i verksamhetsberättelsen.",
    "Pandemin har påverkat möjligheten att genomföra insatsen.",
    "Nya rutiner har införts i samtliga verksamheter.",
    "Uppföljningen visar en positiv utveckling jämfört med föregående år.",
]
SCHOOL_FORMS = ["Förskola", "Grundskola", "Gymnasieskola", "Vuxenutbildning"]
FIRST_NAMES = [
    "anna", "erik", "maria", "lars", "karin", "per", "eva", "johan", "sara", "anders",
    "lena", "mikael", "emma", "peter", "ida", "magnus", "elin", "fredrik", "sofia", "jonas",
]  # fmt: skip
LAST_NAMES = [
    "andersson", "johansson", "karlsson", "nilsson", "eriksson", "larsson", "olsson",
    "persson", "svensson", "gustafsson", "pettersson", "jonsson", "lindberg", "lindqvist",
]  # fmt: skip
MONTH_NAMES = ["Mars", "Juni", "September", "December"]
ROUNDS = [  # (season, label, as of (month, day)); the deadline is 12 or 20 days later
    ("april", "Uppföljning per 30 april", (4, 30)),
    ("augusti", "Uppföljning per 31 augusti", (8, 31)),
    ("helår", "Verksamhetsberättelse {year}", (12, 31)),
]


def _uid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _moment(value: datetime.datetime) -> str:
    return value.replace(microsecond=0).isoformat()


def _at(date: datetime.date, rng: random.Random) -> datetime.datetime:
    """A moment of working hours on `date`, in UTC."""
    return datetime.datetime(
        date.year, date.month, date.day, 7 + rng.randrange(9), rng.randrange(60),
        tzinfo=datetime.UTC,
    )  # fmt: skip


def _weighted(rng: random.Random, choices: list[tuple[str, int]]) -> str:
    words, weights = zip(*choices, strict=True)
    return rng.choices(words, weights=weights)[0]


def plan_sizes(scale: Scale) -> dict[tuple[str, int], int]:
    """Activities (parts included) of each administration's plan of each year: they grow by the
    year; Bildningsförvaltningen's last plan is the largest, exactly `scale.largest_plan`, and
    the sizes add up to exactly `scale.activities`."""
    raw = {
        (code, year): weight * (1 + 0.09 * (year - YEARS[0]))
        for _, code, _, weight in ADMINISTRATIONS
        for year in YEARS
    }
    largest = (ADMINISTRATIONS[0][1], CURRENT_YEAR)
    rest = scale.activities - scale.largest_plan
    total = sum(value for key, value in raw.items() if key != largest)
    sizes = {key: round(value / total * rest) for key, value in raw.items() if key != largest}
    second = max(sizes, key=sizes.__getitem__)
    sizes[second] += rest - sum(sizes.values())
    sizes[largest] = scale.largest_plan
    assert max(sizes.values()) == scale.largest_plan, "the largest plan must be the largest"
    return sizes


class _PlanBuilder:
    def __init__(self, rng, administration, year, size, earlier):
        self.rng = rng
        self.name, self.code, self.boards, _ = administration
        self.year = year
        self.size = size
        self.earlier = earlier  # last year's plan of the administration (a dict) or None

    def build(self) -> dict:
        year = self.year
        created = datetime.datetime(year - 1, 10, 1, 8, 0, tzinfo=datetime.UTC)
        plan = {
            "administration": {
                "name": self.name,
                "short_code": self.code,
                "municipality": MUNICIPALITY,
            },
            "year": year,
            "state": "revised" if year == CURRENT_YEAR else "decided",
            "decided_on": datetime.date(year - 1, 11, 20).isoformat(),
            "revised_on": datetime.date(year, 6, 12).isoformat() if year == CURRENT_YEAR else None,
            "created_at": _moment(created),
            "boards": [{"code": code, "name": name} for code, name in self.boards],
        }
        plan["municipal_goals"] = self._municipal_goals()
        plan["board_goals"] = self._board_goals(plan["municipal_goals"])
        plan["assignments"] = self._assignments()
        plan["activities"] = self._activities(plan)
        plan["rounds"] = self._rounds(plan["activities"])
        return plan

    def _municipal_goals(self) -> list[dict]:
        goals = []
        for perspective, titles in PERSPECTIVE_GOALS.items():
            for order, title in enumerate(titles):
                goals.append(
                    {
                        "key": f"mg{len(goals) + 1}",
                        "perspective": perspective,
                        "title": title,
                        "order": order,
                    }
                )
        return goals

    def _board_goals(self, municipal_goals: list[dict]) -> list[dict]:
        rng, goals = self.rng, []
        subjects = BOARD_GOAL_SUBJECTS[self.code]
        for goal in municipal_goals:
            for order in range(2):
                subject = rng.choice(subjects)
                opening = rng.choice(BOARD_GOAL_OPENINGS)
                goals.append(
                    {
                        "key": f"bg{len(goals) + 1}",
                        "municipal_goal": goal["key"],
                        "title": f"{opening} {subject} ska öka",
                        "description": f"Målet följs upp med nyckeltal för {subject} "
                        f"och redovisas i verksamhetsberättelsen {self.year}.",
                        "order": order,
                    }
                )
        return goals

    def _assignments(self) -> list[dict]:
        rng = self.rng
        texts = rng.sample(ASSIGNMENT_TEXTS, 6)
        assignments = []
        for order, text in enumerate(texts):
            specific = order % 2 == 1
            assignments.append(
                {
                    "key": f"as{order + 1}",
                    "number": order + 1,
                    "text": text,
                    "scope": "board_specific" if specific else "common",
                    "boards": [rng.choice(self.boards)[0]] if specific else [],
                    "is_struck": rng.random() < 0.05,
                    "order": order,
                }
            )
        return assignments

    def _text(self) -> str:
        rng = self.rng
        text = f"{rng.choice(VERBS)} {rng.choice(OBJECTS[self.code])} {rng.choice(PURPOSES)}."
        if rng.random() < 0.5:
            text += " " + rng.choice(SECOND_SENTENCES)
        return text

    def _end(self) -> tuple[str, str]:
        """(decided_end, current_end): mostly the same; some postponed."""
        rng, year = self.rng, self.year
        kind = rng.random()
        if kind < 0.55:
            decided = rng.choice(MONTH_NAMES)
        elif kind < 0.75:
            decided = f"Q{rng.randint(1, 4)}"
        elif kind < 0.85:
            decided = rng.choice(["Delrapport 1", "Delrapport 2", "Verksamhetsberättelse"])
        elif kind < 0.95:
            decided = datetime.date(year, rng.randint(1, 12), rng.randint(1, 28)).isoformat()
        else:
            decided = ""
        current = decided
        if rng.random() < 0.12:
            current = rng.choice(["December", f"Förskjuts till {year + 1}", "Q4"])
        return decided, current

    def _placements(self, plan: dict) -> list[dict]:
        rng = self.rng
        count = 2 if rng.random() < SECOND_PLACE_SHARE else 1
        places: list[dict] = []
        seen = set()
        while len(places) < count:
            kind = rng.random()
            goal = rng.choice(plan["municipal_goals"])
            place = {
                "perspective": goal["perspective"],
                "municipal_goal": goal["key"],
                "board_goal": None,
                "assignment": None,
                "order": 0,
            }
            if kind < 0.60:
                board_goals = [g for g in plan["board_goals"] if g["municipal_goal"] == goal["key"]]
                place["board_goal"] = rng.choice(board_goals)["key"]
            elif kind < 0.75:
                pass
            elif kind < 0.97:
                place["municipal_goal"] = None
                place["assignment"] = rng.choice(plan["assignments"])["key"]
            else:
                place["municipal_goal"] = None  # imported history: under the perspective
            identity = (place["municipal_goal"], place["board_goal"], place["assignment"])
            if identity not in seen:
                seen.add(identity)
                places.append(place)
        return places

    def _activities(self, plan: dict) -> list[dict]:
        rng, year = self.rng, self.year
        board_codes = [code for code, _ in self.boards]
        parts = round(self.size * PART_SHARE)
        wholes = self.size - parts
        # Earlier activities this plan carries over (not parts, not deleted), each once.
        candidates = []
        if self.earlier is not None:
            candidates = [
                activity
                for activity in self.earlier["activities"]
                if activity["parent"] is None and activity["deleted_at"] is None
            ]
        carried = rng.sample(candidates, min(len(candidates), round(wholes * CARRIED_OVER_SHARE)))
        carried_at = set(rng.sample(range(wholes), len(carried)))
        # Which activities get parts, and how many each (1-3), adding up to `parts`.
        part_counts = Counter()
        while sum(part_counts.values()) < parts:
            part_counts[rng.randrange(wholes)] += 1
        place_order: Counter = Counter()
        activities = []
        carried_iter = iter(carried)
        for index in range(wholes):
            decided, current = self._end()
            activity = {
                "id": _uid(rng),
                "text": self._text(),
                "boards": rng.sample(board_codes, 2 if rng.random() < 0.2 else 1),
                "decided_end": decided,
                "current_end": current,
                "postponed_from_unknown_date": False,
                "carried_over_from": None,
                "carried_over_from_year": None,
                "parent": None,
                "represents_assignment": False,
                "order": index,
                "deleted_at": None,
                "placements": self._placements(plan),
            }
            if index in carried_at:
                earlier = next(carried_iter)
                activity["text"] = earlier["text"]
                activity["carried_over_from"] = earlier["id"]
                activity["carried_over_from_year"] = year - 1
            for place in activity["placements"]:
                group = (place["municipal_goal"], place["board_goal"], place["assignment"])
                place["order"] = place_order[group]
                place_order[group] += 1
            only = activity["placements"]
            if len(only) == 1 and only[0]["assignment"] and rng.random() < 0.1:
                activity["represents_assignment"] = True
            if not part_counts[index] and rng.random() < DELETED_SHARE:
                moment = _at(datetime.date(year, rng.randint(2, 11), rng.randint(1, 28)), rng)
                activity["deleted_at"] = _moment(moment)
            activities.append(activity)
            for order in range(part_counts[index]):
                decided, current = self._end()
                activities.append(
                    {
                        "id": _uid(rng),
                        "text": self._text(),
                        "boards": activity["boards"][:1],
                        "decided_end": decided,
                        "current_end": current,
                        "postponed_from_unknown_date": False,
                        "carried_over_from": None,
                        "carried_over_from_year": None,
                        "parent": activity["id"],
                        "represents_assignment": False,
                        "order": order,
                        "deleted_at": None,
                        "placements": [],
                    }
                )
        return activities

    def _report(self, activity, season, version, moment) -> dict:
        rng = self.rng
        status, status_text = _weighted(rng, STATUS_MIX[season]), ""
        if rng.random() < COMPOSITE_SHARE:
            status = None
            status_text = ", ".join(
                f"{form}: {_weighted(rng, STATUS_MIX[season])}"
                for form in rng.sample(SCHOOL_FORMS, 2)
            )
        comment = rng.choice(COMMENTS)
        if rng.random() < 0.4:
            comment += " " + rng.choice(COMMENTS)
        return {
            "activity": activity["id"],
            "version": version,
            "status": status,
            "status_text": status_text,
            "comment": comment,
            "author": f"{rng.choice(FIRST_NAMES)}.{rng.choice(LAST_NAMES)}",
            "created_at": _moment(moment),
        }

    def _rounds(self, activities: list[dict]) -> list[dict]:
        rng, year = self.rng, self.year
        rounds = []
        seasons = ROUNDS[:2] if year == CURRENT_YEAR else ROUNDS
        for r, (season, label, (month, day)) in enumerate(seasons):
            as_of = datetime.date(year, month, day)
            deadline = as_of + datetime.timedelta(days=20 if season == "helår" else 12)
            latest = r == len(seasons) - 1
            if year == CURRENT_YEAR and latest:
                state = "open"
            elif season == "augusti" and rng.random() < 0.25:
                state = "closed"
            else:
                state = "published"
            share = OPEN_REPORTED if state == "open" else REPORTED_SHARE
            reports = []
            for activity in activities:
                if rng.random() >= share:
                    continue
                moment = _at(as_of - datetime.timedelta(days=rng.randint(0, 14)), rng)
                reports.append(self._report(activity, season, 1, moment))
                versions = 1
                while rng.random() < (SECOND_VERSION if versions == 1 else THIRD_VERSION):
                    versions += 1
                    moment += datetime.timedelta(
                        days=rng.randint(1, 10), minutes=rng.randrange(600)
                    )
                    reports.append(self._report(activity, season, versions, moment))
                    if versions == 3:
                        break
            rounds.append(
                {
                    "label": label.format(year=year),
                    "as_of": as_of.isoformat(),
                    "reporting_deadline": deadline.isoformat(),
                    "state": state,
                    "introduction": "",
                    "created_at": _moment(_at(as_of - datetime.timedelta(days=30), rng)),
                    "reports": reports,
                }
            )
        return rounds


def build_document(scale: str, seed: int = 17) -> dict:
    """The exchange document of a scale ("small" or "large"), as parsed JSON: the same scale and
    seed give the same document."""
    sizes = plan_sizes(SCALES[scale])
    rng = random.Random(f"vplan-bench-{scale}-{seed}")
    plans = []
    for administration in ADMINISTRATIONS:
        earlier = None
        for year in YEARS:
            size = sizes[(administration[1], year)]
            earlier = _PlanBuilder(rng, administration, year, size, earlier).build()
            plans.append(earlier)
    plans.sort(key=lambda plan: (plan["year"], plan["administration"]["short_code"]))
    return {
        "format": "vplan-exchange",
        "version": 1,
        "statuses": [{"name": name, "category": category} for name, category in STATUSES],
        "plans": plans,
    }


def dump(document: dict) -> bytes:
    """The file's bytes: compact UTF-8 JSON, one newline at the end."""
    return (json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n").encode()


def counts(document: dict) -> dict:
    plans = document["plans"]
    activities = [a for plan in plans for a in plan["activities"]]
    rounds = [r for plan in plans for r in plan["rounds"]]
    return {
        "plans": len(plans),
        "administrations": len({plan["administration"]["short_code"] for plan in plans}),
        "boards": len({board["code"] for plan in plans for board in plan["boards"]}),
        "years": f"{min(p['year'] for p in plans)}-{max(p['year'] for p in plans)}",
        "activities": len(activities),
        "parts": sum(1 for a in activities if a["parent"]),
        "carried_over": sum(1 for a in activities if a["carried_over_from"]),
        "deleted": sum(1 for a in activities if a["deleted_at"]),
        "largest_plan": max(len(plan["activities"]) for plan in plans),
        "municipal_goals": sum(len(plan["municipal_goals"]) for plan in plans),
        "board_goals": sum(len(plan["board_goals"]) for plan in plans),
        "assignments": sum(len(plan["assignments"]) for plan in plans),
        "placements": sum(len(a["placements"]) for a in activities),
        "rounds": dict(Counter(r["state"] for r in rounds)),
        "status_reports": sum(len(r["reports"]) for r in rounds),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="small")
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--out", type=Path, help="write the document here (JSON)")
    options = parser.parse_args(argv)
    document = build_document(options.scale, options.seed)
    if options.out:
        options.out.write_bytes(dump(document))
    for name, value in counts(document).items():
        print(f"{name}: {value}")
    if options.out:
        print(f"written: {options.out} ({options.out.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main(sys.argv[1:])
