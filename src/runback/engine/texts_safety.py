"""The engine's safety reasons, in Danish and English: red flags (TRIAGE-*), the traffic
light (ZONE-*), escalation (ESC-*, FUNC-*) and the disclaimer. See texts.py."""

from __future__ import annotations

TRIAGE_ZONE_TEXTS: dict[str, tuple[str, str]] = {
    # Triage
    "TRIAGE:emergency": (
        "Du har svaret ja til: {flags}. Det skal undersøges af en læge med det samme, også om "
        "natten eller i weekenden. Vent ikke til i morgen. Ring nu: på hverdage kl. 8-16 til "
        "din egen læge (sig, at det haster), ellers til {helpline}. Ring {emergency}, hvis du er i "
        "livsfare eller ikke kan få fat i nogen. Tag ikke på skadestuen uden at ringe først. "
        "Træningsplanen er sat på pause, og der vises ingen øvelser.",
        "You answered yes to: {flags}. A doctor needs to examine this straight away, even at "
        "night or at the weekend. Do not wait until tomorrow. Call now: on weekdays 8-16 "
        "your own doctor (say that it is urgent), otherwise {helpline}. Call {emergency} if "
        "your life is at risk or you cannot reach anyone. Do not go to an emergency "
        "department without calling first. Your training plan is paused and no exercises "
        "are shown.",
    ),
    "TRIAGE:prompt": (
        "Du har svaret ja til: {flags}. Det skal en læge se på snart, i dag eller næste "
        "hverdag, før du træner videre. Ring til din egen læge; uden for lægens åbningstid "
        "til {helpline}. Træningsplanen er sat på pause, til du har registreret her, at en "
        "læge har givet dig grønt lys.",
        "You answered yes to: {flags}. A doctor should look at this soon, today or the next "
        "working day, before you train on. Call your own doctor; outside their opening hours, "
        "{helpline}. Your training plan is paused until you record here that a doctor has "
        "given you the go-ahead.",
    ),
    "TRIAGE:advise": (
        "Du har svaret ja til: {flags}. Vi råder dig til at få din egen læge til at se på det "
        "inden for de næste uger. Planen fortsætter imens. Rådet bliver stående, til du har "
        "registreret, at du har været hos lægen.",
        "You answered yes to: {flags}. We advise you to have your own doctor look at it "
        "within the coming weeks. The plan carries on meanwhile. This advice stays until you "
        "record that you have seen your doctor.",
    ),
    "TRIAGE:cleared:clinician": (
        "En behandler har registreret, at dine advarselstegn er afklaret (den {date}). Planen "
        "fortsætter, hvor du slap.",
        "A clinician recorded that your warning signs have been cleared (on {date}). The "
        "plan carries on where you left off.",
    ),
    "TRIAGE:cleared:runner": (
        "Du har selv oplyst, at en læge undersøgte dig den {examined} ({by}), og at "
        "du kan fortsætte (registreret den {date}). Planen fortsætter, hvor du slap. Det er "
        "din egen oplysning, ikke en lægeerklæring.",
        "You reported that a doctor examined you on {examined} ({by}) and that you may go "
        "on (recorded on {date}). The plan carries on where you left off. This is your own "
        "report, not a doctor's statement.",
    ),
    "TRIAGE:cleared:doctor": (
        "Du har selv oplyst, at en læge har set på dine advarselstegn (registreret den "
        "{date}). Planen fortsætter, hvor du slap. Det er din egen oplysning, ikke en "
        "lægeerklæring.",
        "You reported that a doctor has looked at your warning signs (recorded on {date}). "
        "The plan carries on where you left off. This is your own report, not a doctor's "
        "statement.",
    ),
    "TRIAGE:ask_again": (
        "Du har oplyst, at du har været undersøgt for {flags}, men ikke at symptomet er "
        "væk. Ved det advarselstegn skal symptomet være forsvundet, før planen kan "
        "fortsætte: når en læge har undersøgt dig, og symptomet er væk, kan du oplyse det "
        "her. En klinik, der følger dig, kan også genoptage planen.",
        "You reported an examination for {flags}, but not that the symptom has gone. With "
        "this warning sign the symptom must have gone before the plan can go on: when a "
        "doctor has examined you and the symptom has gone, report it here. A clinic that "
        "follows you can also resume the plan.",
    ),
    "TRIAGE-R": (
        "Smerter, der skifter med aktivitet, morgenstivhed, der letter, når du kommer i gang, "
        "let ubehag under løb, der er væk bagefter, og ømme muskler efter træning er "
        "forventelige og ikke farlige.",
        "Pain that changes with activity, morning stiffness that eases once you get going, "
        "mild discomfort while running that is gone afterwards, and sore muscles after "
        "training are expected and not dangerous.",
    ),
    # Zones
    "ZONE-1": (
        "Grøn og gul betyder, at ryggen tålte turen. Gul (smerte {green}-{yellow}) er i orden "
        "under genoptræning: målet er fremgang uden forværring, ikke nul smerte.",
        "Green and yellow both mean your back tolerated the session. Yellow (pain "
        "{green}-{yellow}) is fine during rehab: the aim is progress without getting worse, "
        "not zero pain.",
    ),
    "ZONE-2": (
        "Turen den {date} er foreløbig, indtil du har svaret på, hvordan ryggen har det næste "
        "morgen. Indtil da bliver næste tur ikke sværere.",
        "The session on {date} is provisional until you have told us how your back feels the "
        "next morning. Until then, the next session is not made harder.",
    ),
    "ZONE-2:early": (
        "Svaret om næste morgen blev givet den {answered}, samme dag som turen. Ryggens svar "
        "viser sig først efter en nat, så det tæller ikke: svar igen fra den {earliest}.",
        "The next-morning answer was given on {answered}, the same day as the session. The "
        "back's response only shows after a night, so it does not count: answer again from "
        "{earliest}.",
    ),
    "ZONE-3": (
        "Grænserne: grøn er højst {green}/10 under og efter, gul er højst {yellow}/10 og falder "
        "til ro til næste morgen, rød er {red}/10 eller mere, smerte der blev ved med at "
        "stige, eller at du måtte stoppe. Grænserne bygger på smertemonitoreringsmodellen "
        "(Silbernagel m.fl. 2007).",
        "The limits: green is at most {green}/10 during and after, yellow is at most "
        "{yellow}/10 and settles by the next morning, red is {red}/10 or more, pain that kept "
        "rising, or having to stop. The limits follow the pain-monitoring model "
        "(Silbernagel et al. 2007).",
    ),
    "ZONE-4": (
        "Ryggen var værre morgenen efter turen den {date} end før den. Det vejer tungere end "
        "smerten undervejs, så turen tæller som rød.",
        "Your back was worse the morning after the session on {date} than before it. That "
        "counts for more than the pain during the session, so it is red.",
    ),
    "ZONE-NEXT": (
        "Næste morgen efter turen den {date} var smerten lidt højere end før ({pain}/10 mod "
        "{baseline}/10). Det ligger inden for den almindelige variation, så turen tæller som "
        "gul: tålt. Først {points} point højere tæller som forværring.",
        "The morning after the session on {date} your pain was a little higher than before "
        "({pain}/10 against {baseline}/10). That is within normal variation, so the session "
        "counts as yellow: tolerated. Only {points} points higher counts as worse.",
    ),
    "ZONE-BASE": (
        "Næste morgen sammenlignes med din smerte før turen, eller med det, den plejer at "
        "være de seneste 14 dage, hvis det er lavere. Så kan udgangspunktet ikke snige sig "
        "op fra tur til tur.",
        "The next morning is compared with your pain before the session, or with what it "
        "has usually been over the last 14 days if that is lower. That way the starting "
        "point cannot creep up from session to session.",
    ),
    "ZONE-LEG": (
        "Under eller efter turen den {date} bredte smerter, følelsesløshed eller prikken sig "
        "længere ned i benet. Det er et tegn på, at en nerverod er irriteret, så turen "
        "tæller som rød.",
        "During or after the session on {date}, pain, numbness or tingling spread further "
        "down your leg. That is a sign of an irritated nerve root, so the session is red.",
    ),
    "ZONE-LATE": (
        "Der kom ikke noget svar om næste morgen efter turen den {date} inden for {days} "
        "dage. Den står som ubesvaret: den tæller hverken som tålt eller som rød, og planen "
        "går ikke frem på den. Næste tur venter ikke længere på svaret.",
        "No next-morning answer came for the session on {date} within {days} days. It "
        "stands as unanswered: it counts neither as tolerated nor as red, and the plan does "
        "not move on from it. The next session no longer waits for the answer.",
    ),
    "ZONE-LATE:worse": (
        "Dit sene svar om turen den {date} siger, at ryggen var værre næste morgen. Det "
        "kom efter fristen, så det ændrer ikke planen, men tag det med, hvis det sker "
        "igen, og tal gerne med en behandler om det.",
        "Your late answer about the session on {date} says your back was worse the next "
        "morning. It came after the deadline, so it does not change the plan, but keep it "
        "in mind if it happens again, and do talk to a clinician about it.",
    ),
    "ZONE-TREND": (
        "Din ugentlige smerte er steget fra uge til uge ({weeks}). Så længe den gør det, "
        "går planen ikke frem: turene registreres, men tæller ikke til næste trin.",
        "Your weekly pain has risen from week to week ({weeks}). While it does, the plan "
        "does not move on: sessions are logged but do not count towards the next step.",
    ),
}

