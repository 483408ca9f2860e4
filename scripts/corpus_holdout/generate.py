#!/usr/bin/env python3
"""Generate veil's HELD-OUT evaluation corpus (tests/corpus_holdout/all.jsonl).

Written blind: without looking at veil's rules, sources, tests or its tuning
corpus.  Its templates, phrasing and value lists are independent, so scores
on it measure generalisation rather than fit.

Python 3.11 standard library only.  Deterministic (fixed SEED): running it
twice produces byte-identical output.  Every line is self-checked before the
file is written (offsets, overlaps, checksums, label shapes, and a lint that
looks for unlabeled PII in positives and any PII in negatives); any violation
aborts with a non-zero exit status and nothing is written.

    python3 scripts/corpus_holdout/generate.py            # writes the corpus
    python3 scripts/corpus_holdout/generate.py --out X    # elsewhere
    python3 scripts/corpus_holdout/generate.py --stats    # also print counts
"""
from __future__ import annotations

import argparse
import ipaddress
import json
import os
import random
import re
import sys
import unicodedata

SEED = 0x7E11_0D0
HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUT = os.path.normpath(
    os.path.join(HERE, "..", "..", "tests", "corpus_holdout", "all.jsonl"))
PER_TYPE = 82      # lines whose template is built around each type
N_NEG = 250        # hard negatives
TYPES = ["name", "phone", "email", "aadhaar", "pan", "ssn", "ifsc",
         "bank_account", "money", "address", "order_id", "card", "upi", "ip"]

