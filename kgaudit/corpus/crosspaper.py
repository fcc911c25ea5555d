"""Cross-paper checks: paper-mill fingerprints that no single-paper audit can see.

They run at the end of a batch over the compact facts of every paper
(:mod:`kgaudit.corpus.facts`, stored by :mod:`kgaudit.corpus.factstore`), never
over graphs.  Check ids (the ``corpus.`` family):

``corpus.shared_reference_string`` (info)
    Reference strings, normalised for whitespace, case, accents and
    punctuation, printed verbatim in the same 3 or more papers by at least two
    author teams (papers with disjoint author lists), at least 2 strings per
    set of papers.  Independent authors format the same work differently
    (abbreviations, author truncation, issue numbers, DOIs); verbatim strings
    are copied.  One string in common is what three papers citing the same
    methods paper in the same style look like, so a set of papers must share
    two.  Strings shorter than 40 normalised characters are too generic to
    count, and "classics" — strings found in more than max(10, 5 % of the
    papers) — are what a field cites, not a fingerprint.  One finding per set
    of papers sharing strings.
``corpus.reference_overlap`` (warning)
    Pairs of papers by different authors whose reference lists overlap far
    beyond chance.  For a pair with ``a`` and ``b`` distinct strings sharing
    ``k``, out of ``M`` distinct strings in the corpus, the chance of ``k`` or
    more shared strings when each list is drawn at random is the hypergeometric
    tail ``P(X ≥ k)``, ``X ~ Hypergeom(M, a, b)``.  A pair is linked when that
    tail is below ``0.001`` after Bonferroni correction over all
    ``N(N-1)/2`` pairs, *and* the lists share at least 4 strings *and* their
    Jaccard index is at least 0.2 (random draws ignore that a field's papers
    cite the same key works, so the test alone would link every pair of papers
    on one narrow topic).  Classics are left out of ``a``, ``b``, ``k`` and ``M``,
    and so is any string in more than 500 papers (counting its pairs would
    cost more than the string can tell).  Linked papers form a networkx graph;
    its Louvain communities (seed 0, weighted by Jaccard) are the clusters, one
    finding each.
``corpus.templated_titles`` (info)
    Titles built on one template: 3 or more papers by at least two author
    teams whose titles share a word sequence (their longest common
    subsequence of words) covering at least 75 % of the longer title and
    holding at least 6 *template words*: words that are not stop words, not
    study-design vocabulary ("randomised", "cohort", "outcomes"...), which any
    two titles of one design share, and not topic words — words of the
    papers' keywords (plurals ignored), which any two papers on one question
    share.  Legitimate titles share a design and a topic; mill templates share
    wording that is neither.  Pairs are linked first; a connected group is
    kept when the frame *all* its titles share passes the same test (links
    chain: A like B, B like C, A unlike C), else its Louvain communities are
    tested one by one.  Only titles with 6 template words of their own are
    compared, and only pairs sharing two bigrams of them (a bigram in more
    than 2000 titles is too common to propose pairs).
``corpus.identical_table_numbers`` (warning)
    Two or more table rows whose numbers, as printed and in order, recur in
    the same papers by different authors.  A row counts only when it holds at
    least 5 numbers, 4 of them distinct, and 12 significant digits in all:
    short rows recur by chance (``0 (0%) | 0 (0%)``; an odds ratio with its CI
    and p is two free numbers, and 2-decimal ORs collide within a few hundred
    tables).  Even a long row recurs by chance in a large corpus when its
    numbers are typical (a BMI of 26.6 ± 4.5 in both groups, p = 1.00: in the
    10,000-paper synthetic corpus such rows met by chance); two rows shared by
    the same papers do not.  One finding per set of papers.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import networkx as nx
from rapidfuzz.distance import LCSseq
from scipy.stats import hypergeom

from kgaudit.corpus.facts import normalise_text
from kgaudit.corpus.factstore import FactStore

CORPUS_CHECKS: dict[str, str] = {
    "corpus.shared_reference_string": "info",
    "corpus.reference_overlap": "warning",
    "corpus.templated_titles": "info",
    "corpus.identical_table_numbers": "warning",
}

# Words any title may share with another without sharing a template: function words and the
# vocabulary of study designs and generic outcomes.
STOP_WORDS = frozenset(
    "a an the of in on for and or with without to from by at as vs versus after before during among between "
    "into its their is are be than using via under over within whether does do can one two three four five "
    "six seven eight nine ten".split()
)
DESIGN_WORDS = frozenset(
    "study studies trial trials randomised randomized controlled control cohort cohorts retrospective "
    "prospective observational cross sectional case series report reports review systematic meta analysis "
    "analyses multicenter multicentre single centre center outcome outcomes results effect effects efficacy "
    "safety evaluation assessment comparison comparative association associated role impact clinical "
    "patients patient adults children year years follow up long term short term experience national "
    "population based registry matched propensity score phase pilot feasibility".split()
)


@dataclass(frozen=True)
class CrossPaperSettings:
    """The thresholds of the cross-paper checks (the module docstring says why each one)."""

    min_reference_length: int = 40
    shared_string_min_papers: int = 3
    shared_string_min_strings: int = 2
    classic_fraction: float = 0.05
    classic_min_papers: int = 10
    overlap_alpha: float = 0.001
    overlap_min_shared: int = 4
    overlap_min_jaccard: float = 0.2
    overlap_max_papers: int = 500
    title_min_coverage: float = 0.75
    title_min_frame_words: int = 6
    title_min_papers: int = 3
    title_max_bucket: int = 2000
    title_min_shared_bigrams: int = 2
    table_min_numbers: int = 5
    table_min_distinct: int = 4
    table_min_digits: int = 12
    table_min_papers: int = 2
    table_min_rows: int = 2


@dataclass(frozen=True)
class CorpusFinding:
    """A finding about several papers; ``locations`` says where in each paper (JSON-report location keys)."""

    check: str
    severity: str
    message: str
    papers: tuple[str, ...]
    locations: dict[str, dict[str, Any]] = field(default_factory=dict)
    evidence: dict[str, Any] = field(default_factory=dict)


# --------------------------------------------------------------------------- helpers


def author_teams(papers: Sequence[str], authors: dict[str, tuple[str, ...]]) -> int:
    """How many of ``papers`` have pairwise disjoint author lists (taken greedily, in the order given).

    Two or more means the papers are "by different authors".  A paper whose authors are unknown
    cannot be shown to share them and counts as a team of its own.  (Joining papers that share a
    surname transitively would not do: in a large set, common surnames chain unrelated teams together.)
    """
    taken: set[str] = set()
    teams = 0
    for paper in papers:
        names = set(authors.get(paper, ()))
        if not names & taken:
            teams += 1
            taken |= names
    return teams


def _disjoint_authors(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    return not (set(a) & set(b))


def _classic_limit(n_papers: int, settings: CrossPaperSettings) -> int:
    return max(settings.classic_min_papers, math.ceil(settings.classic_fraction * n_papers))


def _short(paper_ids: Sequence[str], limit: int = 6) -> str:
    shown = ", ".join(paper_ids[:limit])
    return shown + (f" and {len(paper_ids) - limit} more" if len(paper_ids) > limit else "")


# --------------------------------------------------------------------------- corpus.shared_reference_string


def shared_reference_strings(
    store: FactStore, settings: CrossPaperSettings, n_papers: int
) -> tuple[list[CorpusFinding], set[str]]:
    """Findings of ``corpus.shared_reference_string``, and the classic strings left out of every test."""
    limit = _classic_limit(n_papers, settings)
    classics: set[str] = set()
    by_paper_set: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for norm, papers in store.shared_references(settings.shared_string_min_papers, settings.min_reference_length):
        if len(papers) > limit:
            classics.add(norm)
            continue
        by_paper_set[tuple(papers)].append(norm)
    findings = []
    for papers, strings in sorted(by_paper_set.items()):
        if len(strings) < settings.shared_string_min_strings:
            continue
        authors = store.authors(papers)
        groups = author_teams(papers, authors)
        if groups < 2:
            continue
        locations = {p: {"references": store.reference_numbers(p, strings)} for p in papers}
        findings.append(CorpusFinding(
            check="corpus.shared_reference_string",
            severity=CORPUS_CHECKS["corpus.shared_reference_string"],
            message=(f"{len(strings)} reference string(s) recur verbatim in {len(papers)} papers from "
                     f"{groups} independent author teams: {_short(papers)}"),
            papers=papers,
            locations=locations,
            evidence={"strings": sorted(strings), "author_teams": groups},
        ))
    return findings, classics


# --------------------------------------------------------------------------- corpus.reference_overlap


@dataclass(frozen=True)
class OverlapEdge:
    """Two papers whose reference lists overlap beyond chance."""

    a: str
    b: str
    shared: int
    size_a: int
    size_b: int
    jaccard: float
    log10_p: float  # log10 of the hypergeometric tail, before correction


def overlap_edges(store: FactStore, settings: CrossPaperSettings, classics: set[str]) -> list[OverlapEdge]:
    """Pairs of papers by different authors whose lists share far more strings than chance allows."""
    cap = min(_classic_limit(store.paper_count(), settings), settings.overlap_max_papers)
    pairs = list(store.pair_overlaps(settings.overlap_min_shared, settings.min_reference_length, cap))
    if not pairs:
        return []
    sizes = _list_sizes(store, settings, classics)
    universe = max(store.distinct_reference_count(settings.min_reference_length) - len(classics), 1)
    n_lists = len(sizes)
    n_pairs = max(n_lists * (n_lists - 1) // 2, 1)
    log10_threshold = math.log10(settings.overlap_alpha / n_pairs)
    authors = store.authors(sorted({p for a, b, _ in pairs for p in (a, b)}))
    edges = []
    for a, b, shared in pairs:
        size_a, size_b = sizes.get(a, shared), sizes.get(b, shared)
        jaccard = shared / (size_a + size_b - shared)
        if jaccard < settings.overlap_min_jaccard:
            continue
        if not _disjoint_authors(authors.get(a, ()), authors.get(b, ())):
            continue
        log10_p = float(hypergeom.logsf(shared - 1, max(universe, size_a, size_b), size_a, size_b)) / math.log(10)
        if log10_p < log10_threshold:
            edges.append(OverlapEdge(a, b, shared, size_a, size_b, round(jaccard, 4), round(log10_p, 2)))
    return edges


def _list_sizes(store: FactStore, settings: CrossPaperSettings, classics: set[str]) -> dict[str, int]:
    """Distinct non-classic strings per paper (classics and too-short strings left out)."""
    sizes: dict[str, int] = {}
    rows = store.connection.execute(
        "SELECT paper_id, norm FROM (SELECT DISTINCT paper_id, norm FROM refs JOIN run_papers USING (paper_id) "
        "WHERE length(norm) >= ?)", (settings.min_reference_length,)
    )
    for paper, norm in rows:
        if norm not in classics:
            sizes[paper] = sizes.get(paper, 0) + 1
    return sizes


def reference_overlap_clusters(edges: Sequence[OverlapEdge]) -> list[list[str]]:
    """Louvain communities (seed 0, Jaccard weights) of the graph of linked papers, largest first."""
    graph = nx.Graph()
    for edge in sorted(edges, key=lambda e: (e.a, e.b)):
        graph.add_edge(edge.a, edge.b, weight=edge.jaccard)
    communities = nx.community.louvain_communities(graph, weight="weight", seed=0) if graph.number_of_edges() else []
    clusters = [sorted(c) for c in communities if len(c) >= 2]
    return sorted(clusters, key=lambda c: (-len(c), c))


def reference_overlap(store: FactStore, settings: CrossPaperSettings, classics: set[str]) -> list[CorpusFinding]:
    """Findings of ``corpus.reference_overlap``: one per cluster of papers linked by shared references."""
    edges = overlap_edges(store, settings, classics)
    findings = []
    for number, cluster in enumerate(reference_overlap_clusters(edges), start=1):
        members = set(cluster)
        inside = [e for e in edges if e.a in members and e.b in members]
        if not inside:
            continue
        jaccards = [e.jaccard for e in inside]
        strongest = min(e.log10_p for e in inside)
        findings.append(CorpusFinding(
            check="corpus.reference_overlap",
            severity=CORPUS_CHECKS["corpus.reference_overlap"],
            message=(f"Cluster {number}: {len(cluster)} papers by different authors share reference lists far "
                     f"beyond chance ({len(inside)} linked pair(s), Jaccard {min(jaccards):.2f}–{max(jaccards):.2f}, "
                     f"hypergeometric p down to 1e{strongest:.0f}): {_short(cluster)}"),
            papers=tuple(cluster),
            evidence={"cluster": number, "pairs": [asdict(e) for e in inside]},
        ))
    return findings


# --------------------------------------------------------------------------- corpus.templated_titles


def title_words(title: str) -> list[str]:
    """A title as normalised words."""
    return normalise_text(title).split()


def _content(words: Iterable[str]) -> list[str]:
    return [w for w in words if w not in STOP_WORDS and w not in DESIGN_WORDS and not w.isdigit()]


def _stem(word: str) -> str:
    """A crude plural stem: "masses" → "mass", "outcomes" → "outcome", "fractures" → "fracture"."""
    if len(word) > 4 and word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def template_words(frame: Iterable[str], topic_words: set[str]) -> list[str]:
    """Words of a shared frame that are neither function, design nor topic words (stems compared)."""
    return [w for w in _content(frame) if _stem(w) not in topic_words]


def topic_words(keywords: Iterable[str]) -> set[str]:
    """Stems of the words of a paper's keywords."""
    return {_stem(w) for k in keywords for w in normalise_text(k).split()}


