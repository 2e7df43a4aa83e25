from carehub.testing.matrix import Case

CASES: list[Case] = []
