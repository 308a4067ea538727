"""The graph model, the records written to the graph, and the two graph stores."""
