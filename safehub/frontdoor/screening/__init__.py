"""CSE screening: versioned instruments (scoring) and reading of free text (proposals)."""
