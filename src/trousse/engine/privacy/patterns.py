"""The regular expressions of the detectors, in RE2 syntax (DuckDB's regex engine).

RE2 has no look-around, so a match's edges are written as explicit boundary groups
(``(?:^|[^…])``) and the identifier itself is capture group 1. Everything here is data:
``detectors.py`` turns it into SQL. The rules, and why, are in docs/reference/privacy-report.md.
"""

from __future__ import annotations

# An identifier made of digits must not be glued to letters, digits, "-", "_" or "/": that is how
# invoice, permit and reference numbers are written ("INV-613-555-0199", "REF4165550123").
_DL = r"(?:^|[^0-9A-Za-z_/-])"
_DR = r"(?:$|[^0-9A-Za-z_/-])"

EMAIL = r"(?:^|[^A-Za-z0-9._%+-])([A-Za-z0-9._%+-]+)@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})"
EMAIL_EXTRACT = r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
# Role mailboxes (a service, not a person): the local part's first word is one of these, or digits (311@).
ROLE_MAILBOX = (
    r"^(?:[0-9]+|info|infos|information|contact|contactus|admin|administration|webmaster|postmaster|"
    r"hostmaster|abuse|noreply|no-reply|donotreply|do-not-reply|support|help|helpdesk|sales|service|"
    r"services|office|bureau|reception|accueil|communications|comms|media|medias|press|presse|clerk|"
    r"greffe|greffier|courrier|mail|mairie|cityhall|hoteldeville|feedback|general|enquiries|inquiries|"
    r"questions|privacy|foi|aiprp|jobs|careers|emplois|rh|hr|billing|accounts|comptes|taxes|taxation|"
    r"permits|permis|licensing|bylaw|reglements|parks|parcs|recreation|loisirs|library|bibliotheque|"
    r"events|evenements|opendata|donneesouvertes|data|donnees|citizen|citoyens|requests|requetes|"
    r"urbanisme|planning|finance|police|fire|incendie|transit|water|eau|roads|voirie|waste|dechets|"
    r"mayor|maire|council|conseil|team|equipe|hello|bonjour)(?:[._+-][A-Za-z0-9]+)*$"
)

# A bare ten-digit number followed by a two-letter version code is an Ontario health card, not a phone.
PHONE_NOT = r"[0-9]{10} ?[A-Z]{2}(?:$|[^A-Za-z])"
PHONE = (
    _DL + r"((?:\+?1[ .-]?)?(?:\([2-9][0-9]{2}\)|[2-9][0-9]{2})[ .-]?[2-9][0-9]{2}[ .-]?[0-9]{4}"
    r"(?: ?,? ?(?:x|ext\.?|extension|poste|p\.) ?[0-9]{1,6})?)" + _DR
)
SIN = _DL + r"([1-79][0-9]{2}-[0-9]{3}-[0-9]{3}|[1-79][0-9]{2} [0-9]{3} [0-9]{3}|[1-79][0-9]{8})" + _DR
# Cards are printed in fours (Amex 4-6-5), or not grouped at all.
CARD = (
    _DL + r"([0-9]{13,19}|[0-9]{4}[ -][0-9]{4}[ -][0-9]{4}[ -][0-9]{1,4}(?:[ -][0-9]{3})?|[0-9]{4}[ -][0-9]{6}[ -][0-9]{4,5})"
    + _DR
)
# Issuer prefixes: Visa, Mastercard (51-55, 2221-2720), Amex, Discover, Diners, JCB.
CARD_ISSUER = r"^(?:4|5[1-5]|2[2-7]|3[47]|6011|65|64[4-9]|3[068]|35)"
HEALTH_ON = _DL + r"([0-9]{4}[ -][0-9]{3}[ -][0-9]{3}(?:[ -]?[A-Z]{2})?|[0-9]{10}[ -]?[A-Z]{2})" + _DR
HEALTH_QC = r"(?:^|[^0-9A-Za-z])([A-Z]{4}[ -]?[0-9]{4}[ -]?[0-9]{4})(?:$|[^0-9A-Za-z])"
POSTAL = (
    r"(?i)(?:^|[^0-9A-Za-z])([ABCEGHJ-NPRSTVXY][0-9][ABCEGHJ-NPRSTV-Z][ -]?[0-9][ABCEGHJ-NPRSTV-Z][0-9])"
    r"(?:$|[^0-9A-Za-z])"
)

