"""General English word classes of spoken talk, for telling content from talk about nothing.

Three closed lists, none drawn from a particular study:
- `FUNCTION`: pronouns, determiners, auxiliaries, modals, prepositions, conjunctions and the
  commonest adverbs: they carry grammar, not topic.
- `FILLERS`: hesitations, backchannels, discourse markers and hedges ("um", "mm", "yeah",
  "okay", "you know", "I guess"). Evaluations ("good", "fine", "clear") are not fillers: a
  short "that's good" is a judgement.
- `SESSION`: talk about the session itself rather than its subject: the interview's
  "question", a think-aloud "task", "next", "done", "finished", "move on".

`words` splits text into lower-case words the way every detector here counts them: letters
with inner apostrophes or hyphens, and runs of digits; numbers, single letters and roman
numerals (item labels such as "3.a", "ii") are `neutral`: neither content nor filler.
"""

from __future__ import annotations

import re

FUNCTION = frozenset(
    """a an the this that these those there here it its itself i me my mine myself you your
    yours yourself yourselves he him his himself she her hers herself we us our ours
    ourselves they them their theirs themselves one ones someone somebody something anyone
    anybody anything everyone everybody everything nobody nothing none what which who whom
    whose when where why how whatever whichever whoever is am are was were be been being have
    has had having do does did doing will would shall should can could may might must ought
    need needs not no nor and or but so yet because if unless whether than then though
    although while whereas as of to in on at by for from with without within into onto upon
    about above below under over after before since until till through throughout during
    between among across along around against toward towards beside besides behind beyond
    near off out up down via per all any some every each both either neither few many much
    more most less least other others another such same own very too also just only even
    still again ever never always often sometimes now already soon once there's it's i'm
    i've i'd i'll you're you've you'd you'll he's he'd she's she'd we're we've we'd we'll
    they're they've they'd they'll that's what's who's where's how's let's can't cannot
    couldn't won't wouldn't shouldn't don't doesn't didn't isn't aren't wasn't weren't
    haven't hasn't hadn't mustn't s t d ll m re ve don didn doesn isn wasn aren weren
    couldn wouldn shouldn haven hasn hadn won ain""".split()
)

FILLERS = frozenset(
    """um umm ummm uh uhh uhm erm er err ah ahh aha oh ooh hmm hm hmmm mm mmm mmmm mhm
    mm-hm mm-hmm uh-huh uh-hum huh yeah yea yeh ya yes yep yup no nope nah okay ok okey
    alright right well like so anyway anyways actually basically literally obviously
    honestly totally definitely certainly absolutely exactly really sure wow oops indeed
    guess suppose think know see sort kind bit lot lots thing things stuff gonna wanna
    gotta let sorry thanks thank
    please hello hi bye cheers maybe probably perhaps laughs laughing laughter pause pauses
    inaudible crosstalk unclear""".split()
)

SESSION = frozenset(
    """question questions task tasks subtask subtasks step steps item items next done finish
    finished finishing complete completed completing go goes going went continue""".split()
)
# Two-word phrases that are talk although their second word alone may not be ("I mean" but
# "the mean"; "move on" but "moved house").
PHRASES = frozenset(
    {("i", "mean"), ("you", "know"), ("move", "on"), ("moving", "on"), ("let's", "see")}
)

_ROMAN = re.compile(r"^(?:i{1,3}|iv|v|vi{1,3}|ix|x)$")
WORD = re.compile(r"[a-z]+(?:['\-][a-z]+)*|\d+")
# A transcriber's note: "(The participant reads the task)", "[laughs]".
NOTE = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
MIN_TALK = 2  # a filler has at least this many filler words ("Mm-hm." alone is a short turn)
MAX_FILLER_WORDS = 20  # a longer turn says something, even if most of its words are fillers


def strip_notes(text: str) -> str:
    """The text without bracketed transcriber's notes."""
    return NOTE.sub(" ", text)


def words(text: str) -> list[str]:
    """Lower-case words and digit runs; curly apostrophes read as straight ones."""
    return WORD.findall(text.lower().replace("\u2019", "'"))


