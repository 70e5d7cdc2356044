"""Which language an item is written in — enough to know whether the model can read it.

No dependency: backlog titles are short (3–10 words), where general language-id libraries are
weak anyway, and all the model needs is "one of the six languages it was trained on, or not".

- Script first: letters of a non-Latin script (kana, Han, Hangul, Cyrillic, Greek, Arabic,
  Hebrew, Thai, Devanagari) making up most of the letters → that language, which the model
  does not read.
- Latin script: function words (the same lists the model ignores as evidence) vote; the
  language with the most hits wins, ties and no hits give None ("no signal": short Latin text
  such as "Fix SSO login" is read as it is). Italian is known only to be recognised as not
  read; Dutch is read since session 13.

``detect`` returns an ISO 639-1 code or None; ``READ`` are the languages the model reads.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import lru_cache

from _backlog_analyzer_runtime.percent import percent

READ = ("en", "es", "fr", "de", "pt", "nl")

NAMES = {
    "en": "English",
    "es": "Spanish",
    "fr": "French",
    "de": "German",
    "pt": "Portuguese",
    "it": "Italian",
    "nl": "Dutch",
    "ja": "Japanese",
    "zh": "Chinese",
    "ko": "Korean",
    "ru": "Cyrillic script",
    "el": "Greek",
    "ar": "Arabic",
    "he": "Hebrew",
    "th": "Thai",
    "hi": "Devanagari script",
}

# Function words of each language, accents folded (as the model's tokens are). A word that is
# also a content word in another of the five languages is left out (e.g. German "die"/"war"/
# "also", which are English words; Spanish/Portuguese "sobre" stays: it is a function word in
# both), and so is one that names a board's list or an everyday product word: "todo" (a "ToDo"
# list), "fait"/"hecho"/"done" (Done lists), "ai" (AI), "ca" (a CA certificate), "car", "ton",
# "mes" (Spanish: month), "era", "hat", "man", "vs" ("build vs buy"). French elisions ("l'",
# "d'", "qu'", "j'" …) are words of their own (``features.words``), so their letters are here.
_FUNCTION_WORDS = {
    "en": (
        "a about after all an and any are as at be been before but by can do does for from has "
        "have how i if in into is it its it's may more most must no not of on once only or other "
        "our out over per so some such than that the their them then there these they this "
        "those to too up us via was we were what when where which while who why will with "
        "without would you your "
        # completed in session 8 (they showed in real reasons: "through", "each", "my", …)
        "above across again against although am among because being below between both "
        "could did during each every he her here hers him his however instead me might mine "
        "my myself onto ours shall she should since though through throughout toward towards "
        "under unless until upon very whether within yet yours inside outside beyond besides along"
    ),
    "es": (
        "el la los las un una unos unas de del a al y e o u no en con por para sin sobre entre que "
        "se su sus lo le les es son ser esta este estos estas ese esa como mas pero muy ya "
        "nos mi mis tu cuando donde cual cuales hay "
        "si ni hasta desde porque cada tambien sino aunque mientras durante segun hacia contra "
        "bajo tras ante me te yo ella ellos ellas usted ustedes nosotros nuestro nuestra "
        "nuestros nuestras esto eso esos esas aquel aquella aquellos aquellas algun alguna "
        "algunos algunas ningun ninguna otro otra otros otras mismo misma tan tus fue han ha "
        "hemos sido estar estan quien quienes cuyo cuya aun todavia asi"
    ),
    "fr": (
        "le la les un une des du de d l a au aux et ou en non dans par pour sur sous avec sans "
        "que qui ne pas est sont ce cet cette ces son sa ses leur leurs il elle ils elles on "
        "nous vous "
        "se plus lors dont mais tout tous toute toutes y "
        "si ni entre vers comme aussi je j tu te me moi toi lui eux mon ma notre nos votre vos "
        "hors chez depuis pendant avant apres selon tant donc puis quand lorsque parce quoi "
        "quel quelle quels quelles chaque aucun aucune meme tres deja encore ici celui celle "
        "ceux cela ceci etre ont avons avez etait sera peut doit qu n s c m t jusqu lorsqu "
        "puisqu"
    ),
    "de": (
        "der das den dem des ein eine einen einem einer eines und oder mit von zu zum zur im "
        "ins am vom auf fur bei aus nach ist sind wird werden nicht kein keine dass sich auch "
        "wie als oder uber unter durch gegen ohne um "
        "aber wenn nur bis zwischen weil ob noch schon sehr hier dort ich du er sie wir ihr "
        "mein meine meinen dein deine sein seine ihre ihren ihrem unser unsere dieser diese "
        "dieses diesem diesen jeder jede jedes alle haben habe waren wurde wurden kann konnen "
        "soll sollen muss mussen damit dann denn doch wo wer wann warum welche welcher welches "
        "seit wahrend trotz vor hinter neben bzw"
    ),
    "pt": (
        "o os a as um uma uns umas de do da dos das no na nos nas em com por para sem sobre "
        "e ou que se seu sua seus suas ao aos pelo pela pelos pelas como mais mas nao ja "
        "entre ser sao esta este essa esse isso "
        "si ate tambem quando onde cada porque pois ainda muito nem desde durante sob apos "
        "contra meu minha meus minhas nosso nossa nossos nossas voce voces eu ele ela eles elas "
        "isto aquele aquela aquilo esses essas estes estas qual quais ha foi sera tem sido "
        "estar estao num numa lhe lhes me te"
    ),
    "it": (
        "il lo gli della delle degli dei nel nella nelle con per che sono una uno del "
        "alla alle dal dalla sul sulla questo questa"
    ),
    # Dutch, read since session 13. Left out as content words of the other five: "die",
    # "door", "want", "men", "bent" (English), "waren" (German: goods), and "wil" (the "want"
    # of a story's "wil ik", as "want"/"quiero" are kept in the other languages). "van" stays:
    # on nearly every Dutch item, and English "van" (a delivery van) is rare on a backlog.
    "nl": (
        "de het een van en in op met voor niet zijn is dat te bij aan naar om ook dan "
        "wordt worden geen "
        "dit deze wat wie welk welke waar hoe wanneer waarom of maar omdat zodat terwijl als "
        "tot uit over onder tussen tijdens zonder tegen na sinds vanaf binnen buiten naast "
        "achter boven ik jij je u wij we zij ze hij haar hem mij mijn jouw uw onze ons hun "
        "jullie er daar hier nog al wel zo zoals elk elke ieder iedere alle heeft hebben heb "
        "had werd werden kan kunnen moet moeten zal zullen zou zouden mag mogen ben "
        "was geweest dus echter hierbij hiervoor daarna daarom waarbij waarmee "
        "erin ervan ervoor erop"
    ),
}
FUNCTION_WORDS = {code: frozenset(words.split()) for code, words in _FUNCTION_WORDS.items()}

# Function words left out of the lists above because they are words of another language too
# (they must not vote for a language: "also" would make an English title German). Those an
# English backlog hardly ever uses as a content word are never evidence all the same (session
# 14: German training tickets "… für die …" had taught 'die' as strategic): German "die" (also
# Dutch), "war", "also" (an English adverb, no content word either), Dutch "bent". Left as
# words, since they carry meaning on a backlog: "door" (a "fake door test"), "want" and "wil" (a
# story's "I want"), "hat" (Red Hat), "man" ("man page"), "men", "car", "mes" (Spanish: month),
# "era", "ton"; "waren" is in the German list already. Telling those apart needs the item's
# language (``detect``): session 14 left it (models/HISTORY.md "Session 14: function words
# shared across languages"); session 15 reads each item in its own language
# (``OWN_FUNCTION_WORDS``).
SHARED_FUNCTION_WORDS = frozenset({"die", "war", "also", "bent"})
#: Words that never count as evidence in an item whose language is not known (``item_language``
#: is None): the read languages' function words and the shared ones.
NOT_EVIDENCE = frozenset().union(*(FUNCTION_WORDS[code] for code in READ)) | SHARED_FUNCTION_WORDS

# Session 15: an item whose language is known leaves out its own language's function words
# only, those left out of the voting lists above included ("door" is no evidence in a Dutch
# item, and is in an English one: a "fake door test"; "os" is none in a Portuguese item, and is
# in an English one). So are the function words of a language that its list leaves to another
# one's (German "in", "was", "es", "an", "so", "je"; English "had"; Dutch "me", "via"), which
# the union of the lists used to cover. "wil" stays a word in Dutch (a story's "wil ik", as
# "want"/"quiero" are kept in the other languages).
_OWN_EXTRA = {
    "en": "also had",
    "es": "era sera",
    "fr": "car ton mes ca via",
    "de": "die war also hat man in was es an so da je per via",
    "pt": "era so la",
    "nl": "die door want men bent me per via",
}
#: The function words of one letter ("a", "e", "y", the French elisions "l", "d", ...): no item
#: counts them, whatever its language ("e.g." and "i.e." are no evidence in English either).
LETTERS = frozenset(w for w in NOT_EVIDENCE if len(w) == 1)
#: Per read language, what an item in it never counts as evidence: its function words, with
#: those it shares with another language as a content word, and ``LETTERS`` (session 15).
OWN_FUNCTION_WORDS = {
    code: FUNCTION_WORDS[code] | frozenset(_OWN_EXTRA[code].split()) | LETTERS for code in READ
}
# Words shared by several of the five (de, en, a, e, o, ...) still vote for each of them; the
# distinctive ones decide.

_SCRIPTS = (  # (code, regex of that script's letters); kana before Han: Japanese uses both
    ("ja", re.compile(r"[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]")),
    ("ko", re.compile(r"[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]")),
    ("zh", re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff]")),
    ("ru", re.compile(r"[\u0400-\u04ff]")),
    ("el", re.compile(r"[\u0370-\u03ff]")),
    ("ar", re.compile(r"[\u0600-\u06ff\u0750-\u077f]")),
    ("he", re.compile(r"[\u0590-\u05ff]")),
    ("th", re.compile(r"[\u0e00-\u0e7f]")),
    ("hi", re.compile(r"[\u0900-\u097f]")),
)
_LATIN = re.compile(r"[a-zA-Z\u00c0-\u024f]")
_WORDS = re.compile(r"[a-z]+(?:'[a-z]+)?")
# URLs and addresses hold no language: each whitespace-delimited chunk holding "http:",
# "https:", "www." or "@" (a match starts only where a chunk does: one pass, no backtracking
# over every position of a long chunk).
_LINKS = re.compile(r"(?<!\S)\S*?(?:https?:|www\.|@)\S*")


def has_links(text: str) -> bool:
    """Whether ``text`` may hold a URL, a web address or an e-mail address (``_LINKS``): three
    substring searches, so most texts are never searched with the regex."""
    return "http" in text or "www." in text or "@" in text


def link_free(text: str) -> str:
    """``text`` with its URLs, web and e-mail addresses blanked: their words ("com" of
    ".com", "de" of ".../de/...") hold no language (session 16: one "com" read 43 sidelineHD
    cards as Portuguese)."""
    return _LINKS.sub(" ", text) if has_links(text) else text


def links(text: str) -> list[str]:
    """The chunks of ``text`` :func:`link_free` blanks (empty when it has none)."""
    return _LINKS.findall(text) if has_links(text) else []


def _tokens(text: str) -> list[str]:
    return _WORDS.findall(fold_accents(link_free(text)).lower())


def fold_accents(text: str) -> str:
    """``Tâche`` → ``Tache``, ``Straße`` → ``Strasse``: Latin letters without their marks."""
    if text.isascii():
        return text
    return _fold_cached(text) if len(text) < 200 else _fold(text)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.replace("ß", "ss"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_fold_cached = lru_cache(maxsize=8192)(_fold)


# Any letter of the scripts above: one search tells whether counting is needed at all.
_ANY_OTHER_SCRIPT = re.compile(
    "[\u0370-\u03ff\u0400-\u04ff\u0590-\u06ff\u0750-\u077f\u0900-\u097f\u0e00-\u0e7f"
    "\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f]"
)


#: Scripts whose one character is about a word's worth of Latin letters (Han, kana, Hangul):
#: each counts this many letters against a text's Latin ones. Session 22: a Japanese title with
#: two Latin acronyms (clipkit_ja card 54b3e266) weighed its 6 Latin letters against its 4 kana
#: (its 3 Han characters were not counted) and was read: tactical 0.98 on no learned word.
WIDE_SCRIPT_WEIGHT = 2
_WIDE_SCRIPTS = frozenset({"ja", "zh", "ko"})


def script_language(text: str) -> str | None:
    """The non-Latin script most of ``text``'s letters are written in, else None: a text is
    in that script when its letters outweigh its Latin ones (a Han, kana or Hangul character
    weighs ``WIDE_SCRIPT_WEIGHT`` letters)."""
    if text.isascii() or _ANY_OTHER_SCRIPT.search(text) is None:
        return None
    counts = {code: len(pattern.findall(text)) for code, pattern in _SCRIPTS}
    if counts["ja"]:  # Japanese mixes kana and Han; Chinese has no kana
        counts["ja"] += counts.pop("zh")
    code, most = max(counts.items(), key=lambda kv: kv[1])
    if not most:
        return None
    if code in _WIDE_SCRIPTS:
        most *= WIDE_SCRIPT_WEIGHT
    latin = len(_LATIN.findall(text))
    return code if most > latin else None


def detect(text: str) -> str | None:
    """ISO 639-1 code of ``text``'s language, or None when the text gives no signal."""
    script = script_language(text)
    if script is not None:
        return script
    tokens = _tokens(text)
    if not tokens:
        return None
    votes = {code: sum(1 for t in tokens if t in words) for code, words in FUNCTION_WORDS.items()}
    best = max(votes.values())
    if best == 0:
        return None
    winners = [code for code, v in votes.items() if v == best]
    if len(winners) == 1:
        return winners[0]
    # A tie among the read ones (e.g. only "de"): say nothing rather than guess; a tie between
    # a read language and another: the read one (the model tries). Dutch shares "in", "over",
    # "was", "we", "er" with English and German: on a tie it gives way to the other read one.
    read = [c for c in winners if c in READ]
    if len(read) > 1 and "nl" in read:
        read.remove("nl")
    return read[0] if len(read) == 1 else None