def title_frame(a: Sequence[str], b: Sequence[str]) -> list[str]:
    """The longest common subsequence of two word lists (the template they share)."""
    frame: list[str] = []
    for op in LCSseq.opcodes(list(a), list(b)):
        if op.tag == "equal":
            frame.extend(a[op.src_start:op.src_end])
    return frame


def templated_pair(a: Sequence[str], b: Sequence[str], settings: CrossPaperSettings,
                   topic: set[str] | None = None) -> list[str] | None:
    """The shared frame when two titles follow one template, else None; ``topic`` holds the papers' topic stems."""
    if not a or not b:
        return None
    frame = title_frame(a, b)
    if len(frame) / max(len(a), len(b)) < settings.title_min_coverage:
        return None
    if len(template_words(frame, topic or set())) < settings.title_min_frame_words:
        return None
    return frame


def templated_titles(store: FactStore, settings: CrossPaperSettings) -> list[CorpusFinding]:
    """Findings of ``corpus.templated_titles``: one per group of papers whose titles share a template."""
    titles: dict[str, list[str]] = {}
    authors: dict[str, tuple[str, ...]] = {}
    topics: dict[str, set[str]] = {}
    raw: dict[str, str] = {}
    own_words: dict[str, list[str]] = {}
    buckets: dict[tuple[str, str], list[str]] = defaultdict(list)
    for paper, _source, title, paper_authors, keywords in store.papers():
        words = title_words(title)
        topic = topic_words(keywords)
        own = template_words(words, topic)
        # A pair's frame holds no more template words than either title: most titles cannot qualify,
        # and only those that can are kept and compared.
        if len(own) < settings.title_min_frame_words:
            continue
        titles[paper], authors[paper], raw[paper], topics[paper] = words, paper_authors, title, topic
        own_words[paper] = own
        for bigram in set(zip(own, own[1:], strict=False)):
            buckets[bigram].append(paper)
    graph = nx.Graph()
    for paper in sorted(titles):
        # Candidates share two or more bigrams of template words with this paper (a frame of six
        # template words keeps several of its bigrams whole in both titles); counted one paper at a
        # time, so no set of all candidate pairs is ever held.
        shared: Counter[str] = Counter()
        for bigram in set(zip(own_words[paper], own_words[paper][1:], strict=False)):
            members = buckets[bigram]
            if len(members) <= settings.title_max_bucket:
                shared.update(other for other in members if other > paper)
        for other, count in sorted(shared.items()):
            if count >= settings.title_min_shared_bigrams and templated_pair(
                    titles[paper], titles[other], settings, topics[paper] | topics[other]) is not None:
                graph.add_edge(paper, other)
    findings = []
    for group, frame in template_groups(graph, titles, topics, settings):
        if author_teams(group, authors) < 2:
            continue
        stem = " ".join(frame)
        findings.append(CorpusFinding(
            check="corpus.templated_titles",
            severity=CORPUS_CHECKS["corpus.templated_titles"],
            message=(f"{len(group)} papers by different authors have titles built on one template "
                     f"(shared words: “{stem}”): {_short(group)}"),
            papers=tuple(group),
            evidence={"template_words": frame, "titles": {p: raw[p] for p in group}},
        ))
    return findings


