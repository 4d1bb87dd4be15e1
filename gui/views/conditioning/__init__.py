"""Digits against κ: a sweep over problems whose κ(A) grows, one dot per method per problem per
precision, measured live in a worker, beside the lines of slope 1 and 2 and each precision's 1/u wall."""
