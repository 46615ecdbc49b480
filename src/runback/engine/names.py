"""Names in Danish and English for the engine's sentences and the web layer: red flags,
exercises, bands, examiners, sports, start steps and what a run did against the plan."""

from __future__ import annotations

# TRIAGE-CLEAR (v3): who examined the runner, as a runner's report names it.
EXAMINER_NAMES: dict[str, tuple[str, str]] = {
    "own_doctor": ("egen læge", "own doctor"),
    "out_of_hours": ("lægevagten", "out-of-hours doctor"),
    "emergency_department": ("akutmodtagelsen", "emergency department"),
    "other_clinician": ("en anden behandler", "another clinician"),
}

# RUN-OVER (v3): what a run did that keeps it from moving the plan on.
OVER_WORDS: dict[str, tuple[str, str]] = {
    "longer": ("var længere end planlagt", "was longer than planned"),
    "no_walks": (
        "blev løbet uden de planlagte gåpauser",
        "was run without the planned walking breaks",
    ),
    "day_after": ("lå dagen efter en anden løbetur", "came the day after another run"),
    "second_today": ("var dagens anden løbetur", "was the second run of the day"),
    "extra_run": (
        "var en tur mere, end ugen har plads til",
        "was one run more than the week holds",
    ),
}

SPORT_NAMES: dict[str, tuple[str, str]] = {
    "cycling": ("cykeltur", "cycling"),
    "swimming": ("svømmetur", "swim"),
}

FLAG_NAMES: dict[str, tuple[str, str]] = {
    "TRIAGE-1": (
        "følelsesløshed eller prikken i ridebukseområdet (omkring endetarmsåbningen, "
        "kønsorganerne og inderlårene)",
        "numbness or tingling in the saddle area (around the anus, the genitals and "
        "the inner thighs)",
    ),
    "TRIAGE-2": (
        "nye problemer med at styre blære eller tarm",
        "new trouble controlling bladder or bowel",
    ),
    "TRIAGE-3": ("tiltagende kraftløshed i benene", "increasing weakness in the legs"),
    "TRIAGE-4": ("uforklaret vægttab", "unexplained weight loss"),
    "TRIAGE-5": ("feber", "fever"),
    "TRIAGE-6": (
        "rygsmerter efter et kraftigt fald eller uheld",
        "back pain after a bad fall or accident",
    ),
    "TRIAGE-7": (
        "vedvarende natlige smerter, der ikke lindres af hvile",
        "persistent night pain not relieved by rest",
    ),
    "TRIAGE-8": (
        "smerter, følelsesløshed eller svaghed i begge ben, nyopstået tab af "
        "seksuel funktion eller nedsat følelse, når du tørrer dig efter toiletbesøg",
        "pain, numbness or weakness in both legs, new loss of sexual function, or "
        "less feeling when wiping after the toilet",
    ),
    "TRIAGE-9": ("tidligere kræftsygdom", "having had cancer"),
    "TRIAGE-10": (
        "langvarig behandling med binyrebarkhormon (steroid) eller knogleskørhed, "
        "og smerter, der begyndte efter et mindre fald eller løft",
        "long-term steroid treatment or osteoporosis, with pain that began after a "
        "minor fall or strain",
    ),
    "TRIAGE-11": (
        "svækket immunforsvar (sygdom eller medicin) eller stofbrug med sprøjter",
        "a weakened immune system (illness or medicine) or injecting drugs",
    ),
    "TRIAGE-12": (
        "at du føler dig almindeligt syg, eller smerter højt i ryggen mellem skulderbladene",
        "feeling generally unwell, or pain high in the back between the shoulder blades",
    ),
    "TRIAGE-13": (
        "konstante smerter, der bliver ved med at tage til og ikke ændrer sig med "
        "stilling, bevægelse eller hvile",
        "constant pain that keeps getting worse and does not change with position, "
        "movement or rest",
    ),
    "TRIAGE-14": (
        "første rygsmerte af denne slags efter 50-årsalderen uden en tydelig årsag",
        "first back pain of this kind after the age of 50 with no clear cause",
    ),
    "TRIAGE-15": (
        "et mønster, der kan tyde på betændelsesagtige rygsmerter (fx lang "
        "morgenstivhed, der bedres ved bevægelse og ikke ved hvile)",
        "a pattern that can point to inflammatory back pain (e.g. long morning "
        "stiffness that improves with movement, not with rest)",
    ),
}

BAND_NAMES: dict[str, tuple[str, str]] = {
    "light": ("let elastik", "a light band"),
    "medium": ("mellem elastik", "a medium band"),
    "heavy": ("kraftigt elastik", "a heavy band"),
    "extra_heavy": ("ekstra kraftigt elastik", "an extra heavy band"),
}


START_STEP_NAMES: dict[str, tuple[str, str]] = {
    "walk": ("gang", "walking"),
    "test": ("løbetesten", "the running test"),
    **{f"intervals_{w}": (f"interval-uge {w}", f"interval week {w}") for w in range(1, 6)},
}

EXERCISE_NAMES: dict[str, tuple[str, str]] = {
    "cat_cow": ("Cat-cow", "Cat-cow"),
    "knee_to_chest": ("Knæ til bryst", "Knee to chest"),
    "book_opener": ("Book opener", "Book opener"),
    "romanian_deadlift": ("Rumænsk dødløft", "Romanian deadlift"),
    "split_squat": ("Split squat", "Split squat"),
    "back_extension": ("Rygekstension", "Back extension"),
    "dead_bug": ("Dead bug", "Dead bug"),
    "pallof_press": ("Pallof press", "Pallof press"),
    "glute_bridge": ("Bækkenløft", "Glute bridge"),
    "clamshell": ("Clamshell", "Clamshell"),
    "bird_dog": ("Bird dog", "Bird dog"),
}