def template_groups(graph: nx.Graph, titles: dict[str, list[str]], topics: dict[str, set[str]],
                    settings: CrossPaperSettings) -> list[tuple[list[str], list[str]]]:
    """Groups of linked titles that all share one frame: ``(papers, frame)``, largest first.

    Pairwise links chain: A is like B, B like C, yet A and C share little.  A connected group
    whose common frame (the subsequence all its titles share) still holds the template words is
    kept whole; otherwise it is split into its Louvain communities (seed 0) and each is held to
    the same test.
    """
    out = []
    for component in sorted((sorted(c) for c in nx.connected_components(graph)), key=lambda c: (-len(c), c)):
        if len(component) < settings.title_min_papers:
            continue
        frame = _common_frame(component, titles)
        if _frame_qualifies(frame, component, topics, settings):
            out.append((component, frame))
            continue
        for community in nx.community.louvain_communities(graph.subgraph(component), seed=0):
            members = sorted(community)
            frame = _common_frame(members, titles)
            if len(members) >= settings.title_min_papers and _frame_qualifies(frame, members, topics, settings):
                out.append((members, frame))
    return sorted(out, key=lambda item: (-len(item[0]), item[0]))


def _common_frame(papers: Sequence[str], titles: dict[str, list[str]]) -> list[str]:
    frame = titles[papers[0]]
    for paper in papers[1:]:
        frame = title_frame(frame, titles[paper])
    return frame


