"""Exempelkommun: the fictional municipality of the demo, written as plain data.

Every text here is invented for Vplan. `demo_data.load_demo()` turns it into rows.

How to read the activities:
- `under` lists where the activity stands: "goal:<board goal key>" or "assignment:<number>".
  Two entries give one activity in two places (two Placement rows, reported once).
- `end` is the decided end date; `moved_to` the current one when it was moved (postponed).
- `carried: True` means "Kvarstår från <last year>": the activity is carried over from last year's
  activity with the same key and inherits its text, boards and places unless given again.
- `parts` are sub-activities, with their own end dates and reports.
- `reports` maps a round key to one report `(status, comment)` or a list of them (the status
  history, oldest first). A third item is the status as written, e.g. a composite per school form.
  An activity whose last status is final (FINAL_STATUSES) keeps it in the plan's later rounds
  without being listed again. Every other activity must be listed in every closed or published
  round; the open round lacks some reports, as an open round does.
"""

import datetime

MUNICIPALITY = "Exempelkommun"

ADMINISTRATION = {"name": "Bildningsförvaltningen", "short_code": "BIF"}

# The display codes are written with mixed case, as the reports do; the codes are normalised.
BOARDS = [
    {"display_code": "SkN", "name": "Skolnämnden"},
    {"display_code": "KfN", "name": "Kultur- och fritidsnämnden"},
]

USERS = [
    {
        "username": "admin",
        "first_name": "Alva",
        "last_name": "Andersson",
        "role": "admin",
        "superuser": True,
    },
    {
        "username": "controller",
        "first_name": "Karin",
        "last_name": "Lindqvist",
        "role": "controller",
    },
    {
        "username": "editor",
        "first_name": "Erik",
        "last_name": "Nyström",
        "role": "editor",
        "board": "SKN",
    },
    {"username": "reader", "first_name": "Rut", "last_name": "Berg", "role": "reader"},
]
PASSWORD = "demo"

# Statuses after which nothing more happens: repeated in later rounds without being listed.
FINAL_STATUSES = {"Genomfört", "Avslutad", "Ej aktuellt", "Ej genomfört", "Struket i IB"}

MUNICIPAL_GOALS = [
    {
        "key": "attraktiv",
        "perspective": "Samhälle",
        "title": "Exempelkommun är en attraktiv och hållbar plats att bo, leva och verka på",
    },
    {
        "key": "trygg",
        "perspective": "Samhälle",
        "title": "En trygg och inkluderande kommun där alla kan vara delaktiga",
    },
    {
        "key": "unga",
        "perspective": "Medborgare",
        "title": "Barn och unga får goda förutsättningar att lära, växa och lyckas",
    },
    {
        "key": "service",
        "perspective": "Medborgare",
        "title": "Invånarna möter en tillgänglig, enkel och digital service",
    },
    {
        "key": "ekonomi",
        "perspective": "Ekonomi",
        "title": "En ekonomi i balans som ger handlingsutrymme över tid",
    },
    {
        "key": "verksamhet",
        "perspective": "Verksamhet",
        "title": "Verksamheten utvecklas genom samverkan, digitalisering och systematisk uppföljning",
    },
    {
        "key": "medarbetare",
        "perspective": "Medarbetare",
        "title": "Exempelkommun är en attraktiv arbetsgivare med engagerade medarbetare",
    },
]

BOARD_GOALS = [
    {
        "key": "kultur-nara",
        "municipal_goal": "attraktiv",
        "title": "Kultur och fritid nära alla",
        "description": "Invånare i alla delar av kommunen har bibliotek, idrottsplatser och "
        "mötesplatser inom rimligt avstånd.",
    },
    {
        "key": "trygg-skola",
        "municipal_goal": "trygg",
        "title": "Trygga lärmiljöer",
        "description": "Elever och personal upplever trygghet och studiero, och kränkningar "
        "upptäcks och åtgärdas tidigt.",
    },
    {
        "key": "larande",
        "municipal_goal": "unga",
        "title": "Fler elever når målen",
        "description": "Andelen elever som når kunskapskraven och blir behöriga till "
        "gymnasieskolan ökar varje år.",
    },
    {
        "key": "aktiv-fritid",
        "municipal_goal": "unga",
        "title": "En meningsfull fritid för unga",
        "description": "Barn och unga har en aktiv fritid oavsett bakgrund, funktionsförmåga "
        "eller familjens ekonomi.",
    },
    {
        "key": "e-tjanster",
        "municipal_goal": "service",
        "title": "Enkla vägar in",
        "description": "Vårdnadshavare, elever och föreningar hittar information och sköter sina "
        "ärenden digitalt när det passar dem.",
    },
    {
        "key": "resurser",
        "municipal_goal": "ekonomi",
        "title": "Resurser där de gör mest nytta",
        "description": "Lokaler, personal och budget används effektivt och fördelas efter "
        "elevernas och invånarnas behov.",
    },
    {
        "key": "utveckling",
        "municipal_goal": "verksamhet",
        "title": "En lärande organisation",
        "description": "Verksamheten följer upp sina resultat systematiskt och utvecklas med "
        "stöd av forskning och beprövad erfarenhet.",
    },
    {
        "key": "kompetens",
        "municipal_goal": "medarbetare",
        "title": "Rätt kompetens på rätt plats",
        "description": "Förvaltningen attraherar, utvecklar och behåller medarbetare med den "
        "kompetens verksamheten behöver.",
    },
    {
        "key": "arbetsmiljo",
        "municipal_goal": "medarbetare",
        "title": "Ett hållbart arbetsliv",
        "description": "Medarbetarna har en god arbetsmiljö, rimlig arbetsbelastning och "
        "inflytande över sitt arbete.",
    },
]

# Strategic assignments from the council's budget. `boards` empty: common to all boards.
# `perspective` and `municipal_goal` say where the plan lists the assignment.
ASSIGNMENTS = [
    {
        "number": 1,
        "perspective": "Samhälle",
        "municipal_goal": "trygg",
        "text": "Samtliga nämnder ska bidra till kommunens arbete mot våld i nära relationer och "
        "för ökad trygghet i det offentliga rummet.",
    },
    {
        "number": 2,
        "perspective": "Verksamhet",
        "municipal_goal": "verksamhet",
        "text": "Samtliga nämnder ska ta fram och genomföra en plan för hur digitala tjänster och "
        "automatisering kan frigöra tid för kärnuppdraget.",
    },
    {
        "number": 3,
        "perspective": "Ekonomi",
        "municipal_goal": "ekonomi",
        "text": "Samtliga nämnder ska minska energianvändningen i sina lokaler med minst "
        "10 procent till och med 2026 jämfört med 2022.",
    },
    {
        "number": 4,
        "perspective": "Medarbetare",
        "municipal_goal": "medarbetare",
        "text": "Samtliga nämnder ska arbeta för att sänka sjukfrånvaron och öka andelen "
        "heltidsanställda.",
    },
    {
        "number": 11,
        "boards": ["SKN"],
        "perspective": "Medborgare",
        "municipal_goal": "unga",
        "text": "Skolnämnden ska stärka elevhälsans förebyggande och hälsofrämjande arbete i "
        "förskoleklass till årskurs 6.",
    },
    {
        "number": 12,
        "boards": ["SKN"],
        "perspective": "Ekonomi",
        "municipal_goal": "ekonomi",
        "text": "Skolnämnden ska ta fram en långsiktig lokalförsörjningsplan för grundskolan.",
    },
    {
        "number": 13,
        "boards": ["KFN"],
        "perspective": "Samhälle",
        "municipal_goal": "attraktiv",
        "text": "Kultur- och fritidsnämnden ska utreda förutsättningarna för ett nytt kulturhus i "
        "centrala Exempelkommun.",
        "years": [2024, 2025],
        "struck_in": [2025],
    },
    {
        "number": 14,
        "boards": ["KFN", "SKN"],
        "perspective": "Medborgare",
        "municipal_goal": "unga",
        "text": "Kultur- och fritidsnämnden ska i samverkan med Skolnämnden utveckla "
        "lovverksamheten för barn och unga.",
    },
]

