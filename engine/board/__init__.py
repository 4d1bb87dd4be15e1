"""The board: what a lecturer writes for each step of a run, as plain text (no Qt).

`text` holds the `Board` (the run being explained and how to write its numbers); `direct`,
`iterative`, `update` and `more` format each solver family's steps; `failure` writes the step
on which a solver gives up; `page` picks a formatter and the steps to show; `plain` lays a page
out as lines of text (for `main.py solve --trace`). The window's HTML is in gui/views/board_html.
"""
