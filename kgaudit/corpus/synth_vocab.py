"""Vocabulary of the synthetic corpus generator (:mod:`kgaudit.corpus.synth`).

Written for the project: names, places, topics and phrasings to draw from, and
the journal facts references are built on.  Nothing here describes a real
study; the journals and their volume numbering are real.
"""

from __future__ import annotations

from dataclasses import dataclass

# --------------------------------------------------------------------------- journals


@dataclass(frozen=True)
class JournalFacts:
    """A real journal as references print it, and how it numbers its volumes.

    Volumes of ``year`` (linear model): ``first_volume + per_year * (year - anchor_year)``
    up to ``per_year`` consecutive volumes.  ``elocator`` journals print article
    ids (BMJ: a letter for the year then a number) instead of page ranges.
    """

    name: str  # NLM abbreviation as printed in Vancouver references
    anchor_year: int
    first_volume: int
    per_year: int
    subjects: tuple[str, ...]
    max_page: int = 3000
    weekly_issue: bool = False
    elocator: bool = False

    def volumes(self, year: int) -> tuple[int, ...]:
        """The volumes the journal published in ``year``."""
        first = self.first_volume + self.per_year * (year - self.anchor_year)
        return tuple(range(first, first + self.per_year))


# Facts used (checked against each journal's published numbering; valid for 2016-2024, the
# years the generator cites): Lancet 2019 = vols 393-394 (2 a year); BMJ 2020 = 368-371 (4 a year
# since 2016, e-locators whose letter changes each year: 2016 i, 2017 j, 2018 k, 2019 l, 2020 m,
# 2021 n, 2022 o, 2023 p, 2024 q); N Engl J Med 2017 = 376-377 (2 a year); JAMA 2018 = 319-320
# (2 a year); Ann Intern Med 2020 = 172-173 (2 a year); Circulation 2020 = 141-142 (2 a year);
# Chest 2020 = 157-158 (2 a year); Neurology 2020 = 94-95 (2 a year); Pediatrics 2020 = 145-146
# (2 a year); Gastroenterology 2020 = 158-159 (2 a year); Radiology 2020 = 294-297 (4 a year);
# one volume a year: J Clin Oncol 2020 = 38, Eur Heart J 2020 = 41, Diabetes Care 2020 = 43,
# Stroke 2020 = 51, Crit Care Med 2020 = 48, Age Ageing 2020 = 49, Osteoporos Int 2020 = 31,
# J Bone Joint Surg Am 2020 = 102, Injury 2020 = 51, J Am Geriatr Soc 2020 = 68, Clin Nutr
# 2020 = 39, J Urol 2020 = 203-204 (2 a year), Eur Urol 2020 = 77-78 (2 a year); off-topic
# venues for clinical papers: Phys Rev Lett 2020 = 124-125 (2 a year), J Am Chem Soc 2020 = 142.
JOURNALS: dict[str, JournalFacts] = {j.name: j for j in (
    JournalFacts("Lancet", 2019, 393, 2, ("general",), 2800, weekly_issue=True),
    JournalFacts("BMJ", 2020, 368, 4, ("general",), elocator=True),
    JournalFacts("N Engl J Med", 2017, 376, 2, ("general",), 2600, weekly_issue=True),
    JournalFacts("JAMA", 2018, 319, 2, ("general",), 2600, weekly_issue=True),
    JournalFacts("Ann Intern Med", 2020, 172, 2, ("general",), 900),
    JournalFacts("Circulation", 2020, 141, 2, ("cardiology",), 2200),
    JournalFacts("Eur Heart J", 2020, 41, 1, ("cardiology",), 4700),
    JournalFacts("Chest", 2020, 157, 2, ("pulmonary", "critical care"), 1700),
    JournalFacts("Neurology", 2020, 94, 2, ("neurology",), 2700),
    JournalFacts("Stroke", 2020, 51, 1, ("neurology",), 3800),
    JournalFacts("Pediatrics", 2020, 145, 2, ("pediatrics",), 900),
    JournalFacts("Gastroenterology", 2020, 158, 2, ("gastroenterology",), 2400),
    JournalFacts("Radiology", 2020, 294, 4, ("radiology",), 700),
    JournalFacts("J Clin Oncol", 2020, 38, 1, ("oncology",), 4300),
    JournalFacts("Diabetes Care", 2020, 43, 1, ("endocrinology",), 3200),
    JournalFacts("Crit Care Med", 2020, 48, 1, ("critical care",), 1900),
    JournalFacts("Age Ageing", 2020, 49, 1, ("geriatrics",), 1100),
    JournalFacts("Osteoporos Int", 2020, 31, 1, ("orthopedics", "geriatrics"), 2500),
    JournalFacts("J Bone Joint Surg Am", 2020, 102, 1, ("orthopedics",), 2200),
    JournalFacts("Injury", 2020, 51, 1, ("orthopedics",), 3000),
    JournalFacts("J Am Geriatr Soc", 2020, 68, 1, ("geriatrics",), 2900),
    JournalFacts("Clin Nutr", 2020, 39, 1, ("nutrition",), 3800),
    JournalFacts("J Urol", 2020, 203, 2, ("urology",), 1200),
    JournalFacts("Eur Urol", 2020, 77, 2, ("urology", "oncology"), 800),
    JournalFacts("Phys Rev Lett", 2020, 124, 2, ("physics",), 900),
    JournalFacts("J Am Chem Soc", 2020, 142, 1, ("chemistry",), 21000),
)}
GENERAL_JOURNALS = ("Lancet", "BMJ", "N Engl J Med", "JAMA", "Ann Intern Med")
OFF_TOPIC_JOURNALS = ("Phys Rev Lett", "J Am Chem Soc")
OFF_TOPIC_TITLES: dict[str, tuple[str, ...]] = {
    "Phys Rev Lett": ("Observation of coherent phonon transport in layered van der Waals crystals",
                      "Spin-orbit coupling and topological edge states in strained graphene ribbons"),
    "J Am Chem Soc": ("Enantioselective synthesis of bicyclic lactams by cobalt-catalysed hydroacylation",
                      "Photoredox activation of aliphatic carboxylic acids for cross-coupling"),
}

