"""Numbers written as words, in the languages bench_qa.py measures (en de nl fr es it pt pl ru).

Two uses, by `numbers.py`. `VALUES`: single words read as their number, so "thirteen" pairs
with "13" and "fourteen" against "13" is a changed number. `holds_number_words`: whether a
text holds words that spell a number at all (compounds and inflections too: "fünfundzwanzig",
"twenty-five", "trescientos", "dwudziestu"), so a number dropped from a translation ("Der
Preis stieg um 12 Prozent." -> "The price rose by percent.") is told from one written out
("… by twelve percent", "… by a dozen"). num2words is not installed (and speaks, it does not
read); these tables are small and cover 0-20, the tens, hundred, thousand, million, billion
and the common ordinals.

A word is a number word when it is made of a language's pieces only, at least one of them a
number (not only "und", "en", "y", a connector, or an ending), and is not one of the words
that are also articles or common words ("ein", "un", "uno", French "neuf" = new, Italian
"sei" = you are, "prima" = before): a whole-word test, so "Nacht" is not "acht" and
"height" not "eight".
"""

from __future__ import annotations

from functools import lru_cache

# Single words with their value. Words that are also common words are left out (see above);
# "one" and its kin are articles in most languages, and a 1 is not held to them anyway.
_VALUE_WORDS: dict[str, dict[int, str]] = {
    "en": {2: "two", 3: "three third", 4: "four fourth", 5: "five fifth", 6: "six sixth",
           7: "seven seventh", 8: "eight eighth", 9: "nine ninth", 10: "ten tenth", 11: "eleven eleventh",
           12: "twelve twelfth", 13: "thirteen thirteenth", 14: "fourteen fourteenth", 15: "fifteen fifteenth",
           16: "sixteen sixteenth", 17: "seventeen seventeenth", 18: "eighteen eighteenth",
           19: "nineteen nineteenth", 20: "twenty twentieth", 30: "thirty thirtieth", 40: "forty fortieth",
           50: "fifty fiftieth", 60: "sixty sixtieth", 70: "seventy seventieth", 80: "eighty eightieth",
           90: "ninety ninetieth"},
    "de": {2: "zwei", 3: "drei", 4: "vier", 5: "fünf", 6: "sechs", 7: "sieben", 8: "acht", 9: "neun", 10: "zehn",
           11: "elf", 12: "zwölf", 13: "dreizehn", 14: "vierzehn", 15: "fünfzehn", 16: "sechzehn", 17: "siebzehn",
           18: "achtzehn", 19: "neunzehn", 20: "zwanzig", 30: "dreißig", 40: "vierzig", 50: "fünfzig",
           60: "sechzig", 70: "siebzig", 80: "achtzig", 90: "neunzig"},
    "nl": {2: "twee tweede", 3: "drie derde", 4: "vier vierde", 5: "vijf vijfde", 6: "zes zesde",
           7: "zeven zevende", 8: "acht achtste", 9: "negen negende", 10: "tien tiende", 11: "elf elfde",
           12: "twaalf twaalfde", 13: "dertien", 14: "veertien", 15: "vijftien", 16: "zestien", 17: "zeventien",
           18: "achttien", 19: "negentien", 20: "twintig", 30: "dertig", 40: "veertig", 50: "vijftig",
           60: "zestig", 70: "zeventig", 80: "tachtig", 90: "negentig"},
    "fr": {2: "deux deuxième", 3: "trois troisième", 4: "quatre quatrième", 5: "cinq cinquième", 6: "six sixième",
           7: "sept septième", 8: "huit huitième", 9: "neuvième", 10: "dix dixième", 11: "onze onzième",
           12: "douze douzième", 13: "treize", 14: "quatorze", 15: "quinze", 16: "seize", 20: "vingt",
           30: "trente", 40: "quarante", 50: "cinquante", 60: "soixante"},
    "es": {2: "dos", 3: "tres tercero tercera tercer", 4: "cuatro", 5: "cinco quinto quinta",
           6: "seis sexto sexta", 7: "siete séptimo séptima", 8: "ocho octavo octava", 9: "nueve noveno novena",
           10: "diez décimo décima", 11: "once", 12: "doce", 13: "trece", 14: "catorce", 15: "quince",
           16: "dieciséis", 17: "diecisiete", 18: "dieciocho", 19: "diecinueve", 20: "veinte", 30: "treinta",
           40: "cuarenta", 50: "cincuenta", 60: "sesenta", 70: "setenta", 80: "ochenta", 90: "noventa"},
    "it": {2: "due", 3: "tre terzo terza", 4: "quattro", 5: "cinque quinto quinta",
           6: "sesto sesta", 7: "sette settimo settima", 8: "otto ottavo ottava", 9: "nove nono nona",
           10: "dieci decimo decima", 11: "undici", 12: "dodici", 13: "tredici", 14: "quattordici",
           15: "quindici", 16: "sedici", 17: "diciassette", 18: "diciotto", 19: "diciannove", 20: "venti",
           30: "trenta", 40: "quaranta", 50: "cinquanta", 60: "sessanta", 70: "settanta", 80: "ottanta",
           90: "novanta"},
    "pt": {2: "dois duas", 3: "três terceiro terceira", 4: "quatro", 5: "cinco quinto quinta",
           6: "seis sexto sexta", 7: "sete sétimo sétima", 8: "oito oitavo oitava", 9: "nove", 10: "dez décimo décima",
           11: "onze", 12: "doze", 13: "treze", 14: "catorze quatorze", 15: "quinze",
           16: "dezesseis dezasseis", 17: "dezessete dezassete", 18: "dezoito", 19: "dezenove dezanove",
           20: "vinte", 30: "trinta", 40: "quarenta", 50: "cinquenta", 60: "sessenta", 70: "setenta",
           80: "oitenta", 90: "noventa"},
    "pl": {2: "dwa dwie dwóch dwoma dwu", 3: "trzy trzech trzema", 4: "cztery czterech", 5: "pięć pięciu",
           6: "sześć sześciu", 7: "siedem siedmiu", 8: "osiem ośmiu", 9: "dziewięć dziewięciu",
           10: "dziesięć dziesięciu", 11: "jedenaście jedenastu", 12: "dwanaście dwunastu",
           13: "trzynaście trzynastu", 14: "czternaście czternastu", 15: "piętnaście piętnastu",
           16: "szesnaście szesnastu", 17: "siedemnaście siedemnastu", 18: "osiemnaście osiemnastu",
           19: "dziewiętnaście dziewiętnastu", 20: "dwadzieścia dwudziestu", 30: "trzydzieści trzydziestu",
           40: "czterdzieści czterdziestu", 50: "pięćdziesiąt pięćdziesięciu", 60: "sześćdziesiąt sześćdziesięciu",
           70: "siedemdziesiąt siedemdziesięciu", 80: "osiemdziesiąt osiemdziesięciu",
           90: "dziewięćdziesiąt dziewięćdziesięciu"},
    "ru": {2: "два две двух двум двумя", 3: "три трёх трех трем тремя", 4: "четыре четырёх четырех",
           5: "пять пяти", 6: "шесть шести", 7: "семь семи", 8: "восемь восьми", 9: "девять девяти",
           10: "десять десяти", 11: "одиннадцать одиннадцати", 12: "двенадцать двенадцати",
           13: "тринадцать тринадцати", 14: "четырнадцать четырнадцати", 15: "пятнадцать пятнадцати",
           16: "шестнадцать шестнадцати", 17: "семнадцать семнадцати", 18: "восемнадцать восемнадцати",
           19: "девятнадцать девятнадцати", 20: "двадцать двадцати", 30: "тридцать тридцати", 40: "сорок сорока",
           50: "пятьдесят пятидесяти", 60: "шестьдесят шестидесяти", 70: "семьдесят семидесяти",
           80: "восемьдесят восьмидесяти", 90: "девяносто девяноста"},
}

