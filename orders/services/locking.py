"""The write queue, kept in common/locking.py so that stock (below orders) queues on the same lock."""
from common.locking import write_transaction

__all__ = ["write_transaction"]
