"""Residuals you can see on the canvas (issue 15): the segments, the squares of area r², the live
sum-of-squares bars and the points' IRLS weights, all following the Lab's ResidualOptions, the
focused solver and the player's step; with their toggles in the View menu and the canvas menu.

`install.install_residual_pictures(window)` puts them on a window; `window.residual_actions` lists the
toggles (the Distance submenu last) for the presenter layouts.
"""
