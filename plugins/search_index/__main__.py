"""``python -m search_index JOB``: build the search bundles described by a pickled BundleJob."""

import sys

from .bundles import main

main(sys.argv[1])
