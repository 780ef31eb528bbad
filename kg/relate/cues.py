"""The relations read off cue words between two entities of one sentence."""

from __future__ import annotations

from collections.abc import Iterator

from kg.records import Mention, RecognizedDocument, Relation
from kg.relate.actor import MEETING_SAYS, _acting, _sentence_subject
from kg.relate.awards import _PRONOUN, AwardRelations
from kg.relate.common import SentenceView, sentence_views
from kg.relate.links import stated_links
from kg.relate.management import ManagementRelations
from kg.relate.organizations import OrganizationRelations
from kg.relate.programs import ProgramRelations, plan_subject


class CueMatcher(ProgramRelations, OrganizationRelations, ManagementRelations, AwardRelations):
    """Relations from cue words between two entities in one clause or sentence."""

    def __call__(
        self,
        rec: RecognizedDocument,
        actor: str | None,
        views: list[SentenceView] | None = None,
    ) -> Iterator[Relation]:
        text = rec.source.text
        honors = sorted(rec.honors, key=lambda m: m.start)
        last_person: Mention | None = None  # whom 她/他 refers to
        paragraph_actor: str | None = None
        paragraph_plan: Mention | None = None
        last_end = 0
        for view in views if views is not None else sentence_views(rec):
            s = view.sentence
            if text.find("\n", last_end, s.start) >= 0:
                paragraph_actor = paragraph_plan = None
            last_end = s.end
            ms = view.mentions
            if not ms:  # no entity: only 她被评为… may hold a relation
                if _PRONOUN.search(text, s.start, s.end):
                    yield from self._awarded(view, text, honors, last_person)
                continue
            types = {m.type for m in ms}
            if "PROGRAM" in types:
                # 会议强调，要深化X: the meeting speaks for the document's actor, not for the
                # paragraph's last subject
                speaker = actor if MEETING_SAYS.match(text, s.start) else None
                yield from self._implements(
                    rec, view, speaker or _acting(paragraph_actor, actor), paragraph_plan
                )
                yield from self._part_of(view, text, rec)
            if "ORG" in types:
                yield from self._established(rec, view, text, actor)
                yield from self._paired(view, text)
                yield from self._manages(view, text)
                yield from self._sub_organizations(rec, view, text)
                yield from stated_links(view, text)
            if "ORG" in types or "PERSON" in types or _PRONOUN.search(text, s.start, s.end):
                yield from self._awarded(view, text, honors, last_person)
            if "PERSON" in types:
                last_person = next(m for m in reversed(ms) if m.type == "PERSON")
            subject = _sentence_subject(view, text)
            paragraph_actor = subject or paragraph_actor
            # 《措施》明确，…。实施“X”…: the plan's measures go on until a body or place acts
            paragraph_plan = plan_subject(view, text) or (None if subject else paragraph_plan)
