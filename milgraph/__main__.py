from milgraph.cli import main

main()
