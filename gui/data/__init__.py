"""What the window fits: the points on the canvas, a table's columns, and where they came from."""
