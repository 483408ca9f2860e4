//! The texts `benches/redact.rs` measures, built deterministically (a
//! fixed-seed LCG picks the values), shared with the examples that dump
//! entities (`examples/entity_dump.rs`) and count instructions
//! (`examples/redact_loop.rs`), so all three see the same bytes.
//!
//! Included with `#[path]` (a file under `benches/support/` is not a bench
//! target of its own).

/// One kibibyte.
pub const KB: usize = 1 << 10;
/// One mebibyte.
pub const MB: usize = 1 << 20;

/// A tiny deterministic generator (Knuth's MMIX LCG); good enough to vary
/// values, and needs no dev-dependency.
pub struct Lcg(pub u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    /// `n` random decimal digits.
    fn digits(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| char::from(b'0' + self.below(10) as u8))
            .collect()
    }
}

const US_FIRST: &[&str] = &[
    "James", "Mary", "Robert", "Jennifer", "Michael", "Linda", "David", "Susan", "Emily", "Daniel",
];
const US_LAST: &[&str] = &[
    "Smith", "Johnson", "Williams", "Brown", "Miller", "Davis", "Garcia", "Wilson", "Anderson",
    "Taylor",
];
const IN_FIRST: &[&str] = &[
    "Priya", "Rahul", "Anita", "Vikram", "Sunita", "Arjun", "Kavya", "Rohan", "Meera", "Suresh",
];
const IN_LAST: &[&str] = &[
    "Sharma", "Verma", "Iyer", "Patel", "Reddy", "Nair", "Gupta", "Kumar", "Singh", "Rao",
];
const US_ADDRESSES: &[&str] = &[
    "1600 Amphitheatre Pkwy, Mountain View, CA 94043",
    "742 Evergreen Terrace, Springfield, IL 62704",
    "350 Fifth Avenue, Suite 4200, New York, NY 10118",
];
const IN_ADDRESSES: &[&str] = &[
    "Flat 302, Sai Residency,\n14th Cross, Indiranagar,\nBengaluru, Karnataka 560038",
    "House No. 12, Sector 15,\nGurugram, Haryana 122001",
    "B-204, Shanti Apartments, MG Road, Pune 411001",
];

/// Values for one conversation.
pub struct Values<'r>(pub &'r mut Lcg);

impl Values<'_> {
    fn us_name(&mut self) -> String {
        format!("{} {}", self.0.pick(US_FIRST), self.0.pick(US_LAST))
    }

    fn in_name(&mut self) -> String {
        format!("{} {}", self.0.pick(IN_FIRST), self.0.pick(IN_LAST))
    }

    fn us_phone(&mut self) -> String {
        let area = self.0.pick(&["415", "212", "646", "312", "617", "206"]);
        let exchange = format!("{}{}", 2 + self.0.below(8), self.0.digits(2));
        let line = self.0.digits(4);
        match self.0.below(3) {
            0 => format!("({area}) {exchange}-{line}"),
            1 => format!("{area}-{exchange}-{line}"),
            _ => format!("+1 {area} {exchange} {line}"),
        }
    }

    fn in_phone(&mut self) -> String {
        let first = 6 + self.0.below(4);
        let rest = self.0.digits(9);
        match self.0.below(3) {
            0 => format!("+91 {first}{} {}", &rest[..4], &rest[4..]),
            1 => format!("{first}{} {}", &rest[..4], &rest[4..]),
            _ => format!("{first}{rest}"),
        }
    }

    fn email(&mut self, first: &[&str], last: &[&str]) -> String {
        let f = self.0.pick(first).to_lowercase();
        let l = self.0.pick(last).to_lowercase();
        let domain = self
            .0
            .pick(&["gmail.com", "outlook.com", "yahoo.co.in", "example.org"]);
        format!("{f}.{l}{}@{domain}", self.0.below(100))
    }

    fn dollars(&mut self) -> String {
        match self.0.below(2) {
            0 => format!("${}.{}", 10 + self.0.below(990), self.0.digits(2)),
            _ => format!("${},{}.00", 1 + self.0.below(9), self.0.digits(3)),
        }
    }

    fn rupees(&mut self) -> String {
        match self.0.below(3) {
            0 => format!("₹{},{}", 1 + self.0.below(99), self.0.digits(3)),
            1 => format!("Rs. {},{}", 1 + self.0.below(9), self.0.digits(3)),
            _ => format!("₹{},{},000", 1 + self.0.below(9), self.0.digits(2)),
        }
    }

    fn order_id(&mut self) -> String {
        match self.0.below(3) {
            0 => format!("OD{}", self.0.digits(12)),
            1 => format!("405-{}-{}", self.0.digits(7), self.0.digits(7)),
            _ => format!("FK-2024-{}", self.0.digits(5)),
        }
    }

    fn upi(&mut self) -> String {
        let handle = self.0.pick(&["okaxis", "ybl", "paytm", "okicici"]);
        format!(
            "{}.{}@{handle}",
            self.0.pick(IN_FIRST),
            self.0.pick(IN_LAST)
        )
        .to_lowercase()
    }
}