#: (measured, session 16) the votes a language needs; below, THIN_LANGUAGE
MIN_VOTES = 1
THIN_LANGUAGE: str | None = None
#: (measured, session 16) a tie that English is in reads English
TIE_TO_ENGLISH = False


# Each word that votes: the read languages it votes for (their places in ``READ``).
_VOTES_OF = {
    word: tuple(k for k, code in enumerate(READ) if word in FUNCTION_WORDS[code])
    for word in frozenset().union(*(FUNCTION_WORDS[code] for code in READ))
}


def vote_counts(tokens: Iterable[str]) -> list[int]:
    """How many of ``tokens`` vote for each read language (``READ`` order)."""
    votes = [0] * len(READ)
    get = _VOTES_OF.get
    for token in tokens:
        for k in get(token, ()):
            votes[k] += 1
    return votes


def item_language(tokens: Iterable[str]) -> str | None:
    """The read language of an item from the words the model reads (``features.words`` of its
    title and description): its function words vote as in :func:`detect`, among the read
    languages only (Dutch gives way on a tie); None when no word votes or the vote is a tie.
    The batch path counts the same votes with numpy (``LinearRoleModel._languages``)."""
    votes = dict(zip(READ, vote_counts(tokens), strict=True))
    best = max(votes.values())
    if best == 0:
        return None
    if best < MIN_VOTES:
        return THIN_LANGUAGE
    winners = [code for code in READ if votes[code] == best]
    if len(winners) > 1 and "nl" in winners:
        winners.remove("nl")
    if len(winners) > 1 and TIE_TO_ENGLISH and "en" in winners:
        return "en"
    return winners[0] if len(winners) == 1 else None