PLANS = [
    {
        "year": 2024,
        "state": "revised",
        "decided_on": datetime.date(2023, 11, 16),
        "revised_on": datetime.date(2024, 3, 21),
    },
    {"year": 2025, "state": "decided", "decided_on": datetime.date(2024, 11, 14)},
    {"year": 2026, "state": "decided", "decided_on": datetime.date(2025, 11, 13)},
]


def _year_end_rounds(year: int, *, last_state: str = "published") -> list[dict]:
    return [
        {
            "key": "mars",
            "label": "Uppföljning per 31 mars",
            "as_of": datetime.date(year, 3, 31),
            "deadline": datetime.date(year, 4, 12),
            "state": "published",
        },
        {
            "key": "augusti",
            "label": "Delårsrapport per 31 augusti",
            "as_of": datetime.date(year, 8, 31),
            "deadline": datetime.date(year, 9, 12),
            "state": "published",
        },
        {
            "key": "december",
            "label": "Verksamhetsberättelse per 31 december",
            "as_of": datetime.date(year, 12, 31),
            "deadline": datetime.date(year + 1, 1, 16),
            "state": last_state,
        },
    ]


ROUNDS = {
    2024: _year_end_rounds(2024),
    2025: _year_end_rounds(2025),
    2026: [
        {
            "key": "mars",
            "label": "Uppföljning per 31 mars",
            "as_of": datetime.date(2026, 3, 31),
            "deadline": datetime.date(2026, 4, 10),
            "state": "published",
        },
        {
            "key": "augusti",
            "label": "Delårsrapport per 31 augusti",
            "as_of": datetime.date(2026, 8, 31),
            "deadline": datetime.date(2026, 9, 11),
            "state": "closed",
        },
        {
            "key": "oktober",
            "label": "Uppföljning per 31 oktober",
            "as_of": datetime.date(2026, 10, 31),
            "deadline": datetime.date(2026, 11, 30),
            "state": "open",
        },
    ],
}