/// Writes one whole conversation, drawing its values from the generator.
pub type Conversation = fn(&mut Values, &mut String);

/// Appends messages from `conversation` until `len` bytes, then cuts at the
/// last char boundary at or before `len`.
/// The seed of the chat texts.
pub const CHAT_SEED: u64 = 0x5eed_c4a7;

/// The pathological shapes ([`pathological`]).
pub const PATHOLOGICAL: [&str; 4] = [
    "digit_run",
    "capitalized_words",
    "no_whitespace_line",
    "spaced_digits",
];

pub fn build(len: usize, seed: u64, conversation: Conversation) -> String {
    let mut rng = Lcg(seed);
    let mut text = String::with_capacity(len + 1024);
    while text.len() < len {
        conversation(&mut Values(&mut rng), &mut text);
    }
    let mut cut = len;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    text.truncate(cut);
    text
}

/// One English support conversation, a US or an Indian customer.
pub fn english_conversation(v: &mut Values, t: &mut String) {
    let indian = v.0.below(2) == 0;
    let (name, phone, money, address) = if indian {
        let a = v.0.pick(IN_ADDRESSES);
        (v.in_name(), v.in_phone(), v.rupees(), a)
    } else {
        let a = v.0.pick(US_ADDRESSES);
        (v.us_name(), v.us_phone(), v.dollars(), a)
    };
    let email = if indian {
        v.email(IN_FIRST, IN_LAST)
    } else {
        v.email(US_FIRST, US_LAST)
    };
    let order = v.order_id();
    let colleague = if indian { v.in_name() } else { v.us_name() };
    let refund = if indian { v.rupees() } else { v.dollars() };
    let agent = v.0.pick(&["Sam", "Alex", "Jordan", "Taylor"]);
    t.push_str(&format!(
        "Agent: Hi, thanks for contacting support, my name is {agent}. How can I help you today?\n\
         Customer: Hi, I'm {name}. I placed order #{order} last week and it still hasn't shipped.\n\
         Agent: I'm sorry about the delay. Could you confirm the phone number and email on the account so I can pull it up?\n\
         Customer: Sure, the phone is {phone} and the email is {email}.\n\
         Agent: Thank you. I can see the payment of {money} went through on the 14th. The package is at the local hub and should be out for delivery tomorrow morning.\n\
         Customer: Can you deliver it to my office instead? It's {address}.\n\
         Agent: Done, I've updated the delivery address. You'll get a confirmation text shortly, and the tracking page should show the new address within the hour.\n\
         Customer: Thanks. Will the courier call before coming? I'm in meetings most of the afternoon and the front desk closes at six.\n\
         Agent: Yes, the delivery partner calls about thirty minutes before arriving. If you miss the call they will try again the next working day, and you can also reschedule from the link in the text message.\n\
         Customer: Perfect, that works for me.\n\
         Customer: Great. Also, my colleague {colleague} was charged twice, could you refund {refund} to her card?\n\
         Agent: I've raised a refund request for that; it usually takes 5-7 business days to show up on the original payment method. Is there anything else I can help with?\n\
         Customer: Actually, one more thing: the app keeps logging me out whenever I switch to the orders tab. Is that a known issue?\n\
         Agent: Yes, it is fixed in the latest update. Please update the app from the store and log in again; if it still happens, reply to this chat and we will look into it.\n\
         Customer: No, that's all. Thanks for the quick help, have a good day!\n\n"
    ));
}