def _frame_qualifies(frame: Sequence[str], papers: Sequence[str], topics: dict[str, set[str]],
                     settings: CrossPaperSettings) -> bool:
    topic = set().union(*(topics[p] for p in papers))
    return len(template_words(frame, topic)) >= settings.title_min_frame_words


# --------------------------------------------------------------------------- corpus.identical_table_numbers


def distinctive_numbers(numbers: Sequence[str], settings: CrossPaperSettings) -> bool:
    """Whether a row's numbers are specific enough that their recurrence is not chance."""
    if len(numbers) < settings.table_min_numbers or len(set(numbers)) < settings.table_min_distinct:
        return False
    digits = sum(len(n.lstrip("<>=≤≥-−").replace(".", "").lstrip("0")) for n in numbers)
    return digits >= settings.table_min_digits


def identical_table_numbers(store: FactStore, settings: CrossPaperSettings) -> list[CorpusFinding]:
    """Findings of ``corpus.identical_table_numbers``: one per set of papers printing the same rows."""
    by_paper_set: dict[tuple[str, ...], list[tuple[tuple[str, ...], list[tuple[str, str, str]]]]] = defaultdict(list)
    for numbers, places in store.shared_table_rows(settings.table_min_papers):
        if not distinctive_numbers(numbers, settings):
            continue
        papers = tuple(sorted({p[0] for p in places}))
        by_paper_set[papers].append((numbers, places))
    findings = []
    for papers, rows in sorted(by_paper_set.items()):
        if len(rows) < settings.table_min_rows:
            continue
        authors = store.authors(papers)
        groups = author_teams(papers, authors)
        if groups < 2:
            continue
        locations: dict[str, dict[str, Any]] = {}
        for paper in papers:
            mine = [(table, row) for _numbers, places in rows for (p, table, row) in places if p == paper]
            locations[paper] = {
                "table": "; ".join(dict.fromkeys(t for t, _ in mine)),
                "row": "; ".join(dict.fromkeys(r for _, r in mine)),
            }
        findings.append(CorpusFinding(
            check="corpus.identical_table_numbers",
            severity=CORPUS_CHECKS["corpus.identical_table_numbers"],
            message=(f"{len(rows)} table rows print identical numbers in {len(papers)} papers by {groups} "
                     f"independent author teams: {_short(papers)} (e.g. {' | '.join(rows[0][0])})"),
            papers=papers,
            locations=locations,
            evidence={"rows": [{"numbers": list(n), "where": [list(p) for p in places]} for n, places in rows]},
        ))
    return findings


