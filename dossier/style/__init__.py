"""Style: the theme, the words and the letters, shared by both outputs."""