ACTIVITIES_2024 = [
    {
        "key": "digital-kompetens",
        "text": "Ta fram en plan för elevernas digitala kompetens från förskoleklass till "
        "årskurs 9, med en tydlig progression per årskurs.",
        "boards": ["SKN"],
        "under": ["goal:larande", "assignment:2"],
        "end": "December",
        "reports": {
            "mars": ("Pågående", "En arbetsgrupp med IKT-pedagoger från sex skolor har bildats."),
            "augusti": (
                "Pågående",
                "Utkast för förskoleklass till årskurs 3 är klart och prövas på två skolor.",
            ),
            "december": (
                "Pågående",
                "Planen för F–6 är klar. Arbetet med årskurs 7–9 fortsätter under 2025.",
            ),
        },
    },
    {
        "key": "lokaler-fritidsgardar",
        "text": "Inventera fritidsgårdarnas lokaler och föreslå vilka som ska rustas upp, "
        "samlokaliseras med skolor eller avvecklas.",
        "boards": ["KFN"],
        "under": ["goal:resurser"],
        "end": "Oktober",
        "moved_to": "Förskjuts till 2025",
        "reports": {
            "mars": ("Pågående", "Besiktning av lokalerna är beställd av fastighetsbolaget."),
            "augusti": [
                ("Pågående", "Besiktningen är gjord på fyra av sju gårdar."),
                (
                    "Pågående",
                    "Besiktningen är gjord på fyra av sju gårdar. Resterande besiktningar är "
                    "flyttade till hösten på grund av sjukdom hos fastighetsbolaget.",
                ),
            ],
            "december": (
                "Kvarstår",
                "Underlaget blev inte klart under året. Aktiviteten förs över till 2025.",
            ),
        },
    },
    {
        "key": "studiero",
        "text": "Införa gemensamma rutiner för studiero och ordning i alla grundskolor.",
        "boards": ["SKN"],
        "under": ["goal:trygg-skola"],
        "end": "Juni",
        "reports": {
            "mars": ("Pågående", "Rutinerna är förankrade i rektorsgruppen och elevråden."),
            "augusti": ("Genomfört", "Rutinerna gäller på alla grundskolor från läsårsstarten."),
        },
    },
    {
        "key": "krankningar-digitalt",
        "text": "Införa ett digitalt system för anmälan och uppföljning av kränkande behandling.",
        "boards": ["SKN"],
        "under": ["goal:trygg-skola"],
        "end": "Q3",
        "reports": {
            "mars": ("Ej påbörjad", "Startar när upphandlingen av systemet är klar i april."),
            "augusti": [
                ("Pågående", "Systemet är upphandlat."),
                (
                    "Pågående",
                    "Systemet är upphandlat och utbildning av rektorer sker i september.",
                ),
            ],
            "december": ("Genomfört", "Alla skolor anmäler digitalt sedan 1 oktober."),
        },
    },
    {
        "key": "meroppet",
        "text": "Införa meröppet på biblioteken i Norrby och Sjövik så att de kan besökas även "
        "när personal inte är på plats.",
        "boards": ["KFN"],
        "under": ["goal:kultur-nara"],
        "end": "Delrapport 2",
        "reports": {
            "mars": ("Pågående", "Passersystem och kameror installeras under våren."),
            "augusti": (
                "Genomfört",
                "Meröppet infördes i maj. Besöken på kvällstid har ökat med 40 procent.",
            ),
        },
    },
    {
        "key": "sommarlov",
        "text": "Erbjuda avgiftsfria sommarlovsaktiviteter för barn och unga 6–16 år i "
        "samarbete med föreningslivet.",
        "boards": ["KFN", "SKN"],
        "under": ["goal:aktiv-fritid", "assignment:14"],
        "end": "Augusti",
        "reports": {
            "mars": ("Pågående", "Föreningarna har bjudits in att lämna förslag på aktiviteter."),
            "augusti": (
                "Genomfört",
                "28 föreningar deltog och aktiviteterna hade drygt 1 900 deltagartillfällen.",
            ),
        },
    },
    {
        "key": "e-tjanst-skolval",
        "text": "Införa en e-tjänst för skolval och ansökan om skolbyte.",
        "boards": ["SKN"],
        "under": ["goal:e-tjanster"],
        "end": "Februari",
        "moved_to": "April",
        "reports": {
            "mars": (
                "Pågående",
                "Inloggningen med e-legitimation fungerade inte i testerna. Införandet skjuts "
                "till april.",
            ),
            "augusti": (
                "Genomfört",
                "E-tjänsten används sedan april; 94 procent ansökte digitalt.",
            ),
        },
    },
    {
        "key": "e-tjanst-bokning",
        "text": "Införa ett nytt system för bokning av idrottshallar och lokaler, med betalning "
        "direkt i e-tjänsten.",
        "boards": ["KFN"],
        "under": ["goal:e-tjanster"],
        "end": "December",
        "reports": {
            "mars": ("Kvarstår", "Upphandlingen pågår och beräknas vara klar i juni."),
            "augusti": ("Pågående", "Avtal är tecknat med leverantören."),
            "december": (
                "Pågående",
                "Systemet är installerat men betalningsfunktionen är inte klar. Införandet "
                "fortsätter 2025.",
            ),
        },
    },
    {
        "key": "energi-lokaler",
        "text": "Kartlägga energianvändningen i förvaltningens lokaler och ta fram en "
        "åtgärdsplan tillsammans med fastighetsbolaget.",
        "boards": ["SKN", "KFN"],
        "under": ["assignment:3"],
        "end": "Q4",
        "reports": {
            "mars": ("Pågående", "Mätare är uppsatta i de tio byggnader som drar mest energi."),
            "augusti": ("Pågående", "Kartläggningen är klar; åtgärdsplanen skrivs under hösten."),
            "december": ("Genomfört", "Åtgärdsplanen är beslutad och genomförs 2025–2026."),
        },
    },
    {
        "key": "sjukfranvaro",
        "text": "Följa upp den korta sjukfrånvaron per enhet och erbjuda tidiga insatser via "
        "företagshälsovården.",
        "boards": ["SKN", "KFN"],
        "under": ["goal:arbetsmiljo", "assignment:4"],
        "end": "Verksamhetsberättelse",
        "reports": {
            "mars": ("Pågående", "Cheferna får månatliga rapporter över sjukfrånvaron."),
            "augusti": (
                "Pågående",
                "42 medarbetare har fått tidiga insatser. Den korta sjukfrånvaron har minskat "
                "från 4,1 till 3,6 procent.",
            ),
            "december": (
                "Genomfört",
                "Arbetssättet är infört och blir en del av det ordinarie arbetsmiljöarbetet.",
            ),
        },
    },
    {
        "key": "larare-behorighet",
        "text": "Ta fram en kompetensförsörjningsplan för lärare med fokus på behörighet i "
        "matematik, moderna språk och svenska som andraspråk.",
        "boards": ["SKN"],
        "under": ["goal:kompetens"],
        "end": "Oktober",
        "reports": {
            "mars": ("Pågående", "Behörighetsläget per skola och ämne är kartlagt."),
            "augusti": ("Pågående", "Förslag på åtgärder tas fram tillsammans med rektorerna."),
            "december": (
                "Delvis genomfört",
                "Planen är klar för matematik och svenska som andraspråk. Moderna språk återstår.",
            ),
        },
    },
    {
        "key": "elevhalsa-utredning",
        "text": "Utreda och föreslå en modell för elevhälsans förebyggande arbete i "
        "förskoleklass till årskurs 6.",
        "boards": ["SKN"],
        "under": ["assignment:11"],
        "end": "Delrapport 2",
        "reports": {
            "mars": ("Pågående", "Intervjuer med elevhälsoteam på åtta skolor är genomförda."),
            "augusti": (
                "Genomfört",
                "Utredningen är klar och redovisas för nämnden i september.",
            ),
        },
    },
    {
        "key": "lokalforsorjning",
        "text": "Ta fram en lokalförsörjningsplan för grundskolan 2025–2034 utifrån "
        "befolkningsprognosen.",
        "boards": ["SKN"],
        "under": ["assignment:12"],
        "end": "December",
        "reports": {
            "mars": ("Pågående", "Befolkningsprognosen per skolområde är beställd."),
            "augusti": ("Pågående", "Prognosen är klar och visar ett ökat elevantal i Sjövik."),
            "december": (
                "Pågående",
                "Planen är försenad eftersom den nya prognosen kom först i november.",
            ),
        },
    },
    {
        "key": "kulturhus",
        "text": "Utreda behov, placering och driftform för ett nytt kulturhus.",
        "boards": ["KFN"],
        "under": ["assignment:13"],
        "end": "December",
        "reports": {
            "mars": ("Pågående", "Dialogmöten med kulturföreningar har hållits i mars."),
            "augusti": ("Pågående", "Tre möjliga placeringar i centrum studeras närmare."),
            "december": ("Pågående", "Kalkyler för byggnation och drift tas fram."),
        },
    },
    {
        "key": "lasframjande",
        "text": "Genomföra en gemensam läsfrämjande satsning mellan skolbiblioteken och "
        "folkbiblioteken för elever i årskurs 1–3.",
        "boards": ["SKN", "KFN"],
        "under": ["goal:larande"],
        "end": "December",
        "reports": {
            "mars": ("Pågående", "Alla klasser i årskurs 1 har besökt sitt närmaste bibliotek."),
            "augusti": ("Pågående", "Sommarboken lockade 640 deltagare, fler än föregående år."),
            "december": ("Genomfört", "Satsningen är genomförd och utvärderad."),
        },
    },
    {
        "key": "bedomning",
        "text": "Stärka likvärdigheten i bedömning och betygssättning.",
        "boards": ["SKN"],
        "under": ["goal:larande"],
        "end": "December",
        "parts": [
            {
                "key": "bedomning-grundskola",
                "text": "Grundskola: sambedöma de nationella proven i årskurs 6 och 9.",
                "end": "Juni",
                "reports": {
                    "mars": ("Pågående", "Sambedömningen är planerad till vecka 19–22."),
                    "augusti": ("Genomfört", "Alla skolor har deltagit i sambedömningen."),
                },
            },
            {
                "key": "bedomning-gymnasieskola",
                "text": "Gymnasieskola: ta fram gemensamma bedömningsstöd i de "
                "gymnasiegemensamma ämnena.",
                "end": "December",
                "reports": {
                    "mars": ("Ej påbörjad", "Startar efter sommaren."),
                    "augusti": (
                        "Pågående",
                        "Ämneslag har bildats för svenska, engelska och matematik.",
                    ),
                    "december": ("Genomfört", "Bedömningsstöden används från vårterminen."),
                },
            },
            {
                "key": "bedomning-vuxenutbildning",
                "text": "Vuxenutbildning: kalibrera betygssättningen i svenska för invandrare "
                "mellan skolorna.",
                "end": "December",
                "reports": {
                    "mars": ("Ej påbörjad", "Startar under hösten."),
                    "augusti": ("Kvarstår", "Har inte kunnat starta på grund av lärarbrist."),
                    "december": (
                        "Delvis genomfört",
                        "En kalibreringsdag genomfördes i november; den andra ställdes in.",
                    ),
                },
            },
        ],
        "reports": {
            "mars": ("Pågående", "Grundskolan har startat; övriga skolformer startar i höst."),
            "augusti": (
                "Pågående",
                "Grundskolans del är klar.",
                "Grundskola – genomfört; Gymnasieskola – pågående; Vuxenutbildning – kvarstår",
            ),
            "december": (
                "Delvis genomfört",
                "Vuxenutbildningens del avslutas inom det ordinarie kvalitetsarbetet.",
                "Grundskola – genomfört; Gymnasieskola – genomfört; "
                "Vuxenutbildning – delvis genomfört",
            ),
        },
    },
    {
        "key": "fritidskort",
        "text": "Utreda ett fritidskort som ger barn i familjer med låga inkomster möjlighet att "
        "delta i föreningsverksamhet.",
        "boards": ["KFN"],
        "under": ["goal:aktiv-fritid"],
        "end": "Q2",
        "reports": {
            "mars": ("Pågående", "Erfarenheter från tre andra kommuner har samlats in."),
            "augusti": (
                "Avslutad",
                "Nämnden beslutade i juni att inte införa fritidskort. Medlen används i stället "
                "till avgiftsfri lovverksamhet.",
            ),
        },
    },
    {
        "key": "rektorsprogram",
        "text": "Genomföra ett ledarskapsprogram för nya rektorer och biträdande rektorer.",
        "boards": ["SKN"],
        "under": ["goal:kompetens"],
        "end": "Juni",
        "reports": {
            "mars": ("Pågående", "14 deltagare; fyra av sex träffar är genomförda."),
            "augusti": ("Genomfört", "Programmet avslutades i juni och fick mycket goda omdömen."),
        },
    },
    {
        "key": "ledningssystem",
        "text": "Införa ett digitalt ledningssystem för det systematiska kvalitetsarbetet.",
        "boards": ["SKN", "KFN"],
        "under": ["goal:utveckling"],
        "end": "December",
        "moved_to": "Mars 2025",
        "reports": {
            "mars": ("Pågående", "Kravställning pågår tillsammans med IT-avdelningen."),
            "augusti": (
                "Pågående",
                "Leverantören har begärt mer tid för anpassningar; införandet flyttas till "
                "mars 2025.",
            ),
            "december": ("Pågående", "Test med tre pilotskolor pågår."),
        },
    },
    {
        "key": "foreningsbidrag",
        "text": "Se över reglerna för föreningsbidrag så att bidragen fördelas efter aktivitet "
        "och jämställdhet.",
        "boards": ["KFN"],
        "under": ["goal:resurser"],
        "end": "Q3",
        "reports": {
            "mars": ("Pågående", "Dialogmöte med föreningsrådet hölls i februari."),
            "augusti": [
                ("Pågående", "Förslaget är på remiss hos föreningarna."),
                (
                    "Pågående",
                    "Förslaget är på remiss hos föreningarna till 30 september. Beslut i "
                    "nämnden planeras till november.",
                ),
            ],
            "december": (
                "Genomfört",
                "De nya reglerna beslutades i november och gäller från 2025.",
            ),
        },
    },
    {
        "key": "vald-nara-relationer",
        "text": "Utbilda all personal i förskoleklass, fritidshem och på fritidsgårdar i att "
        "upptäcka och agera vid våld i nära relationer.",
        "boards": ["SKN", "KFN"],
        "under": ["assignment:1"],
        "end": "Verksamhetsberättelse",
        "reports": {
            "mars": ("Kvarstår", "Utbildningen tas fram tillsammans med socialförvaltningen."),
            "augusti": ("Pågående", "Webbutbildningen är lanserad."),
            "december": (
                "Pågående",
                "61 procent av personalen har genomgått utbildningen. Arbetet fortsätter 2025.",
            ),
        },
    },
    {
        "key": "ungdomsrad",
        "text": "Starta ett ungdomsråd som ger unga inflytande över fritidsverksamhetens utbud.",
        "boards": ["KFN"],
        "under": ["goal:aktiv-fritid"],
        "end": "April",
        "reports": {
            "mars": ("Pågående", "Val till ungdomsrådet hålls på skolorna i april."),
            "augusti": ("Genomfört", "Ungdomsrådet har 15 ledamöter och har haft tre möten."),
        },
    },
    {
        "key": "heltid",
        "text": "Erbjuda heltid till alla tillsvidareanställda inom fritidshem och på "
        "fritidsgårdar.",
        "boards": ["SKN", "KFN"],
        "under": ["assignment:4"],
        "end": "December",
        "reports": {
            "mars": ("Pågående", "Alla medarbetare har tillfrågats om önskad sysselsättningsgrad."),
            "augusti": ("Pågående", "Scheman för kombinationstjänster tas fram."),
            "december": (
                "Delvis genomfört",
                "87 procent av de tillsvidareanställda har heltid, jämfört med 71 procent vid "
                "årets början.",
            ),
        },
    },
    {
        "key": "skolskjuts",
        "text": "Införa ett digitalt system för ansökan om och planering av skolskjuts.",
        "boards": ["SKN"],
        "under": ["goal:e-tjanster"],
        "end": "Juni",
        "reports": {
            "mars": ("Ej påbörjad", "Väntar på kommunens upphandling av skolskjutstrafik."),
            "augusti": ("Pausad", "Pausad till dess att den nya trafikupphandlingen är klar."),
            "december": (
                "Ej aktuellt",
                "Regionen inför ett gemensamt system för alla kommuner i länet. Aktiviteten utgår.",
            ),
        },
    },
    {
        "key": "idrottshall-norrby",
        "text": "Planera för en ny idrottshall i Norrby tillsammans med Skolnämnden och "
        "fastighetsbolaget.",
        "boards": ["KFN"],
        "under": ["goal:kultur-nara"],
        "end": "December",
        "reports": {
            "mars": ("Pågående", "Behovsanalysen är klar."),
            "augusti": ("Pågående", "Lokalprogrammet är skickat till fastighetsbolaget."),
            "december": ("Genomfört", "Beslut om byggnation fattades i december; byggstart 2026."),
        },
    },
    {
        "key": "nyanlanda",
        "text": "Utveckla introduktionen för nyanlända elever med studiehandledning på "
        "modersmålet.",
        "boards": ["SKN"],
        "under": ["goal:larande"],
        "end": "Q4",
        "reports": {
            "mars": ("Pågående", "Fyra nya studiehandledare har anställts."),
            "augusti": ("Pågående", "Ny rutin för kartläggning av nyanlända elever är beslutad."),
            "december": ("Genomfört", "Alla nyanlända elever har studiehandledning vid behov."),
        },
    },
    {
        "key": "budgetuppfoljning",
        "text": "Införa månatlig budgetuppföljning med enhetscheferna i ett gemensamt digitalt "
        "verktyg.",
        "boards": ["SKN", "KFN"],
        "under": ["goal:resurser"],
        "end": "Februari",
        "reports": {
            "mars": ("Genomfört", "Verktyget används av alla enheter sedan februari."),
        },
    },
    {
        "key": "medarbetarenkat",
        "text": "Följa upp medarbetarenkäten med handlingsplaner på varje enhet.",
        "boards": ["SKN", "KFN"],
        "under": ["goal:arbetsmiljo"],
        "end": "Q2",
        "reports": {
            "mars": ("Pågående", "Resultaten är återkopplade på arbetsplatsträffar."),
            "augusti": ("Genomfört", "Alla enheter utom två har en handlingsplan."),
        },
    },
]