ESCALATION_TEXTS: dict[str, tuple[str, str]] = {
    # Escalation
    "ESC-1": (
        "Efter {weeks} ugers tilpasset træning er smerten ikke faldet nok (fra {first} til "
        "{latest} i ugegennemsnit; vi ser efter mindst {points} point eller {pct} %). Få "
        "en vurdering hos en fysioterapeut eller læge.",
        "After {weeks} weeks of adapted training your pain has not fallen enough (weekly "
        "average {first} to {latest}; we look for at least {points} points or {pct} %). Get "
        "an assessment from a physiotherapist or doctor.",
    ),
    "ESC-2": (
        "Du er i tvivl om, hvad du må. En fysioterapeut kan give dig en plan, du er tryg ved.",
        "You are unsure what is allowed. A physiotherapist can give you a plan you feel safe with.",
    ),
    "ESC-3": (
        "Det har været svært at finde en belastning, ryggen tåler. Få hjælp fra en "
        "fysioterapeut til at finde niveauet.",
        "It has been hard to find a load your back tolerates. Get help from a "
        "physiotherapist to find the level.",
    ),
    "ESC-4": (
        "Smerterne påvirker tydeligt din søvn eller hverdag. Det er en god grund til at få "
        "en vurdering.",
        "The pain clearly affects your sleep or daily life. That is a good reason to get an "
        "assessment.",
    ),
    "ESC-5": (
        "Smerter, der stråler ned i benet, bør vurderes af en fysioterapeut eller læge.",
        "Pain that radiates into the leg should be assessed by a physiotherapist or doctor.",
    ),
    "ESC-6": (
        "Du ønsker en struktureret plan for at komme tilbage. En fysioterapeut kan lægge den "
        "sammen med dig.",
        "You would like a structured plan to get back. A physiotherapist can build it with you.",
    ),
    "ESC-7": (
        "Din ugentlige smerte er steget to uger i træk, selv om træningen er tilpasset. "
        "Få en vurdering hos en fysioterapeut eller læge.",
        "Your weekly pain has risen two weeks in a row, even though your training is "
        "adapted. Get an assessment from a physiotherapist or doctor.",
    ),
    "FUNC-1": (
        "Du følger {count} aktiviteter, der er svære lige nu (0 = kan ikke, 10 = som før "
        "rygsmerterne). Gennemsnittet er {latest}/10.",
        "You follow {count} activities that are hard right now (0 = cannot do it, 10 = as "
        "before the back pain). The average is {latest}/10.",
    ),
    "FUNC-3": (
        "Du kan mere end i starten: gennemsnittet for dine aktiviteter er steget fra {first} "
        "til {latest}/10.",
        "You can do more than at the start: the average for your activities has risen "
        "from {first} to {latest}/10.",
    ),
    # Always shown
    "DISCLAIMER": (
        "Runback giver vejledning ud fra det, du selv har svaret. Det stiller ikke en diagnose "
        "og erstatter ikke en behandler.",
        "Runback gives guidance based on what you have told it. It does not diagnose and "
        "does not replace a clinician.",
    ),
}
