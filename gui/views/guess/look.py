"""The colours of My line, the kept guesses and the revealed answer, wherever they are drawn (the
canvas, the loss surface, the residual segments and the sum-of-squares bars): a leaf module, so
every picture imports them from here and they agree."""

#: My line: a colour no solver uses (gui/look/solver_look.py gives the solvers the palette's).
MY_LINE_COLOR = "#7B1FA2"
#: Kept guesses: the same hue, paler, so the one being dragged stands out.
KEPT_COLOR = "#B39DDB"
#: The least-squares answer once revealed.
ANSWER_COLOR = "#1B5E20"