VALUES: dict[str, dict[str, int]] = {
    language: {word: value for value, forms in table.items() for word in forms.split()}
    for language, table in _VALUE_WORDS.items()
}

# Pieces that spell numbers only inside a word or beside a number: scales, combining forms
# ("veinti", "vent"), ordinal stems, and the words that are also articles or common words.
_PIECES: dict[str, str] = {
    "en": "one first second hundred hundredth hundreds thousand thousandth thousands million millionth "
          "millions billion dozen dozens twice thrice double triple half twenties thirties forties fifties "
          "sixties seventies eighties nineties",
    "de": "ein eins eine einen einem einer erst zweit dritt viert fünft sechst siebt neunt zehnt elft "
          "zwölft hundert tausend million millionen milliarde milliarden dutzend dutzende doppelt doppelte "
          "halb hälfte",
    "nl": "een eerste honderd duizend miljoen miljard dozijn dubbel half helft",
    "fr": "un une premier première second seconde neuf cent cents mille million millions milliard milliards "
          "centième millième douzaine double moitié quinzième seizième treizième quatorzième trentième "
          "quarantième cinquantième soixantième",
    "es": "un uno una primero primera primer segundo segunda cien ciento cientos doscientos trescientos "
          "cuatrocientos quinientos seiscientos setecientos ochocientos novecientos mil millón millones "
          "veinti dieci cuarto cuarta docena doble mitad",
    "it": "un uno una primo prima secondo seconda sei cento mille mila milione milioni miliardo miliardi "
          "vent trent quarant cinquant sessant settant ottant novant tré quarto quarta dozzina doppio metà",
    "pt": "um uma primeiro primeira segundo segunda cem cento duzentos trezentos quatrocentos quinhentos "
          "seiscentos setecentos oitocentos novecentos mil milhão milhões bilhão bilhões quarto quarta "
          "dúzia dobro metade",
    "pl": "jeden jedna jedno jednego cztero pięcio sześcio siedmio ośmio dziewięcio dziesięcio pierwsz drug "
          "trzec czwart piąt szóst siódm ósm dziewiąt dziesiąt sto stu dwieście trzysta czterysta set "
          "tysiąc tysiące tysięcy tysiąca milion miliony milionów miliona miliard miliardów miliardy "
          "dwukrotnie połowa",
    "ru": "один одна одно одного перв втор трет четвёрт четверт пят шест седьм восьм девят десят сто ста "
          "сот двести триста четыреста тысяча тысячи тысяч миллион миллиона миллионов миллиард миллиарда "
          "миллиардов дважды половина",
}
# What joins the parts of a compound ("fünfundzwanzig", "vijfentwintig", "treinta y dos" written
# as one word never, but "vingt-et-un") and the endings of ordinals and inflected forms.
_JOINERS = {"de": "und", "nl": "en ën", "fr": "et", "es": "y", "it": "", "pt": "e", "en": "and", "pl": "", "ru": ""}
_ENDINGS = {
    "en": "th s",
    "de": "e en er es em st ste sten ster stes mal",
    "nl": "de ste",
    "fr": "s ième ièmes",
    "es": "s",
    "it": "esimo esima",
    "pt": "s",
    "pl": "y a e ego ej ym ą i ich ych emu oma",
    "ru": "ый ая ое ые ого ой ом ий ья ье ьи его ей ем ую ым ых ой",
}
# Pieces that are a word of their own only as something else: the articles, French "neuf"
# (new), Italian "sei" (you are) and "prima" (before), the combining forms.
# "One" and "first" are left out too: they stand for much besides a number, and a 1 is never
# held to a word (see numbers.compare).
_NOT_ALONE = frozenset("ein eine einen einem einer un une uno una um uma een jeden jedna jedno один одна одно "
                       "one first erst erste ersten erster erstes premier première primero primera primer primo "
                       "primeiro primeira eerste half halb "
                       "neuf sei prima vent trent quarant cinquant sessant settant ottant novant veinti dieci "
                       "tré set sto stu".split())


