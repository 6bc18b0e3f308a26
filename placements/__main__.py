from placements.command import main

main()
