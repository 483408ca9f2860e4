#!/usr/bin/env python3
"""Generate veil's labeled PII evaluation corpus (tests/corpus/*.jsonl).

Deterministic (fixed seed), Python 3.11 standard library only, no fake-data
libraries: every value generator and every name/place list is hand-written
here.  Run from anywhere:

    python3 scripts/corpus/generate.py

The annotation guidelines live in tests/corpus/README.md.  Each output line is
{"text": ..., "entities": [{"type", "start", "end", "text"}]} with start/end in
Unicode code points (Python str indices), end exclusive.

Templates use two kinds of markup:
  {slot}          filled by a generator below; a generator returns labeled or
                  unlabeled segments
  [literal](type) a fixed, hand-labeled entity (used by hand-written lines)
A template may start with tags separated by "|":  US (US persona / formats),
ALLOW(kind,...) (suppress the unlabeled-PII lint for that kind).
"""
from __future__ import annotations

import ipaddress
import json
import random
import re
from collections import Counter
from pathlib import Path

SEED = 20240917
R = random.Random(SEED)
ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "tests" / "corpus"
TYPES = ["name", "phone", "email", "aadhaar", "pan", "ssn", "ifsc", "bank_account",
         "money", "address", "order_id", "card", "upi", "ip"]
TARGET = 240          # lines per entity-type file
NEG_TARGET = 620      # lines in negatives.jsonl

