"""The engine's training reasons, in Danish and English: running (RUN-*), conditions
(COND-*), strength (STR-*) and running form (FORM-*). See texts.py."""

from __future__ import annotations

TRAINING_TEXTS: dict[str, tuple[str, str]] = {
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
}