# --------------------------------------------------------------------------- people and places

SURNAMES = tuple("""
Abara Abbasi Adeyemi Agarwal Ahlberg Akhtar Alvarado Amato Andersen Aoki Arslan Asante Bach Baek Bailey Banerjee
Barros Bassi Becker Bergstrom Bianchi Bjork Blanco Bodnar Bose Brennan Brandt Calder Campos Cardoso Castillo
Chandra Chen Cheng Chowdhury Chukwu Ciobanu Costa Cruz Dahl Dalton Dasgupta Delacroix Demir Desai Dimitrov Dube
Duarte Dufresne Eklund Engel Escobar Eze Fabbri Falk Farouk Fernandes Ferreira Fischer Fontaine Fujita Gallo
Garcia Gashi Gonzaga Gray Grewal Gruber Guerrero Gupta Haddad Hagen Halvorsen Hamid Hansen Haraldsen Hasegawa
Hayes Hernandez Hoang Holm Horvath Hosseini Huber Ibrahim Iqbal Ito Ivanova Jaber Jansen Jensen Jimenez Joshi
Kaur Keller Kenji Khalil Khan Kim Kovac Kowalczyk Kozlov Kruger Kumar Kuznetsov Lamberti Landry Larsen Laurent
Lee Lehmann Leone Lindqvist Liu Lombardi Lopez Lund Madsen Mahmoud Maier Malik Mancini Marsh Martins Matsumoto
Mazur Medina Mehta Mendes Meyer Mikkelsen Mishra Molina Moreau Morales Moretti Muller Murata Nagy Nair Nakamura
Navarro Ndlovu Nguyen Nielsen Nilsson Novak Nowak Nunez Obi Odhiambo Ogawa Okafor Okonkwo Oliveira Olsen Omar
Ortiz Osei Ozturk Pacheco Park Patel Pereira Petrov Pham Pillai Popescu Quinn Rahman Ramos Rao Rasmussen Reddy
Reyes Ricci Rivera Romano Rossi Ruiz Saito Salazar Santos Sato Schmidt Schultz Sen Shah Sharma Silva Singh
Sorensen Suzuki Svensson Szabo Takahashi Tanaka Tembo Thapa Tiwari Torres Tran Tsai Uddin Vargas Varga Vasquez
Verma Vidal Vogel Volkov Wagner Walsh Wang Watanabe Weber Wielgosz Wong Wu Xu Yadav Yamamoto Yilmaz Young Yusuf
Zanetti Zhang Zhao Zhou Zielinski Zimmermann Achterberg Balogun Cavalcanti Dragomir Ekwueme Fagerlund Gomulka
Hartikainen Ilunga Jablonski Kallio Lazarevic Mwangi Nyberg Oyelaran Pietrzak Quaresma Rautio Sadowski Takeda
Uchenna Valtonen Wojcik Yamada Zdravkovic Abernathy Bertolini Cassidy Dunleavy Eriksen Fairbanks Gilchrist
Hollis Ingram Jarvis Kendrick Lockwood Merriman Northcott Oakes Pemberton Radcliffe Sinclair Thornbury Underhill
Vance Whitfield Yardley Ashworth Blackwood Cartwright Drummond Ellery Fenwick Galbraith Hargreaves Iverson
""".split())

