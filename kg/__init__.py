"""dangjian-kg: a knowledge graph of organizations, programs and people from Chinese
texts on grassroots Party building."""

__version__ = "0.1.0"