# --------------------------------------------------------------------------- all of them


def run_crosspaper(
    store: FactStore, selection: Iterable[str] | None = None, settings: CrossPaperSettings | None = None
) -> list[CorpusFinding]:
    """Run the selected cross-paper checks (all when ``selection`` is None) over the run's papers."""
    settings = settings or CrossPaperSettings()
    chosen = set(CORPUS_CHECKS) if selection is None else set(selection)
    n_papers = store.paper_count()
    findings: list[CorpusFinding] = []
    shared, classics = shared_reference_strings(store, settings, n_papers)
    if "corpus.shared_reference_string" in chosen:
        findings.extend(shared)
    if "corpus.reference_overlap" in chosen:
        findings.extend(reference_overlap(store, settings, classics))
    if "corpus.templated_titles" in chosen:
        findings.extend(templated_titles(store, settings))
    if "corpus.identical_table_numbers" in chosen:
        findings.extend(identical_table_numbers(store, settings))
    return findings


def select_corpus_checks(selection: Sequence[str] | None) -> tuple[list[str] | None, list[str]]:
    """Split a ``--checks`` selection into per-paper selectors and the corpus check ids it names.

    None selects every per-paper and every corpus check.
    """
    if not selection:
        return None, sorted(CORPUS_CHECKS)
    paper = [s for s in selection if not (s == "corpus" or s.startswith("corpus."))]
    corpus: list[str] = []
    for s in selection:
        if s == "corpus" or s.startswith("corpus."):
            matched = [c for c in CORPUS_CHECKS if c == s or c.startswith(s.rstrip(".") + ".")]
            if not matched:
                from kgaudit.errors import UsageError

                raise UsageError(f"unknown check(s): {s} (corpus checks: {', '.join(sorted(CORPUS_CHECKS))})")
            corpus.extend(matched)
    return paper, sorted(set(corpus))