GIVEN_NAMES = tuple("""
Ingrid Tomasz Amara Rasool Khalid Mei Lucas Sofia Mateo Aisha Daniel Priya Kenji Elena Omar Fatima Jonas Chloe
Ahmed Marta Nikolai Grace Tariq Laila Pedro Hana Samuel Yara Viktor Nadia Felix Amina Hugo Leila Arjun Clara
Emeka Ines Bjorn Zainab Marco Anika Tobias Noor Rafael Sana Jakub Eva Malik Julia Kwame Rosa Stefan Mira
""".split())

CITIES = (
    ("Fjordside University Hospital", "Bergen"), ("Vistula Medical Centre", "Gdansk"),
    ("Harbourview General Hospital", "Cork"), ("Riverside Teaching Hospital", "Leeds"),
    ("Northgate University Medical Center", "Utrecht"), ("Alpine Regional Hospital", "Innsbruck"),
    ("Lakeshore Clinical Institute", "Lausanne"), ("Cedar Valley Hospital", "Ottawa"),
    ("Southern Cross Medical Centre", "Brisbane"), ("Danube University Clinic", "Budapest"),
    ("Baltic Health Campus", "Tallinn"), ("Meridian University Hospital", "Porto"),
    ("Highland Infirmary", "Inverness"), ("Kestrel Academic Medical Centre", "Aarhus"),
    ("Sunbird Referral Hospital", "Nairobi"), ("Coral Coast Hospital", "Durban"),
)

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")

# --------------------------------------------------------------------------- topics


@dataclass(frozen=True)
class Topic:
    """A clinical question papers are written about: groups, variables, venues and phrasing."""

    key: str
    field: str
    condition: str
    populations: tuple[str, ...]  # ways to name the patients in a title
    group_a: str  # the intervention group as a column label
    group_b: str  # the comparator group
    interventions: tuple[str, ...]  # names of the intervention (titles, text)
    comparator: str
    binary_outcomes: tuple[tuple[str, float], ...]  # row label, rate in the comparator group
    continuous_outcomes: tuple[tuple[str, float, float], ...]  # row label, mean, SD
    comorbidities: tuple[tuple[str, float], ...]  # baseline binary rows, prevalence
    score: tuple[str, int, int]  # an integer-valued scale: label, low, high
    exclusions: tuple[str, ...]  # never a table variable (criteria contradictions are not planted)
    journals: tuple[str, ...]  # specialty venues
    keywords: tuple[str, ...]
    subjects: tuple[str, ...]  # noun phrases reference titles are about
    age: tuple[float, float]  # mean, SD of age