/// One conversation in Hindi, Hinglish and English.
pub fn mixed_conversation(v: &mut Values, t: &mut String) {
    let name = v.in_name();
    let first = name.split(' ').next().unwrap_or_default().to_owned();
    let order = v.order_id();
    let phone = v.in_phone();
    let email = v.email(IN_FIRST, IN_LAST);
    let money = v.rupees();
    let upi = v.upi();
    let address = v.0.pick(IN_ADDRESSES);
    let ticket = format!("CMP{}", v.0.digits(7));
    t.push_str(&format!(
        "ग्राहक: नमस्ते, मेरा नाम {name} है। मेरा ऑर्डर {order} अभी तक नहीं आया है।\n\
         Agent: Namaste {first} ji, main abhi check karti hoon. Aapka registered mobile number kya hai?\n\
         ग्राहक: मेरा नंबर {phone} है, और ईमेल {email} पर भी भेज दीजिए।\n\
         Agent: Ji, mil gaya. Aapke payment mein se {money} kat gaye hain, refund 3-5 din mein aa jayega.\n\
         ग्राहक: ठीक है, पैसे मेरे UPI {upi} पर वापस भेज दीजिए, कार्ड पर नहीं।\n\
         Agent: Ji bilkul, UPI pe hi bhejenge. Delivery ka address ek baar confirm kar dijiye please.\n\
         ग्राहक: पता है {address}\n\
         Agent: Theek hai, address update kar diya hai. Courier wala aane se pehle call karega, agar aap ghar pe nahi ho to kal dobara try karega.\n\
         ग्राहक: ठीक है, शाम छह बजे के बाद आना, उससे पहले घर पर कोई नहीं होगा।\n\
         Agent: Dhanyavaad! Aapki complaint register ho gayi hai, ticket number {ticket} hai. Koi aur madad chahiye?\n\
         ग्राहक: नहीं, बस इतना ही। आपकी मदद के लिए बहुत बहुत धन्यवाद!\n\
         Agent: Thank you for contacting us, aapka din shubh ho!\n\n"
    ));
}

/// Text that makes the rules work and mostly reject: every piece is a near
/// miss of some rule (or a real match in a hostile neighbourhood).
pub fn adversarial(len: usize) -> String {
    let mut rng = Lcg(0xad7e_75a1);
    let mut t = String::with_capacity(len + 256);
    const SEPS: &[&str] = &[" ", "-", ".", "/", " - ", ", "];
    const CAPS: &[&str] = &[
        "The",
        "Priya",
        "Mohan",
        "Road",
        "Sharma",
        "Gandhi",
        "Nagar",
        "Mr.",
        "Dear",
        "Thanks",
        "Will",
        "May",
        "Pune",
        "Main",
        "Street",
        "North",
        "Kumar",
        "Apple",
        "Bengaluru",
        "Lakshmi",
    ];
    const CONTEXT: &[&str] = &[
        "account",
        "order",
        "a/c",
        "order no",
        "account number",
        "ticket",
        "ref",
        "booking",
        "ssn",
        "call",
        "phone",
        "bank",
        "ifsc",
        "pnr",
        "txn",
        "invoice",
        "card",
    ];
    while t.len() < len {
        match rng.below(8) {
            // Digit groups with separators: phone, card, Aadhaar, SSN, IP
            // and PIN shapes that are a digit or a separator off.
            0 => {
                for _ in 0..2 + rng.below(5) {
                    let group = 1 + rng.below(6);
                    t.push_str(&rng.digits(group));
                    t.push_str(rng.pick(SEPS));
                }
            }
            // `@` everywhere: local parts without domains, unknown handles,
            // bad TLDs, `@` runs, handles glued to digits.
            1 => {
                let local: String = (0..1 + rng.below(30))
                    .map(|i| {
                        char::from(b"abcdefghij.klmno_pqrst0123456789"[(i * 7 + t.len()) % 32])
                    })
                    .collect();
                let tail = rng.pick(&[
                    "@",
                    "@@",
                    "@x",
                    "@okaxis.invalid",
                    "@host.zz",
                    "@2x.png",
                    "@gmail",
                    "@ yahoo.com",
                    "@@gmail..com",
                    "@okaxisx",
                    "@-.-",
                ]);
                t.push_str(&format!("{local}{tail} "));
            }
            // Runs of capitalized words: names next to street words,
            // titles, sign-offs, places.
            2 => {
                for _ in 0..3 + rng.below(8) {
                    t.push_str(rng.pick(CAPS));
                    t.push_str(rng.pick(&[" ", " ", ", ", ",\n", ". "]));
                }
            }
            // Currency symbols with no amount, or an amount one step off.
            3 => {
                let sym = rng.pick(&["₹", "$", "Rs.", "INR", "rupees", "USD", "₹₹", "$$"]);
                let tail = rng.pick(&[" ", ",", " ,000", " .5", " lakh", "abc", " - ", "0,00,0"]);
                t.push_str(&format!("{sym}{tail} "));
            }
            // Context words followed by digits of the wrong length or shape.
            4 => {
                let word = rng.pick(CONTEXT);
                let n = 1 + rng.below(20);
                t.push_str(&format!("{word} {} ", rng.digits(n)));
            }
            // Token-like fragments.
            5 => {
                t.push_str(rng.pick(&[
                    "{{",
                    "{{phone:",
                    "{{ Name : ",
                    "{{email:1234567890}}",
                    "}}",
                    "{{{{",
                    "{{ phone:1 }",
                    "{{bank_account:",
                    "{{  name:12}}",
                    "{{x:1}}",
                ]));
                let n = rng.below(4);
                t.push_str(&rng.digits(n));
                t.push(' ');
            }
            // PIN and ZIP anchors with no address around them.
            6 => {
                let anchor = match rng.below(2) {
                    0 => format!("{}{}", 1 + rng.below(9), rng.digits(5)),
                    _ => format!("{} {}", rng.pick(&["CA", "NY", "ZZ", "TX"]), rng.digits(5)),
                };
                t.push_str(&format!("OTP, {anchor}, "));
            }
            // A little plain prose, so the rest is not one giant token.
            _ => t.push_str("please check the status and reply by tomorrow "),
        }
    }
    t.truncate(floor_char(&t, len));
    t
}