NUMBERS = frozenset(
    """one two three four five six seven eight nine ten eleven twelve first second third
    fourth fifth sixth seventh eighth ninth tenth""".split()
)


def is_function(word: str) -> bool:
    """A function word, or a contraction of one ("who've", "someone's")."""
    return word in FUNCTION or ("'" in word and word.split("'", 1)[0] in FUNCTION)


def neutral(word: str) -> bool:
    """Numbers, single letters and roman numerals: item labels, neither content nor filler."""
    return word.isdigit() or len(word) == 1 or word in NUMBERS or bool(_ROMAN.match(word))


def is_talk(word: str) -> bool:
    """A filler, backchannel or word about the session (see the module docstring)."""
    return word in FILLERS or word in SESSION


def content_words(text: str) -> list[str]:
    """The words that can say what a text is about (notes left out)."""
    return [
        w
        for w in words(strip_notes(text))
        if not is_function(w) and not is_talk(w) and not neutral(w)
    ]


def talk_counts(text: str) -> tuple[int, int]:
    """(talk words, content words) of a text without its notes: fillers, backchannels and
    session talk; and the words that are neither those, function words nor neutral."""
    found = words(strip_notes(text))
    talk = [is_talk(w) for w in found]
    for i in range(len(found) - 1):
        if (found[i], found[i + 1]) in PHRASES:
            talk[i] = talk[i + 1] = True
    n_talk = n_content = 0
    for word, is_filler in zip(found, talk, strict=True):
        if is_filler:
            n_talk += 1
        elif not is_function(word) and not neutral(word):
            n_content += 1
    return n_talk, n_content


def talk_heavy(text: str) -> bool:
    """At least half the open-class words, and `MIN_TALK` of them, are fillers or session talk:
    counted against a theme (its `filler_share`), though not enough to set the turn aside."""
    n_talk, n_content = talk_counts(text)
    return n_talk >= MIN_TALK and n_talk >= n_content


def filler_reason(text: str, share: float) -> str:
    """Why a segment counts as filler, or "" when it does not: at least `share` of its open-
    class words (not function words, not neutral) are talk, at least `MIN_TALK` are and it has
    at most `MAX_FILLER_WORDS` words; or it is nothing but a transcriber's note (and
    fillers). A text of function words only ("it's why I do it") is an answer that leans on
    its question, not a filler."""
    n_talk, n_content = talk_counts(text)
    short = len(words(strip_notes(text))) <= MAX_FILLER_WORDS
    if short and n_talk >= MIN_TALK and n_talk / (n_talk + n_content) >= share:
        how = "only" if n_content == 0 else "mostly"
        return f"filler: {how} fillers, backchannels and talk about the session"
    if n_content == 0 and NOTE.search(text):
        return "filler: only a transcriber's note" + (" and fillers" if n_talk else "")
    return ""


_GENDERED = re.compile(
    r"\b(he|she|him|his|hers|himself|herself|her)(['\u2019](?:s|d|ll))?\b(?=\s+(\w+)|)",
    re.IGNORECASE,
)
_NEUTRAL = {
    "he": "they",
    "she": "they",
    "him": "them",
    "his": "their",
    "hers": "theirs",
    "himself": "themselves",
    "herself": "themselves",
}
_CONTRACTED = {"s": "'re", "d": "'d", "ll": "'ll"}


def neutral_pronouns(text: str) -> str:
    """The text with he/she/him/her/his/hers as they/them/their/theirs (for embedding only:
    who is described should not decide which theme a story joins). "her" before a word that
    is not a function word reads as "their" ("her mum"), else as "them" ("sat with her")."""

    def swap(m: re.Match[str]) -> str:
        word, clitic, nxt = m.group(1), m.group(2), (m.group(3) or "").lower()
        low = word.lower()
        if low == "her":
            new = "their" if nxt and not is_function(nxt) else "them"
        else:
            new = _NEUTRAL[low]
        if clitic and low in ("he", "she"):
            new += _CONTRACTED[clitic[1:].lower()]
        elif clitic:
            new += clitic
        if word[0].isupper():
            new = new[0].upper() + new[1:]
        return new

    return _GENDERED.sub(swap, text)
