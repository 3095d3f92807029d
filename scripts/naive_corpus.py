"""A German -> English news corpus that teaches a model what real parallel text teaches it.

No placeholders anywhere: names of people, places and organisations (German genitives
included: "Merkels Plan" -> "Merkel's plan"), numbers, dates and hyphenated compounds are
copied through or rendered the way real translations render them. A model trained on it
behaves like an Argos model towards our protection: it copies names it never saw piece by
piece, and has never seen `{1}`.

Names come from two disjoint pools. The training pool is large and partly synthetic (made of
syllables), so the model learns to copy, not to memorise. The held-out pool carries the
names whose English spelling differs from the German one (Selenskyj -> Zelensky), as the
bench's glossary lists them: the model never saw them, so only protection renders them right.
"""

from __future__ import annotations

import random

Pair = tuple[str, str]

FIRST_NAMES = """Anna Peter Maria Thomas Julia Michael Laura Stefan Sophie Andreas Emma Lukas Clara Felix Hannah
Jonas Lena David Sarah Paul Mia Daniel Lea Martin Nina Jan Eva Tobias Katrin Markus Sandra Elena Pierre Marie
Jean Claire Louis Camille Olivier Amélie Marco Giulia Luca Chiara Carlos Ana Miguel Lucía John Emily James Olivia
Robert Alice Viktor Olga Ivan Natalia Ahmed Fatima Omar Leila Kenji Yuki Ingrid Lars Björn Astrid Tomás Zofia""".split()
LAST_NAMES = """Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Koch Richter Klein Wolf
Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann Hartmann Lange Werner Krause Lehmann Köhler Maier Huber
Dupont Martin Bernard Moreau Laurent Lefebvre Rossi Russo Bianchi Romano García Fernández López Martínez Smith
Johnson Brown Taylor Wilson Davies Evans Novak Horvat Kowalski Nowak Petrov Ivanova Sokolov Haddad Nasser Tanaka
Suzuki Larsen Nielsen Andersson Lindqvist Costa Silva Oliveira Yilmaz Demir Kaya Papadopoulos Dimitrov""".split()
_ONSETS = "b br d f g h k kr l m n p r s sch st t v w z".split()
_VOWELS = "a e i o u a e o ei au".split()
_CODAS = ["", "", "n", "r", "l", "s", "k", "m", "t", "ch"]

# (German, English): copied where real translations copy, translated where they translate.
PLACES: list[Pair] = [(p, p) for p in """Berlin Hamburg Paris London Madrid Frankfurt Stuttgart Dresden Leipzig
Bonn Zürich Bern Oslo Stockholm Helsinki Dublin Madrid Lissabon Ankara Kairo Tokio Ottawa Chicago Boston Kiel
Bremen Hannover Graz Linz Salzburg Innsbruck Basel Lyon Marseille Bordeaux Mailand Turin Florenz""".split()
                      if p not in ("Lissabon", "Kairo", "Tokio", "Mailand", "Turin", "Florenz")]
PLACES += [("Wien", "Vienna"), ("München", "Munich"), ("Köln", "Cologne"), ("Rom", "Rome"), ("Genf", "Geneva"),
           ("Brüssel", "Brussels"), ("Warschau", "Warsaw"), ("Prag", "Prague"), ("Lissabon", "Lisbon"),
           ("Kairo", "Cairo"), ("Tokio", "Tokyo"), ("Mailand", "Milan"), ("Turin", "Turin"), ("Florenz", "Florence"),
           ("Moskau", "Moscow"), ("Peking", "Beijing"), ("Athen", "Athens"), ("Kopenhagen", "Copenhagen")]
COUNTRIES: list[Pair] = [("Deutschland", "Germany"), ("Frankreich", "France"), ("Österreich", "Austria"),
                         ("Italien", "Italy"), ("Spanien", "Spain"), ("Polen", "Poland"), ("Russland", "Russia"),
                         ("China", "China"), ("Japan", "Japan"), ("Kanada", "Canada"), ("Schweden", "Sweden"),
                         ("Norwegen", "Norway"), ("Ägypten", "Egypt"), ("Brasilien", "Brazil"), ("Indien", "India")]
ORGANISATIONS: list[Pair] = [("die Vereinten Nationen", "the United Nations"),
                             ("die Europäische Union", "the European Union"), ("die NATO", "NATO"),
                             ("der Bundestag", "the Bundestag"), ("die Weltbank", "the World Bank")]
ORGANISATIONS += [(f"die Firma {name}", f"the company {name}") for name in
                  "Siemens Bosch Gazprom Airbus Nokia Volvo Toyota Shell Philips Bayer Novartis Danone".split()]
