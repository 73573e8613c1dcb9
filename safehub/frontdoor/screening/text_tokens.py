"""A processed note as plain Python lists (texts, NORMs, sentences, character offsets).

The rules read each token many times; creating spaCy Token objects again and again costs more
than the reading, so the engine takes what it needs from the Doc once.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.attrs import IDX, LIKE_NUM, NORM, ORTH, SENT_START, SPACY
from spacy.tokens import Doc


@dataclass(frozen=True)
class Tokens:
    text: str
    texts: list[str]
    norms: list[str]
    lowers: list[str]
    nums: list[bool]
    starts: list[int]  # character offset of each token
    ends: list[int]
    sents: list[tuple[int, int]]  # token ranges
    sent_of: list[int]  # the sentence of each token

    @classmethod
    def from_doc(cls, doc: Doc) -> Tokens:
        strings = doc.vocab.strings
        # Arrays rather than Token objects: creating a Token per word (doc.text and doc.sents
        # do) costs more than the reading.
        if len(doc):
            columns = doc.to_array([NORM, LIKE_NUM, ORTH, SENT_START, SPACY, IDX]).T.tolist()
        else:
            columns = [[], [], [], [], [], []]
        norm_ids, num_flags, orth_ids, sent_flags, spaces, starts = columns
        norms = [strings[h] for h in norm_ids]
        nums = [bool(v) for v in num_flags]
        texts = [strings[h] for h in orth_ids]
        ends = [start + len(word) for start, word in zip(starts, texts, strict=True)]
        text = "".join(
            [word + " " if space else word for word, space in zip(texts, spaces, strict=True)]
        )
        starts_at = [i for i, flag in enumerate(sent_flags) if flag == 1 or i == 0]
        sents = [
            (start, starts_at[k + 1] if k + 1 < len(starts_at) else len(texts))
            for k, start in enumerate(starts_at)
        ]
        sent_of: list[int] = []
        for index, (start, end) in enumerate(sents):
            sent_of.extend([index] * (end - start))
        return cls(
            text=text,
            texts=texts,
            norms=norms,
            lowers=[w.lower() for w in texts],
            nums=nums,
            starts=starts,
            ends=ends,
            sents=sents,
            sent_of=sent_of,
        )

    def __len__(self) -> int:
        return len(self.texts)

    def sent_start(self, i: int) -> int:
        return self.sents[self.sent_of[i]][0]

    def sent_end(self, i: int) -> int:
        return self.sents[self.sent_of[i]][1]

    def is_sent_start(self, i: int) -> bool:
        return self.sent_start(i) == i

    def span_text(self, start: int, end: int) -> str:
        if start >= end:
            return ""
        return self.text[self.starts[start] : self.ends[end - 1]]

    def char_to_tokens(self, start: int, end: int) -> tuple[int, int] | None:
        """The tokens covering characters [start, end) (expanded to whole tokens)."""
        first = next((i for i, e in enumerate(self.ends) if e > start), None)
        if first is None:
            return None
        last = first
        while last + 1 < len(self.starts) and self.starts[last + 1] < end:
            last += 1
        return first, last + 1
