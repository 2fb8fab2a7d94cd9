"""The test run's settings: production's own (DEBUG off), with a throwaway secret key.

config/settings.py refuses to start without SECRET_KEY when DEBUG is off; the tests bring one.
"""
import os

os.environ.setdefault("SECRET_KEY", "tests-only-" + os.urandom(16).hex())

from config.settings import *  # noqa: E402, F403