ACTIVITIES_2025 = [
    {
        "key": "digital-kompetens",
        "carried": True,
        "end": "Juni",
        "moved_to": "December",
        "reports": {
            "mars": ("Pågående", "Arbetsgruppen har utökats med lärare från årskurs 7–9."),
            "augusti": (
                "Pågående",
                "Nya kursplaner från Skolverket gör att delar av planen måste skrivas om. "
                "Slutdatum flyttat till december.",
            ),
            "december": (
                "Delvis genomfört",
                "Planen för årskurs 7–9 är klar i utkast. Fastställs under 2026.",
            ),
        },
    },
    {
        "key": "lokaler-fritidsgardar",
        "carried": True,
        "end": "Juni",
        "moved_to": "Förskjuts till 2026",
        "reports": {
            "mars": ("Pågående", "Besiktningarna är klara; en förstudie är beställd."),
            "augusti": (
                "Pausad",
                "Pausad i väntan på kommunens nya lokalstrategi, som beslutas i oktober.",
            ),
            "december": (
                "Kvarstår",
                "Lokalstrategin är beslutad. Förslaget tas fram under första halvåret 2026.",
            ),
        },
    },
    {
        "key": "e-tjanst-bokning",
        "carried": True,
        "end": "Maj",
        "reports": {
            "mars": ("Pågående", "Betalningsfunktionen testas av tre föreningar."),
            "augusti": ("Genomfört", "Alla bokningar och betalningar sker i e-tjänsten sedan maj."),
        },
    },
    {
        "key": "larare-behorighet",
        "carried": True,
        "text": "Komplettera kompetensförsörjningsplanen för lärare med moderna språk.",
        "end": "Juni",
        "reports": {
            "mars": ("Pågående", "Samarbete med universitetet om distanskurser i spanska."),
            "augusti": ("Genomfört", "Planen är komplett och beslutad i ledningsgruppen."),
        },
    },
    {
        "key": "lokalforsorjning",
        "carried": True,
        "end": "Juni",
        "reports": {
            "mars": ("Pågående", "Förslaget är på remiss hos rektorerna."),
            "augusti": ("Genomfört", "Lokalförsörjningsplanen beslutades av nämnden i juni."),
        },
    },
    {
        "key": "kulturhus",
        "carried": True,
        "end": "Oktober",
        "reports": {
            "mars": ("Pågående", "Kalkylerna är klara och redovisade för nämnden."),
            "augusti": (
                "Struket i IB",
                "Uppdraget ströks i internbudgeten i juni. Underlaget arkiveras och kan "
                "användas i en framtida utredning.",
            ),
        },
    },
    {
        "key": "ledningssystem",
        "carried": True,
        "end": "Mars",
        "reports": {
            "mars": ("Genomfört", "Systemet används av alla enheter sedan mars."),
        },
    },
    {
        "key": "vald-nara-relationer",
        "carried": True,
        "end": "Juni",
        "reports": {
            "mars": ("Pågående", "78 procent av personalen har genomgått utbildningen."),
            "augusti": (
                "Genomfört",
                "96 procent har genomgått utbildningen; nyanställda går den vid introduktionen.",
            ),
        },
    },
    {
        "key": "heltid",
        "carried": True,
        "end": "December",
        "reports": {
            "mars": ("Pågående", "Nya kombinationstjänster mellan fritidshem och skola är klara."),
            "augusti": ("Pågående", "90 procent har heltid."),
            "december": (
                "Delvis genomfört",
                "92 procent har heltid. De som återstår arbetar på små enheter där "
                "kombinationstjänster är svåra att ordna.",
            ),
        },
    },
    {
        "key": "ai-riktlinjer",
        "text": "Ta fram riktlinjer för hur elever och lärare får använda generativ AI i "
        "undervisning och bedömning.",
        "boards": ["SKN"],
        "under": ["goal:utveckling", "assignment:2"],
        "end": "Q1",
        "moved_to": "Q2",
        "reports": {
            "mars": (
                "Pågående",
                "Juridisk granskning av dataskyddet tog längre tid än planerat. Klart i juni.",
            ),
            "augusti": ("Genomfört", "Riktlinjerna gäller från läsårsstarten."),
        },
    },
    {
        "key": "narvaro",
        "text": "Införa ett gemensamt arbetssätt för att tidigt upptäcka och åtgärda hög frånvaro.",
        "boards": ["SKN"],
        "under": ["goal:larande"],
        "end": "Delrapport 2",
        "reports": {
            "mars": ("Pågående", "Frånvaron följs upp varje månad i elevhälsoteamen."),
            "augusti": ("Genomfört", "Arbetssättet är infört på alla skolor."),
        },
    },
    {
        "key": "matematiklyft",
        "text": "Genomföra en satsning på matematikundervisningen i årskurs 4–6 med kollegialt "
        "lärande.",
        "boards": ["SKN"],
        "under": ["goal:larande"],
        "end": "December",
        "reports": {
            "mars": ("Pågående", "Handledare är utbildade på alla skolor."),
            "augusti": ("Pågående", "Första modulen är genomförd."),
            "december": (
                "Pågående",
                "Två av fyra moduler är genomförda. Satsningen fortsätter under 2026.",
            ),
        },
    },
    {
        "key": "rastaktiviteter",
        "text": "Organisera vuxenledda rastaktiviteter på alla skolor med förskoleklass till "
        "årskurs 6.",
        "boards": ["SKN"],
        "under": ["goal:trygg-skola"],
        "end": "Juni",
        "reports": {
            "mars": ("Pågående", "Rastaktiviteter finns på elva av fjorton skolor."),
            "augusti": ("Genomfört", "Alla skolor har vuxenledda rastaktiviteter."),
        },
    },
    {
        "key": "trygghetsvandringar",
        "text": "Genomföra trygghetsvandringar med elever och unga kring skolor och fritidsgårdar.",
        "boards": ["KFN", "SKN"],
        "under": ["assignment:1", "goal:trygg-skola"],
        "end": "Oktober",
        "reports": {
            "mars": ("Kvarstår", "Planeras till september tillsammans med polisen."),
            "augusti": ("Pågående", "Två av sex vandringar är genomförda."),
            "december": (
                "Genomfört",
                "Sex vandringar är genomförda. Belysningen vid tre skolor förbättras.",
            ),
        },
    },
    {
        "key": "biblioteksplan",
        "text": "Ta fram en ny biblioteksplan för 2026–2029.",
        "boards": ["KFN"],
        "under": ["goal:kultur-nara"],
        "end": "November",
        "reports": {
            "mars": ("Pågående", "Medborgardialog pågår på biblioteken och digitalt."),
            "augusti": ("Pågående", "Förslaget är klart och går på remiss i september."),
            "december": (
                "Genomfört",
                "Biblioteksplanen beslutades av kommunfullmäktige i november.",
            ),
        },
    },
    {
        "key": "kulturskola",
        "text": "Korta kön till kulturskolan genom mer undervisning i grupp och undervisning "
        "på skolorna.",
        "boards": ["KFN"],
        "under": ["goal:aktiv-fritid"],
        "end": "Augusti",
        "reports": {
            "mars": ("Pågående", "Gruppundervisning i gitarr och piano har startat."),
            "augusti": (
                "Delvis genomfört",
                "Kön har minskat från 410 till 260 barn. Undervisning på skolorna startar i "
                "oktober.",
            ),
            "december": ("Genomfört", "Kön är nu 120 barn och väntetiden under ett år."),
        },
    },
    {
        "key": "lovverksamhet",
        "text": "Kultur- och fritidsnämnden ska i samverkan med Skolnämnden utveckla "
        "lovverksamheten för barn och unga.",
        "boards": ["KFN", "SKN"],
        "under": ["assignment:14"],
        "represents_assignment": True,
        "end": "Verksamhetsberättelse",
        "reports": {
            "mars": ("Pågående", "Sportlovet hade aktiviteter i alla kommundelar."),
            "augusti": (
                "Pågående",
                "Sommarlovet hade 2 300 deltagartillfällen; fler flickor än tidigare.",
            ),
            "december": (
                "Genomfört",
                "En gemensam lovplan för båda nämnderna gäller från 2026.",
            ),
        },
    },
    {
        "key": "e-arkiv",
        "text": "Föra över avslutade elevakter till kommunens e-arkiv.",
        "boards": ["SKN"],
        "under": ["goal:e-tjanster"],
        "end": "Q4",
        "reports": {
            "mars": ("Pågående", "Gallringsbeslut är fattade."),
            "augusti": ("Pågående", "Akter från 2010–2015 är överförda."),
            "december": (
                "Delvis genomfört",
                "Akter till och med 2019 är överförda. Resten överförs 2026.",
            ),
        },
    },
    {
        "key": "kontaktcenter",
        "text": "Samla förvaltningens telefoni och e-post för vårdnadshavare i kommunens "
        "kontaktcenter.",
        "boards": ["SKN", "KFN"],
        "under": ["goal:e-tjanster"],
        "end": "Q3",
        "reports": {
            "mars": ("Pågående", "Vanliga frågor och svar har sammanställts."),
            "augusti": ("Pågående", "Kontaktcentret har påbörjat rekrytering."),
            "december": (
                "Ej genomfört",
                "Kontaktcentret fick inte de resurser som behövdes. Frågan lyfts i budgeten "
                "för 2027.",
            ),
        },
    },
    {
        "key": "belysning",
        "text": "Byta till LED-belysning med närvarostyrning i tio skolor och två idrottshallar.",
        "boards": ["SKN", "KFN"],
        "under": ["assignment:3"],
        "end": "Q3",
        "moved_to": "December",
        "reports": {
            "mars": ("Pågående", "Upphandlingen är klar."),
            "augusti": (
                "Pågående",
                "Leveransförseningar; sex skolor är klara. Övriga byts under hösten.",
            ),
            "december": (
                "Genomfört",
                "Alla byten är gjorda. Elanvändningen för belysning har minskat med en tredjedel.",
            ),
        },
    },
    {
        "key": "friskvard",
        "text": "Införa en friskvårdstimme för medarbetare i verksamheter med hög sjukfrånvaro.",
        "boards": ["SKN", "KFN"],
        "under": ["goal:arbetsmiljo", "assignment:4"],
        "end": "Mars",
        "reports": {
            "mars": ("Genomfört", "Friskvårdstimmen gäller sedan 1 mars."),
        },
    },
    {
        "key": "lararassistenter",
        "text": "Anställa lärarassistenter på de skolor som har lägst andel behöriga lärare.",
        "boards": ["SKN"],
        "under": ["goal:kompetens"],
        "end": "Augusti",
        "reports": {
            "mars": ("Pågående", "Rekrytering pågår till sex tjänster."),
            "augusti": ("Genomfört", "Sex lärarassistenter är anställda från läsårsstarten."),
        },
    },
    {
        "key": "mentorskap",
        "text": "Införa mentorskap för alla nyanställda under deras första år.",
        "boards": ["SKN", "KFN"],
        "under": ["goal:kompetens"],
        "end": "Q2",
        "reports": {
            "mars": ("Pågående", "30 mentorer har utbildats."),
            "augusti": ("Genomfört", "Alla nyanställda erbjuds en mentor."),
        },
    },
    {
        "key": "resursfordelning",
        "text": "Revidera resursfördelningsmodellen för grundskolan så att en större del "
        "fördelas efter elevernas socioekonomiska förutsättningar.",
        "boards": ["SKN"],
        "under": ["goal:resurser"],
        "end": "Oktober",
        "reports": {
            "mars": ("Pågående", "Tre alternativa modeller har tagits fram."),
            "augusti": [
                ("Pågående", "Modellerna har presenterats för rektorerna."),
                (
                    "Pågående",
                    "Modellerna har presenterats för rektorerna och de fackliga "
                    "organisationerna. Beslut i nämnden i oktober.",
                ),
            ],
            "december": (
                "Genomfört",
                "Nämnden beslutade i oktober att 25 procent fördelas efter socioekonomiska "
                "förutsättningar från 2026.",
            ),
        },
    },
    {
        "key": "lokaler-uppsagning",
        "text": "Säga upp eller hyra ut lokaler som inte används fullt ut.",
        "boards": ["KFN"],
        "under": ["goal:resurser"],
        "end": "December",
        "reports": {
            "mars": ("Pågående", "Nyttjandegraden är kartlagd för alla lokaler."),
            "augusti": ("Pågående", "Två lokaler är uppsagda."),
            "december": (
                "Avslutad",
                "Två lokaler är uppsagda. Övriga lokaler prövas i inventeringen av "
                "fritidsgårdarna.",
            ),
        },
    },
    {
        "key": "konstgras-sjovik",
        "text": "Anlägga en konstgräsplan med belysning och omklädningsrum i Sjövik.",
        "boards": ["KFN"],
        "under": ["goal:kultur-nara"],
        "end": "Oktober",
        "moved_to": "Förskjuts till 2026",
        "reports": {
            "mars": ("Pågående", "Bygglov är beviljat."),
            "augusti": (
                "Pågående",
                "Markarbetet är försenat på grund av ledningar som inte fanns på kartan.",
            ),
            "december": ("Pågående", "Planen blir klar till fotbollssäsongen 2026."),
        },
    },
    {
        "key": "kvalitetsdialoger",
        "text": "Genomföra kvalitetsdialoger mellan förvaltningsledningen och varje "
        "rektorsområde två gånger per år.",
        "boards": ["SKN"],
        "under": ["goal:utveckling"],
        "end": "December",
        "reports": {
            "mars": ("Pågående", "Vårens dialoger är genomförda."),
            "augusti": ("Pågående", "Höstens dialoger planeras till oktober."),
            "december": ("Genomfört", "Båda omgångarna är genomförda."),
        },
    },
    {
        "key": "simkunnighet",
        "text": "Erbjuda extra simundervisning för elever i årskurs 3 som ännu inte kan simma.",
        "boards": ["SKN", "KFN"],
        "under": ["goal:aktiv-fritid"],
        "end": "Juni",
        "reports": {
            "mars": ("Pågående", "82 elever deltar i extra simundervisning."),
            "augusti": ("Genomfört", "71 av 82 elever klarar nu simkunnighetskravet."),
        },
    },
    {
        "key": "krisberedskap",
        "text": "Uppdatera krisberedskapsplanerna med fokus på höjd beredskap.",
        "boards": ["SKN", "KFN"],
        "under": ["assignment:1"],
        "end": "Q4",
        "parts": [
            {
                "key": "krisberedskap-skolor",
                "text": "Skolor: uppdatera planerna för utrymning, inrymning och distansundervisning.",
                "end": "Juni",
                "reports": {
                    "mars": ("Pågående", "Mall är framtagen tillsammans med säkerhetsenheten."),
                    "augusti": ("Genomfört", "Alla skolor har uppdaterade planer."),
                },
            },
            {
                "key": "krisberedskap-bibliotek",
                "text": "Bibliotek: förbereda biblioteken som informationspunkter vid kris.",
                "end": "Oktober",
                "reports": {
                    "mars": ("Ej påbörjad", "Startar efter sommaren."),
                    "augusti": ("Pågående", "Reservkraft har installerats på huvudbiblioteket."),
                    "december": (
                        "Genomfört",
                        "Tre bibliotek är utrustade som informationspunkter.",
                    ),
                },
            },
            {
                "key": "krisberedskap-fritidsgardar",
                "text": "Fritidsgårdar: ta fram rutiner för att nå unga vid en kris.",
                "end": "December",
                "reports": {
                    "mars": ("Ej påbörjad", "Startar efter sommaren."),
                    "augusti": ("Kvarstår", "Personalen har inte haft tid under sommarsäsongen."),
                    "december": ("Pågående", "Rutinerna är klara i utkast."),
                },
            },
        ],
        "reports": {
            "mars": ("Pågående", "Skolornas planer uppdateras först."),
            "augusti": (
                "Pågående",
                "Skolornas del är klar.",
                "Skolor – genomfört; Bibliotek – pågående; Fritidsgårdar – kvarstår",
            ),
            "december": (
                "Delvis genomfört",
                "Fritidsgårdarnas rutiner fastställs i början av 2026.",
                "Skolor – genomfört; Bibliotek – genomfört; Fritidsgårdar – pågående",
            ),
        },
    },
]