_STREET_EN = (
    r"Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Drive|Dr|Crescent|Cres|Court|Crt|Ct|Lane|Ln|Way|Place|Pl|"
    r"Terrace|Terr|Parkway|Pkwy|Highway|Hwy|Circle|Cir|Square|Sq|Trail|Trl|Gate|Private|Grove|Heights"
)
_STREET_FR = (
    r"rue|avenue|av\.|boulevard|boul\.|bd|chemin|ch\.|route|rang|place|côte|montée|impasse|allée|"
    r"croissant|promenade|terrasse|ruelle|voie|carré|square"
)
ADDRESS_EN = (
    _DL + r"([0-9]{1,6}[A-Za-z]?(?:-[0-9]{1,5})?,? +(?:[A-Z0-9][A-Za-zÀ-ÿ'’.-]* +){1,4}(?:" + _STREET_EN
    + r")\.?)(?:$|[^A-Za-z])"
)
ADDRESS_FR = (
    r"(?i)" + _DL + r"([0-9]{1,6}[A-Za-z]?(?:-[0-9]{1,5})?,? +(?:" + _STREET_FR
    + r") +[A-Za-zÀ-ÿ0-9'’-]+)"
)
ADDRESS_UNIT = r"(?i)(?:^|[^A-Za-z])((?:app|appt|apt)\.? ?#? ?[0-9]+[A-Za-z]?|(?:appartement|apartment|logement) #? ?[0-9]+[A-Za-z]?)(?:$|[^0-9A-Za-z])"

_MONTHS = (
    r"january|february|march|april|may|june|july|august|september|october|november|december|"
    r"jan\.?|feb\.?|mar\.?|apr\.?|jun\.?|jul\.?|aug\.?|sept?\.?|oct\.?|nov\.?|dec\.?|"
    r"janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre"
)
DATE = (
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}/[0-9]{2}/[0-9]{2}|[0-9]{1,2}[/.-][0-9]{1,2}[/.-][0-9]{2,4}|"
    r"[0-9]{1,2}(?:er)? (?:" + _MONTHS + r") [0-9]{4}|(?:" + _MONTHS + r") [0-9]{1,2},? [0-9]{4}"
)
DATE_CELL = r"(?i)^\s*(?:" + DATE + r"|[0-9]{8})(?:[ T][0-9:.]+)?\s*$"
BIRTH_TEXT = (
    r"(?i)(?:^|[^A-Za-zÀ-ÿ])(?:born(?: on)?|dob|d\.o\.b\.|date of birth|birth ?date|birthday|née?(?: le)?|"
    r"né\(e\)(?: le)?|date de naissance|ddn)\s*:?\s*(" + DATE + r")"
)

AGE_TEXT = (
    r"(?i)(?:(?:^|[^A-Za-zÀ-ÿ])(?:aged?|âgée?s?(?: de)?|âge)\s*:?\s*([0-9]{1,3})(?:$|[^0-9])"
    r"|(?:^|[^0-9])([0-9]{1,3})[ -](?:years?|yrs?)[ -]old|\(([0-9]{1,3}) ans\))"
)
AGE_CELL = r"^\s*[0-9]{1,3}(?:\.0+)?\s*$"

_OCTET = r"(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
IPV4 = r"(?:^|[^0-9A-Za-z.])(" + _OCTET + r"(?:\." + _OCTET + r"){3})(?:$|[^0-9A-Za-z.]|\.(?:$|[^0-9]))"
_H = r"[0-9A-Fa-f]{1,4}"
IPV6 = (
    r"(?:^|[^0-9A-Za-z:])((?:" + _H + r":){7}" + _H + r"|(?:" + _H + r":){1,6}:(?:" + _H + r":){0,5}" + _H
    + r")(?:$|[^0-9A-Za-z:])"
)
MAC = (
    r"(?:^|[^0-9A-Za-z:.-])([0-9A-Fa-f]{2}(?:[:-][0-9A-Fa-f]{2}){5}|[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4})"
    r"(?:$|[^0-9A-Za-z:.-]|\.(?:$|[^0-9A-Za-z]))"
)
MAC_FULL = r"^[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5}$"

