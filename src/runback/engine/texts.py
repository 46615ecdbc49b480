"""The engine's reasons, in Danish and English. Written for runners: plain and short.

Each entry is keyed by a message key (usually the rule ID, sometimes with a variant after
a colon) and formatted with the decision's numbers. Product text is ours; the rules come
from the clinical model (shared/spec/clinical-model.md).
"""

from __future__ import annotations

from datetime import date
from typing import Any

TEXTS: dict[str, tuple[str, str]] = {
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
    # Running plan
    "RUN:start": (
        "En behandler har sat, hvor dit løb starter: {step} (fra den {date}). Derfra går "
        "planen et trin ad gangen som ellers. Et rødt pas går stadig et trin tilbage, og "
        "advarselstegn og en irriteret ryg går altid forud.",
        "A clinician has set where your running starts: {step} (from {date}). From there the "
        "plan goes one step at a time as usual. A red session still goes back a step, and "
        "warning signs and an irritable back always come first.",
    ),
    "RUN:start_held": (
        "En behandler har sat dit løb til at starte ved {step} (den {date}), men lige efter "
        "et rødt pas eller under en pause i løbet går sikkerheden forud: planen fortsatte, "
        "hvor reglerne havde sat den.",
        "A clinician set your running to start at {step} (on {date}), but right after a red "
        "session or during a break from running, safety comes first: the plan carried on "
        "where the rules had put it.",
    ),
    "RUN-P1:walk": (
        "Fase 1 begynder med gang i samtaletempo i cirka {minutes} minutter. Når en gåtur er "
        "gået godt, også næste morgen, er du klar til den første løbetest.",
        "Phase 1 starts with walking at a pace where you can talk, for about {minutes} "
        "minutes. Once a walk has gone well, next morning included, you are ready for the "
        "first running test.",
    ),
    "RUN-P1:test": (
        "Løbetesten: gå {warmup} minutter, og løb så {rounds} gange {run} roligt med "
        "{walk} minutters gang imellem. Mærk efter de næste 24-48 timer. Én godt tålt test "
        "åbner fase 2.",
        "The running test: walk {warmup} minutes, then run easy for {run} {rounds} "
        "times with {walk} minutes of walking in between. Notice how your back responds over "
        "the next 24-48 hours. One well-tolerated test opens phase 2.",
    ),
    "RUN-IRR": (
        "Ryggen er irritabel lige nu, så du går i stedet for at løbe: cirka {minutes} minutter "
        "i samtaletempo. Løbetesten kommer, når ryggen er faldet til ro (en behagelig "
        "stilling, lavere hvilesmerte, og smerten falder hurtigere til ro). Gang og de "
        "lindrende øvelser fortsætter imens.",
        "Your back is irritable right now, so you walk instead of running: about {minutes} "
        "minutes at a talking pace. The running test comes when your back has calmed down (a "
        "comfortable position, lower pain at rest, and pain that settles sooner). Walking "
        "and the relieving exercises go on meanwhile.",
    ),
    "RUN-P2": (
        "Fase 2, uge {week}: {rounds} gange {run} minutters løb med {walk} minutters gang "
        "imellem. Du går videre, når {needed} ture på dette trin er tålt ({done} indtil "
        "videre).",
        "Phase 2, week {week}: {rounds} rounds of {run} minutes running with {walk} minutes "
        "of walking in between. You move on when {needed} sessions at this step have been "
        "tolerated ({done} so far).",
    ),
    "RUN-P3": (
        "Fase 3, sammenhængende løb: {runs} ture om ugen á {minutes} minutter. Du har tålt "
        "3 gange 10 minutter med gåpauser, så nu kan du løbe uden pauser.",
        "Phase 3, continuous running: {runs} runs a week of {minutes} minutes. You have "
        "tolerated 3 x 10 minutes with walking breaks, so now you can run without breaks.",
    ),
    "RUN-ORDER": (
        "Vi øger i denne rækkefølge: først flere ture, så længere ture, og først til sidst "
        "tempo. Intervaller og tempoløb venter, til grundformen er på plads.",
        "We increase in this order: more runs first, then longer runs, and pace last. "
        "Intervals and tempo runs wait until your base is in place.",
    ),
    "RUN-ADV-G": (
        "Turene er tålt, så planen går frem i sit eget tempo. Et trin gentages, til dets ture "
        "er tålt.",
        "Your sessions were tolerated, so the plan moves on at its own pace. A step is "
        "repeated until its sessions are tolerated.",
    ),
    "RUN-ADV-R": (
        "En rød tur betyder: ikke videre nu. Hold mindst én hviledag, og tag så næste tur på "
        "det seneste trin, ryggen har tålt ({step}).",
        "A red session means: no step up for now. Take at least one rest day, then do the "
        "next session at the last step your back tolerated ({step}).",
    ),
    "RUN-STALL": (
        "Ryggen har ikke tålt løb for nylig (to røde ture inden for {days} dage, eller rødt "
        "allerede ved gang). Løb holder pause: gå, og træn gerne på cykel eller i vandet. "
        "Efter {rest} dage uden forværring og en god gåtur prøver vi løbetesten igen.",
        "Your back has not tolerated running lately (two red sessions within {days} days, or "
        "red already when walking). Running pauses: walk, and train on a bike or in the "
        "water if you like. After {rest} days without getting worse and a good walk, we try "
        "the running test again.",
    ),
    "RUN-CAP": (
        "En uge planlægges aldrig mere end {pct} % over den seneste uge, ryggen har tålt, og "
        "intet trin i fase 2 springes over.",
        "A week is never planned more than {pct} % above the last week your back tolerated, "
        "and no phase-2 step is skipped.",
    ),
    "RUN:partial": (
        "Turen den {date} var kortere end planlagt, så den tæller ikke med til at gå et trin "
        "op, men den er fint registreret.",
        "The session on {date} was shorter than planned, so it does not count towards the "
        "next step, but it is logged.",
    ),
    "RUN-OVER": (
        "Turen den {date} {why}. Godt, at ryggen kunne klare det, men den tæller ikke til "
        "næste trin: planen bygger på, at ryggen får 24-48 timer til at svare på hver "
        "belastning. Hold dig til det planlagte, så går det frem i sikkert tempo.",
        "The session on {date} {why}. Good that your back managed it, but it does not count "
        "towards the next step: the plan relies on giving your back 24-48 hours to answer "
        "each load. Stick to what is planned, and it moves on at a safe pace.",
    ),
    "RUN-OVER:twice": (
        "To gange inden for 7 dage er der løbet mere end planlagt (senest {done} mod "
        "planlagt {planned}). Mere end planen giver ikke hurtigere fremgang, men kan give et "
        "tilbageslag.",
        "Twice within 7 days you have run more than planned (latest {done} against "
        "{planned} planned). More than the plan does not bring faster progress, but it can "
        "bring a setback.",
    ),
    "RUN-BREAK": (
        "Der er gået {gap} dage siden din seneste tur. Efter en pause falder formen og "
        "ryggens tolerance, så næste tur er et trin lettere end det, der stod for tur.",
        "It has been {gap} days since your latest session. After a break, fitness and your "
        "back's tolerance drop, so the next session is a step easier than the one that "
        "was due.",
    ),
    "RUN-BREAK:back": (
        "Pausen på {gap} dage skyldtes ryggen, så næste tur går et trin mere tilbage.",
        "The {gap}-day break was because of your back, so the next session steps back one "
        "step more.",
    ),
    "RUN-WALK-RED": (
        "Efter en rød gåtur bliver næste gåtur kortere: {minutes} minutter efter en "
        "hviledag. Når to gåture er tålt, er du tilbage på {full} minutter.",
        "After a red walk the next walk is shorter: {minutes} minutes after a rest day. "
        "Once two walks are tolerated, you are back to {full} minutes.",
    ),
    "RUN-ALT": (
        "Træn gerne let på cykel eller i vandet 2-3 gange om ugen, næste gang cirka "
        "{minutes} minutter, og hold dig i den gule zone. Hver tålt gang lægger 5 minutter "
        "til, op til 30. Cykling og svømning flytter ikke løbeplanen.",
        "Easy cycling or swimming 2-3 times a week is a good idea, next time about "
        "{minutes} minutes, staying within the yellow zone. Each tolerated session adds 5 "
        "minutes, up to 30. Cycling and swimming do not move the running plan.",
    ),
    "RUN-ALT:red": (
        "Din {sport} den {date} var rød. Den flytter ikke løbeplanen, men tag den næste "
        "gang lidt kortere og roligere.",
        "Your {sport} on {date} was red. It does not move the running plan, but make the "
        "next one a little shorter and easier.",
    ),
    "RUN-GOAL": (
        "Dit mål er {goal} minutters løb om ugen fordelt på {runs} ture. Planen bygger op "
        "til målet med højst {pct} % om ugen og bliver der; vil du længere, skal du sætte "
        "et nyt mål.",
        "Your goal is {goal} minutes of running a week over {runs} runs. The plan builds "
        "up to the goal by no more than {pct} % a week and stays there; to go further, set "
        "a new goal.",
    ),
    "RUN-GOAL:reached": (
        "Du løber nu dit mål på {goal} minutter om ugen. Planen holder dette niveau; vil "
        "du længere, skal du sætte et nyt mål.",
        "You now run your goal of {goal} minutes a week. The plan holds this level; to go "
        "further, set a new goal.",
    ),
    "RUN:paused": (
        "Løbeplanen er sat på pause, så længe et advarselstegn ikke er afklaret.",
        "The running plan is paused while a warning sign is not cleared.",
    ),
    # Conditions
    "COND-DISC": (
        "Ved diskusprolaps heler de fleste af sig selv på 3-6 måneder, og kun omkring 1 ud af "
        "10 bliver opereret. Løb er tilladt, men tilpasset: let ubehag under og lige efter er "
        "i orden, men ryggen må ikke være værre dagen efter.",
        "With a disc herniation most heal by themselves within 3-6 months, and only about 1 "
        "in 10 has surgery. Running is allowed, but adapted: mild discomfort during and "
        "right after is fine, but your back must not be worse the next day.",
    ),
    "COND-OA": (
        "Slidgigt i ryggen er meget almindeligt efter 50 og ses ofte på scanninger hos folk "
        "uden smerter. Aktivitet er blandt den bedste behandling, og du kan løbe, så meget "
        "ryggen tåler.",
        "Spinal osteoarthritis is very common after 50 and often shows on scans of people "
        "without pain. Activity is among the best treatments, and you can run as much as "
        "your back tolerates.",
    ),
    "COND-MUSC": (
        "Muskulær overbelastning er den hyppigste årsag: trætte, ømme muskler under løb og "
        "stivhed bagefter, der letter med bevægelse og hvile.",
        "Muscular overload is the most common cause: tired, sore muscles during runs and "
        "stiffness afterwards that eases with movement and rest.",
    ),
    "COND-PROG": (
        "For hurtig progression (flere kilometer, mere tempo eller flere ture på kort tid) er "
        "en hyppig årsag. Planen bygger derfor op med højst {pct} % om ugen.",
        "Building up too fast (more distance, pace or runs in a short time) is a common "
        "cause. So the plan builds up by no more than {pct} % a week.",
    ),
    "COND-WEAK": (
        "Svage hofte- og mavemuskler kan være en del af årsagen, og træning er blandt de bedst "
        "dokumenterede behandlinger af lændesmerter (Hayden m.fl. 2021). Styrketræningen er "
        "derfor en fast del af planen.",
        "Weak hip and trunk muscles can be part of the cause, and exercise is among the "
        "best-documented treatments for low back pain (Hayden et al. 2021). That is why "
        "strength training is a fixed part of the plan.",
    ),
    "COND-GAIT": (
        "Et meget svajet løbemønster og stramme hoftebøjere kan belaste lænden. Løbestilsrådene "
        "nedenfor kan hjælpe.",
        "A very arched running posture and tight hip flexors can load the lower back. The "
        "running form tips below can help.",
    ),
    "COND-OTHER": (
        "Smerter i lænden kan komme fra bækkenled, hofte eller de små led mellem hvirvlerne. "
        "Det kan en behandler undersøge; planen her er den samme gradvise opbygning.",
        "Pain felt in the lower back can come from the pelvic joint, the hip or the small "
        "joints between the vertebrae. A clinician can examine this; the plan here is the "
        "same gradual build-up.",
    ),
    "COND-FACET": (
        "Smerter fra de små led mellem hvirvlerne (facetled) bliver ofte værre, når ryggen "
        "bøjes bagover igen og igen. Derfor er rygekstension byttet ud med bird dog, og "
        "cat-cow laves uden at svaje helt ud. Løb er fint, når det opbygges gradvist.",
        "Pain from the small joints between the vertebrae (facet joints) is often worse "
        "with repeated bending backwards. So back extension is replaced by bird dog, and "
        "cat-cow is done without arching all the way. Running is fine when built up "
        "gradually.",
    ),
    "COND-SI": (
        'Smerter fra bækkenleddet (SI-leddet) sidder typisk over "smilehullerne" nederst '
        "på ryggen og kan stråle ud i ballen. Styrkeøvelser for hofte og balle hjælper "
        "ofte, og løb bygges op gradvist som ellers.",
        'Pain from the pelvic joint (SI joint) usually sits over the "dimples" at the '
        "bottom of the back and may spread to the buttock. Strength exercises for hip and "
        "buttock often help, and running is built up gradually as usual.",
    ),
    "COND-HIP": (
        "Hoften kan give smerter, der mærkes i lænden. Få hoften undersøgt af en "
        "fysioterapeut eller læge, så du ved, hvad der skal trænes. Imens bygger planen "
        "gradvist op som ellers.",
        "The hip can cause pain that is felt in the lower back. Have your hip examined by "
        "a physiotherapist or doctor, so you know what to train. Meanwhile the plan builds "
        "up gradually as usual.",
    ),
    # Strength
    "STR-IRR:high": (
        "Ryggen er irritabel lige nu ({why}), så styrkedelen er lindrende øvelser. Målet er "
        "mindre smerte og mere bevægelse, ikke styrke endnu.",
        "Your back is irritable right now ({why}), so the strength part is relieving "
        "exercises. The goal is less pain and more movement, not strength yet.",
    ),
    "STR-IRR:low": (
        "Ryggen bevæger sig nogenlunde frit, og smerten er under kontrol, så du laver "
        "styrkeøvelser, der bygger kapacitet.",
        "Your back moves fairly freely and the pain is under control, so you do "
        "strengthening exercises that build capacity.",
    ),
    "STR-REL": (
        "Lindrende øvelser: cat-cow, knæ til bryst og book opener. Rolige bevægelser, ikke "
        "helt ud i yderstillingerne.",
        "Relieving exercises: cat-cow, knee to chest and book opener. Calm movements, not "
        "all the way to the end of the range.",
    ),
    "STR-STR": (
        "Styrkeøvelser: {names}. Lav de lindrende øvelser som opvarmning.",
        "Strengthening exercises: {names}. Use the relieving exercises as a warm-up.",
    ),
    "STR-FREQ": (
        "Styrketræn 2-3 gange om ugen med mindst {hours} timer imellem for de samme muskler. "
        "Næste gang tidligst den {date}.",
        "Do strength training 2-3 times a week with at least {hours} hours between sessions "
        "for the same muscles. Next time on {date} at the earliest.",
    ),
    "STR-VOL": (
        "Start i den lave ende med {sets} sæt pr. øvelse; efter {weeks} uger bygger du op til "
        "{full} sæt (2-4 sæt er det normale).",
        "Start at the low end with {sets} sets per exercise; after {weeks} weeks you build up "
        "to {full} sets (2-4 sets is the usual range).",
    ),
    "STR-VOL:full": (
        "Lav {sets} sæt pr. øvelse (2-4 sæt er det normale).",
        "Do {sets} sets per exercise (2-4 sets is the usual range).",
    ),
    "STR-INT": (
        "De sidste 2-3 gentagelser skal føles hårde. Kunne du let have taget 5 til, er "
        "belastningen for lav.",
        "The last 2-3 reps should feel hard. If you could easily have done 5 more, the load "
        "is too light.",
    ),
    "STR-PROG:increase": (
        "{exercise}: alle sæt blev gennemført med god teknik, så belastningen øges fra {old} "
        "til {new} kg (5-10 %).",
        "{exercise}: every set was done with good technique, so the load goes up from {old} "
        "to {new} kg (5-10 %).",
    ),
    "STR-PROG:keep": (
        "{exercise}: ikke alle sæt blev gennemført med god teknik, så belastningen bliver på "
        "{old} kg, til de gør.",
        "{exercise}: not every set was done with good technique, so the load stays at {old} "
        "kg until they are.",
    ),
    "STR-PROG:keep_no_step": (
        "{exercise}: det mindste praktiske spring ({step} kg) ville være mere end 10 % af "
        "{old} kg, så belastningen bliver; lav i stedet bevægelsen langsommere eller tag en "
        "gentagelse mere.",
        "{exercise}: the smallest practical step ({step} kg) would be more than 10 % of "
        "{old} kg, so the load stays; make the movement slower or add a rep instead.",
    ),
    "STR-PROG:keep_recent": (
        "{exercise}: belastningen blev øget for nylig, og den øges højst én gang på {days} "
        "dage. Bliv på {old} kg; næste øgning tidligst den {date}.",
        "{exercise}: the load went up recently, and it goes up at most once in {days} days. "
        "Stay at {old} kg; the next increase on {date} at the earliest.",
    ),
    "STR-PROG:band_increase": (
        "{exercise}: alle sæt blev gennemført med god teknik, så du skifter fra {old} til {new}.",
        "{exercise}: every set was done with good technique, so you move from {old} to {new}.",
    ),
    "STR-PROG:band_keep": (
        "{exercise}: ikke alle sæt blev gennemført med god teknik, så du bliver ved {old}, "
        "til de gør.",
        "{exercise}: not every set was done with good technique, so you stay with {old} until "
        "they are.",
    ),
    "STR-PROG:band_keep_recent": (
        "{exercise}: du skiftede til et stærkere elastik for nylig. Bliv ved {old}; næste "
        "skift tidligst den {date}.",
        "{exercise}: you moved to a stronger band recently. Stay with {old}; the next change "
        "on {date} at the earliest.",
    ),
    "STR-PROG:band_keep_top": (
        "{exercise}: du bruger allerede {old}. Gør øvelsen sværere ved at stå med fødderne "
        "tættere sammen eller længere fra fæstet.",
        "{exercise}: you already use {old}. Make it harder by standing with your feet closer "
        "together or further from the anchor.",
    ),
    "STR-ANY": (
        "Ingen øvelsestype har vist sig bedre end de andre. Det vigtigste er at træne styrke "
        "regelmæssigt.",
        "No type of exercise has been shown to be better than the others. What matters most "
        "is doing strength training regularly.",
    ),
    "STR-ANY:swap": (
        "En behandler har byttet {old} ud med {new} i dit program. Sæt og gentagelser følger "
        "den nye øvelse, og belastningen bygges op fra det, du selv registrerer i den.",
        "A clinician has replaced {old} with {new} in your programme. Sets and repetitions "
        "follow the new exercise, and its load builds up from what you log for it.",
    ),
    "STR-HOLD": (
        "Efter den røde tur den {date} øges ingen belastning til og med den {until}. Ryggen "
        "skal først falde til ro; derefter går styrketræningen frem igen.",
        "After the red session on {date}, no load goes up until {until} inclusive. Your "
        "back needs to settle first; after that the strength training moves on again.",
    ),
    "STR-HOLD:stall": (
        "Så længe løbet holder pause, laver du styrkeøvelserne med {sets} sæt og samme "
        "belastning. Den fulde dosis kommer igen, når løbet genoptages.",
        "While running is paused, you do the strength exercises at {sets} sets with the "
        "same loads. The full dose returns when running resumes.",
    ),
    "STR:paused": (
        "Der vises ingen øvelser, så længe et advarselstegn ikke er afklaret.",
        "No exercises are shown while a warning sign is not cleared.",
    ),
    # Form
    "FORM-CAD": (
        "Din kadence er {cadence} skridt i minuttet. Prøv {low}-{high} (5-10 % mere): kortere, "
        "hurtigere skridt kan give mindre stød op gennem ryggen.",
        "Your cadence is {cadence} steps per minute. Try {low}-{high} (5-10 % more): "
        "shorter, quicker steps may mean less jolting up through your back.",
    ),
    "FORM-CAD:watch": (
        "Dit ur har målt din kadence til {cadence} skridt i minuttet på dine seneste løbeture. "
        "Prøv {low}-{high} (5-10 % mere): kortere, hurtigere skridt kan give mindre stød op "
        "gennem ryggen.",
        "Your watch measured your cadence at {cadence} steps per minute on your latest runs. "
        "Try {low}-{high} (5-10 % more): shorter, quicker steps may mean less jolting up "
        "through your back.",
    ),
    "FORM-LEAN": (
        "Læn dig en anelse frem fra anklerne, ikke fra hoften.",
        "Lean slightly forward from the ankles, not from the hips.",
    ),
    "FORM-STRIDE": (
        "Tag kortere skridt, og land med foden tættere under kroppen.",
        "Take shorter strides and land with your foot closer under your body.",
    ),
    "FORM-NOTE": (
        "Ændringer i løbestilen lindrer symptomer, men behandler ikke årsagen. Styrketræning "
        "og gradvis belastning er stadig fundamentet.",
        "Changes to running form ease symptoms but do not treat the cause. Strength training "
        "and gradual loading remain the foundation.",
    ),
    "FORM-CAD-CAP": (
        "Din kadence er {cadence} skridt i minuttet. Det er allerede i det almindelige "
        "område, så den behøver du ikke ændre. Tipsene om løbestil nedenfor gælder stadig.",
        "Your cadence is {cadence} steps per minute. That is already in the usual range, "
        "so there is no need to change it. The running form tips below still apply.",
    ),
    "FORM-CAD-CAP:progress": (
        "Målet for din kadence blev sat ud fra {base} skridt i minuttet og flyttes ikke op. "
        "Dit ur måler nu {cadence}.",
        "Your cadence target was set from {base} steps per minute and is not moved up. "
        "Your watch now measures {cadence}.",
    ),
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

DANISH_MONTHS = (
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
)
ENGLISH_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def minutes_words(n: int | float) -> tuple[str, str]:
    """'1 minut' / '3 minutter', '1 minute' / '3 minutes'."""
    number = _fmt(float(n), "da") if isinstance(n, float) and n != int(n) else str(int(n))
    en_number = _fmt(float(n), "en") if isinstance(n, float) and n != int(n) else str(int(n))
    one = n == 1
    return (
        f"{number} {'minut' if one else 'minutter'}",
        f"{en_number} {'minute' if one else 'minutes'}",
    )


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


def _fmt(value: Any, lang: str) -> str:
    """Numbers and dates as each language writes them in a sentence: 10,5 and
    '7. januar' in Danish, 10.5 and '7 January' in English."""
    if isinstance(value, tuple):
        return str(value[0] if lang == "da" else value[1])
    if isinstance(value, date):
        if lang == "da":
            return f"{value.day}. {DANISH_MONTHS[value.month - 1]}"
        return f"{value.day} {ENGLISH_MONTHS[value.month - 1]}"
    if isinstance(value, float):
        text = f"{value:.2f}".rstrip("0").rstrip(".")
        return text.replace(".", ",") if lang == "da" else text
    return str(value)


def say(key: str, **params: Any) -> tuple[str, str]:
    """The Danish and English text for a message key, with its values filled in.

    A value may be a (Danish, English) pair for words that differ by language.
    """
    da, en = TEXTS[key]
    return (
        da.format(**{k: _fmt(v, "da") for k, v in params.items()}),
        en.format(**{k: _fmt(v, "en") for k, v in params.items()}),
    )