ORGANISATIONS += [(f"die Zeitung {name}", f"the newspaper {name}") for name in
                  ["Le Monde", "Die Zeit", "The Guardian", "El País", "Der Standard", "La Repubblica"]]

ROLES: list[Pair] = [("der Präsident", "the president"), ("die Ministerin", "the minister"),
                     ("der Minister", "the minister"), ("die Kanzlerin", "the chancellor"),
                     ("der Sprecher", "the spokesman"), ("die Sprecherin", "the spokeswoman"),
                     ("der Botschafter", "the ambassador"), ("die Bürgermeisterin", "the mayor")]
POSSESSED: list[Pair] = [("Plan", "plan"), ("Sprecher", "spokesman"), ("Bericht", "report"), ("Besuch", "visit"),
                         ("Regierung", "government"), ("Partei", "party"), ("Rede", "speech"), ("Antwort", "answer")]
VERBS: list[tuple[str, str]] = [("trifft", "meets"), ("kritisiert", "criticizes"), ("unterstützt", "supports"),
                                ("besucht", "visits"), ("lobt", "praises"), ("empfängt", "receives"),
                                ("erwartet", "expects"), ("kennt", "knows"), ("warnt", "warns")]
OBJECTS: list[Pair] = [("den Plan", "the plan"), ("das Abkommen", "the agreement"), ("den Bericht", "the report"),
                       ("die Sanktionen", "the sanctions"), ("den Vorschlag", "the proposal"),
                       ("die Reform", "the reform"), ("das Gesetz", "the law"), ("den Haushalt", "the budget")]
MONTHS: list[Pair] = [("Januar", "January"), ("Februar", "February"), ("März", "March"), ("April", "April"),
                      ("Mai", "May"), ("Juni", "June"), ("Juli", "July"), ("August", "August"),
                      ("September", "September"), ("Oktober", "October"), ("November", "November"),
                      ("Dezember", "December")]
WEEKDAYS: list[Pair] = [("Montag", "Monday"), ("Dienstag", "Tuesday"), ("Mittwoch", "Wednesday"),
                        ("Donnerstag", "Thursday"), ("Freitag", "Friday"), ("Samstag", "Saturday"),
                        ("Sonntag", "Sunday")]
COUNTED: list[Pair] = [("Menschen", "people"), ("Soldaten", "soldiers"), ("Teilnehmer", "participants"),
                       ("Wohnungen", "homes"), ("Schulen", "schools"), ("Stimmen", "votes")]
COMPOUND_HEADS: list[Pair] = [("Gipfel", "summit"), ("Treffen", "meeting"), ("Gespräche", "talks"),
                              ("Abkommen", "agreement")]

# Held out of training: German and English spellings differ, as in the bench's glossary.
HELD_OUT_NAMES: list[Pair] = [
    ("Selenskyj", "Zelensky"), ("Nawalny", "Navalny"), ("Lawrow", "Lavrov"), ("Peskow", "Peskov"),
    ("Schoigu", "Shoigu"), ("Chodorkowski", "Khodorkovsky"), ("Tschaikowski", "Tchaikovsky"),
    ("Gorbatschow", "Gorbachev"), ("Klitschko", "Klitschko"), ("Janukowitsch", "Yanukovych"),
]
HELD_OUT_PLACES: list[Pair] = [("Riad", "Riyadh"), ("Kiew", "Kyiv"), ("Charkiw", "Kharkiv"), ("Odessa", "Odesa"),
                               ("Teheran", "Tehran"), ("Neu-Delhi", "New Delhi")]


def _capitalize(text: str) -> str:
    return text[:1].upper() + text[1:]


def genitive(name: str) -> tuple[str, str]:
    """German and English possessive of a name: "Merkels"/"Merkel's", "Lars'"/"Lars'"."""
    if name.endswith(("s", "x", "z", "ß")):
        return name + "'", name + "'"
    return name + "s", name + "'s"


