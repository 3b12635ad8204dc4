"""Rapporteur's identity normalisation in Python (a transcription of normalize_name_parts and
normalize_birth_date in crates/records/src/pseudonym.rs), for the anchor and the error analysis."""
import unicodedata

TRANSLIT = {
    "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "ı": "i", "þ": "th",
    "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "ё": "e", "є": "e",
    "э": "e", "ж": "zh", "з": "z", "и": "i", "і": "i", "ї": "i", "й": "i", "ы": "i", "ј": "j",
    "к": "k", "л": "l", "љ": "lj", "м": "m", "н": "n", "њ": "nj", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "ћ": "c", "у": "u", "ў": "u", "ф": "f", "х": "h", "ц": "c", "ч": "ch",
    "џ": "dz", "ш": "sh", "щ": "sht", "ъ": "", "ь": "", "ю": "yu", "я": "ya",
    "α": "a", "β": "v", "γ": "g", "δ": "d", "ε": "e", "ζ": "z", "η": "i", "θ": "th", "ι": "i",
    "κ": "k", "λ": "l", "μ": "m", "ν": "n", "ξ": "x", "ο": "o", "π": "p", "ρ": "r", "σ": "s",
    "ς": "s", "τ": "t", "υ": "y", "φ": "f", "χ": "ch", "ψ": "ps", "ω": "o",
}


def normalise_name(fields):
    """The sorted normalised name parts of these name fields (as normalize_name_parts)."""
    parts = []
    for name in fields:
        current = []
        for c in unicodedata.normalize("NFKD", name):
            if unicodedata.category(c).startswith("M"):
                continue
            low = c.lower()[:1] or c
            if low in TRANSLIT:
                current.append(TRANSLIT[low])
            elif c.isalnum():
                current.append(c.lower())
            elif current:
                parts.append("".join(current))
                current = []
        if current:
            parts.append("".join(current))
    parts = [p for p in parts if p]
    parts.sort()
    return parts


def normalise_date(text):
    """(year, month, day) from YYYY-MM-DD, DD/MM/YYYY, DD.MM.YYYY or YYYYMMDD (as normalize_birth_date)."""
    fields = [f for f in text.strip().replace("/", "-").replace(".", "-").replace(" ", "-").split("-") if f]
    if len(fields) == 1 and len(fields[0]) == 8:
        s = fields[0]
        return int(s[0:4]), int(s[4:6]), int(s[6:8])
    if len(fields) == 3 and len(fields[0]) == 4:
        return int(fields[0]), int(fields[1]), int(fields[2])
    if len(fields) == 3 and len(fields[2]) == 4:
        return int(fields[2]), int(fields[1]), int(fields[0])
    raise ValueError(f"birth date {text!r}")


def read_policy(path):
    """The catalog's identity policy (catalog/be/identity.toml): unknown words, placeholder
    dates as (year, month, day, means) with None for any value, placeholder name parts."""
    import tomllib
    with open(path, "rb") as f:
        raw = tomllib.load(f)
    placeholders = []
    for p in raw.get("birth_date_placeholder", []):
        y, m, d = p["date"].split("-")
        any_or = lambda text, any_: None if text == any_ else int(text)
        placeholders.append((any_or(y, "YYYY"), any_or(m, "MM"), any_or(d, "DD"), p["means"]))
    unknown = raw["unknown"]
    return {
        "words": {w.strip().lower() for w in unknown["birth_date_words"]},
        "placeholders": placeholders,
        "name_parts": {p.strip().lower() for p in unknown["name_parts"]},
    }


def read_birth(policy, text):
    """What a birth date cell says, as crates/records/src/identity.rs reads it: (y, m, d) with
    None for an unknown part; ValueError for a slip that is no date."""
    t = text.strip()
    if not t or t.lower() in policy["words"]:
        return None, None, None
    fields = [f for f in t.replace("/", "-").replace(".", "-").replace(" ", "-").split("-") if f]
    number = lambda f: 0 if f and set(f) <= {"x", "X"} else int(f)
    if len(fields) == 1 and len(fields[0]) == 4:
        y, m, d = number(fields[0]), 0, 0
    elif len(fields) == 1 and len(fields[0]) == 8:
        s = fields[0]
        y, m, d = number(s[0:4]), number(s[4:6]), number(s[6:8])
    elif len(fields) == 3 and len(fields[0]) == 4:
        y, m, d = (number(f) for f in fields)
    elif len(fields) == 3 and len(fields[2]) == 4:
        y, m, d = number(fields[2]), number(fields[1]), number(fields[0])
    elif len(fields) == 2 and len(fields[1]) == 4:
        y, m, d = number(fields[1]), number(fields[0]), 0
    else:
        raise ValueError(f"birth date {text!r}")
    for py, pm, pd, means in policy["placeholders"]:
        if (py is None or py == y) and (pm is None or pm == m) and (pd is None or pd == d):
            return (None, None, None) if means == "unknown" else (y, None, None)
    if y == 0:
        return None, None, None
    if m == 0 or d == 0:
        return y, None, None
    return y, m, d