def not_evidence(code: str | None) -> frozenset[str]:
    """The words an item in language ``code`` (:func:`item_language`) never counts as
    evidence: that language's own function words, or for None every read language's."""
    return NOT_EVIDENCE if code is None else OWN_FUNCTION_WORDS[code]


def unreadable(text: str) -> str | None:
    """The language of ``text`` when it is one the model does not read, else None.

    Italian needs two function words more than any read language has, so a stray word never
    makes an English title unreadable.
    """
    script = script_language(text)
    if script is not None:
        return script
    tokens = _tokens(text)
    if len(tokens) < 3:
        return None
    votes = {code: sum(1 for t in tokens if t in words) for code, words in FUNCTION_WORDS.items()}
    best_read = max(votes[c] for c in READ)
    return "it" if votes["it"] >= best_read + 2 else None


# Function words only Italian uses: a title holding one is worth a closer look. (Dutch ones
# until session 13, when Dutch became a read language.)
_HINT_TEXT = "il gli della delle degli nel nella nelle sono questo questa alla dalla"
OTHER_LATIN_HINTS = frozenset(_HINT_TEXT.split())


#: How much of a description :func:`unread_language` searches for another script.
SCRIPT_CHARS = 600


def unread_language(title: str, description: str = "") -> str | None:
    """The language of an item when the model does not read it, else None — cheap enough for
    every item of a scan: an ASCII title is only searched for an Italian function
    word; a non-ASCII text is checked for another script."""
    title = title or ""
    if not title.isascii() or (description and not description.isascii()):
        code = script_language(f"{title} {(description or '')[:SCRIPT_CHARS]}")
        if code is not None:
            return code
    if OTHER_LATIN_HINTS.isdisjoint(title.lower().split()):
        return None
    return unreadable(f"{title} {(description or '')[:300]}")


def name(code: str) -> str:
    return NAMES.get(code, code)


def unread_counts(codes: Iterable[str | None]) -> dict[str, int]:
    """Language code -> how many of ``codes`` (each item's unreadable language or None) are in
    it, most frequent first (ties by code)."""
    counts = Counter(filter(None, codes))  # (counted in C: a million Nones in ≈ 10 ms)
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def languages_text(counts: Mapping[str, int]) -> str:
    """``"Japanese"``, ``"Japanese and Chinese"``, ``"Japanese, Korean and Chinese"``: the
    languages of :func:`unread_counts`, most frequent first."""
    names = [name(c) for c, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def unread_note(counts: Mapping[str, int], total: int) -> str | None:
    """One line for a report: which share of the ``total`` items is in languages the model does
    not read (``counts``: :func:`unread_counts`), or None when there are none."""
    if not counts or not total:
        return None
    pct = percent(sum(counts.values()) / total)
    return (
        f"{pct} of items are in {languages_text(counts)}, which the model does not read; "
        "they count as uncertain."
    )
