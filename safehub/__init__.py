"""safehub: the shared system of a local safeguarding partnership against child sexual
exploitation."""
