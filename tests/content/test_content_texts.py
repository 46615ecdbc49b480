"""The shipped texts say what is true: no promises of missing features, the red flags
complete with whom to call, the disc figures right, own advice marked, Danish written
the Danish way."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from runback.content.library import CONTENT_ROOT, LANGS, Article, Document, Library, load_library
from runback.content.parsing import parse_target
from runback.engine.texts import EXERCISE_NAMES


@pytest.fixture(scope="module")
def lib() -> Library:
    return load_library()


def documents(lib: Library, lang: str | None = None) -> Iterator[Document]:
    for group in (*lib.articles.values(), *lib.exercises.values(), lib.faq):
        for doc_lang, doc in group.items():
            if lang is None or doc_lang == lang:
                yield doc


def full_text(doc: Document) -> str:
    """Front matter values and body, as written (Markdown)."""
    meta = " ".join(str(v) for v in doc.meta.values() if isinstance(v, str))
    return f"{meta}\n{doc.body}"


def sections(doc: Document) -> dict[str, str]:
    """Body text per heading anchor (a '##' section includes its '###' subsections)."""
    found: dict[str, str] = {"": ""}
    level2, current = "", ""
    for line in doc.body.splitlines():
        heading = re.match(r"^(#{2,3}) .*\{#([a-z0-9-]+)\}\s*$", line)
        if heading:
            current = heading.group(2)
            if heading.group(1) == "##":
                level2 = current
            found.setdefault(current, "")
            continue
        found[current] = found.get(current, "") + line + "\n"
        if level2 and level2 != current:
            found[level2] += line + "\n"
    return found


def red_flags(lib: Library, lang: str) -> Article:
    doc = lib.article("red-flags", lang)
    assert doc is not None
    return doc


# -- no promises of features that do not exist -----------------------------------------

# A clinician is not alerted, cannot reopen a plan from Runback, nothing can be booked, and
# there is no 48-hour follow-up question.
FORBIDDEN = {
    "da": (
        "får besked", "får vedkommende besked", "din behandler åbner", "behandleren åbner",
        "booke en tid", "book en tid", "tilbyder, hvor det er muligt", "kan se dine svar",
        "justere planen sammen med dig", "din klinik kan", "spørge igen efter 48 timer",
    ),
    "en": (
        "are alerted", "is alerted", "are notified", "is notified", "clinician reopens",
        "reopens it", "offers you a way to book", "book an appointment with",
        "can see your answers", "adjust the plan with you", "your clinic can",
        "ask again after 48 hours",
    ),
}  # fmt: skip


@pytest.mark.parametrize("lang", LANGS)
def test_no_page_promises_alerts_reopening_or_booking(lib: Library, lang: str) -> None:
    for doc in documents(lib, lang):
        text = " ".join(full_text(doc).lower().split())
        for phrase in FORBIDDEN[lang]:
            assert phrase not in text, f"{doc.path}: {phrase!r}"
    for path in (CONTENT_ROOT / "templates").rglob("*.html"):
        text = " ".join(path.read_text(encoding="utf-8").lower().split())
        for phrase in FORBIDDEN["en"]:
            assert phrase not in text, f"{path}: {phrase!r}"


@pytest.mark.parametrize("lang", LANGS)
def test_clearance_is_the_runners_own_report(lib: Library, lang: str) -> None:
    pause = sections(red_flags(lib, lang))["pause"].lower()
    assert ("din egen melding" if lang == "da" else "your own report") in pause
    assert ("sender ikke besked" if lang == "da" else "does not send a message") in pause


# -- red flags -------------------------------------------------------------------------

TRIAGE = [f"TRIAGE-{n}" for n in range(1, 16)]
HELPLINES = ("1813", "1818", "70 11 07 07", "70 11 31 31", "70 15 03 00", "112")


@pytest.mark.parametrize("lang", LANGS)
def test_red_flag_article_explains_every_flag(lib: Library, lang: str) -> None:
    doc = red_flags(lib, lang)
    for rule_id in [*TRIAGE, "TRIAGE-R"]:
        anchor = rule_id.lower()
        assert doc.rules.get(rule_id) == anchor, rule_id
        assert anchor in doc.anchors, anchor
    # each flag sits under its level: emergency, prompt (see a doctor soon) or advise
    levels = {
        "emergency": (1, 2, 3, 8),
        "prompt": (4, 5, 6, 7, 9, 10, 11, 12, 13),
        "advise": (14, 15),
    }
    body = doc.body
    for level, numbers in levels.items():
        start = body.index(f"{{#{level}}}")
        end = body.find("\n## ", start)
        for n in numbers:
            assert start < body.index(f"{{#triage-{n}}}") < end, (level, n)


@pytest.mark.parametrize("lang", LANGS)
def test_red_flag_article_says_whom_to_call(lib: Library, lang: str) -> None:
    who = sections(red_flags(lib, lang))["who-to-call"]
    for number in HELPLINES:
        assert number in who, number
    if lang == "da":
        assert "kl. 8-16" in who and "sig, at det haster" in who
        assert "dag eller nat" in who and "uden at ringe først" in who
    else:
        assert "08:00-16:00" in who and "say that it is urgent" in who
        assert "day or night" in who and "without calling first" in who


REASSURANCE = {
    "da": ("sjælden", "ufarlig", "ikke farlig", "harmløs", "bare rolig", "intet at bekymre"),
    "en": ("rare", "harmless", "not dangerous", "nothing to worry", "don't worry"),
}


@pytest.mark.parametrize("lang", LANGS)
def test_no_reassurance_next_to_a_flag(lib: Library, lang: str) -> None:
    """Only the section on what is *not* a red flag (TRIAGE-R) may reassure."""
    for anchor, text in sections(red_flags(lib, lang)).items():
        if anchor == "triage-r":
            continue
        for word in REASSURANCE[lang]:
            assert not re.search(rf"\b{word}", text.lower()), (anchor, word)


def test_saddle_area_is_explained_with_the_right_anatomy(lib: Library) -> None:
    da = sections(red_flags(lib, "da"))["triage-1"]
    assert "ridebukseområdet" in da
    for part in ("endetarmsåbningen", "kønsorganerne", "indersiden af lårene", "sadel"):
        assert part in da, part
    en = sections(red_flags(lib, "en"))["triage-1"]
    for part in ("anus", "genitals", "inner thighs", "saddle"):
        assert part in en, part
    for doc in documents(lib):
        text = doc.body.lower()
        for wrong in ("omkring endetarmen", "rectum", "back passage"):
            assert wrong not in text, (doc.path, wrong)


# -- disc herniation figures -----------------------------------------------------------

CHIU = ("96 %", "70 %", "41 %", "13 %", "43 %", "15 %")


@pytest.mark.parametrize("lang", LANGS)
def test_disc_regression_figures_match_their_sources(lib: Library, lang: str) -> None:
    article = lib.article("disc-herniation", lang)
    assert article is not None
    natural = sections(article)["natural-course"]
    for figure in CHIU:
        assert figure in natural, figure
    for paragraph in natural.split("\n\n"):
        if "63 %" in paragraph:
            assert "ref:wang-2020" in paragraph
    assert "63 %" in natural
    for slug in ("disc-herniation", "recovery-time"):
        doc = lib.article(slug, lang)
        assert doc is not None
        for line in doc.body.splitlines():
            units = [line] if line.startswith("|") else re.split(r"(?<=[.!?])\s+", line)
            for unit in units:  # a table row, or one sentence
                if re.search(r"to ud af tre|two (?:in|out of) three", unit):
                    assert "ref:wang-2020" in unit, (slug, unit)
    recovery = lib.article("recovery-time", lang)
    assert recovery is not None and "63 %" in recovery.body


def test_wang_2020_reference_is_complete(lib: Library) -> None:
    wang = lib.references["wang-2020"].meta
    assert wang["authors"].startswith("Wang Y, Dai G, Jiang L, Liao S")
    assert (wang["journal"], wang["year"], wang["details"]) == (
        "BMC Musculoskelet Disord", 2020, "21(1):530",
    )  # fmt: skip
    assert wang["doi"] == "10.1186/s12891-020-03548-z"  # as PubMed 32778091 lists it


# -- own advice is marked --------------------------------------------------------------

OWN_ADVICE = {
    "da": ("vores råd", "vores egne råd", "vores eget", "klinisk erfaring", "vores sammenfatning"),
    "en": ("our advice", "our own", "clinical experience", "our summary"),
}
# (article or exercise, section, a phrase of the claim in da, in en)
CLAIMS = (
    ("running-form", "form-cad", "metronom", "metronome"),
    ("running-form", "form-lean", "falde let fremad", "fall gently forward"),
    ("running-form", "form-note", "én ting ad gangen", "one thing at a time"),
    ("lifestyle", "sleep", "faste tidspunkter", "same times"),
    ("osteoarthritis", "activity", "stivere", "stiffer"),
    ("causes", "weak-hip-core", "mere af arbejdet hos lænden", "ends up with your lower back"),
    ("glute_bridge", "purpose", "stærke balder", "strong glutes"),
)  # fmt: skip


@pytest.mark.parametrize("lang", LANGS)
def test_advice_without_a_source_is_marked_as_ours(lib: Library, lang: str) -> None:
    for key, anchor, phrase_da, phrase_en in CLAIMS:
        doc = lib.article(key, lang) or lib.exercise(key, lang)
        assert doc is not None, key
        text = sections(doc)[anchor]
        phrase = phrase_da if lang == "da" else phrase_en
        assert phrase in text.lower(), (key, phrase)
        assert any(mark in text.lower() for mark in OWN_ADVICE[lang]), (key, anchor)


@pytest.mark.parametrize("lang", LANGS)
def test_shorter_steps_only_may_give_less_jolt(lib: Library, lang: str) -> None:
    article = lib.article("running-form", lang)
    assert article is not None
    cadence = sections(article)["form-cad"]
    may = "kan give mindre stød" if lang == "da" else "may mean less jolting"
    assert may in cadence


# -- Danish written the Danish way -----------------------------------------------------

MONTHS = "januar februar marts april maj juni juli august september oktober november december"


def test_danish_has_no_plural_hacks_or_english_dates(lib: Library) -> None:
    capitalised = "|".join(m.capitalize() for m in MONTHS.split())
    short = "|".join(m[:3].capitalize() for m in MONTHS.split())
    for doc in documents(lib, "da"):
        text = full_text(doc)
        assert not re.search(r"\w\((?:er|ter|e|r|s|n|ne)\)", text), doc.path
        assert not re.search(rf"\b(?:{capitalised}|{short})\.? \d", text), doc.path
        assert not re.search(rf"\d\.? (?:{capitalised}|{short})\b", text), doc.path
    po = (CONTENT_ROOT / "locale" / "da" / "LC_MESSAGES" / "django.po").read_text("utf-8")
    assert not re.search(r"msgstr.*\w\((?:er|ter|e|r)\)", po)


def test_one_word_for_conversational_pace(lib: Library) -> None:
    for doc in documents(lib, "da"):
        text = full_text(doc).lower()
        assert "snakketempo" not in text and "hvor du kan snakke" not in text, doc.path
    for slug in ("return-to-run", "disc-herniation"):
        article = lib.article(slug, "da")
        assert article is not None and "samtaletempo" in article.body


@pytest.mark.parametrize("lang", LANGS)
def test_exercise_links_use_the_apps_names(lib: Library, lang: str) -> None:
    index = LANGS.index(lang)
    for doc in documents(lib, lang):
        for link in doc.analysis.links:
            target = parse_target(link.target)
            if target is None or target.kind != "exercise":
                continue
            name = EXERCISE_NAMES[target.ident][index]
            assert link.text.lower() == name.lower(), (doc.path, link.text, name)
    for ex_id, names in EXERCISE_NAMES.items():
        exercise = lib.exercise(ex_id, lang)
        assert exercise is not None and exercise.title == names[index]