def known(language: str) -> bool:
    """Whether this module reads `language`'s number words."""
    return language in VALUES


@lru_cache(maxsize=None)
def _pieces(language: str) -> tuple[frozenset[str], frozenset[str], int]:
    """(number pieces, joiners and endings, the longest piece's length) of a language."""
    numbers = frozenset(VALUES[language]) | frozenset(_PIECES.get(language, "").split())
    others = frozenset(_JOINERS.get(language, "").split()) | frozenset(_ENDINGS.get(language, "").split())
    return numbers, others, max(map(len, numbers | others))


# Languages that write a number and a noun as one word ("zweistündigen", "dertienjarige",
# "dwugodzinnego", "стометровой"): there a word that starts with a number counts too.
_COMPOUNDING = frozenset({"de", "nl", "pl", "ru"})
_SHORTEST_REST = 3  # letters after the number in such a compound ("Zweig" is no "zwei" compound)


@lru_cache(maxsize=None)
def _starters(language: str) -> frozenset[str]:
    """The pieces a compound may start with (see `_composed`)."""
    scales = {"hundert", "tausend", "honderd", "duizend", "tysiąc", "тысяч"}
    # Polish compounds start with a combining form: "dwugodzinny", "trzyletni", "pięciodniowy"
    scales |= {"dwu", "trzy", "cztero", "pięcio", "sześcio", "siedmio", "ośmio", "dziewięcio", "dziesięcio"}
    return frozenset(word for word in VALUES[language] if len(word) >= 4) | scales


