"""Test support shared by every app: the demo world, the cast of users, and the
permission-matrix harness. Imported only by tests."""
