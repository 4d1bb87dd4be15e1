"""What goes to and comes from files: sessions, autosave, the lecture, exports and the saved layout."""