class NaiveCorpus:
    """Aligned (German, English) sentences; `held_out=True` draws names and places the model must not see."""

    def __init__(self, rng: random.Random, held_out: bool = False) -> None:
        self.rng = rng
        self.held_out = held_out

    def synthetic_name(self) -> str:
        syllables = [self.rng.choice(_ONSETS) + self.rng.choice(_VOWELS) for _ in range(self.rng.randint(2, 3))]
        return _capitalize("".join(syllables) + self.rng.choice(_CODAS))

    def person(self) -> Pair:
        if self.held_out:
            german, english = self.rng.choice(HELD_OUT_NAMES)
            return german, english
        last = self.synthetic_name() if self.rng.random() < 0.4 else self.rng.choice(LAST_NAMES)
        name = f"{self.rng.choice(FIRST_NAMES)} {last}" if self.rng.random() < 0.5 else last
        return name, name

    def place(self) -> Pair:
        if self.held_out and self.rng.random() < 0.6:
            return self.rng.choice(HELD_OUT_PLACES)
        if self.rng.random() < 0.25:
            name = self.synthetic_name()
            return name, name
        return self.rng.choice(PLACES)

    def number(self) -> Pair:
        roll = self.rng.random()
        if roll < 0.5:
            value = str(self.rng.randint(2, 999))
            return value, value
        if roll < 0.8:  # thousands: German dot, English comma
            thousands, rest = self.rng.randint(1, 99), self.rng.randint(0, 999)
            return f"{thousands}.{rest:03}", f"{thousands},{rest:03}"
        whole, tenth = self.rng.randint(1, 99), self.rng.randint(1, 9)
        return f"{whole},{tenth} Millionen", f"{whole}.{tenth} million"

    def date(self) -> Pair:
        roll = self.rng.random()
        if roll < 0.4:
            day, (month_de, month_en) = self.rng.randint(1, 28), self.rng.choice(MONTHS)
            return f"am {day}. {month_de}", f"on {month_en} {day}"
        if roll < 0.7:
            de, en = self.rng.choice(WEEKDAYS)
            return f"am {de}", f"on {en}"
        year = str(self.rng.randint(1990, 2030))
        return f"im Jahr {year}", f"in {year}"

    def subject(self) -> Pair:
        roll = self.rng.random()
        if roll < 0.45:
            return self.person()
        if roll < 0.65:  # German genitive: "Merkels Sprecher" -> "Merkel's spokesman"
            (de, en), (noun_de, noun_en) = self.person(), self.rng.choice(POSSESSED)
            gen_de, gen_en = genitive(de) if de == en else (genitive(de)[0], genitive(en)[1])
            return f"{gen_de} {noun_de}", f"{gen_en} {noun_en}"
        if roll < 0.8:
            return self.rng.choice(ORGANISATIONS)
        return self.rng.choice(ROLES)

    def obj(self) -> Pair:
        roll = self.rng.random()
        if roll < 0.35:
            return self.person()
        if roll < 0.45:  # compound: "den Merz-Macron-Gipfel" -> "the Merz-Macron summit"
            (a, a_en), (b, b_en), (head, head_en) = self.person(), self.person(), self.rng.choice(COMPOUND_HEADS)
            a, b, a_en, b_en = (x.split()[-1] for x in (a, b, a_en, b_en))
            return f"das {a}-{b}-{head}", f"the {a_en}-{b_en} {head_en}"
        return self.rng.choice(OBJECTS)

    def sentence(self) -> Pair:
        roll = self.rng.random()
        subject, (verb, verb_en), obj = self.subject(), self.rng.choice(VERBS), self.obj()
        place, date = self.place(), self.date()
        if roll < 0.35:
            return (f"{_capitalize(subject[0])} {verb} {obj[0]} in {place[0]}.",
                    f"{_capitalize(subject[1])} {verb_en} {obj[1]} in {place[1]}.")
        if roll < 0.55:
            return (f"{_capitalize(subject[0])} {verb} {obj[0]} {date[0]}.",
                    f"{_capitalize(subject[1])} {verb_en} {obj[1]} {date[1]}.")
        if roll < 0.75:
            (count, count_en), (noun, noun_en) = self.number(), self.rng.choice(COUNTED)
            return (f"In {place[0]} sind {date[0]} {count} {noun} betroffen.",
                    f"In {place[1]}, {count_en} {noun_en} are affected {date[1]}.")
        if roll < 0.9:
            speaker = self.subject()
            return (f"{_capitalize(speaker[0])} sagt, dass {subject[0]} {date[0]} nach {place[0]} reist.",
                    f"{_capitalize(speaker[1])} says that {subject[1]} travels to {place[1]} {date[1]}.")
        country = self.rng.choice(COUNTRIES)
        return (f"{_capitalize(subject[0])} {verb} {obj[0]} in {country[0]}.",
                f"{_capitalize(subject[1])} {verb_en} {obj[1]} in {country[1]}.")

    def corpus(self, size: int) -> list[Pair]:
        seen: set[Pair] = set()
        out: list[Pair] = []
        while len(out) < size:
            pair = self.sentence()
            if pair not in seen:
                seen.add(pair)
                out.append(pair)
        return out


def glossary_entries() -> list[dict[str, object]]:
    """The bench's glossary: the held-out names, whose English form the model cannot know."""
    return [{"source": de, "target": {"en": en}} for de, en in HELD_OUT_NAMES + HELD_OUT_PLACES]
