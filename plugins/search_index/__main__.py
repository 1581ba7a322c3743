"""``python -m search_index``: build the search bundles of the pickled BundleJob sent on stdin."""

from .bundles import main

main()