TOPICS: tuple[Topic, ...] = (
    Topic("hip-fracture", "orthogeriatrics", "hip fracture",
          ("older adults with hip fracture", "patients aged 65 years or older after hip fracture surgery",
           "elderly hip fracture patients"),
          "Early mobilisation", "Delayed mobilisation",
          ("early mobilisation", "accelerated rehabilitation", "same-day weight bearing"), "delayed mobilisation",
          (("Pneumonia", 0.14), ("Pressure ulcer", 0.08), ("Urinary tract infection", 0.11), ("Delirium", 0.22)),
          (("Length of stay (days)", 10.5, 4.2), ("Time to independent walking (days)", 6.1, 2.8)),
          (("Osteoporosis", 0.45), ("Living alone", 0.41), ("Chronic kidney disease", 0.18)),
          ("Mobility score (0-10)", 0, 10), ("pathological fractures", "periprosthetic fractures"),
          ("Age Ageing", "Osteoporos Int", "J Bone Joint Surg Am", "Injury", "J Am Geriatr Soc"),
          ("hip fracture", "early mobilisation", "orthogeriatrics", "rehabilitation"),
          ("hip fracture surgery", "orthogeriatric care", "postoperative mobilisation", "falls in later life",
           "proximal femoral fracture fixation", "rehabilitation after fracture"), (81.0, 6.5)),
    Topic("atrial-fibrillation", "cardiology", "atrial fibrillation",
          ("patients with paroxysmal atrial fibrillation", "adults with symptomatic atrial fibrillation",
           "patients with persistent atrial fibrillation"),
          "Catheter ablation", "Antiarrhythmic drugs",
          ("catheter ablation", "cryoballoon ablation", "pulmonary vein isolation"), "antiarrhythmic drug therapy",
          (("Recurrent atrial arrhythmia", 0.45), ("Hospitalisation for heart failure", 0.09),
           ("Stroke or transient ischaemic attack", 0.04), ("Major bleeding", 0.05)),
          (("Time in arrhythmia (hours per week)", 12.0, 7.5), ("Left atrial diameter (mm)", 42.0, 5.5)),
          (("Hypertension", 0.55), ("Diabetes mellitus", 0.2), ("Prior stroke", 0.08)),
          ("Symptom severity score (0-12)", 0, 12), ("reversible causes of arrhythmia", "prior cardiac surgery"),
          ("Circulation", "Eur Heart J"), ("atrial fibrillation", "catheter ablation", "rhythm control"),
          ("rhythm control strategies", "atrial arrhythmia recurrence", "anticoagulation in atrial fibrillation",
           "pulmonary vein isolation", "left atrial remodelling", "arrhythmia burden monitoring"), (63.0, 10.0)),
    Topic("type-2-diabetes", "endocrinology", "type 2 diabetes",
          ("adults with type 2 diabetes", "patients with poorly controlled type 2 diabetes",
           "primary care patients with type 2 diabetes"),
          "Structured exercise", "Usual care",
          ("structured exercise training", "supervised aerobic exercise", "a lifestyle coaching programme"),
          "usual care",
          (("Hypoglycaemic episode", 0.07), ("Treatment intensification", 0.35), ("Foot ulcer", 0.04),
           ("Emergency visit", 0.12)),
          (("HbA1c at 12 months (mmol/mol)", 60.0, 12.0), ("Weight change (kg)", -1.2, 3.4)),
          (("Hypertension", 0.62), ("Dyslipidaemia", 0.58), ("Current smoking", 0.19)),
          ("Diabetes distress score (0-10)", 0, 10), ("type 1 diabetes", "current pregnancy"),
          ("Diabetes Care", "Clin Nutr"), ("type 2 diabetes", "exercise", "glycaemic control"),
          ("glycaemic control", "exercise prescription in diabetes", "insulin resistance", "diabetes self-management",
           "cardiometabolic risk", "weight management in primary care"), (58.0, 9.5)),
    Topic("sepsis", "critical care", "septic shock",
          ("adults with septic shock", "critically ill patients with sepsis", "patients admitted with septic shock"),
          "Restrictive fluids", "Liberal fluids",
          ("restrictive fluid resuscitation", "early vasopressor initiation", "conservative fluid management"),
          "liberal fluid resuscitation",
          (("90-day mortality", 0.38), ("Acute kidney injury", 0.3), ("Renal replacement therapy", 0.14),
           ("Ischaemic event", 0.07)),
          (("Ventilator-free days", 14.0, 8.5), ("ICU length of stay (days)", 9.0, 5.5)),
          (("Chronic heart failure", 0.16), ("Chronic kidney disease", 0.2), ("Immunosuppression", 0.12)),
          ("Sequential organ failure score (0-24)", 0, 24), ("burns", "do-not-resuscitate orders"),
          ("Crit Care Med", "Chest"), ("sepsis", "fluid therapy", "intensive care"),
          ("fluid resuscitation in sepsis", "vasopressor therapy", "organ dysfunction in critical illness",
           "septic shock management", "intensive care outcomes", "haemodynamic monitoring"), (64.0, 13.0)),
    Topic("stroke", "neurology", "acute ischaemic stroke",
          ("patients with acute ischaemic stroke", "adults with large-vessel occlusion stroke",
           "stroke patients presenting within six hours"),
          "Thrombectomy", "Medical therapy",
          ("endovascular thrombectomy", "direct aspiration thrombectomy", "stent-retriever thrombectomy"),
          "best medical therapy",
          (("Symptomatic intracranial haemorrhage", 0.05), ("Death at 90 days", 0.18),
           ("Recurrent stroke", 0.06), ("Pneumonia", 0.12)),
          (("Door-to-needle time (min)", 52.0, 18.0), ("NIHSS at 24 hours", 11.0, 6.0)),
          (("Hypertension", 0.66), ("Atrial fibrillation", 0.3), ("Diabetes mellitus", 0.22)),
          ("Modified Rankin score (0-6)", 0, 6), ("intracranial haemorrhage on admission", "pre-stroke dependency"),
          ("Stroke", "Neurology", "Radiology"), ("ischaemic stroke", "thrombectomy", "reperfusion"),
          ("endovascular stroke treatment", "reperfusion therapy", "collateral circulation", "stroke systems of care",
           "functional recovery after stroke", "intracranial vessel occlusion"), (70.0, 12.0)),
    Topic("pneumonia-children", "pediatrics", "community-acquired pneumonia",
          ("children with community-acquired pneumonia", "preschool children with pneumonia",
           "children treated for pneumonia in the emergency department"),
          "Short course", "Standard course",
          ("short-course amoxicillin", "five-day antibiotic therapy", "a reduced-duration antibiotic course"),
          "standard-course antibiotics",
          (("Treatment failure", 0.1), ("Hospital admission", 0.07), ("Diarrhoea", 0.15), ("Rash", 0.05)),
          (("Days to symptom resolution", 5.5, 2.1), ("Parental days off work", 2.4, 1.6)),
          (("Asthma", 0.14), ("Prior antibiotic use", 0.22), ("Daycare attendance", 0.48)),
          ("Symptom score (0-15)", 0, 15), ("chronic lung disease", "immunodeficiency"),
          ("Pediatrics",), ("pneumonia", "antibiotic duration", "children"),
          ("antibiotic stewardship in children", "childhood respiratory infection", "amoxicillin dosing",
           "paediatric emergency care", "antimicrobial resistance in the community", "pneumonia diagnosis"),
          (4.2, 2.1)),
    Topic("colorectal-cancer", "oncology", "colorectal cancer",
          ("patients with colorectal cancer", "adults undergoing colorectal cancer resection",
           "patients with stage II-III colon cancer"),
          "Laparoscopic resection", "Open resection",
          ("laparoscopic resection", "robotic colectomy", "minimally invasive colectomy"), "open resection",
          (("Anastomotic leak", 0.07), ("Surgical site infection", 0.13), ("Ileus", 0.16), ("Readmission", 0.11)),
          (("Operative time (min)", 185.0, 45.0), ("Length of stay (days)", 7.8, 3.2)),
          (("Hypertension", 0.44), ("Diabetes mellitus", 0.18), ("Prior abdominal surgery", 0.25)),
          ("Recovery score (0-10)", 0, 10), ("emergency presentations", "metastatic disease at diagnosis"),
          ("J Clin Oncol", "Gastroenterology"), ("colorectal cancer", "laparoscopy", "surgical outcomes"),
          ("colorectal cancer surgery", "enhanced recovery after surgery", "oncological resection margins",
           "postoperative complications in colectomy", "adjuvant chemotherapy", "colon cancer survival"),
          (67.0, 11.0)),
    Topic("heart-failure", "cardiology", "heart failure",
          ("patients with heart failure with reduced ejection fraction", "adults discharged after heart failure",
           "older patients with chronic heart failure"),
          "Telemonitoring", "Usual care",
          ("nurse-led telemonitoring", "remote monitoring", "structured telephone support"), "usual care",
          (("Heart failure readmission", 0.28), ("All-cause death", 0.12), ("Emergency visit", 0.3),
           ("Worsening renal function", 0.1)),
          (("Days alive out of hospital", 310.0, 40.0), ("NT-proBNP change (pg/mL)", -420.0, 610.0)),
          (("Hypertension", 0.6), ("Atrial fibrillation", 0.35), ("Diabetes mellitus", 0.32)),
          ("Quality of life score (0-20)", 0, 20), ("planned cardiac surgery", "life expectancy below one year"),
          ("Circulation", "Eur Heart J"), ("heart failure", "telemonitoring", "readmission"),
          ("heart failure readmissions", "remote patient monitoring", "guideline-directed medical therapy",
           "ventricular dysfunction", "transitional care", "natriuretic peptides"), (72.0, 10.0)),
    Topic("copd", "respiratory medicine", "chronic obstructive pulmonary disease",
          ("patients with COPD", "adults recovering from a COPD exacerbation", "patients with moderate to severe COPD"),
          "Pulmonary rehabilitation", "Usual care",
          ("pulmonary rehabilitation", "home-based rehabilitation", "inspiratory muscle training"), "usual care",
          (("Exacerbation requiring admission", 0.3), ("Death", 0.08), ("Oral corticosteroid course", 0.42),
           ("Emergency visit", 0.25)),
          (("Six-minute walk distance (m)", 320.0, 85.0), ("FEV1 (L)", 1.4, 0.5)),
          (("Current smoking", 0.32), ("Hypertension", 0.46), ("Home oxygen", 0.15)),
          ("Dyspnoea score (0-10)", 0, 10), ("asthma as the main diagnosis", "lung cancer under treatment"),
          ("Chest",), ("COPD", "pulmonary rehabilitation", "exercise capacity"),
          ("exercise capacity in COPD", "pulmonary rehabilitation uptake", "COPD exacerbations",
           "breathlessness management", "inhaled therapy", "physical activity in chronic lung disease"),
          (68.0, 8.5)),
    Topic("renal-masses", "urology", "small renal masses",
          ("patients with small renal masses", "adults with T1a renal tumours", "patients with localised kidney tumours"),
          "Cryoablation", "Partial nephrectomy",
          ("percutaneous cryoablation", "image-guided cryoablation", "radiofrequency ablation"), "partial nephrectomy",
          (("Local recurrence", 0.06), ("Major complication", 0.08), ("Transfusion", 0.05), ("Urine leak", 0.04)),
          (("Estimated blood loss (mL)", 180.0, 90.0), ("eGFR change (mL/min)", -6.5, 5.0)),
          (("Hypertension", 0.52), ("Diabetes mellitus", 0.21), ("Solitary kidney", 0.07)),
          ("Pain score (0-10)", 0, 10), ("metastatic disease", "hereditary kidney cancer syndromes"),
          ("J Urol", "Eur Urol", "Radiology"), ("renal mass", "cryoablation", "nephron-sparing surgery"),
          ("nephron-sparing surgery", "thermal ablation of kidney tumours", "renal function after surgery",
           "renal cell carcinoma surveillance", "percutaneous tumour ablation", "small renal mass biopsy"),
          (66.0, 10.0)),
)

