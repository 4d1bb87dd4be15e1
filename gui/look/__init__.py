"""How things look: fonts, palette, themes, each solver's colour, dash and marker, its legend label."""
