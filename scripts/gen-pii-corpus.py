#!/usr/bin/env python3
"""Writes core/src/telemetry/scrub/testdata/pii_corpus.txt: PII/PHI-shaped values mixed into paths, sentences,
query strings, unicode and adversarial spacing. Every line must come out of the scrubbers clean
(see core/src/telemetry/scrub/tests.rs). Deterministic: rerun to regenerate.

Usage (from the repository root; writes the file itself): python3 scripts/gen-pii-corpus.py
"""
from urllib.parse import quote

EMAILS = ["john.doe@example.com", "JANE_SMITH+va@mail.va.gov", "j.o'neil@gmail.com", "veteran123@yahoo.com",
          "first.last @ example.org", "a@b.co", "user\uff20example.com", "jose.garcia@correo.es",
          "x_y-z%tag@sub.domain.mil", "mary @gmail.com", "bob@ localhost", "R.Lee1975@aol.com"]
SSNS = ["123-45-6789", "123 45 6789", "123456789", "123.45.6789", "123 - 45 - 6789", "078-05-1120",
        "\uff11\uff12\uff13-\uff14\uff15-\uff16\uff17\uff18\uff19", "987654321", "SSN:219-09-9999", "ssn 457 55 5462"]
PHONES = ["(202) 555-0143", "202-555-0143", "202.555.0143", "+1 202 555 0143", "2025550143", "1-800-827-1000",
          "+1 (877) 222-8387", "877.222.8387", "(202)555-0143", "202 555 0143", "+12025550143", "202\u2013555\u20130143"]
DOBS = ["01/02/1980", "1980-01-02", "Jan 2, 1980", "January 2nd 1980", "2 Jan 1980", "12/31/1949", "3/4/55",
        "1955.03.04", "Sept 9 1961", "9-Sep-1961", "dec 25th, 1944", "7/4/1976"]
TEMPLATES = [
    "{v}", "Contact: {v}", "/my-health/secure-messages/users/{v}/inbox/", "/profile?email={v}&tab=1",
    "note from patient {v} re: refill", "   {v}   ", "\u00fcn\u00efc\u00f6d\u00e9 {v} \u65e5\u672c\u8a9e",
    "{v}.", "prefix{v}suffix", "?q={v}#frag", "search: {v}, thanks", "<{v}>", "\t{v}\t",
    "/my-health/secure-messages/thread/{q}/", "error: lookup failed for {q}", "Veteran {v}; DOB and contact on file",
]

def lines():
    values = EMAILS + SSNS + PHONES + DOBS
    for i, v in enumerate(values):
        for k in range(5):
            t = TEMPLATES[(i + k * 3) % len(TEMPLATES)]
            yield t.format(v=v, q=quote(v, safe=""))
    # Several kinds of PII in one string.
    for i in range(12):
        yield f"Vet {EMAILS[i]} ph {PHONES[i]} dob {DOBS[i]} ssn {SSNS[i % len(SSNS)]}"

with open("core/src/telemetry/scrub/testdata/pii_corpus.txt", "w", encoding="utf-8") as f:
    for line in lines():
        f.write(line.replace("\n", " ") + "\n")
