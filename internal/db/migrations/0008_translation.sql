-- Machine translation: the memory of every segment an engine translated, the newsroom's
-- glossary (seeded with the proper nouns of the Assamese style notes; Taliban is left out until
-- the newsroom confirms its spelling), and the characters sent to each engine per month.
CREATE TABLE mt_memory (
    provider    TEXT NOT NULL,
    model       TEXT NOT NULL,
    source_lang TEXT NOT NULL,
    target_lang TEXT NOT NULL,
    -- source_hash is the hex SHA-256 of the NFC source segment.
    source_hash TEXT NOT NULL,
    source      TEXT NOT NULL,
    translation TEXT NOT NULL,
    created_at  {{time}} NOT NULL,
    PRIMARY KEY (provider, model, source_lang, target_lang, source_hash)
);

CREATE TABLE mt_glossary (
    id         {{id}},
    term_en    TEXT NOT NULL,
    term_as    TEXT NOT NULL,
    -- term_key is term_en in lower case: one entry per English term.
    term_key   TEXT NOT NULL UNIQUE,
    created_at {{time}} NOT NULL,
    updated_at {{time}} NOT NULL
);

INSERT INTO mt_glossary (term_en, term_as, term_key, created_at, updated_at) VALUES
    ('Assam', 'অসম', 'assam', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('Guwahati', 'গুৱাহাটী', 'guwahati', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('Dispur', 'দিছপুৰ', 'dispur', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('India', 'ভাৰত', 'india', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('Russia', 'ৰাছিয়া', 'russia', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('Afghanistan', 'আফগানিস্তান', 'afghanistan', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('United Nations', 'ৰাষ্ট্ৰসংঘ', 'united nations', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('United States', 'মাৰ্কিন যুক্তৰাষ্ট্ৰ', 'united states', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('United Kingdom', 'সংযুক্ত ৰাজ্য', 'united kingdom', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('European Union', 'ইউৰোপীয় সংঘ', 'european union', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('China', 'চীন', 'china', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('Pakistan', 'পাকিস্তান', 'pakistan', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('Bangladesh', 'বাংলাদেশ', 'bangladesh', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('Nepal', 'নেপাল', 'nepal', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('Bhutan', 'ভুটান', 'bhutan', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('Myanmar', 'ম্যানমাৰ', 'myanmar', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('Ukraine', 'ইউক্ৰেইন', 'ukraine', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('Israel', 'ইজৰাইল', 'israel', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('Iran', 'ইৰান', 'iran', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('Iraq', 'ইৰাক', 'iraq', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('Palestinian Territories', 'ফিলিস্তিন অঞ্চল', 'palestinian territories', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('Asia', 'এছিয়া', 'asia', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('Moscow', 'মস্কো', 'moscow', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('Kabul', 'কাবুল', 'kabul', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('Kolkata', 'কলকাতা', 'kolkata', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('Dhaka', 'ঢাকা', 'dhaka', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('Karachi', 'কৰাচী', 'karachi', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('Kathmandu', 'কাঠমাণ্ডু', 'kathmandu', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('Kyiv', 'কিভ', 'kyiv', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('London', 'লণ্ডন', 'london', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('New York', 'নিউ ইয়ৰ্ক', 'new york', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('Tehran', 'তেহৰান', 'tehran', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('Baghdad', 'বাগদাদ', 'baghdad', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('Jerusalem', 'জেৰুজালেম', 'jerusalem', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('Congress', 'কংগ্ৰেছ', 'congress', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('Chief Minister', 'মুখ্যমন্ত্ৰী', 'chief minister', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP);

CREATE TABLE mt_usage (
    provider TEXT NOT NULL,
    -- month is YYYY-MM in UTC.
    month    TEXT NOT NULL,
    chars    {{bigint}} NOT NULL DEFAULT 0,
    segments {{bigint}} NOT NULL DEFAULT 0,
    requests {{bigint}} NOT NULL DEFAULT 0,
    PRIMARY KEY (provider, month)
);