PLATE_KEYWORD = (
    r"(?i)(?:^|[^A-Za-z])(?:licen[cs]e plate|plate|plaque|immatriculation)(?: (?:no\.?|number|numéro|n°|#))?"
    r" ?[:#]? ?([A-Z0-9]{1,4}[ -]?[A-Z0-9]{2,4})(?:$|[^A-Za-z0-9])"
)
# Ontario's format, four letters and three digits, standing alone in capitals.
PLATE_ON = r"(?:^|[^A-Za-z0-9-])([A-Z]{4}[ -][0-9]{3})(?:$|[^A-Za-z0-9-])"
PLATE_STOPWORDS = (
    "UNIT", "ROOM", "WARD", "PAGE", "YEAR", "ZONE", "AREA", "PART", "ITEM", "FILE", "CASE", "BLDG", "ROAD",
    "LINE", "GATE", "DOOR", "TYPE", "FORM", "PLAN", "SITE", "TEAM", "CITY", "TOWN", "DIST", "SECT", "STOP",
    "EXIT", "LANE", "BILL", "RULE", "NOTE", "CODE", "LEVEL", "BLOC", "POST", "PIER", "DOCK", "HALL", "SUITE",
    "FLOOR", "TRIP", "PLOT", "LOTS", "RUES", "ROUTE", "PORT", "BAIE", "TOUR", "SALLE", "ETAGE", "ARRET",
)
PLATE_CELL = r"(?i)^\s*[A-Z0-9]{1,4}[ -]?[A-Z0-9]{2,4}\s*$"

URL_PERSONAL = (
    r"(?i)(?:^|[^A-Za-z0-9])((?:https?://)?(?:www\.|m\.)?(?:facebook\.com|fb\.com|twitter\.com|x\.com|"
    r"instagram\.com|linkedin\.com/in|tiktok\.com|youtube\.com|github\.com|reddit\.com/u(?:ser)?|"
    r"medium\.com|threads\.net|bsky\.app/profile)/@?([A-Za-z0-9_.-]{2,})"
    r"|https?://[A-Za-z0-9.-]+/~([A-Za-z0-9_.-]+))"
)
URL_RESERVED = (
    r"(?i)^(?:events?|groups?|pages?|sharer|share|hashtag|search|watch|intent|home|help|login|policies|"
    r"about|privacy|legal|settings|marketplace|gaming|explore|reels|stories|company|school|jobs|feed|"
    r"topics|trending|features|pricing|sponsors|orgs|marketplace|notifications|messages|p)$"
)

_CAP = r"[A-ZÀ-ÖØ-Ý][a-zà-öø-ÿ'’]+(?:-[A-ZÀ-ÖØ-Ý][a-zà-öø-ÿ'’]+)?"
PERSON_TITLE = (
    r"(?:^|[^A-Za-zÀ-ÿ])(?:(?:Mr|Mrs|Ms|Mx|Mme|Mlle|Dre)\.?|Dr\.|Pr\.|Prof\.?|M\.|Miss|Mister|Monsieur|Madame|"
    r"Mademoiselle) +(" + _CAP + r"(?: " + _CAP + r")?)"
)
PERSON_CELL = r"^\s*[A-ZÀ-ÖØ-Ý][A-Za-zÀ-ÖØ-öø-ÿ'’.-]+(?:,? +[A-ZÀ-ÖØ-Ý][A-Za-zÀ-ÖØ-öø-ÿ'’.-]*){0,3}\s*$"
ORGANIZATION = (
    r"(?i)(?:^|[^a-zà-ÿ])(?:inc|ltd|ltée|ltee|corp|corporation|llc|limited|limitée|co|company|compagnie|enr|"
    r"senc|société|group|groupe|holdings|services|city|ville|municipalité|municipality|department|"
    r"département|ministry|ministère|association|club|church|église|school|école|park|parc|centre|center|"
    r"county|comté|region|région|board|commission|works|travaux|hydro|canada|ontario|québec|quebec)"
    r"(?:$|[^a-zà-ÿ])"
)