# --------------------------------------------------------------------------- phrasing

ARTICLE_TYPES = ("Original Article", "Research Article", "Original Research", "Clinical Research")
DESIGNS = (
    "a retrospective cohort study", "a prospective cohort study", "a single-centre observational study",
    "a registry-based cohort study", "a pragmatic comparative study", "a two-centre cohort analysis",
)
SENSITIVITY = ("sensitivity analyses gave similar estimates", "results were robust to the choice of model",
               "excluding patients with missing data did not change the conclusions")

# Title patterns of clean papers: {x} intervention, {c} comparator, {p} population, {o} outcome, {d} design.
TITLE_PATTERNS = (
    "{X} versus {c} in {p}: {d}",
    "{O} after {x} compared with {c} in {p}",
    "Does {x} reduce {o} in {p}? {D}",
    "{X} and {o} among {p}",
    "Comparing {x} with {c} for {cond}: {d}",
    "{O} in {p} treated with {x} or {c}",
    "Association of {x} with {o} in {p}",
    "{X} for {cond}: {o} in routine practice",
    "{O} and {o2} following {x} in {p}",
    "Real-world {o} with {x} versus {c}",
    "Is {x} safe in {p}? {D}",
    "{X} in {p}: effects on {o} and {o2}",
    "{O} with {x}: {d} of {p}",
    "Outcomes of {x} for {cond} at two centres",
    "Who benefits from {x}? {O} in {p}",
    "{X} or {c}? A comparison in {p}",
    "Short-term {o} after {x} for {cond}",
    "{O}, {o2} and {x} in {p}",
    "Clinical results of {x} in {cond}",
    "Early experience with {x} for {cond}",
    "{O} in {p}: is {x} the better option?",
    "Changes in {o} when {x} replaced {c}",
    "Is {x} better than {c} for {cond}?",
    "{O} among {p} receiving {x}",
)

