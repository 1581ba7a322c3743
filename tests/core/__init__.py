"""Pure tests of union_core (a package, so module names like test_tally may repeat in tests/)."""