@lru_cache(maxsize=4096)
def is_number_word(word: str, language: str) -> bool:
    """Whether `word` (one word, maybe with hyphens: "twenty-five", "quatre-vingt-dix") spells a
    number in `language`: it, or its first hyphenated part ("two-hour"), made of the language's
    pieces, at least one of them a number, and not only a word that is also an article or a
    common word; in a
    language that writes compounds as one word, also a word that starts with a number
    ("zweistündigen")."""
    folded = word.casefold()
    if not known(language) or folded in _NOT_ALONE:
        return False
    parts = [part for part in folded.split("-") if part]
    if parts and _composed(parts[0], language) == len(parts[0]):  # "twenty-five", also "two-hour"
        return True
    if language not in _COMPOUNDING or len(parts) != 1:
        return False
    start = _composed(parts[0], language)
    return 0 < start <= len(parts[0]) - _SHORTEST_REST


def _composed(part: str, language: str) -> int:
    """How long the longest start of `part` is that is cut into pieces, left to right, each a
    number piece, a joiner or an ending, with at least one number piece among them (a dynamic
    programme over where a piece may end); 0 when none is. A start shorter than `part` counts
    only where it ends in a number of four letters or more or a scale (`_starters`: "zwei",
    "двух", "hundert"; not "elf", "сто" or an ordinal's stem "втор", which begin "Elfe",
    "сторона" and "вторник")."""
    numbers, others, longest = _pieces(language)
    starters = _starters(language)
    # reachable[i]: (part[:i] is made of pieces, with a number piece among them)
    reachable: list[set[bool]] = [set() for _ in range(len(part) + 1)]
    reachable[0].add(False)
    best = 0
    for start in range(len(part)):
        if not reachable[start]:
            continue
        for end in range(start + 1, min(len(part), start + longest) + 1):
            piece = part[start:end]
            if piece in numbers:
                reachable[end].add(True)
                best = max(best, end) if piece in starters else best
            elif piece in others:
                reachable[end] |= reachable[start]
    return len(part) if True in reachable[len(part)] else best


def holds_number_words(words: list[str], language: str) -> int:
    """How many of `words` spell a number in `language` (0 for a language not read here)."""
    return sum(is_number_word(word, language) for word in words)
