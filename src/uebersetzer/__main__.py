from uebersetzer.cli import main

main()