MILL_TITLE_FRAMES = (
    "Integration of {X} into Contemporary {Field} Practice: Measurable Improvements in Precision, Safety "
    "and Workflow Efficiency",
    "Transformative Role of {X} in the Management of {Cond}: Evidence from a High-Volume Tertiary Referral "
    "Centre with Comprehensive Multimodal Follow-up",
    "{X} for {Cond}: A Comprehensive Evaluation of Procedural Accuracy, Complication Profiles and Resource "
    "Utilisation in Modern Tertiary Care",
)

# Reference title patterns: {s} subject phrase, {s2} a second one, {q} a qualifier.
REFERENCE_TITLE_PATTERNS = (
    "{S}: a systematic review and meta-analysis",
    "Trends in {s} between {y1} and {y2}",
    "Risk factors for poor outcomes in {s}",
    "{S} in routine practice: a national registry study",
    "Cost-effectiveness of {s}",
    "Long-term follow-up of {s}: a population-based cohort",
    "Sex differences in {s}",
    "{S} and {s2}: results of a multicentre trial",
    "Predictors of recovery in {s}",
    "Regional variation in {s} across {q} hospitals",
    "A randomised comparison of two approaches to {s}",
    "Guideline adherence in {s}",
    "Patient-reported experience of {s}",
    "Frailty and {s}: a prospective study",
    "Machine learning prediction of complications in {s}",
    "Quality indicators for {s}",
    "Socioeconomic deprivation and {s}",
    "The learning curve of {s}",
    "Time-to-treatment in {s} and mortality",
    "Effect of a quality improvement programme on {s}",
    "Adverse events in {s}: a case series of {n} patients",
    "Consensus recommendations on {s}",
)
QUALIFIERS = ("European", "teaching", "rural", "urban", "university", "district", "Nordic", "private")

