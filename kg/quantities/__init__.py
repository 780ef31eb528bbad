"""Quantities: counted facts (``直接管理13个支部231名党员``) with their measure and subject.

Numbers are Arabic or Chinese numerals with an optional 万/亿 multiplier (``1.8万``,
``9.46亿元``, ``三百多``, ``30余万``, ``近千``), converted with ``cn2an``. The unit and the
counted noun after it decide the measure through the table ``extract/quantity_measures.tsv``.
The subject is, in order: a name the count describes (``558平方米的西塔党群服务站``), the
area a scope word names (``全村`` → the village named before it), a name a clause-opening
kind word resumes (``商圈`` → ``新街口商圈``), the sentence's first organization or place
that is no preposition's object, no frame (``在X的带领下``), no verb's object and no item the
count enumerates, else the paragraph's last one, else the person a title is about, else the
document's implied actor. Percentages, rates, ages, dates, averages, year-on-year changes,
bounds (不足, 以上…的), dimensions, starting values of a change, national figures and
political formulas (``两个作用``) are not quantities. The cue words are researcher-editable
rows of ``extract/quantity_cues.tsv``.
"""

from kg.quantities.extract import extract_quantities
from kg.quantities.numbers import MeasureRule, measure_rules, to_number

__all__ = ["MeasureRule", "extract_quantities", "measure_rules", "to_number"]
