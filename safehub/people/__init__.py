"""The person index: one record per person across agencies."""
