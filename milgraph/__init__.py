"""milgraph: reports about military logistics -> a knowledge graph you can query and see."""

__version__ = "0.1.0"