ACTIVITIES_2026 = [
    {
        "key": "digital-kompetens",
        "carried": True,
        "text": "Fastställa och införa planen för elevernas digitala kompetens i förskoleklass "
        "till årskurs 9.",
        "end": "Q2",
        "reports": {
            "mars": ("Pågående", "Planen är beslutad och presenteras för lärarna i april."),
            "augusti": ("Genomfört", "Planen gäller på alla skolor från vårterminen 2026."),
        },
    },
    {
        "key": "lokaler-fritidsgardar",
        "carried": True,
        "end": "Q2",
        "reports": {
            "mars": ("Pågående", "Förslaget har diskuterats med ungdomsrådet."),
            "augusti": (
                "Genomfört",
                "Nämnden beslutade i juni att rusta upp fem gårdar och samlokalisera två med "
                "skolor.",
            ),
        },
    },
    {
        "key": "heltid",
        "carried": True,
        "end": "December",
        "reports": {
            "mars": ("Pågående", "93 procent har heltid."),
            "augusti": ("Pågående", "Samarbete med Kultur- och fritidsnämnden om delade tjänster."),
            "oktober": ("Pågående", "95 procent har heltid."),
        },
    },
    {
        "key": "matematiklyft",
        "carried": True,
        "end": "Juni",
        "reports": {
            "mars": ("Pågående", "Tredje modulen är genomförd."),
            "augusti": (
                "Genomfört",
                "Alla fyra moduler är genomförda. Resultaten på de nationella proven i "
                "årskurs 6 förbättrades.",
            ),
        },
    },
    {
        "key": "e-arkiv",
        "carried": True,
        "end": "Q2",
        "moved_to": "Q4",
        "reports": {
            "mars": ("Pågående", "Akter från 2020–2021 är överförda."),
            "augusti": (
                "Pågående",
                "Överföringen är pausad under sommaren på grund av byte av e-arkiv hos "
                "kommunen. Slutdatum flyttat till Q4.",
            ),
        },
    },
    {
        "key": "konstgras-sjovik",
        "carried": True,
        "end": "Maj",
        "moved_to": "September",
        "reports": {
            "mars": ("Pågående", "Konstgräset läggs i april."),
            "augusti": ("Pågående", "Omklädningsrummen blir klara i september."),
            "oktober": ("Genomfört", "Anläggningen invigdes 12 september."),
        },
    },
    {
        "key": "ai-fortbildning",
        "text": "Fortbilda alla lärare i att använda AI-verktyg enligt förvaltningens riktlinjer.",
        "boards": ["SKN"],
        "under": ["goal:kompetens", "assignment:2"],
        "end": "Q4",
        "reports": {
            "mars": ("Pågående", "Första utbildningsdagen hölls på studiedagen i februari."),
            "augusti": ("Pågående", "64 procent av lärarna har genomgått grundkursen."),
            "oktober": [
                ("Pågående", "81 procent har genomgått grundkursen."),
                (
                    "Pågående",
                    "81 procent har genomgått grundkursen. Fördjupningskurs för förstelärare "
                    "startar i november.",
                ),
            ],
        },
    },
    {
        "key": "kartlaggning-lasning",
        "text": "Införa obligatorisk kartläggning av läsförmågan i årskurs 1 med uppföljning "
        "varje termin.",
        "boards": ["SKN"],
        "under": ["goal:larande"],
        "end": "Juni",
        "reports": {
            "mars": ("Pågående", "Kartläggningsmaterial är valt och lärarna utbildade."),
            "augusti": ("Genomfört", "Alla skolor kartlade läsförmågan under vårterminen."),
        },
    },
    {
        "key": "mobilfri-skola",
        "text": "Införa en mobilfri skoldag i alla grundskolor.",
        "boards": ["SKN"],
        "under": ["goal:trygg-skola"],
        "end": "Augusti",
        "reports": {
            "mars": ("Pågående", "Förvaringsskåp är beställda till alla skolor."),
            "augusti": ("Genomfört", "Mobilfri skoldag gäller sedan läsårsstarten."),
        },
    },
    {
        "key": "oppettider-fritidsgardar",
        "text": "Utöka öppettiderna på fritidsgårdarna till fredags- och lördagskvällar.",
        "boards": ["KFN"],
        "under": ["goal:aktiv-fritid"],
        "end": "Q1",
        "reports": {
            "mars": ("Genomfört", "Alla gårdar har öppet fredag och lördag till klockan 23."),
        },
    },
    {
        "key": "meroppet-filialer",
        "text": "Införa meröppet på ytterligare tre filialbibliotek.",
        "boards": ["KFN"],
        "under": ["goal:kultur-nara"],
        "end": "Oktober",
        "moved_to": "December",
        "reports": {
            "mars": ("Kvarstår", "Väntar på att investeringsmedlen ska frigöras."),
            "augusti": ("Pågående", "Installationen har startat i Ängby."),
            "oktober": (
                "Pågående",
                "Ängby är klart. Lövsta och Backa försenas av leveransproblem; klart i december.",
            ),
        },
    },
    {
        "key": "kulturgaranti",
        "text": "Ta fram en kulturgaranti så att alla elever möter minst två professionella "
        "kulturupplevelser per läsår.",
        "boards": ["KFN", "SKN"],
        "under": ["goal:aktiv-fritid", "assignment:14"],
        "end": "Delrapport 2",
        "reports": {
            "mars": ("Pågående", "Utbudet samordnas med länets kulturinstitutioner."),
            "augusti": ("Genomfört", "Kulturgarantin gäller från läsåret 2026/2027."),
        },
    },
    {
        "key": "energi-uppfoljning",
        "text": "Följa upp energianvändningen månadsvis per byggnad och redovisa resultatet för "
        "nämnderna.",
        "boards": ["SKN", "KFN"],
        "under": ["assignment:3"],
        "end": "Verksamhetsberättelse",
        "reports": {
            "mars": ("Pågående", "Månadsrapporter skickas till alla rektorer och enhetschefer."),
            "augusti": (
                "Pågående",
                "Energianvändningen har minskat med 11 procent jämfört med 2022.",
            ),
        },
    },
    {
        "key": "gymnasieval",
        "text": "Införa digital vägledning inför gymnasievalet med chatt till studie- och "
        "yrkesvägledare.",
        "boards": ["SKN"],
        "under": ["goal:e-tjanster"],
        "end": "Februari",
        "reports": {
            "mars": ("Genomfört", "Chatten hade 1 150 samtal under valperioden."),
        },
    },
    {
        "key": "budget-i-balans",
        "text": "Genomföra en åtgärdsplan för att nå en budget i balans 2027.",
        "boards": ["SKN", "KFN"],
        "under": ["goal:resurser"],
        "end": "December",
        "reports": {
            "mars": ("Pågående", "Åtgärdsplanen är beslutad av båda nämnderna."),
            "augusti": [
                ("Pågående", "Prognosen visar ett underskott på 6 miljoner kronor."),
                (
                    "Pågående",
                    "Prognosen visar ett underskott på 4,5 miljoner kronor efter beslutade "
                    "åtgärder inom skolskjuts och lokaler.",
                ),
            ],
            "oktober": ("Pågående", "Prognosen är nu ett underskott på 2 miljoner kronor."),
        },
    },
    {
        "key": "skolorganisation-sjovik",
        "text": "Utreda en ny skolorganisation i Sjövik med färre men större skolenheter.",
        "boards": ["SKN"],
        "under": ["goal:resurser", "assignment:12"],
        "end": "2026-09-30",
        "reports": {
            "mars": ("Pågående", "Samråd med vårdnadshavare hölls i mars."),
            "augusti": ("Pågående", "Utredningen lämnas till nämnden i september."),
            "oktober": (
                "Genomfört",
                "Utredningen lämnades 30 september och går nu på remiss.",
            ),
        },
    },
    {
        "key": "digital-uppfoljning",
        "text": "Föra in verksamhetsplan och uppföljning i ett gemensamt digitalt system i "
        "stället för Word-dokument.",
        "boards": ["SKN", "KFN"],
        "under": ["goal:utveckling"],
        "end": "Q3",
        "reports": {
            "mars": ("Pågående", "Verksamhetsplanen för 2026 är inlagd i systemet."),
            "augusti": (
                "Genomfört",
                "Delårsrapporten togs fram direkt ur systemet för första gången.",
            ),
        },
    },
    {
        "key": "chefstathet",
        "text": "Minska antalet medarbetare per chef till högst 30 inom fritidshem och på "
        "fritidsgårdar.",
        "boards": ["SKN", "KFN"],
        "under": ["goal:arbetsmiljo"],
        "end": "December",
        "reports": {
            "mars": ("Kvarstår", "Organisationsförslaget tas fram under våren."),
            "augusti": ("Pågående", "Två nya biträdande chefer är rekryterade."),
        },
    },
    {
        "key": "svenska-som-andrasprak",
        "text": "Erbjuda lärare vidareutbildning i svenska som andraspråk inom Lärarlyftet.",
        "boards": ["SKN"],
        "under": ["goal:kompetens"],
        "end": "Q4",
        "reports": {
            "mars": ("Pågående", "Tolv lärare har antagits till höstens kurser."),
            "augusti": ("Pågående", "Kurserna startar vecka 36."),
            "oktober": ("Pågående", "Alla tolv lärare studerar enligt plan."),
        },
    },
    {
        "key": "flickor-idrott",
        "text": "Öka andelen flickor i föreningsidrotten genom riktade bidrag och prova-på-dagar.",
        "boards": ["KFN"],
        "under": ["goal:aktiv-fritid"],
        "end": "November",
        "reports": {
            "mars": ("Pågående", "Riktade bidrag har sökts av nio föreningar."),
            "augusti": ("Pågående", "Fyra prova-på-dagar är genomförda med 350 deltagare."),
        },
    },
    {
        "key": "krisovning",
        "text": "Genomföra en gemensam krisövning för skolor och bibliotek med fokus på höjd "
        "beredskap.",
        "boards": ["SKN", "KFN"],
        "under": ["assignment:1"],
        "end": "Oktober",
        "reports": {
            "mars": ("Ej påbörjad", "Övningen planeras tillsammans med länsstyrelsen."),
            "augusti": ("Kvarstår", "Datum är satt till 14 oktober."),
            "oktober": ("Genomfört", "Övningen genomfördes 14 oktober med 120 deltagare."),
        },
    },
    {
        "key": "elevhalsomodell",
        "text": "Införa den nya modellen för förebyggande elevhälsa.",
        "boards": ["SKN"],
        "under": ["assignment:11"],
        "end": "December",
        "parts": [
            {
                "key": "elevhalsomodell-etapp-1",
                "text": "Etapp 1: skolorna i Norrby och Sjövik.",
                "end": "Juni",
                "reports": {
                    "mars": ("Pågående", "Elevhälsoteamen har utbildats i modellen."),
                    "augusti": ("Genomfört", "Modellen används på alla skolor i etapp 1."),
                },
            },
            {
                "key": "elevhalsomodell-etapp-2",
                "text": "Etapp 2: övriga skolor.",
                "end": "December",
                "reports": {
                    "mars": ("Kvarstår", "Startar när etapp 1 är utvärderad."),
                    "augusti": ("Pågående", "Utbildning av elevhälsoteamen pågår."),
                },
            },
        ],
        "reports": {
            "mars": ("Pågående", "Etapp 1 pågår enligt plan."),
            "augusti": (
                "Pågående",
                "Etapp 1 är utvärderad med gott resultat.",
                "Etapp 1 – genomfört; Etapp 2 – pågående",
            ),
        },
    },
    {
        "key": "bokbuss",
        "text": "Utreda en bokbuss för landsbygden som ersättning för de filialer som har stängts.",
        "boards": ["KFN"],
        "under": ["goal:kultur-nara"],
        "end": "Q3",
        "reports": {
            "mars": ("Pågående", "Kostnader för inköp och leasing jämförs."),
            "augusti": (
                "Pausad",
                "Pausad i väntan på beslut om investeringsbudgeten för 2027.",
            ),
            "oktober": ("Pausad", "Oförändrat; investeringsbudgeten beslutas i november."),
        },
    },
    {
        "key": "medarbetarenkat",
        "text": "Genomföra medarbetarenkäten och ta fram handlingsplaner på varje enhet.",
        "boards": ["SKN", "KFN"],
        "under": ["goal:arbetsmiljo", "assignment:4"],
        "end": "Q2",
        "reports": {
            "mars": ("Pågående", "Svarsfrekvensen blev 86 procent."),
            "augusti": ("Genomfört", "Alla enheter har en handlingsplan."),
        },
    },
    {
        "key": "elevrad",
        "text": "Inrätta elevråd med en egen budget på varje skola.",
        "boards": ["SKN"],
        "under": ["goal:trygg-skola"],
        "end": "Q3",
        "reports": {
            "mars": ("Pågående", "Riktlinjer för elevrådens budget är framtagna."),
            "augusti": ("Genomfört", "Alla skolor har elevråd med egen budget."),
        },
    },
]

ACTIVITIES = {2024: ACTIVITIES_2024, 2025: ACTIVITIES_2025, 2026: ACTIVITIES_2026}