# --------------------------------------------------------------------------
# checksums
# --------------------------------------------------------------------------
_VD = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
    [2, 3, 4, 0, 1, 7, 8, 9, 5, 6], [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
    [4, 0, 1, 2, 3, 9, 5, 6, 7, 8], [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
    [6, 5, 9, 8, 7, 1, 0, 4, 3, 2], [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
    [8, 7, 6, 5, 9, 3, 2, 1, 0, 4], [9, 8, 7, 6, 5, 4, 3, 2, 1, 0]]
_VP = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
    [5, 8, 0, 3, 7, 9, 6, 1, 4, 2], [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
    [9, 4, 5, 3, 1, 2, 6, 8, 7, 0], [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
    [2, 7, 9, 3, 8, 0, 6, 4, 1, 5], [7, 0, 4, 6, 9, 1, 3, 2, 5, 8]]
_VINV = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9]


def verhoeff_ok(s: str) -> bool:
    c = 0
    for i, ch in enumerate(reversed(s)):
        c = _VD[c][_VP[i % 8][int(ch)]]
    return c == 0


def verhoeff_check_digit(s: str) -> str:
    c = 0
    for i, ch in enumerate(reversed(s)):
        c = _VD[c][_VP[(i + 1) % 8][int(ch)]]
    return str(_VINV[c])


def luhn_ok(s: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(s)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def luhn_check_digit(s: str) -> str:
    for d in "0123456789":
        if luhn_ok(s + d):
            return d
    raise AssertionError("unreachable")


def card_iin_ok(d: str) -> bool:
    n = len(d)
    if not d.isdigit() or not 13 <= n <= 19:
        return False
    p2, p4 = int(d[:2]), int(d[:4])
    if d[0] == "4" and n in (13, 16, 19):
        return True
    if 51 <= p2 <= 55 and n == 16:
        return True
    if 2221 <= p4 <= 2720 and n == 16:
        return True
    if p2 in (34, 37) and n == 15:
        return True
    if d.startswith("6011") and n in (16, 19):
        return True
    if p2 in (60, 65, 81, 82) and n == 16:
        return True
    return False


def _selftest_checksums() -> None:
    assert verhoeff_check_digit("236") == "3" and verhoeff_ok("2363")
    assert not verhoeff_ok("2364")
    assert luhn_ok("79927398713") and not luhn_ok("79927398710")
    assert luhn_check_digit("7992739871") == "3"


# --------------------------------------------------------------------------
# value lists (written for this corpus)
# --------------------------------------------------------------------------
INDIAN = {
    "tamil": (["Karthik", "Senthil", "Murugan", "Lakshmi", "Kavitha", "Arun",
               "Bharathi", "Dhanush", "Ilango", "Kalaivani", "Saravanan",
               "Thenmozhi", "Vignesh", "Anbu", "Janani", "Meenakshi", "Selvi",
               "Prabhu", "Yazhini", "Gowtham", "Sathya", "Nandhini"],
              ["Subramanian", "Ramasamy", "Venkatesan", "Palanisamy",
               "Natarajan", "Krishnan", "Annamalai", "Rajendran", "Shanmugam",
               "Chidambaram", "Iyer", "Iyengar", "Mudaliar", "Nadar",
               "Chettiar", "Sundaram"]),
    "bengali": (["Arnab", "Sourav", "Debashish", "Rituparna", "Anindita",
                 "Sayantani", "Subhajit", "Tanmoy", "Moumita", "Indrani",
                 "Partha", "Joydeep", "Sreeja", "Koushik", "Paromita",
                 "Sudipta"],
                ["Chatterjee", "Banerjee", "Mukherjee", "Bhattacharya", "Ghosh",
                 "Bose", "Sen", "Dasgupta", "Chakraborty", "Sarkar",
                 "Majumdar", "Mitra", "Ganguly", "Dutta", "Haldar",
                 "Sengupta"]),
    "marathi": (["Aditya", "Omkar", "Sayali", "Ketaki", "Prathamesh", "Rutuja",
                 "Tejas", "Ashwini", "Mandar", "Shweta", "Siddhesh", "Gauri",
                 "Vaishnavi", "Chinmay", "Aniket"],
                ["Deshpande", "Kulkarni", "Joshi", "Patil", "Gokhale", "Jadhav",
                 "Pawar", "Shinde", "Bhosale", "Kelkar", "Apte", "Sawant",
                 "Deshmukh", "Gaikwad", "Chavan", "Phadke"]),
    "sikh_m": (["Gurpreet", "Harpreet", "Manpreet", "Jaspreet", "Navjot",
                "Amarjeet", "Balwinder", "Kuldeep", "Rajvir", "Inderjit",
                "Sukhwinder", "Tejinder", "Harbhajan", "Jagdeep"],
               ["Singh", "Gill", "Sandhu", "Dhillon", "Grewal", "Sidhu",
                "Bajwa", "Brar", "Chahal", "Virk"]),
    "sikh_f": (["Harleen", "Jasleen", "Gurleen", "Simranjeet", "Manjit",
                "Rupinder", "Amandeep", "Navneet", "Parminder", "Kiranjot"],
               ["Kaur", "Gill", "Sandhu", "Dhillon", "Grewal", "Sidhu"]),
    "punjabi": (["Rohan", "Tanya", "Karan", "Simran", "Nikhil", "Ishita",
                 "Varun", "Mehak", "Kunal", "Ritika"],
                ["Malhotra", "Khurana", "Kohli", "Sethi", "Ahluwalia", "Bedi",
                 "Arora", "Chopra", "Kapoor", "Bhatia"]),
    "gujarati": (["Hetal", "Jignesh", "Bhavin", "Nirali", "Dhaval", "Foram",
                  "Chirag", "Krupa", "Parth", "Hiral", "Mitesh", "Dhruvi",
                  "Kinjal", "Maulik", "Urvashi", "Alpesh"],
                 ["Patel", "Shah", "Mehta", "Desai", "Trivedi", "Parikh",
                  "Thakkar", "Vyas", "Chauhan", "Panchal", "Bhatt", "Dave",
                  "Solanki", "Raval", "Zaveri"]),
    "malayali": (["Anoop", "Sreejith", "Nithin", "Aswathy", "Reshma", "Jithin",
                  "Divya", "Athira", "Vishnu", "Sandeep", "Lekshmi", "Gopika",
                  "Sruthi", "Akhil", "Nimisha"],
                 ["Nair", "Menon", "Pillai", "Kurup", "Nambiar", "Panicker",
                  "Warrier", "Thampi", "Namboodiri", "Unnikrishnan",
                  "Madhavan", "Kartha"]),
    "kannada": (["Manjunath", "Nagaraj", "Shwetha", "Chaitra", "Pradeep",
                 "Raghavendra", "Sahana", "Darshan", "Puneeth", "Bhavya",
                 "Girish", "Ramya", "Shreyas", "Kavya", "Yashas"],
                ["Gowda", "Hegde", "Shetty", "Rao", "Bhat", "Kamath", "Acharya",
                 "Naik", "Shenoy", "Adiga", "Hebbar", "Urs", "Karanth"]),
    "telugu": (["Srinivas", "Lavanya", "Venkatesh", "Sravani", "Harsha",
                "Mounika", "Chaitanya", "Sirisha", "Naveen", "Bhargavi"],
               ["Reddy", "Naidu", "Chowdary", "Rao", "Varma", "Goud", "Raju",
                "Yerramsetti"]),
    "hindi": (["Rahul", "Priya", "Amit", "Neha", "Saurabh", "Pooja", "Vikas",
               "Anjali", "Rohit", "Shalini", "Ankit", "Swati", "Gaurav",
               "Nidhi", "Manish", "Ritu", "Pankaj", "Sunita", "Alok", "Kavita",
               "Abhinav", "Shruti", "Sachin", "Deepika"],
              ["Sharma", "Verma", "Gupta", "Mishra", "Tiwari", "Pandey",
               "Srivastava", "Yadav", "Chaudhary", "Agarwal", "Saxena", "Dubey",
               "Tripathi", "Shukla", "Rastogi", "Bansal", "Jain", "Rajput",
               "Singhal", "Awasthi"]),
    "muslim": (["Mohammed", "Imran", "Ayesha", "Farhan", "Zainab", "Arif",
                "Sana", "Tariq", "Nazia", "Irfan", "Shabana", "Faisal",
                "Rukhsar", "Salman", "Asif", "Fatima", "Junaid", "Heena",
                "Sameer", "Yusuf", "Mehreen"],
               ["Khan", "Sheikh", "Siddiqui", "Ansari", "Qureshi", "Syed",
                "Ahmed", "Hussain", "Pathan", "Mirza", "Rizvi", "Shaikh",
                "Farooqui", "Naqvi", "Kazmi"]),
    "christian": (["Joseph", "Thomas", "Mary", "Annie", "Jacob", "Tessa",
                   "Sebastian", "Rosamma", "Abraham", "Sharon", "Jerin",
                   "Stephy", "Benny", "Jessy", "Francis", "Christy", "Merlin"],
                  ["D'Souza", "Fernandes", "Pereira", "Rodrigues", "D'Costa",
                   "Mathew", "George", "Kurian", "Varghese", "Cherian", "Lobo",
                   "Pinto", "Menezes", "Gonsalves", "Thomas"]),
    "east": (["Bhaskar", "Pranjal", "Nilakshi", "Subhashree", "Debasis",
              "Ipsita", "Bidisha", "Manas", "Jyotirmoy", "Lipika"],
             ["Baruah", "Bora", "Gogoi", "Mohanty", "Panda", "Patnaik", "Das",
              "Sahu", "Kalita", "Hazarika"]),
}
WESTERN = {
    "anglo": (["Emily", "Jacob", "Hannah", "Tyler", "Madison", "Brandon",
               "Abigail", "Connor", "Brooke", "Logan", "Whitney", "Garrett",
               "Courtney", "Dustin"],
              ["Whitaker", "Holloway", "Pruitt", "Caldwell", "Harrington",
               "Thornton", "Blackwell", "Pendleton", "Ashford",
               "Merriweather", "Gentry", "Lockhart"]),
    "irish": (["Siobhan", "Declan", "Niamh", "Ciaran", "Aoife", "Padraig",
               "Eileen", "Colm"],
              ["O'Neil", "O'Connor", "McCarthy", "Brennan", "Gallagher",
               "Keane", "O'Sullivan", "Fitzgerald"]),
    "italian": (["Giulia", "Marco", "Francesca", "Luca", "Gianna", "Vincenzo"],
                ["Rossi", "Bianchi", "Esposito", "Romano", "Moretti", "DeLuca",
                 "Ferraro"]),
    "hispanic": (["José", "María", "Alejandro", "Camila", "Diego", "Valentina",
                  "Javier", "Lucía", "Marisol", "Joaquín"],
                 ["García", "Hernández", "Núñez", "Ramírez", "Torres",
                  "Castillo", "Delgado", "Quintero", "Villanueva"]),
    "central_eu": (["Klaus", "Greta", "Tomasz", "Agnieszka", "Dmitri",
                    "Katarzyna", "Jürgen", "Milena"],
                   ["Schneider", "Fischer", "Kowalski", "Nowak", "Wiśniewski",
                    "Petrov", "Novak", "Hoffmann"]),
    "jewish": (["Miriam", "Eli", "Noa", "Avi", "Shira"],
               ["Goldberg", "Friedman", "Katz", "Rosen", "Adler"]),
    "african_american": (["DeShawn", "Jamal", "Aaliyah", "Tanisha", "Darnell",
                          "Keisha", "Tremaine", "Imani"],
                         ["Whitfield", "Gaines", "Pettaway", "Bankston",
                          "Haynes", "Mayfield"]),
    "west_african": (["Chinedu", "Oluwaseun", "Ngozi", "Kwame", "Amara",
                      "Adaeze"],
                     ["Okafor", "Adeyemi", "Mensah", "Okonkwo", "Boateng",
                      "Eze"]),
    "east_asian": (["Wei", "Mei", "Jian", "Hiroshi", "Yuki", "Minh", "Thao",
                    "Ji-woo", "Soo-jin", "Haruto"],
                   ["Chen", "Nguyen", "Tanaka", "Park", "Kim", "Tran", "Huang",
                    "Yamamoto", "Zhao", "Pham"]),
    "levant_greek": (["Nikos", "Eleni", "Omar", "Layla", "Karim", "Yasmin"],
                     ["Papadopoulos", "Haddad", "Nasser", "Karagiannis",
                      "Khoury"]),
    "nordic_french": (["Sven", "Ingrid", "Amélie", "Étienne", "Solveig",
                       "Mathieu"],
                      ["Lindqvist", "Johansson", "Dubois", "Lefèvre",
                       "Bergström", "Moreau"]),
    "hyphenated": (["Mary-Jane", "Jean-Luc", "Anne-Marie", "Lily-Rose"],
                   ["Ashby-Clarke", "O'Neil", "Harper-Lowe", "Vance-Okoro"]),
}
# names that are also ordinary words: used only behind a strong cue
AMBIG_FIRST = ["Grace", "May", "Will", "Bill", "Rose", "Hope", "Joy", "Faith",
               "Summer", "Dawn", "Hunter", "Sunny"]
HINDI_MIDDLE = ["Kumar", "Prasad", "Chandra", "Nath", "Lal", "Devi", "Kant",
                "Narayan"]
WEST_MIDDLE = ["Ann", "Lee", "Marie", "James", "Elizabeth", "Michael", "Ray"]
HONORIFICS = ["Mr.", "Mr", "Mrs.", "Mrs", "Ms.", "Ms", "Dr.", "Dr", "Shri",
              "Smt.", "Smt"]

COMPANIES = [
    ("Kaveri Finance", "kaverifinance.in"), ("Northwind Labs", "northwindlabs.io"),
    ("BluePeak Logistics", "bluepeak.co.in"), ("Zenith Agro", "zenithagro.com"),
    ("Quillon Software", "quillon.dev"), ("Nimbus Retail", "nimbusretail.in"),
    ("Trident Fabtech", "tridentfab.co"), ("Saffron Foods", "saffronfoods.net"),
    ("Pixelforge", "pixelforge.ai"), ("UrbanNest Interiors", "urbannest.in"),
    ("Sahyadri Motors", "sahyadrimotors.co.in"), ("Lotus Pharma", "lotuspharma.org"),
    ("Konark Textiles", "konarktextiles.com"), ("Tarang Telecom", "tarangtel.in"),
    ("Mandovi Travels", "mandovitravels.com"), ("Himgiri Water", "himgiriwater.in"),
    ("Brightleaf Insurance", "brightleaf.us"), ("Cobalt Ridge Analytics", "cobaltridge.io"),
    ("Harbor & Pine Outfitters", "harborandpine.com"), ("Silverline Dental", "silverlinedental.com"),
]
PERSONAL_DOMAINS = ["gmail.com", "gmail.com", "gmail.com", "yahoo.co.in",
                    "yahoo.com", "rediffmail.com", "outlook.com", "hotmail.com",
                    "icloud.com", "proton.me", "zohomail.in", "aol.com"]

# city -> (state, PIN prefix, localities)
IN_CITIES = {
    "Bengaluru": ("Karnataka", "560", ["Koramangala 5th Block", "HSR Layout Sector 2", "Indiranagar", "Jayanagar 4th Block", "Whitefield", "Malleshwaram", "Basavanagudi", "Electronic City Phase 1", "Banashankari 2nd Stage", "RT Nagar"]),
    "Mumbai": ("Maharashtra", "400", ["Andheri East", "Dadar West", "Borivali West", "Powai", "Chembur", "Goregaon East", "Malad West", "Vile Parle East", "Ghatkopar West", "Kandivali East"]),
    "New Delhi": ("Delhi", "110", ["Lajpat Nagar II", "Karol Bagh", "Dwarka Sector 12", "Rohini Sector 9", "Mayur Vihar Phase 1", "Saket", "Janakpuri", "Vasant Kunj", "Pitampura"]),
    "Chennai": ("Tamil Nadu", "600", ["T. Nagar", "Adyar", "Velachery", "Anna Nagar West", "Mylapore", "Tambaram", "Porur", "Kodambakkam", "Besant Nagar"]),
    "Kolkata": ("West Bengal", "700", ["Salt Lake Sector V", "Behala", "Ballygunge", "Jadavpur", "New Town", "Dum Dum", "Gariahat", "Tollygunge"]),
    "Hyderabad": ("Telangana", "500", ["Madhapur", "Kukatpally", "Banjara Hills", "Gachibowli", "Secunderabad", "Ameerpet", "Kondapur", "Dilsukhnagar"]),
    "Pune": ("Maharashtra", "411", ["Kothrud", "Baner", "Hadapsar", "Aundh", "Viman Nagar", "Wakad", "Shivajinagar", "Kharadi"]),
    "Ahmedabad": ("Gujarat", "380", ["Navrangpura", "Satellite", "Maninagar", "Bopal", "Vastrapur", "Paldi"]),
    "Jaipur": ("Rajasthan", "302", ["Malviya Nagar", "Vaishali Nagar", "Mansarovar", "C-Scheme", "Raja Park"]),
    "Lucknow": ("Uttar Pradesh", "226", ["Gomti Nagar", "Aliganj", "Hazratganj", "Indira Nagar", "Aashiana"]),
    "Kochi": ("Kerala", "682", ["Kakkanad", "Edappally", "Kaloor", "Vyttila", "Palarivattom", "Fort Kochi"]),
    "Coimbatore": ("Tamil Nadu", "641", ["RS Puram", "Peelamedu", "Saibaba Colony", "Gandhipuram"]),
    "Chandigarh": ("Chandigarh", "160", ["Sector 22-B", "Sector 35-C", "Sector 17"]),
    "Bhopal": ("Madhya Pradesh", "462", ["Arera Colony", "MP Nagar Zone 2", "Kolar Road"]),
    "Indore": ("Madhya Pradesh", "452", ["Vijay Nagar", "Palasia", "Rajendra Nagar"]),
    "Nagpur": ("Maharashtra", "440", ["Dharampeth", "Sitabuldi", "Manish Nagar"]),
    "Patna": ("Bihar", "800", ["Boring Road", "Kankarbagh", "Rajendra Nagar"]),
    "Bhubaneswar": ("Odisha", "751", ["Saheed Nagar", "Patia", "Nayapalli"]),
    "Guwahati": ("Assam", "781", ["Zoo Road", "Beltola", "Dispur", "Chandmari"]),
    "Mysuru": ("Karnataka", "570", ["Kuvempunagar", "Gokulam 3rd Stage", "Vijayanagar 2nd Stage"]),
    "Thiruvananthapuram": ("Kerala", "695", ["Vazhuthacaud", "Pattom", "Kowdiar"]),
    "Madurai": ("Tamil Nadu", "625", ["K. K. Nagar", "Tallakulam", "Anna Nagar"]),
    "Vadodara": ("Gujarat", "390", ["Alkapuri", "Gotri", "Manjalpur"]),
    "Surat": ("Gujarat", "395", ["Adajan", "Vesu", "Athwa Lines"]),
    "Ludhiana": ("Punjab", "141", ["Sarabha Nagar", "Model Town", "BRS Nagar"]),
    "Amritsar": ("Punjab", "143", ["Ranjit Avenue", "Lawrence Road", "Green Avenue"]),
    "Dehradun": ("Uttarakhand", "248", ["Rajpur Road", "Vasant Vihar", "Dalanwala"]),
    "Visakhapatnam": ("Andhra Pradesh", "530", ["MVP Colony", "Dwaraka Nagar", "Seethammadhara"]),
    "Mangaluru": ("Karnataka", "575", ["Kadri", "Bejai", "Kankanady"]),
    "Gurugram": ("Haryana", "122", ["DLF Phase 3", "Sector 56", "Sohna Road"]),
    "Noida": ("Uttar Pradesh", "201", ["Sector 62", "Sector 18", "Sector 137"]),
    "Varanasi": ("Uttar Pradesh", "221", ["Lanka", "Sigra", "Bhelupur"]),
    "Kozhikode": ("Kerala", "673", ["Nadakkavu", "Eranhipalam"]),
    "Panaji": ("Goa", "403", ["Altinho", "Miramar", "Campal"]),
}
IN_STREETS = ["14th Cross Road", "2nd Main Road", "100 Feet Road", "MG Road",
              "Tilak Road", "Nehru Street", "Station Road", "Temple Street",
              "Link Road", "Subhash Marg", "SV Road", "Ring Road",
              "Lal Bahadur Shastri Marg", "Hill Road", "Church Road",
              "Mohan Road", "Lajpat Rai Marg", "Old Airport Road", "Canal Road",
              "College Road", "Mahatma Phule Path", "Rajaji Salai",
              "Outer Ring Road", "Dr. Ambedkar Road", "27th Cross", "8th Main"]
IN_BUILDINGS = ["Sai Residency", "Green Meadows Apartments", "Shanti Kunj",
                "Ganga Towers", "Lotus Enclave", "Kaveri Heights", "Sunrise CHS",
                "Anand Vihar Society", "Sapphire Greens", "Nilgiri Apartments",
                "Orchid Block", "Sri Krishna Nilayam", "Royal Palms",
                "Vrindavan Complex", "Tulsi Niwas", "Blue Bells Residency"]
IN_LANDMARKS = ["Near Hanuman Temple", "Opp. SBI ATM", "Behind Govt. High School",
                "Next to Apollo Pharmacy", "Near Bus Stand",
                "Opposite Metro Pillar 142", "Beside Ration Shop",
                "Near Water Tank"]
US_CITIES = [("Austin", "TX", "787"), ("Seattle", "WA", "981"),
             ("Chicago", "IL", "606"), ("Boston", "MA", "021"),
             ("Denver", "CO", "802"), ("Atlanta", "GA", "303"),
             ("Phoenix", "AZ", "850"), ("Portland", "OR", "972"),
             ("San Jose", "CA", "951"), ("Columbus", "OH", "432"),
             ("Raleigh", "NC", "276"), ("Edison", "NJ", "088"),
             ("Fremont", "CA", "945"), ("Plano", "TX", "750"),
             ("Minneapolis", "MN", "554"), ("Nashville", "TN", "372"),
             ("Madison", "WI", "537"), ("Pittsburgh", "PA", "152"),
             ("Sunnyvale", "CA", "940"), ("Jersey City", "NJ", "073"),
             ("Brooklyn", "NY", "112"), ("Ann Arbor", "MI", "481"),
             ("Bellevue", "WA", "980"), ("Tampa", "FL", "336"),
             ("Salt Lake City", "UT", "841")]
US_STREETS = ["Willow Creek Dr", "Larkspur Ln", "Hawthorne Ave", "Old Mill Rd",
              "Birchwood Ct", "Sycamore St", "Juniper Way", "Quarry Hill Rd",
              "Maple Grove Blvd", "E 3rd St", "Pinecrest Pl", "Redbud Trl",
              "Cedar Hollow Rd", "Kingsbury Pkwy", "N Lamar Blvd", "W 48th St",
              "Mission Blvd", "Peachtree Rd NE", "Fairview Ave N",
              "Elm Terrace", "Lakeshore Dr", "Hillcrest Ave"]
US_AREA = ["212", "415", "312", "646", "617", "206", "512", "303", "404",
           "702", "713", "919", "408", "650", "480", "609", "732", "510",
           "469", "917", "571", "425", "614", "786"]
IN_STD = [("011", 8), ("022", 8), ("033", 8), ("044", 8), ("080", 8),
          ("040", 8), ("020", 8), ("079", 8), ("0484", 7), ("0422", 7),
          ("0141", 7), ("0172", 7), ("0522", 7), ("0712", 7), ("0471", 7),
          ("0824", 7), ("0361", 7)]
IFSC_BANKS = {"SBIN": "SBI", "HDFC": "HDFC Bank", "ICIC": "ICICI Bank",
              "UTIB": "Axis Bank", "PUNB": "PNB", "KKBK": "Kotak",
              "BARB": "Bank of Baroda", "CNRB": "Canara Bank",
              "IDIB": "Indian Bank", "YESB": "Yes Bank", "INDB": "IndusInd",
              "FDRL": "Federal Bank", "UBIN": "Union Bank",
              "IOBA": "IOB", "BKID": "Bank of India", "MAHB": "Bank of Maharashtra",
              "SIBL": "South Indian Bank", "KARB": "Karnataka Bank",
              "CBIN": "Central Bank", "IDFB": "IDFC First", "TMBL": "TMB",
              "KVBL": "KVB"}
UPI_PSP = ["okaxis", "oksbi", "okhdfcbank", "okicici", "ybl", "paytm", "upi",
           "apl", "ibl", "axl"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
            "Saturday"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Oct",
          "Nov", "Dec"]
DEPTS = ["billing", "accounts", "the Pune warehouse team", "escalations",
         "the service centre", "collections", "onboarding", "logistics"]


def ascii_slug(s: str) -> str:
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", s.lower())


def inr_group(n: int) -> str:
    s = str(n)
    if len(s) <= 3:
        return s
    head, tail = s[:-3], s[-3:]
    groups = []
    while len(head) > 2:
        groups.insert(0, head[-2:])
        head = head[:-2]
    if head:
        groups.insert(0, head)
    return ",".join(groups + [tail])


class Person:
    def __init__(self, first, last, region, kind):
        self.first, self.last, self.region, self.kind = first, last, region, kind


# --------------------------------------------------------------------------
# value generators
# --------------------------------------------------------------------------
class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)

    # basic helpers
    def c(self, seq):
        return self.r.choice(seq)

    def p(self, prob):
        return self.r.random() < prob

    def ri(self, a, b):
        return self.r.randint(a, b)

    def digits(self, n):
        return "".join(self.c("0123456789") for _ in range(n))

    def letters(self, n, pool="ABCDEFGHJKLMNPQRSTUVWXYZ"):
        return "".join(self.c(pool) for _ in range(n))

    # ---- people
    def person(self, kind=None):
        if kind is None:
            kind = "in" if self.p(0.66) else "west"
        pool = INDIAN if kind == "in" else WESTERN
        region = self.c(sorted(pool))
        firsts, lasts = pool[region]
        first, last = self.c(firsts), self.c(lasts)
        while last == first:
            last = self.c(lasts)
        return Person(first, last, region, kind)

    def ambig_person(self):
        _, lasts = WESTERN[self.c(sorted(WESTERN))]
        return Person(self.c(AMBIG_FIRST), self.c(lasts), "ambig", "west")

    def initial(self):
        return self.c("ABCDGHJKMNPRSTVY")

    def name(self, P, style=None):
        if style is None:
            style = self.c(["full"] * 6 + ["first"] * 3 + ["initials", "middle"])
        if style == "full":
            s = f"{P.first} {P.last}"
        elif style == "first":
            s = P.first
        elif style == "last":
            s = P.last
        elif style == "initials":
            if P.kind == "in":
                if P.region in ("tamil", "kannada", "telugu", "malayali") and self.p(0.5):
                    s = self.c([f"{self.initial()}. {P.first}",
                                f"{P.first} {self.initial()}"])
                else:
                    a, b = self.initial(), self.initial()
                    s = self.c([f"{a}. {b}. {P.last}", f"{a}.{b}. {P.last}",
                                f"{a}. {P.first} {P.last}"])
            else:
                s = f"{P.first} {self.initial()}. {P.last}"
        elif style == "middle":
            if P.kind == "in":
                if P.region == "hindi":
                    mid = self.c(HINDI_MIDDLE)
                else:
                    mid = self.c(INDIAN[P.region][0])
                    while mid == P.first:
                        mid = self.c(INDIAN[P.region][0])
            else:
                mid = self.c(WEST_MIDDLE)
            s = f"{P.first} {mid} {P.last}"
        elif style == "upper":
            s = f"{P.first} {P.last}".upper()
        elif style == "lower":
            s = self.c([f"{P.first} {P.last}", P.first]).lower()
        else:
            raise ValueError(style)
        return ("name", s)

    def hon(self, P):
        if P.region == "sikh_f":
            return self.c(["Mrs.", "Ms.", "Smt.", "Dr."])
        return self.c(HONORIFICS)

    # ---- company
    def company(self):
        return self.c(COMPANIES)[0]

    # ---- email
    def email_str(self, P=None, corp=False):
        if P is None:
            P = self.person()
        f, l = ascii_slug(P.first), ascii_slug(P.last)
        if corp:
            dom = self.c(COMPANIES)[1]
            local = self.c([f"{f}.{l}", f"{f}", f"{f[0]}{l}", f"{f}.{l[0]}"])
        else:
            dom = self.c(PERSONAL_DOMAINS)
            local = self.c([f"{f}.{l}", f"{f}{l}{self.ri(1, 99)}", f"{f[0]}{l}",
                            f"{f}_{l}", f"{f}{self.ri(1975, 2004)}", f"{l}.{f}",
                            f"{f}.{l[0]}", f"{f}{l[:3]}", f"{f}.{l}{self.ri(2, 9)}"])
        return f"{local}@{dom}"

    def email(self, P=None, corp=False):
        return ("email", self.email_str(P, corp))

    def role_email(self):
        dom = self.c(COMPANIES)[1]
        return ("email", f"{self.c(['billing', 'support', 'care', 'accounts', 'hr', 'noreply', 'grievance', 'orders'])}@{dom}")

    # ---- phones
    def mobile10(self):
        return self.c("6789") + self.digits(9)

    def phone_in_str(self):
        b = self.mobile10()
        fmt = self.c(["sp", "sp", "plain", "plain", "dash", "+91sp", "+91sp",
                      "+91dash", "+91plain", "+91sp10", "0plain", "0sp",
                      "91sp", "334", "+91-334"])
        return {
            "sp": f"{b[:5]} {b[5:]}", "plain": b, "dash": f"{b[:5]}-{b[5:]}",
            "+91sp": f"+91 {b[:5]} {b[5:]}", "+91dash": f"+91-{b[:5]}-{b[5:]}",
            "+91plain": f"+91{b}", "+91sp10": f"+91 {b}", "0plain": f"0{b}",
            "0sp": f"0{b[:5]} {b[5:]}", "91sp": f"91 {b}",
            "334": f"{b[:3]} {b[3:6]} {b[6:]}",
            "+91-334": f"+91-{b[:3]}-{b[3:6]}-{b[6:]}",
        }[fmt]

    def phone_land_str(self):
        std, n = self.c(IN_STD)
        loc = self.c("2456") + self.digits(n - 1)
        g = f"{loc[:4]} {loc[4:]}" if n == 8 else f"{loc[:3]} {loc[3:]}"
        fmt = self.c(["dash", "sp", "paren", "+91", "dashg"])
        return {"dash": f"{std}-{loc}", "sp": f"{std} {g}",
                "paren": f"({std}) {g}", "+91": f"+91 {std[1:]} {g}",
                "dashg": f"{std}-{g}"}[fmt]

    def phone_us_str(self):
        a = self.c(US_AREA)
        e = self.c("23456789") + self.digits(2)
        while e[1:] == "11":
            e = self.c("23456789") + self.digits(2)
        ln = self.digits(4)
        fmt = self.c(["paren", "paren", "dash", "dot", "+1sp", "+1dash", "+1paren"])
        return {"paren": f"({a}) {e}-{ln}", "dash": f"{a}-{e}-{ln}",
                "dot": f"{a}.{e}.{ln}", "+1sp": f"+1 {a} {e} {ln}",
                "+1dash": f"+1-{a}-{e}-{ln}",
                "+1paren": f"+1 ({a}) {e}-{ln}"}[fmt]

    def phone_intl_str(self):
        k = self.c(["uk", "ukc", "ukl", "uae", "sg", "au", "ca"])
        if k == "uk":
            return f"+44 7{self.digits(3)} {self.digits(6)}"
        if k == "ukc":
            return f"+447{self.digits(9)}"
        if k == "ukl":
            return f"+44 20 7{self.digits(3)} {self.digits(4)}"
        if k == "uae":
            return f"+971 5{self.c('0245')} {self.digits(3)} {self.digits(4)}"
        if k == "sg":
            return f"+65 {self.c('89')}{self.digits(3)} {self.digits(4)}"
        if k == "au":
            return f"+61 4{self.digits(2)} {self.digits(3)} {self.digits(3)}"
        return f"+1 {self.c(['416', '647', '604', '514'])} {self.c('2345678')}{self.digits(2)} {self.digits(4)}"

    def phone(self, kind=None):
        if kind is None:
            kind = self.c(["in"] * 11 + ["land"] * 3 + ["us"] * 4 + ["intl"] * 2)
        f = {"in": self.phone_in_str, "land": self.phone_land_str,
             "us": self.phone_us_str, "intl": self.phone_intl_str}[kind]
        return ("phone", f())

    # ---- national ids
    def aadhaar_digits(self):
        while True:
            base = self.c("23456789") + self.digits(10)
            d = base + verhoeff_check_digit(base)
            if not d.startswith("91"):
                return d

    def aadhaar(self, fmt=None):
        d = self.aadhaar_digits()
        fmt = fmt or self.c(["sp"] * 5 + ["dash"] * 2 + ["plain"] * 3)
        s = {"sp": f"{d[:4]} {d[4:8]} {d[8:]}", "dash": f"{d[:4]}-{d[4:8]}-{d[8:]}",
             "plain": d}[fmt]
        return ("aadhaar", s)

    def pan(self, P=None, holder=None):
        holder = holder or self.c("P" * 12 + "CHFATBLJG")
        fifth = self.letters(1, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        if P is not None and holder == "P":
            a = ascii_slug(P.last)[:1].upper()
            if a:
                fifth = a
        return ("pan", self.letters(3, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") + holder + fifth
                + f"{self.ri(1, 9999):04d}" + self.letters(1, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"))

    def ssn_parts(self):
        while True:
            a = self.ri(1, 899)
            if a != 666:
                break
        return f"{a:03d}", f"{self.ri(1, 99):02d}", f"{self.ri(1, 9999):04d}"

    def ssn(self, fmt="dash"):
        a, g, s = self.ssn_parts()
        return ("ssn", {"dash": f"{a}-{g}-{s}", "sp": f"{a} {g} {s}",
                        "plain": f"{a}{g}{s}"}[fmt])

    # ---- banking
    def ifsc_str(self, prefix=None):
        prefix = prefix or self.c(sorted(IFSC_BANKS))
        if self.p(0.78):
            tail = "0" + self.digits(5) if self.p(0.6) else self.c("123456789") + self.digits(5)
        else:
            tail = self.c([self.letters(3) + self.digits(3), self.letters(6),
                           self.letters(2) + self.digits(4)])
        return prefix + "0" + tail

    def ifsc(self, prefix=None):
        return ("ifsc", self.ifsc_str(prefix))

    def acct_digits(self):
        while True:
            style = self.c(["sbi", "hdfc", "icici", "axis", "kotak", "pnb",
                            "canara", "bob", "generic9", "us"])
            d = {"sbi": lambda: self.c("123") + self.digits(10),
                 "hdfc": lambda: "50100" + self.digits(9),
                 "icici": lambda: "0" + self.c("0123") + self.digits(10),
                 "axis": lambda: "91" + self.c("0129") + self.digits(12),
                 "kotak": lambda: self.c("12345") + self.digits(9),
                 "pnb": lambda: "0" + self.digits(15),
                 "canara": lambda: self.c("0123456789") + self.digits(12),
                 "bob": lambda: self.c("0123456789") + self.digits(13),
                 "generic9": lambda: self.c("123456789") + self.digits(8),
                 "us": lambda: self.c("123456789") + self.digits(self.ri(8, 11))}[style]()
            if not 9 <= len(d) <= 18:
                continue
            if 13 <= len(d) <= 19 and luhn_ok(d):
                continue
            if len(d) == 10 and d[0] in "6789":
                continue
            if len(d) == 12 and d[0] in "23456789" and verhoeff_ok(d):
                continue
            return d

    def bank_account(self):
        d = self.acct_digits()
        fmt = self.c(["plain"] * 6 + ["sp4", "dash4"])
        if fmt == "sp4":
            s = " ".join(d[i:i + 4] for i in range(0, len(d), 4))
        elif fmt == "dash4":
            s = "-".join(d[i:i + 4] for i in range(0, len(d), 4))
        else:
            s = d
        return ("bank_account", s)

    # ---- money
    def inr_amount(self, lo=49, hi=400000):
        n = self.ri(lo, hi)
        mode = self.c(["99", "00", "exact", "000"])
        if mode == "99" and n > 100:
            n = n - n % 100 + 99
        elif mode == "00" and n > 1000:
            n -= n % 100
        elif mode == "000" and n > 10000:
            n -= n % 1000
        return n

    def money_str(self, kind=None):
        kind = kind or self.c(["sym", "sym", "rs", "rs", "inr", "word", "lakh",
                               "lakhword", "usd", "usd", "usdcode", "dollars"])
        if kind == "sym":
            n = self.inr_amount()
            dec = self.c(["", "", "", ".00", ".50"])
            return f"₹{self.c(['', '', ' '])}{inr_group(n)}{dec}"
        if kind == "rs":
            n = self.inr_amount()
            amt = inr_group(n) if self.p(0.7) else str(n)
            dec = self.c(["", "", ".00"])
            return f"{self.c(['Rs.', 'Rs. ', 'Rs ', 'Rs ', 'rs. ', 'rs '])}{amt}{dec}"
        if kind == "rs_plain":   # for "/-" suffix
            n = self.inr_amount(50, 99999)
            return f"{self.c(['Rs.', 'Rs. ', 'Rs ', 'Rs '])}{inr_group(n) if self.p(0.5) else n}"
        if kind == "inr":
            n = self.inr_amount()
            dec = self.c(["", "", ".00"])
            return f"INR{self.c([' ', ' ', ''])}{inr_group(n)}{dec}"
        if kind == "word":
            n = self.inr_amount(50, 90000)
            return f"{inr_group(n) if self.p(0.6) else n} {self.c(['rupees', 'rupees', 'Rupees'])}"
        if kind == "lakh":
            x = self.c(["1.2", "2.5", "3", "4.75", "12", "18", "45", "1.05", "7", "60", "1", "2"])
            unit = self.c(["lakh", "lakh", "lakhs", "crore"])
            return f"{self.c(['₹', '₹', 'Rs ', 'Rs. ', 'INR '])}{x} {unit}"
        if kind == "lakhword":
            x = self.c(["1.2", "2.5", "3", "8", "1.5", "22", "4"])
            return f"{x} {self.c(['lakh', 'lakh', 'crore'])} rupees"
        if kind == "usd":
            n = self.ri(5, 25000)
            if self.p(0.5):
                return f"${n:,}.{self.c(['99', '00', '49', '95', '50'])}"
            return f"${n:,}"
        if kind == "usdcode":
            n = self.ri(5, 25000)
            amt = f"{n:,}" + self.c(["", "", ".00"])
            return self.c([f"USD {amt}", f"USD {amt}", f"{amt} USD"])
        if kind == "dollars":
            return f"{self.ri(5, 900)} dollars"
        if kind == "crore":
            x = self.c(["1.2", "2.35", "3", "4.1", "1.75", "6.5"])
            return f"{self.c(['₹', 'Rs ', 'INR '])}{x} crore"
        raise ValueError(kind)

    def money(self, kind=None):
        return ("money", self.money_str(kind))

    def money_inr(self):
        return self.money(self.c(["sym", "sym", "rs", "inr", "word", "lakh"]))

    def money_small_inr(self):
        return self.money(self.c(["sym", "rs", "rs"]))

    def money_usd(self):
        return self.money(self.c(["usd", "usd", "usdcode", "dollars"]))

    # ---- addresses
    def pin(self, prefix):
        return prefix + self.c(["0", "0", "0", "1"]) + self.digits(2)

    def addr_in(self, multiline=None):
        city = self.c(sorted(IN_CITIES))
        state, pre, locs = IN_CITIES[city]
        loc = self.c(locs)
        unit = self.c([f"Flat {self.ri(1, 14)}0{self.ri(1, 9)}", f"No. {self.ri(1, 240)}",
                       f"#{self.ri(1, 99)}/{self.ri(1, 9)}",
                       f"H.No. {self.ri(1, 9)}-{self.ri(1, 12)}-{self.ri(10, 400)}",
                       f"Plot {self.ri(3, 300)}", f"Door No {self.ri(1, 40)}/{self.ri(1, 30)}",
                       f"{self.c('ABCD')}-{self.ri(1, 18)}0{self.ri(1, 9)}",
                       f"House {self.ri(10, 999)}", f"Flat No. {self.ri(1, 9)}{self.c('ABCD')}"])
        bld = self.c(IN_BUILDINGS) if self.p(0.6) else None
        street = self.c(IN_STREETS)
        land = self.c(IN_LANDMARKS) if self.p(0.25) else None
        pin = self.pin(pre)
        tail = self.c([f"{city} - {pin}", f"{city}-{pin}", f"{city} {pin}",
                       f"{city}, {state} {pin}", f"{city}, {state} - {pin}",
                       f"{city}, {state}, {pin}"])
        if multiline is None:
            multiline = self.p(0.5)
        first = f"{unit}, {bld}" if bld else unit
        if multiline:
            lines = [first, f"{street}, {loc}"] if bld else [f"{unit}, {street}", loc]
            if land:
                lines.append(land)
            lines.append(tail)
            return self.c(["\n", "\n", ",\n"]).join(lines)
        parts = [first, street] + ([land] if land else []) + [loc, tail]
        return ", ".join(parts)

    def addr_us(self, multiline=None):
        city, st, z = self.c(US_CITIES)
        zipc = z + self.digits(2)
        if self.p(0.3):
            zipc += "-" + self.digits(4)
        num = str(self.ri(12, 9870))
        street = self.c(US_STREETS)
        unit = self.c([None, None, f"Apt {self.ri(1, 30)}{self.c('ABCD')}",
                       f"Suite {self.ri(100, 950)}", f"Unit {self.ri(2, 60)}",
                       f"Apt {self.ri(2, 12)}"])
        if multiline is None:
            multiline = self.p(0.5)
        if self.p(0.06):
            line1 = f"PO Box {self.ri(100, 9999)}"
            unit = None
        else:
            line1 = f"{num} {street}"
        last = f"{city}, {st} {zipc}"
        if multiline:
            if unit and self.p(0.5):
                return f"{line1}\n{unit}\n{last}"
            return f"{line1}{', ' + unit if unit else ''}\n{last}"
        return f"{line1}{', ' + unit if unit else ''}, {last}"

    def address(self, where=None, multiline=None):
        where = where or ("in" if self.p(0.62) else "us")
        return ("address", self.addr_in(multiline) if where == "in" else self.addr_us(multiline))

    # ---- order ids
    def oid_str(self, kind=None):
        kind = kind or self.c(["flip", "amzn", "hash", "ord", "inv", "tkt",
                               "pnr", "awb", "ups", "txn", "ref", "so"])
        while True:
            if kind == "flip":
                s = "OD" + self.c("123456789") + self.digits(self.ri(14, 17))
            elif kind == "amzn":
                s = f"{self.ri(401, 408)}-{self.digits(7)}-{self.digits(7)}"
                if luhn_ok(s.replace("-", "")):
                    continue
            elif kind == "hash":
                s = "#" + self.c("123456789") + self.digits(self.ri(4, 6)) + self.c(["", "", "-A", "-B", "-R1"])
            elif kind == "ord":
                s = self.c([f"ORD-{self.ri(2022, 2025)}-{self.digits(5)}",
                            f"ORD{self.digits(8)}", f"ORD-{self.letters(2)}-{self.digits(6)}"])
            elif kind == "inv":
                y = self.ri(21, 25)
                s = self.c([f"INV/{y}-{y + 1}/{self.digits(4)}",
                            f"INV-20{y}-{self.digits(5)}",
                            f"GST/{y}-{y + 1}/{self.ri(100, 9999)}",
                            f"INV{self.digits(7)}"])
            elif kind == "tkt":
                s = self.c([f"TKT-{self.ri(10000, 99999)}", f"INC{self.digits(7)}",
                            f"CS-{self.ri(10000, 99999)}", f"SR{self.digits(8)}",
                            f"#{self.ri(10000, 999999)}", f"HD-{self.ri(1000, 9999)}-{self.letters(2)}"])
            elif kind == "pnr":
                s = self.letters(2) + self.c("23456789") + self.letters(1) + self.c("23456789") + self.letters(1)
            elif kind == "awb":
                s = self.c("12345") + self.digits(self.ri(10, 12))
                if luhn_ok(s):
                    continue
            elif kind == "ups":
                s = "1Z" + self.letters(3, "ABCDEFGHJKLMNPRTVWXY0123456789") + self.letters(3, "ABCDEFGHJKLMNPRTVWXY0123456789") + self.digits(10)
            elif kind == "txn":
                s = self.c([f"T{self.ri(2401, 2512)}{self.digits(12)}",
                            f"TXN{self.digits(10)}",
                            "pay_" + "".join(self.c("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0123456789") for _ in range(14))])
            elif kind == "ref":
                s = self.c([f"REF-{self.digits(4)}-{self.letters(2)}",
                            f"RF{self.digits(9)}", f"CMP/{self.ri(2023, 2025)}/{self.digits(5)}"])
            elif kind == "so":
                s = self.c([f"SO-{self.ri(10000, 99999)}", f"PO/{self.ri(2023, 2025)}/{self.digits(4)}"])
            else:
                raise ValueError(kind)
            return s

    def oid(self, kind=None):
        return ("order_id", self.oid_str(kind))

    # ---- cards
    def card_digits(self, brand=None):
        brand = brand or self.c(["visa"] * 5 + ["mc"] * 3 + ["mc2"] + ["amex"] * 2 +
                                ["rupay"] * 3 + ["disc", "visa19"])
        if brand == "visa":
            pre, n = "4", 16
        elif brand == "visa19":
            pre, n = "4", 19
        elif brand == "mc":
            pre, n = str(self.ri(51, 55)), 16
        elif brand == "mc2":
            pre, n = str(self.ri(2221, 2720)), 16
        elif brand == "amex":
            pre, n = self.c(["34", "37"]), 15
        elif brand == "rupay":
            pre, n = self.c(["60", "65", "81", "82", "6521", "6522", "6070"]), 16
        else:
            pre, n = "6011", 16
        body = pre + self.digits(n - len(pre) - 1)
        return body + luhn_check_digit(body)

    def card(self, brand=None, fmt=None):
        d = self.card_digits(brand)
        fmt = fmt or self.c(["sp"] * 5 + ["dash"] * 2 + ["plain"] * 3)
        if fmt == "plain":
            s = d
        else:
            sep = " " if fmt == "sp" else "-"
            if len(d) == 15:
                s = sep.join([d[:4], d[4:10], d[10:]])
            else:
                s = sep.join(d[i:i + 4] for i in range(0, len(d), 4))
        return ("card", s)

    # ---- upi
    def upi(self, P=None):
        P = P or self.person("in")
        f, l = ascii_slug(P.first), ascii_slug(P.last)
        handle = self.c([f"{f}.{l}", f"{f}{self.ri(1, 99)}", f"{f}.{l[0]}",
                         self.mobile10(), f"{f}{l}", f"{l}{f[0]}",
                         f"{f}{self.ri(1980, 2003)}",
                         self.c(["sharmastores", "kiranagenstore", "chaiwala.anna",
                                 "mediplus.pharmacy", "q" + self.digits(9),
                                 "paytmqr" + self.digits(6), "freshmart.blr"])])
        return ("upi", f"{handle}@{self.c(UPI_PSP)}")

    # ---- ip
    def ipv4(self):
        k = self.c(["pub", "pub", "pub", "10", "192", "172"])
        if k == "10":
            o = [10, self.ri(0, 255), self.ri(0, 255), self.ri(1, 254)]
        elif k == "192":
            o = [192, 168, self.ri(0, 255), self.ri(1, 254)]
        elif k == "172":
            o = [172, self.ri(16, 31), self.ri(0, 255), self.ri(1, 254)]
        else:
            o = [self.c([14, 27, 36, 43, 49, 52, 59, 103, 106, 117, 122, 157,
                         182, 203, 223, 34, 35, 18, 3, 104, 185, 64, 98, 73]),
                 self.ri(0, 255), self.ri(0, 255), self.ri(1, 254)]
        return ".".join(map(str, o))

    def ipv6(self):
        pre = self.c([[0x2001, 0xdb8], [0x2405, 0x201], [0x2401, 0x4900],
                      [0x2409, 0x4040], [0x2600, 0x1f18], [0x2a03, 0x2880],
                      [0xfe80, 0], [0x2406, 0xda1a]])
        groups = pre + [self.ri(0, 0xffff) for _ in range(6)]
        if pre[0] == 0xfe80:
            groups[2:4] = [0, 0]
        full = self.p(0.2)
        if full:
            return ":".join(f"{g:04x}" for g in groups)
        # compress a zero run
        i = self.ri(2, 5)
        k = self.ri(2, 7 - i)
        if pre[0] == 0xfe80:
            i, k = 1, 3
        for j in range(i, i + k):
            groups[j] = 0
        left = ":".join(f"{g:x}" for g in groups[:i])
        right = ":".join(f"{g:x}" for g in groups[i + k:])
        return f"{left}::{right}"

    def ip(self, v=None):
        v = v or (6 if self.p(0.28) else 4)
        return ("ip", self.ipv4() if v == 4 else self.ipv6())

    # ---- non-entity filler
    def weekday(self):
        return self.c(WEEKDAYS)

    def branch(self, city=None):
        """A locality usable outside an address (no person-name words in it)."""
        city = city or self.c(sorted(IN_CITIES))
        locs = [l for l in IN_CITIES[city][2]
                if not any(w in ALL_NAME_WORDS for w in l.split())]
        return self.c(locs or [city])

    def date(self):
        d, m, y = self.ri(1, 28), self.ri(1, 12), self.ri(2023, 2025)
        return self.c([f"{d:02d}-{m:02d}-{y}", f"{y}/{m:02d}/{d:02d}",
                       f"{d} {self.c(MONTHS)} {y}", f"{d}/{m}/{y % 100}",
                       f"{self.c(MONTHS)} {d}"])

    def dob(self):
        d, m, y = self.ri(1, 28), self.ri(1, 12), self.ri(1958, 2003)
        return self.c([f"{d:02d}/{m:02d}/{y}", f"{y}-{m:02d}-{d:02d}",
                       f"{d:02d}-{self.c(MONTHS)}-{y}"])

    def time(self):
        return self.c([f"{self.ri(9, 11)}:{self.c(['00', '15', '30', '45'])} AM",
                       f"{self.ri(1, 7)}:{self.c(['00', '30', '45'])} PM",
                       f"{self.ri(10, 19)}:{self.c(['05', '20', '40'])}",
                       f"{self.ri(2, 8)} pm", f"{self.ri(10, 11)}am"])


# --------------------------------------------------------------------------
# templates
# --------------------------------------------------------------------------
TEMPLATES: dict[str, list] = {t: [] for t in TYPES}
ALL_POS: list = []
NEG_TEMPLATES: list = []


def tpl(*types, weight=3):
    """Register a template. The first type is the one it is built around: it
    is drawn three times as often for that type as templates that merely
    contain the type as a side entity (`weight` overrides the 3)."""
    def deco(f):
        for i, t in enumerate(types):
            TEMPLATES[t].extend([f] * (weight if i == 0 else 1))
        ALL_POS.append(f)
        return f
    return deco


def neg(f):
    NEG_TEMPLATES.append(f)
    return f


BODY_LINES = [
    "Your refund has been initiated and should reflect in 5-7 working days.",
    "We have raised a pickup request; the courier partner will contact you.",
    "The replacement unit has been dispatched and should reach you by the weekend.",
    "We checked with the warehouse and the item is back in stock.",
    "Your complaint has been logged and our technician will visit tomorrow between 10 and 1.",
    "Apologies for the delay. The billing issue is now fixed on our side.",
    "As discussed, the subscription has been paused for two months.",
]
SIGNOFFS = ["Regards,", "Warm regards,", "Thanks & regards,", "Best,", "Cheers,",
            "Thanks,", "Sincerely,", "—"]


@tpl("name")
def t_refund_signoff(g):
    cust, ag = g.person(), g.person()
    greet = g.c(["Hi ", "Hello ", "Dear ", "Hey "])
    return [greet, g.name(cust, g.c(["first", "first", "full"])), ",\n\n", g.c(BODY_LINES),
            "\n\n", g.c(SIGNOFFS), "\n", g.name(ag, g.c(["full", "full", "first", "initials"])),
            "\n", g.company(), " ", g.c(["Support", "Customer Care", "Help Desk", "Team"])]


@tpl("name")
def t_spoke_to(g):
    P = g.person()
    return [g.c(["Spoke to ", "spoke w/ ", "Had a call with ", "Just got off the phone with ",
                 "Checked with ", "Per my chat with "]),
            g.name(P, g.c(["full", "first", "initials", "full"])), " from ", g.c(DEPTS),
            g.c([" – they said the replacement ships by " + g.weekday() + ".",
                 ", who confirmed the credit note is approved.",
                 "; apparently the KYC is still pending on their end",
                 ". No ETA yet, will follow up tmrw.",
                 " and they promised a callback before 5."])]


@tpl("name")
def t_honorific_letter(g):
    P = g.person()
    style = g.c(["last", "full", "full", "middle"])
    return [g.c(["Dear ", "Respected ", "Dear "]), g.hon(P), " ", g.name(P, style), ",\n\n",
            g.c(["We regret the inconvenience caused during your recent visit.",
                 "Thank you for your patience while we reviewed your claim.",
                 "This is to confirm that your policy renewal has been processed.",
                 "Please find attached the revised schedule for the site inspection."]),
            "\n\n", g.c(SIGNOFFS), "\n", g.company()]


@tpl("name", weight=10)
def t_lower_cue(g):
    P = g.person()
    if g.p(0.3):
        return [g.c(["mera naam ", "hello sir mera naam ", "ji mera naam "]), g.name(P, "lower"),
                g.c([" hai, mera refund abhi tak nahi aaya", " hai aur mujhe emi band karni hai",
                     " hai, kal se net nahi chal raha"])]
    return [g.c(["hello ", "hi ", "", "hii ", "good morning "]),
            g.c(["my name is ", "i am ", "this is ", "myself ", "i'm "]),
            g.name(P, "lower"),
            g.c([" and i cant login since morning", ", order not delivered yet pls check",
                 " here, need help with refund", ". my sim got blocked after the update",
                 " .. app keeps crashing on payment page", ", wanted to know about emi options"])]


@tpl("name", weight=12)
def t_ambig_cue(g):
    P = g.ambig_person()
    k = g.ri(0, 4)
    if k == 0:
        return ["Hi, this is ", g.name(P, "first"), " from ", g.company(),
                " – following up on yesterday's demo. Does ", g.weekday(), " work?"]
    if k == 1:
        return ["My name is ", g.name(P, "full"), " and I was double charged last month."]
    if k == 2:
        return [g.c(["Thanks for the quick turnaround!", "Let me know if you need anything else.",
                     "Appreciate the help."]), "\n\n", g.c(["Regards,", "Best,", "Thanks,"]),
                "\n", g.name(P, "first")]
    if k == 3:
        return ["Dear ", g.name(P, "first"), ",\nYour appointment is confirmed for ",
                g.time(), " on ", g.weekday(), "."]
    return ["Please ask for ", g.name(P, "full"), " at the front desk when you arrive."]


@tpl("name")
def t_handover(g):
    a, b = g.person(), g.person()
    if g.p(0.5):
        return ["Handing over to ", g.name(a, g.c(["first", "full"])), " for the night shift; ",
                g.name(b, g.c(["first", "full"])), " is on leave till ", g.date(), "."]
    return [g.name(a, "first"), " aaj leave pe hai, ", g.name(b, g.c(["first", "full"])),
            g.c([" handle karega", " handle karegi", " dekh lenge"]), " saare escalations."]


@tpl("name")
def t_attendees(g):
    ps = [g.person() for _ in range(3)]
    return ["Attendees:\n- ", g.name(ps[0], "full"), "\n- ", g.name(ps[1], g.c(["full", "initials"])),
            " (", g.c(["Finance", "Legal", "Ops", "Sales"]), ")\n- ", g.name(ps[2], "full"),
            "\nAction items: send revised quote by ", g.weekday(), "."]


@tpl("name")
def t_hinglish_bhai(g):
    P = g.person("in")
    return [g.name(P, "first"), g.c([" bhai ne bola tha kal tak ho jayega, abhi tak kuch nahi hua 😤",
                                       " ko bolo mujhe call kare, urgent hai",
                                       " ne file approve kar di kya?",
                                       " se baat ho gayi, kal tak confirm karenge"])]


@tpl("name")
def t_devanagari_name(g):
    P = g.person("in")
    if g.p(0.5):
        return ["कृपया ", g.name(P, "full"), " जी से बात करें, वे सोमवार को उपलब्ध रहेंगे।"]
    return [g.name(P, g.c(["full", "first"])), " ने कल फोन किया था, उनकी शिकायत अभी तक हल नहीं हुई।"]


@tpl("name", "email")
def t_fwd_header(g):
    a, b = g.person(), g.person()
    return ["---------- Forwarded message ---------\nFrom: ", g.name(a, "full"), " <",
            g.email(a, corp=g.p(0.5)), ">\nDate: ", g.weekday()[:3], ", ", g.date(), " at ",
            g.time(), "\nSubject: Re: ", g.c(["Pending payout", "Site visit", "Contract renewal",
                                              "Damaged shipment", "Access request"]),
            "\nTo: ", g.name(b, "full"), " <", g.email(b, corp=True), ">\n\n",
            g.c(["Please see below and advise.", "FYI – can you take this?", "Looping you in."])]


@tpl("name")
def t_crm_note(g):
    a, b = g.person(), g.person()
    return ["Lead owner: ", g.name(a, "full"), " | Contact: ", g.name(b, g.c(["full", "initials"])),
            " | Stage: ", g.c(["Negotiation", "Discovery", "Proposal sent", "Closed won"]),
            " | Next step: call on ", g.weekday()]


@tpl("name")
def t_review(g):
    P = g.person()
    city = g.c(sorted(IN_CITIES))
    return g.c([[g.name(P, g.c(["first", "full"])), " at the ", city,
                 " branch was super helpful, please pass on my thanks!"],
                ["Kudos to ", g.name(P, g.c(["first", "full"])), " for sorting out my issue in one call 🙏"],
                ["5 stars. The technician (", g.name(P, "first"), ") was on time and polite."]])


@tpl("name", "phone")
def t_chat_transcript(g):
    ag, cu = g.person(), g.person()
    an, cn = g.name(ag, "first"), g.name(cu, g.c(["first", "full"]))
    return ["[10:42] ", an, ": Could you confirm the registered mobile number?\n[10:43] ",
            cn, ": ", g.phone(g.c(["in", "in", "us"])), "\n[10:43] ", an,
            ": Thanks, verifying now."]


@tpl("name")
def t_assigned(g):
    a, b = g.person(), g.person()
    return ["Status: ", g.c(["In progress", "Waiting on customer", "Resolved"]),
            "\nAssigned to: ", g.name(a, "full"), " (L2)\nReported by: ",
            g.name(b, g.c(["full", "middle", "initials"]))]


# ---------------- phone ----------------
@tpl("phone")
def t_call_on(g):
    P = g.person()
    return g.c([["Call ", g.name(P, "first"), " on ", g.phone(), g.c([" for the keys.", "", " after 6 pm"])],
                ["pls call me on ", g.phone(), " after ", g.time()],
                ["ph: ", g.phone(), "\nbest time: evenings"],
                ["Reach me at ", g.phone(), " (WhatsApp also)"],
                ["Contact person: ", g.name(P, "full"), " – ", g.phone()]])


@tpl("phone")
def t_hinglish_number(g):
    return g.c([["bhai mera number hai ", g.phone("in"), ", wahi pe call karo"],
                ["mera naya no. ", g.phone("in"), " hai, save kar lo"],
                ["is number pe whatsapp karo ", g.phone("in"), " 🙏"],
                ["delivery boy ko bolo ", g.phone("in"), " pe call kare, gate band hai"]])


@tpl("phone")
def t_office_landline(g):
    city = g.c(sorted(IN_CITIES))
    return g.c([["Our ", city, " office: ", g.phone("land"), ", Mon–Sat 10am–6pm"],
                ["For walk-in queries call the branch at ", g.phone("land"), "."],
                ["Tel: ", g.phone("land"), " | Fax: not available"],
                ["Landline ", g.phone("land"), " is dead since the storm, use mobile ", g.phone("in")]])


@tpl("phone")
def t_us_billing(g):
    return g.c([["You can reach our billing team at ", g.phone("us"), " between 9 and 5 ET."],
                ["Please call me back at ", g.phone("us"), ", I'm on Pacific time."],
                ["Left a voicemail at ", g.phone("us"), " – no response yet."],
                ["My cell is ", g.phone("us"), " and work line is ", g.phone("us"), "."]])


@tpl("phone", "name")
def t_emergency_contacts(g):
    a, b = g.person(), g.person()
    return ["Emergency contacts:\n1. ", g.name(a, "full"), " (", g.c(["father", "spouse", "sister", "friend"]),
            ") – ", g.phone(), "\n2. ", g.name(b, "full"), " – ", g.phone()]


@tpl("phone")
def t_devanagari_phone(g):
    return g.c([["मेरा मोबाइल नंबर ", g.phone("in"), " है, कृपया इसी पर संपर्क करें।"],
                ["डिलीवरी के समय ", g.phone("in"), " पर कॉल करें।"]])


@tpl("phone")
def t_number_change(g):
    return [g.c(["Old number ", "purana number "]), g.phone("in"),
            g.c([" band ho gaya hai, naya number ", " is no longer active; new number is "]),
            g.phone("in"), g.c([" update kar do.", ". Please update the records."])]


@tpl("phone")
def t_intl(g):
    return ["I'm travelling till the 20th, use my ", g.c(["UK", "overseas", "roaming"]),
            " number ", g.phone("intl"), " or WhatsApp ", g.phone("in")]


@tpl("phone", "name", "email")
def t_signature_block(g):
    P = g.person()
    return ["--\n", g.name(P, g.c(["full", "full", "initials"])), "\n",
            g.c(["Senior Associate, Collections", "Regional Sales Manager", "Account Executive",
                 "Head – Customer Success", "Field Engineer"]), "\n", g.company(), "\n",
            g.c(["M: ", "Mob: ", "Cell: ", "Ph. ", "Direct: "]), g.phone(),
            g.c([" | E: ", " | ", "\nEmail: "]), g.email(P, corp=True)]


# ---------------- email ----------------
@tpl("email")
def t_send_invoice(g):
    return g.c([["Please send the invoice copy to ", g.email(), "."],
                ["Kindly share the statement on ", g.email(), " at the earliest."],
                ["Can you email the PDF to ", g.email(), "? The link expired."],
                ["Send the signed NDA to ", g.email(corp=True), " and ", g.role_email(), "."]])


@tpl("email")
def t_cc(g):
    return [g.c(["cc: ", "CC ", "Cc: "]), g.email(corp=True), "; ", g.email(corp=True),
            g.c(["\nPlease keep them in the loop going forward.", "\n(adding finance)", ""])]


@tpl("email")
def t_update_email(g):
    P = g.person()
    return [g.c(["kindly update my email id from ", "please change registered email from ",
                 "email badalna hai: "]), g.email(P), g.c([" to ", " -> "]), g.email(P)]


@tpl("email", "name", "phone")
def t_json_customer(g):
    P = g.person()
    return ['{"customer": "', g.name(P, "full"), '", "email": "', g.email(P), '", "phone": "',
            g.phone(), '", "tier": "', g.c(["gold", "silver", "platinum"]), '", "opt_in": ',
            g.c(["true", "false"]), '}']


@tpl("email")
def t_hinglish_mail(g):
    return g.c([["mail kar do ", g.email(), " pe, spam bhi check kar lunga"],
                ["bhai ", g.email(), " pe bhej de report, urgent"],
                ["resume ", g.email(), " se bheja tha, mila kya?"]])


@tpl("email", "ip")
def t_log_email(g):
    return ["2025-01-", f"{g.ri(10, 28)}", "T0", f"{g.ri(1, 9)}:", f"{g.ri(10, 59)}:",
            f"{g.ri(10, 59)}", "Z WARN auth: failed login for ", g.email(), " from ", g.ip(),
            " (attempt ", str(g.ri(2, 5)), "/5)"]


@tpl("email", "name")
def t_reply_chain(g):
    a, b = g.person(), g.person()
    return [g.c(["Sounds good, will do.", "Attaching the signed copy.", "Not received yet, pls check."]),
            "\n\nOn ", g.weekday()[:3], ", ", f"{g.ri(1, 28)} {g.c(MONTHS)} 2025", " at ", g.time(), ", ",
            g.name(a, "full"), " <", g.email(a, corp=g.p(0.5)), "> wrote:\n> Hi ", g.name(b, "first"),
            ", ", g.c(["any update on this?", "please share the revised PO.", "can we move the call?"])]


@tpl("email")
def t_bounce(g):
    return ["Delivery has failed to these recipients or groups:\n\n", g.email(),
            "\nThe email address you entered couldn't be found. Please check the recipient's email address."]


@tpl("email")
def t_devanagari_email(g):
    return g.c([["मेरा ईमेल ", g.email(), " है, रसीद वहीं भेजें।"],
                ["कृपया रिपोर्ट ", g.email(), " पर भेज दें।"]])


# ---------------- aadhaar ----------------
@tpl("aadhaar", "pan", "name")
def t_kyc_docs(g):
    P = g.person("in")
    return ["KYC docs for ", g.name(P, "full"), ": Aadhaar ", g.aadhaar(), ", PAN ", g.pan(P),
            g.c([" – please verify.", ". Uploaded both sides.", ""])]


@tpl("aadhaar")
def t_hinglish_aadhaar(g):
    return g.c([["mera aadhaar number ", g.aadhaar(), " hai, isko account se link kar do please"],
                ["aadhar no ", g.aadhaar(), " galat update hua hai, sahi karo"],
                ["UID ", g.aadhaar(), " wala e-KYC fail ho raha hai bar bar"]])


@tpl("aadhaar")
def t_devanagari_aadhaar(g):
    return g.c([["आधार संख्या ", g.aadhaar(), " मेरे बैंक खाते से लिंक नहीं है।"],
                ["मेरा आधार नंबर ", g.aadhaar(), " है।"]])


@tpl("aadhaar", "name", "phone")
def t_kyc_form(g):
    P = g.person("in")
    return ["Name: ", g.name(P, g.c(["upper", "full"])), "\nAadhaar No: ", g.aadhaar(),
            "\nDOB: ", g.dob(), "\nMobile: ", g.phone("in"), "\nKYC mode: ", g.c(["OTP", "biometric", "offline XML"])]


@tpl("aadhaar", "phone")
def t_uidai_mismatch(g):
    return ["UIDAI portal says ", g.aadhaar(), " is not linked to mobile ", g.phone("in"),
            ". What should I do? Visiting the enrolment centre is not possible this week."]


@tpl("aadhaar", "name")
def t_aadhaar_ocr(g):
    P = g.person("in")
    return ["ocr_front: \"GOVERNMENT OF INDIA ", g.name(P, "upper"), " DOB: ", g.dob(), " ",
            "VID: NA ", g.aadhaar("sp"), "\" confidence=0.9", str(g.ri(1, 8))]


@tpl("aadhaar")
def t_aadhaar_masking(g):
    return ["Customer uploaded unmasked aadhaar (", g.aadhaar(), ") instead of the masked one, ",
            "please purge the file and ask for XXXX XXXX ", g.digits(4), " format."]


# ---------------- pan ----------------
@tpl("pan")
def t_pan_tds(g):
    return g.c([["pls share PAN ", g.pan(), " for TDS"],
                ["PAN: ", g.pan(), " (individual)"],
                ["Update PAN to ", g.pan(), " in my profile, the old one had a typo"],
                ["Your PAN ", g.pan(), " is now linked with Aadhaar."]])


@tpl("pan")
def t_form16_mismatch(g):
    return ["Form 16 shows PAN ", g.pan(), " but 26AS has ", g.pan(), " – which one is correct?"]


@tpl("pan")
def t_firm_pan(g):
    return ["GST registration for ", g.company(), ": ", g.c(["firm", "company", "trust", "HUF"]),
            " PAN ", g.pan(holder=g.c("FCTH")), ", GSTIN to follow."]


@tpl("pan")
def t_hinglish_pan(g):
    return g.c([["pan card number galat dala tha, sahi wala ", g.pan(), " hai"],
                ["PAN ", g.pan(), " verify nahi ho raha portal pe"],
                ["मेरा पैन ", g.pan(), " है, कृपया अपडेट करें।"]])


@tpl("pan", "name")
def t_pan_json(g):
    P = g.person("in")
    return ['{"pan": "', g.pan(P), '", "name_on_pan": "', g.name(P, "upper"),
            '", "status": "', g.c(["VALID", "E", "INVALID_NAME"]), '", "seeded": ',
            g.c(["true", "false"]), '}']


# ---------------- ssn ----------------
@tpl("ssn", "name", "address")
def t_us_applicant(g):
    P = g.person("west")
    return ["Applicant: ", g.name(P, g.c(["full", "middle", "initials"])), "\nSSN: ", g.ssn("dash"),
            "\nDOB: ", f"{g.ri(1, 12):02d}/{g.ri(1, 28):02d}/{g.ri(1960, 2001)}",
            "\nCurrent address: ", g.address("us")]


@tpl("ssn")
def t_ssn_plain_cue(g):
    return g.c([["my social security number is ", g.ssn("plain")],
                ["SSN ", g.ssn("plain"), " is on file with the agency"],
                ["Social Security No.: ", g.ssn(g.c(["plain", "sp"]))],
                ["ssn# ", g.ssn(g.c(["plain", "dash"])), " - please do not email this around"]])


@tpl("ssn")
def t_w2(g):
    return ["The W-2 shows ", g.ssn(g.c(["dash", "dash", "sp"])),
            " but my I-9 has a typo, can payroll fix it before filing?"]


@tpl("ssn", "name")
def t_hr_onboarding(g):
    P = g.person()
    return ["New hire ", g.name(P, "full"), " (", g.ssn(g.c(["sp", "dash"])), ") starts ",
            g.weekday(), " in the ", g.c(["Fremont", "Austin", "Edison", "Jersey City"]), " office."]


@tpl("ssn")
def t_ssn_verify(g):
    return ["To verify your identity we need the full SSN (", g.ssn(g.c(["dash", "dash", "sp"])),
            "), not just the last four", g.c([".", " – the IRS letter is attached."])]


@tpl("ssn", "name", "address")
def t_w9(g):
    P = g.person("west")
    return ["Form W-9 (draft)\nName: ", g.name(P, g.c(["full", "upper", "middle"])), "\nTIN/SSN: ",
            g.ssn(g.c(["dash", "dash", "plain"])), "\nAddress: ", g.address("us", g.p(0.4)),
            "\nExempt payee code: none"]


@tpl("ssn")
def t_ssn_hinglish(g):
    return g.c([["US client ka SSN ", g.ssn(), " bheja hai, isko form mein daal do"],
                ["bhai SSN ", g.ssn(g.c(["dash", "sp"])), " wala applicant reject kyun hua?"]])


@tpl("ssn", "name")
def t_ssn_json(g):
    P = g.person("west")
    return ['{"applicant": "', g.name(P, "full"), '", "ssn": "', g.ssn(g.c(["dash", "plain"])),
            '", "state": "', g.c(["NJ", "TX", "CA", "WA", "IL"]), '", "income_verified": ',
            g.c(["true", "false"]), "}"]


@tpl("ssn")
def t_ssn_chat(g):
    return ["agent: can you confirm the last 4 of your SSN?\ncustomer: ",
            g.c(["its ", "here's the full one ", "sure, "]), g.ssn(g.c(["dash", "sp", "dash"])),
            g.c([" lol", "", " – is that ok to share here?"])]


# ---------------- ifsc ----------------
@tpl("ifsc", "bank_account", "name")
def t_bank_block(g):
    P = g.person("in")
    pre = g.c(sorted(IFSC_BANKS))
    return ["Beneficiary: ", g.name(P, g.c(["full", "upper"])), "\nA/c No: ", g.bank_account(),
            "\nIFSC: ", g.ifsc(pre), "\nBranch: ", g.branch()]


@tpl("ifsc")
def t_hinglish_ifsc(g):
    pre = g.c(sorted(IFSC_BANKS))
    city = g.c(sorted(IN_CITIES))
    return ["ifsc code ", g.ifsc(pre), " hai, ", IFSC_BANKS[pre], " ka, ", g.branch(city),
            " branch"]


@tpl("ifsc", "money")
def t_neft_failed(g):
    return [g.c(["NEFT", "IMPS", "RTGS"]), " of ", g.money_inr(), " failed – beneficiary IFSC ",
            g.ifsc(), " is invalid?"]


@tpl("ifsc", "bank_account")
def t_devanagari_ifsc(g):
    return ["मेरा खाता संख्या ", g.bank_account(), " है और IFSC कोड ", g.ifsc(), " है।"]


@tpl("ifsc")
def t_ifsc_lookup(g):
    pre = g.c(sorted(IFSC_BANKS))
    return ["Is ", g.ifsc(pre), " the right IFSC for the ", IFSC_BANKS[pre], " ",
            g.c(sorted(IN_CITIES)), " main branch? The cheque leaf is smudged."]


# ---------------- bank account ----------------
@tpl("bank_account", "ifsc")
def t_refund_to_account(g):
    return ["Please refund to my ", g.c(["savings", "current", "salary"]), " account ",
            g.bank_account(), " (IFSC ", g.ifsc(), ")"]


@tpl("bank_account", "money")
def t_khata(g):
    return ["khata number ", g.bank_account(), " mein paisa daal do, ", g.money_inr(), " hai total"]


@tpl("bank_account", "money")
def t_debited_no_order(g):
    return [g.c(["a/c ", "A/C ", "acct "]), g.bank_account(), " se ", g.money_small_inr(),
            " debit hua but order nahi hua"]


@tpl("bank_account", "name")
def t_acct_verify(g):
    P = g.person()
    return ["Account number ", g.bank_account(), " is registered to ", g.name(P, "full"),
            " but penny-drop verification failed. Can you recheck?"]


@tpl("bank_account")
def t_salary_acct(g):
    return g.c([["Salary account changed — new acct no. ", g.bank_account(), ", same bank."],
                ["Acc No: ", g.bank_account(), "\nType: Savings\nNominee: registered"],
                ["Please update account no ", g.bank_account(), " for reimbursements."]])


@tpl("bank_account")
def t_us_acct(g):
    return g.c([["Checking acct # ", g.bank_account(), " was debited twice for the same bill."],
                ["Direct deposit should go to account number ", g.bank_account(), " starting next pay period."]])


# ---------------- money ----------------
@tpl("money")
def t_total_payable(g):
    return ["Items: ", str(g.ri(2, 9)), "\nSubtotal: ", g.money_inr(), "\nDelivery: FREE\nTotal payable: ",
            g.money_inr()]


@tpl("money")
def t_quote(g):
    m = g.money_inr if g.p(0.6) else g.money_usd
    return ["Quote for ", str(g.ri(5, 250)), " seats comes to ", m(), " per year, or ", m(),
            " if billed monthly."]


@tpl("money")
def t_hinglish_paid(g):
    return g.c([[g.money_inr(), " bhej diye hain, check karke batao"],
                ["bhai ", g.money_small_inr(), " kam aaye hain, baaki kab doge?"],
                ["kal tak ", g.money_inr(), " ka cheque clear ho jayega"]])


@tpl("money")
def t_ctc(g):
    return ["CTC offered is ", g.money(g.c(["lakh", "lakhword"])), " but I was expecting ",
            g.money(g.c(["lakh", "lakhword"])), "."]


@tpl("money")
def t_us_plan(g):
    return g.c([["Your plan renews at ", g.money(g.c(["usd", "usdcode"])), "/month starting next cycle."],
                ["Refund of ", g.money_usd(), " issued to the original payment method."],
                ["Tip was ", g.money("dollars"), ", not 200, please correct the receipt"]])


@tpl("money")
def t_late_fee(g):
    return [g.c(["Late fee of ", "A penalty of ", "Processing charge "]), g.money("rs_plain"), "/-",
            g.c([" will be charged after the due date.", " applies.", " is non-refundable."])]


@tpl("money")
def t_devanagari_money(g):
    return g.c([["आपके खाते में ", g.money(g.c(["sym", "rs", "inr"])), " जमा कर दिए गए हैं।"],
                ["कुल राशि ", g.money("sym"), " है, कृपया आज ही भुगतान करें।"]])


@tpl("money")
def t_overcharged(g):
    f = g.money_inr if g.p(0.6) else g.money_usd
    return ["I was charged ", f(), " instead of ", f(), ", please refund the difference."]


@tpl("money", "upi")
def t_sms_debit(g):
    return [g.money(g.c(["rs", "inr"])), " debited from A/c XX", g.digits(4), " on ",
            f"{g.ri(1, 28):02d}-{g.c(MONTHS)}-25", " to VPA ", g.upi(),
            ". Avl Bal ", g.money(g.c(["rs", "inr"])), ". Not you? Call the bank."]


@tpl("money")
def t_property(g):
    return ["The flat is listed at ", g.money("crore"), " but the owner might settle for ",
            g.money(g.c(["crore", "lakh"])), ". Brokerage is 1%."]


@tpl("money")
def t_expense_bullets(g):
    return ["Trip expenses:\n• Cab – ", g.money_small_inr(), "\n• Hotel (2 nights) – ",
            g.money_inr(), "\n• Meals – ", g.money_small_inr(), "\nPlease reimburse."]


# ---------------- address ----------------
@tpl("address", "name", "phone")
def t_ship_to(g):
    P = g.person()
    where = "in" if P.kind == "in" or g.p(0.3) else "us"
    return [g.c(["Ship to:\n", "Deliver to:\n", "SHIPPING ADDRESS\n"]), g.name(P, "full"), "\n",
            g.address(where, True), "\n", g.c(["Ph: ", "Mobile: ", "Contact: "]),
            g.phone("in" if where == "in" else "us")]


@tpl("address")
def t_deliver_single(g):
    return ["Please deliver to ", g.address("in", False), g.c([". Call before coming, the bell doesn't work.",
                                                                ". Leave it with the security guard.",
                                                                " – 3rd floor, no lift."])]


@tpl("address")
def t_us_mailing(g):
    return g.c([["Our new mailing address is ", g.address("us", False), ". Please update your records."],
                ["Please mail the check to:\n", g.address("us", True), "\nThanks!"]])


@tpl("address")
def t_hinglish_address(g):
    return ["address change karna hai, naya address: ", g.address("in"),
            g.c(["", "\nkal se yahi pe bhejna", " – thanks bhai"])]


@tpl("address")
def t_return_label(g):
    return ["Return to:\n", g.company(), "\n", g.address(None, True)]


@tpl("address")
def t_devanagari_address(g):
    return g.c([["पता: ", g.address("in", False), "। कृपया इसी पते पर भेजें।"],
                ["नया पता:\n", g.address("in", True), "\nधन्यवाद"]])


@tpl("address")
def t_billing_shipping(g):
    w = "in" if g.p(0.6) else "us"
    return ["Billing address: ", g.address(w, False), "\nShipping address: ", g.address(w, False)]


# ---------------- order id ----------------
@tpl("order_id")
def t_wismo(g):
    k = g.c(["flip", "amzn", "hash", "ord", "so"])
    return [g.c(["Where is my order ", "order id ", "Order No. ", "My order "]), g.oid(k),
            g.c(["? It's been 9 days.", " still shows 'packed'", " abhi tak nahi aaya", " – wrong size delivered"])]


@tpl("order_id", "name")
def t_booking_ref(g):
    P = g.person()
    return ["Booking ref ", g.oid("pnr"), " – ", g.name(P, "full"), ", check-in ",
            f"{g.ri(1, 28)} {g.c(MONTHS)}", ", ", g.c(["2 adults", "1 adult 1 child", "3 adults"])]


@tpl("order_id")
def t_ticket_escalated(g):
    return g.c([["Ticket ", g.oid("tkt"), " has been escalated to L2"],
                ["ticket no: ", g.oid("tkt"), "\npriority: P2\nSLA breach in 3h"],
                ["Re: [", g.oid("tkt"), "] Unable to reset password"]])


@tpl("order_id", "money")
def t_invoice_attached(g):
    return ["Invoice ", g.oid("inv"), " dated ", g.date(), " attached, amount ", g.money_inr()]


@tpl("order_id")
def t_awb(g):
    return g.c([["AWB ", g.oid("awb"), " shows RTO initiated"],
                ["awb no ", g.oid("awb"), " pe status update nahi ho raha"]])


@tpl("order_id")
def t_txn(g):
    return g.c([["txn id ", g.oid("txn"), " pe paisa kat gaya par recharge nahi hua"],
                ["Transaction ", g.oid("txn"), " for ", g.money_small_inr(), " is stuck in pending"]])


@tpl("order_id")
def t_tracking(g):
    return g.c([["tracking ", g.oid("ups"), " says delivered but nothing at my door"],
                ["Tracking number: ", g.oid("ups"), " (UPS Ground)"]])


@tpl("order_id")
def t_ref_complaint(g):
    return ["Your complaint is registered. Reference: ", g.oid("ref"),
            ". Please quote this in future correspondence."]


# ---------------- card ----------------
@tpl("card")
def t_card_exp(g):
    return g.c([["card no ", g.card(), " exp ", f"{g.ri(1, 12):02d}/{g.ri(26, 31)}"],
                ["Card: ", g.card(), "\nExpiry: ", f"{g.ri(1, 12):02d}/{g.ri(26, 31)}", "\nName on card: as per PAN"]])


@tpl("card", "money")
def t_charge_failed(g):
    return ["Charge of ", g.money(), " failed on card ", g.card(), ", please retry",
            g.c([" or use another method.", ".", " – bank says no issue"])]


@tpl("card")
def t_hinglish_card(g):
    return g.c([["mere card ", g.card(), " se do baar paisa kat gaya"],
                ["ye card block karo jaldi ", g.card(), " kho gaya hai"]])


@tpl("card", "name")
def t_card_json(g):
    P = g.person()
    return ['{"card_number": "', g.card(fmt=g.c(["plain", "sp"])), '", "holder": "', g.name(P, "upper"),
            '", "exp": "', f"{g.ri(1, 12):02d}/{g.ri(26, 31)}", '"}']


@tpl("card")
def t_devanagari_card(g):
    return ["कार्ड नंबर ", g.card(), " से दो बार पैसे कट गए।"]


@tpl("card")
def t_card_amex(g):
    return ["Amex ", g.card("amex"), " was declined at checkout even though the limit is fine."]


# ---------------- upi ----------------
@tpl("upi")
def t_pay_to(g):
    return g.c([["Pay to ", g.upi(), " and share the screenshot"],
                ["UPI: ", g.upi()], ["GPay/PhonePe: ", g.upi(), " (no cash please)"]])


@tpl("upi", "money")
def t_hinglish_upi(g):
    return g.c([["bhai ", g.upi(), " pe ", g.money_small_inr(), " bhej de"],
                [g.upi(), " pe bhejo, ", g.money_small_inr(), " hai"]])


@tpl("upi")
def t_refund_upi(g):
    return ["Refund to my UPI id ", g.upi(), " instead of card please."]


@tpl("upi")
def t_merchant_vpa(g):
    return ["Scan & pay or use VPA ", g.upi(), " – mention your flat no. in remarks"]


@tpl("upi", "money")
def t_devanagari_upi(g):
    return ["UPI आईडी ", g.upi(), " पर ", g.money("sym"), " भेज दीजिए।"]


# ---------------- ip ----------------
@tpl("ip")
def t_whitelist(g):
    ips = [g.ip(4)]
    for _ in range(g.ri(1, 2)):
        ips += [", ", g.ip(4)]
    return [g.c(["Whitelist our egress IPs: ", "Please allow-list ", "Add to the SG: "]), ips,
            g.c(["", " (prod)", " before Friday"])]


@tpl("ip")
def t_unrecognized_login(g):
    return ["New sign-in from unrecognized IP ", g.ip(), " (", g.c(sorted(IN_CITIES) + ["Frankfurt", "Ashburn"]),
            "). If this wasn't you, reset your password."]


@tpl("ip")
def t_nginx(g):
    return [g.ip(), ' - - [', f"{g.ri(10, 28)}", '/Jan/2025:09:', f"{g.ri(10, 59)}:{g.ri(10, 59)}",
            ' +0530] "', g.c(["GET /api/v2/orders", "POST /checkout", "GET /healthz"]),
            ' HTTP/1.1" ', g.c(["200", "502", "404"]), " ", str(g.ri(100, 9000)), ' "-" "okhttp/4.9.2"']


@tpl("ip")
def t_ipv6_unreachable(g):
    return ["server ", g.ip(6), " unreachable on port 443, falling back to ", g.ip(4)]


@tpl("ip")
def t_ssh(g):
    return g.c([["ssh deploy@", g.ip(4), " -p 2222"],
                ["can't ssh into ", g.ip(4), " since the firewall change"]])


@tpl("ip")
def t_ip_port(g):
    return [g.c(["DB at ", "redis on ", "kafka broker "]), g.ip(4), ":", g.c(["5432", "6379", "9092"]),
            " refusing connections since 02:10 IST"]


@tpl("ip")
def t_devanagari_ip(g):
    return ["सर्वर ", g.ip(), " से कनेक्ट नहीं हो रहा।"]


@tpl("ip")
def t_ipv6_bracket(g):
    return ["curl -v https://[", g.ip(6), "]:8443/healthz   # times out"]


@tpl("ip", "email")
def t_json_log(g):
    return ['{"ts":"2025-02-', f"{g.ri(10, 28)}", 'T11:04:', f"{g.ri(10, 59)}", 'Z","level":"info","msg":"login ok","client_ip":"',
            g.ip(), '","user":"', g.email(), '"}']


# ---------------- mixed ----------------
@tpl("name", "phone", "email", "address", "pan")
def t_customer_profile(g):
    P = g.person("in")
    return ["Customer profile\nName: ", g.name(P, "full"), "\nPhone: ", g.phone("in"), "\nEmail: ",
            g.email(P), "\nPAN: ", g.pan(P), "\nAddress: ", g.address("in", g.p(0.5))]


@tpl("name", "email", "phone", "order_id")
def t_support_form(g):
    P = g.person()
    return ["New support request\n- Name: ", g.name(P, "full"), "\n- Email: ", g.email(P),
            "\n- Phone: ", g.phone(), "\n- Order: ", g.oid(), "\n- Issue: ",
            g.c(["damaged item", "refund not received", "wrong colour", "late delivery"])]


@tpl("bank_account", "ifsc", "upi", "money", "name")
def t_payment_instructions(g):
    P = g.person("in")
    return ["Payment details:\nA/c name: ", g.name(P, g.c(["full", "upper"])), "\nA/c no: ",
            g.bank_account(), "\nIFSC: ", g.ifsc(), "\nor UPI: ", g.upi(P), "\nAmount: ", g.money_inr()]


@tpl("name", "address", "phone", "card")
def t_us_customer(g):
    P = g.person("west")
    return ["Cardholder: ", g.name(P, "full"), "\nBilling: ", g.address("us", False), "\nPhone: ",
            g.phone("us"), "\nCard: ", g.card()]


@tpl("card", "ip", "money", "name")
def t_fraud_report(g):
    P = g.person()
    return ["Chargeback: card ", g.card(), " used from ", g.ip(), " for ", g.money(),
            " — cardholder ", g.name(P, "full"), " denies the txn."]


@tpl("aadhaar", "pan", "name", "phone")
def t_kyc_json(g):
    P = g.person("in")
    return ['{"full_name":"', g.name(P, "full"), '","aadhaar":"', g.aadhaar("plain"), '","pan":"',
            g.pan(P), '","mobile":"', g.phone("in"), '","kyc":"pending"}']


@tpl("email", "phone", "money", "name")
def t_csv_row(g):
    P = g.person()
    return ["customer_id,name,email,phone,amount\nC-", str(g.ri(1000, 9999)), ",", g.name(P, "full"),
            ",", g.email(P), ",", g.phone(), ',"', g.money(), '"']


@tpl("upi", "phone", "name")
def t_whatsapp_shop(g):
    P = g.person("in")
    return ["Order on WhatsApp ", g.phone("in"), " or pay via ", g.upi(), " 🛒\n– ", g.name(P, "first"),
            g.c([" (Home Bakes)", ", owner", ""])]


@tpl("order_id", "address", "name")
def t_dispatch_note(g):
    P = g.person()
    return ["Dispatch note\nOrder ", g.oid(g.c(["flip", "ord", "hash", "so"])), "\nConsignee: ",
            g.name(P, "full"), "\n", g.address(None, True), "\nPackages: ", str(g.ri(1, 4))]


# --------------------------------------------------------------------------
# hard negatives
# --------------------------------------------------------------------------
def n_luhn_invalid16(g):
    while True:
        d = g.c("3456") + g.digits(15)
        if not luhn_ok(d):
            return d


def n_verhoeff_invalid12(g):
    while True:
        d = g.c("23456789") + g.digits(11)
        if not verhoeff_ok(d):
            return d


def ver(g):
    return f"{g.ri(1, 14)}.{g.ri(0, 30)}.{g.ri(0, 40)}"


@neg
def n_meeting(g):
    return [g.c(["Meeting moved to ", "Review scheduled on ", "Demo shifted to "]), g.date(), " at ",
            g.time(), g.c([", same link.", ". Please be on time.", " IST."])]


@neg
def n_release(g):
    a, b, c = g.ri(1, 9), g.ri(0, 20), g.ri(2, 30)
    return [f"Release v{a}.{b}.{c} is live; rollback target is v{a}.{b}.{c - 1}."]


@neg
def n_build(g):
    return [f"Build 10.0.{g.ri(17000, 22700)}.{g.ri(100, 4500)} fails on the test rig, works on 10.0.{g.ri(19000, 22700)}."]


@neg
def n_qty(g):
    return [g.c(["qty ", "Qty: ", "quantity "]), str(g.ri(100, 999999)), g.c([" units dispatched from the warehouse",
                                                                       " pcs pending QC", " cartons in transit"])]


@neg
def n_invoice_total(g):
    n = g.ri(1000, 999999)
    return [g.c(["Invoice total ", "Grand total: ", "Net amount "]), inr_group(n) if g.p(0.5) else f"{n:,}",
            g.c([" incl. 18% GST, net 30 days", " (before discount)", ", round-off 0.40"])]


@neg
def n_otp(g):
    return [g.c(["Your OTP is ", "OTP: ", "Use code "]), g.digits(6),
            g.c([". Do not share it with anyone.", " to verify. Valid for 10 minutes.", " — never share this."])]


@neg
def n_batch(g):
    pre = g.c([IN_CITIES[c][1] for c in IN_CITIES])
    return [g.c(["batch ", "Lot ", "job "]), pre + g.digits(3), g.c([" failed at step 3, retrying", " QC passed",
                                                                 " queued behind 4 others"])]


@neg
def n_build_phone_shaped(g):
    return [g.c(["build ", "serial ", "SKU "]), g.c("6789") + g.digits(9),
            g.c([" promoted to staging", " failed QC twice", " is discontinued"])]


@neg
def n_seal(g):
    d = n_luhn_invalid16(g)
    while "0" in d[4::4]:          # a group starting with 0 would read like an STD code
        d = n_luhn_invalid16(g)
    return [g.c(["Container seal ", "Seal no. ", "Pallet tag "]), " ".join(d[i:i + 4] for i in range(0, 16, 4)) if g.p(0.5) else d,
            g.c([" logged at gate 4", " matches the manifest", " scanned twice"])]


@neg
def n_meter(g):
    d = n_verhoeff_invalid12(g)
    return [g.c(["Meter serial ", "Device key ", "Asset tag "]), f"{d[:4]} {d[4:8]} {d[8:]}" if g.p(0.5) else d,
            g.c([f" reading {g.ri(1000, 9999)} kWh", " flagged for replacement", " installed on site"])]


@neg
def n_calendar_words(g):
    return [g.c(["Monday standup moved to Tuesday because of the March close.",
                 "Friday release is frozen; resume in April.",
                 "Every Wednesday in June we run the DR drill.",
                 "MONDAY - SATURDAY 10AM TO 7PM, SUNDAY CLOSED",
                 "Q3 planning starts the first Thursday of August.",
                 "Payroll runs on the last working day; October is early this year.",
                 "Saturday shifts are optional in December.",
                 "The audit team arrives Tuesday and leaves Friday."])]


@neg
def n_tech(g):
    return [g.c([f"Upgrading Python to 3.{g.ri(10, 13)} and Kubernetes to 1.{g.ri(26, 31)} this sprint.",
                 f"Postgres {g.ri(13, 17)} migration done, Redis {g.ri(6, 7)}.2 next.",
                 "Terraform plan shows 3 to add, 1 to change, 0 to destroy.",
                 f"Node {g.ri(18, 22)} LTS breaks the old webpack config."])]


@neg
def n_cricket(g):
    return [g.c(["Mumbai Indians vs Chennai Super Kings tonight, office closes at 6.",
                 f"India need {g.ri(20, 80)} off {g.ri(18, 48)} balls, {g.ri(3, 8)} wickets in hand.",
                 "Royal Challengers finally won a match lol",
                 f"Kolkata Knight Riders chased {g.ri(150, 230)} with {g.ri(1, 9)} balls to spare!",
                 "Sunrisers vs Rajasthan Royals washed out, no result.",
                 f"Team lunch after the match, {g.ri(8, 20)} people confirmed",
                 "Pro Kabaddi final on Sunday, screening in the cafeteria"])]


@neg
def n_grace(g):
    return [g.c([f"Grace period for the EMI is {g.ri(7, 30)} days after the due date.",
                 "Will you share the deck before EOD?",
                 "May I know the status of the replacement request?",
                 "Hope this helps! Will check again tomorrow.",
                 "Bill generated, pay before the due date to avoid charges.",
                 "Summer sale starts next week, up to 40% off.",
                 "Sunny weather expected all week, outdoor event is on.",
                 "Will do, thanks for the heads-up.",
                 "May I request a callback in the evening?",
                 f"Grace days left on the trial: {g.ri(1, 14)}",
                 "Joy of Cooking is out of stock again.",
                 f"Hope to close this by {g.weekday()}.",
                 f"Bill cycle changed to the {g.ri(1, 28)}th of every month.",
                 "Faith-based NGOs are exempt under this scheme, per the circular."])]


@neg
def n_brands(g):
    return [g.c(["Swiggy and Zomato both down in Koramangala right now lol",
                 "Tata Nexon EV vs Mahindra XUV400 — which has better range?",
                 "Switched from Airtel to Jio, network is better in the basement.",
                 "Razorpay settlement is delayed for all merchants today.",
                 "Flipkart Big Billion Days sale starts at midnight.",
                 "Infosys and Wipro both announced results this week.",
                 "Ordered from Amazon, delivered by Ekart, weird.",
                 "Our Kubernetes cluster on AWS Mumbai region had a blip.",
                 "BigBasket slot was cancelled, switching to Blinkit.",
                 "HDFC Bank netbanking is under maintenance tonight.",
                 "The Maruti Suzuki service centre called about the recall.",
                 "Godrej fridge warranty is 10 years on the compressor."])]


@neg
def n_at_channel(g):
    return [g.c(["@channel please review the rollout plan before 4pm",
                 "@here deploy freeze starts Friday 6 PM",
                 "@oncall pager is flapping again",
                 "cc @everyone – office closed tomorrow",
                 f"@channel standup in {g.ri(2, 15)} minutes",
                 "@here who owns the billing cron?",
                 f"@team retro notes are in the wiki, page {g.ri(2, 40)}",
                 "ping @support-l2 if the queue crosses 50"])]


@neg
def n_road_closed(g):
    return [g.c(["Mohan Road is closed for repairs till Sunday, use the service lane.",
                 "MG Road metro station gate 2 is shut this week.",
                 "Traffic diversion near Silk Board junction after 9 pm.",
                 "Station Road flyover work has started, expect delays.",
                 "Outer Ring Road is waterlogged near the tech park.",
                 "Link Road has a new one-way rule from next month.",
                 "Anna Salai is jammed because of the rally.",
                 "Heavy traffic on the expressway, drivers are running late."]),
            g.c(["", f" (update {g.time()})", " – admin"])]


@neg
def n_masked(g):
    last4 = g.digits(4)
    return [g.c([f"Payment received from card ending {last4}. Thank you!",
                 f"Card XXXX XXXX XXXX {last4} has been blocked as requested.",
                 f"A/c XX{last4} credited with interest for the quarter.",
                 f"Aadhaar XXXX XXXX {last4} verified via OTP.",
                 f"Mobile number ending {last4} is now registered.",
                 f"Your card ending in {last4} will expire soon.",
                 f"Txn on card **{last4} declined: insufficient funds",
                 f"UPI PIN changed for account ending {last4}."])]


@neg
def n_metrics(g):
    return [f"uptime {g.ri(95, 99)}.{g.ri(10, 99)}% this month, p99 latency {g.ri(80, 900)} ms, error rate 0.{g.ri(1, 9)}%"]


@neg
def n_versions_iplike(g):
    return [g.c([f"Bump lodash to 4.17.{g.ri(10, 21)} and express to 4.{g.ri(15, 21)}.{g.ri(0, 3)}",
                 f"Schema version {g.ri(1, 3)}.0.{g.ri(1, 9)}, API v{g.ri(2, 4)}, see section 4.2.1 of the spec",
                 f"pip install requests=={g.ri(2, 2)}.{g.ri(25, 32)}.{g.ri(0, 3)}"])]


@neg
def n_error_code(g):
    return [g.c(["Error 0x80070005 while installing the cumulative update",
                 f"HTTP {g.c(['502', '503', '504'])} from upstream after {g.ri(10, 60)}s",
                 f"exit code {g.ri(1, 137)} in step 'migrate'"])]


@neg
def n_uuid(g):
    h = lambda n: "".join(g.c("0123456789abcdef") for _ in range(n))
    return [f"request_id={h(8)}-{h(4)}-4{h(3)}-{g.c('89ab')}{h(3)}-{h(12)} status={g.c(['504', '499', '200'])} dur={g.ri(3, 900)}ms"]


@neg
def n_commit(g):
    h = "".join(g.c("0123456789abcdef") for _ in range(7))
    return [f"merged PR #{g.ri(100, 9999)} into main, commit {h}, CI green"]


@neg
def n_dimensions(g):
    return [f"Dimensions {g.ri(20, 200)}x{g.ri(20, 120)}x{g.ri(5, 90)} cm, weight {g.ri(1, 40)}.{g.ri(0, 9)} kg, {g.ri(1, 6)} boxes"]


@neg
def n_weather(g):
    return [f"{g.c(sorted(IN_CITIES))} {g.ri(18, 41)}°C today, humidity {g.ri(30, 95)}%, AQI {g.ri(40, 320)}"]


@neg
def n_hindi(g):
    return [g.c(["कल सुबह 10 बजे मीटिंग है, सभी समय पर आएँ।",
                 f"आज सर्वर {g.ri(1, 5)} घंटे डाउन रहा, अब ठीक है।",
                 f"कृपया {g.ri(5, 30)} मिनट प्रतीक्षा करें, हमारा प्रतिनिधि जल्द ही जुड़ेगा।",
                 f"कुल {g.ri(20, 900)} पैकेट भेजे गए, बाकी कल जाएंगे।",
                 "ऑफिस सोमवार को बंद रहेगा।",
                 f"आपकी शिकायत दर्ज हो गई है, {g.ri(24, 72)} घंटे में समाधान होगा।",
                 "कृपया ऐप को अपडेट करें और फिर से लॉगिन करें।",
                 f"बारिश की वजह से डिलीवरी में {g.ri(1, 4)} दिन की देरी होगी।"])]


@neg
def n_hinglish(g):
    return [g.c(["bhai kal tak ho jayega, tension mat lo",
                 "aaj network bahut slow hai, baad mein try karta hoon",
                 f"{g.ri(2, 5)} din se app crash ho raha hai, update kab aayega?",
                 f"sir ji refund ka kya hua? {g.ri(2, 4)} hafte ho gaye",
                 "theek hai, kal subah tak bhej dunga",
                 f"bhai {g.ri(3, 9)} baje ke baad call karna, abhi meeting mein hoon",
                 "yaar ye app ka UI bahut confusing hai",
                 f"aaj {g.ri(2, 6)} baar OTP aaya par login nahi hua",
                 "madam please thoda jaldi dekh lo, customer gussa hai"])]


@neg
def n_list(g):
    return [f"- {g.ri(1, 5)} x USB-C cable\n- {g.ri(1, 3)} x 65W charger\n- 1 x laptop stand\nPacked in {g.ri(2, 4)} boxes."]


@neg
def n_log(g):
    return [f"2025-0{g.ri(1, 9)}-{g.ri(10, 28)}T0{g.ri(1, 9)}:{g.ri(10, 59)}:{g.ri(10, 59)}Z INFO worker={g.ri(1, 16)} queue=orders-high lag_ms={g.ri(1, 900)} retries=0"]


@neg
def n_k8s(g):
    h = "".join(g.c("bcdfghjklmnpqrstvwxz2456789") for _ in range(5))
    return [f"pod api-7d9f8b6c4-{h} restarted {g.ri(2, 9)} times in the last {g.ri(1, 6)}h (OOMKilled)"]


@neg
def n_room(g):
    return [g.c([f"Meeting in Room {g.ri(101, 909)}, Block {g.c('ABCD')}, {g.ri(4, 9)}th floor",
                 f"Shuttle leaves Sector {g.ri(10, 140)} at 8:15 and 8:45",
                 f"Gate {g.ri(1, 9)} is closed, use the east entrance"])]


@neg
def n_epoch(g):
    return [f"epoch 1{g.ri(600000000, 759999999)} maps to {g.date()} UTC"]


@neg
def n_gst(g):
    return [f"GST rate revised from 12% to 18% for HSN {g.ri(1000, 9999)}, effective {g.date()}"]


@neg
def n_ticket_counts(g):
    return [g.c([f"Closed {g.ri(20, 90)} tickets today, backlog down to {g.ri(50, 400)}",
                 "Order is delayed due to heavy rain in the region, sorry for the trouble.",
                 f"We shipped {g.ri(300, 9000)} orders yesterday, a new record",
                 "Your booking is confirmed. Details will be shared shortly.",
                 f"Invoice will be emailed within {g.ri(2, 7)} working days.",
                 "Tracking page is down, engineering is on it.",
                 f"Average ticket resolution time is {g.ri(3, 30)} hours this week",
                 "Please keep your reference handy when you call."])]


@neg
def n_scores(g):
    return [f"NPS {g.ri(20, 80)}, CSAT {g.ri(3, 4)}.{g.ri(0, 9)}/5, FCR {g.ri(50, 95)}%"]


@neg
def n_hash(g):
    return ["sha256: " + "".join(g.c("0123456789abcdef") for _ in range(64))]


@neg
def n_window(g):
    return [f"Maintenance window 0{g.ri(1, 3)}:00–0{g.ri(4, 6)}:30 IST on {g.date()}"]


@neg
def n_holiday(g):
    return [g.c(["Office closed for Diwali from 31 Oct to 3 Nov.",
                 "Happy Pongal! Support hours are reduced this week.",
                 "Christmas and New Year: dispatches paused 24 Dec – 1 Jan.",
                 "Eid holiday on Monday, warehouse works Saturday instead.",
                 "Onam greetings from the Kochi team!",
                 "Holi on Friday – no deliveries in the old city.",
                 "Durga Puja week: Kolkata hub runs a skeleton crew.",
                 "Ganesh Chaturthi traffic, pickups after 4 pm only."])]


@neg
def n_barcode(g):
    body = "890" + g.digits(9)
    s = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(body))
    return [f"barcode {body}{(10 - s % 10) % 10} scanned at shelf {g.c('ABCDEF')}{g.ri(1, 30)}"]


@neg
def n_coords(g):
    return [f"Pickup point: {g.ri(8, 28)}.{g.digits(4)}, {g.ri(72, 88)}.{g.digits(4)} (use the side gate)"]


@neg
def n_sla(g):
    return [g.c([f"SLA is {g.ri(2, 6)} hrs for P1, {g.ri(12, 48)} hrs for P2.",
                 f"Retry after {g.ri(5, 60)} seconds; max {g.ri(3, 10)} attempts.",
                 f"Extension {g.ri(200, 899)} for the IT helpdesk."])]


@neg
def n_percent(g):
    return [f"Conversion up {g.ri(2, 30)}.{g.ri(0, 9)}% WoW, cart abandonment {g.ri(40, 80)}%, AOV up {g.ri(1, 15)}%"]


@neg
def n_stock(g):
    return [f"Stock left: {g.ri(0, 500)} (small), {g.ri(0, 500)} (medium), {g.ri(0, 500)} (large) as of {g.time()}"]


@neg
def n_shortcuts(g):
    return [g.c(["Press Ctrl+Shift+R to hard refresh, then clear cache.",
                 "Use the 2.4 GHz band, the 5 GHz one drops in the bedroom.",
                 "Set replicas to 3 and maxSurge to 25%.",
                 "ratio 1:2:3 for the mix, cure for 7 days",
                 f"Resolution 1920x1080 at {g.c(['60', '120', '144'])} Hz works, 4K does not.",
                 f"Battery health {g.ri(70, 99)}%, cycle count {g.ri(50, 900)}",
                 f"Font size {g.ri(10, 18)}px, line height 1.{g.ri(2, 6)}",
                 f"Set the thermostat to {g.ri(20, 26)} and the timer to {g.ri(1, 8)} h"])]


# --------------------------------------------------------------------------
# assembly
# --------------------------------------------------------------------------
def flatten(parts):
    for p in parts:
        if isinstance(p, list):
            yield from flatten(p)
        else:
            yield p


def assemble(parts):
    text, ents, pos = [], [], 0
    for p in flatten(parts):
        if isinstance(p, str):
            text.append(p)
            pos += len(p)
        elif isinstance(p, tuple):
            t, v = p
            ents.append({"type": t, "start": pos, "end": pos + len(v), "text": v})
            text.append(v)
            pos += len(v)
        else:
            raise TypeError(p)
    return "".join(text), ents


# --------------------------------------------------------------------------
# validation / lint
# --------------------------------------------------------------------------
class Bad(Exception):
    pass


ALL_NAME_WORDS = set()
for _pool in (INDIAN, WESTERN):
    for _f, _l in _pool.values():
        ALL_NAME_WORDS.update(_f)
        ALL_NAME_WORDS.update(_l)
ALL_NAME_WORDS.update(HINDI_MIDDLE)
NAME_LINT_WORDS = ALL_NAME_WORDS - set(AMBIG_FIRST)

HON_RE = re.compile(r"^(?:Mr|Mrs|Ms|Dr|Shri|Smt)\b")
EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
UPI_RE = re.compile(r"[A-Za-z0-9._-]+@(?:" + "|".join(UPI_PSP) + r")\b")
PAN_RE = re.compile(r"(?<![A-Za-z0-9])[A-Z]{3}[PCHFATBLJG][A-Z]\d{4}[A-Z](?![A-Za-z0-9])")
IFSC_RE = re.compile(r"(?<![A-Za-z0-9])[A-Z]{4}0[A-Z0-9]{6}(?![A-Za-z0-9])")
SSN_RE = re.compile(r"(?<![\d-])\d{3}[- ]\d{2}[- ]\d{4}(?![\d-])")
IN_MOB_RE = re.compile(r"(?<![\w+])(?:\+?91[ -]?|0)?[6-9]\d{4}[ -]?\d{5}(?!\w)")
IN_MOB334_RE = re.compile(r"(?<![\w+])[6-9]\d{2}[ -]\d{3}[ -]\d{4}(?!\w)")
US_RE = re.compile(r"(?<![\w+])(?:\+1[ -]?)?(?:\([2-9]\d{2}\)\s?|[2-9]\d{2}[ .-])[2-9]\d{2}[ .-]\d{4}(?!\w)")
PLUS_RE = re.compile(r"\+\d{1,3}[ -]?\(?\d[\d ()-]{6,}\d")
LAND_RE = re.compile(r"(?<![\w])\(?0\d{2,4}\)?[ -]\d{3,4}[ -]?\d{3,4}(?!\w)")
IPV4_RE = re.compile(r"(?<![\d.])(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?![\d.])")
IPV6_RE = re.compile(r"(?<![\w:])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![\w:])")
MONEY_RE = re.compile(r"₹|\bRs\.?\s?\d|\bINR(?![A-Za-z])|\bUSD(?![A-Za-z])|\$\s?\d|\brupees?\b|\bdollars?\b|\blakhs?\b|\bcrores?\b",
                      re.IGNORECASE)
ORDER_RE = re.compile(r"\b(?:order|booking|ticket|invoice|txn|ref|reference|awb|tracking)\b"
                      r"\s*(?:id|no\.?|number|#)?\s*[:#]?\s*[A-Za-z0-9#]*\d[A-Za-z0-9/-]*", re.IGNORECASE)
ACCT_CUE_RE = re.compile(r"a/c|\baccount|\bacct|\bacc\b|khata|खाता", re.IGNORECASE)
PIN_TAIL_RE = re.compile(r"(?:,|-)\s*\d{6}(?!\d)")
ZIP_TAIL_RE = re.compile(r"\b[A-Z]{2} \d{5}(?:-\d{4})?\b")
DIGITS_RE = re.compile(r"\d+")
GROUPED_RE = re.compile(r"(?<![\d])\d{2,6}(?:[ -]\d{2,6}){1,4}(?![\d])")
CAP_WORD_RE = re.compile(r"[^\W\d_][\w'-]*")
NEG_PHONE_SHAPED_OK = re.compile(r"\b(?:build|serial|SKU) [6-9]\d{9}\b")


def lint_text(text, negative):
    """Return list of problems found in `text` (already masked for positives)."""
    probs = []
    for rx, what in ((EMAIL_RE, "email"), (UPI_RE, "upi"), (PAN_RE, "pan"), (IFSC_RE, "ifsc"),
                     (SSN_RE, "ssn"), (US_RE, "us-phone"), (PLUS_RE, "+phone"),
                     (LAND_RE, "landline"), (IN_MOB334_RE, "mobile334"), (MONEY_RE, "money")):
        for m in rx.finditer(text):
            probs.append(f"{what}: {m.group(0)!r}")
    for m in IN_MOB_RE.finditer(text):
        if negative and NEG_PHONE_SHAPED_OK.search(text[max(0, m.start() - 8):m.end()]):
            continue
        probs.append(f"mobile: {m.group(0)!r}")
    for m in IPV4_RE.finditer(text):
        if all(int(x) <= 255 for x in m.groups()):
            probs.append(f"ipv4: {m.group(0)!r}")
    for m in IPV6_RE.finditer(text):
        s = m.group(0)
        if "::" in s or s.count(":") >= 5:
            try:
                ipaddress.IPv6Address(s)
                probs.append(f"ipv6: {s!r}")
            except ValueError:
                pass
    for m in ORDER_RE.finditer(text):
        probs.append(f"order-ish: {m.group(0)!r}")
    for m in PIN_TAIL_RE.finditer(text):
        probs.append(f"pin-tail: {m.group(0)!r}")
    for m in ZIP_TAIL_RE.finditer(text):
        probs.append(f"zip-tail: {m.group(0)!r}")
    # digit runs (contiguous and grouped)
    cands = [m.group(0) for m in DIGITS_RE.finditer(text)] + \
            [m.group(0) for m in GROUPED_RE.finditer(text)]
    for c in cands:
        d = re.sub(r"\D", "", c)
        if len(d) == 12 and d[0] in "23456789" and verhoeff_ok(d):
            probs.append(f"aadhaar-valid 12 digits: {c!r}")
        if 13 <= len(d) <= 19 and luhn_ok(d) and card_iin_ok(d):
            probs.append(f"card-valid digits: {c!r}")
        if not negative and len(d) >= 9 and c.isdigit():
            probs.append(f"unlabeled long digit run: {c!r}")
        if negative and len(d) >= 9 and ACCT_CUE_RE.search(text):
            probs.append(f"account cue + long digits: {c!r}")
    # names
    for m in CAP_WORD_RE.finditer(text):
        w = m.group(0)
        if w in NAME_LINT_WORDS or w.rstrip("'s") in NAME_LINT_WORDS:
            probs.append(f"name word: {w!r}")
    return probs


def check_entity(e, text):
    t, v = e["type"], e["text"]
    if v != v.strip() or not v:
        raise Bad(f"whitespace at span edge: {v!r}")
    d = re.sub(r"\D", "", v)
    if t == "aadhaar":
        if not (len(d) == 12 and d[0] in "23456789" and verhoeff_ok(d)
                and re.fullmatch(r"\d{4}([ -]?)\d{4}\1\d{4}", v)):
            raise Bad(f"bad aadhaar {v!r}")
    elif t == "card":
        if not (luhn_ok(d) and card_iin_ok(d) and re.fullmatch(r"[\d -]+", v)):
            raise Bad(f"bad card {v!r}")
    elif t == "pan":
        if not PAN_RE.fullmatch(v):
            raise Bad(f"bad pan {v!r}")
    elif t == "ifsc":
        if not (IFSC_RE.fullmatch(v) and v[:4] in IFSC_BANKS):
            raise Bad(f"bad ifsc {v!r}")
    elif t == "ssn":
        m = re.fullmatch(r"(\d{3})([- ]?)(\d{2})\2(\d{4})", v)
        if not m:
            raise Bad(f"bad ssn {v!r}")
        a, g_, s = int(m.group(1)), int(m.group(3)), int(m.group(4))
        if a == 0 or a == 666 or a >= 900 or g_ == 0 or s == 0:
            raise Bad(f"bad ssn {v!r}")
        if not m.group(2) and not re.search(r"ssn|social security", text, re.IGNORECASE):
            raise Bad(f"plain ssn without cue {v!r}")
    elif t == "upi":
        if not UPI_RE.fullmatch(v):
            raise Bad(f"bad upi {v!r}")
    elif t == "email":
        if not EMAIL_RE.fullmatch(v):
            raise Bad(f"bad email {v!r}")
    elif t == "ip":
        try:
            ipaddress.ip_address(v)
        except ValueError:
            raise Bad(f"bad ip {v!r}")
    elif t == "phone":
        if not (10 <= len(d) <= 13 and re.fullmatch(r"[+\d ()./-]+", v)):
            raise Bad(f"bad phone {v!r}")
    elif t == "bank_account":
        if not (9 <= len(d) <= 18 and re.fullmatch(r"[\d -]+", v)):
            raise Bad(f"bad account {v!r}")
        if not ACCT_CUE_RE.search(text):
            raise Bad(f"account without cue {v!r}")
        if 13 <= len(d) <= 19 and luhn_ok(d):
            raise Bad(f"account is luhn-valid {v!r}")
    elif t == "money":
        if not MONEY_RE.search(v) or not re.search(r"\d", v) or v.endswith("/-"):
            raise Bad(f"bad money {v!r}")
    elif t == "address":
        if not re.search(r"(?:\b\d{6}|\b\d{5}(?:-\d{4})?)$", v):
            raise Bad(f"address must end at PIN/ZIP {v!r}")
        if re.match(r"(?i)(address|ship|deliver)", v):
            raise Bad(f"address includes label {v!r}")
    elif t == "order_id":
        if not re.search(r"\d", v) or " " in v:
            raise Bad(f"bad order id {v!r}")
    elif t == "name":
        if HON_RE.match(v) or re.search(r"\d", v):
            raise Bad(f"bad name {v!r}")
    else:
        raise Bad(f"unknown type {t}")


def validate_line(text, ents, negative):
    if negative and ents:
        raise Bad("negative with entities")
    if not negative and not ents:
        raise Bad("positive without entities")
    prev_end = -1
    masked = list(text)
    for e in ents:
        if e["type"] not in TYPES:
            raise Bad(f"unknown type {e['type']}")
        if text[e["start"]:e["end"]] != e["text"]:
            raise Bad("offset mismatch")
        if e["start"] < prev_end:
            raise Bad("overlap/unsorted")
        prev_end = e["end"]
        # span edges must not cut through a word
        if e["start"] > 0 and text[e["start"] - 1].isalnum() and e["text"][0].isalnum():
            raise Bad(f"span starts mid-word: {e['text']!r}")
        if e["end"] < len(text) and text[e["end"]].isalnum() and e["text"][-1].isalnum():
            raise Bad(f"span ends mid-word: {e['text']!r}")
        check_entity(e, text)
        for i in range(e["start"], e["end"]):
            masked[i] = "\u2591"
    probs = lint_text("".join(masked), negative)
    if probs:
        raise Bad("lint: " + "; ".join(probs))


# --------------------------------------------------------------------------
# main
# --------------------------------------------------------------------------
def build():
    _selftest_checksums()
    g = Gen(SEED)
    seen = set()
    rows = []

    def emit(fn, negative, must=None):
        for attempt in range(60):
            text, ents = assemble(fn(g))
            if text in seen:
                continue
            if must and must not in {e["type"] for e in ents}:
                raise SystemExit(f"template {fn.__name__} is registered for {must} but made: {text!r}")
            try:
                validate_line(text, ents, negative)
            except Bad as ex:
                raise SystemExit(f"SELF-CHECK FAILED in {fn.__name__}: {ex}\n  line: {text!r}")
            seen.add(text)
            rows.append({"text": text, "entities": ents})
            return
        raise SystemExit(f"could not produce a fresh line from {fn.__name__}")

    for t in TYPES:
        pool = list(TEMPLATES[t])
        if len(set(pool)) < 4:
            raise SystemExit(f"too few templates for {t}")
        order = []
        while len(order) < PER_TYPE:
            chunk = pool[:]
            g.r.shuffle(chunk)
            order.extend(chunk)
        for fn in order[:PER_TYPE]:
            emit(fn, False, t)
    order = []
    while len(order) < N_NEG:
        chunk = NEG_TEMPLATES[:]
        g.r.shuffle(chunk)
        order.extend(chunk)
    for fn in order[:N_NEG]:
        emit(fn, True)
    g.r.shuffle(rows)
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=DEFAULT_OUT)
    ap.add_argument("--stats", action="store_true")
    args = ap.parse_args()
    rows = build()
    lines = [json.dumps(r, ensure_ascii=False) for r in rows]
    # round-trip check of the serialised form
    for ln in lines:
        r = json.loads(ln)
        for e in r["entities"]:
            assert r["text"][e["start"]:e["end"]] == e["text"]
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")
    n_pos_tpl = len(ALL_POS)
    n_neg_tpl = len(NEG_TEMPLATES)
    print(f"wrote {len(lines)} lines to {args.out} ({n_pos_tpl} positive + {n_neg_tpl} negative templates)")
    if args.stats:
        lines_with = {t: 0 for t in TYPES}
        ents_of = {t: 0 for t in TYPES}
        neg = 0
        for r in rows:
            if not r["entities"]:
                neg += 1
            for t in {e["type"] for e in r["entities"]}:
                lines_with[t] += 1
            for e in r["entities"]:
                ents_of[e["type"]] += 1
        print(f"{'type':14} {'lines':>6} {'entities':>9}")
        for t in TYPES:
            print(f"{t:14} {lines_with[t]:6d} {ents_of[t]:9d}")
        print(f"{'negatives':14} {neg:6d}")


if __name__ == "__main__":
    main()