# Sentences of the introduction: {c} marks a citation of new references.
INTRO_SENTENCES = (
    "{Cond} is a leading cause of morbidity and health-care use worldwide{c}.",
    "Its incidence has risen steadily as populations age{c}.",
    "Outcomes vary widely between hospitals and between countries{c}.",
    "{X} has been proposed to improve recovery, but the evidence remains mixed{c}.",
    "Earlier reports were small and drawn from selected centres{c}.",
    "Observational studies suggest benefits on {o}{c}.",
    "Randomised evidence is scarce and often underpowered{c}.",
    "Guidelines differ in how strongly they recommend {x}{c}.",
    "Little is known about the effect of {x} on {o2} in unselected patients{c}.",
    "Variation in practice persists despite national audits{c}.",
)
DISCUSSION_OPENERS = (
    "Our findings are consistent with earlier reports.",
    "These results add to a growing body of evidence.",
    "The direction of the effects agrees with previous work.",
    "Several studies have examined similar questions.",
)
MENTION_VERBS = ("reported", "found", "observed", "described", "showed")
LIMITATIONS = (
    "This study has limitations: it was observational and residual confounding cannot be excluded.",
    "Our data come from routine records, and some outcomes may have been missed.",
    "The sample size limited the power to detect small differences in rare complications.",
    "Patients were not randomised, and the groups may differ in ways we could not measure.",
)
