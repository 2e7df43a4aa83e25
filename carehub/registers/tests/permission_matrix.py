from carehub.testing.matrix import Case, expect

# Register data is public information: every member of the hub may read it.
CASES = [
    Case("registers:change-list", expect()),
    Case("registers:change-list", expect(), query="providers=yes&local_authority=E08000025"),
    Case("registers:cqc-location-list", expect()),
    Case("registers:cqc-location-list", expect(), query="q=Brindley"),
]