/// Base64-ish text with no whitespace (a data URI pasted into a chat).
pub fn no_whitespace(len: usize) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut rng = Lcg(0xba5e_0064);
    (0..len)
        .map(|_| char::from(ALPHABET[rng.below(ALPHABET.len())]))
        .collect()
}

/// The pathological shapes, each built to exactly `len` bytes.
pub fn pathological(shape: &str, len: usize) -> String {
    let text = match shape {
        "digit_run" => "1234567890".repeat(len / 10 + 1),
        "capitalized_words" => {
            const WORDS: &[&str] = &[
                "Priya", "Sharma", "Rahul", "The", "Verma", "Mohan", "Road", "Kumar", "Alpha",
                "James", "Smith", "Pune",
            ];
            let mut s = String::with_capacity(len + 16);
            let mut i = 0;
            while s.len() < len {
                s.push_str(WORDS[i % WORDS.len()]);
                s.push(' ');
                i += 1;
            }
            s
        }
        "no_whitespace_line" => no_whitespace(len),
        "spaced_digits" => (0..len / 2 + 1).map(|i| format!("{} ", i % 10)).collect(),
        _ => unreachable!("unknown shape {shape}"),
    };
    text[..floor_char(&text, len)].to_owned()
}

pub fn floor_char(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Every bench text, named as its scenario: `(name, text)`. `full` gives
/// the sizes `cargo bench` measures; without it, the small sizes the bench
/// uses under `cargo test`, plus the 2 KB chats.
#[allow(dead_code, reason = "the bench picks its texts one by one")]
pub fn all(full: bool) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (group, conversation) in [
        ("chat_english", english_conversation as Conversation),
        ("chat_mixed", mixed_conversation),
    ] {
        for (size, len) in [("2KB", 2 * KB), ("32KB", 32 * KB)] {
            out.push((
                format!("{group}/{size}"),
                build(len, CHAT_SEED, conversation),
            ));
        }
    }
    let (adversarial_len, adversarial_id) = if full { (MB, "1MB") } else { (64 * KB, "64KB") };
    out.push((
        format!("adversarial/{adversarial_id}"),
        adversarial(adversarial_len),
    ));
    let sizes: &[(&str, usize)] = if full {
        &[("100KB", 100 * KB), ("1MB", MB)]
    } else {
        &[("16KB", 16 * KB)]
    };
    for shape in PATHOLOGICAL {
        for &(size, len) in sizes {
            out.push((
                format!("pathological/{shape}/{size}"),
                pathological(shape, len),
            ));
        }
    }
    out
}
