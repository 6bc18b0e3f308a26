from placements.cli import main

main()
