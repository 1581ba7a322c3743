"""Running builds and checks for people and machines (used by tasks.py; not a Pelican plugin)."""
