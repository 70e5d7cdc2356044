"""The training phrases a reason quotes, with where each comes from (a seed article's section).

A reason names the article by its title and the section as a reader can look it up
(:attr:`SourcePhrase.short_provenance`), not by the file name the phrase was drawn from.
"""

from __future__ import annotations

from dataclasses import dataclass

#: The seed articles the phrases paraphrase, by the number their file names start with: a reason
#: names the article, not "000 § 1.1".
SEED_TITLES = {
    "000": "How to Differentiate Between Product Managers and Product Owners",
    "001": "Understanding the differences: Product Manager vs. Product Owner",
    "002": "Product Manager vs Product Owner: Understanding the Difference",
    "003": "Product Owner Vs Product Manager: What's The Difference?",
    "004": "PM vs PO (newsletter)",
}
#: ... and a section a reader cannot look for as it is named (session 18: the newsletter has no
#: headings; its sections were named "body (PO paragraph)").
SEED_SECTIONS = {
    "body (PM paragraph)": "its paragraph on the product manager",
    "body (PO paragraph)": "its paragraph on the product owner",
}


@dataclass(frozen=True, slots=True)
class SourcePhrase:
    """A training phrase with its provenance (seed file and section it paraphrases)."""

    text: str
    label: str
    id: str = ""
    source: str = ""
    section: str = ""

    @property
    def provenance(self) -> str:
        if self.source and self.section:
            return f"{self.source} § {self.section}"
        return self.source or self.section

    @property
    def short_provenance(self) -> str:
        """What a reason names: the seed article's title and the section
        (``"Understanding the differences: …", § Product Owner (PO)`` for
        ``001_accbcba4e02e0b3c.txt § Product Owner (PO)``); other sources as they are."""
        number = self.source[:3] if self.source[:3].isdigit() else ""
        title = SEED_TITLES.get(number)
        source = f"“{title}”" if title else self.source
        if source and self.section:
            if not title:
                return f"{source} § {self.section}"
            named = SEED_SECTIONS.get(self.section)
            return f"{source}, {named}" if named else f"{source}, § {self.section}"
        return source or self.section
