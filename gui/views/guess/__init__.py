"""My line (issue 15, point 2): a line, or a curve through handles, that the class drags; its sum
of squares beside it, its dot on the loss surface, kept guesses, Reveal, and Gauss-Seidel taking
over from a guess. The state is the Lab's `GuessModel` (gui/data/guess.py); this package only
draws it and writes it."""
