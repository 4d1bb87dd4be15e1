"""The comparison table: every solver's parameters, digits and errors against the reference."""