# --------------------------------------------------------------------------
# checksum helpers
# --------------------------------------------------------------------------
_VD = [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
       [2, 3, 4, 0, 1, 7, 8, 9, 5, 6], [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
       [4, 0, 1, 2, 3, 9, 5, 6, 7, 8], [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
       [6, 5, 9, 8, 7, 1, 0, 4, 3, 2], [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
       [8, 7, 6, 5, 9, 3, 2, 1, 0, 4], [9, 8, 7, 6, 5, 4, 3, 2, 1, 0]]
_VP = [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
       [5, 8, 0, 3, 7, 9, 6, 1, 4, 2], [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
       [9, 4, 5, 3, 1, 2, 6, 8, 7, 0], [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
       [2, 7, 9, 3, 8, 0, 6, 4, 1, 5], [7, 0, 4, 6, 9, 1, 3, 2, 5, 8]]
_VINV = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9]


def verhoeff_ok(num: str) -> bool:
    c = 0
    for i, ch in enumerate(reversed(num)):
        c = _VD[c][_VP[i % 8][int(ch)]]
    return c == 0


def verhoeff_digit(num: str) -> str:
    c = 0
    for i, ch in enumerate(reversed(num)):
        c = _VD[c][_VP[(i + 1) % 8][int(ch)]]
    return str(_VINV[c])


def luhn_ok(d: str) -> bool:
    s = 0
    for i, ch in enumerate(reversed(d)):
        x = int(ch)
        if i % 2:
            x *= 2
            if x > 9:
                x -= 9
        s += x
    return s % 10 == 0


def luhn_digit(partial: str) -> str:
    for c in "0123456789":
        if luhn_ok(partial + c):
            return c
    raise AssertionError


assert verhoeff_ok("2363") and verhoeff_digit("236") == "3" and not verhoeff_ok("2364")
assert luhn_ok("4111111111111111") and not luhn_ok("4111111111111112")


def card_brand(d: str):
    n = len(d)
    if d[0] == "4" and n in (13, 16, 19):
        return "visa"
    if n == 16 and (51 <= int(d[:2]) <= 55 or 2221 <= int(d[:4]) <= 2720):
        return "mastercard"
    if n == 15 and d[:2] in ("34", "37"):
        return "amex"
    if n == 16 and d.startswith("6011"):
        return "discover"
    if n == 16 and (d[:2] in ("60", "65", "81", "82") or d[:3] == "508"):
        return "rupay"
    if n == 16 and 3528 <= int(d[:4]) <= 3589:
        return "jcb"
    return None


# --------------------------------------------------------------------------
# validators (one per entity type) -- every labeled value must pass
# --------------------------------------------------------------------------
IN_STD = [("11", 8), ("22", 8), ("33", 8), ("44", 8), ("80", 8), ("40", 8), ("20", 8),
          ("79", 8), ("124", 7), ("120", 7), ("141", 7), ("484", 7), ("172", 7),
          ("522", 7), ("712", 7), ("422", 7), ("674", 7), ("755", 7), ("821", 7)]


def _in_national(n: str) -> bool:
    if len(n) != 10:
        return False
    if n[0] in "6789":
        return True
    return any(n.startswith(std) and n[len(std)] in "23456" for std, _ in IN_STD)


def _nanp(n: str) -> bool:
    return len(n) == 10 and n[0] in "23456789" and n[1:3] != "11" and n[3] in "23456789"


def valid_phone(s: str) -> bool:
    if not re.fullmatch(r"\+?\(?\d[\d ().-]*\d", s) or re.search(r"[ .-]{2}", s):
        return False
    d = re.sub(r"\D", "", s)
    if s.startswith("+"):
        if d.startswith("91"):
            return _in_national(d[2:])
        if d.startswith("1"):
            return len(d) == 11 and _nanp(d[1:])
        if d.startswith("44"):
            return len(d) == 12
        if d.startswith("971"):
            return len(d) in (11, 12)
        if d.startswith("65"):
            return len(d) == 10 and d[2] in "689"
        return False
    if d.startswith("0"):
        return _in_national(d[1:])
    if len(d) == 10:
        if s.startswith("(") or "." in s or re.fullmatch(r"\d{3}-\d{3}-\d{4}", s):
            return _nanp(d) and bool(re.fullmatch(r"\(\d{3}\) ?\d{3}-\d{4}|\d{3}([-.])\d{3}\1\d{4}", s))
        return d[0] in "6789"
    if len(d) == 12 and d.startswith("91"):
        return d[2] in "6789"
    if len(d) == 11 and d.startswith("1"):
        return _nanp(d[1:])
    return False


UPI_HANDLES = ["okaxis", "oksbi", "okhdfcbank", "okicici", "ybl", "ibl", "axl", "paytm", "apl",
               "upi", "icici", "sbi", "hdfcbank", "axisbank", "kotak", "barodampay", "aubank",
               "yapl", "waicici", "ptyes", "ptsbi", "pthdfc", "ptaxis", "wahdfcbank"]


def valid_email(s):
    return bool(re.fullmatch(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}", s)) \
        and not s.startswith(".") and ".." not in s


def valid_upi(s):
    m = re.fullmatch(r"[A-Za-z0-9._-]{3,}@([a-z]+)", s)
    return bool(m) and m.group(1) in UPI_HANDLES


def valid_aadhaar(s):
    m = re.fullmatch(r"([2-9]\d{3})([ -]?)(\d{4})\2(\d{4})", s)
    return bool(m) and verhoeff_ok(m.group(1) + m.group(3) + m.group(4))


PAN_HOLDER = "ABCFGHLJPT"


def valid_pan(s):
    return bool(re.fullmatch(r"[A-Z]{3}[ABCFGHLJPT][A-Z]\d{4}[A-Z]", s.upper())) and (s.isupper() or s.islower())


def ssn_parts_ok(a, g, s):
    return a not in ("000", "666") and a[0] != "9" and g != "00" and s != "0000"


def valid_ssn(s):
    m = re.fullmatch(r"(\d{3})([- ]?)(\d{2})\2(\d{4})", s)
    return bool(m) and ssn_parts_ok(m.group(1), m.group(3), m.group(4))


IFSC_BANKS = [  # (bank name, IFSC prefix, account lengths)
    ("SBI", "SBIN", [11]), ("State Bank of India", "SBIN", [11]), ("HDFC Bank", "HDFC", [14]),
    ("ICICI Bank", "ICIC", [12]), ("Axis Bank", "UTIB", [15]), ("Kotak Mahindra Bank", "KKBK", [10]),
    ("Punjab National Bank", "PUNB", [16]), ("PNB", "PUNB", [16]), ("Bank of Baroda", "BARB", [14]),
    ("Canara Bank", "CNRB", [13]), ("Union Bank of India", "UBIN", [15]), ("Indian Bank", "IDIB", [10]),
    ("Yes Bank", "YESB", [15]), ("IndusInd Bank", "INDB", [12, 13]), ("Indian Overseas Bank", "IOBA", [15]),
    ("Bank of India", "BKID", [15]), ("Bank of Maharashtra", "MAHB", [11]), ("Federal Bank", "FDRL", [14]),
    ("IDFC FIRST Bank", "IDFB", [11]), ("AU Small Finance Bank", "AUBL", [16]), ("Central Bank of India", "CBIN", [10]),
    ("South Indian Bank", "SIBL", [16]), ("Karnataka Bank", "KARB", [16]), ("RBL Bank", "RATN", [12]),
    ("IDBI Bank", "IBKL", [15]), ("Bandhan Bank", "BDBL", [14]), ("UCO Bank", "UCBA", [14]),
    ("Standard Chartered", "SCBL", [11]), ("HSBC", "HSBC", [12]), ("Citibank", "CITI", [10]),
]
IFSC_PREFIXES = sorted({b[1] for b in IFSC_BANKS})


def valid_ifsc(s):
    return bool(re.fullmatch(r"[A-Z]{4}0[A-Z0-9]{6}", s)) and s[:4] in IFSC_PREFIXES


def valid_account(s):
    return bool(re.fullmatch(r"\d+( \d+)*", s)) and 9 <= len(s.replace(" ", "")) <= 18


_NUM = r"(?:\d{1,3}(?:,\d{2,3})+|\d+)(?:\.\d{1,2})?"
_SCALE = r"(?:k|K|lakh|lakhs|lac|crore|crores|cr|million|mn)"
_PRE = r"(?:₹|Rs\.?|rs\.?|INR|USD|US\$|\$)"
_POST = r"(?:rupees|rupee|INR|USD|dollars|rs|Rs)"
_MONEY_RES = [
    re.compile(rf"{_PRE} ?{_NUM}(?: ?{_SCALE})?(?: {_POST})?"),
    re.compile(rf"{_NUM} ?{_SCALE} {_POST}"),
    re.compile(rf"{_NUM} ?(?:lakh|lakhs|crore|crores)"),
    re.compile(rf"{_NUM} {_POST}"),
]


def valid_money(s):
    return any(r.fullmatch(s) for r in _MONEY_RES)


def valid_address(s):
    if s != s.strip() or re.match(r"(?i)(address|ship to|pata)\b", s):
        return False
    if re.search(r"(?i)\b(india|usa|united states)$", s):
        return False
    return bool(re.search(r"(?<!\d)([1-9]\d{2} ?\d{3}|\d{5}(-\d{4})?)$", s)) and (s[0].isalnum() or s[0] == "#")


def valid_order(s):
    return bool(re.search(r"\d", s)) and not re.search(r"\s|^#", s) and len(s) >= 4


def valid_card(s):
    if not re.fullmatch(r"\d{13,19}|\d{4}([ -])\d{4}\1\d{4}\1\d{4}(\1\d{3})?|\d{4}([ -])\d{6}\3\d{5}", s):
        return False
    d = re.sub(r"\D", "", s)
    return luhn_ok(d) and card_brand(d) is not None


def valid_ip(s):
    try:
        ipaddress.ip_address(s)
    except ValueError:
        return False
    return True


NAME_TOKEN = re.compile(r"(?:[A-Za-z]\.)+|[A-Za-z][a-zA-Z]*(?:['-][A-Za-z][a-zA-Z]*)*")
TITLES = {"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "shri", "smt", "smt.", "sri"}


def valid_name(s):
    toks = s.split(" ")
    if toks[0].lower() in TITLES:
        return False
    return all(NAME_TOKEN.fullmatch(t) for t in toks) and len(toks) <= 5


VALIDATORS = {"name": valid_name, "phone": valid_phone, "email": valid_email, "aadhaar": valid_aadhaar,
              "pan": valid_pan, "ssn": valid_ssn, "ifsc": valid_ifsc, "bank_account": valid_account,
              "money": valid_money, "address": valid_address, "order_id": valid_order, "card": valid_card,
              "upi": valid_upi, "ip": valid_ip}

# --------------------------------------------------------------------------
# hand-picked data
# --------------------------------------------------------------------------
IN_FIRST_M = ["Rahul", "Amit", "Suresh", "Ramesh", "Vikram", "Arjun", "Karthik", "Pradeep", "Sandeep", "Manoj",
              "Rajesh", "Anil", "Sanjay", "Deepak", "Nikhil", "Rohan", "Aditya", "Varun", "Siddharth", "Harish",
              "Venkatesh", "Srinivas", "Mohammed", "Imran", "Faisal", "Gurpreet", "Jaspreet", "Sachin", "Vivek",
              "Ashok", "Prakash", "Naveen", "Ajay", "Sunil", "Rakesh", "Mahesh", "Dinesh", "Yogesh", "Tarun",
              "Kunal", "Gaurav", "Ankit", "Abhishek", "Pranav", "Shreyas", "Aravind", "Balaji", "Murali", "Senthil",
              "Dhruv", "Ishaan", "Kabir", "Aniket", "Tushar", "Omkar", "Sameer", "Irfan", "Arif", "Joseph",
              "Anthony", "Rohit", "Manish", "Vishal", "Hemant", "Lokesh", "Girish", "Ravi", "Santosh", "Chetan"]
IN_FIRST_F = ["Priya", "Anita", "Sunita", "Kavita", "Neha", "Pooja", "Sneha", "Divya", "Ananya", "Aishwarya",
              "Lakshmi", "Meena", "Rekha", "Shalini", "Swati", "Nisha", "Ritu", "Preeti", "Shruti", "Deepika",
              "Anjali", "Kavya", "Madhuri", "Pallavi", "Sapna", "Geeta", "Seema", "Vandana", "Radhika", "Revathi",
              "Bhavna", "Farah", "Ayesha", "Zoya", "Nazia", "Simran", "Harleen", "Manpreet", "Tanvi", "Ishita",
              "Riya", "Meghna", "Sowmya", "Padma", "Lavanya", "Keerthi", "Aparna", "Nandini", "Shweta", "Jyoti",
              "Komal", "Payal", "Mamta", "Archana", "Sangeeta", "Usha", "Vidya", "Gayatri", "Sushma", "Rashmi"]
IN_MIDDLE_M = ["Kumar", "Prasad", "Chandra", "Mohan", "Nath", "Lal", "Shankar", "Kishore"]
IN_MIDDLE_F = ["Kumari", "Devi", "Rani", "Lata", "Shree"]
IN_LAST = ["Sharma", "Verma", "Gupta", "Agarwal", "Jain", "Mehta", "Shah", "Patel", "Desai", "Joshi", "Kulkarni",
           "Deshpande", "Patil", "Pawar", "Jadhav", "Iyer", "Iyengar", "Krishnan", "Subramanian", "Natarajan",
           "Rao", "Reddy", "Naidu", "Chowdary", "Nair", "Menon", "Pillai", "Kurup", "Varghese", "Kurian",
           "D'Souza", "Fernandes", "Pereira", "Rodrigues", "Banerjee", "Chatterjee", "Mukherjee", "Bose", "Ghosh",
           "Das", "Sen", "Dutta", "Mishra", "Tiwari", "Pandey", "Dubey", "Yadav", "Chauhan", "Rathore", "Thakur",
           "Saxena", "Srivastava", "Khanna", "Kapoor", "Malhotra", "Chopra", "Bhatia", "Sethi", "Arora", "Khan",
           "Ansari", "Qureshi", "Siddiqui", "Shaikh", "Hussain", "Singh", "Gill", "Sandhu", "Dhillon", "Grewal",
           "Hegde", "Shetty", "Bhat", "Kamath", "Pai", "Gowda", "Naik", "Sinha", "Chaudhary", "Bansal", "Goyal",
           "Mittal", "Kohli", "Mathur", "Bhattacharya", "Saha", "Mohanty", "Patnaik", "Chandran", "Trivedi",
           "Vyas", "Pathak", "Dixit", "Nambiar", "Krishnamurthy", "Raghavan", "Venkataraman"]
SOUTH_FIRST = ["Ramesh", "Suresh", "Karthik", "Senthil", "Murali", "Balaji", "Venkatesh", "Lakshmi", "Revathi",
               "Padma", "Lavanya", "Sowmya", "Keerthi", "Aravind", "Girish", "Lokesh"]
US_FIRST_M = ["Michael", "David", "Christopher", "Matthew", "Daniel", "Tyler", "Brandon", "Kevin", "Justin",
              "Ryan", "Jason", "Andrew", "Joshua", "Kyle", "Eric", "Brian", "Steven", "Thomas", "Jacob", "Nathan",
              "Ethan", "Logan", "Connor", "Dylan", "Caleb", "Derek", "Marcus", "Luis", "Carlos", "Miguel", "Jamal",
              "Wei", "Hiroshi", "Kenji", "Patrick", "Sean", "Gregory", "Travis", "Trevor", "Jordan"]
US_FIRST_F = ["Emily", "Jessica", "Sarah", "Ashley", "Jennifer", "Megan", "Lauren", "Rachel", "Amanda", "Nicole",
              "Stephanie", "Brittany", "Heather", "Samantha", "Melissa", "Kimberly", "Rebecca", "Laura", "Hannah",
              "Olivia", "Chloe", "Abigail", "Natalie", "Allison", "Vanessa", "Tiffany", "Maria", "Sofia", "Gabriela",
              "Keisha", "Mei", "Yuki", "Mary-Jane", "Anne-Marie", "Courtney", "Erin", "Kelsey", "Danielle"]
US_LAST = ["Johnson", "Williams", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez", "Hernandez",
           "Lopez", "Gonzalez", "Wilson", "Anderson", "Taylor", "Moore", "Jackson", "Martin", "Lee", "Thompson",
           "Harris", "Clark", "Lewis", "Robinson", "Walker", "Perez", "Hall", "Allen", "Sanchez", "Wright",
           "Scott", "Adams", "Nelson", "Ramirez", "Campbell", "Mitchell", "Roberts", "Carter", "Phillips", "Evans",
           "Turner", "Torres", "Parker", "Collins", "Edwards", "Stewart", "Flores", "Morris", "Nguyen", "Murphy",
           "Rivera", "Rogers", "Morgan", "Peterson", "Cooper", "Bailey", "Kelly", "Howard", "Kim", "Ward",
           "Richardson", "Watson", "Bennett", "Hughes", "Sanders", "Myers", "Ross", "Foster", "O'Connor",
           "O'Brien", "McCarthy", "MacKenzie", "Schmidt", "Novak", "Kowalski", "Chen", "Wang", "Liu", "Tanaka",
           "Park", "Choi", "Okafor", "Mensah", "Patel", "Shah", "Reddy"]
CUE_M = ["Will", "Bill", "Mark", "Frank", "Sunny"]
CUE_F = ["May", "Grace", "Hope", "Joy", "Rose", "Faith", "Dawn", "Holly", "Ruby"]
CUE_WORDS = set(CUE_M + CUE_F)

IN_COMPANIES = ["Flipkart", "Amazon", "Swiggy", "Zomato", "Myntra", "Paytm", "PhonePe", "HDFC Bank", "ICICI Bank",
                "Axis Bank", "Airtel", "Jio", "Vi", "Tata Motors", "Reliance Digital", "Croma", "BigBasket",
                "Zepto", "Blinkit", "Nykaa", "Ola", "Uber", "MakeMyTrip", "IRCTC", "Bajaj Finserv", "Tata CLiQ",
                "Meesho", "Urban Company", "Freshworks", "Zoho", "Razorpay", "Lenskart", "boAt", "OnePlus",
                "Infosys", "Policybazaar", "ACT Fibernet", "Tata Play", "Dunzo", "Ajio", "Pepperfry", "Cult.fit"]
US_COMPANIES = ["Comcast", "Verizon", "AT&T", "Walmart", "Target", "Best Buy", "Chase", "Wells Fargo",
                "Bank of America", "Costco", "Home Depot", "DoorDash", "Instacart", "Delta", "United Airlines",
                "Shopify", "Salesforce", "Zendesk", "Stripe", "T-Mobile", "Spectrum", "Geico", "Lowe's"]
IN_CITY_NAMES = ["Bengaluru", "Mumbai", "Delhi", "Chennai", "Hyderabad", "Pune", "Kolkata", "Ahmedabad", "Jaipur",
                 "Lucknow", "Kochi", "Indore", "Chandigarh", "Noida", "Gurugram", "Nagpur", "Surat", "Coimbatore",
                 "Bhubaneswar", "Patna", "Mysuru", "Visakhapatnam", "Thane", "Guwahati", "Dehradun"]
US_CITY_NAMES = ["Austin", "Seattle", "Chicago", "Boston", "Denver", "Atlanta", "Dallas", "Houston", "Phoenix",
                 "San Jose", "Portland", "Miami", "New York", "Newark", "Raleigh", "Charlotte", "Columbus"]
PRODUCTS = ["iPhone 15", "Redmi Note 13 Pro", "boAt Airdopes 141", "Samsung Galaxy M34", "OnePlus Nord CE4",
            "Prestige pressure cooker", "Philips trimmer", "Dell Inspiron laptop", "LG washing machine",
            "Voltas AC", "Titan watch", "HP LaserJet printer", "Noise smartwatch", "Bajaj mixer grinder",
            "Sony headphones", "Lenovo tablet", "Havells fan", "Milton bottle set", "Kurta set", "running shoes"]
US_PRODUCTS = ["AirPods Pro", "Kindle Paperwhite", "Instant Pot", "Dyson vacuum", "Nintendo Switch",
               "standing desk", "Roku TV", "Nike running shoes", "Keurig coffee maker", "Fitbit Charge 6"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "June", "July", "August", "September", "October",
          "November", "December"]  # "May" only where intended
MONTHS_SHORT = ["Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
FESTIVALS = ["Diwali", "Holi", "Eid", "Onam", "Pongal", "Navratri", "Durga Puja", "Christmas", "Raksha Bandhan",
             "Makar Sankranti", "Baisakhi", "Ugadi", "Ganesh Chaturthi", "Thanksgiving", "New Year"]
RELATIONS = ["father", "mother", "wife", "husband", "brother", "sister", "son", "daughter"]

# Indian cities: (city, alternate spelling, state, [(locality, PIN)], [streets])
IN_CITIES = [
    ("Bengaluru", "Bangalore", "Karnataka",
     [("Indiranagar", "560038"), ("Koramangala 5th Block", "560095"), ("HSR Layout", "560102"),
      ("Whitefield", "560066"), ("Jayanagar 4th Block", "560011"), ("Malleshwaram", "560003"),
      ("BTM Layout 2nd Stage", "560076"), ("Electronic City Phase 1", "560100"), ("Marathahalli", "560037"),
      ("Rajajinagar", "560010"), ("JP Nagar 6th Phase", "560078"), ("Hebbal", "560024"), ("Yelahanka New Town", "560064")],
     ["14th Cross", "100 Feet Road", "80 Feet Road", "5th Main", "CMH Road", "Sarjapur Road", "Old Airport Road",
      "Outer Ring Road", "Bannerghatta Road", "Kasturba Road", "Dr. Rajkumar Road", "27th Main"]),
    ("Mumbai", "Bombay", "Maharashtra",
     [("Andheri West", "400053"), ("Bandra West", "400050"), ("Powai", "400076"), ("Goregaon East", "400063"),
      ("Malad West", "400064"), ("Dadar West", "400028"), ("Chembur", "400071"), ("Borivali West", "400092"),
      ("Juhu", "400049"), ("Lower Parel", "400013"), ("Worli", "400018"), ("Colaba", "400005")],
     ["Linking Road", "SV Road", "Hill Road", "LBS Marg", "Link Road", "Carter Road", "JP Road",
      "Dr. Annie Besant Road", "Veera Desai Road", "Gokhale Road", "Senapati Bapat Marg"]),
    ("New Delhi", "Delhi", "Delhi",
     [("Lajpat Nagar", "110024"), ("Karol Bagh", "110005"), ("Dwarka Sector 12", "110075"), ("Rohini Sector 9", "110085"),
      ("Saket", "110017"), ("Vasant Kunj", "110070"), ("Mayur Vihar Phase 1", "110091"), ("Janakpuri", "110058"),
      ("Greater Kailash 2", "110048"), ("Hauz Khas", "110016"), ("Pitampura", "110034"), ("Malviya Nagar", "110017")],
     ["Ring Road", "Aurobindo Marg", "Sardar Patel Marg", "Netaji Subhash Marg", "Pusa Road", "Press Enclave Road",
      "Lala Lajpat Rai Marg", "Outer Ring Road"]),
    ("Gurugram", "Gurgaon", "Haryana",
     [("DLF Phase 3", "122002"), ("Sector 56", "122011"), ("Sohna Road", "122018"), ("Sushant Lok 1", "122009"),
      ("Sector 49", "122018"), ("Palam Vihar", "122017")],
     ["Golf Course Road", "MG Road", "Sector Road", "Nirvana Country Road"]),
    ("Noida", "Noida", "Uttar Pradesh",
     [("Sector 62", "201309"), ("Sector 18", "201301"), ("Sector 137", "201305"), ("Sector 50", "201301"),
      ("Sector 76", "201304")],
     ["Noida Expressway", "Film City Road", "Atta Market Road"]),
    ("Chennai", "Madras", "Tamil Nadu",
     [("Adyar", "600020"), ("T. Nagar", "600017"), ("Velachery", "600042"), ("Anna Nagar", "600040"),
      ("Mylapore", "600004"), ("Porur", "600116"), ("Tambaram", "600045"), ("Sholinganallur", "600119")],
     ["Usman Road", "LB Road", "Arcot Road", "2nd Avenue", "GST Road", "Anna Salai", "Luz Church Road",
      "Rajiv Gandhi Salai", "Kamarajar Salai"]),
    ("Hyderabad", "Hyderabad", "Telangana",
     [("Banjara Hills", "500034"), ("Jubilee Hills", "500033"), ("Madhapur", "500081"), ("Gachibowli", "500032"),
      ("Kukatpally", "500072"), ("Begumpet", "500016"), ("Kondapur", "500084"), ("Secunderabad", "500003")],
     ["Road No. 12", "Road No. 36", "Hitech City Road", "Sarojini Devi Road", "SP Road", "Botanical Garden Road"]),
    ("Pune", "Pune", "Maharashtra",
     [("Kothrud", "411038"), ("Baner", "411045"), ("Viman Nagar", "411014"), ("Hinjewadi Phase 1", "411057"),
      ("Aundh", "411007"), ("Wakad", "411057"), ("Koregaon Park", "411001"), ("Hadapsar", "411028")],
     ["FC Road", "JM Road", "Baner Road", "Paud Road", "MG Road", "Tilak Road", "Karve Road", "Nagar Road"]),
    ("Kolkata", "Calcutta", "West Bengal",
     [("Salt Lake Sector V", "700091"), ("Park Street", "700016"), ("Ballygunge", "700019"), ("New Town", "700156"),
      ("Behala", "700034"), ("Dum Dum", "700028"), ("Gariahat", "700029")],
     ["Rashbehari Avenue", "EM Bypass", "Southern Avenue", "Netaji Subhash Road", "Jessore Road", "Camac Street"]),
    ("Ahmedabad", "Ahmedabad", "Gujarat",
     [("Navrangpura", "380009"), ("Satellite", "380015"), ("Bodakdev", "380054"), ("Maninagar", "380008"),
      ("Vastrapur", "380015"), ("Paldi", "380007")],
     ["CG Road", "SG Highway", "Ashram Road", "Judges Bungalow Road", "Drive In Road"]),
    ("Jaipur", "Jaipur", "Rajasthan",
     [("Malviya Nagar", "302017"), ("Vaishali Nagar", "302021"), ("C-Scheme", "302001"), ("Mansarovar", "302020")],
     ["Tonk Road", "JLN Marg", "Ajmer Road", "MI Road"]),
    ("Kochi", "Cochin", "Kerala",
     [("Kakkanad", "682030"), ("Edappally", "682024"), ("Panampilly Nagar", "682036"), ("Vyttila", "682019")],
     ["MG Road", "Seaport-Airport Road", "Banerji Road", "Palarivattom Road"]),
    ("Lucknow", "Lucknow", "Uttar Pradesh",
     [("Gomti Nagar", "226010"), ("Hazratganj", "226001"), ("Aliganj", "226024"), ("Indira Nagar", "226016")],
     ["Mohan Road", "Shahnajaf Road", "Faizabad Road", "Vibhuti Khand Road"]),
    ("Chandigarh", "Chandigarh", "Chandigarh",
     [("Sector 17", "160017"), ("Sector 35", "160022"), ("Sector 22", "160022")],
     ["Madhya Marg", "Dakshin Marg", "Jan Marg"]),
    ("Indore", "Indore", "Madhya Pradesh",
     [("Vijay Nagar", "452010"), ("Palasia", "452001"), ("Rajendra Nagar", "452012")],
     ["AB Road", "Ring Road", "MG Road"]),
    ("Coimbatore", "Coimbatore", "Tamil Nadu",
     [("RS Puram", "641002"), ("Gandhipuram", "641012"), ("Peelamedu", "641004")],
     ["DB Road", "Avinashi Road", "Cross Cut Road"]),
    ("Bhubaneswar", "Bhubaneswar", "Odisha",
     [("Saheed Nagar", "751007"), ("Patia", "751024"), ("Nayapalli", "751012")],
     ["Janpath", "Cuttack Road", "KIIT Road"]),
    ("Mysuru", "Mysore", "Karnataka",
     [("Vijayanagar 2nd Stage", "570017"), ("Kuvempunagar", "570023"), ("Saraswathipuram", "570009")],
     ["Kalidasa Road", "Hunsur Road", "Sayyaji Rao Road"]),
    ("Patna", "Patna", "Bihar",
     [("Boring Road", "800001"), ("Kankarbagh", "800020"), ("Rajendra Nagar", "800016")],
     ["Fraser Road", "Bailey Road", "Exhibition Road"]),
    ("Thiruvananthapuram", "Trivandrum", "Kerala",
     [("Kowdiar", "695003"), ("Pattom", "695004"), ("Vazhuthacaud", "695014")],
     ["MG Road", "Kowdiar Road", "Bakery Junction Road"]),
    ("Nagpur", "Nagpur", "Maharashtra",
     [("Dharampeth", "440010"), ("Sitabuldi", "440012"), ("Manish Nagar", "440015")],
     ["Wardha Road", "Central Bazaar Road", "Amravati Road"]),
    ("Surat", "Surat", "Gujarat",
     [("Adajan", "395009"), ("Vesu", "395007"), ("Athwalines", "395001")],
     ["Ring Road", "Ghod Dod Road", "VIP Road"]),
    ("Visakhapatnam", "Vizag", "Andhra Pradesh",
     [("MVP Colony", "530017"), ("Dwaraka Nagar", "530016"), ("Seethammadhara", "530013")],
     ["Beach Road", "Waltair Main Road", "Asilmetta Road"]),
    ("Thane", "Thane", "Maharashtra",
     [("Thane West", "400601"), ("Kolshet", "400607"), ("Ghodbunder Road", "400615")],
     ["Pokhran Road No. 2", "Kolshet Road", "Eastern Express Highway"]),
]
BUILDINGS = ["Sai Residency", "Prestige Shantiniketan", "Lodha Amara", "Sobha Dream Acres", "Brigade Gateway",
             "Green Valley Apartments", "Shanti Niwas", "Krishna Towers", "Sunshine Heights", "Royal Palms",
             "Om Sai Complex", "Gokuldham Society", "Ashirwad Apartments", "Silver Oak CHS", "Lakeview Enclave",
             "Palm Grove", "Rajhans Residency", "Mahavir Heights", "Nirmal Park", "Vrindavan Society",
             "Kalpataru Aura", "DLF Park Place", "Purva Riviera", "Mantri Espana", "Ajmera Infinity",
             "Ganga Apartments", "Sri Lakshmi Nilayam", "Anugraha Apartments", "Blue Ridge", "Orchid Petals",
             "Salarpuria Greenage", "Hiranandani Meadows", "Shree Ganesh Krupa", "Sapphire Court",
             "Raheja Vistas", "Emerald Isle", "Tulip Residency", "Amrapali Sapphire"]
LANDMARKS = ["Near Shiv Mandir", "Opp. City Hospital", "Behind Reliance Fresh", "Near Metro Station",
             "Opp. SBI ATM", "Near Ganesh Temple", "Beside More Supermarket", "Near Bus Depot",
             "Opp. Kendriya Vidyalaya", "Behind Petrol Pump", "Near Water Tank"]
US_CITIES = [("New York", "NY", "New York", ["10001", "10011", "10016", "10025", "10128"]),
             ("Brooklyn", "NY", "New York", ["11201", "11215", "11238"]),
             ("San Francisco", "CA", "California", ["94103", "94110", "94117"]),
             ("Los Angeles", "CA", "California", ["90012", "90026", "90046"]),
             ("San Jose", "CA", "California", ["95112", "95126"]), ("Sunnyvale", "CA", "California", ["94086", "94087"]),
             ("Fremont", "CA", "California", ["94538", "94539"]), ("Palo Alto", "CA", "California", ["94301"]),
             ("Seattle", "WA", "Washington", ["98101", "98103", "98109"]), ("Bellevue", "WA", "Washington", ["98004", "98006"]),
             ("Redmond", "WA", "Washington", ["98052"]),
             ("Austin", "TX", "Texas", ["78701", "78704", "78731"]), ("Dallas", "TX", "Texas", ["75201", "75204"]),
             ("Houston", "TX", "Texas", ["77002", "77006"]), ("Plano", "TX", "Texas", ["75024", "75093"]),
             ("Irving", "TX", "Texas", ["75039"]),
             ("Chicago", "IL", "Illinois", ["60611", "60614", "60657"]), ("Naperville", "IL", "Illinois", ["60540", "60563"]),
             ("Boston", "MA", "Massachusetts", ["02108", "02115", "02116"]), ("Cambridge", "MA", "Massachusetts", ["02139"]),
             ("Atlanta", "GA", "Georgia", ["30303", "30309"]), ("Miami", "FL", "Florida", ["33130", "33131"]),
             ("Orlando", "FL", "Florida", ["32801", "32803"]), ("Denver", "CO", "Colorado", ["80202", "80205"]),
             ("Phoenix", "AZ", "Arizona", ["85004", "85016"]), ("Portland", "OR", "Oregon", ["97205", "97209"]),
             ("Philadelphia", "PA", "Pennsylvania", ["19103", "19106"]), ("Pittsburgh", "PA", "Pennsylvania", ["15213"]),
             ("Columbus", "OH", "Ohio", ["43215"]), ("Detroit", "MI", "Michigan", ["48226"]),
             ("Minneapolis", "MN", "Minnesota", ["55401", "55403"]), ("Raleigh", "NC", "North Carolina", ["27601", "27607"]),
             ("Charlotte", "NC", "North Carolina", ["28202"]), ("Arlington", "VA", "Virginia", ["22201", "22203"]),
             ("Jersey City", "NJ", "New Jersey", ["07302", "07310"]), ("Edison", "NJ", "New Jersey", ["08817", "08820"]),
             ("Nashville", "TN", "Tennessee", ["37203"]), ("Salt Lake City", "UT", "Utah", ["84101"]),
             ("Las Vegas", "NV", "Nevada", ["89101", "89109"])]
US_STREETS = ["Main", "Oak", "Maple", "Pine", "Cedar", "Elm", "Washington", "Lincoln", "Park", "Lake", "Sunset",
              "Market", "Mission", "Madison", "Lexington", "Peachtree", "Congress", "Highland", "Ridge", "Valley",
              "Spring", "Church", "Walnut", "Chestnut", "Franklin", "Willow", "Birch", "Hickory", "Magnolia",
              "Riverside", "Forest", "Meadow", "Orchard", "Harbor", "Prospect", "Grove", "Fulton", "Atlantic",
              "Union", "Center", "Jefferson", "University", "College", "Bayshore", "Stevens Creek"]
US_SUFFIX = ["St", "Street", "Ave", "Avenue", "Blvd", "Rd", "Road", "Dr", "Drive", "Ln", "Way", "Ct", "Pkwy", "Pl"]
US_AREAS = ["212", "646", "917", "718", "415", "650", "408", "510", "310", "213", "323", "206", "425", "512",
            "214", "469", "972", "713", "832", "312", "773", "630", "617", "857", "404", "678", "305", "407",
            "303", "720", "602", "480", "503", "215", "412", "614", "313", "612", "919", "704", "703", "571",
            "201", "732", "615", "801", "702"]
IN_EMAIL_DOMAINS = ["gmail.com"] * 10 + ["yahoo.co.in", "yahoo.com", "rediffmail.com", "outlook.com",
                                          "hotmail.com", "icloud.com", "yahoo.in"]
US_EMAIL_DOMAINS = ["gmail.com"] * 7 + ["yahoo.com", "outlook.com", "hotmail.com", "icloud.com", "aol.com",
                                         "comcast.net", "protonmail.com", "me.com"]
IN_BIZ_DOMAINS = ["infosys.com", "tcs.com", "wipro.com", "zohocorp.com", "freshworks.com", "sharmatraders.in",
                  "kumarexports.co.in", "brightpath.io", "techmahindra.com", "razorpay.com", "shreeganeshtextiles.com",
                  "agarwalsweets.in", "iitb.ac.in", "nykaa.com", "meeshosupply.in", "hcltech.com", "mindtree.com",
                  "greenleafagro.in", "sunrisepharma.co.in", "bluestonejewels.com"]
US_BIZ_DOMAINS = ["northwindlabs.com", "acmelogistics.com", "brightlane.co", "mail.utexas.edu", "stanford.edu",
                  "hubspot.com", "bluehorizon.io", "pinecrestdental.com", "summitrealty.net", "harborfinancial.com",
                  "cloudnine.dev", "evergreenhealth.org"]
ROLE_LOCALS = ["support", "care", "billing", "accounts", "hr", "careers", "sales", "help", "info", "grievance",
               "nodal.officer", "payroll", "admin"]


# --------------------------------------------------------------------------
# small helpers
# --------------------------------------------------------------------------
def pick(seq):
    return R.choice(seq)


def wpick(pairs):
    """pairs: [(weight, value)]"""
    total = sum(w for w, _ in pairs)
    x = R.uniform(0, total)
    for w, v in pairs:
        x -= w
        if x <= 0:
            return v
    return pairs[-1][1]


def digits(n, first="0123456789"):
    return R.choice(first) + "".join(R.choice("0123456789") for _ in range(n - 1))


def looks_like_other_pii(d: str) -> bool:
    """True if a bare digit string could plausibly be read as aadhaar / mobile / card."""
    if len(d) == 12 and d[0] in "23456789" and verhoeff_ok(d):
        return True
    if len(d) == 10 and d[0] in "6789":
        return True
    if 13 <= len(d) <= 19 and luhn_ok(d) and card_brand(d):
        return True
    return False


def safe_digits(n, first="123456789"):
    while True:
        d = digits(n, first)
        if not looks_like_other_pii(d) and len(set(d)) > 3:
            return d


def inr_group(n: int) -> str:
    s = str(n)
    if len(s) <= 3:
        return s
    head, tail = s[:-3], s[-3:]
    parts = []
    while len(head) > 2:
        parts.insert(0, head[-2:])
        head = head[:-2]
    if head:
        parts.insert(0, head)
    return ",".join(parts) + "," + tail


assert inr_group(125000) == "1,25,000" and inr_group(2500000) == "25,00,000" and inr_group(999) == "999"


# --------------------------------------------------------------------------
# people
# --------------------------------------------------------------------------
class Person:
    def __init__(self, loc, exclude=(), cue=False):
        self.loc = loc
        while True:
            self.male = R.random() < 0.5
            if cue:
                self.first = pick(CUE_M if self.male else CUE_F)
                self.last = pick(US_LAST if loc == "us" else IN_LAST)
                if self.first == "Sunny":
                    self.last = pick(IN_LAST)
            elif loc == "us" and R.random() < 0.85:
                self.first = pick(US_FIRST_M if self.male else US_FIRST_F)
                self.last = pick(US_LAST)
            else:
                self.first = pick(IN_FIRST_M if self.male else IN_FIRST_F)
                self.last = pick(IN_LAST)
            if self.first not in exclude:
                break
        if loc == "us":
            self.middle = pick("ABCDEFGHJKLMNPRSTW")
        else:
            self.middle = pick(IN_MIDDLE_M if self.male else IN_MIDDLE_F)
        self._full = None

    def full(self):
        """name as written in running text; fixed once per line"""
        if self._full is None:
            r = R.random()
            f, m, l = self.first, self.middle, self.last
            if self.loc == "us":
                self._full = f"{f} {l}" if r < 0.8 else f"{f} {m}. {l}" if r < 0.93 else f
            else:
                if r < 0.62:
                    self._full = f"{f} {l}"
                elif r < 0.70:
                    self._full = f"{f} {m} {l}"
                elif r < 0.78:
                    self._full = f"{f[0]}. {m[0]}. {l}"
                elif r < 0.82:
                    self._full = f"{f[0]}.{m[0]}. {l}"
                elif r < 0.87:
                    self._full = f"{f[0]}. {l}"
                elif r < 0.93 and f in SOUTH_FIRST:
                    self._full = f"{pick('KSRMVPGN')}. {f}"
                else:
                    self._full = f"{f} {l}"
        return self._full


class Ctx:
    def __init__(self, loc):
        self.loc = loc
        self.people = {}
        self.bank = None
        self.counter = Counter()

    def person(self, key="p", cue=False):
        if key not in self.people:
            self.people[key] = Person(self.loc, [p.first for p in self.people.values()], cue=cue)
        return self.people[key]

    def get_bank(self):
        if self.bank is None:
            self.bank = pick(IFSC_BANKS)
        return self.bank


# --------------------------------------------------------------------------
# value generators
# --------------------------------------------------------------------------
def in_mobile_digits():
    return pick("9999887776") + "".join(R.choice("0123456789") for _ in range(9))


def fmt_in_mobile(d=None):
    d = d or in_mobile_digits()
    a, b = d[:5], d[5:]
    return wpick([(22, f"+91 {a} {b}"), (8, f"+91{d}"), (5, f"+91-{a}-{b}"), (8, f"+91 {d}"), (5, f"+91-{d}"),
                  (15, f"{a} {b}"), (22, d), (5, f"0{d}"), (2, f"0{a} {b}"), (2, f"91 {a} {b}"),
                  (3, f"{a}-{b}"), (3, f"+91 {d[:3]} {d[3:6]} {d[6:]}")])


def in_landline():
    std, n = pick(IN_STD)
    sub = pick("23456") + "".join(R.choice("0123456789") for _ in range(n - 1))
    if n == 8:
        s1, s2 = sub[:4], sub[4:]
        return wpick([(5, f"0{std}-{s1} {s2}"), (5, f"0{std} {s1} {s2}"), (4, f"0{std}-{sub}"), (3, f"0{std} {sub}"),
                      (3, f"+91 {std} {s1} {s2}"), (2, f"+91-{std}-{sub}"), (2, f"(0{std}) {s1} {s2}"),
                      (1, f"0{std}-{s1}-{s2}")])
    return wpick([(5, f"0{std}-{sub}"), (4, f"0{std} {sub}"), (2, f"+91 {std} {sub}"), (2, f"0{std}-{sub[:3]} {sub[3:]}")])


def us_phone(tollfree=False):
    area = pick(["800", "888", "877", "866", "855"]) if tollfree else pick(US_AREAS)
    if R.random() < 0.12:
        exch, line = "555", "01" + digits(2)
    else:
        while True:
            exch = digits(3, "23456789")
            if exch[1:] != "11" and exch != "555":
                break
        line = digits(4)
    if tollfree:
        return wpick([(3, f"1-{area}-{exch}-{line}"), (2, f"{area}-{exch}-{line}"), (1, f"+1 {area} {exch} {line}")])
    return wpick([(30, f"({area}) {exch}-{line}"), (25, f"{area}-{exch}-{line}"), (10, f"{area}.{exch}.{line}"),
                  (12, f"+1 {area}-{exch}-{line}"), (8, f"+1 ({area}) {exch}-{line}"), (5, f"+1{area}{exch}{line}"),
                  (5, f"1-{area}-{exch}-{line}"), (5, f"+1 {area} {exch} {line}"), (3, f"({area}){exch}-{line}")])


def intl_phone():
    return pick([f"+44 20 7946 0{digits(3)}", f"+44 7700 900{digits(3)}", f"+971 50 {digits(3)} {digits(4)}",
                 f"+971 4 {digits(3, '2345')} {digits(4)}", f"+65 9{digits(3)} {digits(4)}", f"+65 8{digits(3)} {digits(4)}",
                 f"+971 55 {digits(3)} {digits(4)}", f"+44 161 496 0{digits(3)}"])


def phone_for(ctx):
    if ctx.loc == "us":
        return us_phone()
    return fmt_in_mobile() if R.random() < 0.85 else in_landline()


def _clean(s):
    return re.sub(r"[^a-z]", "", s.lower())


def email_for(p, biz=False):
    f, l = _clean(p.first), _clean(p.last)
    yr = str(R.randint(1975, 2004))
    if biz:
        local = wpick([(5, f"{f}.{l}"), (3, f"{f}"), (2, f"{f[0]}{l}"), (1, f"{f}_{l}"), (1, f"{f}.{l[0]}")])
        dom = pick(US_BIZ_DOMAINS if p.loc == "us" else IN_BIZ_DOMAINS)
    else:
        local = wpick([(6, f"{f}.{l}"), (4, f"{f}{l}"), (2, f"{f}_{l}"), (3, f"{f}.{l}{R.randint(1, 99)}"),
                       (3, f"{f}{yr}"), (2, f"{f}{yr[-2:]}"), (2, f"{f[0]}{l}"), (1, f"{l}.{f}"),
                       (1, f"{f}.{l[0]}"), (1, f"{f}{l}{R.randint(100, 999)}"), (1, f"{f}+{pick(['shop', 'orders', 'bank'])}")])
        dom = pick(US_EMAIL_DOMAINS if p.loc == "us" else IN_EMAIL_DOMAINS)
    if R.random() < 0.04:
        local = local[0].upper() + local[1:]
    return f"{local}@{dom}"


def role_email(loc):
    return f"{pick(ROLE_LOCALS)}@{pick(US_BIZ_DOMAINS if loc == 'us' else IN_BIZ_DOMAINS)}"


def aadhaar_value():
    while True:
        base = digits(11, "23456789")
        d = base + verhoeff_digit(base)
        if len(set(d)) > 4:
            break
    assert verhoeff_ok(d)
    a, b, c = d[:4], d[4:8], d[8:]
    return wpick([(60, f"{a} {b} {c}"), (25, d), (15, f"{a}-{b}-{c}")])


def aadhaar_invalid():
    while True:
        d = digits(12, "23456789")
        if not verhoeff_ok(d):
            return d


LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def pan_value(holder="P", initial=None):
    first3 = pick("ABCDEFGHJ") + pick(LETTERS) + pick(LETTERS)
    fifth = initial or pick(LETTERS)
    return f"{first3}{holder}{fifth}{R.randint(1, 9999):04d}{pick(LETTERS)}"


def ssn_value(style=None):
    while True:
        a = f"{R.randint(1, 899):03d}"
        g = f"{R.randint(1, 99):02d}"
        s = f"{R.randint(1, 9999):04d}"
        if ssn_parts_ok(a, g, s) and f"{a}{g}{s}" not in ("078051120", "219099999"):
            break
    style = style or wpick([(75, "-"), (25, " ")])
    return f"{a}{style}{g}{style}{s}" if style != "plain" else f"{a}{g}{s}"


def ifsc_value(prefix):
    if R.random() < 0.96:
        branch = f"{R.randint(1, 99999):06d}" if R.random() < 0.8 else f"{R.randint(100000, 999999)}"
    else:
        while True:
            branch = "".join(R.choice(LETTERS + "0123456789") for _ in range(6))
            if any(c.isalpha() for c in branch) and any(c.isdigit() for c in branch):
                break
    return f"{prefix}0{branch}"


def account_value(bank, spaced=False):
    name, prefix, lens = bank
    n = pick(lens)
    while True:
        if prefix == "HDFC" and R.random() < 0.6:
            d = "50100" + digits(9)
        elif prefix == "SBIN":
            d = pick("2334") + digits(10)
        elif prefix == "ICIC":
            d = pick("0012") + digits(11)
        elif prefix == "UTIB":
            d = pick(["91", "92", "918", "920"]) + digits(15 - 2)
            d = d[:15]
        elif prefix == "PUNB":
            d = "0" + digits(15, "123456789")
        else:
            d = digits(n, "123456789")
        if not looks_like_other_pii(d) and len(set(d)) > 3:
            break
    if spaced:
        return " ".join(d[i:i + 4] for i in range(0, len(d), 4))
    return d


def us_account_value():
    return safe_digits(pick([9, 10, 10, 11, 12]), "123456789")


def inr_amount(small=False):
    kind = wpick([(50, "small"), (50, "mid")]) if small else wpick([(20, "small"), (22, "mid"), (38, "large"), (20, "huge")])
    if kind == "small":
        n = pick([49, 99, 149, 199, 249, 299, 349, 399, 449, 499, 599, 649, 799, 899, 999]) if R.random() < 0.5 \
            else R.randint(1, 99) * 10 + pick([0, 0, 9])
    elif kind == "mid":
        n = R.randint(1, 99) * 100 + pick([0, 0, 0, 99, 49, 50])
    elif kind == "large":
        n = R.randint(10, 999) * 1000 + pick([0, 0, 500, 999])
    else:
        n = R.randint(10, 500) * 10000
    return n


def money_inr(kind=None, small=False):
    kind = kind or wpick([(86, "plain"), (10, "scale"), (4, "k")])
    if kind == "scale":
        v = pick(["1", "1.5", "2", "2.5", "3", "3.5", "4.2", "5", "6", "7.5", "8", "10", "12", "12.5", "15", "18",
                  "20", "24", "25", "35", "40", "50", "75", "80"])
        big = R.random() < 0.25
        unit = pick(["crore", "crore", "cr"]) if big else pick(["lakh", "lakh", "lakh", "lakhs", "lac"])
        if big:
            v = pick(["1", "1.2", "1.5", "2", "2.5", "3", "5", "10", "12", "25"])
        pre = pick(["", "", "₹", "₹", "Rs ", "Rs. ", "INR "])
        if unit in ("cr", "lac") and not pre:
            pre = "₹"
        s = f"{pre}{v} {unit}"
        if not pre and R.random() < 0.3:
            s += pick([" rupees", " INR"])
        return s
    if kind == "k":
        v = pick(["5", "10", "15", "20", "25", "40", "50", "80"])
        return pick([f"₹{v}k", f"Rs {v}k", f"{v}k rupees", f"₹{v}K", f"{v}k INR"])
    n = inr_amount(small)
    g = inr_group(n) if R.random() < 0.9 else str(n)
    if R.random() < 0.08:
        g += pick([".00", ".50", ".00", f".{R.randint(10, 99)}"])
    return wpick([(25, f"₹{g}"), (8, f"₹ {g}"), (15, f"Rs. {g}"), (12, f"Rs {g}"), (5, f"Rs.{g}"),
                  (9, f"INR {g}"), (5, f"{g} rupees"), (3, f"{g} INR"), (3, f"{g} rs"), (2, f"rs {g}"),
                  (2, f"rs.{g}"), (2, f"{g} Rs")])


def money_usd(big=False):
    r = R.random() if not big else 0.9
    if r < 0.5:
        n = pick([9.99, 14.99, 19.99, 29.99, 39.99, 49.99, 79.99, 99.99, 129.0, 149.5, 249.99])
        s = f"{n:,.2f}"
    elif r < 0.85 or not big:
        s = f"{R.randint(1, 250) * 10 + pick([0, 0, 5]):,}"
    else:
        s = None
    if s is None:
        v = pick(["1.2", "2.5", "3", "15", "40", "1"])
        return pick([f"${v} million", f"USD {v} million", f"${pick(['5', '12', '15', '80'])}k"])
    return wpick([(55, f"${s}"), (8, f"USD {s}"), (6, f"{s} dollars"), (4, f"$ {s}"), (3, f"US$ {s}"),
                  (4, f"{s} USD"), (2, f"US${s}")])


def money_for(ctx):
    return money_usd() if ctx.loc == "us" else money_inr()


def house_no():
    fl = R.randint(1, 14)
    return wpick([(14, f"Flat {fl}0{R.randint(1, 8)}"), (8, f"Flat No. {fl}0{R.randint(1, 8)}"),
                  (6, f"Flat {pick('ABCDE')}-{fl}0{R.randint(1, 8)}"), (6, f"H.No. {R.randint(1, 16)}-{R.randint(1, 12)}-{R.randint(1, 300)}"),
                  (6, f"House No. {R.randint(1, 999)}"), (8, f"#{R.randint(1, 999)}"), (6, f"No. {R.randint(1, 250)}"),
                  (6, f"Plot No. {R.randint(1, 400)}"), (6, f"{pick('ABCDEFGH')}-{R.randint(1, 999)}"),
                  (3, f"{pick('ABCDEFGH')}-{R.randint(1, 99)}/{R.randint(1, 9)}"), (3, f"{R.randint(1, 99)}/{R.randint(1, 30)}"),
                  (3, f"Door No. {R.randint(1, 60)}-{R.randint(1, 12)}-{R.randint(1, 99)}"), (3, f"Villa {R.randint(1, 150)}"),
                  (3, f"Shop No. {R.randint(1, 40)}"), (2, f"{pick(['1st', '2nd', '3rd', '4th'])} Floor, {R.randint(1, 999)}")])


def addr_in():
    city, alt, state, locs, streets = pick(IN_CITIES)
    loc, pin = pick(locs)
    street = pick(streets)
    if street == loc:
        street = pick(streets)
    cname = alt if R.random() < 0.2 else city
    pin_s = pin if R.random() < 0.9 else f"{pin[:3]} {pin[3:]}"
    h, b, lm = house_no(), pick(BUILDINGS), pick(LANDMARKS)
    style = R.randint(1, 12)
    if style == 1:
        s = f"{h}, {b},\n{street}, {loc},\n{cname}, {state} {pin_s}"
    elif style == 2:
        s = f"{h}, {street}, {loc}, {cname} {pin_s}"
    elif style == 3:
        s = f"{h}, {b}, {street}, {loc}, {cname} - {pin_s}"
    elif style == 4:
        s = f"{h}, {b},\n{lm}, {street},\n{loc}, {cname} {pin_s}"
    elif style == 5:
        s = f"{h}, {street},\n{loc},\n{cname} - {pin_s}"
    elif style == 6:
        s = f"{b}, {h},\n{street}, {loc}, {cname}, {state} - {pin_s}"
    elif style == 7:
        s = f"{R.randint(1, 250)} {street}, {cname} {pin_s}"
    elif style == 8:
        s = f"{h}, {loc}, {cname}, {state}, PIN: {pin}"
    elif style == 9:
        s = f"{h} {b} {street} {loc} {cname} {pin}".lower().replace(",", "")
    elif style == 10:
        s = f"{h}, {b}, {loc}, {cname}, {state} {pin_s}"
    elif style == 11:
        s = f"{h}, {b}\n{street}, {loc}\n{cname}-{pin}"
    else:
        s = f"{h}, {street}, {lm}, {loc}, {cname}, {state} {pin_s}"
    return s


def addr_us():
    city, st, stname, zips = pick(US_CITIES)
    z = pick(zips)
    if R.random() < 0.15:
        z += f"-{R.randint(1000, 9999)}"
    num = str(R.randint(1, 9999)) if R.random() < 0.8 else str(R.randint(10, 999))
    street = f"{pick(US_STREETS)} {pick(US_SUFFIX)}"
    unit = f"{R.randint(1, 30)}{pick(['', '', 'A', 'B', 'C', 'D'])}"
    style = R.randint(1, 9)
    if style == 1:
        return f"{num} {street},\n{city}, {st} {z}"
    if style == 2:
        return f"{num} {street}, Apt {unit}, {city}, {st} {z}"
    if style == 3:
        return f"{num} {street}, Suite {R.randint(100, 950)}\n{city}, {st} {z}"
    if style == 4:
        return f"{num} {pick(['N', 'S', 'E', 'W'])} {street}, {city}, {st} {z}"
    if style == 5:
        return f"{num} {street} #{unit}\n{city} {st} {z}"
    if style == 6:
        return f"PO Box {R.randint(100, 9999)}, {city}, {st} {z}"
    if style == 7:
        return f"{num} {street}\nApt {unit}\n{city}, {st} {z}"
    if style == 8:
        return f"{num} {street}, {city}, {stname} {z}"
    return f"{num} {street}, {city}, {st} {z}"


def addr_for(ctx):
    return addr_us() if ctx.loc == "us" else addr_in()


# order / booking / ticket ids (the context word is written by the template)
def _alnum(n, need_digit=True):
    while True:
        s = "".join(R.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(n))
        if (not need_digit or any(c.isdigit() for c in s)) and any(c.isalpha() for c in s):
            return s


def oid_flipkart():
    return "OD" + digits(18, "1234")


def oid_amazon_in():
    return f"{R.randint(402, 408)}-{digits(7)}-{digits(7)}"


def oid_amazon_us():
    return f"{R.randint(111, 114)}-{digits(7)}-{digits(7)}"


def oid_generic():
    return wpick([(3, oid_flipkart()), (3, oid_amazon_in()), (3, safe_digits(R.randint(10, 14), "12345")),
                  (2, f"{pick(['MYN', 'NYK', 'AJ', 'BB', 'ZPT', 'MSH'])}{safe_digits(R.randint(8, 10))}"),
                  (1, f"{pick(['SW', 'ZO'])}-{safe_digits(9)}"), (1, f"{R.randint(1000000, 9999999)}"),
                  (1, f"ORD-{R.randint(2023, 2024)}-{digits(6)}")])


def pnr_rail():
    return safe_digits(10, "2345")


def pnr_air():
    while True:
        s = _alnum(6)
        if sum(c.isdigit() for c in s) <= 3:
            return s


def booking_id():
    return pick([f"NH7{safe_digits(12, '1234')}", f"NF{_alnum(9)}", f"MMT{_alnum(6)}", f"GO{safe_digits(10, '12345')}",
                 f"OYO{_alnum(5)}", f"BKG-{digits(7)}", f"HB{safe_digits(8)}", f"YTR{_alnum(7)}"])


def ticket_id():
    return pick([f"{digits(4, '123456789')}-{digits(2)}", f"{R.randint(10000, 999999)}", f"TKT-{digits(5)}",
                 f"INC{digits(7, '0')}", f"SUP-{R.randint(1000, 9999)}", f"CS{digits(8, '0')}", f"T{digits(7)}",
                 f"REQ{R.randint(100000, 999999)}"])


def awb_id():
    return pick([safe_digits(11, "12345"), safe_digits(14, "12345"), f"D{digits(8)}", f"Z{digits(8)}",
                 f"FMPP{digits(10, '1')}", f"FMPC{digits(10, '1')}", f"{pick(['EE', 'EM', 'RM', 'CP'])}{digits(9)}IN",
                 f"SF{digits(9)}FPL"])


def tracking_id(loc="in"):
    if loc == "us":
        return pick([f"1Z{_alnum(6)}{digits(10)}", f"9400{digits(18)}", safe_digits(12, "2345"),
                     f"TBA{digits(12)}"])
    return pick([safe_digits(14, "12345"), f"FMPP{digits(10, '1')}", f"{pick(['EE', 'EM', 'RM'])}{digits(9)}IN",
                 f"SHIP{digits(8)}", f"DLV{digits(9)}", safe_digits(11, "12345")])


def invoice_no():
    y = R.randint(2022, 2024)
    return pick([f"INV-{y}-{R.randint(1, 99999):05d}", f"INV/{y % 100}-{y % 100 + 1}/{R.randint(1, 9999):04d}",
                 f"{pick(['GST', 'TI', 'SI', 'BLR', 'MUM'])}/{y}/{R.randint(1, 9999):04d}", f"GST-INV-{R.randint(1000, 9999)}",
                 f"{y}{R.randint(1, 9999):04d}", f"INV{R.randint(100000, 999999)}"])


def complaint_no():
    return pick([f"CMP{digits(8, '12')}", f"C{digits(7)}", f"TT{digits(9)}", f"CRN{digits(10, '12')}",
                 f"{R.randint(20, 24)}{R.randint(1, 12):02d}{digits(6)}", f"GRV/{R.randint(2023, 2024)}/{digits(5)}"])


def case_id():
    return pick([f"{R.randint(1, 999999):08d}", f"CS-{digits(7)}", f"CASE-{digits(6)}", f"{digits(8, '0')}",
                 f"C-{digits(6)}"])


def sr_no():
    return pick([f"SR{safe_digits(9, '1234')}", f"1-{digits(9, '123456789')}", f"SR-{digits(6)}", f"{digits(8, '1234')}"])


def ref_no():
    return pick([f"TXN{safe_digits(10)}", f"REF{digits(8)}", safe_digits(12, "2345"), f"UTIBR{digits(10)}",
                 f"N{R.randint(100, 366)}{digits(11, '1234')}", f"{pick(['HDFC', 'ICIC', 'SBIN'])}R5{digits(10)}"])


def upi_ref():
    return safe_digits(12, "2345")


def order_for(ctx):
    return oid_amazon_us() if ctx.loc == "us" and R.random() < 0.5 else (
        f"{R.randint(100000, 999999999)}" if ctx.loc == "us" else oid_generic())


def card_value(brand=None):
    brand = brand or wpick([(30, "visa"), (20, "mc"), (5, "mc2"), (20, "rupay"), (12, "amex"), (6, "discover"),
                            (3, "visa19"), (2, "jcb")])
    if brand == "visa":
        p, n = "4" + digits(5), 16
    elif brand == "visa19":
        p, n = "4" + digits(5), 19
    elif brand == "mc":
        p, n = str(R.randint(51, 55)) + digits(4), 16
    elif brand == "mc2":
        p, n = str(R.randint(2221, 2720)) + digits(2), 16
    elif brand == "rupay":
        p, n = pick(["6070", "6071", "6073", "6521", "6522", "6528", "5085", "5086", "8170", "8200"]) + digits(2), 16
    elif brand == "amex":
        p, n = pick(["34", "37"]) + digits(4), 15
    elif brand == "discover":
        p, n = "6011" + digits(2), 16
    else:
        p, n = str(R.randint(3528, 3589)) + digits(2), 16
    body = p + digits(n - len(p) - 1)
    d = body + luhn_digit(body)
    assert card_brand(d) and luhn_ok(d), d
    if n == 15:
        sep = wpick([(5, " "), (2, "-"), (3, "")])
        return f"{d[:4]}{sep}{d[4:10]}{sep}{d[10:]}" if sep else d
    sep = wpick([(55, " "), (15, "-"), (30, "")])
    if not sep:
        return d
    g = [d[i:i + 4] for i in range(0, 16, 4)]
    if n == 19:
        g.append(d[16:])
    return sep.join(g)


def card_invalid():
    while True:
        d = pick(["4", "5", "6", "4", "5"]) + digits(15)
        if not luhn_ok(d):
            return " ".join(d[i:i + 4] for i in range(0, 16, 4)) if R.random() < 0.7 else d


def upi_for(p, kind=None):
    f, l = _clean(p.first), _clean(p.last)
    kind = kind or wpick([(5, "name"), (3, "phone"), (1, "biz")])
    if kind == "phone":
        return f"{in_mobile_digits()}@{pick(['ybl', 'paytm', 'ibl', 'axl', 'upi'])}"
    if kind == "biz":
        return pick([f"paytmqr{digits(10)}@paytm", f"Q{digits(9)}@ybl", f"{pick(['sharma', 'gupta', 'balaji', 'krishna', 'annapurna', 'royal'])}"
                     f"{pick(['kirana', 'stores', 'medicals', 'traders', 'tiffins'])}@{pick(['ybl', 'okaxis', 'paytm', 'icici', 'axisbank', 'hdfcbank'])}"])
    local = wpick([(5, f"{f}.{l}"), (3, f"{f}{l}{R.randint(1, 99)}"), (3, f"{f}{R.randint(1980, 2003)}"),
                   (2, f"{f}.{l[0]}"), (2, f"{f}{l}"), (1, f"{f}_{l}"), (1, f"{f}-{l}")])
    return f"{local}@{pick(UPI_HANDLES)}"


def ipv4_public():
    while True:
        a = pick([49, 103, 106, 117, 122, 157, 182, 223, 27, 59, 14, 115, 73, 98, 24, 68, 174, 203, 45, 185,
                  52, 34, 35, 13, 3, 152, 171, 180, 210, 101, 42, 116])
        ip = f"{a}.{R.randint(0, 255)}.{R.randint(0, 255)}.{R.randint(1, 254)}"
        if ipaddress.ip_address(ip).is_global:
            return ip


def ipv4_private():
    return pick([f"192.168.{pick([0, 1, 1, 10, 29, 100])}.{R.randint(1, 254)}",
                 f"10.{R.randint(0, 255)}.{R.randint(0, 255)}.{R.randint(1, 254)}",
                 f"172.{R.randint(16, 31)}.{R.randint(0, 255)}.{R.randint(1, 254)}"])


def _h():
    return f"{R.randint(1, 0xffff):x}"


def ipv6_value():
    return pick([f"2405:201:{_h()}:{_h()}::{_h()}", f"2401:4900:{_h()}:{_h()}:{_h()}:{_h()}:{_h()}:{_h()}",
                 f"2409:40f2:{_h()}:{_h()}:{_h()}:{_h()}:{_h()}:{_h()}", f"fe80::{_h()}:{_h()}:{_h()}:{_h()}",
                 f"2001:db8::{_h()}", f"2600:1700:{_h()}:{_h()}::{_h()}",
                 f"2001:0db8:{R.randint(0, 0xffff):04x}:0000:0000:{R.randint(0, 0xffff):04x}:{R.randint(0, 0xffff):04x}:{R.randint(0, 0xffff):04x}",
                 f"2406:7400:{_h()}:{_h()}::{_h()}", f"2a02:26f0:{_h()}::{_h()}:{_h()}"])


def ip_any():
    return wpick([(5, ipv4_public()), (3, ipv4_private()), (2, ipv6_value())])


def date_str():
    d, m, y = R.randint(1, 28), R.randint(1, 12), R.randint(2023, 2025)
    return pick([f"{d:02d}/{m:02d}/{y}", f"{y}-{m:02d}-{d:02d}", f"{d} {pick(MONTHS)}", f"{pick(MONTHS)} {d}",
                 f"{d}-{pick(MONTHS_SHORT)}-{y}", f"{d}th {pick(MONTHS)}" if d > 3 else f"{d} {pick(MONTHS_SHORT)}",
                 f"{d}/{m}/{y % 100}", f"{pick(MONTHS_SHORT)} {d}, {y}"])


def time_str():
    h, mi = R.randint(1, 12), pick([0, 15, 30, 45, 0, 10, 20])
    return pick([f"{h}:{mi:02d} {pick(['AM', 'PM'])}", f"{h} {pick(['am', 'pm'])}", f"{R.randint(9, 21)}:{mi:02d}",
                 f"{h}:{mi:02d}{pick(['am', 'pm'])}", f"{h} {pick(['AM', 'PM'])}"])


def exp_str():
    return f"{R.randint(1, 12):02d}/{R.randint(25, 31)}"


# negative-only value generators ---------------------------------------------
def otp_str():
    return f"{R.randint(100000, 999999)}" if R.random() < 0.75 else f"{R.randint(1000, 9999)}"


def version_str():
    return pick([f"{R.randint(1, 9)}.{R.randint(0, 20)}.{R.randint(0, 9)}", f"v{R.randint(1, 5)}.{R.randint(0, 12)}.{R.randint(0, 30)}",
                 f"{R.randint(10, 19)}.{R.randint(0, 6)}", f"{R.randint(1, 4)}.{R.randint(0, 99)}"])


def version4_str():
    return f"{R.randint(1, 12)}.{R.randint(0, 9)}.{R.randint(0, 20)}.{R.randint(0, 99)}"


def winbuild_str():
    return f"10.0.{pick(['19045', '22621', '22631', '19044', '26100'])}.{R.randint(1000, 4999)}"


def chrome_str():
    return f"{R.randint(118, 126)}.0.{R.randint(5900, 6500)}.{R.randint(40, 180)}"


def qty_str():
    return pick([f"{R.randint(2, 12)} units", f"{pick([2, 4, 8, 16, 32, 64, 128, 256, 512])} GB", f"{pick([250, 500, 750])} ml",
                 f"{pick(['1', '1.5', '2', '2.5', '5', '10'])} kg", f"{R.randint(2, 24)} pcs", f"{R.randint(1, 5)} litres",
                 f"{pick([32, 43, 50, 55, 65])} inch", f"{R.randint(2, 6)} packets", f"{pick([1, 2, 3])} TB",
                 f"{R.randint(2, 10)} boxes", f"{pick([100, 200, 500])} g", f"{R.randint(2, 20)} metres"])


def sku_str():
    return pick([f"{_alnum(2, False)}-{R.randint(1000, 9999)}-{pick(['BLK', 'WHT', 'BLU', 'RED', 'GRN'])}",
                 f"SKU-{R.randint(10000, 99999)}-{pick(['S', 'M', 'L', 'XL', 'XXL'])}",
                 f"B0{_alnum(8)}", f"SM-{pick(['A', 'M', 'G', 'S'])}{R.randint(100, 999)}{pick(['B', 'F', 'E'])}",
                 f"{pick(['RN', 'PX', 'MX', 'KT'])}{R.randint(10, 99)}-{pick(['PRO', 'LITE', 'MAX'])}-{pick([4, 6, 8])}-{pick([64, 128, 256])}"])


def pct_str():
    return pick([f"{pick([5, 10, 12, 15, 18, 20, 25, 28, 30, 40, 50, 60, 70])}%", f"{R.randint(1, 9)}.{R.randint(1, 9)}%",
                 f"{pick([10, 20, 30, 50])}% off"])


def gstin_str():
    st = pick(["27", "29", "07", "33", "36", "24", "09", "19", "06", "32"])
    pan = pan_value(pick("CFT"))
    return f"{st}{pan}{R.randint(1, 9)}Z{pick(LETTERS + '0123456789')}"


def hsn_str():
    return pick(["8517", "8471", "851762", "847130", "6109", "3304", "8516", "61091000", "9403", "8528", "3004"])


def url_str():
    return pick(["https://www.flipkart.com/helpcentre", "https://www.amazon.in/gp/help/customer/display.html",
                 f"https://support.apple.com/en-in/{R.randint(100000, 120999)}", f"https://github.com/acme/app/issues/{R.randint(10, 999)}",
                 "https://www.irctc.co.in/nget/train-search", f"https://docs.example.com/v{R.randint(1, 3)}/setup",
                 f"https://status.razorpay.com/incidents/{_alnum(12, False).lower()}",
                 f"https://bit.ly/{_alnum(7, False)}", "https://www.hdfcbank.com/personal/pay/cards",
                 f"https://youtu.be/{_alnum(11, False)}", f"https://www.myntra.com/tshirts/roadster/{R.randint(1000000, 9999999)}/buy"])


def hash_str(n=None):
    n = n or pick([7, 8, 40])
    return "".join(R.choice("0123456789abcdef") for _ in range(n))


def isbn_str():
    return pick(["978-0-306-40615-7", "0-306-40615-2", "978-1-4028-9462-6", "978-0-14-044913-6",
                 "0-19-852663-6", "978-0-262-03384-8", "1-4028-9462-7"])


def badquad_str():
    return pick([f"{R.randint(256, 999)}.{R.randint(0, 255)}.{R.randint(0, 255)}.{R.randint(0, 255)}",
                 f"192.168.{R.randint(1, 9)}.{R.randint(256, 400)}", f"10.{R.randint(300, 999)}.0.{R.randint(1, 9)}"])


def dotdate_str():
    return f"{R.randint(1, 28):02d}.{R.randint(1, 12):02d}.{R.randint(2022, 2025)}"


def bad12_str():
    d = aadhaar_invalid()
    return pick([d, f"{d[:4]} {d[4:8]} {d[8:]}", f"{d[:4]}-{d[4:8]}-{d[8:]}"])


def badpan_str():
    while True:
        s = "".join(pick(LETTERS) for _ in range(5)) + f"{R.randint(1000, 9999)}" + pick(LETTERS)
        if s[3] not in PAN_HOLDER:
            return s


def badssn_str():
    return pick([f"000-{R.randint(10, 99)}-{R.randint(1000, 9999)}", f"666-{R.randint(10, 99)}-{R.randint(1000, 9999)}",
                 f"9{R.randint(10, 99)}-{R.randint(10, 99)}-{R.randint(1000, 9999)}",
                 f"{R.randint(100, 899)}-00-{R.randint(1000, 9999)}", f"{R.randint(100, 899)}-{R.randint(10, 99)}-0000"])


def epoch_str():
    return str(R.randint(1690000000, 1735000000))


def lakhcount_str():
    return pick(["2 lakh", "5 lakh", "10 lakh", "1 crore", "50 lakh", "3 crore"]) + " " + \
        pick(["downloads", "customers", "users", "orders delivered", "happy families", "students"])


TOKENS = ["{{phone:1}}", "{{name:1}}", "{{email:2}}", "{{aadhaar:1}}", "{{card:1}}", "{{address:1}}", "{{upi:1}}",
          "{{pan:1}}", "{{name:2}}", "{{money:3}}"]


# --------------------------------------------------------------------------
# slot table
# --------------------------------------------------------------------------
def L(t):
    return lambda ctx: (t(ctx), None)


def _person_slot(key, what, cue=False):
    def f(ctx):
        p = ctx.person(key, cue=cue)
        if what == "full":
            return (p.full(), "name")
        if what == "first":
            return (p.first, "name")
        if what == "fl":
            return (f"{p.first} {p.last}", "name")
        if what == "last":
            return (p.last, "name")
        if what == "lower":
            return (f"{p.first} {p.last}".lower() if R.random() < 0.75 else p.first.lower(), "name")
        if what == "lfirst":
            return (p.first.lower(), "name")
        if what == "upper":
            return (f"{p.first} {p.last}".upper(), "name")
        raise KeyError(what)
    return f


def _title(key):
    def f(ctx):
        p = ctx.person(key, cue=key == "cue")
        if ctx.loc == "us":
            return (pick(["Mr.", "Mr.", "Dr."]) if p.male else pick(["Ms.", "Mrs.", "Ms.", "Dr."]), None)
        return (pick(["Mr.", "Mr", "Shri", "Dr."]) if p.male else pick(["Ms.", "Mrs.", "Smt.", "Dr.", "Ms"]), None)
    return f


def _pron(forms):
    return lambda ctx: (forms[0] if ctx.person("p").male else forms[1], None)


def _bank_name(ctx):
    return (ctx.get_bank()[0], None)


def _ifsc(ctx):
    return (ifsc_value(ctx.get_bank()[1]), "ifsc")


def _acct(ctx, spaced=False):
    if ctx.loc == "us":
        return (us_account_value(), "bank_account")
    return (account_value(ctx.get_bank(), spaced=spaced or R.random() < 0.06), "bank_account")


def _pan(ctx):
    v = pan_value("P", _clean(ctx.person("p").last)[0].upper())
    return (v, "pan")


def _money_suffix(ctx):
    v = money_inr("plain")
    while not re.match(r"(₹|Rs)", v) or "." in v.replace("Rs.", ""):
        v = money_inr("plain")
    return [(v, "money"), ("/-", None)]


SLOTS = {
    # people
    "name": _person_slot("p", "full"), "first": _person_slot("p", "first"), "full": _person_slot("p", "fl"),
    "last": _person_slot("p", "last"), "lname": _person_slot("p", "lower"), "lfirst": _person_slot("p", "lfirst"),
    "uname": _person_slot("p", "upper"),
    "name2": _person_slot("p2", "full"), "first2": _person_slot("p2", "first"), "full2": _person_slot("p2", "fl"),
    "agent": _person_slot("agent", "fl"), "agent_first": _person_slot("agent", "first"),
    "agent2_first": _person_slot("agent2", "first"),
    "cue": _person_slot("cue", "first", cue=True), "cuefull": _person_slot("cue", "fl", cue=True),
    "title": _title("p"), "cuetitle": _title("cue"), "title2": _title("p2"),
    "he": _pron(("he", "she")), "his": _pron(("his", "her")), "him": _pron(("him", "her")),
    "He": _pron(("He", "She")),
    # contact
    "phone": lambda c: (phone_for(c), "phone"), "phone2": lambda c: (phone_for(c), "phone"),
    "mobile": lambda c: (fmt_in_mobile(), "phone"), "landline": lambda c: (in_landline(), "phone"),
    "phone_us": lambda c: (us_phone(), "phone"), "tollfree": lambda c: (us_phone(tollfree=True), "phone"),
    "phone_intl": lambda c: (intl_phone(), "phone"),
    "email": lambda c: (email_for(c.person("p")), "email"), "email2": lambda c: (email_for(c.person("p2")), "email"),
    "email_biz": lambda c: (email_for(c.person("agent"), biz=True), "email"),
    "email_work": lambda c: (email_for(c.person("p"), biz=True), "email"),
    "email_role": lambda c: (role_email(c.loc), "email"),
    # ids
    "aadhaar": lambda c: (aadhaar_value(), "aadhaar"), "pan": _pan,
    "pan_any": lambda c: (pan_value("P"), "pan"),
    "pan_biz": lambda c: (pan_value(pick("CFHTABGJL")), "pan"),
    "pan_lower": lambda c: (pan_value("P", _clean(c.person("p").last)[0].upper()).lower(), "pan"),
    "ssn": lambda c: (ssn_value(), "ssn"), "ssn2": lambda c: (ssn_value(), "ssn"),
    "ssn_plain": lambda c: (ssn_value("plain"), "ssn"),
    "bank": _bank_name, "ifsc": _ifsc, "acct": _acct, "acct_spaced": lambda c: _acct(c, spaced=True),
    "money": lambda c: (money_for(c), "money"), "money2": lambda c: (money_for(c), "money"),
    "money3": lambda c: (money_for(c), "money"),
    "inr": lambda c: (money_inr(), "money"), "inr_s": lambda c: (money_inr("plain", small=True), "money"), "inr_plain": lambda c: (money_inr("plain"), "money"),
    "lakh": lambda c: (money_inr("scale"), "money"), "usd": lambda c: (money_usd(), "money"), "usd_big": lambda c: (money_usd(big=True), "money"),
    "money_slash": _money_suffix,
    "addr": lambda c: (addr_for(c), "address"), "addr_in": lambda c: (addr_in(), "address"),
    "addr_us": lambda c: (addr_us(), "address"),
    "oid": lambda c: (order_for(c), "order_id"), "oid2": lambda c: (order_for(c), "order_id"),
    "fk": lambda c: (oid_flipkart(), "order_id"), "amz": lambda c: (oid_amazon_in(), "order_id"),
    "amz_us": lambda c: (oid_amazon_us(), "order_id"), "pnr": lambda c: (pnr_rail(), "order_id"),
    "pnr_air": lambda c: (pnr_air(), "order_id"), "booking": lambda c: (booking_id(), "order_id"),
    "ticket": lambda c: (ticket_id(), "order_id"), "awb": lambda c: (awb_id(), "order_id"),
    "tracking": lambda c: (tracking_id(c.loc), "order_id"), "invoice": lambda c: (invoice_no(), "order_id"),
    "complaint": lambda c: (complaint_no(), "order_id"), "caseid": lambda c: (case_id(), "order_id"),
    "srno": lambda c: (sr_no(), "order_id"), "ref": lambda c: (ref_no(), "order_id"),
    "upiref": lambda c: (upi_ref(), "order_id"), "shop": lambda c: (str(R.randint(1001, 98765)), "order_id"),
    "card": lambda c: (card_value(), "card"), "card_visa": lambda c: (card_value("visa"), "card"),
    "card_mc": lambda c: (card_value(pick(["mc", "mc2"])), "card"), "card_amex": lambda c: (card_value("amex"), "card"),
    "card_rupay": lambda c: (card_value("rupay"), "card"),
    "upi": lambda c: (upi_for(c.person("p")), "upi"), "upi_name": lambda c: (upi_for(c.person("p"), "name"), "upi"),
    "upi_phone": lambda c: (upi_for(c.person("p"), "phone"), "upi"), "upi_biz": lambda c: (upi_for(c.person("p"), "biz"), "upi"),
    "upi2": lambda c: (upi_for(c.person("p2")), "upi"),
    "ip": lambda c: (ip_any(), "ip"), "ipv4": lambda c: (ipv4_public(), "ip"), "ipv4b": lambda c: (ipv4_public(), "ip"),
    "ipv4_priv": lambda c: (ipv4_private(), "ip"), "ipv6": lambda c: (ipv6_value(), "ip"),
    "dns": lambda c: (pick(["8.8.8.8", "8.8.4.4", "1.1.1.1", "1.0.0.1", "9.9.9.9", "208.67.222.222"]), "ip"),
    # unlabeled filler
    "company": L(lambda c: pick(US_COMPANIES if c.loc == "us" else IN_COMPANIES)),
    "company_l": L(lambda c: pick(IN_COMPANIES).lower()),
    "city": L(lambda c: pick(US_CITY_NAMES if c.loc == "us" else IN_CITY_NAMES)),
    "date": L(lambda c: date_str()), "date2": L(lambda c: date_str()), "time": L(lambda c: time_str()),
    "time2": L(lambda c: time_str()), "day": L(lambda c: pick(DAYS)), "month": L(lambda c: pick(MONTHS)),
    "product": L(lambda c: pick(US_PRODUCTS if c.loc == "us" else PRODUCTS)), "rel": L(lambda c: pick(RELATIONS)),
    "exp": L(lambda c: exp_str()), "cvv": L(lambda c: str(R.randint(100, 999))), "last4": L(lambda c: digits(4)),
    "port": L(lambda c: str(pick([22, 80, 443, 3306, 5432, 8080, 8443, 6379, 3389]))),
    "festival": L(lambda c: pick(FESTIVALS)), "d": L(lambda c: str(R.randint(1, 5))), "n": L(lambda c: str(R.randint(2, 30))), "m": L(lambda c: str(R.randint(31, 90))),
    "dur": L(lambda c: pick(["2 hours", "45 mins", "3-5 business days", "1 hr 20 min", "48 hours", "7 working days",
                            "two weeks", "10 days", "30 minutes", "90 seconds"])),
    "qty": L(lambda c: qty_str()), "qty2": L(lambda c: qty_str()), "ver": L(lambda c: version_str()),
    "ver4": L(lambda c: version4_str()), "winbuild": L(lambda c: winbuild_str()), "chromever": L(lambda c: chrome_str()),
    "sku": L(lambda c: sku_str()), "pct": L(lambda c: pct_str()), "otp": L(lambda c: otp_str()),
    "gstin": L(lambda c: gstin_str()), "hsn": L(lambda c: hsn_str()), "url": L(lambda c: url_str()),
    "hash": L(lambda c: hash_str()), "hash64": L(lambda c: hash_str(64)), "isbn": L(lambda c: isbn_str()),
    "badquad": L(lambda c: badquad_str()), "dotdate": L(lambda c: dotdate_str()), "bad12": L(lambda c: bad12_str()),
    "badluhn": L(lambda c: card_invalid()), "badpan": L(lambda c: badpan_str()), "badssn": L(lambda c: badssn_str()),
    "epoch": L(lambda c: epoch_str()), "token": L(lambda c: pick(TOKENS)), "lakhcount": L(lambda c: lakhcount_str()),
    "file": L(lambda c: pick(["image@2x.png", "logo@3x.png", "banner@2x.jpg", "icon-home@2x.svg", "hero@1.5x.webp"])),
    "trainno": L(lambda c: str(pick([12951, 12627, 22691, 12002, 12301, 16526, 11301, 12213]))),
    "flightno": L(lambda c: f"{pick(['6E', 'AI', 'UK', 'SG', 'QP'])} {R.randint(100, 2999)}"),
    "status": L(lambda c: str(pick([400, 401, 403, 404, 429, 500, 502, 503, 504]))),
    "hex8": L(lambda c: hash_str(8).upper()), "iosver": L(lambda c: f"17.{R.randint(0, 6)}.{R.randint(1, 3)}"),
    "nifty": L(lambda c: f"{R.randint(19, 24)},{R.randint(100, 999)}"), "deg": L(lambda c: str(R.randint(18, 44))),
    "mah": L(lambda c: str(pick([4000, 5000, 6000, 10000, 20000]))), "gb": L(lambda c: str(pick([4, 6, 8, 12, 16]))),
    "size": L(lambda c: pick(["S", "M", "L", "XL", "XXL", "UK 8", "UK 9", "32", "34"])),
    "inch": L(lambda c: f"{pick([6.1, 6.5, 6.7, 13.3, 15.6])} inch"),
}

SLOT_RE = re.compile(r"\{(\w+)\}|\[([^\[\]]+?)\]\((\w+)\)")


# --------------------------------------------------------------------------
# rendering, validation, lint
# --------------------------------------------------------------------------
class Line:
    def __init__(self, text, ents, src):
        self.text, self.ents, self.src = text, ents, src

    def json(self):
        return json.dumps({"text": self.text, "entities": self.ents}, ensure_ascii=False)


def parse_tags(tpl):
    loc, allow = "in", set()
    while True:
        m = re.match(r"(US|IN|ALLOW\(([\w,]+)\))\|", tpl)
        if not m:
            return tpl, loc, allow
        if m.group(1) == "US":
            loc = "us"
        elif m.group(1) == "IN":
            loc = "in"
        else:
            allow |= set(m.group(2).split(","))
        tpl = tpl[m.end():]


def render(tpl):
    body, loc, allow = parse_tags(tpl)
    ctx = Ctx(loc)
    segs, pos = [], 0
    for m in SLOT_RE.finditer(body):
        if m.start() > pos:
            segs.append((body[pos:m.start()], None))
        if m.group(1):
            if m.group(1) not in SLOTS:
                raise KeyError(f"unknown slot {m.group(1)!r} in {tpl!r}")
            out = SLOTS[m.group(1)](ctx)
            segs.extend([out] if isinstance(out, tuple) else out)
        else:
            segs.append((m.group(2), m.group(3)))
        pos = m.end()
    segs.append((body[pos:], None))
    text, ents = "", []
    for s, t in segs:
        if t:
            assert t in TYPES, (t, tpl)
            ents.append({"type": t, "start": len(text), "end": len(text) + len(s), "text": s})
        text += s
    return Line(text, ents, tpl), allow


ORDER_CUE = re.compile(r"(?i)(order|booking|pnr|ticket|\bref\b|reference|awb|tracking|invoice|complaint|case|"
                       r"\bsr\b|sr no|इनवॉइस)[^\n]{0,22}$")
ACCOUNT_CUE = re.compile(r"(?i)a/c|\bacct|account|khata|खाता|ifsc|beneficiary|checking|savings")
LOWER_NAME_CUE = re.compile(r"(?i)(my name is|this is|mera naam|mera name|naam|i am|i'm|name:|मेरा नाम)\s*$")
CUE_NAME_CUE = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|Shri|Smt)\.? $|(?i:my name is) $|(?i:\bask(?: for)?) $|(?i:\bI'm) $|(?i:\bdear) $|(?i:\bthanks(?: so much)?|thank you(?: so much)?),? $|"
                          r"(?i:thanks|regards|best|cheers|warmly|sincerely|thank you|love|—|-)[,!]?\s*\n?\s*$)")
SSN_CUE = re.compile(r"(?i)(ssn|social security|social)[^\n]{0,25}$")


def check_line(line: Line):
    text, ents = line.text, line.ents
    prev_end = 0
    for e in sorted(ents, key=lambda e: e["start"]):
        s, t = e["start"], e["end"]
        assert text[s:t] == e["text"], (e, text)
        assert s >= prev_end, f"overlap in {text!r}"
        prev_end = t
        v = e["text"]
        assert v == v.strip() and v, (e, text)
        assert VALIDATORS[e["type"]](v), f"invalid {e['type']} {v!r} in {text!r}"
        before = text[max(0, s - 40):s]
        after = text[t:t + 1]
        # entity must not be glued to surrounding word characters
        assert not (s > 0 and (text[s - 1].isalnum() or text[s - 1] in "_")), (e, text)
        assert not (after and (after.isalnum() or after == "_")), (e, text)
        if e["type"] == "ssn" and v.isdigit():
            assert SSN_CUE.search(before), f"plain SSN without cue: {text!r}"
        if e["type"] == "bank_account":
            assert ACCOUNT_CUE.search(text), f"account without cue: {text!r}"
        if e["type"] == "order_id":
            assert ORDER_CUE.search(before), f"order id without context word: {text!r}"
        if e["type"] == "name":
            if v[0].islower():
                assert LOWER_NAME_CUE.search(before), f"lowercase name without cue: {text!r}"
            if v in CUE_WORDS:  # a bare common-word name ("Will") needs a cue; "Will Thompson" does not
                assert CUE_NAME_CUE.search(before), f"common-word name without cue: {text!r}"
            assert not re.search(r"(?i)\b(mr|mrs|ms|dr|shri|smt)\.?$", v)


FIRST_NAMES = sorted(set(IN_FIRST_M + IN_FIRST_F + US_FIRST_M + US_FIRST_F) - CUE_WORDS, key=len, reverse=True)
LINT = [
    ("email", re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")),
    ("upi", re.compile(r"[\w.-]+@(?:" + "|".join(UPI_HANDLES) + r")(?![\w.])")),
    ("aadhaar", re.compile(r"(?<!\w)(?<!\d[ -])[2-9]\d{3}([ -]?)\d{4}\1\d{4}(?!\w)(?![ -]\d)")),
    ("card", re.compile(r"(?<!\w)(?:\d{4}([ -]?)\d{4}\1\d{4}\1\d{4}|\d{13,19}|\d{4}[ -]\d{6}[ -]\d{5})(?!\w)")),
    ("phone", re.compile(r"(?<!\w)(?:[6-9]\d{9}|[6-9]\d{4}[ -]\d{5})(?!\w)|\+\d|\(\d{3}\) ?\d{3}-\d{4}|"
                         r"(?<!\w)[2-9]\d{2}[-.][2-9]\d{2}[-.]\d{4}(?!\w)|(?<![\w-])(?<!\d )0\d{2,4}[- ]\d{3,4} ?\d{4}(?!\w)(?! \d)")),
    ("pan", re.compile(r"(?<!\w)[A-Z]{3}[ABCFGHLJPT][A-Z]\d{4}[A-Z](?!\w)")),
    ("ifsc", re.compile(r"(?<!\w)(?:" + "|".join(IFSC_PREFIXES) + r")0[A-Z0-9]{6}(?!\w)")),
    ("ssn", re.compile(r"(?<!\w)\d{3}-\d{2}-\d{4}(?!\w)")),
    ("ip", re.compile(r"(?<![\w.])\d{1,3}(?:\.\d{1,3}){3}(?![\w]|\.\d)")),
    ("ipv6", re.compile(r"(?<![\w:])(?:[0-9a-fA-F]{1,4}:){2,7}[0-9a-fA-F:]*(?![\w:])|::[0-9a-fA-F]{1,4}")),
    ("money", re.compile(r"₹|\b[Rr]s\.?\s?\d|\bINR\b|\$\s?\d|\bUSD\b|\d\s?(?:rupees|dollars)\b|"
                         r"\d\s?(?:lakh|lakhs|lac|crore|crores|cr)\b")),
    ("name", re.compile(r"\b(?:" + "|".join(re.escape(n) for n in FIRST_NAMES) + r")\b")),
]


def lint(line: Line, allow):
    chars = list(line.text)
    for e in line.ents:
        for i in range(e["start"], e["end"]):
            chars[i] = "\u2588"
    masked = "".join(chars)
    problems = []
    for kind, rx in LINT:
        if kind in allow:
            continue
        for m in rx.finditer(masked):
            v = m.group(0)
            d = re.sub(r"\D", "", v)
            if kind == "email" and re.search(r"\.(png|jpg|svg|webp|gif)$", v):
                continue
            if kind == "aadhaar" and not verhoeff_ok(d):
                continue
            if kind == "card" and not (luhn_ok(d) and card_brand(d)):
                continue
            if kind == "ssn" and not valid_ssn(v):
                continue
            if kind == "ip" and not valid_ip(v):
                continue
            if kind == "ipv6" and not valid_ip(v.rstrip(":")) and not valid_ip(v):
                continue
            problems.append((kind, v))
    return problems


def build(tpl):
    line, allow = render(tpl)
    check_line(line)
    probs = lint(line, allow)
    if probs:
        raise AssertionError(f"unlabeled PII-looking text {probs} in {line.text!r} (template {tpl!r})")
    return line


# --------------------------------------------------------------------------
# templates (one list per entity type; each template contains that type)
# --------------------------------------------------------------------------
T = {}
T["name"] = [
    "Hi, this is {agent} from {company} support. How can I help you today?",
    "Hello, my name is {name} and I placed an order last week but it still shows 'packed'.",
    "Please ask {first} to call me back after {time}.",
    "Thanks {first}, that worked!",
    "Dear {name},\nYour refund has been processed and should reflect in 5-7 working days.\nRegards,\n{agent}\n{company} Care",
    "{title} {name} visited the branch on {date} regarding {his} home loan.",
    "{title} {name} wants to upgrade to the premium plan, please share the details with {him}.",
    "can u connect me to {first}? {he} handled my case last time",
    "my name is {lname}, i need help with my account",
    "this is {lfirst} from {company_l}, calling about your enquiry",
    "Spoke to {name} from accounts, {he} said the invoice will be sent by {day}.",
    "Namaste {first} ji, aapka complaint register ho gaya hai.",
    "{first} bhai, kal meeting mein aa rahe ho?",
    "Forwarding this to {agent} who handles enterprise accounts in {city}.",
    "Please note the policy holder is {name}, not {name2}.",
    "{first}'s laptop is still under warranty right? Bought it in {month}.",
    "Shri {full} ne form submit kar diya hai, verification pending hai.",
    "Dr. {full} ka appointment {day} ko hai, please confirm.",
    "Regards,\n{name}",
    "Best,\n{first}",
    "मेरा नाम {name} है, मुझे refund चाहिए।",
    "Hi team, {name} here. Unable to login since morning.",
    "Assigning this chat to {agent_first}. {agent_first}, please take a look.",
    "I spoke with {agent_first} and then {agent2_first} but nobody resolved it.",
    "Cc: {name}, {name2}",
    "Please add {full2} as a nominee on my policy.",
    "sir ji mera naam {lname} hai aur mujhe personal loan chahiye",
    "Manager {name} approved the extra discount for this customer.",
    "Hi {first}, your demo with our sales team is confirmed for {day} at {time}.",
    "{cuetitle} {cuefull} will join the call from the {city} office.",
    "Please ask {cue} to send the revised quote today.",
    "Thanks,\n{cue}",
    "Hi, my name is {cue} and I want to cancel my subscription.",
    "{cuetitle} {cuefull} has requested a callback regarding the claim.",
    "kindly ask {first} to share the signed copy asap",
    "Order delivered to {name2} at the security gate, not to {first}.",
    "Aapka agent {agent_first} bahut helpful tha, thank you!",
    "Hello {title} {full}, your KYC is pending. Kindly upload the documents.",
    "Customer {name} says the product stopped working after {dur}.",
    "I am {full}, the account holder. My spouse {full2} will also call you.",
    "Warm regards,\n{full}\nSenior Manager, Procurement\n{company}",
    "{first} ne bola tha ki refund {day} tak aa jayega",
    "The cheque should be issued in the name of {uname}.",
    "Name as per bank records: {uname}",
    "Congratulations {first}! Your loan has been approved.",
    "Please escalate — {name} has been waiting for {dur}.",
    "US|Hi {first}, thanks for reaching out to {company}. I'm {agent} and I'll be helping you today.",
    "US|Can you have {first} from billing give me a call?",
    "US|The package was signed for by {name}.",
    "US|Per my conversation with {name} yesterday, the late fee would be waived.",
    "US|Hey {first}! Quick question about the renewal.",
    "US|this is {lfirst}, i ordered the blue one not the red one",
    "US|Thanks so much, {first}! You've been super helpful.",
    "US|Please address the letter to {title} {name}.",
    "US|{first} and I are co-signers on the lease.",
    "US|Dear {cue},\nThank you for your patience while we look into this.",
    "US|{cuetitle} {cuefull} called about the billing dispute again.",
    "US|Ask {cue} to check the loading dock, the pallet should be there.",
    "US|Cheers,\n{cue}",
    "US|I'm {cue}, the office manager here — who should I talk to about the contract?",
    "US|Attn: {name}, Accounts Payable",
    "US|My partner {full2} is also on the account and can authorize it.",
    "US|Reassigning to {agent_first} since {first} is out until {day}.",
    "US|Sincerely,\n{full}",
]
T["phone"] = [
    "Call me on {phone}",
    "My number is {phone}, please call after {time}.",
    "mera number {mobile} hai, whatsapp kar do",
    "Pls call on {mobile} ya {phone2}",
    "Contact person: {name}, mob. {mobile}",
    "Ph: {landline}",
    "Our {city} office landline is {landline} (10 AM to 6 PM).",
    "Alternate no: {phone}",
    "Update my registered mobile from {mobile} to {phone2} please",
    "{name} - {mobile}",
    "whatsapp pe msg karo {mobile}, call mat karna",
    "Delivery boy ka number {mobile} hai, wo call nahi utha raha",
    "Sir, I tried calling {phone} three times but it's switched off.",
    "Call back requested on {mobile} regarding {product}.",
    "मेरा नंबर {mobile} है, कृपया कॉल करें",
    "For urgent issues reach me at {mobile} or mail {email}.",
    "Is {mobile} your registered number?",
    "Name: {name}\nMobile: {mobile}\nCity: {city}",
    "Hi, my OTP is not coming on {mobile}",
    "pls note my new no {mobile} old one is not working",
    "Emergency contact: {name2} ({rel}), {mobile}",
    "Reception: {landline}, ext 214",
    "Missed call from {phone} — is this from your team?",
    "{mobile} pe call karo, main ghar pe hoon",
    "Customer {name} ({mobile}) says the package was damaged.",
    "I'm travelling, reach me on my US number {phone_us} till {date}.",
    "Our Dubai partner can be reached on {phone_intl}.",
    "Tel: {landline} / Fax: {landline}",
    "please call {first} on {mobile}, {he} will guide you",
    "number galat save hai, sahi number {mobile} hai",
    "Plz update contact no. to {mobile} in my profile",
    "The technician's phone {mobile} is not reachable.",
    "Thanks,\n{name}\nM: {mobile}",
    "Sir mera registered mobile {mobile} hai aur alternate {mobile}",
    "For the site visit call our engineer at {mobile} between {time} and {time2}.",
    "US|You can reach me at {phone_us}.",
    "US|Call me back at {phone_us} anytime after 5.",
    "US|My cell is {phone_us} and work is {phone_us}.",
    "US|Please update my phone number to {phone_us}.",
    "US|Text {phone_us} when the driver arrives.",
    "US|Hi this is {first}, my callback number is {phone_us}",
    "US|Our support line is {tollfree}, open 24/7.",
    "US|For UK clients please call {phone_intl}.",
    "US|Best number to reach me: {phone_us} (mornings work best)",
    "US|{name}\nAccount Executive\nDirect: {phone_us}\nEmail: {email_work}",
    "US|can u call me at {phone_us}? cant type much rn",
    "US|Left a voicemail at {phone_us} yesterday, no response.",
]

T["email"] = [
    "My email is {email}",
    "Please send the invoice to {email}.",
    "email id: {email}",
    "Can you cc {email2} on this thread?",
    "mera email {email} hai, uspe bhej do",
    "I didn't receive anything on {email}, can you check?",
    "Change my email from {email} to {email2}",
    "For bulk orders write to {email_role}.",
    "Regards,\n{name}\n{email}",
    "Reply to {email} with the signed form",
    "{full} <{email}>",
    "From: {full} <{email}>\nTo: {email_role}\nSubject: Refund for order {oid}",
    "kya aap {email} pe statement bhej sakte ho?",
    "The login id is {email}, password reset link is not coming.",
    "HR ko mail karo: {email_role}",
    "Contact: {email} / {mobile}",
    "Please mail your resume to {email_role} before {date}.",
    "Is {email} linked to my account?",
    "ईमेल: {email}",
    "I think I made a typo, it should be {email} not {email2}.",
    "Escalating to {email_biz} as discussed.",
    "sign up with {email} worked but verification mail never came",
    "plz share the quotation on my mail {email}",
    "Our accounts team ({email_role}) will send the Form 16.",
    "Add {email2} as a secondary email on my profile.",
    "Name: {name}\nEmail: {email}\nPhone: {mobile}",
    "Hi {first}, I've shared the deck on {email_work}, please check.",
    "bhai ye {email} galat hai, {email2} pe bhejo",
    "Send the e-ticket to {email} and the invoice to {email_work}",
    "unsubscribe {email} from all promotional mails",
    "Grievance officer: {agent}, {email_biz}",
    "US|Send the contract to {email} and cc {email_biz}.",
    "US|my email is {email} (all lowercase)",
    "US|Hi, it's {first} — can you update my billing email to {email}?",
    "US|Could you forward the receipt to {email}? Thanks!",
    "US|Please reach out to {email_role} for W-2 questions.",
    "US|{full}\nDirector of Operations\n{email_work}",
    "US|I never got the confirmation at {email}.",
    "US|Loop in {email_biz}, they own the vendor relationship.",
    "US|You can email me at {email} or text me.",
]

T["aadhaar"] = [
    "My Aadhaar number is {aadhaar}",
    "aadhar no. {aadhaar}",
    "Aadhaar: {aadhaar}, PAN: {pan}",
    "KYC ke liye aadhaar {aadhaar} diya hai",
    "आधार नंबर: {aadhaar}",
    "Please link Aadhaar {aadhaar} with my account {acct}",
    "UID {aadhaar} ke against eKYC fail ho raha hai",
    "Name: {name}\nAadhaar No: {aadhaar}\nMobile: {mobile}",
    "Can you verify {aadhaar}? It is my mother's aadhaar.",
    "I submitted my Aadhaar card ({aadhaar}) at the branch on {date}.",
    "sim activation ke liye aadhar {aadhaar} use karo",
    "Applicant {name}, Aadhaar {aadhaar}, DOB {date}",
    "My aadhaar is {aadhaar} and registered mobile {mobile}",
    "The eKYC OTP goes to the number linked with Aadhaar {aadhaar}.",
    "Aadhaar number ({aadhaar}) galat enter ho gaya, please correct it",
    "For the new gas connection: Aadhaar - {aadhaar}, address: {addr_in}",
    "Aadhaar card no {aadhaar} hai mera",
    "आधार {aadhaar} से लिंक मोबाइल नंबर बदलना है",
    "Sir, my father's Aadhaar is {aadhaar}, please update it in the policy.",
    "PF claim reject hua, Aadhaar {aadhaar} UAN se linked hai",
    "aadhar {aadhaar} pan {pan} dono bhej diye",
    "Aadhaar {aadhaar} seeding status kya hai?",
    "KYC details —\nAadhaar: {aadhaar}\nPAN: {pan}\nName: {uname}",
    "Please update DOB on Aadhaar {aadhaar}, it shows {date} which is wrong.",
    "UIDAI says {aadhaar} is not linked to any bank account",
    "Aadhaar no. {aadhaar} of the nominee {full2}",
    "Mera aadhar number hai {aadhaar}. Ration card ke liye chahiye",
    "For DigiLocker I used aadhaar {aadhaar}",
    "Tenant verification: {name}, Aadhaar {aadhaar}, permanent address {addr_in}",
    "hi, aadhaar {aadhaar} par loan already hai kya? check kar do",
    "The student's Aadhaar ID is {aadhaar}; please update it in the school records.",
    "Aadhaar ({aadhaar}) verified successfully on {date}",
    "Sending my Aadhaar {aadhaar} for the rental agreement",
]

T["pan"] = [
    "PAN: {pan}",
    "My PAN number is {pan}",
    "pan card no {pan} hai",
    "Please update PAN {pan} in my demat account",
    "Form 16 mein PAN {pan} galat hai",
    "TDS was deducted against PAN {pan} for FY 2023-24",
    "Company PAN: {pan_biz}",
    "Our firm's PAN is {pan_biz}, GST registration in progress",
    "Name as per PAN: {uname}, PAN {pan}",
    "KYC docs: PAN {pan}, Aadhaar {aadhaar}",
    "pan {pan_lower} hai mera",
    "PAN-Aadhaar link status for {pan}?",
    "Invoice mein buyer PAN {pan} daal dena",
    "पैन नंबर {pan}",
    "The PAN {pan} belongs to {name}",
    "Mutual fund folio mein PAN {pan} update karna hai",
    "Loan application: {name}, PAN {pan}, monthly income {inr_s}",
    "Can you check if {pan} is verified? The income tax portal says name mismatch.",
    "HUF PAN {pan_biz} for the property purchase",
    "PAN no. {pan}, DOB {date}",
    "Please quote PAN {pan} on the rent receipts",
    "Landlord PAN: {pan_any} (rent above threshold)",
    "Credit report pull kiya for PAN {pan}, score low aa raha hai",
    "For TCS on foreign remittance I gave PAN {pan}",
    "Trust PAN is {pan_biz}, please issue the 80G receipt",
    "Hi {first}, PAN {pan} and cancelled cheque bhej do",
    "pan card number {pan} please update in my profile",
    "My PAN {pan} is linked with aadhaar {aadhaar}",
    "Director {name}, PAN {pan}",
    "Insurance proposal: PAN {pan}, nominee {full2}",
    "Income tax notice mein PAN {pan} mention hai",
    "पैन कार्ड {pan} अपडेट करें",
    "US|NRI client {name}: PAN {pan}, SSN {ssn}",
]

T["ssn"] = [
    "US|My SSN is {ssn}",
    "US|SSN: {ssn}",
    "US|social security number {ssn}",
    "US|Please verify the name on SSN {ssn}, it should be {last}.",
    "US|Employee {name}, SSN {ssn}, start date {date}",
    "US|For the W-9 I used my SSN {ssn}.",
    "US|Social Security No. {ssn_plain}",
    "US|ssn {ssn_plain}",
    "US|Tax ID (SSN): {ssn}",
    "US|the credit check needs an SSN — mine is {ssn}",
    "US|Name: {name}\nSSN: {ssn}\nDOB: {date}\nAddress: {addr_us}",
    "US|my social is {ssn}",
    "US|I think HR has my SSN wrong, it should be {ssn} not {ssn2}",
    "US|Dependent: {name2}, SSN {ssn}",
    "US|I'm filing US taxes, my SSN is {ssn} and my PAN is {pan_any}",
    "US|SSN {ssn} was used to open an account I don't recognize.",
    "US|Borrower SSN: {ssn}; co-borrower SSN: {ssn2}",
    "US|Hi, I need to update the SSN on file to {ssn}.",
    "US|Please run the background check for {name}, SSN {ssn}.",
    "US|Last 4 isn't enough? Fine, full SSN is {ssn}.",
    "US|Social Security #: {ssn}",
    "US|The 1099 shows SSN {ssn} but that's my old employer's typo.",
    "US|SSN on the application: {ssn_plain}",
    "US|Can you confirm you received my SSN ({ssn}) for payroll?",
    "US|Applicant SSN {ssn}, phone {phone_us}",
    "US|my ssn is {ssn} pls dont share it",
    "US|Spouse {full2} — SSN {ssn}",
    "US|social security no {ssn} and date of birth {date}",
    "US|Patient {name}, SSN {ssn}, insurance pending",
    "US|I typed my social security number as {ssn_plain} on the form",
    "US|Please redact SSN {ssn} from the shared document.",
    "US|Enrollment form: {name} / SSN {ssn} / {email}",
    "US|Withholding setup — SSN: {ssn}, filing status single",
]
T["ifsc"] = [
    "IFSC: {ifsc}",
    "IFSC code {ifsc}",
    "A/c No: {acct}\nIFSC: {ifsc}\nBank: {bank}",
    "Branch IFSC is {ifsc}, {city} main branch",
    "Beneficiary: {name}, Account: {acct}, IFSC: {ifsc}",
    "NEFT ke liye IFSC {ifsc} use karo",
    "IFSC galat hai, sahi wala {ifsc} hai",
    "Is {ifsc} the right IFSC for {bank} {city}?",
    "Please add payee with IFSC {ifsc}",
    "bank: {bank}, ifsc {ifsc}, a/c {acct}",
    "RTGS failed — IFSC {ifsc} invalid bata raha hai",
    "My salary account is with {bank}, IFSC {ifsc}.",
    "IFSC: {ifsc} | A/C: {acct} | Name: {uname}",
    "Transfer {inr} to account {acct}, IFSC {ifsc}, by {day} please",
    "आईएफएससी कोड {ifsc}",
    "ifsc code bhejo na, {bank} wala — {ifsc} hai kya?",
    "Bank details for refund:\nName: {name}\nAccount number: {acct}\nIFSC: {ifsc}",
    "The branch got merged, new IFSC is {ifsc}.",
    "Vendor {company} bank details: {bank}, A/c {acct}, IFSC {ifsc}",
    "Cancelled cheque shows IFSC {ifsc} and account no. {acct}",
    "pls confirm ifsc {ifsc} before I send the money",
    "IMPS to {ifsc} is failing since morning",
    "Old IFSC {ifsc} won't work after the merger, use {ifsc} instead",
    "Kindly update IFSC to {ifsc} in the payroll system",
    "ECS mandate: {bank}, IFSC {ifsc}, account {acct}",
    "IFSC {ifsc} ({city} branch)",
    "Rent goes to {acct} at {bank}, IFSC {ifsc}",
    "I entered IFSC {ifsc} but the beneficiary name came up blank",
    "For the scholarship, bank IFSC: {ifsc}, khata number: {acct}",
    "MICR and IFSC ({ifsc}) are printed on the cheque leaf",
    "NACH failed — please recheck IFSC {ifsc}",
]

T["bank_account"] = [
    "My account number is {acct}",
    "A/c no. {acct}",
    "acct {acct}, IFSC {ifsc}",
    "Khata number {acct} hai, {bank} mein",
    "खाता संख्या {acct}",
    "Beneficiary account {acct}, {bank}",
    "Please credit the refund to account no. {acct}",
    "Salary account: {acct} ({bank}, {city} branch)",
    "Transfer {inr} to A/C {acct} IFSC {ifsc}",
    "I want to close my savings account {acct}",
    "account number {acct_spaced}",
    "{inr} debited from a/c {acct} but merchant says not received",
    "Change the linked bank account to {acct} ({ifsc}).",
    "a/c {acct} mein paisa nahi aaya abhi tak",
    "Please freeze account {acct}, my debit card is lost",
    "Loan EMI auto-debit from account no {acct}",
    "Joint account {acct} — holders {name} and {name2}",
    "Sir mera account no {acct} hai, passbook update nahi ho rahi",
    "Dividend should go to bank account {acct}, not the old one",
    "FD against account {acct} matured on {date}",
    "Account No.: {acct}\nAccount Name: {uname}\nBranch: {city}",
    "Pls send the statement for acct no {acct} for last 6 months",
    "Refund bank details — A/c: {acct}, IFSC: {ifsc}, Name: {full}",
    "Account number galat daal diya tha, sahi hai {acct}",
    "Minimum balance charges deducted from my account {acct}, why?",
    "US|Please deposit the refund to my checking account {acct}.",
    "US|My savings account number is {acct} at {company}.",
    "US|Wire to account number {acct}, beneficiary {name}.",
    "US|Direct deposit: account {acct}, checking",
    "US|The payment bounced from acct {acct}, can you retry?",
    "US|Account #{acct} was charged twice for {usd}.",
    "कृपया खाता {acct} में राशि जमा करें",
    "Beneficiary account no: {acct_spaced}, IFSC {ifsc}",
    "PPF account {acct} ka interest credit nahi hua",
]

T["money"] = [
    "The total comes to {inr}.",
    "Refund of {inr} not received yet",
    "EMI of {inr_s} per month for 12 months",
    "Mujhe {inr} ka loan chahiye",
    "CTC offered is {lakh} per annum",
    "Price dropped from {inr} to {inr} in one day!",
    "{inr} debited twice from my card!",
    "Budget is around {inr} for the whole order.",
    "approx {inr} ka kharcha hoga",
    "Total payable: {inr} (incl. 18% GST)",
    "Cashback of {inr_s} will be credited in 3 days",
    "Flat {inr} off on orders above {inr}",
    "Deal value is {lakh}",
    "Rent is {inr_s} + maintenance {inr_s}",
    "sir {inr_s} bhej diya hai, check karo",
    "My salary is {lakh} per year",
    "पूरा {inr} वापस चाहिए",
    "Late fee of {inr_s} was added, please waive it",
    "Invoice amount {inr}, paid {inr}, balance {inr}",
    "quoted price {inr} but charged {inr}, that's not fair",
    "Insurance cover of {lakh} with premium {inr} yearly",
    "Home loan of {lakh} sanctioned at 8.5% interest",
    "The flat costs {lakh}, registration extra",
    "Fine of {money_slash} collected",
    "Fees {money_slash} only, pay before {date}",
    "Delivery charge {inr_s} kyun lagaya?",
    "Your wallet balance is {inr_s}",
    "Pay {inr} now and the rest {inr} on delivery",
    "Security deposit {inr} refund kab milega?",
    "Premium plan costs {inr_s}/month or {inr_s}/year",
    "I paid {inr} via UPI on {date}",
    "Bhai {inr_s} udhaar de de, {day} ko lauta dunga",
    "Donation of {inr} received, thank you {first}!",
    "Outstanding amount: {inr}. Please pay to avoid penalty.",
    "The repair estimate is {inr_s}, approve?",
    "Annual turnover around {lakh}",
    "Recharge of {inr_s} done but pack not activated",
    "Gold loan limit is {lakh} for 50 grams",
    "Can you do it for {inr}? Final offer.",
    "US|I was charged {usd} instead of {usd}.",
    "US|The plan is {usd}/month after the trial.",
    "US|Can you do {usd} for the annual plan? Our budget is capped at {usd}.",
    "US|Tip was {usd}, total {usd}.",
    "US|Refund of {usd} still hasn't posted.",
    "US|The invoice says {usd} but the quote was {usd}.",
    "US|Series A raised {usd_big} last quarter.",
    "US|Shipping was {usd}, which seems high.",
    "US|My rent is {usd} and utilities are about {usd}.",
    "NRI here — sent {usd} home, got {inr} after conversion",
]

T["address"] = [
    "Ship to:\n{name}\n{addr_in}",
    "Address: {addr_in}",
    "please deliver at {addr_in}",
    "New address is {addr_in}, please update",
    "mera address hai {addr_in}",
    "Billing address:\n{addr_in}\nShipping same as billing.",
    "Delivery address change karna hai: {addr_in}",
    "पता: {addr_in}",
    "Registered office: {addr_in}, India",
    "{name}\n{addr_in}\nPh: {mobile}",
    "Courier return pickup from {addr_in} on {day}",
    "Correspondence address — {addr_in}",
    "Visit us at {addr_in} (near the metro station)",
    "The technician should come to {addr_in} between {time} and {time2}.",
    "Please send the replacement to my office: {addr_in}",
    "Permanent address: {addr_in}\nCurrent address: {addr_in}",
    "sir parcel {addr_in} pe bhejna tha, galat jagah chala gaya",
    "Deliver to {full}, {addr_in}",
    "Our warehouse: {addr_in}",
    "Shop address for pickup is {addr_in}. Timing {time} to {time2}.",
    "Please update my KYC address to {addr_in}",
    "Gift for {first2}, deliver at {addr_in}",
    "Return the documents to {addr_in} by speed post",
    "Consignee: {uname}\n{addr_in}\nMob: {mobile}",
    "address - {addr_in}",
    "I have shifted to {addr_in} from last month",
    "कृपया इस पते पर भेजें: {addr_in}",
    "US|Ship to: {addr_us}",
    "US|Our office moved to {addr_us}.",
    "US|Please mail the check to {addr_us}.",
    "US|Headquarters: {addr_us}, USA",
    "US|I live at {addr_us}, is same-day delivery available?",
    "US|{name}\n{addr_us}",
    "US|Billing address on the card is {addr_us}",
    "US|Return label should go to {addr_us}",
    "US|Send the W-2 to my new address: {addr_us}",
    "US|The tenant's forwarding address is {addr_us}.",
    "US|Deliver to the back door — {addr_us}",
]
T["order_id"] = [
    "Where is my order {oid}? It's been 10 days.",
    "order #{oid} not delivered yet",
    "Order ID: {oid}",
    "Booking ref: {booking}",
    "PNR {pnr} ka status kya hai?",
    "PNR: {pnr_air}, flight on {date}",
    "Ticket no {ticket} is still open",
    "Complaint no. {complaint} registered on {date}",
    "AWB {awb} shows delivered but I didn't get it",
    "tracking id {tracking} not updating since {day}",
    "Invoice no {invoice} dated {date}",
    "Case ID {caseid} — please escalate",
    "SR no {srno} raised for broadband issue",
    "ref no. {ref} for the failed transaction of {inr_s}",
    "Amazon order {amz} mein wrong item aaya",
    "Flipkart order {fk} cancel karna hai",
    "I want to return order {oid} and get a refund of {inr}.",
    "booking id {booking} for the {city} hotel, check-in {date}",
    "Your ticket {ticket} has been assigned to {agent_first}.",
    "reference {ref}, amount {inr}, date {date}",
    "PNR no. {pnr} — waiting list 12, will it confirm?",
    "Please check order no. {oid} and order no. {oid2}",
    "UPI ref no {upiref} — money debited but order failed",
    "Ticket #{ticket} ka update do",
    "आपका order {oid} आज deliver होगा",
    "Invoice No.: {invoice}\nBill To: {name}\nAmount: {inr}",
    "order id {oid} - wrong size aaya, exchange chahiye",
    "Hi, my order {fk} shows cancelled but money was deducted",
    "Complaint number {complaint} ka koi response nahi aaya",
    "Your AWB number is {awb}. Track on the courier website.",
    "Refund for order {amz} initiated, reference {ref}",
    "booking {booking} cancel kar do, refund kitna milega?",
    "The PNR is {pnr_air} and last name {last}",
    "Please quote ticket {ticket} in all future communication.",
    "invoice no. {invoice} mein GST number missing hai",
    "Order {oid} was marked delivered at {time} but nobody came",
    "tracking no {tracking} stuck at {city} hub",
    "Case {caseid} reopened as the issue persists",
    "SR number {srno} closed without fixing the router",
    "US|Amazon order {amz_us} arrived damaged.",
    "US|Order #{shop} — wrong size, need an exchange.",
    "US|Case {caseid} was closed without resolution.",
    "US|Tracking ID {tracking} shows an exception.",
    "US|My order number is {oid}, placed on {date}.",
    "US|Ticket {ticket} has been open for two weeks.",
    "US|Invoice #{invoice} is overdue, please advise.",
    "US|Reference {ref} for the wire transfer.",
    "US|Booking {pnr_air} — can I change the seat?",
]

T["card"] = [
    "My card number is {card}",
    "card no {card} exp {exp} cvv {cvv}",
    "Debit card {card} blocked, please unblock",
    "Charge it to {card}",
    "credit card {card} se payment fail ho raha hai",
    "Please hotlist my card {card}, it was stolen",
    "Card: {card}\nName on card: {uname}\nExpiry: {exp}",
    "The Amex {card_amex} is the corporate card, use that.",
    "RuPay card {card_rupay} not working on international sites",
    "Auto-debit from {card} for {inr_s} every month",
    "मेरा कार्ड {card} ब्लॉक करना है",
    "Replace card {card} with a new one, chip is damaged",
    "EMI conversion for transaction on card {card}",
    "Add-on card {card} for my {rel}",
    "card number {card} pe {inr} ka fraud transaction hua",
    "Payment was made using {card} on {date}",
    "Visa card {card_visa} declined at the POS",
    "Mastercard {card_mc} limit increase request",
    "pls save card {card} for faster checkout",
    "Credit card no. {card} ka bill generate nahi hua",
    "Kindly reverse the charge on {card}",
    "Card details: {card}, valid thru {exp}",
    "RuPay debit card {card_rupay} ka PIN reset karna hai",
    "The virtual card number is {card}",
    "Corporate card {card_amex} — expense report attached",
    "Refund should go back to card {card}",
    "US|Visa {card_visa}, exp {exp}",
    "US|I see a charge of {usd} on {card} that I didn't make.",
    "US|Please update the card on file to {card}.",
    "US|My Amex is {card_amex}, exp {exp}",
    "US|Card number: {card}\nCardholder: {name}",
    "US|Charge the deposit to {card_mc}.",
    "US|the card ending in the number i gave you is wrong, use {card} instead",
    "US|Dispute on card {card} for {usd} from {date}",
]

T["upi"] = [
    "UPI id: {upi}",
    "Pay to {upi}",
    "GPay karo {upi} pe",
    "send {inr_s} to {upi}",
    "PhonePe pe bhej do — {upi_phone}",
    "My VPA is {upi}",
    "Refund {upi} pe kar do please",
    "Collect request from {upi} not coming",
    "Payment done to {upi} but status pending",
    "upi - {upi}",
    "Merchant UPI {upi_biz} is showing invalid",
    "यूपीआई आईडी: {upi}",
    "Paytm {upi_phone} pe {inr_s} bhejo",
    "Hi {first}, my UPI is {upi}, please transfer the advance there",
    "Scan the QR or pay to {upi_biz}",
    "UPI ID {upi} galat hai kya? name nahi aa raha",
    "Please refund to UPI {upi} instead of the card",
    "transferred {inr} to {upi} by mistake, please help reverse",
    "Shop ka UPI {upi_biz} hai",
    "My new UPI handle is {upi}, the old one {upi} is closed",
    "Rent {inr_s} via UPI to {upi}",
    "Add {upi} as beneficiary for monthly SIP",
    "Send the cashback to {upi_phone}",
    "VPA: {upi}\nName: {uname}",
    "ye lo UPI: {upi}",
    "{name} ka UPI {upi} hai, usko bhej do",
    "Autopay mandate from {upi} failed",
    "kya {upi_phone} sahi hai? receiver name {full} dikh raha hai",
    "UPI ID: {upi} (Google Pay)",
    "Payment link expired, pay directly to {upi_biz}",
    "Aap {upi} pe {inr} transfer kar dijiye",
    "Tuition fees to {upi} please, {inr_s} for this month",
]

T["ip"] = [
    "Login attempt from IP {ipv4}",
    "Please whitelist {ipv4} and {ipv4b}",
    "Server IP is {ip}",
    "My public IP is {ipv4}, still blocked",
    "IPv6: {ipv6}",
    "Router admin page {ipv4_priv} nahi khul raha",
    "Suspicious login from {ipv6} at {time}",
    "Set DNS to {dns} and {dns}",
    "Host {ipv4_priv}:{port} is unreachable",
    "The VPN assigns {ipv4_priv} to my laptop",
    "Access denied for {ipv4} — too many attempts",
    "Whitelisted IPs: {ipv4}, {ipv4b}, {ipv6}",
    "ping {ipv4} times out",
    "Connected to {ipv4_priv} via SSH, port {port}",
    "Our office static IP is {ipv4}",
    "New device logged in from {ipv4} ({city})",
    "Please block {ipv4}, it's hitting our API",
    "DB host: {ipv4_priv}, replica {ipv4_priv}",
    "IP address {ipv4} se transaction hua, mera nahi hai",
    "Firewall rule: allow {ipv4_priv} to {ipv4_priv} on {port}",
    "The printer is at {ipv4_priv}",
    "My IPv6 address shows {ipv6}",
    "Geo-blocked: request from {ipv4} flagged as outside India",
    "API calls from {ipv6} failing with {status}",
    "Default gateway is {ipv4_priv}, DHCP is on",
    "Your account was accessed from {ipv4} on {date}. Was this you?",
    "Camera ka IP {ipv4_priv} hai, app mein add nahi ho raha",
    "Webhook source IPs: {ipv4} and {ipv4b}",
    "US|We saw traffic from {ipv4} on {date}.",
    "US|Can you unblock {ipv4}? It's our office.",
    "US|Router shows WAN IP {ipv4} and LAN {ipv4_priv}",
    "US|Login from {ipv6} was not me.",
]

NEG_TEMPLATES = [
    "Your OTP for login is {otp}. It is valid for 10 minutes.",
    "OTP {otp} hai, kisi ko share mat karna",
    "{otp} is your verification code. Do not share it.",
    "Delivery by {date}, between {time} and {time2}",
    "Your slot is booked for {day}, {time}.",
    "Meeting moved to {date} at {time}",
    "It took {dur} to get a response, very slow",
    "Refund will be processed in {dur}",
    "Please update the app to version {ver}",
    "After updating to {ver} the app keeps crashing",
    "ALLOW(ip)|Router firmware {ver4} has a known wifi bug",
    "ALLOW(ip)|Build number {ver4}, please attach the logs",
    "Windows version {winbuild}, Chrome {chromever}",
    "I ordered {qty} but received only {qty2}",
    "Pack size {qty}, shelf life {n} months",
    "SKU {sku} is out of stock in {city}",
    "Model no {sku}, colour black, size {size}",
    "GST 18% extra, HSN code {hsn}",
    "Our GSTIN is {gstin}",
    "Get {pct} off this {festival}!",
    "Check {url} for the return policy",
    "Fixed in commit {hash}",
    "sha256: {hash64}",
    "ISBN {isbn} wali book chahiye",
    "The config had {badquad} which is not a valid IP",
    "Invoice date {dotdate}, due date {dotdate}",
    "Serial number {bad12} printed on the box",
    "The barcode on the carton reads {bad12}",
    "Voucher serial {badluhn} is not getting accepted",
    "Coupon {badpan} is not applying at checkout",
    "Part no. {badssn} is backordered",
    "Catalogue item {badssn}, qty {n}",
    "Batch timestamp {epoch} in the logs",
    "Use {token} in the template instead of the real value",
    "The redacted text says: call {token} tomorrow",
    "{file} is missing on retina screens",
    "ALLOW(money)|Over {lakhcount} trust us!",
    "ALLOW(money)|We crossed {lakhcount} this year",
    "Happy {festival}! Offices will be closed on {date}.",
    "Will the {product} be back in stock by {day}?",
    "May I know why my refund is delayed?",
    "Hope you are doing well. Following up on my request from {date}.",
    "Mark as read option is not working in the {company} app.",
    "Bill amount is showing different from the app",
    "There is a grace period of {n} days for premium payment.",
    "Dear Sir/Madam, please resolve this at the earliest.",
    "Customer Care is not reachable since {day}",
    "Paid via Google Pay but {company} shows payment pending",
    "New Delhi se Mumbai ki flight {time} ki hai",
    "Joy of Giving week sale starts {date}",
    "Screen size {inch}, resolution 1920x1080, refresh rate 120Hz",
    "Battery {mah} mAh, {gb} GB RAM",
    "Temperature today is {deg}°C in {city}",
    "Error code 0x{hex8} while installing the update",
    "HTTP {status} on the checkout page since {time}",
    "Port {port} is blocked on the firewall",
    "Aaj {day} hai, kal tak ho jayega",
    "{festival} ki chhutti ke baad deliver hoga",
    "Train {trainno} is running {n} minutes late",
    "Flight {flightno} departs at {time}",
    "Sensex up {m} points, Nifty at {nifty}",
    "Score {d}/10, would recommend",
    "Page {n} of {m}",
    "Latest iOS {iosver} fixes the battery drain",
    "Order not received yet, please check",
    "I raised a ticket on {day} but there is no update",
    "Your booking is confirmed. Check-in {date} after {time}.",
    "Account locked after {n} wrong attempts",
    "{n} GB data left, valid till {date}",
    "Loan tenure {m} months at {pct} interest",
    "Total {n} items in cart",
    "Discount of {pct} on all {product} orders this week",
    "{company} app is not opening after the {ver} update",
    "Please call between {time} and {time2} on weekdays",
    "Dispatch by {date}, delivery in {dur}",
    "Warranty valid till {date}",
    "We are closed on {festival} and reopen on {day}",
    "Weight {qty}, dimensions 30 x 20 x 15 cm",
    "Your subscription renews on {date}",
    "Session expired at {time}, please login again",
    "Uploaded {file} but the preview is broken",
    "Timestamp {epoch}, level=ERROR, msg=timeout",
    "Request id {hash} failed with {status}",
    "Please rate us {d}/5 if we helped",
    "Use code {badpan} for an extra {pct} off",
    "The meter reading was {m}{n} units this month",
    "Bhai {qty} wala pack sasta hai kya?",
    "{company} ka server down hai since {time}",
    "Stock left: {n} units at the {city} warehouse",
    "Template: Hi {token}, your order ships soon",
    "commit {hash} bumps the SDK to {ver}",
    "Invalid address 300.1.2.3 — fix the config",
    "Dates: {dotdate} to {dotdate}",
    "कल {day} है, डिलीवरी {time} तक होगी",
    "ऑफर {date} तक वैध है",
    "Model {sku} ki warranty {n} mahine hai",
    "{month} mein sale aayegi kya?",
    "US|Your verification code is {otp}.",
    "US|The store opens at {time} on {day}.",
    "US|Version {ver} broke the export feature.",
    "US|We ship within {dur} of purchase.",
    "US|Part number {badssn} is discontinued.",
    "US|Happy Thanksgiving from all of us at {company}!",
    "US|Will the {product} be restocked by {day}?",
    "US|Hope this helps! Let us know if anything else comes up.",
]

NEG_HAND = [
    "I will call you tomorrow morning.",
    "Will do, thanks!",
    "may i know the status of my request?",
    "The sale ends in May.",
    "We may need two more days to process this.",
    "There is a grace period of 30 days.",
    "Hope you are well.",
    "Hope this helps!",
    "Mark as read is greyed out in the app.",
    "Please mark it urgent.",
    "Bill amount is wrong this month.",
    "Bill generated but not paid yet.",
    "Rose gold colour available hai?",
    "The price rose by 5% after the budget.",
    "Sunny day sale is live now",
    "It's sunny in Pune today, delivery should be on time.",
    "What a joy to shop with you guys!",
    "Frank feedback: the app is slow.",
    "Dear Sir,\nKindly do the needful.\nRegards,\nCustomer Care",
    "Dear Customer, your request has been received.",
    "Thanks,\nTeam Swiggy",
    "Regards,\nAccounts Department",
    "Best regards,\nThe Support Team",
    "Happy Diwali! 🪔",
    "Monday ko office band hai, Tuesday ko aana",
    "Flipkart Big Billion Days start next week",
    "Google Pay se payment kiya tha",
    "New Delhi to Bengaluru flight was delayed.",
    "Customer Care is closed on Sunday.",
    "Infosys and Wipro both announced results today.",
    "Apple Watch Series 9 vs Samsung Galaxy Watch 6?",
    "Tata Motors share price is up 3% today.",
    "Is Amazon Prime Day in July this year?",
    "HDFC Bank app is down since morning.",
    "Swiggy Instamart delivered in 12 minutes!",
    "Paytm wallet KYC kaise karein?",
    "Please check the FAQ on our website.",
    "Order not delivered, please help.",
    "My order is delayed again.",
    "Ticket raised yesterday, no update.",
    "booking cancel karni hai, kaise karun?",
    "Where can I find my order id?",
    "What is a PNR number?",
    "How do I find the IFSC code of my branch?",
    "Aadhaar update centre kahan hai?",
    "Is PAN mandatory for opening an FD?",
    "SSN is not required for this form.",
    "Do you accept UPI payments?",
    "Can I pay by card on delivery?",
    "Email us via the contact form on the website.",
    "What is your return address policy?",
    "Please share your registered mobile number (don't share OTP).",
    "Never share your CVV, PIN or OTP with anyone.",
    "Your card ending 4821 was used at a merchant.",
    "Account ending 7702 will be debited on the due date.",
    "Aadhaar XXXX XXXX 4821 is linked to your profile.",
    "Masked PAN: XXXXX1234X",
    "Card: XXXX XXXX XXXX 9012",
    "Mobile: XXXXXX3210",
    "Call us at the number on the back of your card.",
    "Reply STOP to unsubscribe.",
    "Your OTP is 482913. Valid for 5 minutes.",
    "OTP 7391 for your Swiggy order. Do not share.",
    "Enter 560038 as the OTP to confirm delivery.",
    "Meeting at 10:30 AM on Monday.",
    "Call me between 2 and 4 pm.",
    "The date is 12/05/2024.",
    "Delivery on 2024-05-12.",
    "5th March ko aa jayega.",
    "Dispatched on 12.05.2024.",
    "Duration: 2 hrs 30 min.",
    "App version 4.12.0 crashes on Android 14.",
    "Firmware v1.2.3.4 is the latest.",
    "version 10.0.19045.2965 of Windows",
    "ALLOW(ip)|Build 2.0.1.15 released to beta users.",
    "300.1.2.3 is not a valid IP address.",
    "Set the timeout to 1.5.2 seconds? No, 1.5 seconds.",
    "Ordered 3 units, 500 ml each.",
    "2 GB RAM, 32 GB storage.",
    "Qty: 12 pcs, weight 1.5 kg.",
    "50% off on all items.",
    "GST @ 18%, HSN 8517.",
    "HSN code 6109 for cotton t-shirts.",
    "Interest rate is 8.75% p.a.",
    "Rated 4.5 out of 5 by 12,000 customers.",
    "Sensex closed at 74,339 today.",
    "ALLOW(money)|Population of Mumbai is about 2 crore.",
    "https://www.flipkart.com/helpcentre has the return policy.",
    "See https://github.com/acme/app/issues/4821 for details.",
    "commit 3f9a2c1 fixed the null pointer.",
    "image@2x.png not loading on iPhone.",
    "logo@3x.png is too large.",
    "Replace {{phone:1}} with the customer's number.",
    "Hi {{name:1}}, your refund is on its way.",
    "{{email:1}} pe mail aaya tha",
    "Token {{aadhaar:1}} should never be shown to agents.",
    "ISBN 0-306-40615-2 is out of print.",
    "Epoch time 1715500800 is 12 May 2024.",
    "Error 0x80070005 while updating.",
    "HTTP 503 on checkout page.",
    "Use port 8080 for the dev server.",
    "Resolution 1920x1080 at 60Hz.",
    "iPhone 15 Pro Max 256GB in Natural Titanium.",
    "Redmi Note 13 Pro 5G 8/256 GB",
    "Room temperature storage, 25 degrees max.",
    "Shelf life 18 months from manufacture.",
    "Train 12951 Rajdhani leaves at 16:35.",
    "Flight 6E 2134 is on time.",
    "Gate 23, boarding at 6:45 AM.",
    "Step 3 of 5 completed.",
    "Chapter 4.2.1 explains the refund rules.",
    "Holi ke baad milte hain!",
    "Eid Mubarak to all our customers!",
    "Onam sale live now.",
    "Christmas delivery cut-off is 20th December.",
    "Navratri special offers start Thursday.",
    "Kal chhutti hai, parso baat karte hain.",
    "धन्यवाद, आपका दिन शुभ हो।",
    "नमस्ते, मैं आपकी कैसे मदद कर सकता हूँ?",
    "कृपया थोड़ा इंतज़ार करें।",
    "bhai kal tak ho jayega kya?",
    "thik hai, main check karke batata hoon",
    "ok sir, noted",
    "haan ji, ho gaya",
    "plz reply asap",
    "recieved the parcel but box was damged",
    "adress change karna hai, kya process hai?",
    "Kindly share the invoice copy.",
    "Warranty card not in the box.",
    "The lift in our building is not working.",
    "Our Pune and Nagpur branches are closed today.",
    "Is delivery available in Kochi?",
    "Marine Drive is beautiful at sunset.",
    "Bangalore traffic is the worst on Fridays.",
    "The Taj Mahal is in Agra.",
    "Grace period for the premium ends on Friday.",
    "Mark my words, this phone will sell out.",
    "In May we launch the new plan.",
    "With grace and patience we resolved it.",
    "Hope Street Cafe is closed.",
    "US|I will circle back next week.",
    "US|Will you be open on Memorial Day?",
    "US|May I speak to a supervisor?",
    "US|Bill pay is down on the website.",
    "US|Hope you had a great weekend!",
    "US|The Rose Bowl is on New Year's Day.",
    "US|Sunny skies expected in San Diego.",
    "US|Dear Valued Customer,",
    "US|Our Seattle office is fully remote now.",
    "US|Best Buy price match applies.",
    "US|The 401(k) match is 4%.",
    "US|Form 1040 is due April 15.",
    "US|Zip code field is required.",
    "US|Call 911 in an emergency.",
    "US|Apple, Google and Microsoft all reported earnings.",
    "US|Version 2.3.1 fixed the sync bug.",
    "US|Model A2337 MacBook Air.",
    "US|Order status: processing.",
    "US|Please don't send your SSN over chat.",
    "US|Thanks for contacting Support. Have a great day!",
    "ALLOW(money)|Over 2 lakh downloads in one week!",
    "ALLOW(money)|50 lakh users trust our app.",
    "Packet loss 2%, latency 45 ms.",
    "Reading was 1024 kWh last month.",
    "The product code is AB-1234-XYZ.",
    "SKU MX-4521-BLK is out of stock.",
    "ASIN B0CHX3QBCH",
    "GSTIN 27AAPFU0939F1ZV is printed on the bill.",
    "CIN U72200KA2010PTC052345",
    "UUID 123e4567-e89b-12d3-a456-426614174abc",
    "sha1 2fd4e1c67a2d28fced849ee1bb76e7391b93eb12",
    "Request ID: 9f8e7d6c-5b4a-4c3d-8e2f-1a0b9c8d7e6f",
    "Serial: 4821 3390 1276",
    "Box code 7342 9915 0286 printed on the side.",
    "Lot number 6734 5512 0098 4417 on the carton.",
    "Voucher serial 4539 1488 0343 6468 rejected.",
    "Part no. 000-12-3456 is discontinued.",
    "Catalog number 666-45-1234",
    "Form code 912-34-5678",
    "Reference drawing 123-00-4567 rev B.",
    "Coupon SAVEZ1234K not working.",
    "Promo code BIGDX5000Q expired.",
    "Document id ABCDE1234F is the sample from the manual.",
    "The tracking page shows 'in transit'.",
    "Please wait 2-3 business days.",
    "Tenure 36 months, 12 EMIs paid.",
    "Height 5 ft 8 in, weight 72 kg.",
    "Blood pressure 120/80.",
    "Score: 98.6 percentile.",
    "Cricket score 287/6 in 50 overs.",
    "Our team grew 3x in 2023.",
    "1,000 downloads on day one.",
    "Delivery boy said 10 min mein aa raha hoon.",
    "Sab theek hai, thanks!",
]

# hand-written lines (each used once); [literal](type) marks fixed entities
HAND = {t: [] for t in TYPES}
HAND["name"] = [
    "Please address the letter to [Mary-Jane O'Connor](name), not to the company.",
    "[Ratan Tata](name) stepped down as chairman of Tata Sons in 2012.",
    "I bought a Tata Nexon after watching [Ratan Tata](name)'s interview.",
    "Thanks,\n[Will](name)",
    "Ask [Grace](name) to send the revised quote.",
    "Mr. [Bill Morgan](name) will join the call at 3 pm.",
    "My name is [May](name), I will call you again in May.",
    "Hi, I'm [Sunny](name) — hope you're well. Sunny weather here in Goa!",
    "[R. K. Sharma](name) (Retd.) has requested a duplicate pension slip.",
    "mera naam [ravi kumar](name) hai, order kab aayega?",
    "this is [anita](name) from hdfc, is this a good time to talk?",
    "Dr. [Meenakshi Sundaram](name) is available on Tuesdays.",
    "Regards,\n[Joy](name)",
    "Please ask [Hope](name) from accounts to forward the statement.",
    "Smt. [Kamala Devi](name) wants the pension credited to her son [Ramesh](name)'s account.",
    "CC: [Jean-Pierre Dubois](name), [Anne-Marie Keller](name)",
    "[S. Ramesh](name) from the Chennai branch approved it.",
    "I'll ask [Frank](name) to mark it as resolved.",
    "[Virat Kohli](name) wala bat kab restock hoga?",
    "Mrs. [Rose D'Costa](name) will collect the parcel; I will be travelling in May.",
    "Hi [Priya](name), your order is out for delivery to [Flat 12, Sai Krupa Apartments, 4th Cross, Malleshwaram, Bengaluru 560003](address).",
    "Apple and Flipkart are brands; [Steve Jobs](name) and [Sachin Bansal](name) are people.",
    "Dear [Mark](name), will you be joining us on Monday?",
    "US|Thanks so much, [Will](name)! — [Rose](name)",
    "US|Please have [Grace Kim](name) sign the lease by Friday.",
    "US|My name is [Hope Martinez](name) and I'm calling about a bill.",
    "US|Ask [Bill](name) to send the bill tomorrow.",
    "[A. P. J. Abdul Kalam](name)'s book is out of stock?",
    "My manager [Gurpreet Kaur Sandhu](name) approved the leave.",
    "the delivery guy was very polite — my name is [neha sharma](name) btw",
    "[Ananya](name) ne bola tha ki [Kabir](name) ke paas spare key hai",
    "Please ask [Joy](name) to join the Diwali party planning call.",
]
HAND["phone"] = [
    "Call [+44 20 7946 0958](phone) for the London office.",
    "mob: [98450 12345](phone) / office [080-2658 4411](phone)",
    "[+1 (646) 555-0147](phone) is my US number, [+91 98201 33445](phone) in India.",
    "ph:[022 2345 6789](phone)",
    "Gurgaon office: [0124-4567890](phone)",
    "call karo [09876012345](phone) pe",
    "WhatsApp: [+919812345670](phone)",
    "US|(cell) [415.555.0132](phone), (work) [(212) 867-5309](phone)",
    "US|Call [+1 415-555-0132](phone) and ask for [Mark](name)... I mean Mr. [Mark Lee](name).",
    "[+971 50 123 4567](phone) is my Dubai number, use it till Friday",
    "Singapore: [+65 9123 4567](phone)",
    "Sir [+91-80-4112-3456](phone) pe board line hai",
    "Please call [07042 561 890](phone)? Sorry typo — [070425 61890](phone)",
]
HAND["email"] = [
    "Write to [rahul.verma+flipkart@gmail.com](email) for the invoice.",
    "[j.doe@mail.utexas.edu](email) is my university email.",
    "Mail id: [priya_sharma1990@yahoo.co.in](email)",
    "(email: [anil.k@rediffmail.com](email))",
    "Send to [accounts@sharmatraders.in](email); cc [cfo@sharmatraders.in](email).",
    "Note: [priya.sharma@okaxis](upi) is my UPI, [priya.sharma@gmail.com](email) is my email.",
    "US|[Mary-Jane O'Connor](name) <[mj.oconnor@outlook.com](email)>",
    "email- [Kavya.Reddy@Infosys.com](email)",
]
HAND["aadhaar"] = [
    "My aadhaar is {aadhaar} and my PAN is {pan}.",
    "Aadhaar: {aadhaar}",
]
HAND["pan"] = [
    "PAN of the firm: {pan_biz}; partner PAN: {pan}",
]
HAND["ssn"] = [
    "US|SSN {ssn} and EIN are different — use the SSN for the W-9.",
]
HAND["ifsc"] = [
    "IFSC [SBIN0001234](ifsc), A/c [30412345678](bank_account)",
    "[HDFC0000123](ifsc) is the IFSC, not the MICR code",
    "ifsc: [KKBK0000958](ifsc)",
    "Use IFSC [YESB0CMSNOC](ifsc) for the collection account",
]
HAND["bank_account"] = [
    "A/c no: [50100234567812](bank_account), IFSC: [HDFC0001234](ifsc)",
    "Account number [0123000100123456](bank_account) at PNB",
    "beneficiary account - [915010012345678](bank_account) (Axis)",
    "khata no [3045 6789 012](bank_account) hai SBI mein",
]
HAND["money"] = [
    "Total: [₹1,25,000](money) only.",
    "Please pay [Rs. 500](money) by tomorrow.",
    "Cost is [2.5 lakh](money) approx.",
    "Flat for sale at [Rs 3 crore](money), negotiable.",
    "Valuation [₹1.2 cr](money) as per the report.",
    "US|Subscription is [$49.99](money) a month.",
    "US|Budget: [USD 1,200](money)",
    "US|That's like [1,200 dollars](money) for a phone!",
    "[500 rupees](money) ka recharge karo",
    "Sir [20k rupees](money) advance de dijiye",
    "Salary [₹ 45,000](money) + incentives, around [INR 6 lakh](money) a year",
    "Paid [Rs 2,999.00](money) for 3 units of 500 ml each",
    "Fine of [Rs. 500](money)/- was collected on 12/05/2024.",
    "Section 80C deduction limit is [1.5 lakh](money).",
    "US|[$2.5 million](money) seed round closed in May.",
]
HAND["address"] = [
    "Ship to:\n[Flat 302, Sai Residency,\n14th Cross, Indiranagar,\nBengaluru, Karnataka 560038](address)",
    "US|Google HQ: [1600 Amphitheatre Pkwy,\nMountain View, CA 94043](address)",
    "Office: [12 MG Road, Pune 411001](address)",
    "Deliver to [B-204, Lodha Amara, Kolshet Road, Thane West, Thane - 400607](address)",
    "[H.No. 4-12-56, Mohan Road, Lucknow 226001](address) — Mohan Road is near the GPO",
    "Address:\n[No. 7, Dr. Annie Besant Road,\nWorli, Mumbai 400 018](address)\nIndia",
    "US|Send it to [350 Fifth Avenue, New York, NY 10118](address)",
    "US|[1 Infinite Loop, Cupertino, CA 95014-2083](address), USA",
    "pata: [plot no 17 gandhi nagar jaipur 302015](address)",
    "[Flat 5B, Gokul Apartments, Patel Road, Ahmedabad, Gujarat 380009](address) pe bhejo",
]
HAND["order_id"] = [
    "order #[OD432198765432109](order_id)",
    "booking ref: [MMT7KX92Q](order_id)",
    "ticket [4821-99](order_id)",
    "PNR [4521873690](order_id)",
    "Amazon order [405-1234567-1234567](order_id)",
    "AWB: [1490811234567](order_id)",
    "invoice no. [INV/24-25/0456](order_id)",
    "SR no [1-23456789](order_id) for the dead landline",
    "complaint no [CMP20240512](order_id)",
    "case id [00123456](order_id)",
    "US|tracking id [1Z999AA10123456784](order_id)",
]
HAND["card"] = [
    "card no [4111 1111 1111 1111](card) is the test card, not mine; mine is {card}",
]
HAND["upi"] = [
    "UPI: [9876543210@ybl](upi)",
    "pay [rahul.verma@okhdfcbank](upi) not [rahul.verma@gmail.com](email)",
    "[sharmakirana@paytm](upi) pe [₹350](money) bhej do",
]
HAND["ip"] = [
    "Router at [192.168.1.1](ip), DNS [8.8.8.8](ip)",
    "Blocked [2001:0db8:85a3:0000:0000:8a2e:0370:7334](ip) and [fe80::1c2b:3ff:fe4a:9d21](ip)",
    "Login from [49.36.112.7](ip) (Jio) flagged",
    "Firmware v1.2.3.4 on device [10.0.0.12](ip)",
    "[2405:201:c01c:e0a1::1](ip) is my Jio IPv6",
]


# --------------------------------------------------------------------------
# main
# --------------------------------------------------------------------------
def main():
    seen = set()
    files = {}
    for t in TYPES:
        tpls = T[t][:]
        for tpl in tpls:  # every template must produce its own type
            assert f"{{{t}" in tpl or any(s in tpl for s in SLOT_TYPES[t]) or f"]({t})" in tpl, (t, tpl)
        lines = []
        for h in HAND[t]:
            ln = build(h)
            assert any(e["type"] == t for e in ln.ents), (t, h)
            assert ln.text not in seen, ln.text
            seen.add(ln.text)
            lines.append(ln)
        i = tries = 0
        while len(lines) < TARGET:
            if i % len(tpls) == 0:
                R.shuffle(tpls)
            tpl = tpls[i % len(tpls)]
            i += 1
            ln = build(tpl)
            assert any(e["type"] == t for e in ln.ents), (t, tpl)
            if ln.text in seen:
                tries += 1
                assert tries < 2000, t
                continue
            seen.add(ln.text)
            lines.append(ln)
        R.shuffle(lines)
        files[t] = lines
    neg = []
    for h in NEG_HAND:
        ln = build(h)
        assert ln.text not in seen, ln.text
        seen.add(ln.text)
        neg.append(ln)
    i = tries = 0
    tpls = NEG_TEMPLATES[:]
    while len(neg) < NEG_TARGET:
        if i % len(tpls) == 0:
            R.shuffle(tpls)
        tpl = tpls[i % len(tpls)]
        i += 1
        ln = build(tpl)
        if ln.text in seen:
            tries += 1
            assert tries < 5000
            continue
        seen.add(ln.text)
        neg.append(ln)
    for ln in neg:
        assert ln.ents == [], ln.text
    R.shuffle(neg)
    files["negatives"] = neg

    OUT.mkdir(parents=True, exist_ok=True)
    ent_counts = Counter()
    for name, lines in files.items():
        with open(OUT / f"{name}.jsonl", "w", encoding="utf-8") as f:
            for ln in lines:
                f.write(ln.json() + "\n")
                ent_counts.update(e["type"] for e in ln.ents)
    # re-read and re-verify what was written
    for path in sorted(OUT.glob("*.jsonl")):
        for raw in path.read_text(encoding="utf-8").splitlines():
            obj = json.loads(raw)
            for e in obj["entities"]:
                assert obj["text"][e["start"]:e["end"]] == e["text"]
    print(f"{'file':<14} lines  lines-with-type")
    for name, lines in files.items():
        w = sum(1 for ln in lines if any(e["type"] == name for e in ln.ents)) if name != "negatives" else 0
        print(f"{name:<14} {len(lines):5d}  {w:5d}")
    print("entities per type (all files):", dict(sorted(ent_counts.items())))


SLOT_TYPES = {
    "name": ["{name", "{first", "{full", "{agent", "{cue", "{lname", "{lfirst", "{uname", "{last"],
    "phone": ["{phone", "{mobile", "{landline", "{tollfree"], "email": ["{email"], "aadhaar": ["{aadhaar"],
    "pan": ["{pan"], "ssn": ["{ssn"], "ifsc": ["{ifsc"], "bank_account": ["{acct"],
    "money": ["{inr", "{usd", "{lakh", "{money"], "address": ["{addr"],
    "order_id": ["{oid", "{fk", "{amz", "{pnr", "{booking", "{ticket", "{awb", "{tracking", "{invoice",
                 "{complaint", "{caseid", "{srno", "{ref", "{upiref", "{shop"],
    "card": ["{card"], "upi": ["{upi"], "ip": ["{ip", "{dns"],
}

if __name__ == "__main__":
    main()
